import re

import numpy as np
import pytest

import tinytf as tf
from tests.optest import Bad, Case, check_bad, check_case, params

rng = np.random.default_rng(1)
A = rng.standard_normal((2, 3)).astype(np.float32)
T3 = rng.standard_normal((2, 3, 4)).astype(np.float32)
IDX = np.array([2, 0, 1, 2], np.int32)

CASES = [
    Case("reshape", lambda x: tf.reshape(x, [3, 2]), [A], lambda x: x.reshape(3, 2)),
    Case("reshape_infers_minus_one", lambda x: tf.reshape(x, [-1]), [T3], lambda x: x.ravel()),
    Case(
        "reshape_minus_one_middle",
        lambda x: tf.reshape(x, [2, -1, 2]),
        [T3],
        lambda x: x.reshape(2, -1, 2),
    ),
    Case("transpose_default_reverses", tf.transpose, [T3], lambda x: x.transpose()),
    Case(
        "transpose_perm", lambda x: tf.transpose(x, [1, 0, 2]), [T3], lambda x: x.transpose(1, 0, 2)
    ),
    Case(
        "concat_axis0",
        lambda x: tf.concat([x, x * 2], 0),
        [A],
        lambda x: np.concatenate([x, x * 2], 0),
    ),
    Case(
        "concat_negative_axis",
        lambda x: tf.concat([x, x], -1),
        [A],
        lambda x: np.concatenate([x, x], -1),
    ),
    Case("stack", lambda x: tf.stack([x, x + 1], 1), [A], lambda x: np.stack([x, x + 1], 1)),
    Case("unstack", lambda x: tf.unstack(x, axis=1), [A], lambda x: list(x.T), dynamic=False),
    Case("split_equal", lambda x: tf.split(x, 3, axis=1), [A], lambda x: np.split(x, 3, 1)),
    Case("split_sizes", lambda x: tf.split(x, [1, 3], axis=2), [T3], lambda x: np.split(x, [1], 2)),
    Case(
        "split_sizes_minus_one",
        lambda x: tf.split(x, [1, -1], axis=2),
        [T3],
        lambda x: np.split(x, [1], 2),
    ),
    Case("squeeze_all", tf.squeeze, [A.reshape(1, 2, 1, 3)], np.squeeze, dynamic=False),
    Case(
        "squeeze_axis",
        lambda x: tf.squeeze(x, [0]),
        [A.reshape(1, 2, 1, 3)],
        lambda x: x.squeeze(0),
    ),
    Case("expand_dims", lambda x: tf.expand_dims(x, 1), [A], lambda x: x[:, None]),
    Case("expand_dims_negative", lambda x: tf.expand_dims(x, -1), [A], lambda x: x[..., None]),
    Case("tile", lambda x: tf.tile(x, [2, 3]), [A], lambda x: np.tile(x, (2, 3))),
    Case(
        "pad_constant",
        lambda x: tf.pad(x, [[1, 0], [2, 1]]),
        [A],
        lambda x: np.pad(x, [[1, 0], [2, 1]]),
    ),
    Case(
        "pad_constant_values",
        lambda x: tf.pad(x, [[1, 1], [0, 0]], constant_values=7),
        [A],
        lambda x: np.pad(x, [[1, 1], [0, 0]], constant_values=7),
    ),
    Case(
        "pad_reflect",
        lambda x: tf.pad(x, [[1, 1], [2, 2]], "REFLECT"),
        [A],
        lambda x: np.pad(x, [[1, 1], [2, 2]], mode="reflect"),
    ),
    Case(
        "pad_symmetric",
        lambda x: tf.pad(x, [[1, 1], [2, 2]], "SYMMETRIC"),
        [A],
        lambda x: np.pad(x, [[1, 1], [2, 2]], mode="symmetric"),
    ),
    Case("gather", lambda x: tf.gather(x, IDX, axis=1), [A], lambda x: x[:, IDX]),
    Case(
        "gather_axis0",
        lambda x, i: tf.gather(x, i),
        [T3, np.array([[1, 0]], np.int32)],
        lambda x, i: x[i],
    ),
    Case("slice", lambda x: tf.slice(x, [0, 1], [2, 2]), [A], lambda x: x[0:2, 1:3]),
    Case(
        "slice_minus_one_size",
        lambda x: tf.slice(x, [1, 1, 0], [-1, 1, -1]),
        [T3],
        lambda x: x[1:, 1:2, :],
    ),
    Case("index_int", lambda x: x[1], [A], lambda x: x[1]),
    Case("index_negative", lambda x: x[-1, -2], [A], lambda x: x[-1, -2]),
    Case("index_slices", lambda x: x[:, 1:], [A], lambda x: x[:, 1:]),
    Case("index_step_reverse", lambda x: x[::-1, ::2], [T3], lambda x: x[::-1, ::2]),
    Case("index_ellipsis", lambda x: x[..., 1], [T3], lambda x: x[..., 1]),
    Case("index_newaxis", lambda x: x[:, tf.newaxis, 1:3], [A], lambda x: x[:, None, 1:3]),
    Case("index_ellipsis_newaxis", lambda x: x[..., None], [T3], lambda x: x[..., None]),
    Case("index_out_of_range_slice_clamps", lambda x: x[1:10], [A], lambda x: x[1:10]),
    Case("shape", tf.shape, [T3], lambda x: np.array(x.shape, np.int32)),
    Case("size", tf.size, [T3], lambda x: np.int32(x.size)),
    Case("rank", tf.rank, [T3], lambda x: np.int32(x.ndim)),
    Case("zeros_like", tf.zeros_like, [A], np.zeros_like),
    Case("ones_like_int", tf.ones_like, [IDX], np.ones_like),
    Case(
        "zeros_like_dtype",
        lambda x: tf.zeros_like(x, dtype=tf.int32),
        [A],
        lambda x: np.zeros(x.shape, np.int32),
    ),
    Case("identity", tf.identity, [A], lambda x: x),
    Case("stop_gradient", tf.stop_gradient, [A], lambda x: x, grad=False),  # see below
    Case("one_hot", lambda i: tf.one_hot(i, 3), [IDX], lambda i: np.eye(3, dtype=np.float32)[i]),
    Case(
        "one_hot_out_of_range_is_off",
        lambda i: tf.one_hot(i, 2, on_value=5, off_value=-1),
        [IDX],
        lambda i: np.where(
            np.eye(2, dtype=bool)[np.minimum(i, 1)] & (i < 2)[:, None], 5, -1
        ).astype(np.int32),
    ),
    Case(
        "one_hot_axis0",
        lambda i: tf.one_hot(i, 3, axis=0),
        [IDX],
        lambda i: np.eye(3, dtype=np.float32)[i].T,
    ),
    Case(
        "boolean_mask",
        lambda x, m: tf.boolean_mask(x, m),
        [A, np.array([[True, False, True], [False, True, True]])],
        lambda x, m: x[m],
        static=[None],
        dynamic=False,
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_array_op(case):
    check_case(case)


def test_fill_zeros_ones():
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(tf.fill([2, 3], 9)), np.full((2, 3), 9))
        assert tf.fill([2, 3], 9.0).shape.as_list() == [2, 3]
        np.testing.assert_array_equal(sess.run(tf.zeros([2, 2], tf.int64)), np.zeros((2, 2)))
        assert tf.zeros([2], tf.int64).dtype == tf.int64
        np.testing.assert_array_equal(sess.run(tf.ones([3])), np.ones(3, np.float32))
        big = tf.zeros([784, 10])  # large: a Fill op, as TF 1.x, not a 7840-element constant
        assert big.op.type == "Fill" and big.op.name == "zeros_2"
        assert sess.run(big).shape == (784, 10)
        assert tf.zeros([3]).op.type == "Const"


def test_fill_with_dynamic_shape():
    x = tf.placeholder(tf.float32, [None, 3])
    filled = tf.fill(tf.shape(x), 2.0)
    assert filled.shape.as_list() == [None, 3]
    with tf.Session() as sess:
        assert sess.run(filled, {x: np.zeros((4, 3))}).shape == (4, 3)


def test_reshape_static_shape_from_partial_shape_tensor():
    x = tf.placeholder(tf.float32, [None, 784])
    img = tf.reshape(x, [-1, 28, 28, 1])
    assert img.shape.as_list() == [None, 28, 28, 1]
    dyn = tf.reshape(x, tf.stack([tf.shape(x)[0], 28, 28]))
    assert dyn.shape.as_list() == [None, 28, 28]


def test_placeholder_with_default():
    x = tf.placeholder_with_default([1.0, 2.0], shape=[None])
    assert x.shape.as_list() == [None]
    with tf.Session() as sess:
        assert sess.run(x).tolist() == [1.0, 2.0]
        assert sess.run(x, {x: [5.0]}).tolist() == [5.0]


def test_autopacking_lists_of_tensors():
    a = tf.constant(1.0)
    packed = tf.convert_to_tensor([a, 2.0, [3.0, 4.0][0]])
    assert packed.op.type == "Pack" and packed.shape.as_list() == [3]
    with tf.Session() as sess:
        assert sess.run(packed).tolist() == [1.0, 2.0, 3.0]


BAD = [
    Bad(
        "reshape_size",
        lambda: tf.reshape(tf.zeros([2, 3]), [4]),
        ValueError,
        re.escape(
            "Cannot reshape a tensor with 6 elements to shape [4] (4 elements) for "
            "'Reshape' (op: 'Reshape')"
        ),
    ),
    Bad(
        "reshape_runtime_size",
        lambda: tf.reshape(tf.placeholder(tf.float32), [4]),
        tf.errors.InvalidArgumentError,
        "Input to reshape is a tensor with 6 values",
        run=True,
        feed=lambda out: {out.op.inputs[0]: np.zeros((2, 3))},
    ),
    Bad(
        "concat_dims",
        lambda: tf.concat([tf.zeros([1, 2]), tf.zeros([1, 3])], 0),
        ValueError,
        re.escape(
            "Dimension 0 in both shapes must be equal, but are 2 and 3. Shapes are [2] and "
            "[3]. for 'concat' (op: 'ConcatV2')"
        ),
    ),
    Bad(
        "stack_shapes",
        lambda: tf.stack([tf.zeros([2]), tf.zeros([3])]),
        ValueError,
        "Dimension 0 in both shapes must be equal, but are 2 and 3",
    ),
    Bad(
        "split_uneven",
        lambda: tf.split(tf.zeros([10]), 3),
        ValueError,
        "Dimension size must be evenly divisible by 3 but is 10",
    ),
    Bad(
        "squeeze_not_one",
        lambda: tf.squeeze(tf.zeros([2, 3]), [1]),
        ValueError,
        re.escape("Can not squeeze dim[1], expected a dimension of 1, got 3"),
    ),
    Bad(
        "index_out_of_range",
        lambda: tf.constant([1, 2, 3])[5],
        ValueError,
        "slice index 5 of dimension 0 out of bounds",
    ),
    Bad(
        "index_out_of_range_runtime",
        lambda: tf.placeholder(tf.int32, [None])[5],
        tf.errors.InvalidArgumentError,
        "out of bounds",
        run=True,
        feed=lambda out: {out.op.inputs[0]: [1, 2, 3]},
    ),
    Bad("index_float", lambda: tf.constant([1, 2])[1.0], TypeError, "valid indices"),
    Bad(
        "gather_out_of_range",
        lambda: tf.gather(tf.zeros([3]), [0, 5]),
        tf.errors.InvalidArgumentError,
        re.escape("indices[1] = 5 is not in [0, 3)"),
        run=True,
    ),
    Bad(
        "transpose_perm",
        lambda: tf.transpose(tf.zeros([2, 3]), [0, 1, 2]),
        ValueError,
        "Dimension must be 2 but is 3",
    ),
    Bad(
        "fill_value_not_scalar",
        lambda: tf.fill([2], [1, 2]),
        ValueError,
        "Shape must be rank 0 but is rank 1",
    ),
]


@pytest.mark.parametrize("bad", params(BAD))
def test_array_op_bad_input(bad):
    check_bad(bad)


def test_stop_gradient_blocks_gradients():
    x = tf.constant([1.0, 2.0])
    y = tf.reduce_sum(tf.stop_gradient(x * 2) * x)
    (g,) = tf.gradients(y, [x])
    with tf.Session() as sess:
        assert sess.run(g).tolist() == [2.0, 4.0]  # only the direct path: d(c * x)/dx = c
    assert tf.gradients(tf.stop_gradient(x), [x]) == [None]

"""tf.sparse's arithmetic (sparse_math_ops: add, reduce_*, softmax, maximum/minimum, the
element-wise ops) against real TF 1.15 (tests/ops/sparse_debugging_golden.py), and the
gradients of the sparse ops against central differences."""

import numpy as np
import pytest

import tinytf as tf
from tests.ops import sparse_debugging_cases as cases
from tests.ops.sparse_debugging_golden import GOLDEN, check_golden_case, check_golden_error
from tests.optest import check_gradients


@pytest.mark.parametrize("key", sorted(set(cases.SPARSE) - cases.ARRAY_KEYS))
def test_sparse_op_matches_tf(key):
    check_golden_case(cases.SPARSE[key], GOLDEN["sparse"][key])


@pytest.mark.parametrize("key", sorted(set(cases.SPARSE_BAD) - cases.ARRAY_KEYS))
def test_sparse_op_fails_as_tf(key):
    check_golden_error(cases.SPARSE_BAD[key], GOLDEN["sparse_bad"][key])


# -- gradients -----------------------------------------------------------------------------------
A = np.array([1.0, -2.0, 3.0])
B = np.array([4.0, 5.0, -3.0])


def _st(values, indices=cases.IDX, shape=(3, 4)):
    return tf.SparseTensor(indices, values, list(shape))


GRADS = {
    "add": (lambda a, b: tf.sparse.add(_st(a), _st(b, cases.IDX_B)).values, [A, B]),
    "add_dense": (lambda a, d: tf.sparse.add(_st(a), d), [A, np.ones((3, 4))]),
    "reorder": (lambda a: tf.sparse.reorder(_st(a, [[2, 3], [0, 1], [1, 0]])).values, [A]),
    "slice": (lambda a: tf.sparse.slice(_st(a), [1, 0], [2, 4]).values, [A]),
    "fill_empty_rows": (
        lambda a, d: tf.sparse.fill_empty_rows(_st(a, shape=(5, 4)), d)[0].values,
        [A, np.array(0.5)],
    ),
    "reduce_sum": (lambda a: tf.sparse.reduce_sum(_st(a), 1), [A]),
    "reduce_sum_keep": (lambda a: tf.sparse.reduce_sum(_st(a), [0], keepdims=True), [A]),
    "reduce_sum_all": (lambda a: tf.sparse.reduce_sum(_st(a)), [A]),
    "softmax": (
        lambda a: tf.sparse.softmax(_st(a, [[0, 1], [0, 3], [2, 0]])).values,
        [A],
    ),
    "matmul": (
        lambda a, b: tf.sparse.matmul(_st(a), b),
        [A, np.arange(8.0).reshape(4, 2)],
    ),
    "matmul_adjoint_a": (
        lambda a, b: tf.sparse_tensor_dense_matmul(_st(a), b, adjoint_a=True),
        [A, np.arange(6.0).reshape(3, 2)],
    ),
    "matmul_adjoint_b": (
        lambda a, b: tf.sparse_tensor_dense_matmul(_st(a), b, adjoint_b=True),
        [A, np.arange(8.0).reshape(2, 4)],
    ),
    "matmul_adjoint_both": (
        lambda a, b: tf.sparse_tensor_dense_matmul(_st(a), b, adjoint_a=True, adjoint_b=True),
        [A, np.arange(6.0).reshape(2, 3)],
    ),
    "mul_dense": (lambda a, d: (_st(a) * d).values, [A, np.array([1.0, 2.0, 3.0, 4.0])]),
    "div_dense": (lambda a, d: (_st(a) / d).values, [A, np.array([[2.0], [4.0], [-3.0]])]),
    "to_dense": (lambda a: tf.sparse.to_dense(_st(a)), [A]),
    "sparse_to_dense_default": (
        lambda a, d: tf.sparse_to_dense(cases.IDX, [3, 4], a, d),
        [A, np.array(2.0)],
    ),
}


@pytest.mark.parametrize("key", sorted(GRADS))
def test_sparse_gradient_matches_central_differences(key):
    fn, arrays = GRADS[key]
    check_gradients(fn, [np.asarray(a) for a in arrays])


def test_sparse_dense_matmul_gradient_is_registered():
    """The wrong answer of issue 10: tf.gradients through sparse_tensor_dense_matmul."""
    values = tf.constant([1.0, 2.0, 3.0])
    b = tf.constant(np.ones((4, 2), np.float32))
    out = tf.sparse_tensor_dense_matmul(_st(values), b)
    g_values, g_b = tf.gradients(tf.reduce_sum(out), [values, b])
    with tf.Session() as sess:
        assert sess.run(g_values).tolist() == [2.0, 2.0, 2.0]
        assert sess.run(g_b).tolist() == [[2, 2], [1, 1], [0, 0], [3, 3]]


def test_sparse_matmul_gradient_is_matmul_gradient():
    a = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
    b = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3) - 5)
    w = tf.constant(np.arange(8, dtype=np.float32).reshape(2, 4))
    hinted = tf.sparse_matmul(a, b, transpose_b=True, a_is_sparse=True)
    plain = tf.matmul(a, b, transpose_b=True)
    grads = tf.gradients(tf.reduce_sum(hinted * w), [a, b])
    wants = tf.gradients(tf.reduce_sum(plain * w), [a, b])
    with tf.Session() as sess:
        for got, want in zip(sess.run(grads), sess.run(wants), strict=True):
            np.testing.assert_allclose(got, want)


def test_ops_without_tf_gradient_have_none_for_indices():
    values = tf.constant([1.0, 2.0, 3.0])
    reshaped = tf.sparse.reshape(_st(values), [6, 2])
    (g,) = tf.gradients(tf.reduce_sum(reshaped.values), [values])
    with tf.Session() as sess:
        assert sess.run(g).tolist() == [1.0, 1.0, 1.0]


def test_sparse_ops_take_unknown_shapes():
    indices = tf.placeholder(tf.int64, [None, 2])
    values = tf.placeholder(tf.float32, [None])
    shape = tf.placeholder(tf.int64, [2])
    sp = tf.SparseTensor(indices, values, shape)
    total = tf.sparse.reduce_sum(sp, 1)
    added = tf.sparse.add(sp, sp)
    assert total.shape.ndims is None and added.indices.shape.as_list() == [None, 2]
    feed = {indices: cases.IDX, values: cases.VAL, shape: [3, 4]}
    with tf.Session() as sess:
        assert sess.run(total, feed).tolist() == [1.0, -2.0, 3.0]
        assert sess.run(added.values, feed).tolist() == [2.0, -4.0, 6.0]


def test_tf_graph_def_of_sparse_ops_imports_and_runs():
    import base64

    from tests.ops.sparse_debugging_golden import assert_packed

    fixture = GOLDEN["graph"]
    graph_def = tf.GraphDef.FromString(base64.b64decode(fixture["graph_def"]))
    with tf.Graph().as_default(), tf.Session() as sess:
        fetches = tf.import_graph_def(graph_def, return_elements=fixture["fetches"], name="")
        for got, want in zip(sess.run(fetches), fixture["values"], strict=True):
            assert_packed(got, want)

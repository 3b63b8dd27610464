"""Space/batch/depth moves, image patches, roll, tensor diagonals, shape checks and list
identities: values against NumPy math (TF 1.15's own values are in test_arrays_golden.py),
static shapes with unknown dimensions, numeric gradients, bad inputs."""

import numpy as np
import pytest

import tinytf as tf
from tests.optest import Bad, Case, check_bad, check_case, params

rng = np.random.default_rng(3)
IMG = rng.standard_normal((2, 4, 6, 3))


def _np_space_to_depth(x, b):
    n, h, w, c = x.shape
    y = x.reshape(n, h // b, b, w // b, b, c).transpose(0, 1, 3, 2, 4, 5)
    return y.reshape(n, h // b, w // b, b * b * c)


def _np_patches_valid(x, kh, kw):
    n, h, w, c = x.shape
    out = [
        [x[:, i : i + kh, j : j + kw, :].reshape(n, -1) for j in range(w - kw + 1)]
        for i in range(h - kh + 1)
    ]
    return np.stack([np.stack(row, 1) for row in out], 1)


def _np_space_to_batch(x, block, pads):
    y = np.pad(x, [(0, 0), *pads, (0, 0)])
    n, h, w, c = y.shape
    b0, b1 = block
    y = y.reshape(n, h // b0, b0, w // b1, b1, c).transpose(2, 4, 0, 1, 3, 5)
    return y.reshape(n * b0 * b1, h // b0, w // b1, c)


def _np_volume_same(x):
    # Out sizes 2, 3, 2; total padding 1, 1, 0 (all after: before = total // 2 = 0).
    y = np.pad(x, [(0, 0), (0, 1), (0, 1), (0, 0), (0, 0)])
    return np.stack(
        [
            np.stack(
                [
                    np.stack(
                        [
                            y[:, 2 * p : 2 * p + 2, r : r + 2, 2 * q : 2 * q + 2, 0].reshape(2, -1)
                            for q in range(2)
                        ],
                        1,
                    )
                    for r in range(3)
                ],
                1,
            )
            for p in range(2)
        ],
        1,
    )


CASES = [
    Case(
        "space_to_depth",
        lambda x: tf.space_to_depth(x, 2),
        [IMG],
        lambda x: _np_space_to_depth(x, 2),
    ),
    Case(
        "depth_to_space_inverts",
        lambda x: tf.depth_to_space(tf.space_to_depth(x, 2), 2),
        [IMG],
        lambda x: x,
    ),
    Case(
        "space_to_batch_nd",
        lambda x: tf.space_to_batch_nd(x, [2, 2], [[1, 1], [0, 2]]),
        [IMG],
        lambda x: _np_space_to_batch(x, (2, 2), [(1, 1), (0, 2)]),
    ),
    Case(
        "batch_to_space_nd_inverts",
        lambda x: tf.batch_to_space_nd(
            tf.space_to_batch_nd(x, [2, 3], [[0, 0], [0, 0]]), [2, 3], [[0, 0], [0, 0]]
        ),
        [IMG],
        lambda x: x,
    ),
    Case(
        "space_to_batch",
        lambda x: tf.space_to_batch(x, [[1, 1], [0, 2]], 2),
        [IMG],
        lambda x: _np_space_to_batch(x, (2, 2), [(1, 1), (0, 2)]),
    ),
    Case(
        "batch_to_space_crops",
        lambda x: tf.batch_to_space(tf.space_to_batch(x, [[1, 1], [0, 2]], 2), [[1, 1], [0, 2]], 2),
        [IMG],
        lambda x: x,
    ),
    Case(
        "patches_valid",
        lambda x: tf.extract_image_patches(x, [1, 2, 3, 1], [1, 1, 1, 1], [1, 1, 1, 1], "VALID"),
        [IMG],
        lambda x: _np_patches_valid(x, 2, 3),
    ),
    Case(
        "patches_same_strided_dilated",
        lambda x: tf.extract_image_patches(x, [1, 2, 2, 1], [1, 2, 3, 1], [1, 2, 1, 1], "SAME"),
        [IMG[:, :, :, :1]],
        lambda x: np.stack(
            [
                np.stack(
                    [
                        np.pad(x, [(0, 0), (0, 1), (0, 0), (0, 0)])[
                            :, i * 2 : i * 2 + 3 : 2, j * 3 : j * 3 + 2, 0
                        ].reshape(2, -1)
                        for j in range(2)
                    ],
                    1,
                )
                for i in range(2)
            ],
            1,
        ),
    ),
    Case(
        "volume_patches_valid",
        lambda x: tf.extract_volume_patches(x, [1, 2, 1, 2, 1], [1, 1, 1, 1, 1], "VALID"),
        [rng.standard_normal((1, 3, 2, 3, 2))],
        lambda x: np.stack(
            [
                np.stack(
                    [
                        np.stack(
                            [x[:, p : p + 2, r, q : q + 2, :].reshape(1, -1) for q in range(2)],
                            1,
                        )
                        for r in range(2)
                    ],
                    1,
                )
                for p in range(2)
            ],
            1,
        ),
    ),
    Case(
        "volume_patches_same_strided",
        lambda x: tf.extract_volume_patches(x, [1, 2, 2, 2, 1], [1, 2, 1, 2, 1], "SAME") * 1.0,
        [rng.standard_normal((2, 3, 3, 4, 1))],
        lambda x: _np_volume_same(x),
        dynamic=False,
    ),
    Case(
        "roll", lambda x: tf.roll(x, [1, -2], [0, 2]), [IMG], lambda x: np.roll(x, (1, -2), (0, 2))
    ),
    Case(
        "diag",
        tf.diag,
        [rng.standard_normal((2, 3))],
        lambda d: np.diag(d.reshape(-1)).reshape(2, 3, 2, 3),
    ),
    Case(
        "diag_part",
        tf.diag_part,
        [rng.standard_normal((2, 3, 2, 3))],
        lambda x: np.diag(x.reshape(6, 6)).reshape(2, 3),
    ),
    Case(
        "repeat_scalar",
        lambda x: tf.repeat(x, 2, axis=1),
        [IMG[0, 0]],
        lambda x: np.repeat(x, 2, axis=1),
    ),
    Case(
        "repeat_vector",
        lambda x: tf.repeat(x, [2, 0, 1, 1, 3, 1], axis=0),
        [IMG[0, 0]],
        lambda x: np.repeat(x, [2, 0, 1, 1, 3, 1], axis=0),
        static=[None, 3],
    ),
    Case(
        "repeat_inner_axis",
        lambda x: tf.repeat(x, [1, 2, 0], axis=2),
        [IMG[0, :2]],
        lambda x: np.repeat(x, [1, 2, 0], axis=2),
        static=[2, 6, None],
    ),
    Case("repeat_flat", lambda x: tf.repeat(x, 3), [IMG[0, 0]], lambda x: np.repeat(x, 3)),
    Case("identity_n", lambda x, y: tf.identity_n([x, y]), [IMG, np.int32(3)], lambda x, y: [x, y]),
    Case("ensure_shape", lambda x: tf.ensure_shape(x, [None, 4, 6, 3]), [IMG], lambda x: x),
    Case(
        "broadcast_to",
        lambda x: tf.broadcast_to(x, [2, 3, 4]),
        [rng.standard_normal((3, 1))],
        lambda x: np.broadcast_to(x, (2, 3, 4)),
        dynamic=False,
    ),
    Case(
        "parallel_stack",
        lambda x, y: tf.parallel_stack([x, y]),
        [IMG[0], IMG[1]],
        lambda x, y: np.stack([x, y]),
        dynamic=False,
        grad=False,
    ),
    Case("manip_roll", lambda x: tf.manip.roll(x, 1, 0), [IMG[0, 0]], lambda x: np.roll(x, 1, 0)),
]


@pytest.mark.parametrize("case", params(CASES))
def test_layout_op(case):
    check_case(case)


def test_shape_helpers():
    a, b = tf.placeholder(tf.float32, [None, 3]), tf.zeros([2, 1, 3])
    sa, sb = tf.shape_n([a, b], out_type=tf.int64)
    assert sa.shape.as_list() == [2] and sb.dtype == tf.int64
    assert tf.broadcast_static_shape(a.shape, b.shape).as_list() == [2, None, 3]
    dyn = tf.broadcast_dynamic_shape(tf.shape(a), tf.shape(b))
    with tf.Session() as sess:
        got = sess.run([sa, sb, dyn], {a: np.zeros((5, 3))})
    assert [g.tolist() for g in got] == [[5, 3], [2, 1, 3], [2, 5, 3]]


def test_required_space_to_batch_paddings():
    paddings, crops = tf.required_space_to_batch_paddings([5, 4], [2, 3], [[1, 0], [0, 1]])
    with tf.Session() as sess:
        p, c = sess.run([paddings, crops])
    assert p.tolist() == [[1, 0], [0, 2]] and c.tolist() == [[0, 0], [0, 1]]


def test_static_shapes_with_unknown_dims():
    x = tf.placeholder(tf.float32, [None, 4, None, 8])
    assert tf.space_to_depth(x, 2).shape.as_list() == [None, 2, None, 32]
    assert tf.depth_to_space(x, 2).shape.as_list() == [None, 8, None, 2]
    assert tf.space_to_batch_nd(x, [2, 1], [[0, 0], [0, 0]]).shape.as_list() == [None, 2, None, 8]
    assert tf.extract_image_patches(
        x, [1, 3, 3, 1], [1, 1, 1, 1], [1, 1, 1, 1], "VALID"
    ).shape.as_list() == [None, None, None, 72]  # TF 1.15: both or neither
    v = tf.placeholder(tf.float32, [2, None, 4, 5, 3])
    patches = tf.extract_volume_patches(v, [1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID")
    assert patches.shape.as_list() == [2, None, None, None, 24]  # TF 1.15 says rank 4 here
    assert tf.ensure_shape(x, [3, None, 5, 8]).shape.as_list() == [3, 4, 5, 8]


def _feed_bad_ensure(out):
    return {out.op.inputs[0]: np.zeros((2, 3), np.float32)}


BAD = [
    Bad(
        "space_to_depth_indivisible",
        lambda: tf.space_to_depth(tf.zeros([1, 3, 4, 1]), 2),
        ValueError,
        "evenly divisible by 2 but is 3",
    ),
    Bad(
        "space_to_depth_block_1",
        lambda: tf.space_to_depth(tf.zeros([1, 2, 2, 1]), 1),
        ValueError,
        "must be at least 2",
    ),
    Bad(
        "patches_batch_stride",
        lambda: tf.extract_image_patches(
            tf.zeros([1, 3, 3, 1]), [1, 2, 2, 1], [2, 1, 1, 1], [1, 1, 1, 1], "VALID"
        ),
        ValueError,
        "strides across space",
    ),
    Bad("diag_part_mismatch", lambda: tf.diag_part(tf.zeros([2, 3])), ValueError, "must be equal"),
    Bad("ensure_shape_rank", lambda: tf.ensure_shape(tf.zeros([2]), [2, 1]), ValueError, "rank"),
    Bad(
        "ensure_shape_run",
        lambda: tf.ensure_shape(tf.placeholder(tf.float32), [1, 3]),
        tf.errors.InvalidArgumentError,
        r"Shape of tensor Placeholder:0 \[2,3\] is not compatible with expected shape "
        r"\[1,3\]",
        run=True,
        feed=_feed_bad_ensure,
    ),
    Bad(
        "roll_shift_axis_sizes",
        lambda: tf.roll([1, 2], [1, 1], [0]),
        tf.errors.InvalidArgumentError,
        "same size",
        run=True,
    ),
    Bad(
        "broadcast_dynamic_incompatible",
        lambda: tf.broadcast_dynamic_shape(tf.placeholder_with_default([2], [None]), [3]),
        tf.errors.InvalidArgumentError,
        r"Incompatible shapes: \[2\] vs. \[3\]",
        run=True,
    ),
    Bad(
        "batch_to_space_bad_batch",
        lambda: tf.batch_to_space_nd(
            tf.placeholder_with_default(np.zeros((3, 2, 2, 1), np.float32), [None] * 4),
            [2, 2],
            [[0, 0], [0, 0]],
        ),
        tf.errors.InvalidArgumentError,
        "not divisible",
        run=True,
    ),
    Bad(
        "parallel_stack_unknown",
        lambda: tf.parallel_stack([tf.placeholder(tf.float32)]),
        ValueError,
        "Cannot infer",
    ),
]


@pytest.mark.parametrize("bad", params(BAD))
def test_layout_op_bad_input(bad):
    check_bad(bad)

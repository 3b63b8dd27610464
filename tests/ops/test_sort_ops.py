"""sort/argsort, unique, setdiff1d, searchsorted, unravel_index, invert_permutation and
where_v2: values against NumPy math (TF 1.15's own values are in test_arrays_golden.py),
static shapes with unknown dimensions, numeric gradients, bad inputs."""

import numpy as np
import pytest

import tinytf as tf
from tests.optest import Bad, Case, check_bad, check_case, params

rng = np.random.default_rng(4)
X = rng.standard_normal((3, 5))
TIES = np.array([[2, 1, 2, 1, 0], [5, 5, 5, 1, 1]], np.int32)


def _np_unique(x):
    _, first = np.unique(x, return_index=True)
    y = x[np.sort(first)]
    idx = np.array([list(y).index(v) for v in x], np.int32)
    counts = np.array([np.sum(x == v) for v in y], np.int32)
    return y, idx, counts


CASES = [
    Case("sort", tf.sort, [X], lambda x: np.sort(x, -1)),
    Case(
        "sort_descending_axis0",
        lambda x: tf.sort(x, 0, "DESCENDING"),
        [X],
        lambda x: -np.sort(-x, 0),
    ),
    Case(
        "argsort_stable_ties",
        tf.argsort,
        [TIES],
        lambda x: np.argsort(x, -1, kind="stable").astype(np.int32),
    ),
    Case(
        "argsort_descending_ties",
        lambda x: tf.argsort(x, direction="DESCENDING"),
        [TIES],
        lambda x: np.argsort(-x, -1, kind="stable").astype(np.int32),
    ),
    Case(
        "unique_values",
        lambda x: tf.unique(x)[0],
        [np.array([4, 1, 4, 2, 1, 4])],
        lambda x: _np_unique(x)[0],
        static=[None],
    ),
    Case(
        "unique_indices",
        lambda x: tf.unique(x)[1],
        [np.array([4, 1, 4, 2, 1, 4])],
        lambda x: _np_unique(x)[1],
    ),
    Case(
        "unique_with_counts",
        lambda x: [tf.unique_with_counts(x, out_idx=tf.int64)[i] for i in (0, 2)],
        [np.array([4.0, 1.0, 4.0])],
        lambda x: [_np_unique(x)[0], _np_unique(x)[2].astype(np.int64)],
        static=[None],
        grad=False,
    ),
    Case(
        "setdiff1d",
        lambda x, y: list(tf.setdiff1d(x, y)),
        [np.array([5, 1, 7, 1, 3]), np.array([1, 3])],
        lambda x, y: [x[~np.isin(x, y)], np.nonzero(~np.isin(x, y))[0].astype(np.int32)],
        static=[None],
    ),
    Case(
        "searchsorted",
        lambda s, v: tf.searchsorted(s, v, side="right"),
        [np.sort(X, -1), X[:, :2] + 0.1],
        lambda s, v: np.stack([np.searchsorted(a, b, "right") for a, b in zip(s, v)]).astype(
            np.int32
        ),
    ),
    Case(
        "searchsorted_int64",
        lambda s, v: tf.searchsorted(s, v, out_type=tf.int64),
        [np.array([1, 3, 3, 5]), np.array([3, 0, 6])],
        lambda s, v: np.searchsorted(s, v).astype(np.int64),
    ),
    Case(
        "unravel_index",
        tf.unravel_index,
        [np.array([0, 7, 11]), np.array([3, 4])],
        lambda i, d: np.stack(np.unravel_index(i, d)).astype(np.int64),
    ),
    Case(
        "invert_permutation",
        tf.invert_permutation,
        [np.array([2, 0, 3, 1], np.int32)],
        lambda p: np.argsort(p).astype(np.int32),
    ),
    Case(
        "where_v2_broadcast",
        lambda c, x, y: tf.where_v2(c, x, y),
        [np.array([True, False, True]), X[:, :3], X[:1, 3:4]],
        lambda c, x, y: np.where(c, x, y),
        dynamic=False,
    ),
    Case(
        "where_v2_coordinates",
        tf.where_v2,
        [TIES > 1],
        lambda c: np.argwhere(c),
        static=[None, 2],
        dynamic=False,
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_sort_op(case):
    check_case(case)


def test_static_shapes_with_unknown_dims():
    x = tf.placeholder(tf.float32, [None, 4])
    assert tf.sort(x).shape.as_list() == [None, None]  # as TF 1.15: k is not folded
    assert tf.argsort(x, axis=0).shape.as_list() == [None, 4]
    y, idx = tf.unique(tf.placeholder(tf.int32, [6]))
    assert y.shape.as_list() == [None] and idx.shape.as_list() == [6]
    assert tf.unravel_index(tf.placeholder(tf.int32, [5]), [2, 3]).shape.as_list() == [2, 5]
    c = tf.placeholder(tf.bool, [None, 1])
    assert tf.where_v2(c, x, 0.0).shape.as_list() == [None, 4]


BAD = [
    Bad(
        "sort_direction",
        lambda: tf.sort([1.0], direction="UP"),
        ValueError,
        "UP should be one of ASCENDING, DESCENDING",
    ),
    Bad(
        "sort_tensor_axis",
        lambda: tf.sort([1.0], axis=tf.placeholder(tf.int32)),
        ValueError,
        "axis must be a constant scalar",
    ),
    Bad("unique_rank2", lambda: tf.unique([[1, 2]]), ValueError, "Shape must be rank 1"),
    Bad("setdiff1d_rank2", lambda: tf.setdiff1d([[1]], [1]), ValueError, "Shape must be rank 1"),
    Bad(
        "searchsorted_side",
        lambda: tf.searchsorted([1], [1], side="middle"),
        ValueError,
        "side must be either 'right' or 'left'",
    ),
    Bad(
        "where_v2_one_of_two",
        lambda: tf.where_v2([True], [1]),
        ValueError,
        "x and y must both be non-None or both be None",
    ),
    Bad(
        "where_v2_incompatible",
        lambda: tf.where_v2([True, False], [1, 2, 3], 0),
        ValueError,
        "Dimensions must be equal",
    ),
    Bad(
        "searchsorted_rows",
        lambda: tf.searchsorted(tf.placeholder_with_default([[1, 2], [3, 4]], [None, 2]), [[1]]),
        tf.errors.InvalidArgumentError,
        "Leading dim_size of both tensors must match",
        run=True,
    ),
    Bad(
        "unravel_out_of_range",
        lambda: tf.unravel_index([6], [2, 3]),
        tf.errors.InvalidArgumentError,
        "out of bounds",
        run=True,
    ),
]


@pytest.mark.parametrize("bad", params(BAD))
def test_sort_op_bad_input(bad):
    check_bad(bad)

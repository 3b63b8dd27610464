"""cumsum/cumprod, reverse, gather_nd/scatter_nd, sequence_mask, meshgrid: values against NumPy,
static shapes, and gradients against finite differences (the shared optest checks)."""

import numpy as np
import pytest

import tinytf as tf
from tests.optest import Bad, Case, check_bad, check_case, params

rng = np.random.default_rng(4)
M = rng.uniform(0.5, 2.0, (3, 4))
IDX = np.array([[1, 2], [0, 0], [2, 3], [1, 2]])


def _exclusive(cum, identity):
    def f(x, axis, reverse=False):
        x = np.flip(x, axis) if reverse else x
        out = cum(x, axis=axis)
        first = np.full_like(np.take(out, [0], axis=axis), identity)
        out = np.concatenate([first, np.take(out, range(out.shape[axis] - 1), axis=axis)], axis)
        return np.flip(out, axis) if reverse else out

    return f


A, B = rng.standard_normal((2, 3)), rng.standard_normal((3, 4))
BATCH = rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 4, 5))

CASES = [
    Case("einsum_matmul", lambda a, b: tf.einsum("ij,jk->ik", a, b), [A, B], lambda a, b: a @ b),
    Case("einsum_implicit", lambda a, b: tf.einsum("ij,jk", a, b), [A, B], lambda a, b: a @ b),
    Case("einsum_sum", lambda a: tf.einsum("ij->j", a), [A], lambda a: a.sum(0)),
    Case(
        "einsum_rowdot",
        lambda a, b: tf.einsum("ij,ij->i", a, b),
        [A, A * 2],
        lambda a, b: (a * b).sum(1),
    ),
    Case(
        "einsum_outer",
        lambda a, b: tf.einsum("i,j->ij", a, b),
        [A[0], B[0]],
        lambda a, b: np.outer(a, b),
    ),
    Case(
        "einsum_batch",
        lambda a, b: tf.einsum("bij,bjk->bik", a, b),
        list(BATCH),
        lambda a, b: a @ b,
    ),
    Case(
        "einsum_transpose_sum", lambda a: tf.einsum("bij->ji", a), [BATCH[0]], lambda a: a.sum(0).T
    ),
    Case("cumsum", lambda x: tf.cumsum(x, 1), [M], lambda x: np.cumsum(x, 1)),
    Case(
        "cumsum_axis0_reverse",
        lambda x: tf.cumsum(x, 0, reverse=True),
        [M],
        lambda x: np.flip(np.cumsum(np.flip(x, 0), 0), 0),
    ),
    Case(
        "cumsum_exclusive_reverse",
        lambda x: tf.cumsum(x, -1, exclusive=True, reverse=True),
        [M],
        lambda x: _exclusive(np.cumsum, 0)(x, 1, reverse=True),
    ),
    Case("cumprod", lambda x: tf.cumprod(x, 1), [M], lambda x: np.cumprod(x, 1)),
    Case(
        "cumprod_exclusive",
        lambda x: tf.cumprod(x, 0, exclusive=True),
        [M],
        lambda x: _exclusive(np.cumprod, 1)(x, 0),
    ),
    Case("reverse", lambda x: tf.reverse(x, [1]), [M], lambda x: x[:, ::-1]),
    Case(
        "reverse_sequence",
        lambda x: tf.reverse_sequence(x, [4, 2, 0], seq_axis=1),
        [M],
        lambda x: np.stack([np.concatenate([r[:n][::-1], r[n:]]) for r, n in zip(x, [4, 2, 0])]),
        dynamic=False,
    ),
    Case("reverse_both", lambda x: tf.reverse(x, [0, -1]), [M], lambda x: x[::-1, ::-1]),
    Case(
        "gather_nd_elements", lambda x: tf.gather_nd(x, IDX), [M], lambda x: x[IDX[:, 0], IDX[:, 1]]
    ),
    Case("gather_nd_rows", lambda x: tf.gather_nd(x, [[2], [0]]), [M], lambda x: x[[2, 0]]),
    Case(
        "scatter_nd_sums_duplicates",
        lambda u: tf.scatter_nd(IDX, u, [3, 4]),
        [np.array([1.0, 2.0, 3.0, 4.0])],
        lambda u: np.add.at(z := np.zeros((3, 4)), (IDX[:, 0], IDX[:, 1]), u) or z,
        dynamic=False,
    ),
    Case(
        "sequence_mask",
        lambda n: tf.sequence_mask(n, 4),
        [np.array([1, 3, 0])],
        lambda n: np.arange(4) < n[:, None],
        grad=False,
        dynamic=False,
    ),
    Case(
        "sequence_mask_float",
        lambda n: tf.sequence_mask(n, dtype=tf.float32),
        [np.array([1, 3, 2])],
        lambda n: (np.arange(3) < n[:, None]).astype(np.float32),
        grad=False,
        dynamic=False,
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_sequence_op(case):
    check_case(case)


def test_meshgrid_xy_and_ij_as_numpy():
    x, y = np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0])
    with tf.Session() as sess:
        for indexing in ("xy", "ij"):
            got = sess.run(tf.meshgrid(x, y, indexing=indexing))
            for g, w in zip(got, np.meshgrid(x, y, indexing=indexing)):
                assert np.array_equal(g, w)


BAD = [
    Bad(
        "gather_nd_out_of_range",
        lambda: tf.gather_nd(tf.zeros([2, 2]), [[0, 2]]),
        tf.errors.InvalidArgumentError,
        r"indices\[0\] = \[0, 2\] does not index into param "
        r"shape \[2, 2\]",
        run=True,
    ),
    Bad(
        "gather_nd_too_deep",
        lambda: tf.gather_nd(tf.zeros([2]), [[0, 1]]),
        ValueError,
        "index innermost dimension length must be <= params rank",
    ),
]


@pytest.mark.parametrize("bad", params(BAD))
def test_sequence_op_bad_input(bad):
    check_bad(bad)

"""SVD, QR, eigh, LU, triangular and least-squares solves, square roots, log-determinants:
values against NumPy/SciPy math (TF 1.15's own values are in test_arrays_golden.py), static
shapes with unknown dimensions, numeric gradients (TF 1.15's gradient formulas), bad inputs."""

import numpy as np
import pytest
import scipy.linalg

import tinytf as tf
from tests.optest import Bad, Case, check_bad, check_case, params

rng = np.random.default_rng(5)
TALL = rng.standard_normal((4, 3))
WIDE = rng.standard_normal((3, 4))
BATCH = rng.standard_normal((2, 4, 3))
_SQ = rng.standard_normal((3, 3))
SQ = _SQ
SPD = _SQ @ _SQ.T + 3 * np.eye(3)
RHS = rng.standard_normal((3, 2))


def _sym(x):
    return (x + tf.matrix_transpose(x)) / 2


def _svd_recompose(x):
    s, u, v = tf.svd(x)
    return tf.matmul(u * tf.expand_dims(s, -2), v, adjoint_b=True)


def _gauge_free_svd(x):
    # Singular vectors are defined up to sign: compare |U| and |V| (and their gradients).
    s, u, v = tf.svd(x)
    return s, tf.abs(u), tf.abs(v)


def _np_abs_svd(x):
    u, s, vh = np.linalg.svd(x, full_matrices=False)
    return s, np.abs(u), np.abs(np.swapaxes(vh, -1, -2))


def _np_lu(x):
    lu, piv = scipy.linalg.lu_factor(x)
    perm = np.arange(len(x))
    for i, p in enumerate(piv):
        perm[[i, p]] = perm[[p, i]]
    return lu, perm.astype(np.int32)


CASES = [
    Case(
        "svd_values",
        lambda x: tf.svd(x, compute_uv=False),
        [TALL],
        lambda x: np.linalg.svd(x, compute_uv=False),
        rtol=1e-10,
    ),
    Case("svd_vectors_tall", _gauge_free_svd, [TALL], _np_abs_svd, rtol=1e-8, atol=1e-10),
    Case("svd_vectors_wide", _gauge_free_svd, [WIDE], _np_abs_svd, rtol=1e-8, atol=1e-10),
    Case("svd_batch_recomposes", _svd_recompose, [BATCH], lambda x: x, rtol=1e-10),
    Case(
        "svd_full_matrices_wide",
        lambda x: tf.svd(x, full_matrices=True)[0],
        [WIDE],
        lambda x: np.linalg.svd(x, compute_uv=False),
        rtol=1e-10,
    ),
    Case("qr_recomposes", lambda x: tf.matmul(*tf.qr(x)), [TALL], lambda x: x, rtol=1e-10),
    Case(
        "qr_r_abs",
        lambda x: tf.abs(tf.qr(x)[1]),
        [TALL],
        lambda x: np.abs(np.linalg.qr(x)[1]),
        rtol=1e-10,
    ),
    Case(
        "qr_full_q_shape",
        lambda x: tf.qr(x, full_matrices=True)[0] * 0,
        [TALL],
        lambda x: np.zeros((4, 4)),
        grad=False,
    ),
    Case(
        "eigvalsh",
        lambda x: tf.self_adjoint_eigvals(_sym(x)),
        [SQ],
        lambda x: np.linalg.eigvalsh((x + x.T) / 2),
        rtol=1e-10,
    ),
    Case(
        "eigh_abs_vectors",
        lambda x: tf.abs(tf.linalg.eigh(_sym(x))[1]),
        [SQ],
        lambda x: np.abs(np.linalg.eigh((x + x.T) / 2)[1]),
        rtol=1e-8,
    ),
    Case(
        "triangular_solve",
        tf.matrix_triangular_solve,
        [SPD, RHS],
        lambda a, b: np.linalg.solve(np.tril(a), b),
        rtol=1e-10,
    ),
    Case(
        "triangular_solve_upper_adjoint",
        lambda a, b: tf.matrix_triangular_solve(a, b, lower=False, adjoint=True),
        [SPD, RHS],
        lambda a, b: np.linalg.solve(np.triu(a).T, b),
        rtol=1e-10,
    ),
    Case(
        "cholesky_solve",
        lambda a, b: tf.cholesky_solve(tf.cholesky(_sym(a)), b),
        [SPD, RHS],
        np.linalg.solve,
        rtol=1e-10,
    ),
    Case(
        "solve_ls_overdetermined",
        tf.matrix_solve_ls,
        [TALL, rng.standard_normal((4, 2))],
        lambda a, b: np.linalg.lstsq(a, b, rcond=None)[0],
        rtol=1e-10,
    ),
    Case(
        "solve_ls_underdetermined_l2",
        lambda a, b: tf.matrix_solve_ls(a, b, 0.5),
        [WIDE, RHS],
        lambda a, b: a.T @ np.linalg.solve(a @ a.T + 0.5 * np.eye(3), b),
        rtol=1e-10,
    ),
    Case(
        "solve_ls_complete",
        lambda a, b: tf.matrix_solve_ls(a, b, fast=False),
        [WIDE, RHS],
        lambda a, b: np.linalg.lstsq(a, b, rcond=None)[0],
        rtol=1e-10,
        grad=False,
    ),
    Case("matrix_square_root", tf.matrix_square_root, [SPD], scipy.linalg.sqrtm, rtol=1e-8),
    Case(
        "slogdet",
        lambda x: list(tf.linalg.slogdet(x)),
        [np.stack([SQ, -SQ])],
        lambda x: list(np.linalg.slogdet(x)),
        rtol=1e-10,
    ),
    Case(
        "logdet",
        lambda x: tf.linalg.logdet(_sym(x)),
        [SPD],
        lambda x: np.linalg.slogdet(x)[1],
        rtol=1e-10,
    ),
    Case("lu", lambda x: list(tf.linalg.lu(x)), [SQ], _np_lu, rtol=1e-10, grad=False),
    Case("pinv", tf.linalg.pinv, [BATCH], np.linalg.pinv, rtol=1e-8),
    Case(
        "matrix_rank",
        tf.linalg.matrix_rank,
        [np.array([[1.0, 2.0], [2.0, 4.0]])],
        lambda x: np.int32(1),
        grad=False,
    ),
    Case(
        "matvec",
        tf.linalg.matvec,
        [BATCH, rng.standard_normal((2, 3))],
        lambda a, b: np.einsum("bij,bj->bi", a, b),
        rtol=1e-10,
    ),
    Case(
        "cross",
        tf.cross,
        [rng.standard_normal((2, 3)), rng.standard_normal((2, 3))],
        np.cross,
        rtol=1e-10,
    ),
    Case(
        "logm_complex",
        tf.linalg.logm,
        [SPD.astype(np.complex128)],
        lambda x: scipy.linalg.logm(x),
        rtol=1e-8,
        dynamic=False,
    ),
    Case("adjoint", tf.linalg.adjoint, [BATCH], lambda x: np.swapaxes(x, -1, -2)),
]


@pytest.mark.parametrize("case", params(CASES))
def test_linalg_decomp_op(case):
    check_case(case)


def test_static_shapes_with_unknown_batch():
    x = tf.placeholder(tf.float32, [None, 5, 3])
    s, u, v = tf.svd(x, full_matrices=True)
    assert [s.shape.as_list(), u.shape.as_list(), v.shape.as_list()] == [
        [None, 3],
        [None, 5, 5],
        [None, 3, 3],
    ]
    q, r = tf.qr(x)
    assert q.shape.as_list() == [None, 5, 3] and r.shape.as_list() == [None, 3, 3]
    assert tf.matrix_solve_ls(x, tf.zeros([7, 5, 2])).shape.as_list() == [7, 3, 2]
    e, v = tf.self_adjoint_eig(tf.placeholder(tf.float64, [None, 4, 4]))
    assert e.shape.as_list() == [None, 4] and e.dtype == tf.float64


def test_svd_of_complex_gives_real_values():
    s = tf.svd(tf.constant(np.eye(2) * (1 + 1j)), compute_uv=False)
    assert s.dtype == tf.float64
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(s), [np.sqrt(2)] * 2)


BAD = [
    Bad("svd_int", lambda: tf.svd([[1, 2]]), TypeError, "not in list of allowed values"),
    Bad(
        "eig_not_square",
        lambda: tf.self_adjoint_eig(tf.zeros([2, 3])),
        ValueError,
        "Dimensions must be equal",
    ),
    Bad(
        "triangular_rows",
        lambda: tf.matrix_triangular_solve(tf.eye(3), tf.zeros([2, 1])),
        ValueError,
        "must be equal",
    ),
    Bad(
        "cross_not_3",
        lambda: tf.cross(tf.zeros([2]), tf.zeros([2])),
        ValueError,
        "Dimension must be 3 but is 2",
    ),
    Bad("pinv_int", lambda: tf.linalg.pinv([[1, 2]]), TypeError, "`float`-like `dtype`"),
    Bad("logm_real", lambda: tf.linalg.logm(tf.eye(2)), TypeError, "allowed values"),
    Bad(
        "triangular_singular",
        lambda: tf.matrix_triangular_solve([[1.0, 0.0], [1.0, 0.0]], [[1.0], [1.0]]),
        tf.errors.InvalidArgumentError,
        "Input matrix is not invertible.",
        run=True,
    ),
    Bad(
        "lu_singular",
        lambda: tf.linalg.lu(tf.zeros([2, 2]))[0],
        tf.errors.InvalidArgumentError,
        "not invertible",
        run=True,
    ),
]


def test_solve_ls_fast_false_has_no_gradient():
    a = tf.constant(np.eye(2))
    with pytest.raises(ValueError, match="Gradient not defined for fast=False"):
        tf.gradients(tf.matrix_solve_ls(a, tf.ones([2, 1], tf.float64), fast=False), a)


@pytest.mark.parametrize("bad", params(BAD))
def test_linalg_decomp_op_bad_input(bad):
    check_bad(bad)

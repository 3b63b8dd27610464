"""tf.linalg.tridiagonal_matmul / tridiagonal_solve in the compact, sequence and matrix
formats: values against dense NumPy math, numeric gradients (TF 1.15's formulas), bad inputs."""

import numpy as np
import pytest

import tinytf as tf
from tests.optest import Bad, Case, check_bad, check_case, params

rng = np.random.default_rng(8)
DIAGS = rng.standard_normal((2, 3, 4))
DIAGS[:, 1] += 4  # diagonally dominant: well conditioned
RHS = rng.standard_normal((2, 4, 3))


def _dense(d):
    return np.stack([np.diag(x[1]) + np.diag(x[0][:-1], 1) + np.diag(x[2][1:], -1) for x in d])


CASES = [
    Case(
        "matmul_compact",
        tf.linalg.tridiagonal_matmul,
        [DIAGS, RHS],
        lambda d, r: _dense(d) @ r,
        rtol=1e-10,
    ),
    Case(
        "matmul_matrix",
        lambda m, r: tf.linalg.tridiagonal_matmul(m, r, "matrix"),
        [_dense(DIAGS), RHS],
        lambda m, r: m @ r,
        rtol=1e-10,
        dynamic=False,
    ),
    Case(
        "matmul_sequence",
        lambda a, b, c, r: tf.linalg.tridiagonal_matmul([a, b, c], r, "sequence"),
        [DIAGS[:, 0], DIAGS[:, 1], DIAGS[:, 2], RHS],
        lambda a, b, c, r: _dense(np.stack([a, b, c], 1)) @ r,
        rtol=1e-10,
    ),
    Case(
        "solve_compact",
        tf.linalg.tridiagonal_solve,
        [DIAGS, RHS],
        lambda d, r: np.linalg.solve(_dense(d), r),
        rtol=1e-10,
    ),
    Case(
        "solve_matrix",
        lambda m, r: tf.linalg.tridiagonal_solve(m, r, "matrix"),
        [_dense(DIAGS), RHS],
        lambda m, r: np.linalg.solve(m, r),
        rtol=1e-10,
        dynamic=False,
    ),
    Case(
        "solve_sequence_short_diagonals",
        lambda a, b, c, r: tf.linalg.tridiagonal_solve([a, b, c], r, "sequence"),
        [DIAGS[:, 0, :-1], DIAGS[:, 1], DIAGS[:, 2, 1:], RHS],
        lambda a, b, c, r: np.linalg.solve(_dense(DIAGS), r),
        rtol=1e-10,
        dynamic=False,
    ),
    Case(
        "solve_vector_rhs",
        tf.linalg.tridiagonal_solve,
        [DIAGS, RHS[..., 0]],
        lambda d, r: np.linalg.solve(_dense(d), r[..., None])[..., 0],
        rtol=1e-10,
    ),
    Case(
        "solve_transpose_rhs",
        lambda d, r: tf.linalg.tridiagonal_solve(d, r, transpose_rhs=True),
        [DIAGS, np.swapaxes(RHS, -1, -2)],
        lambda d, r: np.swapaxes(np.linalg.solve(_dense(d), np.swapaxes(r, -1, -2)), -1, -2),
        rtol=1e-10,
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_tridiagonal_op(case):
    check_case(case)


BAD = [
    Bad(
        "format",
        lambda: tf.linalg.tridiagonal_solve(DIAGS, RHS, "banded"),
        ValueError,
        "Unrecognized diagonals_format: banded",
    ),
    Bad(
        "sequence_not_three",
        lambda: tf.linalg.tridiagonal_solve([DIAGS[:, 0]], RHS, "sequence"),
        ValueError,
        "sequence of length 3",
    ),
    Bad(
        "not_three_diagonals",
        lambda: tf.linalg.tridiagonal_solve(np.zeros((2, 4)), RHS[0]),
        ValueError,
        "Expected 3 diagonals got 2",
    ),
    Bad(
        "matrix_not_square",
        lambda: tf.linalg.tridiagonal_matmul(np.zeros((3, 4)), RHS[0], "matrix"),
        ValueError,
        "Expected last two dimensions of diagonals to be same",
    ),
    Bad(
        "singular",
        lambda: tf.linalg.tridiagonal_solve(np.zeros((3, 2)), np.ones((2, 1))),
        tf.errors.InvalidArgumentError,
        "not invertible",
        run=True,
    ),
]


@pytest.mark.parametrize("bad", params(BAD))
def test_tridiagonal_op_bad_input(bad):
    check_bad(bad)

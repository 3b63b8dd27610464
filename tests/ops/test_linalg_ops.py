import numpy as np
import pytest

import tinytf as tf
from tests.optest import Bad, Case, check_bad, check_case, params

rng = np.random.default_rng(2)
_R = rng.standard_normal((3, 3))
SPD = (_R @ _R.T + 3 * np.eye(3)).astype(np.float32)
SPD64 = SPD.astype(np.float64)
BATCH = np.stack([SPD64, 2 * SPD64])
RHS = rng.standard_normal((3, 2))
RECT = rng.standard_normal((2, 4)).astype(np.float32)
CSQ = (SPD + 1j * np.triu(SPD, 1) - 1j * np.tril(SPD, -1)).astype(np.complex128)

CASES = [
    # Cholesky reads one triangle, while its gradient (as TF's) is symmetric: the gradient is
    # checked on a symmetric parametrisation below.
    Case("cholesky", tf.cholesky, [SPD64], np.linalg.cholesky, rtol=1e-10, grad=False),
    Case("cholesky_float32", tf.cholesky, [SPD], np.linalg.cholesky, rtol=1e-5, grad=False),
    Case("cholesky_batch", tf.cholesky, [BATCH], np.linalg.cholesky, rtol=1e-10, grad=False),
    Case(
        "cholesky_symmetric_input",
        lambda x: tf.cholesky((x + tf.matrix_transpose(x)) / 2),
        [SPD64],
        np.linalg.cholesky,
        rtol=1e-10,
    ),
    Case(
        "cholesky_reads_lower_triangle",
        tf.cholesky,
        [np.tril(SPD64) + np.triu(np.ones(3), 1)],
        lambda x: np.linalg.cholesky(SPD64),
        rtol=1e-10,
        grad=False,
    ),
    Case("determinant", tf.matrix_determinant, [SPD64], np.linalg.det, rtol=1e-10),
    Case("determinant_batch", tf.matrix_determinant, [BATCH], np.linalg.det, rtol=1e-10),
    Case("inverse", tf.matrix_inverse, [SPD64], np.linalg.inv, rtol=1e-10),
    Case(
        "inverse_adjoint_complex",
        lambda x: tf.matrix_inverse(x, adjoint=True),
        [CSQ],
        lambda x: np.linalg.inv(x.conj().T),
        rtol=1e-10,
    ),
    Case("solve", tf.matrix_solve, [SPD64, RHS], np.linalg.solve, rtol=1e-10),
    Case(
        "solve_adjoint",
        lambda a, b: tf.matrix_solve(a, b, adjoint=True),
        [SPD64 + np.triu(np.ones((3, 3))), RHS],
        lambda a, b: np.linalg.solve(a.T, b),
        rtol=1e-10,
    ),
    Case(
        "matrix_transpose",
        tf.matrix_transpose,
        [rng.standard_normal((2, 3, 4))],
        lambda x: np.swapaxes(x, -1, -2),
    ),
    Case(
        "matrix_transpose_conjugate",
        lambda x: tf.matrix_transpose(x, conjugate=True),
        [CSQ],
        lambda x: x.conj().T,
    ),
    Case("matrix_diag", tf.matrix_diag, [RECT], lambda d: np.stack([np.diag(r) for r in d])),
    Case("matrix_diag_part_rectangular", tf.matrix_diag_part, [RECT], lambda x: np.diag(x)),
    Case("trace", tf.trace, [SPD64], np.trace),
    Case("trace_batch", tf.trace, [BATCH], lambda x: np.trace(x, axis1=1, axis2=2)),
    Case(
        "linalg_namespace",
        lambda a: tf.linalg.inv(tf.linalg.det(a) * a),
        [SPD64],
        lambda a: np.linalg.inv(np.linalg.det(a) * a),
        rtol=1e-10,
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_linalg_op(case):
    check_case(case)


def test_eye():
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(tf.eye(3)), np.eye(3))
        np.testing.assert_array_equal(sess.run(tf.eye(2, 3, dtype=tf.int32)), np.eye(2, 3))
        np.testing.assert_array_equal(
            sess.run(tf.eye(2, batch_shape=[4])), np.broadcast_to(np.eye(2), (4, 2, 2))
        )
        assert tf.eye(2, 3).shape.as_list() == [2, 3]


BAD = [
    Bad(
        "cholesky_not_square",
        lambda: tf.cholesky(tf.zeros([2, 3])),
        ValueError,
        "Dimensions must be equal, but are 2 and 3 for 'Cholesky' .* input shapes: \\[2,3\\]",
    ),
    Bad(
        "inverse_rank1",
        lambda: tf.matrix_inverse(tf.zeros([3])),
        ValueError,
        "Shape must be at least rank 2 but is rank 1",
    ),
    Bad(
        "solve_rows",
        lambda: tf.matrix_solve(tf.eye(3), tf.zeros([2, 1])),
        ValueError,
        "must be equal, but are 3 and 2",
    ),
    Bad(
        "inverse_int",
        lambda: tf.matrix_inverse([[1, 0], [0, 1]]),
        TypeError,
        "not in list of allowed values",
    ),
    Bad(
        "inverse_singular",
        lambda: tf.matrix_inverse([[1.0, 1.0], [1.0, 1.0]]),
        tf.errors.InvalidArgumentError,
        "Input is not invertible.",
        run=True,
    ),
    Bad(
        "solve_singular",
        lambda: tf.matrix_solve([[1.0, 1.0], [1.0, 1.0]], [[1.0], [2.0]]),
        tf.errors.InvalidArgumentError,
        "not invertible",
        run=True,
    ),
    Bad(
        "cholesky_not_positive_definite",
        lambda: tf.cholesky([[1.0, 2.0], [2.0, 1.0]]),
        tf.errors.InvalidArgumentError,
        "Cholesky decomposition was not successful",
        run=True,
    ),
]


@pytest.mark.parametrize("bad", params(BAD))
def test_linalg_op_bad_input(bad):
    check_bad(bad)


def test_runtime_error_names_the_op():
    inv = tf.matrix_inverse([[1.0, 1.0], [1.0, 1.0]], name="my_inverse")
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError) as info:
        sess.run(inv)
    assert info.value.op is inv.op
    assert "[[node my_inverse" in str(info.value)

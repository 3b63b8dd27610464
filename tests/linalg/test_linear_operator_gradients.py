"""Gradients through tf.linalg's LinearOperators, expm and normalize, checked numerically
(central differences in float64 against the symbolic gradient); and the base class's contract:
abstract, subclassable, its default methods exact (NumPy math as the reference)."""

import numpy as np
import pytest

import tinytf as tf
from tests.linalg.linear_operator_cases import arr, spd

LIN = tf.linalg


def _max_gradient_error(x_value, fn):
    with tf.Graph().as_default(), tf.Session():
        x = tf.constant(x_value)
        y = fn(x)
        return tf.test.compute_gradient_error(
            x, list(x_value.shape), y, y.shape.as_list(), x_init_value=x_value, delta=1e-6
        )


RHS = arr(200, [3, 2])

GRADIENT_CASES = {
    "full_solve": (arr(1, [3, 3], shift=2.0), lambda m: LIN.LinearOperatorFullMatrix(m).solve(RHS)),
    "spd_log_abs_det": (
        spd(2, [3, 3]),
        # symmetrized, as Cholesky reads one triangle and its gradient is symmetric
        lambda m: LIN.LinearOperatorFullMatrix(
            (m + tf.linalg.adjoint(m)) / 2, is_self_adjoint=True, is_positive_definite=True
        ).log_abs_determinant(),
    ),
    "tril_solve_adjoint": (
        arr(3, [2, 3, 3], shift=2.0),
        lambda m: LIN.LinearOperatorLowerTriangular(m).solve(RHS, adjoint=True),
    ),
    "low_rank_update_solve": (
        arr(4, [3, 2]),
        lambda u: LIN.LinearOperatorLowRankUpdate(
            LIN.LinearOperatorDiag(np.array([2.0, 3.0, 4.0]), is_positive_definite=True), u
        ).solve(RHS),
    ),
    "low_rank_update_log_det": (
        arr(5, [3, 2]),
        lambda u: LIN.LinearOperatorLowRankUpdate(
            LIN.LinearOperatorFullMatrix(arr(6, [3, 3], shift=3.0)), u, v=arr(7, [3, 2])
        ).log_abs_determinant(),
    ),
    "kronecker_matmul": (
        arr(8, [2, 2]),
        lambda m: LIN.LinearOperatorKronecker(
            [LIN.LinearOperatorFullMatrix(m), LIN.LinearOperatorDiag(np.array([1.0, 2.0, 3.0]))]
        ).matmul(arr(9, [6, 2])),
    ),
    "block_diag_solve": (
        arr(10, [2, 2], shift=2.0),
        lambda m: LIN.LinearOperatorBlockDiag(
            [LIN.LinearOperatorFullMatrix(m), LIN.LinearOperatorIdentity(1, dtype=tf.float64)]
        ).solve(RHS),
    ),
    "toeplitz_matmul": (
        arr(11, [4]),
        lambda col: LIN.LinearOperatorToeplitz(col, arr(12, [4])).matmul(arr(13, [4, 2])),
    ),
    "circulant_solve": (
        np.array([6.0, 2.0, 1.5, 2.0]),
        lambda s: LIN.LinearOperatorCirculant(s, input_output_dtype=tf.float64).solve(
            arr(14, [4, 2])
        ),
    ),
    "householder_matmul": (
        arr(15, [3]),
        lambda v: LIN.LinearOperatorHouseholder(v).matmul(RHS),
    ),
    "scaled_identity_solve": (
        np.array([2.0, -3.0]),
        lambda c: LIN.LinearOperatorScaledIdentity(3, c).solve(RHS),
    ),
    "inversion_matmul": (
        arr(16, [3, 3], shift=2.0),
        lambda m: LIN.LinearOperatorInversion(LIN.LinearOperatorFullMatrix(m)).matmul(RHS),
    ),
    "expm_small": (arr(17, [3, 3]) * 0.1, LIN.expm),
    "expm_squarings": (arr(18, [2, 3, 3]) * 4.0, LIN.expm),
    "normalize": (arr(19, [3, 4]), lambda t: LIN.normalize(t, axis=1)[0]),
}


@pytest.mark.parametrize("case", sorted(GRADIENT_CASES))
def test_gradient_matches_central_differences(case):
    x_value, fn = GRADIENT_CASES[case]
    assert _max_gradient_error(x_value, fn) < 1e-6


class _Dense(LIN.LinearOperator):
    """A user's operator: only the three abstract methods."""

    def __init__(self, matrix, **hints):
        self._m = tf.convert_to_tensor(matrix)
        super().__init__(dtype=self._m.dtype, graph_parents=[self._m], **hints)

    def _shape(self):
        return self._m.shape

    def _shape_tensor(self):
        return tf.shape(self._m)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return tf.matmul(self._m, x, adjoint_a=adjoint, adjoint_b=adjoint_arg)


def test_base_class_is_abstract():
    with pytest.raises(TypeError):
        LIN.LinearOperator(dtype=tf.float32)


def test_subclass_gets_the_default_methods():
    m = arr(20, [3, 3], shift=2.0)
    s = spd(21, [3, 3])
    rhs = arr(22, [3, 2])
    op = _Dense(m)
    pd = _Dense(s, is_self_adjoint=True, is_positive_definite=True)
    with tf.Session() as sess:
        got = sess.run(
            [
                op.to_dense(),
                op.solve(rhs),
                op.determinant(),
                op.log_abs_determinant(),
                op.diag_part(),
                op.trace(),
                pd.solve(rhs),
                pd.log_abs_determinant(),
                op.inverse().to_dense(),
                pd.cholesky().to_dense(),
            ]
        )
    want = [
        m,
        np.linalg.solve(m, rhs),
        np.linalg.det(m),
        np.log(abs(np.linalg.det(m))),
        np.diag(m),
        np.trace(m),
        np.linalg.solve(s, rhs),
        np.log(np.linalg.det(s)),
        np.linalg.inv(m),
        np.linalg.cholesky(s),
    ]
    for g, w in zip(got, want, strict=True):
        np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-12)
    assert op.name == "_Dense"
    assert type(op.inverse()).__name__ == "LinearOperatorInversion"


def test_names_are_tf_linalg_attributes_in_both_namespaces():
    assert LIN.norm is tf.norm
    assert "LinearOperatorToeplitz" in dir(LIN)
    assert tf.compat.v1.linalg.LinearOperatorDiag is LIN.LinearOperatorDiag
    assert issubclass(LIN.LinearOperatorCirculant2D, LIN.LinearOperator)
    with pytest.raises(AttributeError):
        LIN.LinearOperatorNotThere  # noqa: B018


def test_variable_parameter_is_read_at_each_run():
    v = tf.Variable(np.array([1.0, 2.0]))
    op = LIN.LinearOperatorDiag(v)
    det = op.determinant()
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(det) == 2.0
        sess.run(v.assign([3.0, 4.0]))
        assert sess.run(det) == 12.0

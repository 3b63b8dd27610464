"""The registered algebra of LinearOperators: adjoint, inverse, Cholesky factor, product and
solve of particular operator classes (TF 1.15's {adjoint,inverse,cholesky,matmul,solve}_
registrations.py and registrations_util.py). Imported by the registry on first use."""

from tinytf.ops import linalg_ops, math_ops
from tinytf.ops import linear_operator as lo
from tinytf.ops.linear_operator_basic import (
    LinearOperatorDiag,
    LinearOperatorHouseholder,
    LinearOperatorLowerTriangular,
)
from tinytf.ops.linear_operator_circulant import LinearOperatorCirculant
from tinytf.ops.linear_operator_composite import (
    LinearOperatorAdjoint,
    LinearOperatorBlockDiag,
    LinearOperatorComposition,
    LinearOperatorInversion,
)
from tinytf.ops.linear_operator_identity import (
    LinearOperatorIdentity,
    LinearOperatorScaledIdentity,
    LinearOperatorZeros,
)
from tinytf.ops.linear_operator_kronecker import LinearOperatorKronecker

LinearOperator = lo.LinearOperator
_SQUARE_HINTS = ("is_non_singular", "is_self_adjoint", "is_positive_definite")


def _same_hints(operator):
    hints = {h: getattr(operator, h) for h in _SQUARE_HINTS}
    return dict(hints, is_square=True)


# ---------------------------------------------------------------- registrations_util


def combined_commuting_self_adjoint_hint(operator_a, operator_b):
    """The self-adjoint hint of the product of two commuting operators."""
    if operator_a.is_self_adjoint and operator_b.is_self_adjoint:
        return True
    a, b = operator_a.is_self_adjoint, operator_b.is_self_adjoint
    if (a is True and b is False) or (a is False and b is True):
        return False
    return None


def is_square(operator_a, operator_b):
    """Whether the product of the two operators is square (None where unknown)."""
    if operator_a.is_square and operator_b.is_square:
        return True
    if operator_a.is_square is False and operator_b.is_square is False:
        m, n = operator_a.range_dimension, operator_b.domain_dimension
        if m is not None and n is not None:
            return m == n
    if (operator_a.is_square != operator_b.is_square) and (
        operator_a.is_square is not None and operator_a.is_square is not None
    ):
        return False
    return None


def combined_commuting_positive_definite_hint(operator_a, operator_b):
    """The positive-definite hint of the product of two commuting operators."""
    if (
        operator_a.is_positive_definite is True
        and operator_a.is_self_adjoint is True
        and operator_b.is_positive_definite is True
        and operator_b.is_self_adjoint is True
    ):
        return True
    return None


def combined_non_singular_hint(operator_a, operator_b):
    """The non-singular hint of the product of two operators."""
    if operator_a.is_non_singular is False or operator_b.is_non_singular is False:
        return False
    return operator_a.is_non_singular and operator_b.is_non_singular


def _commuting_hints(a, b, positive_definite=True):
    return dict(
        is_non_singular=combined_non_singular_hint(a, b),
        is_self_adjoint=combined_commuting_self_adjoint_hint(a, b),
        is_positive_definite=(
            combined_commuting_positive_definite_hint(a, b) if positive_definite else None
        ),
        is_square=True,
    )


# ---------------------------------------------------------------- adjoint


@lo.RegisterAdjoint(LinearOperator)
def _adjoint_linear_operator(linop):
    return LinearOperatorAdjoint(
        linop,
        is_non_singular=linop.is_non_singular,
        is_self_adjoint=linop.is_self_adjoint,
        is_positive_definite=linop.is_positive_definite,
        is_square=linop.is_square,
    )


@lo.RegisterAdjoint(LinearOperatorAdjoint)
def _adjoint_adjoint_linear_operator(linop):
    return linop.operator


@lo.RegisterAdjoint(LinearOperatorIdentity)
@lo.RegisterAdjoint(LinearOperatorHouseholder)
def _adjoint_self(operator):
    return operator


def _conj_if_complex(x):
    return math_ops.conj(x) if x.dtype.is_complex else x


@lo.RegisterAdjoint(LinearOperatorScaledIdentity)
def _adjoint_scaled_identity(operator):
    return LinearOperatorScaledIdentity(
        num_rows=operator._num_rows,
        multiplier=_conj_if_complex(operator.multiplier),
        **_same_hints(operator),
    )


@lo.RegisterAdjoint(LinearOperatorDiag)
def _adjoint_diag(operator):
    return LinearOperatorDiag(diag=_conj_if_complex(operator.diag), **_same_hints(operator))


@lo.RegisterAdjoint(LinearOperatorBlockDiag)
@lo.RegisterAdjoint(LinearOperatorKronecker)
def _adjoint_of_each(operator):
    return type(operator)(
        operators=[o.adjoint() for o in operator.operators], **_same_hints(operator)
    )


@lo.RegisterAdjoint(LinearOperatorCirculant)
def _adjoint_circulant(operator):
    return LinearOperatorCirculant(
        spectrum=_conj_if_complex(operator.spectrum), **_same_hints(operator)
    )


# ---------------------------------------------------------------- inverse


@lo.RegisterInverse(LinearOperator)
def _inverse_linear_operator(linop):
    return LinearOperatorInversion(
        linop,
        is_non_singular=linop.is_non_singular,
        is_self_adjoint=linop.is_self_adjoint,
        is_positive_definite=linop.is_positive_definite,
        is_square=linop.is_square,
    )


@lo.RegisterInverse(LinearOperatorInversion)
def _inverse_inverse_linear_operator(linop):
    return linop.operator


@lo.RegisterInverse(LinearOperatorDiag)
def _inverse_diag(operator):
    return LinearOperatorDiag(1.0 / operator.diag, **_same_hints(operator))


@lo.RegisterInverse(LinearOperatorIdentity)
@lo.RegisterInverse(LinearOperatorHouseholder)
def _inverse_self(operator):
    return operator


@lo.RegisterInverse(LinearOperatorScaledIdentity)
def _inverse_scaled_identity(operator):
    return LinearOperatorScaledIdentity(
        num_rows=operator._num_rows,
        multiplier=1.0 / operator.multiplier,
        is_non_singular=operator.is_non_singular,
        is_self_adjoint=True,
        is_positive_definite=operator.is_positive_definite,
        is_square=True,
    )


@lo.RegisterInverse(LinearOperatorBlockDiag)
@lo.RegisterInverse(LinearOperatorKronecker)
def _inverse_of_each(operator):
    return type(operator)(
        operators=[o.inverse() for o in operator.operators], **_same_hints(operator)
    )


@lo.RegisterInverse(LinearOperatorCirculant)
def _inverse_circulant(operator):
    return LinearOperatorCirculant(spectrum=1.0 / operator.spectrum, **_same_hints(operator))


# ---------------------------------------------------------------- cholesky

_CHOLESKY_HINTS = dict(is_non_singular=True, is_self_adjoint=False, is_square=True)
_SPD_HINTS = dict(
    is_non_singular=True, is_self_adjoint=True, is_positive_definite=True, is_square=True
)


@lo.RegisterCholesky(LinearOperator)
def _cholesky_linear_operator(linop):
    return LinearOperatorLowerTriangular(linalg_ops.cholesky(linop.to_dense()), **_CHOLESKY_HINTS)


@lo.RegisterCholesky(LinearOperatorDiag)
def _cholesky_diag(operator):
    return LinearOperatorDiag(math_ops.sqrt(operator.diag), **_SPD_HINTS)


@lo.RegisterCholesky(LinearOperatorIdentity)
def _cholesky_identity(operator):
    return LinearOperatorIdentity(
        num_rows=operator._num_rows,
        batch_shape=operator.batch_shape,
        dtype=operator.dtype,
        **_SPD_HINTS,
    )


@lo.RegisterCholesky(LinearOperatorScaledIdentity)
def _cholesky_scaled_identity(operator):
    return LinearOperatorScaledIdentity(
        num_rows=operator._num_rows, multiplier=math_ops.sqrt(operator.multiplier), **_SPD_HINTS
    )


@lo.RegisterCholesky(LinearOperatorBlockDiag)
@lo.RegisterCholesky(LinearOperatorKronecker)
def _cholesky_of_each(operator):
    return type(operator)(operators=[o.cholesky() for o in operator.operators], **_CHOLESKY_HINTS)


# ---------------------------------------------------------------- matmul and solve


def _composition(operators, a, b):
    square = is_square(a, b)
    hints = dict(is_non_singular=None, is_self_adjoint=None, is_positive_definite=None)
    if square:
        hints["is_non_singular"] = combined_non_singular_hint(a, b)
    elif square is False:
        hints = dict(is_non_singular=False, is_self_adjoint=False, is_positive_definite=False)
    return LinearOperatorComposition(operators=operators, is_square=square, **hints)


@lo.RegisterMatmul(LinearOperator, LinearOperator)
def _matmul_linear_operator(linop_a, linop_b):
    return _composition([linop_a, linop_b], linop_a, linop_b)


@lo.RegisterMatmul(LinearOperatorIdentity, LinearOperator)
def _matmul_linear_operator_identity_left(identity, linop):
    return linop


@lo.RegisterMatmul(LinearOperator, LinearOperatorIdentity)
def _matmul_linear_operator_identity_right(linop, identity):
    return linop


def _check_zeros_square(zeros, linop):
    if not zeros.is_square or not linop.is_square:
        raise ValueError(
            "Matmul with non-square `LinearOperator`s or non-square "
            "`LinearOperatorZeros` not supported at this time."
        )
    return zeros


@lo.RegisterMatmul(LinearOperator, LinearOperatorZeros)
def _matmul_linear_operator_zeros_right(linop, zeros):
    return _check_zeros_square(zeros, linop)


@lo.RegisterMatmul(LinearOperatorZeros, LinearOperator)
def _matmul_linear_operator_zeros_left(zeros, linop):
    return _check_zeros_square(zeros, linop)


@lo.RegisterMatmul(LinearOperatorDiag, LinearOperatorDiag)
def _matmul_diag(a, b):
    return LinearOperatorDiag(diag=a.diag * b.diag, **_commuting_hints(a, b))


@lo.RegisterMatmul(LinearOperatorDiag, LinearOperatorScaledIdentity)
def _matmul_diag_scaled_identity_right(diag, scaled):
    return LinearOperatorDiag(diag=diag.diag * scaled.multiplier, **_commuting_hints(diag, scaled))


@lo.RegisterMatmul(LinearOperatorScaledIdentity, LinearOperatorDiag)
def _matmul_diag_scaled_identity_left(scaled, diag):
    return LinearOperatorDiag(diag=diag.diag * scaled.multiplier, **_commuting_hints(diag, scaled))


@lo.RegisterMatmul(LinearOperatorDiag, LinearOperatorLowerTriangular)
def _matmul_diag_tril(diag, tril):
    return LinearOperatorLowerTriangular(
        tril=diag.diag[..., None] * tril.to_dense(), **_commuting_hints(diag, tril, False)
    )


@lo.RegisterMatmul(LinearOperatorLowerTriangular, LinearOperatorDiag)
def _matmul_tril_diag(tril, diag):
    return LinearOperatorLowerTriangular(
        tril=tril.to_dense() * diag.diag, **_commuting_hints(diag, tril, False)
    )


@lo.RegisterMatmul(LinearOperatorCirculant, LinearOperatorCirculant)
def _matmul_circulant_circulant(a, b):
    return LinearOperatorCirculant(spectrum=a.spectrum * b.spectrum, **_commuting_hints(a, b))


@lo.RegisterSolve(LinearOperator, LinearOperator)
def _solve_linear_operator(linop_a, linop_b):
    return _composition([LinearOperatorInversion(linop_a), linop_b], linop_a, linop_b)


@lo.RegisterSolve(LinearOperatorInversion, LinearOperator)
def _solve_inverse_linear_operator(linop_a, linop_b):
    return linop_a.operator.matmul(linop_b)


@lo.RegisterSolve(LinearOperatorIdentity, LinearOperator)
def _solve_linear_operator_identity_left(identity, linop):
    return linop


@lo.RegisterSolve(LinearOperatorDiag, LinearOperatorDiag)
def _solve_diag(a, b):
    return LinearOperatorDiag(diag=b.diag / a.diag, **_commuting_hints(a, b))


@lo.RegisterSolve(LinearOperatorDiag, LinearOperatorScaledIdentity)
def _solve_diag_scaled_identity_right(diag, scaled):
    return LinearOperatorDiag(diag=scaled.multiplier / diag.diag, **_commuting_hints(diag, scaled))


@lo.RegisterSolve(LinearOperatorScaledIdentity, LinearOperatorDiag)
def _solve_diag_scaled_identity_left(scaled, diag):
    return LinearOperatorDiag(diag=diag.diag / scaled.multiplier, **_commuting_hints(diag, scaled))


@lo.RegisterSolve(LinearOperatorDiag, LinearOperatorLowerTriangular)
def _solve_diag_tril(diag, tril):
    return LinearOperatorLowerTriangular(
        tril=tril.to_dense() / diag.diag[..., None], **_commuting_hints(diag, tril, False)
    )


@lo.RegisterSolve(LinearOperatorCirculant, LinearOperatorCirculant)
def _solve_circulant_circulant(a, b):
    return LinearOperatorCirculant(spectrum=b.spectrum / a.spectrum, **_commuting_hints(a, b))

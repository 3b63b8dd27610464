"""Linear algebra on (batches of) matrices: Cholesky, determinant, inverse, solve, diagonals."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import OpDef, TensorSpec, convert_to_tensor, name_scope, register_op
from tinytf.framework.tensor_shape import TensorShape, unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.array_ops import ones, transpose, zeros
from tinytf.ops.math_ops import reduce_sum

LINALG_TYPES = frozenset({D.float32, D.float64, D.complex64, D.complex128})


def _square(shape):
    """The shape of a batch of square matrices, checked: [..., M, M]."""
    if shape.ndims is None:
        return shape
    dims = shape_util.with_rank_at_least(shape, 2).as_list()
    n = shape_util.merge_dim(dims[-2], dims[-1])
    return TensorShape(dims[:-2] + [n, n])


class SquareOp(OpDef):
    inputs = ("input",)
    allowed = LINALG_TYPES

    @classmethod
    def infer(cls, x, **attrs):
        return TensorSpec(_square(x.shape), x.dtype)


def _linalg(fn, message):
    """Runs fn, turning NumPy's LinAlgError into TF's InvalidArgumentError message."""
    try:
        return fn()
    except np.linalg.LinAlgError:
        raise InvalidArgumentError(None, None, message) from None


@register_op
class Cholesky(SquareOp):
    """The lower-triangular L with L @ L^H = input (only the lower triangle is read)."""

    def kernel(xp, x):
        return _linalg(
            lambda: xp.linalg.cholesky(x),
            "Cholesky decomposition was not successful. The input might not be valid.",
        )


@register_op
class MatrixInverse(SquareOp):
    """The inverse (of the adjoint if `adjoint`) of each square matrix."""

    attrs = {"adjoint": False}

    def kernel(xp, x, *, adjoint):
        if adjoint:
            x = xp.conj(xp.matrix_transpose(x))
        return _linalg(lambda: xp.linalg.inv(x), "Input is not invertible.")


@register_op
class MatrixDeterminant(OpDef):
    """The determinant of each square matrix."""

    inputs = ("input",)
    allowed = LINALG_TYPES

    def infer(x):
        shape = _square(x.shape)
        return TensorSpec(shape[:-2] if shape.ndims is not None else unknown_shape(), x.dtype)

    def kernel(xp, x):
        return xp.linalg.det(x)


@register_op
class MatrixSolve(OpDef):
    """X with matrix @ X = rhs (adjoint(matrix) if `adjoint`)."""

    inputs = ("matrix", "rhs")
    attrs = {"adjoint": False}
    allowed = LINALG_TYPES

    def infer(matrix, rhs, *, adjoint):
        m = _square(matrix.shape)
        if m.ndims is None or rhs.shape.ndims is None:
            return TensorSpec(unknown_shape(), rhs.dtype)
        r = shape_util.with_rank(rhs.shape, m.ndims).as_list()
        shape_util.merge_pair(TensorShape(m.as_list()[:-1]), TensorShape(r[:-1]))
        return TensorSpec(m.as_list()[:-1] + r[-1:], rhs.dtype)

    def kernel(xp, matrix, rhs, *, adjoint):
        if adjoint:
            matrix = xp.conj(xp.matrix_transpose(matrix))
        return _linalg(lambda: xp.linalg.solve(matrix, rhs), "Input matrix is not invertible.")


@register_op
class MatrixDiag(OpDef):
    """A batch of diagonal matrices from a batch of diagonals: [..., N] -> [..., N, N]."""

    inputs = ("diagonal",)

    def infer(d):
        shape = shape_util.with_rank_at_least(d.shape, 1)
        if shape.ndims is None:
            return TensorSpec(unknown_shape(), d.dtype)
        dims = shape.as_list()
        return TensorSpec(dims + dims[-1:], d.dtype)

    def kernel(xp, d):
        n = d.shape[-1]
        out = xp.zeros(d.shape + (n,), dtype=d.dtype)
        idx = xp.arange(n)
        out[..., idx, idx] = d
        return out


@register_op
class MatrixDiagPart(OpDef):
    """The main diagonals of a batch of matrices: [..., M, N] -> [..., min(M, N)]."""

    inputs = ("input",)

    def infer(x):
        shape = shape_util.with_rank_at_least(x.shape, 2)
        if shape.ndims is None:
            return TensorSpec(unknown_shape(), x.dtype)
        dims = shape.as_list()
        m, n = dims[-2:]
        k = min(m, n) if m is not None and n is not None else None
        return TensorSpec(dims[:-2] + [k], x.dtype)

    def kernel(xp, x):
        return xp.linalg.diagonal(x).copy()


@register_op
class MatrixSetDiag(OpDef):
    """`input` with its main diagonals replaced by `diagonal`."""

    inputs = ("input", "diagonal")

    def infer(x, d):
        return TensorSpec(shape_util.with_rank_at_least(x.shape, 2), x.dtype)

    def kernel(xp, x, d):
        out = xp.asarray(x).copy()
        idx = xp.arange(d.shape[-1])
        out[..., idx, idx] = d
        return out


def cholesky(input, name=None):  # noqa: A002
    """The Cholesky factor L (lower triangular, L @ L^H = input) of each matrix."""
    return Cholesky.apply(input, name=name)


def matrix_determinant(input, name=None):  # noqa: A002
    """The determinant of each square matrix."""
    return MatrixDeterminant.apply(input, name=name)


def matrix_inverse(input, adjoint=False, name=None):  # noqa: A002
    """The inverse of each square matrix; a singular one is an InvalidArgumentError."""
    return MatrixInverse.apply(input, name=name, adjoint=adjoint)


def matrix_solve(matrix, rhs, adjoint=False, name=None):
    """Solves matrix @ X = rhs for X."""
    return MatrixSolve.apply(matrix, rhs, name=name, adjoint=adjoint)


def matrix_diag(diagonal, name="diag"):
    """Diagonal matrices with the given diagonals."""
    return MatrixDiag.apply(diagonal, name=name)


def matrix_diag_part(input, name="diag_part"):  # noqa: A002
    """The main diagonal of each matrix."""
    return MatrixDiagPart.apply(input, name=name)


def matrix_set_diag(input, diagonal, name="set_diag"):  # noqa: A002
    """`input` with the main diagonal of each matrix replaced."""
    return MatrixSetDiag.apply(input, diagonal, name=name)


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Transposes the last two dimensions of `a`."""
    with name_scope(name, "matrix_transpose", [a]) as scope:
        a = convert_to_tensor(a, name="a")
        rank = a.shape.ndims
        if rank is None:
            raise ValueError("matrix_transpose needs a tensor of known rank in tinytf.")
        if rank < 2:
            raise ValueError(
                f"Argument 'a' should be a (batch) matrix, with rank >= 2.  Found: {a.shape}"
            )
        perm = list(range(rank - 2)) + [rank - 1, rank - 2]
        return transpose(a, perm, name=scope, conjugate=conjugate)


def trace(x, name=None):
    """The sum of the main diagonal of each matrix."""
    with name_scope(name, "Trace", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return reduce_sum(matrix_diag_part(x), [-1], name=scope)


def eye(num_rows, num_columns=None, batch_shape=None, dtype=D.float32, name=None):
    """An identity matrix (or a batch of them), possibly rectangular."""
    with name_scope(name, "eye", [num_rows, num_columns, batch_shape]) as scope:
        batch = list(batch_shape or [])
        cols = num_rows if num_columns is None else num_columns
        diag = ones(batch + [min(num_rows, cols)], dtype=dtype)
        if cols == num_rows:
            return matrix_diag(diag, name=scope)
        return matrix_set_diag(zeros(batch + [num_rows, cols], dtype=dtype), diag, name=scope)

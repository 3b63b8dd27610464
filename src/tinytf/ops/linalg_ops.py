"""Linear algebra on (batches of) matrices: Cholesky, determinant, inverse, solve, diagonals."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import OpDef, TensorSpec, convert_to_tensor, name_scope, register_op
from tinytf.framework.tensor_shape import TensorShape, unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.array_ops import concat, ones, reshape, shape, transpose, zeros, zeros_like
from tinytf.ops.math_ops import matmul
from tinytf.ops.reduction_ops import reduce_sum

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

    def grad(op, dl):
        # Murray (2016), as TF: phi(L^H dL), then two triangular solves.
        chol = op.outputs[0]
        l_inv = matrix_inverse(chol)
        middle = matmul(chol, dl, adjoint_a=True)
        middle = matrix_set_diag(middle, 0.5 * matrix_diag_part(middle))
        middle = MatrixBandPart.apply(middle, -1, 0)
        grad_a = matmul(matmul(l_inv, middle, adjoint_a=True), l_inv)
        return 0.5 * (grad_a + matrix_transpose(grad_a, conjugate=True))


@register_op
class MatrixInverse(SquareOp):
    """The inverse (of the adjoint if `adjoint`) of each square matrix."""

    attrs = {"adjoint": False}

    def kernel(xp, x, *, adjoint):
        if adjoint:
            x = xp.conj(xp.matrix_transpose(x))
        return _linalg(lambda: xp.linalg.inv(x), "Input is not invertible.")

    def grad(op, dy):
        ainv = op.outputs[0]
        if op.get_attr("adjoint"):  # y = inv(A^H): dA = -y dy^H y ... conjugated back
            return -matmul(ainv, matmul(dy, ainv, adjoint_a=True))
        return -matmul(ainv, matmul(dy, ainv, adjoint_b=True), adjoint_a=True)


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

    def grad(op, dy):
        a, det = op.inputs[0], op.outputs[0]
        inv_t = matrix_inverse(a, adjoint=True)
        return reshape(dy * det, concat([shape(det), [1, 1]], 0)) * inv_t


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

    def grad(op, dy):
        a, x = op.inputs[0], op.outputs[0]
        adjoint = op.get_attr("adjoint")
        gb = matrix_solve(a, dy, adjoint=not adjoint)
        if adjoint:
            return -matmul(x, gb, adjoint_b=True), gb
        return -matmul(gb, x, adjoint_b=True), gb


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

    def grad(op, dy):
        return matrix_diag_part(dy)


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

    def grad(op, dy):
        x = op.inputs[0]
        return matrix_set_diag(zeros_like(x), dy)


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

    def grad(op, dy):
        d = op.inputs[1]
        return matrix_set_diag(dy, zeros_like(d)), matrix_diag_part(dy)


@register_op
class MatrixBandPart(OpDef):
    """`input` with everything outside the band (num_lower below, num_upper above the main
    diagonal; -1: all) set to zero."""

    inputs = ("input", "num_lower", "num_upper")
    type_inputs = ("input",)

    def infer(x, num_lower, num_upper):
        return TensorSpec(shape_util.with_rank_at_least(x.shape, 2), x.dtype)

    def kernel(xp, x, num_lower, num_upper):
        m, n = x.shape[-2:]
        rows = xp.arange(m)[:, None]
        cols = xp.arange(n)[None, :]
        lower, upper = int(num_lower), int(num_upper)
        keep = ((lower < 0) | (rows - cols <= lower)) & ((upper < 0) | (cols - rows <= upper))
        return xp.where(keep, x, xp.zeros_like(x))

    def grad(op, dy):
        return MatrixBandPart.apply(dy, op.inputs[1], op.inputs[2]), None, None


def matrix_band_part(input, num_lower, num_upper, name=None):
    """Zeros everything outside a band around the main diagonal of each matrix."""
    return MatrixBandPart.apply(input, num_lower, num_upper, name=name)


def cholesky(input, name=None):
    """The Cholesky factor L (lower triangular, L @ L^H = input) of each matrix."""
    return Cholesky.apply(input, name=name)


def matrix_determinant(input, name=None):
    """The determinant of each square matrix."""
    return MatrixDeterminant.apply(input, name=name)


def matrix_inverse(input, adjoint=False, name=None):
    """The inverse of each square matrix; a singular one is an InvalidArgumentError."""
    return MatrixInverse.apply(input, name=name, adjoint=adjoint)


def matrix_solve(matrix, rhs, adjoint=False, name=None):
    """Solves matrix @ X = rhs for X."""
    return MatrixSolve.apply(matrix, rhs, name=name, adjoint=adjoint)


def matrix_diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0):
    """Diagonal matrices with the given diagonals.

    As in TF 1.15 (whose MatrixDiagV2 lies beyond its forward-compatibility horizon), k,
    num_rows, num_cols and padding_value are accepted and the main diagonal is used."""
    return MatrixDiag.apply(diagonal, name=name)


def matrix_diag_part(input, name="diag_part", k=0, padding_value=0):
    """The main diagonal of each matrix (k and padding_value accepted and unused, as TF 1.15)."""
    return MatrixDiagPart.apply(input, name=name)


def matrix_set_diag(input, diagonal, name="set_diag", k=0):
    """`input` with the main diagonal of each matrix replaced (k accepted and unused, as
    TF 1.15)."""
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

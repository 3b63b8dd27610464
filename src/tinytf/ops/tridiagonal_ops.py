"""Tridiagonal matrices given by their three diagonals: products and solves (TF's
TridiagonalMatMul and TridiagonalSolve, and tf.linalg's compact/sequence/matrix formats)."""

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import OpDef, TensorSpec, convert_to_tensor, name_scope, register_op
from tinytf.framework.tensor_shape import unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.array_ops import concat, expand_dims, pad, rank, squeeze, stack, zeros
from tinytf.ops.linalg_ops import LINALG_TYPES, _linalg, matrix_diag_part, matrix_transpose
from tinytf.ops.math_ops import conj
from tinytf.ops.reduction_ops import reduce_sum

_FORMATS = ("compact", "sequence", "matrix")


def _dense(xp, superdiag, maindiag, subdiag):
    """The [..., M, M] matrix of three [..., M] diagonals (superdiag[-1], subdiag[0] unused)."""
    m = maindiag.shape[-1]
    out = xp.zeros(maindiag.shape + (m,), dtype=maindiag.dtype)
    i = xp.arange(m)
    out[..., i, i] = maindiag
    out[..., i[:-1], i[1:]] = superdiag[..., :-1]
    out[..., i[1:], i[:-1]] = subdiag[..., 1:]
    return out


@register_op
class TridiagonalMatMul(OpDef):
    """The product of a tridiagonal matrix (three [..., 1, M] diagonals) and rhs [..., M, N]."""

    inputs = ("superdiag", "maindiag", "subdiag", "rhs")
    allowed = LINALG_TYPES

    def infer(superdiag, maindiag, subdiag, rhs):
        diag = shape_util.merge_shapes([superdiag.shape, maindiag.shape, subdiag.shape])
        if diag.ndims is not None and rhs.shape.ndims is not None:
            shape_util.merge_pair(diag[:-2], rhs.shape[:-2])  # equal batch ranks and dims
        return TensorSpec(shape_util.with_rank_at_least(rhs.shape, 2), rhs.dtype)

    def kernel(xp, superdiag, maindiag, subdiag, rhs):
        up, mid, low = (xp.swapaxes(d, -1, -2) for d in (superdiag, maindiag, subdiag))
        out = mid * rhs
        out[..., :-1, :] += up[..., :-1, :] * rhs[..., 1:, :]
        out[..., 1:, :] += low[..., 1:, :] * rhs[..., :-1, :]
        return out

    def grad(op, dy):
        superdiag, maindiag, subdiag, rhs = op.inputs
        up, mid, low = (matrix_transpose(d, conjugate=True) for d in op.inputs[:3])
        rhs_conj = conj(rhs)
        grads = [
            reduce_sum(_shift_up(rhs_conj) * dy, axis=-1),
            reduce_sum(rhs_conj * dy, axis=-1),
            reduce_sum(_shift_down(rhs_conj) * dy, axis=-1),
        ]
        rhs_grad = _shift_down(up * dy) + mid * dy + _shift_up(low * dy)
        return [expand_dims(g, -2) for g in grads] + [rhs_grad]


def _pad_rows(x, before, after):
    """x padded along its next-to-last dimension, whatever its rank."""
    lead = zeros(stack([rank(x) - 2, 2]), D.int32)
    return pad(x, concat([lead, [[before, after], [0, 0]]], 0))


def _shift_up(x):
    return _pad_rows(x[..., 1:, :], 0, 1)


def _shift_down(x):
    return _pad_rows(x[..., :-1, :], 1, 0)


@register_op
class TridiagonalSolve(OpDef):
    """X with A X = rhs for A given by its diagonals [..., 3, M] (super, main, sub)."""

    inputs = ("diagonals", "rhs")
    attrs = {"partial_pivoting": True}
    allowed = LINALG_TYPES

    def infer(diagonals, rhs, *, partial_pivoting):
        if diagonals.shape.ndims is not None:
            dims = shape_util.with_rank_at_least(diagonals.shape, 2).as_list()
            if dims[-2] not in (None, 3):
                raise shape_util.ShapeError(f"Dimension must be 3 but is {dims[-2]}")
        if rhs.shape.ndims is None:
            return TensorSpec(unknown_shape(), rhs.dtype)
        return TensorSpec(shape_util.with_rank_at_least(rhs.shape, 2), rhs.dtype)

    def kernel(xp, diagonals, rhs, *, partial_pivoting):
        a = _dense(xp, diagonals[..., 0, :], diagonals[..., 1, :], diagonals[..., 2, :])
        return _linalg(lambda: xp.linalg.solve(a, rhs), "Input matrix is not invertible.")

    def grad(op, dy):
        diags, x = op.inputs[0], op.outputs[0]
        transposed = stack(
            [_shift_vec(diags[..., 2, :], 1), diags[..., 1, :], _shift_vec(diags[..., 0, :], -1)],
            axis=-2,
        )
        partial_pivoting = op.get_attr("partial_pivoting")
        grad_rhs = TridiagonalSolve.apply(transposed, dy, partial_pivoting=partial_pivoting)
        return -_three_diagonals_of_product(grad_rhs, x), grad_rhs


def _shift_vec(v, step):
    """v shifted one place left (step 1) or right (step -1) along its last dimension, with a
    zero coming in."""
    return _pad_last(v[..., 1:], 0, 1) if step == 1 else _pad_last(v[..., :-1], 1, 0)


def _three_diagonals_of_product(x, y):
    """The compact diagonals of x @ y^T, in O(M K) (TF's _MatmulExtractingThreeDiagonals)."""
    diag = reduce_sum(x * y, axis=-1)
    superdiag = reduce_sum(x * _shift_up(y), axis=-1)
    subdiag = reduce_sum(x * _shift_down(y), axis=-1)
    return stack([superdiag, diag, subdiag], axis=-2)


def _from_matrix(matrix):
    """(superdiag, maindiag, subdiag), each [..., M], of a [..., M, M] matrix."""
    m = matrix.shape.as_list()[-2:] if matrix.shape.ndims is not None else [None, None]
    if m[0] and m[1] and m[0] != m[1]:
        raise ValueError(
            f"Expected last two dimensions of diagonals to be same, got {m[1]} and {m[0]}"
        )
    if not (m[0] or m[1]):
        raise ValueError('The size of the matrix needs to be known for diagonals_format="matrix"')
    up = _pad_last(matrix_diag_part(matrix[..., :-1, 1:]), 0, 1)
    low = _pad_last(matrix_diag_part(matrix[..., 1:, :-1]), 1, 0)
    return up, matrix_diag_part(matrix), low


def _pad_last(v, before, after):
    return squeeze(_pad_rows(expand_dims(v, -1), before, after), -1)


def _diagonals(diagonals, diagonals_format):
    if diagonals_format not in _FORMATS:
        raise ValueError(f"Unrecognized diagonals_format: {diagonals_format}")
    if diagonals_format == "sequence":
        if not isinstance(diagonals, (tuple, list)) or len(diagonals) != 3:
            raise ValueError("Expected diagonals to be a sequence of length 3.")
        return [convert_to_tensor(d) for d in diagonals]
    diagonals = convert_to_tensor(diagonals, name="diagonals")
    if diagonals_format == "matrix":
        return list(_from_matrix(diagonals))
    return [diagonals[..., i, :] for i in range(3)]


def tridiagonal_matmul(diagonals, rhs, diagonals_format="compact", name=None):
    """A @ rhs for a tridiagonal A given by its diagonals (compact, sequence or matrix)."""
    with name_scope(name, "tridiagonal_matmul", [rhs]):
        parts = [expand_dims(d, -2) for d in _diagonals(diagonals, diagonals_format)]
        return TridiagonalMatMul.apply(*parts, rhs)


def _compact(diagonals, diagonals_format):
    """The [..., 3, M] compact diagonals of any format, checked as TF 1.15 checks them."""
    if diagonals_format == "compact":
        compact = convert_to_tensor(diagonals, name="diagonals")
    else:
        superdiag, maindiag, subdiag = _diagonals(diagonals, diagonals_format)
        m = shape_util.known(maindiag.shape[-1])
        if m and shape_util.known(subdiag.shape[-1]) == m - 1:
            subdiag = _pad_last(subdiag, 1, 0)
        if m and shape_util.known(superdiag.shape[-1]) == m - 1:
            superdiag = _pad_last(superdiag, 0, 1)
        compact = stack([superdiag, maindiag, subdiag], axis=-2)
    rank = compact.shape.ndims
    if rank is not None and rank < 2:
        raise ValueError(f"Expected diagonals to have rank at least 2, got {rank}")
    if rank is not None and compact.shape.as_list()[-2] not in (None, 3):
        raise ValueError(f"Expected 3 diagonals got {compact.shape.as_list()[-2]}")
    return compact


def tridiagonal_solve(
    diagonals,
    rhs,
    diagonals_format="compact",
    transpose_rhs=False,
    conjugate_rhs=False,
    name=None,
    partial_pivoting=True,
):
    """Solves A X = rhs for a tridiagonal A given by its diagonals."""
    if diagonals_format not in _FORMATS:
        raise ValueError(f"Unrecognized diagonals_format: {diagonals_format}")
    with name_scope(name, "tridiagonal_solve", [rhs]) as scope:
        compact = _compact(diagonals, diagonals_format)
        rhs = convert_to_tensor(rhs, name="rhs")
        attrs = {"partial_pivoting": partial_pivoting}
        if rhs.shape.ndims is not None and rhs.shape.ndims == compact.shape.ndims - 1:
            rhs = expand_dims(conj(rhs) if conjugate_rhs else rhs, -1)
            return squeeze(TridiagonalSolve.apply(compact, rhs, **attrs), -1, name=scope)
        if transpose_rhs:
            rhs = matrix_transpose(rhs, conjugate=conjugate_rhs)
        elif conjugate_rhs:
            rhs = conj(rhs)
        out = TridiagonalSolve.apply(compact, rhs, **attrs)
        return matrix_transpose(out) if transpose_rhs else out

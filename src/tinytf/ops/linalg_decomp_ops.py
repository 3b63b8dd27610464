"""Matrix decompositions and solvers: SVD, QR, eigh, LU, triangular and least-squares solves,
square root, logarithm, log-determinant, cross products, and the compositions over them."""

import collections

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import OpDef, TensorSpec, convert_to_tensor, name_scope, register_op
from tinytf.framework.tensor_shape import TensorShape, unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.array_ops import (
    concat,
    expand_dims,
    fill,
    ones_like,
    reshape,
    shape,
    squeeze,
    zeros_like,
)
from tinytf.ops.linalg_ops import (
    LINALG_TYPES,
    _linalg,
    _square,
    cholesky,
    matrix_band_part,
    matrix_diag,
    matrix_diag_part,
    matrix_inverse,
    matrix_set_diag,
    matrix_solve,
    matrix_transpose,
)
from tinytf.ops.math_ops import cast, log, matmul, real, reciprocal, square, where
from tinytf.ops.reduction_ops import reduce_max, reduce_sum


def _dims(shape):
    """[..., M, N] as a list (rank checked), or None for unknown rank."""
    if shape.ndims is None:
        return None
    return shape_util.with_rank_at_least(shape, 2).as_list()


def adjoint(matrix, name=None):
    """The conjugate transpose of the inner-most two dimensions."""
    with name_scope(name, "adjoint", [matrix]):
        return matrix_transpose(convert_to_tensor(matrix, name="matrix"), conjugate=True)


# -- decompositions ------------------------------------------------------------------------------
def _empty_spec(dtype):
    return TensorSpec([0], dtype)


@register_op
class Svd(OpDef):
    """Singular values s (descending), and U, V with input = U diag(s) V^H."""

    inputs = ("input",)
    attrs = {"compute_uv": True, "full_matrices": False}
    allowed = LINALG_TYPES
    list_output = True

    def infer(x, *, compute_uv, full_matrices):
        dims = _dims(x.shape)
        real_dtype = x.dtype.real_dtype
        if dims is None:
            return [TensorSpec(unknown_shape(), real_dtype)] + [
                TensorSpec(unknown_shape(), x.dtype)
            ] * 2
        *batch, m, n = dims
        p = None if m is None or n is None else min(m, n)
        s = TensorSpec(batch + [p], real_dtype)
        if not compute_uv:
            return [s, _empty_spec(x.dtype), _empty_spec(x.dtype)]
        cu, cv = (m, n) if full_matrices else (p, p)
        return [s, TensorSpec(batch + [m, cu], x.dtype), TensorSpec(batch + [n, cv], x.dtype)]

    def kernel(xp, x, *, compute_uv, full_matrices):
        if not compute_uv:
            s = xp.linalg.svd(x, compute_uv=False)
            return [s, xp.zeros((0,), x.dtype), xp.zeros((0,), x.dtype)]
        u, s, vh = xp.linalg.svd(x, full_matrices=full_matrices)
        return [s, u, xp.conj(xp.swapaxes(vh, -1, -2))]

    def grad(op, grad_s, grad_u, grad_v):
        return _svd_grad(op, grad_s, grad_u, grad_v)


def _svd_grad(op, grad_s, grad_u, grad_v):
    """TF 1.15's _SvdGrad (Townsend's derivation)."""
    a = op.inputs[0]
    a_shape = a.shape.with_rank_at_least(2)
    grad_s_mat = matrix_diag(grad_s)
    if not op.get_attr("compute_uv"):
        _, u, v = svd(a, compute_uv=True)
        return matmul(u, matmul(grad_s_mat, v, adjoint_b=True))
    if a.dtype.is_complex:
        raise NotImplementedError(
            "SVD gradient is not implemented for complex types and compute_uv=True."
        )
    m, n = a_shape.as_list()[-2:]
    if m is None or n is None:
        raise NotImplementedError(
            "SVD gradient has not been implemented for input with unknown inner matrix shape."
        )
    full_matrices = op.get_attr("full_matrices")
    s, u, v = op.outputs
    use_adjoint = m > n
    if use_adjoint:
        m, n, u, v, grad_u, grad_v = n, m, v, u, grad_v, grad_u
    if full_matrices and abs(m - n) > 1:
        raise NotImplementedError(
            "svd gradient is not implemented for abs(m - n) > 1 when full_matrices is True"
        )
    s_mat, s2 = matrix_diag(s), square(s)
    eye_s = matrix_diag(ones_like(s))
    f = matrix_set_diag(
        reciprocal(expand_dims(s2, -2) - expand_dims(s2, -1) + eye_s), zeros_like(s)
    )
    v1, grad_v1 = v[..., :, :m], grad_v[..., :, :m]
    f_u = f * matmul(u, grad_u, adjoint_a=True)
    f_v = f * matmul(v1, grad_v1, adjoint_a=True)
    term1_nouv = grad_s_mat + matmul(f_u + adjoint(f_u), s_mat) + matmul(s_mat, f_v + adjoint(f_v))
    grad_a = matmul(u, matmul(term1_nouv, v1, adjoint_b=True))
    if m != n:
        gv1t = matrix_transpose(grad_v1)
        term2_nous = gv1t - matmul(matmul(gv1t, v1), v1, adjoint_b=True)
        if full_matrices:
            v2, grad_v2 = v[..., :, m:n], grad_v[..., :, m:n]
            term2_nous -= matmul(matmul(v1, grad_v2, adjoint_a=True), v2, adjoint_b=True)
        grad_a += matmul(matmul(u, matrix_diag(reciprocal(s))), term2_nous)
    return matrix_transpose(grad_a) if use_adjoint else grad_a


@register_op
class Qr(OpDef):
    """Q (orthonormal columns) and R (upper triangular) with input = Q R."""

    inputs = ("input",)
    attrs = {"full_matrices": False}
    allowed = LINALG_TYPES
    list_output = True

    def infer(x, *, full_matrices):
        dims = _dims(x.shape)
        if dims is None:
            return [TensorSpec(unknown_shape(), x.dtype)] * 2
        *batch, m, n = dims
        p = m if full_matrices else (None if m is None or n is None else min(m, n))
        return [TensorSpec(batch + [m, p], x.dtype), TensorSpec(batch + [p, n], x.dtype)]

    def kernel(xp, x, *, full_matrices):
        q, r = xp.linalg.qr(x, mode="complete" if full_matrices else "reduced")
        return [q, r]

    def grad(op, dq, dr):
        q, r = op.outputs
        if q.dtype.is_complex:
            raise NotImplementedError(f"QrGrad not implemented for dtype: {q.dtype}")
        dims = r.shape.as_list() if r.shape.ndims is not None else None
        if dims is None or dims[-2] is None or dims[-1] is None:
            raise NotImplementedError("QrGrad not implemented with dynamic shapes.")
        if dims[-2] != dims[-1]:
            raise NotImplementedError(
                "QrGrad not implemented when ncols > nrows or full_matrices is true and "
                "ncols != nrows."
            )
        qdq = matmul(q, dq, adjoint_a=True)
        rdr = matmul(r, dr, adjoint_b=True)
        tril = matrix_band_part(qdq - adjoint(qdq) + rdr - adjoint(rdr), -1, 0)

        def solve_r(x):  # x @ inv(r)^H, r upper triangular
            return adjoint(matrix_triangular_solve(r, adjoint(x), lower=False))

        return matmul(q, dr + solve_r(tril)) + solve_r(dq - matmul(q, qdq))


@register_op
class SelfAdjointEigV2(OpDef):
    """Eigenvalues (ascending) and eigenvectors of self-adjoint matrices (lower triangle)."""

    inputs = ("input",)
    attrs = {"compute_v": True}
    allowed = LINALG_TYPES
    list_output = True

    def infer(x, *, compute_v):
        sq = _square(x.shape)
        real_dtype = x.dtype.real_dtype
        if sq.ndims is None:
            return [TensorSpec(unknown_shape(), real_dtype), TensorSpec(unknown_shape(), x.dtype)]
        e = TensorSpec(sq[:-1], real_dtype)
        return [e, TensorSpec(sq, x.dtype) if compute_v else _empty_spec(x.dtype)]

    def kernel(xp, x, *, compute_v):
        if not compute_v:
            return [xp.linalg.eigvalsh(x), xp.zeros((0,), x.dtype)]
        e, v = xp.linalg.eigh(x)
        return [e, v]

    def grad(op, grad_e, grad_v):
        e = op.outputs[0]
        grad_e = cast(grad_e, op.inputs[0].dtype)
        if op.get_attr("compute_v"):
            v = op.outputs[1]
            f = matrix_set_diag(reciprocal(expand_dims(e, -2) - expand_dims(e, -1)), zeros_like(e))
            f = cast(f, v.dtype)
            inner = matrix_diag(grad_e) + f * matmul(v, grad_v, adjoint_a=True)
        else:
            _, v = self_adjoint_eig(op.inputs[0])
            inner = matrix_diag(grad_e)
        grad_a = matmul(v, matmul(inner, v, adjoint_b=True))
        grad_a = matrix_band_part(grad_a + adjoint(grad_a), -1, 0)
        return matrix_set_diag(grad_a, 0.5 * matrix_diag_part(grad_a))


def _lu_factor(xp, a):
    """Batched LU with partial pivoting (as LAPACK getrf): a[..., perm, :] = L @ U."""
    lu = xp.array(a, copy=True)
    n = lu.shape[-1]
    batch = lu.shape[:-2]
    perm = xp.broadcast_to(xp.arange(n), batch + (n,)).copy()
    index = xp.indices(batch) if batch else ()
    for k in range(n):
        pivot = xp.argmax(xp.abs(lu[..., k:, k]), axis=-1) + k
        rows_k, rows_p = (*index, k), (*index, pivot)
        lu[rows_k], lu[rows_p] = lu[rows_p].copy(), lu[rows_k].copy()
        perm[(*index, k)], perm[(*index, pivot)] = perm[(*index, pivot)], perm[(*index, k)]
        diag = lu[..., k, k]
        if xp.any(diag == 0):
            raise InvalidArgumentError(None, None, "Input is not invertible.")
        lu[..., k + 1 :, k] /= diag[..., None]
        lu[..., k + 1 :, k + 1 :] -= lu[..., k + 1 :, k : k + 1] * lu[..., k : k + 1, k + 1 :]
    return lu, perm


@register_op
class Lu(OpDef):
    """The LU decomposition with partial pivoting: L (unit lower) and U packed in one matrix,
    and the permutation p with input[..., p, :] = L @ U."""

    inputs = ("input",)
    attrs = {"output_idx_type": D.int32}
    allowed = LINALG_TYPES
    list_output = True

    def infer(x, *, output_idx_type):
        sq = _square(x.shape)
        p = unknown_shape() if sq.ndims is None else sq[:-1]
        return [TensorSpec(sq, x.dtype), TensorSpec(p, output_idx_type)]

    def kernel(xp, x, *, output_idx_type):
        lu, perm = _lu_factor(xp, x)
        return [lu, perm.astype(output_idx_type.as_numpy_dtype)]


@register_op
class LogMatrixDeterminant(OpDef):
    """sign and log(|det|) of each square matrix."""

    inputs = ("input",)
    allowed = LINALG_TYPES
    list_output = True

    def infer(x):
        sq = _square(x.shape)
        batch = unknown_shape() if sq.ndims is None else sq[:-2]
        return [TensorSpec(batch, x.dtype), TensorSpec(batch, x.dtype)]

    def kernel(xp, x):
        sign, logdet = xp.linalg.slogdet(x)
        return [sign.astype(x.dtype), logdet.astype(x.dtype)]

    def grad(op, _, grad_b):
        a, c = op.inputs[0], op.outputs[1]
        multipliers = reshape(grad_b, concat([shape(c), [1, 1]], 0))
        return multipliers * matrix_inverse(a, adjoint=True)


# -- solvers -----------------------------------------------------------------------------------
def _solve_shape(matrix, rhs):
    m = _square(matrix.shape)
    if m.ndims is None or rhs.shape.ndims is None:
        return unknown_shape()
    r = shape_util.with_rank(rhs.shape, m.ndims).as_list()
    shape_util.merge_pair(TensorShape(m.as_list()[:-1]), TensorShape(r[:-1]))
    return TensorShape(m.as_list()[:-1] + r[-1:])


@register_op
class MatrixTriangularSolve(OpDef):
    """X with matrix @ X = rhs, reading only the lower (or upper) triangle of matrix."""

    inputs = ("matrix", "rhs")
    attrs = {"lower": True, "adjoint": False}
    allowed = LINALG_TYPES

    def infer(matrix, rhs, *, lower, adjoint):
        return TensorSpec(_solve_shape(matrix, rhs), rhs.dtype)

    def kernel(xp, matrix, rhs, *, lower, adjoint):
        tri = xp.tril(matrix) if lower else xp.triu(matrix)
        if adjoint:
            tri = xp.conj(xp.swapaxes(tri, -1, -2))
        return _linalg(lambda: xp.linalg.solve(tri, rhs), "Input matrix is not invertible.")

    def grad(op, dy):
        a, c = op.inputs[0], op.outputs[0]
        adjoint_a, lower_a = op.get_attr("adjoint"), op.get_attr("lower")
        grad_b = matrix_triangular_solve(a, dy, lower=lower_a, adjoint=not adjoint_a)
        if adjoint_a:
            grad_a = -matmul(c, grad_b, adjoint_b=True)
        else:
            grad_a = -matmul(grad_b, c, adjoint_b=True)
        band = (-1, 0) if lower_a else (0, -1)
        return matrix_band_part(grad_a, *band), grad_b


def _regularized_gramian_cholesky(matrix, l2_regularizer, first_kind):
    gramian = matmul(matrix, matrix, adjoint_a=first_kind, adjoint_b=not first_kind)
    if isinstance(l2_regularizer, (int, float)) and l2_regularizer == 0:
        return cholesky(gramian)
    return cholesky(gramian + l2_regularizer * matrix_diag(ones_like(matrix_diag_part(gramian))))


@register_op
class MatrixSolveLs(OpDef):
    """The least-squares solution of matrix @ X = rhs with L2 regularization."""

    inputs = ("matrix", "rhs", "l2_regularizer")
    type_inputs = ("matrix", "rhs")
    attrs = {"fast": True}
    allowed = LINALG_TYPES

    def infer(matrix, rhs, l2, *, fast):
        dm, dr = _dims(matrix.shape), _dims(rhs.shape)
        if dm is None or dr is None:
            return TensorSpec(unknown_shape(), matrix.dtype)
        shape_util.with_rank(rhs.shape, len(dm))
        rows = shape_util.merge_pair(TensorShape(dm[:-1]), TensorShape(dr[:-1])).as_list()
        return TensorSpec(rows[:-1] + [dm[-1], dr[-1]], matrix.dtype)

    def kernel(xp, a, b, l2, *, fast):
        l2 = float(l2)
        ah = xp.conj(xp.swapaxes(a, -1, -2))
        m, n = a.shape[-2:]
        if not fast:
            return _lstsq_complete(xp, a, b)
        msg = "Input matrix is not invertible."
        if m >= n:
            gram = ah @ a + l2 * xp.eye(n, dtype=a.dtype)
            return _linalg(lambda: xp.linalg.solve(gram, ah @ b), msg)
        gram = a @ ah + l2 * xp.eye(m, dtype=a.dtype)
        return ah @ _linalg(lambda: xp.linalg.solve(gram, b), msg)

    def grad(op, dy):
        if op.get_attr("fast") is False:
            raise ValueError("Gradient not defined for fast=False")
        dims = op.inputs[0].shape.as_list()[-2:]
        if None in dims:
            raise NotImplementedError("MatrixSolveLs gradient needs known matrix dimensions.")
        if dims[0] >= dims[1]:
            return _solve_ls_overdetermined(op, dy)
        return _solve_ls_underdetermined(op, dy)


def _lstsq_complete(xp, a, b):
    """The minimum-norm least-squares solution (TF's fast=False path), matrix by matrix."""
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = xp.broadcast_to(a, batch + a.shape[-2:]).reshape((-1,) + a.shape[-2:])
    b = xp.broadcast_to(b, batch + b.shape[-2:]).reshape((-1,) + b.shape[-2:])
    out = [xp.linalg.lstsq(ai, bi, rcond=None)[0] for ai, bi in zip(a, b)]
    return xp.stack(out).reshape(batch + (a.shape[-1], b.shape[-1])).astype(a.dtype)


def _solve_ls_overdetermined(op, grad):
    a, b, x = op.inputs[0], op.inputs[1], op.outputs[0]
    l2 = cast(op.inputs[2], a.dtype.base_dtype)
    chol = _regularized_gramian_cholesky(a, l2, first_kind=True)
    z = cholesky_solve(chol, grad)
    xzt = matmul(x, z, adjoint_b=True)
    zx_sym = xzt + matrix_transpose(xzt)
    return -matmul(a, zx_sym) + matmul(b, z, adjoint_b=True), matmul(a, z), None


def _solve_ls_underdetermined(op, grad):
    a, b = op.inputs[0], op.inputs[1]
    l2 = cast(op.inputs[2], a.dtype.base_dtype)
    chol = _regularized_gramian_cholesky(a, l2, first_kind=False)
    grad_b = cholesky_solve(chol, matmul(a, grad))
    tmp = cholesky_solve(chol, b)
    a1 = -matmul(grad_b, matmul(tmp, a, adjoint_a=True))
    a2 = matmul(tmp, grad - matmul(a, grad_b, adjoint_a=True), adjoint_b=True)
    return a1 + a2, grad_b, None


# -- matrix functions ----------------------------------------------------------------------------
def _scipy_linalg():
    try:
        import scipy.linalg
    except ImportError:  # pragma: no cover - the extra is installed in CI
        raise ImportError(
            "This matrix function needs SciPy: pip install 'tinytf[special]'"
        ) from None
    return scipy.linalg


def _per_matrix(xp, fn, x):
    flat = x.reshape((-1,) + x.shape[-2:])
    out = [fn(m) for m in flat]
    return xp.asarray(out, dtype=x.dtype).reshape(x.shape) if out else xp.asarray(x)


@register_op
class MatrixSquareRoot(OpDef):
    """The principal square root of each square matrix (Schur method)."""

    inputs = ("input",)
    allowed = LINALG_TYPES

    def infer(x):
        return TensorSpec(_square(x.shape), x.dtype)

    def kernel(xp, x):
        sqrtm = _scipy_linalg().sqrtm
        return _per_matrix(xp, lambda m: np.real_if_close(sqrtm(m), tol=1e8), x)

    def grad(op, dy):
        return _matrix_square_root_grad(op.outputs[0], dy)


def _kronecker(b1, b2):
    """Batched Kronecker products of square matrices (as TF's _KroneckerProduct)."""
    s1, s2 = shape(b1), shape(b2)
    n1, n2 = s1[-1], s2[-1]
    batch = s1[:-2]
    r1 = reshape(b1, concat([batch, [n1], [1], [n1], [1]], 0))
    r2 = reshape(b2, concat([batch, [1], [n2], [1], [n2]], 0))
    return reshape(r1 * r2, concat([batch, [n1 * n2], [n1 * n2]], 0))


def _matrix_square_root_grad(sqrtm, grad):
    """Solves R dA' + dA' R = dR for the vectorized dA, as TF 1.15."""
    s = shape(sqrtm)
    n = s[-1]
    eye_batch = matrix_diag(ones_like(matrix_diag_part(sqrtm)))
    ksum = _kronecker(eye_batch, matrix_transpose(sqrtm)) + _kronecker(sqrtm, eye_batch)
    vec_da = reshape(matrix_transpose(grad), concat([s[:-2], [n * n], [1]], 0))
    return matrix_transpose(reshape(matrix_solve(ksum, vec_da), s))


@register_op
class MatrixLogarithm(OpDef):
    """The principal matrix logarithm of each square complex matrix."""

    inputs = ("input",)
    allowed = frozenset({D.complex64, D.complex128})

    def infer(x):
        return TensorSpec(_square(x.shape), x.dtype)

    def kernel(xp, x):
        return _per_matrix(xp, _scipy_linalg().logm, x)


@register_op
class Cross(OpDef):
    """The pairwise cross product of 3-element vectors (last dimension)."""

    inputs = ("a", "b")
    allowed = D.REAL_NUMBERS

    def infer(a, b):
        merged = shape_util.merge_pair(a.shape, b.shape)
        if merged.ndims is not None:
            shape_util.with_rank_at_least(merged, 1)
            last = merged.as_list()[-1]
            if last is not None and last != 3:
                raise shape_util.ShapeError(f"Dimension must be 3 but is {last}")
        return TensorSpec(merged, a.dtype)

    def kernel(xp, a, b):
        return xp.cross(a, b).astype(a.dtype)

    def grad(op, dy):
        u, v = op.inputs
        return cross(v, dy), cross(dy, u)


# -- public wrappers ---------------------------------------------------------------------------
def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """Singular values (and U, V): returns s, or (s, u, v) with tensor = u diag(s) v^H."""
    s, u, v = Svd.apply(tensor, name=name, compute_uv=compute_uv, full_matrices=full_matrices)
    return (s, u, v) if compute_uv else s


_QrOut = collections.namedtuple("Qr", "q r")
_LuOut = collections.namedtuple("Lu", "lu p")
_SlogdetOut = collections.namedtuple("LogMatrixDeterminant", "sign log_abs_determinant")


def qr(input, full_matrices=False, name=None):
    """The QR decomposition (q, r) of each matrix."""
    return _QrOut(*Qr.apply(input, name=name, full_matrices=full_matrices))


def self_adjoint_eig(tensor, name=None):
    """Eigenvalues (ascending) and eigenvectors (e, v) of each self-adjoint matrix."""
    return tuple(SelfAdjointEigV2.apply(tensor, name=name, compute_v=True))


def self_adjoint_eigvals(tensor, name=None):
    """The eigenvalues (ascending) of each self-adjoint matrix."""
    return SelfAdjointEigV2.apply(tensor, name=name, compute_v=False)[0]


def lu(input, output_idx_type=D.int32, name=None):
    """(lu, p): L (unit lower) and U packed in lu, with input[..., p, :] = L @ U."""
    return _LuOut(*Lu.apply(input, name=name, output_idx_type=D.as_dtype(output_idx_type)))


def slogdet(input, name=None):
    """(sign, log_abs_determinant) of each square matrix."""
    return _SlogdetOut(*LogMatrixDeterminant.apply(input, name=name))


def logdet(matrix, name=None):
    """log(det(matrix)) of Hermitian positive definite matrices, through Cholesky."""
    with name_scope(name, "logdet", [matrix]):
        chol = cholesky(matrix)
        return 2.0 * reduce_sum(log(real(matrix_diag_part(chol))), axis=[-1])


def matrix_triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    """Solves matrix @ X = rhs for a lower (or upper) triangular matrix."""
    return MatrixTriangularSolve.apply(matrix, rhs, name=name, lower=lower, adjoint=adjoint)


def cholesky_solve(chol, rhs, name=None):
    """Solves A X = rhs given chol, the Cholesky factor of A."""
    with name_scope(name, "cholesky_solve", [chol, rhs]):
        y = matrix_triangular_solve(chol, rhs, adjoint=False, lower=True)
        return matrix_triangular_solve(chol, y, adjoint=True, lower=True)


def matrix_solve_ls(matrix, rhs, l2_regularizer=0.0, fast=True, name=None):
    """The (regularized) least-squares solution X of matrix @ X = rhs."""
    with name_scope(name, "MatrixSolveLs", [matrix, rhs]) as scope:
        matrix = convert_to_tensor(matrix, name="matrix")
        l2 = convert_to_tensor(l2_regularizer, dtype=D.float64, name="l2_regularizer")
        return MatrixSolveLs.apply(matrix, rhs, l2, name=scope, fast=fast)


def matrix_square_root(input, name=None):
    """The principal square root of each square matrix."""
    return MatrixSquareRoot.apply(input, name=name)


def logm(input, name=None):
    """The principal logarithm of each square complex matrix."""
    return MatrixLogarithm.apply(input, name=name)


def cross(a, b, name=None):
    """The pairwise cross product of 3-vectors."""
    return Cross.apply(a, b, name=name)


def matvec(
    a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False, name=None
):
    """a @ b for matrices a and vectors b (the last dimension of b)."""
    with name_scope(name, "MatVec", [a, b]):
        prod = matmul(a, expand_dims(b, -1), transpose_a=transpose_a, adjoint_a=adjoint_a)
        return squeeze(prod, axis=-1)


def _default_rcond(a):
    dims = a.shape.as_list()[-2:] if a.shape.ndims is not None else [None, None]
    if None in dims:
        s = cast(shape(a)[-2:], a.dtype.real_dtype)
        biggest = reduce_max(s)
    else:
        biggest = float(max(dims))
    return 10.0 * biggest * float(np.finfo(a.dtype.real_dtype.as_numpy_dtype).eps)


def pinv(a, rcond=None, validate_args=False, name=None):
    """The Moore-Penrose pseudo-inverse, through the SVD (singular values <= rcond*max: 0)."""
    with name_scope(name or "pinv", "pinv", [a, rcond]):
        a = convert_to_tensor(a, name="a")
        if not a.dtype.is_floating:
            raise TypeError(f"Input `a` must have `float`-like `dtype` (saw {a.dtype.name}).")
        if rcond is None:
            rcond = _default_rcond(a)
        s, u, v = svd(a, full_matrices=False, compute_uv=True)
        cutoff = rcond * reduce_max(s, axis=-1)
        keep = s > expand_dims(cutoff, -1)
        inf = fill(shape(s), np.array(np.inf, dtype=s.dtype.as_numpy_dtype))
        s = where(keep, s, inf)
        return matmul(v / cast(expand_dims(s, -2), v.dtype), u, adjoint_b=True)


def matrix_rank(a, tol=None, validate_args=False, name=None):
    """The number of singular values above tol (default: eps * max(M, N) * max(s))."""
    with name_scope(name or "matrix_rank", "matrix_rank", [a, tol]):
        a = convert_to_tensor(a, name="a")
        s = svd(a, compute_uv=False)
        if tol is None:
            dims = a.shape.as_list()[-2:]
            eps = float(np.finfo(a.dtype.real_dtype.as_numpy_dtype).eps)
            if None in dims:
                biggest = reduce_max(cast(shape(a)[-2:], s.dtype))
            else:
                biggest = float(max(dims))
            tol = eps * biggest * reduce_max(s, axis=-1, keepdims=True)
        return reduce_sum(cast(s > tol, D.int32), axis=-1)

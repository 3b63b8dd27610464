"""The arithmetic of SparseTensors (TF's sparse_ops.py, its math half): adding, reducing,
softmax, and the element-wise ops with dense tensors and between SparseTensors. Indices are
int64 [N, rank] in row-major order, as TF's kernels expect them."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.framework.tensor_shape import TensorShape, unknown_shape
from tinytf.ops import array_ops, indexing_ops, math_ops, reduction_ops, sequence_ops, shape_util
from tinytf.ops.sparse_ops import (
    SPARSE_TYPES,
    SparseTensor,
    as_sparse,
    check_same_shape,
    positions_in,
    rank_of,
    row_major_order,
    rows_repeat,
    sparse_error,
    sparse_specs,
)


# -- adding ----------------------------------------------------------------------------------------
@register_op
class SparseAdd(OpDef):
    """a + b for two SparseTensors; a sum below `thresh` in magnitude is dropped."""

    inputs = ("a_indices", "a_values", "a_shape", "b_indices", "b_values", "b_shape", "thresh")
    type_inputs = ("a_values", "b_values")
    allowed = D.NUMBERS

    def infer(a_indices, a_values, a_shape, b_indices, b_values, b_shape, thresh):
        return sparse_specs(rank_of(a_shape) or rank_of(b_shape), a_values.dtype)

    def kernel(xp, a_indices, a_values, a_shape, b_indices, b_values, b_shape, thresh):
        check_same_shape(a_shape, b_shape)
        indices = np.concatenate([a_indices, b_indices]).reshape(-1, len(a_shape))
        values = np.concatenate([a_values, b_values])
        order = row_major_order(indices)
        indices, values = indices[order], values[order]
        same = rows_repeat(indices)
        starts = np.flatnonzero(~same)
        sums = np.add.reduceat(values, starts) if len(values) else values
        collided = np.diff(np.append(starts, len(values))) > 1
        keep = ~collided | (np.abs(sums) >= thresh)
        return indices[starts][keep], sums[keep].astype(values.dtype), a_shape.copy()

    def grad(op, _, dvalues, __):
        a_grad, b_grad = SparseAddGrad.apply(dvalues, op.inputs[0], op.inputs[3], op.outputs[0])
        return None, a_grad, None, None, b_grad, None, None


@register_op
class SparseAddGrad(OpDef):
    """The gradients of SparseAdd's two value inputs from that of its sum."""

    inputs = ("backprop_val_grad", "a_indices", "b_indices", "sum_indices")
    type_inputs = ("backprop_val_grad",)

    def infer(grad, a_indices, b_indices, sum_indices):
        rows = [TensorShape([a_indices.shape[0]]), TensorShape([b_indices.shape[0]])]
        return [TensorSpec(s, grad.dtype) for s in rows]

    def kernel(xp, grad, a_indices, b_indices, sum_indices):
        out = []
        for indices in (a_indices, b_indices):
            where = positions_in(indices, sum_indices)
            out.append(np.where(where >= 0, grad[np.maximum(where, 0)], 0).astype(grad.dtype))
        return out


@register_op
class SparseTensorDenseAdd(OpDef):
    """The dense tensor b + a, for a SparseTensor a of b's shape."""

    inputs = ("a_indices", "a_values", "a_shape", "b")
    type_inputs = ("a_values", "b")
    allowed = D.NUMBERS

    def infer(a_indices, a_values, a_shape, b):
        return TensorSpec(b.shape, b.dtype)

    def kernel(xp, a_indices, a_values, a_shape, b):
        if tuple(a_shape.tolist()) != b.shape:
            raise sparse_error(
                f"Dimension mismatch: a_shape [{','.join(map(str, a_shape))}] and "
                f"b's shape [{','.join(map(str, b.shape))}]"
            )
        out = b.copy()
        np.add.at(out, tuple(a_indices.T), a_values)
        return out

    def grad(op, dy):
        return None, sequence_ops.gather_nd(dy, op.inputs[0]), None, dy


NotDifferentiable("SparseAddGrad")


def sparse_add(a, b, threshold=None, thresh=None):
    """a + b where one or both are SparseTensors (a dense Tensor when one is dense)."""
    threshold = thresh if threshold is None else threshold
    a_sparse, b_sparse = isinstance(a, SPARSE_TYPES), isinstance(b, SPARSE_TYPES)
    if not (a_sparse or b_sparse):
        raise TypeError("At least one input should be SparseTensor; do you mean to use tf.add()?")
    if a_sparse and b_sparse:
        a, b = as_sparse(a), as_sparse(b)
        real = a.values.dtype.base_dtype.real_dtype
        threshold = convert_to_tensor(0 if threshold is None else threshold, real, "threshold")
        indices, values, shape = SparseAdd.apply(
            a.indices, a.values, a.dense_shape, b.indices, b.values, b.dense_shape, threshold
        )
        a.shape.assert_is_compatible_with(b.shape)
        static = a.shape.merge_with(b.shape)
        return SparseTensor(
            indices, values, static.as_list() if static.is_fully_defined() else shape
        )
    if b_sparse:
        a, b = b, a
    a = as_sparse(a)
    return SparseTensorDenseAdd.apply(a.indices, a.values, a.dense_shape, b)


# -- reductions ------------------------------------------------------------------------------------
def _reduced_axes(axes, rank):
    axes = np.atleast_1d(axes).astype(np.int64)
    if len(axes) and (axes.min() < -rank or axes.max() >= rank):
        bad = axes[(axes < -rank) | (axes >= rank)][0]
        raise sparse_error(f"Invalid reduction dimension {bad}, for input with {rank} dimensions.")
    return sorted({int(a) % rank for a in axes})


def _reduce_groups(indices, shape, axes, keep_dims):
    """The output shape, and each entry's output index rows (kept columns, or 0 where reduced)."""
    reduced = _reduced_axes(axes, len(shape))
    kept = [d for d in range(len(shape)) if d not in reduced]
    out_shape = [1 if d in reduced else int(shape[d]) for d in range(len(shape))]
    rows = indices.copy()
    rows[:, reduced] = 0
    if not keep_dims:
        out_shape, rows = [out_shape[d] for d in kept], rows[:, kept]
    return np.array(out_shape, np.int64), rows


def _group_max(rows, values):
    """Unique output rows (sorted) and the maximum of the values that fall in each."""
    order = row_major_order(rows)
    rows, values = rows[order], values[order]
    starts = np.flatnonzero(~rows_repeat(rows))
    maxima = np.maximum.reduceat(values, starts) if len(values) else values
    return rows[starts], maxima


class _SparseReduce(OpDef):
    inputs = ("input_indices", "input_values", "input_shape", "reduction_axes")
    type_inputs = ("input_values",)
    attrs = {"keep_dims": False}
    allowed = D.REAL_NUMBERS


def _reduce_spec(shape, axes, keep_dims, dtype):
    shape_value, axes_value = shape_util.constant_value(shape), shape_util.constant_value(axes)
    if shape_value is None or axes_value is None:
        return TensorSpec(unknown_shape(), dtype)
    reduced = _reduced_axes(axes_value, len(shape_value))
    dims = [1 if d in reduced else int(n) for d, n in enumerate(shape_value)]
    if not keep_dims:
        dims = [n for d, n in enumerate(dims) if d not in reduced]
    return TensorSpec(TensorShape(dims), dtype)


def _dense_reduce(indices, values, shape, axes, keep_dims, is_max):
    out_shape, rows = _reduce_groups(indices, shape, axes, keep_dims)
    out = np.zeros(tuple(out_shape), values.dtype)
    if rows.shape[1] == 0:  # every dimension reduced: one group
        out[...] = (values.max() if is_max else values.sum()) if len(values) else 0
        return out
    if is_max:
        rows, values = _group_max(rows, values)
        out[tuple(rows.T)] = values
    else:
        np.add.at(out, tuple(rows.T), values)
    return out


def _sparse_reduce(indices, values, shape, axes, keep_dims, is_max):
    out_shape, rows = _reduce_groups(indices, shape, axes, keep_dims)
    if is_max:
        rows, values = _group_max(rows, values)
    else:
        order = row_major_order(rows)
        rows, values = rows[order], values[order]
        starts = np.flatnonzero(~rows_repeat(rows))
        values = np.add.reduceat(values, starts) if len(values) else values
        rows = rows[starts]
    return rows, values.astype(values.dtype), out_shape


@register_op
class SparseReduceSum(_SparseReduce):
    """The dense sum of a SparseTensor's values over `reduction_axes`."""

    allowed = D.NUMBERS  # sums take complex values too; maxima do not

    def infer(indices, values, shape, axes, *, keep_dims):
        return _reduce_spec(shape, axes, keep_dims, values.dtype)

    def kernel(xp, indices, values, shape, axes, *, keep_dims):
        return _dense_reduce(indices, values, shape, axes, keep_dims, is_max=False)

    def grad(op, dy):
        indices, shape, axes = op.inputs[0], op.inputs[2], op.inputs[3]
        rank = array_ops.size(shape)
        reduced = math_ops.floormod(math_ops.cast(array_ops.reshape(axes, [-1]), D.int32), rank)
        hit = reduction_ops.reduce_sum(array_ops.one_hot(reduced, rank, dtype=D.int64), 0)
        kept = math_ops.cast(math_ops.equal(hit, 0), D.int64)
        dy = array_ops.reshape(dy, shape * kept + (1 - kept))
        return None, sequence_ops.gather_nd(dy, indices * kept), None, None


@register_op
class SparseReduceMax(_SparseReduce):
    """The dense maximum of a SparseTensor's present values over `reduction_axes` (0 where none
    is present)."""

    def infer(indices, values, shape, axes, *, keep_dims):
        return _reduce_spec(shape, axes, keep_dims, values.dtype)

    def kernel(xp, indices, values, shape, axes, *, keep_dims):
        return _dense_reduce(indices, values, shape, axes, keep_dims, is_max=True)


@register_op
class SparseReduceSumSparse(_SparseReduce):
    """SparseReduceSum with a SparseTensor result."""

    allowed = D.NUMBERS  # sums take complex values too; maxima do not

    def infer(indices, values, shape, axes, *, keep_dims):
        return sparse_specs(None, values.dtype)

    def kernel(xp, indices, values, shape, axes, *, keep_dims):
        return _sparse_reduce(indices, values, shape, axes, keep_dims, is_max=False)


@register_op
class SparseReduceMaxSparse(_SparseReduce):
    """SparseReduceMax with a SparseTensor result."""

    def infer(indices, values, shape, axes, *, keep_dims):
        return sparse_specs(None, values.dtype)

    def kernel(xp, indices, values, shape, axes, *, keep_dims):
        return _sparse_reduce(indices, values, shape, axes, keep_dims, is_max=True)


for _name in ("SparseReduceMax", "SparseReduceSumSparse", "SparseReduceMaxSparse"):
    NotDifferentiable(_name)


def _reduction_args(sp_input, axis, keepdims, reduction_axes, keep_dims):
    sp_input = as_sparse(sp_input)
    axis = reduction_axes if axis is None else axis
    keepdims = bool(keep_dims if keepdims is None else keepdims)
    if axis is None:
        rank = sp_input.dense_shape.shape[0].value
        if rank is not None:
            axis = convert_to_tensor(np.arange(rank, dtype=np.int32), name="reduction_axes")
        else:
            axis = math_ops.range(0, array_ops.size(sp_input.dense_shape))
    axis = convert_to_tensor(axis, name="reduction_axes", dtype_hint=D.int32)
    return sp_input, axis, keepdims


def _reducer(opdef, sparse_out, doc, name):
    def reduce(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None):
        sp_input, axis, keepdims = _reduction_args(
            sp_input, axis, keepdims, reduction_axes, keep_dims
        )
        out = opdef.apply(
            sp_input.indices, sp_input.values, sp_input.dense_shape, axis, keep_dims=keepdims
        )
        return SparseTensor(*out) if sparse_out else out

    reduce.__doc__ = doc
    reduce.__name__ = reduce.__qualname__ = name
    return reduce


sparse_reduce_sum = _reducer(
    SparseReduceSum, False, "The dense sum of sp_input over axis.", "sparse_reduce_sum"
)
sparse_reduce_max = _reducer(
    SparseReduceMax,
    False,
    "The dense maximum of sp_input's present values over axis.",
    "sparse_reduce_max",
)
sparse_reduce_sum_sparse = _reducer(
    SparseReduceSumSparse,
    True,
    "The sum of sp_input over axis, as a SparseTensor.",
    "sparse_reduce_sum_sparse",
)
sparse_reduce_max_sparse = _reducer(
    SparseReduceMaxSparse,
    True,
    "The maximum of sp_input's present values, as a SparseTensor.",
    "sparse_reduce_max_sparse",
)


# -- softmax and element-wise ops --------------------------------------------------------------
def _groups(rows):
    """An id per entry naming its group of equal rows, and the number of groups."""
    if rows.shape[1] == 0:
        return np.zeros(len(rows), np.int64), min(len(rows), 1)
    _, ids = np.unique(rows, axis=0, return_inverse=True)
    ids = ids.reshape(-1)
    return ids, (int(ids.max()) + 1 if len(ids) else 0)


@register_op
class SparseSoftmax(OpDef):
    """Softmax over the last dimension of a SparseTensor's present values."""

    inputs = ("sp_indices", "sp_values", "sp_shape")
    type_inputs = ("sp_values",)
    allowed = frozenset({D.float32, D.float64})  # TF's CPU kernel: float and double

    def infer(indices, values, shape):
        return TensorSpec(
            TensorShape([values.shape[0] if values.shape.ndims else None]), values.dtype
        )

    def kernel(xp, indices, values, shape):
        if len(shape) < 2:
            raise sparse_error(
                f"Input should have rank >= 2, but received shape: {' '.join(map(str, shape))}"
            )
        ids, n = _groups(indices[:, :-1])
        peak = np.full(n, -np.inf, values.dtype)
        np.maximum.at(peak, ids, values)
        e = np.exp(values - peak[ids])
        total = np.zeros(n, values.dtype)
        np.add.at(total, ids, e)
        return (e / total[ids]).astype(values.dtype)

    def grad(op, dy):
        indices, shape = op.inputs[0], op.inputs[2]
        out = op.outputs[0]
        product = SparseTensor(indices, out * dy, shape)
        row_sums = -sparse_reduce_sum(product, [-1], keepdims=True)
        shifted = SparseDenseCwiseAdd.apply(indices, dy, shape, row_sums)
        return None, shifted * out, None


def sparse_softmax(sp_input, name=None):
    """Softmax over the last dimension of `sp_input`, over its present entries only."""
    sp_input = as_sparse(sp_input)
    with name_scope(name, "SparseSoftmax", [sp_input]) as scope:
        values = SparseSoftmax.apply(
            sp_input.indices, sp_input.values, sp_input.dense_shape, name=scope
        )
    return SparseTensor(sp_input.indices, values, sp_input.dense_shape)


class _SparseDenseCwise(OpDef):
    inputs = ("sp_indices", "sp_values", "sp_shape", "dense")
    type_inputs = ("sp_values", "dense")
    allowed = D.NUMBERS

    def infer(indices, values, shape, dense):
        return TensorSpec(
            TensorShape([values.shape[0] if values.shape.ndims else None]), values.dtype
        )


def _dense_at(indices, shape, dense):
    shape = tuple(int(d) for d in shape)
    if dense.ndim > len(shape) or any(
        d not in (1, n) for d, n in zip(dense.shape[::-1], shape[::-1])
    ):
        raise sparse_error(
            f"SparseDenseBinaryOpShared broadcasts dense to sparse only; got incompatible shapes:"
            f" [{','.join(map(str, shape))}] vs. [{','.join(map(str, dense.shape))}]"
        )
    return np.broadcast_to(dense, shape)[tuple(indices.T)]


def _cwise_grad(is_mul):
    """TF's _SparseDenseCwiseMulOrDivGrad: dense is broadcast up to the sparse shape."""

    def grad(op, dvalues):
        x_indices, x_values, x_shape, y = op.inputs
        y_shape = math_ops.cast(array_ops.shape(y), D.int64)
        added = array_ops.expand_dims(array_ops.size(x_shape) - array_ops.size(y_shape), 0)
        augmented = array_ops.concat([array_ops.ones(added, D.int64), y_shape], 0)
        scaled = math_ops.floordiv(x_indices, math_ops.floordiv(x_shape, augmented))
        scaled = indexing_ops.slice(scaled, array_ops.concat([[0], added], 0), [-1, -1])
        dense = sequence_ops.gather_nd(y, scaled)
        if is_mul:
            dx, dy = dvalues * dense, dvalues * x_values
        else:
            dx, dy = dvalues / dense, dvalues * (-x_values / math_ops.square(dense))
        dy = sparse_add(array_ops.zeros_like(y), SparseTensor(scaled, dy, y_shape))
        return None, dx, None, dy

    return grad


def _cwise(type_name, fn, doc, grad=None):
    def kernel(xp, indices, values, shape, dense):
        return fn(values, _dense_at(indices, shape, dense)).astype(values.dtype)

    body = {"__doc__": doc, "kernel": kernel}
    if grad is not None:
        body["grad"] = grad
    return register_op(type(type_name, (_SparseDenseCwise,), body))


SparseDenseCwiseAdd = _cwise(
    "SparseDenseCwiseAdd", np.add, "A SparseTensor's values plus the dense entries under them."
)
SparseDenseCwiseMul = _cwise(
    "SparseDenseCwiseMul",
    np.multiply,
    "A SparseTensor's values times the dense entries.",
    _cwise_grad(is_mul=True),
)
SparseDenseCwiseDiv = _cwise(
    "SparseDenseCwiseDiv",
    np.true_divide,
    "A SparseTensor's values over the dense entries.",
    _cwise_grad(is_mul=False),
)

# TF's _TRUEDIV_TABLE: what `sparse / dense` casts integers to (None: no cast).
_TRUEDIV = {
    D.uint8: D.float32,
    D.int8: D.float32,
    D.uint16: D.float32,
    D.int16: D.float32,
    D.int32: D.float64,
    D.int64: D.float64,
    D.float16: None,
    D.float32: None,
    D.float64: None,
    D.complex64: None,
    D.complex128: None,
}


def sparse_dense_cwise(sp_x, y, opdef, default_name):
    """`sp_x * y` or `sp_x / y` (y dense, broadcast to sp_x): a SparseTensor of sp_x's entries."""
    with name_scope(None, default_name, [sp_x, y]) as scope:
        values = sp_x.values
        if opdef is SparseDenseCwiseDiv:
            y = convert_to_tensor(y, name="y", dtype_hint=values.dtype.base_dtype)
            if y.dtype.base_dtype != values.dtype.base_dtype:
                raise TypeError(
                    f"x and y must have the same dtype, got {values.dtype.base_dtype!r} != "
                    f"{y.dtype.base_dtype!r}"
                )
            if values.dtype.base_dtype not in _TRUEDIV:
                raise TypeError(f"Invalid dtype {values.dtype.base_dtype!r} in __truediv__")
            cast = _TRUEDIV[values.dtype.base_dtype]
            if cast is not None:
                values, y = math_ops.cast(values, cast), math_ops.cast(y, cast)
        else:
            y = convert_to_tensor(y, dtype=values.dtype.base_dtype, name="y")
        out = opdef.apply(sp_x.indices, values, sp_x.dense_shape, y, name=scope)
    return SparseTensor(sp_x.indices, out, sp_x.dense_shape)


def _union(a_indices, a_values, a_shape, b_indices, b_values, b_shape):
    """The sorted union of two SparseTensors' index rows, with each side's value (0 if absent)."""
    check_same_shape(a_shape, b_shape)
    rank = len(a_shape)
    both = np.concatenate([a_indices, b_indices]).reshape(-1, rank)
    rows = np.unique(both, axis=0) if len(both) else both
    sides = []
    for indices, values in ((a_indices, a_values), (b_indices, b_values)):
        where = positions_in(rows, indices)
        sides.append(np.where(where >= 0, values[np.maximum(where, 0)] if len(values) else 0, 0))
    return rows, sides


def _sparse_sparse(type_name, fn, doc):
    def infer(a_indices, a_values, a_shape, b_indices, b_values, b_shape):
        return sparse_specs(rank_of(a_shape) or rank_of(b_shape), a_values.dtype)[:2]

    def kernel(xp, a_indices, a_values, a_shape, b_indices, b_values, b_shape):
        rows, (a, b) = _union(a_indices, a_values, a_shape, b_indices, b_values, b_shape)
        return rows, fn(a, b).astype(a_values.dtype)

    body = {
        "__doc__": doc,
        "inputs": ("a_indices", "a_values", "a_shape", "b_indices", "b_values", "b_shape"),
        "type_inputs": ("a_values", "b_values"),
        "allowed": D.REAL_NUMBERS,
        "infer": infer,
        "kernel": kernel,
    }
    return register_op(type(type_name, (OpDef,), body))


SparseSparseMaximum = _sparse_sparse(
    "SparseSparseMaximum", np.maximum, "The element-wise maximum of two SparseTensors."
)
SparseSparseMinimum = _sparse_sparse(
    "SparseSparseMinimum", np.minimum, "The element-wise minimum of two SparseTensors."
)


def _sparse_pair(opdef, default_name):
    def apply(sp_a, sp_b, name=None):
        sp_a, sp_b = as_sparse(sp_a), as_sparse(sp_b)
        with name_scope(name, default_name, [sp_a, sp_b]) as scope:
            indices, values = opdef.apply(
                sp_a.indices,
                sp_a.values,
                sp_a.dense_shape,
                sp_b.indices,
                sp_b.values,
                sp_b.dense_shape,
                name=scope,
            )
        return SparseTensor(indices, values, sp_a.dense_shape)

    apply.__doc__ = f"The element-wise {default_name[12:].lower()} of two SparseTensors."
    apply.__name__ = apply.__qualname__ = f"sparse_{default_name[12:].lower()}"
    return apply


sparse_maximum = _sparse_pair(SparseSparseMaximum, "SparseSparseMaximum")
sparse_minimum = _sparse_pair(SparseSparseMinimum, "SparseSparseMinimum")


# -- SparseMatMul: a dense product whose operands are hinted to be mostly zeros ----------------
_MATMUL_TYPES = frozenset({D.float32, D.bfloat16})


@register_op
class SparseMatMul(OpDef):
    """The float32 product a @ b; a_is_sparse / b_is_sparse are only hints (TF's SparseMatMul)."""

    inputs = ("a", "b")
    type_inputs = ()
    attrs = {"transpose_a": False, "transpose_b": False, "a_is_sparse": False, "b_is_sparse": False}

    def infer(a, b, *, transpose_a, transpose_b, a_is_sparse, b_is_sparse):
        for name, t in (("a", a), ("b", b)):
            if t.dtype.base_dtype not in _MATMUL_TYPES:
                raise TypeError(
                    f"Value passed to parameter '{name}' has DataType {t.dtype.base_dtype.name} "
                    "not in list of allowed values: float32, bfloat16"
                )
        a_dims = shape_util.with_rank(a.shape, 2).as_list()
        b_dims = shape_util.with_rank(b.shape, 2).as_list()
        rows, inner = a_dims[::-1] if transpose_a else a_dims
        inner2, cols = b_dims[::-1] if transpose_b else b_dims
        shape_util.merge_dim(inner, inner2)
        return TensorSpec(TensorShape([rows, cols]), D.float32)

    def kernel(xp, a, b, *, transpose_a, transpose_b, a_is_sparse, b_is_sparse):
        a = a.T if transpose_a else a
        b = b.T if transpose_b else b
        if a.shape[1] != b.shape[0]:
            raise sparse_error(
                f"Matrix size-incompatible: In[0]: {list(a.shape)}, In[1]: {list(b.shape)}"
            )
        return xp.matmul(a.astype(np.float32), b.astype(np.float32))

    def grad(op, dy):
        a, b = op.inputs
        t_a, t_b = op.get_attr("transpose_a"), op.get_attr("transpose_b")

        def product(x, y, dtype, transpose_x=False, transpose_y=False):
            out = math_ops.matmul(x, y, transpose_a=transpose_x, transpose_b=transpose_y)
            return out if out.dtype == dtype else math_ops.cast(out, dtype)

        da, db = a.dtype.base_dtype, b.dtype.base_dtype
        if not t_a and not t_b:
            return product(dy, b, da, transpose_y=True), product(a, dy, db, transpose_x=True)
        if not t_a and t_b:
            return product(dy, b, da), product(dy, a, db, transpose_x=True)
        if t_a and not t_b:
            return product(b, dy, da, transpose_y=True), product(a, dy, db)
        return (
            product(b, dy, da, transpose_x=True, transpose_y=True),
            product(dy, a, db, transpose_x=True, transpose_y=True),
        )


def sparse_matmul(
    a, b, transpose_a=False, transpose_b=False, a_is_sparse=False, b_is_sparse=False, name=None
):
    """a @ b in float32 (TF's SparseMatMul); the is_sparse flags are performance hints."""
    with name_scope(name, "SparseMatMul", [a, b]) as scope:
        # TF converts non-tensors with the attrs' default type, float32.
        a = convert_to_tensor(a, name="a", dtype_hint=D.float32)
        b = convert_to_tensor(b, name="b", dtype_hint=D.float32)
    return SparseMatMul.apply(
        a,
        b,
        name=scope,
        transpose_a=transpose_a,
        transpose_b=transpose_b,
        a_is_sparse=a_is_sparse,
        b_is_sparse=b_is_sparse,
    )

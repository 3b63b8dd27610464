"""The layout ops of SparseTensors (TF's sparse_ops.py, its array half): reorder, reshape,
slice, split, concat, fill_empty_rows, and the compositions TF builds in Python (retain,
reset_shape, transpose, expand_dims, eye, merge, to_indicator, mask, from_dense)."""

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
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import array_ops, indexing_ops, math_ops, reduction_ops, sequence_ops, shape_util
from tinytf.ops.sparse_ops import (
    SPARSE_TYPES,
    SparseTensor,
    SparseTensorValue,
    as_sparse,
    positions_in,
    rank_of,
    row_major_order,
    sparse_error,
    sparse_specs,
)


# -- reordering, reshaping, slicing ------------------------------------------------------------
@register_op
class SparseReorder(OpDef):
    """The same SparseTensor with its entries in row-major order."""

    inputs = ("input_indices", "input_values", "input_shape")
    type_inputs = ("input_values",)

    def infer(indices, values, shape):
        return sparse_specs(rank_of(shape), values.dtype)[:2]

    def kernel(xp, indices, values, shape):
        order = row_major_order(indices)
        return indices[order], values[order]

    def grad(op, _, dvalues):
        entries = math_ops.range(array_ops.shape(op.inputs[0], out_type=D.int64)[0])
        _, ordered = SparseReorder.apply(op.inputs[0], entries, op.inputs[2])
        inverse = array_ops.InvertPermutation.apply(ordered)
        return None, indexing_ops.gather(dvalues, inverse), None


def sparse_reorder(sp_input, name=None):
    """`sp_input` with its entries in canonical row-major order."""
    sp_input = as_sparse(sp_input)
    with name_scope(name, "SparseReorder", [sp_input]) as scope:
        indices, values = SparseReorder.apply(
            sp_input.indices, sp_input.values, sp_input.dense_shape, name=scope
        )
    return SparseTensor(indices, values, _static_or(sp_input.shape, sp_input.dense_shape))


def _static_or(shape, tensor):
    return shape.as_list() if shape.is_fully_defined() else tensor


def _resolve_new_shape(new_shape, size):
    unknown = [d for d, n in enumerate(new_shape) if n == -1]
    if len(unknown) > 1:
        raise sparse_error(
            f"only one output dimension may be -1, not both {unknown[0]} and {unknown[1]}"
        )
    known = int(np.prod([n for n in new_shape if n != -1]))
    out = list(new_shape)
    if unknown:
        if known == 0 or size % known:
            raise sparse_error(
                f"Input to reshape is a SparseTensor with {size} dense values, but the requested "
                f"shape requires a multiple of {known}"
            )
        out[unknown[0]] = size // known
    elif known != size:
        raise sparse_error(
            f"Input to reshape is a tensor with {size} dense values, but the requested shape has "
            f"{known}"
        )
    return np.array(out, np.int64)


@register_op
class SparseReshape(OpDef):
    """The indices and shape of a SparseTensor reshaped to `new_shape` (one -1 allowed)."""

    inputs = ("input_indices", "input_shape", "new_shape")

    def infer(indices, shape, new_shape):
        rank = new_shape.shape[0].value if new_shape.shape.ndims == 1 else None
        return [
            TensorSpec(
                TensorShape([indices.shape[0] if indices.shape.ndims else None, rank]), D.int64
            ),
            TensorSpec(TensorShape([rank]), D.int64),
        ]

    def kernel(xp, indices, shape, new_shape):
        out_shape = _resolve_new_shape(new_shape.tolist(), int(np.prod(shape)))
        flat = (
            np.ravel_multi_index(tuple(indices.T), shape)
            if len(shape)
            else np.zeros(len(indices), np.int64)
        )
        out = np.stack(np.unravel_index(flat, out_shape), 1) if len(out_shape) else None
        if out is None:
            out = np.zeros((len(indices), 0), np.int64)
        return out.astype(np.int64), out_shape


NotDifferentiable("SparseReshape")


def sparse_reshape(sp_input, shape, name=None):
    """`sp_input` with the dense shape `shape` (row-major, like tf.reshape)."""
    sp_input = as_sparse(sp_input)
    with name_scope(name, "SparseReshape", [sp_input]) as scope:
        shape = convert_to_tensor(shape, D.int64, "shape")
        indices, out_shape = SparseReshape.apply(
            sp_input.indices, sp_input.dense_shape, shape, name=scope
        )
        static = shape_util.constant_value(shape)
        if static is not None and sp_input.shape.is_fully_defined():
            out_shape = _static_reshape(sp_input.shape.num_elements(), static.tolist())
    return SparseTensor(indices, array_ops.identity(sp_input.values), out_shape)


def _static_reshape(size, requested):
    """TF's build-time check of a constant new shape (one -1 resolved)."""
    implied = [d for d, n in enumerate(requested) if n == -1]
    if len(implied) > 1:
        found = " ".join(str(n) for n in requested)
        raise ValueError(f"At most one dimension can be inferred (-1). Found: [{found}]")
    shape = list(requested)
    if implied:
        others = requested[: implied[0]] + requested[implied[0] + 1 :]
        shape[implied[0]] = size // int(np.prod(others))
    if int(np.prod(shape)) != size:
        raise ValueError(
            f"Cannot reshape a tensor with {size} elements to shape {requested} "
            f"({int(np.prod(shape))} elements)."
        )
    return shape


def _slice_shape(shape, start, size):
    return np.array([max(0, min(b + n, d) - b) for d, b, n in zip(shape, start, size)], np.int64)


def _in_slice(indices, start, size):
    return np.all((indices >= start) & (indices < start + size), axis=1)


@register_op
class SparseSlice(OpDef):
    """The entries of a SparseTensor inside [start, start + size), shifted to start at 0."""

    inputs = ("indices", "values", "shape", "start", "size")
    type_inputs = ("values",)

    def infer(indices, values, shape, start, size):
        return sparse_specs(rank_of(shape), values.dtype)

    def kernel(xp, indices, values, shape, start, size):
        keep = _in_slice(indices, start, size) if len(indices) else np.zeros(0, bool)
        return indices[keep] - start, values[keep], _slice_shape(shape, start, size)

    def grad(op, _, dvalues, __):
        indices, start = op.inputs[0], op.inputs[3]
        return None, SparseSliceGrad.apply(dvalues, indices, start, op.outputs[0]), None, None, None


@register_op
class SparseSliceGrad(OpDef):
    """SparseSlice's value gradient: the sliced entries' gradients, zero elsewhere."""

    inputs = ("backprop_val_grad", "input_indices", "input_start", "output_indices")
    type_inputs = ("backprop_val_grad",)

    def infer(grad, indices, start, output_indices):
        return TensorSpec(
            TensorShape([indices.shape[0] if indices.shape.ndims else None]), grad.dtype
        )

    def kernel(xp, grad, indices, start, output_indices):
        where = positions_in(indices - start, output_indices)
        return np.where(where >= 0, grad[np.maximum(where, 0)] if len(grad) else 0, 0).astype(
            grad.dtype
        )


NotDifferentiable("SparseSliceGrad")


def sparse_slice(sp_input, start, size, name=None):
    """The part of `sp_input` in [start, start + size), as a SparseTensor."""
    sp_input = as_sparse(sp_input)
    with name_scope(name, "SparseSlice", [sp_input]) as scope:
        start = convert_to_tensor(start, D.int64, "start")
        size = convert_to_tensor(size, D.int64, "size")
        indices, values, shape = SparseSlice.apply(
            sp_input.indices, sp_input.values, sp_input.dense_shape, start, size, name=scope
        )
    return SparseTensor(indices, values, shape)


@register_op
class SparseSplit(OpDef):
    """A SparseTensor split along `split_dim` into `num_split` parts (the first ones larger)."""

    inputs = ("split_dim", "indices", "values", "shape")
    type_inputs = ("values",)
    attrs = {"num_split": None}

    def infer(split_dim, indices, values, shape, *, num_split):
        index, value, dense = sparse_specs(rank_of(shape), values.dtype)
        return [index] * num_split + [value] * num_split + [dense] * num_split

    def kernel(xp, split_dim, indices, values, shape, *, num_split):
        rank = len(shape)
        axis = int(split_dim) + (rank if int(split_dim) < 0 else 0)
        if not 0 <= axis < rank:
            raise sparse_error(
                f"Input split_dim should be between -{rank} and {rank}, got {split_dim}"
            )
        if num_split > shape[axis]:
            raise sparse_error(
                "Input num_split should be between 1 and the splitting dimension size "
                f"({shape[axis]}), got {num_split}"
            )
        base, extra = divmod(int(shape[axis]), num_split)
        sizes = [base + (k < extra) for k in range(num_split)]
        starts = np.cumsum([0] + sizes[:-1])
        parts = []
        for begin, size in zip(starts, sizes):
            lo, hi = shape * 0, shape.copy()
            lo[axis], hi[axis] = begin, size
            keep = _in_slice(indices, lo, hi) if len(indices) else np.zeros(0, bool)
            out_shape = shape.copy()
            out_shape[axis] = size
            parts.append((indices[keep] - lo, values[keep], out_shape))
        return [p[0] for p in parts] + [p[1] for p in parts] + [p[2] for p in parts]


NotDifferentiable("SparseSplit")


class KeywordRequired:
    """TF's marker that forces sparse_split's arguments to be passed by keyword."""

    def __repr__(self):
        return "KeywordRequired()"


_KEYWORD_REQUIRED = KeywordRequired()


def sparse_split(
    keyword_required=_KEYWORD_REQUIRED,
    sp_input=None,
    num_split=None,
    axis=None,
    name=None,
    split_dim=None,
):
    """`sp_input` split along `axis` into `num_split` SparseTensors."""
    if not isinstance(keyword_required, KeywordRequired):
        raise ValueError("Keyword arguments are required for this function.")
    axis = split_dim if axis is None else axis
    if sp_input is None:
        raise ValueError("sp_input is required")
    if num_split is None:
        raise ValueError("num_split is required")
    if axis is None:
        raise ValueError("axis is required")
    sp_input = as_sparse(sp_input)
    with name_scope(name, "SparseSplit", [sp_input]) as scope:
        axis = convert_to_tensor(axis, D.int64, "split_dim")
        out = SparseSplit.apply(
            axis,
            sp_input.indices,
            sp_input.values,
            sp_input.dense_shape,
            num_split=num_split,
            name=scope,
        )
    n = num_split
    return [SparseTensor(out[k], out[n + k], out[2 * n + k]) for k in range(n)]


# -- concatenating, filling ----------------------------------------------------------------------
@register_op
class SparseConcat(OpDef):
    """SparseTensors joined along `concat_dim` (their other dimensions must match)."""

    inputs = ("indices*", "values*", "shapes*")
    type_inputs = ("values",)
    attrs = {"concat_dim": None}

    def infer(*args, concat_dim):
        n = len(args) // 3
        ranks = {rank_of(s) for s in args[2 * n :]} - {None}
        return sparse_specs(ranks.pop() if len(ranks) == 1 else None, args[n].dtype)

    def kernel(xp, *args, concat_dim):
        n = len(args) // 3
        indices, values, shapes = args[:n], args[n : 2 * n], args[2 * n :]
        rank = len(shapes[0])
        axis = concat_dim + (rank if concat_dim < 0 else 0)
        if not 0 <= axis < rank:
            raise sparse_error(
                f"Concat dimension must be in range [{-rank}, {rank}), got {concat_dim}"
            )
        for k, shape in enumerate(shapes[1:], 1):
            if len(shape) != rank:
                raise sparse_error(
                    f"Ranks of all input tensors must match: expected {rank} but got "
                    f"{len(shape)} at position {k}"
                )
            for d in range(rank):
                if d != axis and shape[d] != shapes[0][d]:
                    raise sparse_error(
                        f"Input shapes must match: expected {shapes[0][d]} for dimension {d} but "
                        f"got {shape[d]} at position {k}"
                    )
        offsets = np.cumsum([0] + [int(s[axis]) for s in shapes[:-1]])
        moved = []
        for index, offset in zip(indices, offsets):
            index = index.copy()
            index[:, axis] += offset
            moved.append(index)
        out_index = np.concatenate(moved).reshape(-1, rank)
        out_values = np.concatenate(values)
        order = row_major_order(out_index)
        out_shape = shapes[0].copy()
        out_shape[axis] = sum(int(s[axis]) for s in shapes)
        return out_index[order], out_values[order], out_shape


NotDifferentiable("SparseConcat")


def sparse_concat(
    axis,
    sp_inputs,
    name=None,
    expand_nonconcat_dim=False,
    concat_dim=None,
    expand_nonconcat_dims=None,
):
    """The SparseTensors `sp_inputs` joined along `axis`; with expand_nonconcat_dim, the other
    dimensions grow to the largest input's."""
    axis = concat_dim if concat_dim is not None else axis
    expand = expand_nonconcat_dims if expand_nonconcat_dims is not None else expand_nonconcat_dim
    sp_inputs = [as_sparse(s) for s in sp_inputs]
    if len(sp_inputs) == 1:
        return sp_inputs[0]
    with name_scope(name, "SparseConcat", sp_inputs) as scope:
        shapes = [s.dense_shape for s in sp_inputs]
        if expand:
            rows = [array_ops.reshape(s, [1, -1]) for s in shapes]
            largest = reduction_ops.reduce_max(array_ops.concat(rows, 0), 0)
            shapes = [_with_dim(largest, s, axis) for s in shapes]
        indices, values, shape = SparseConcat.apply(
            [s.indices for s in sp_inputs],
            [s.values for s in sp_inputs],
            shapes,
            concat_dim=axis,
            name=scope,
        )
    # TF cannot fold the expanded shapes (a ReduceMax of them), so their result stays dynamic.
    statics = [None if expand else shape_util.constant_value(s) for s in shapes]
    if all(v is not None for v in statics):
        static = np.array(statics[0])
        static[axis] = sum(int(v[axis]) for v in statics)
        shape = static.tolist()
    return SparseTensor(indices, values, shape)


def _with_dim(largest, shape, axis):
    if axis == -1:
        return array_ops.concat([largest[:-1], shape[-1:]], 0)
    return array_ops.concat([largest[:axis], shape[axis : axis + 1], largest[axis + 1 :]], 0)


def _first_dim(dense_shape):
    dims = shape_util.constant_value_as_shape(dense_shape)
    return dims[0].value if dims.ndims else None


@register_op
class SparseFillEmptyRows(OpDef):
    """A 2-D+ SparseTensor with `default_value` at [row, 0, ...] of every row it leaves empty."""

    inputs = ("indices", "values", "dense_shape", "default_value")
    type_inputs = ("values", "default_value")

    def infer(indices, values, dense_shape, default_value):
        rank = rank_of(dense_shape)
        return [
            TensorSpec(TensorShape([None, rank]), D.int64),
            TensorSpec(TensorShape([None]), values.dtype),
            TensorSpec(TensorShape([_first_dim(dense_shape)]), D.bool),
            TensorSpec(TensorShape([values.shape[0] if values.shape.ndims else None]), D.int64),
        ]

    def kernel(xp, indices, values, dense_shape, default_value):
        if np.ndim(default_value) != 0:
            raise sparse_error(
                f"default_value must be a scalar, saw: {list(np.shape(default_value))}"
            )
        rows = int(dense_shape[0]) if len(dense_shape) else 0
        if len(indices) and (indices[:, 0].min() < 0 or indices[:, 0].max() >= rows):
            bad = int(np.flatnonzero((indices[:, 0] < 0) | (indices[:, 0] >= rows))[0])
            raise sparse_error(f"indices({bad}, 0) is invalid: {indices[bad, 0]} >= {rows}")
        counts = np.bincount(indices[:, 0], minlength=rows) if len(indices) else np.zeros(rows, int)
        empty = counts == 0
        filler = np.zeros((int(empty.sum()), indices.shape[1]), np.int64)
        filler[:, 0] = np.flatnonzero(empty)
        all_indices = np.concatenate([indices, filler])
        all_values = np.concatenate([values, np.full(len(filler), default_value, values.dtype)])
        order = np.argsort(all_indices[:, 0], kind="stable")
        reverse = np.argsort(order)[: len(indices)].astype(np.int64)
        return all_indices[order], all_values[order], empty, reverse

    def grad(op, _, dvalues, __, ___):
        d_values, d_default = SparseFillEmptyRowsGrad.apply(op.outputs[3], dvalues)
        return None, d_values, None, d_default


@register_op
class SparseFillEmptyRowsGrad(OpDef):
    """SparseFillEmptyRows' gradients: each value's, and the sum of the filled-in ones."""

    inputs = ("reverse_index_map", "grad_values")
    type_inputs = ("grad_values",)

    def infer(reverse_index_map, grad_values):
        return [
            TensorSpec(reverse_index_map.shape, grad_values.dtype),
            TensorSpec(TensorShape([]), grad_values.dtype),
        ]

    def kernel(xp, reverse_index_map, grad_values):
        d_values = grad_values[reverse_index_map]
        return d_values, np.asarray(grad_values.sum() - d_values.sum(), grad_values.dtype)


NotDifferentiable("SparseFillEmptyRowsGrad")


def sparse_fill_empty_rows(sp_input, default_value, name=None):
    """(`sp_input` with `default_value` at [row, 0...] of each empty row, the empty-row mask)."""
    sp_input = as_sparse(sp_input)
    with name_scope(name, "SparseFillEmptyRows", [sp_input]) as scope:
        default = convert_to_tensor(default_value, sp_input.values.dtype.base_dtype, "default")
        indices, values, empty, _ = SparseFillEmptyRows.apply(
            sp_input.indices, sp_input.values, sp_input.dense_shape, default, name=scope
        )
    return SparseTensor(indices, values, sp_input.dense_shape), empty


# -- compositions (TF builds these in Python too) -------------------------------------------------
def _int64(value, name):
    return math_ops.cast(convert_to_tensor(value, name=name), D.int64)


def from_dense(tensor, name=None):
    """The SparseTensor of `tensor`'s non-zero entries."""
    with name_scope(name, "dense_to_sparse", [tensor]):
        tensor = convert_to_tensor(tensor)
        zero = convert_to_tensor(0, tensor.dtype.base_dtype)
        indices = math_ops.where(math_ops.not_equal(tensor, zero))
        values = sequence_ops.gather_nd(tensor, indices)
        return SparseTensor(indices, values, array_ops.shape(tensor, out_type=D.int64))


def sparse_retain(sp_input, to_retain):
    """The entries of `sp_input` where the bool vector `to_retain` is True."""
    sp_input = as_sparse(sp_input)
    to_retain = convert_to_tensor(to_retain)
    shape_util.with_rank(to_retain.shape, 1)
    if sp_input.values.shape.ndims is not None:
        shape_util.merge_dim(sp_input.values.shape[0].value, to_retain.shape[0].value)
    where_true = array_ops.reshape(math_ops.where(to_retain), [-1])
    return SparseTensor(
        indexing_ops.gather(sp_input.indices, where_true),
        indexing_ops.gather(sp_input.values, where_true),
        array_ops.identity(sp_input.dense_shape),
    )


def sparse_reset_shape(sp_input, new_shape=None):
    """`sp_input` with dense shape `new_shape` (at least as large), or its tightest shape."""
    from tinytf.ops import check_ops

    sp_input = as_sparse(sp_input)
    indices = array_ops.identity(sp_input.indices)
    values = array_ops.identity(sp_input.values)
    in_shape = array_ops.identity(sp_input.dense_shape)
    if new_shape is None:
        low = reduction_ops.reduce_max(indices, axis=0)
        zero = convert_to_tensor(0, D.int64)
        return SparseTensor(
            indices, values, math_ops.maximum(zero, low + array_ops.ones_like(in_shape))
        )
    out = convert_to_tensor(new_shape)
    shape_util.with_rank(out.shape, 1)
    out = math_ops.cast(out, D.int64)
    shape_util.merge_dim(out.shape[0].value, in_shape.shape[0].value)
    static = shape_util.constant_value(out)
    if static is not None and sp_input.shape.is_fully_defined():
        known = np.array(sp_input.shape.as_list())
        if not np.all(known <= static):
            raise ValueError(
                "Requested new_shape should have dimension sizes >= sp_input.shape.  Found "
                f"new_shape ({known}), sp_input.shape ({static})."
            )
        return SparseTensor(indices, values, static)
    same_rank = check_ops.assert_equal(array_ops.shape(in_shape), array_ops.shape(out))
    out = check_ops.with_dependencies([same_rank], out)
    out = check_ops.with_dependencies([check_ops.assert_less_equal(in_shape, out)], out)
    return SparseTensor(indices, values, out)


def sparse_transpose(sp_input, perm=None, name=None):
    """`sp_input` with its dimensions permuted by `perm` (reversed by default), reordered."""
    sp_input = as_sparse(sp_input)
    with name_scope(name, "SparseTranspose", [sp_input]):
        if perm is None:
            rank = array_ops.size(sp_input.dense_shape)
            perm = (rank - 1) - math_ops.range(0, rank, 1)
        perm = convert_to_tensor(perm)
        indices = array_ops.transpose(
            indexing_ops.gather(array_ops.transpose(sp_input.indices), perm)
        )
        perm_value = shape_util.constant_value(perm)
        if perm_value is not None and sp_input.shape.is_fully_defined():
            old = sp_input.shape.as_list()
            shape = [old[p] for p in perm_value.tolist()]
        else:
            shape = indexing_ops.gather(sp_input.dense_shape, perm)
        return sparse_reorder(SparseTensor(indices, sp_input.values, shape))


def sparse_expand_dims(sp_input, axis=None, name=None):
    """`sp_input` with a dimension of size 1 inserted at `axis` (last by default)."""
    rank = sp_input.dense_shape.shape[0].value
    axis = -1 if axis is None else axis
    with name_scope(name, "expand_dims", [sp_input]):
        if isinstance(axis, (int, np.integer)):
            if rank is not None and not -rank - 1 <= axis <= rank:
                raise ValueError(f"axis {axis} out of range for a rank-{rank} SparseTensor")
            axis = axis + rank + 1 if axis < 0 and rank is not None else axis
        elif not hasattr(axis, "op"):
            raise TypeError(
                "axis must be an integer value in range [-rank(sp_input) - 1, rank(sp_input)]"
            )
        else:
            axis = math_ops.where(axis >= 0, axis, axis + array_ops.size(sp_input.dense_shape) + 1)
        rows = array_ops.shape(sp_input.indices)[0:1]
        zeros = array_ops.zeros(array_ops.concat([rows, [1]], 0), dtype=D.int64)
        indices = array_ops.concat(
            [sp_input.indices[:, :axis], zeros, sp_input.indices[:, axis:]], axis=1
        )
        one = convert_to_tensor([1], D.int64, "new_shape")
        shape = array_ops.concat([sp_input.dense_shape[:axis], one, sp_input.dense_shape[axis:]], 0)
        return SparseTensor(indices, sp_input.values, shape)


def sparse_eye(num_rows, num_columns=None, dtype=D.float32, name=None):
    """A sparse identity matrix of shape [num_rows, num_columns]."""
    with name_scope(name, "eye", [num_rows, num_columns]):
        num_rows = _int64(num_rows, "num_rows")
        num_columns = num_rows if num_columns is None else _int64(num_columns, "num_columns")
        size = math_ops.minimum(num_rows, num_columns)
        diag = math_ops.range(size, dtype=D.int64)
        return SparseTensor(
            array_ops.stack([diag, diag], axis=1),
            array_ops.ones(array_ops.reshape(size, [1]), dtype=dtype),
            array_ops.stack([num_rows, num_columns]),
        )


def _merge_ids(sp_ids, vocab_size):
    if isinstance(sp_ids, SPARSE_TYPES):
        if not (hasattr(vocab_size, "op") or isinstance(vocab_size, (int, np.integer))):
            raise TypeError(
                f"vocab_size has to be a Tensor or Python int. Found {type(vocab_size)}"
            )
        return [sp_ids], [vocab_size]
    if not hasattr(sp_ids, "__iter__"):
        raise TypeError(f"sp_ids has to be a SparseTensor or list thereof. Found {type(sp_ids)}")
    if not hasattr(vocab_size, "__iter__"):
        raise TypeError(
            f"vocab_size has to be a list of Tensors or Python ints. Found {type(vocab_size)}"
        )
    return list(sp_ids), list(vocab_size)


def sparse_merge(sp_ids, sp_values, vocab_size, name=None, already_sorted=False):
    """The SparseTensor with sp_values' values at [..., sp_ids' values] (ids as a new last
    dimension of size vocab_size)."""
    sp_ids, vocab_size = _merge_ids(sp_ids, vocab_size)
    if len(sp_ids) != len(vocab_size):
        raise ValueError("sp_ids and vocab_size have to have equal lengths.")
    with name_scope(name, "SparseMerge", [*sp_ids, sp_values]):
        sp_ids = [as_sparse(s) for s in sp_ids]
        sp_values = as_sparse(sp_values)
        ids = [array_ops.expand_dims(math_ops.cast(s.values, D.int64), 1) for s in sp_ids]
        sizes = [array_ops.reshape(_int64(v, "vocab_size"), [1]) for v in vocab_size]
        new_indices = array_ops.concat([sp_ids[0].indices[:, :-1]] + ids, 1)
        new_shape = array_ops.concat([sp_ids[0].dense_shape[:-1]] + sizes, 0)
        result = SparseTensor(new_indices, sp_values.values, new_shape)
        if already_sorted:
            return result
        ordered = sparse_reorder(result)
        return SparseTensor(ordered.indices, ordered.values, new_shape)


def sparse_to_indicator(sp_input, vocab_size, name=None):
    """A dense bool tensor [..., vocab_size]: True at [..., id] for each id in sp_input's rows."""
    from tinytf.ops.sparse_ops import sparse_tensor_to_dense

    sp_input = as_sparse(sp_input)
    with name_scope(name, "SparseToIndicator", [sp_input]) as scope:
        count = array_ops.shape(sp_input.indices)[0:1]
        flags = array_ops.fill(count, True)
        merged = sparse_merge(
            sp_input,
            SparseTensor(sp_input.indices, flags, sp_input.dense_shape),
            vocab_size,
            scope,
        )
        return sparse_tensor_to_dense(
            merged, default_value=False, validate_indices=False, name=scope
        )


def sparse_mask(a, mask_indices, name=None):
    """The IndexedSlices `a` without the rows whose indices are in `mask_indices`."""
    from tinytf.ops.indexed_slices import IndexedSlices
    from tinytf.ops.sort_ops import setdiff1d

    with name_scope(name, "sparse_mask", [a.values, a.indices, mask_indices]) as scope:
        out_indices, to_gather = setdiff1d(a.indices, mask_indices)
        out_values = indexing_ops.gather(a.values, to_gather, name=scope)
        return IndexedSlices(out_values, out_indices, a.dense_shape)


def convert_to_tensor_or_sparse_tensor(value, dtype=None, name=None):
    """`value` as a SparseTensor (from a SparseTensorValue) or a Tensor."""
    if dtype is not None:
        dtype = D.as_dtype(dtype)
    if isinstance(value, SparseTensorValue):
        value = SparseTensor.from_value(value)
    if isinstance(value, SparseTensor):
        if dtype and not dtype.is_compatible_with(value.dtype):
            raise RuntimeError(f"Sparse dtype: requested = {dtype}, actual = {value.dtype}")
        return value
    return convert_to_tensor(value, dtype=dtype, name=name)

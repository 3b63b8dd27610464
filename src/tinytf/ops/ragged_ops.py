"""The ops behind RaggedTensor: TF's RaggedTensorToSparse and RaggedRange op types, and the
compositions TF 1.15 builds in Python (segment ids <-> row splits, to_tensor, from_tensor,
from_sparse, row slicing, tf.ragged.constant / range / map_flat_values)."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    control_dependencies,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import array_ops, constant_op, math_ops, reduction_ops, sequence_ops, shape_util
from tinytf.ragged.ragged_tensor import RaggedTensor, _splits
from tinytf.ragged.ragged_tensor_value import RaggedTensorValue

_SPLITS = {D.int32, D.int64}


# -- op types -------------------------------------------------------------------------------
@register_op
class RaggedTensorToSparse(OpDef):
    """The SparseTensor parts (indices, values, dense_shape) of nested splits and values."""

    inputs = ("rt_nested_splits*", "rt_dense_values")
    type_inputs = ("rt_dense_values",)

    def infer(*args):
        *splits, values = args
        if len({s.dtype.base_dtype for s in splits}) > 1:
            raise TypeError("rt_nested_splits must all have the same dtype")
        rank = values.shape.ndims
        width = None if rank is None else rank + len(splits)
        return [
            TensorSpec(TensorShape([None, width]), D.int64),
            TensorSpec(TensorShape([None]), values.dtype),
            TensorSpec(TensorShape([width]), D.int64),
        ]

    def kernel(xp, *args):
        *nested, values = args
        prefix = np.arange(max(len(nested[0]) - 1, 0), dtype=np.int64).reshape(-1, 1)
        widths = []
        for splits in nested:
            _check_kernel_splits(splits, len(prefix))
            lengths = np.diff(splits)
            rows = np.repeat(np.arange(len(lengths)), lengths)
            column = np.arange(int(splits[-1]), dtype=np.int64) - np.repeat(splits[:-1], lengths)
            prefix = np.concatenate([prefix[rows], column.reshape(-1, 1)], axis=1)
            widths.append(int(lengths.max()) if lengths.size else 0)
        values = np.asarray(values)
        if len(values) != len(prefix):
            raise InvalidArgumentError(
                None,
                None,
                "Final value of ragged splits must match the "
                "length the corresponding ragged values.",
            )
        inner = values.shape[1:]
        cells = np.array(list(np.ndindex(*inner)), np.int64)
        cells = cells.reshape(int(np.prod(inner)), len(inner))
        indices = np.concatenate(
            [np.repeat(prefix, len(cells), axis=0), np.tile(cells, (len(prefix), 1))], axis=1
        )
        shape = [len(nested[0]) - 1] + widths + list(inner)
        return indices, values.reshape(-1), np.array(shape, np.int64)

    def grad(op, *grads):
        values_grad = grads[1]
        flat = op.inputs[-1]
        return [None] * (len(op.inputs) - 1) + [
            array_ops.reshape(values_grad, array_ops.shape(flat))
        ]


def _check_kernel_splits(splits, nrows):
    if len(splits) == 0 or splits[0] != 0 or np.any(np.diff(splits) < 0):
        raise InvalidArgumentError(None, None, "Invalid ragged splits")
    if len(splits) - 1 != nrows:
        raise InvalidArgumentError(
            None,
            None,
            "Final value of ragged splits must match the length the corresponding ragged values.",
        )


@register_op
class RaggedRange(OpDef):
    """Rows range(starts[i], limits[i], deltas[i]) (scalars broadcast): splits and values."""

    inputs = ("starts", "limits", "deltas")
    allowed = {D.bfloat16, D.float32, D.float64, D.int32, D.int64}
    attrs = {"Tsplits": D.int64}

    def infer(starts, limits, deltas, *, Tsplits):  # noqa: N803 - TF's attr name
        for t, arg in ((starts, "starts"), (limits, "limits"), (deltas, "deltas")):
            if (t.shape.ndims or 0) > 1:
                raise ValueError(
                    f"Shape must be at most rank 1 but is rank {t.shape.ndims} "
                    f"for '{arg}' of 'RaggedRange' Op"
                )
        dims = [t.shape[0].value for t in (starts, limits, deltas) if t.shape.ndims == 1]
        if any(t.shape.ndims is None for t in (starts, limits, deltas)) or None in dims:
            rows = None
        else:
            rows = max(dims, default=1) + 1
        return [TensorSpec(TensorShape([rows]), Tsplits), TensorSpec([None], starts.dtype)]

    def kernel(xp, starts, limits, deltas, *, Tsplits):  # noqa: N803
        vectors = [np.asarray(v) for v in (starts, limits, deltas)]
        sizes = {len(v) for v in vectors if v.ndim}
        if len(sizes) > 1:
            raise InvalidArgumentError(
                None, None, "starts, limits, and deltas must have the same shape"
            )
        n = sizes.pop() if sizes else 1
        starts, limits, deltas = (np.broadcast_to(v, (n,)) for v in vectors)
        rows = []
        for start, limit, delta in zip(starts, limits, deltas):
            if delta == 0:
                raise InvalidArgumentError(None, None, "Requires delta != 0")
            rows.append(np.arange(start, limit, delta, dtype=vectors[0].dtype))
        lengths = [len(r) for r in rows]
        splits = np.concatenate([[0], np.cumsum(lengths)]).astype(Tsplits.as_numpy_dtype)
        return splits, np.concatenate(rows) if rows else vectors[0].reshape(0)


NotDifferentiable("RaggedRange")


# -- segment ids and row splits --------------------------------------------------------------
def row_splits_to_segment_ids(splits, name=None, out_type=None):
    """The row index of each value, for `splits` (int32 or int64)."""
    from tinytf.ops.layout_ops import repeat

    with name_scope(name, "RaggedSplitsToSegmentIds", [splits]):
        splits = _splits(splits, "splits")
        shape_util.with_rank(splits.shape, 1)
        if splits.shape[0].value == 0:
            raise ValueError("Invalid row_splits: []")
        out_type = splits.dtype if out_type is None else D.as_dtype(out_type)
        lengths = splits[1:] - splits[:-1]
        nrows = array_ops.shape(splits, out_type=out_type)[-1] - 1
        return repeat(math_ops.range(nrows), math_ops.cast(lengths, D.int32), axis=0)


def segment_ids_to_row_splits(segment_ids, num_segments=None, out_type=None, name=None):
    """The row splits of the sorted `segment_ids` (num_segments rows when given)."""
    if out_type is None:
        if hasattr(segment_ids, "dtype"):
            out_type = segment_ids.dtype
        elif hasattr(num_segments, "dtype"):
            out_type = num_segments.dtype
        else:
            out_type = D.int64
    out_type = D.as_dtype(out_type)
    with name_scope(name, "SegmentIdsToRaggedSplits", [segment_ids]):
        segment_ids = _splits(segment_ids, "segment_ids")
        shape_util.with_rank(segment_ids.shape, 1)
        if num_segments is not None:
            num_segments = convert_to_tensor(num_segments, segment_ids.dtype, name="num_segments")
            shape_util.with_rank(num_segments.shape, 0)
        return segment_ids_to_row_splits_of(segment_ids, num_segments, out_type)


def segment_ids_to_row_splits_of(segment_ids, nrows, out_type=None):
    """concat([0], cumsum(bincount(ids))) as TF builds it (Bincount counts int32 ids)."""
    from tinytf.ops.histogram_ops import bincount

    out_type = out_type or segment_ids.dtype
    ids = math_ops.cast(segment_ids, D.int32)
    length = None if nrows is None else math_ops.cast(nrows, D.int32)
    counts = bincount(ids, minlength=length, maxlength=length, dtype=out_type)
    return array_ops.concat([array_ops.zeros([1], out_type), sequence_ops.cumsum(counts)], 0)


# -- conversions -----------------------------------------------------------------------------
def to_tensor(rt, default_value):
    """The dense tensor of `rt` as TF 1.15 builds it: gather from values + [default]."""
    if default_value is not None:
        default_value = convert_to_tensor(default_value, rt.dtype, name="default_value")
    values = rt.values
    if isinstance(values, RaggedTensor):
        values = values.to_tensor(default_value)
    splits = rt.row_splits
    shape = array_ops.shape(values, out_type=splits.dtype)
    if default_value is None:
        default_value = array_ops.zeros(shape[1:], dtype=values.dtype)
    elif default_value.shape.ndims != values.shape.ndims - 1:
        default_value = array_ops.broadcast_to(default_value, array_ops.shape(values)[1:])
    default_value.shape.assert_is_compatible_with(values.shape[1:])
    nrows = array_ops.shape(splits, out_type=splits.dtype)[0] - 1
    ncols = math_ops.maximum(reduction_ops.reduce_max(splits[1:] - splits[:-1]), 0)
    starts = array_ops.expand_dims(splits[:-1], 1)
    limits = array_ops.expand_dims(splits[1:], 1)
    columns = array_ops.expand_dims(math_ops.range(0, ncols), 0)
    values_and_default = array_ops.concat([values, array_ops.stack([default_value])], axis=0)
    index = starts + columns
    default_index = array_ops.fill(array_ops.stack([nrows, ncols]), shape[0])
    indices = math_ops.where(index < limits, index, default_index)
    from tinytf.ops.indexing_ops import gather

    return gather(values_and_default, indices)


def to_sparse(rt):
    """The SparseTensor of `rt` (TF's RaggedTensorToSparse op)."""
    from tinytf.ops.sparse_ops import SparseTensor

    parts = RaggedTensorToSparse.apply(list(rt.nested_row_splits), rt.flat_values)
    return SparseTensor(*parts)


def from_tensor(cls, tensor, lengths, padding, ragged_rank, splits_dtype):
    """RaggedTensor.from_tensor as TF 1.15 composes it."""
    if lengths is not None and padding is not None:
        raise ValueError("Specify lengths or padding, but not both")
    if not isinstance(ragged_rank, int):
        raise TypeError(f"ragged_rank expected int, got {ragged_rank!r}")
    if ragged_rank <= 0:
        raise ValueError(f"ragged_rank must be greater than 0; got {ragged_rank}")
    tensor = convert_to_tensor(tensor, name="tensor")
    tensor.shape.with_rank_at_least(ragged_rank + 1)
    dims = array_ops.shape(tensor, out_type=splits_dtype)
    ncols = dims[1]
    if ragged_rank > 1:
        minus_one = constant_op.constant([-1], splits_dtype)
        flat = array_ops.reshape(tensor, array_ops.concat([minus_one, dims[ragged_rank:]], 0))
        values = from_tensor(cls, flat, lengths, padding, 1, splits_dtype)
        sizes = sequence_ops.cumprod(dims)
        splits = [math_ops.range(0, sizes[k - 1] + 1) * dims[k] for k in range(1, ragged_rank)]
        return cls.from_nested_row_splits(values, splits, validate=False)
    if padding is not None:
        lengths = _lengths_before_padding(tensor, padding, ncols, splits_dtype)
    if lengths is not None:
        lengths = convert_to_tensor(lengths, splits_dtype, name="lengths")
        shape_util.with_rank(lengths.shape, 1)
        lengths = math_ops.maximum(math_ops.minimum(lengths, ncols), 0)
        splits = array_ops.concat(
            [array_ops.zeros([1], splits_dtype), sequence_ops.cumsum(lengths)], axis=0
        )
        mask = sequence_ops.sequence_mask(lengths, maxlen=ncols)
        return cls.from_row_splits(array_ops.boolean_mask(tensor, mask), splits, validate=False)
    nrows = dims[0]
    splits = math_ops.range(nrows + 1) * ncols
    values_shape = array_ops.concat([array_ops.reshape(nrows * ncols, [1]), dims[2:]], axis=0)
    values = array_ops.reshape(tensor, values_shape)
    return cls.from_row_splits(values, splits, validate=False)


def _lengths_before_padding(tensor, padding, ncols, splits_dtype):
    padding = convert_to_tensor(padding, tensor.dtype, name="padding")
    padding.shape.assert_is_compatible_with(tensor.shape[2:])
    is_pad = math_ops.equal(padding, tensor)
    if tensor.shape.ndims > 2:
        is_pad = reduction_ops.reduce_all(is_pad, axis=list(range(2, tensor.shape.ndims)))
    kept = math_ops.cast(math_ops.logical_not(is_pad), splits_dtype)
    positions = array_ops.expand_dims(math_ops.range(1, ncols + 1), 0)
    return reduction_ops.reduce_max(kept * positions, axis=1)


def from_sparse(cls, st_input, name, splits_dtype):
    """RaggedTensor.from_sparse as TF 1.15 composes it (2-D, right-ragged input)."""
    from tinytf.ops.sparse_ops import SparseTensor

    if not isinstance(st_input, SparseTensor):
        raise TypeError(f"Expected SparseTensor, got {type(st_input).__name__}")
    with name_scope(name, "RaggedFromSparse", [st_input]):
        ranks = {st_input.dense_shape.shape[0].value, st_input.indices.shape[1].value}
        if 2 not in ranks:
            raise ValueError("rank(st_input) must be 2")
        with control_dependencies(_assert_ragged_right(st_input.indices)):
            rowids = math_ops.cast(st_input.indices[:, 0], splits_dtype)
            nrows = math_ops.cast(st_input.dense_shape[0], splits_dtype)
            return cls.from_value_rowids(st_input.values, rowids, nrows, validate=False)


def _assert_ragged_right(indices):
    prefix, suffix = indices[:, :-1], indices[:, -1]
    changed = reduction_ops.reduce_any(math_ops.not_equal(prefix[1:], prefix[:-1]), axis=1)
    ok = math_ops.where(
        changed, math_ops.equal(suffix[1:], 0), math_ops.equal(suffix[1:], suffix[:-1] + 1)
    )
    right = math_ops.logical_and(
        reduction_ops.reduce_all(math_ops.equal(suffix[:1], 0)), reduction_ops.reduce_all(ok)
    )
    from tinytf.ops.check_ops import Assert_ as Assert

    return [Assert(right, ["SparseTensor is not right-ragged", "SparseTensor.indices =", indices])]


def getitem(rt, key):
    """rt[key] for an int or a unit-step slice of the outer dimension (as TF 1.15)."""
    if isinstance(key, tuple) and len(key) == 1:
        key = key[0]
    if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
        starts, limits = rt.row_splits[:-1], rt.row_splits[1:]
        return rt.values[starts[key] : limits[key]]
    if isinstance(key, slice) and key.step in (None, 1):
        if key.start is None and key.stop is None:
            return rt
        new_starts = rt.row_splits[:-1][key]
        new_limits = rt.row_splits[1:][key]
        zero = array_ops.zeros([1], rt.row_splits_dtype)
        splits = array_ops.concat(
            [zero[array_ops.size(new_starts) :], new_starts[:1], new_limits], axis=0
        )
        begin, end = splits[0], splits[-1]
        return RaggedTensor.from_row_splits(rt.values[begin:end], splits - begin, validate=False)
    raise ValueError(
        f"tinytf's RaggedTensor indexes its outer dimension by an int or a unit-step slice "
        f"only, not {key!r}"
    )


# -- tf.ragged -------------------------------------------------------------------------------
def ragged_range(starts, limits=None, deltas=1, dtype=None, name=None, row_splits_dtype=D.int64):
    """The RaggedTensor whose row i is range(starts[i], limits[i], deltas[i])."""
    if limits is None:
        starts, limits = 0, starts
    with name_scope(name, "RaggedRange", [starts, limits, deltas]):
        tensors = [
            convert_to_tensor(v, dtype=dtype, name=n)
            for v, n in ((starts, "starts"), (limits, "limits"), (deltas, "deltas"))
        ]
        common = _matching_dtype(tensors)
        tensors = [math_ops.cast(t, common) for t in tensors]
        splits, values = RaggedRange.apply(*tensors, Tsplits=D.as_dtype(row_splits_dtype))
        return RaggedTensor.from_row_splits(values, splits, validate=False)


def _matching_dtype(tensors):
    order = (D.int32, D.int64, D.float32, D.float64)
    kinds = {t.dtype.base_dtype for t in tensors}
    if not kinds <= set(order):
        raise ValueError(f"Tensors have unsupported dtypes: {sorted(k.name for k in kinds)}")
    return max(kinds, key=order.index)


def map_flat_values(op, *args, **kwargs):
    """op applied to the flat_values of the RaggedTensors among the arguments; the result has
    their (identical) row partitions."""
    nested = []
    inner_args = _flat_values_of(args, nested)
    inner_kwargs = _flat_values_of(kwargs, nested)
    if not nested:
        return op(*args, **kwargs)
    if len({splits[0].dtype for splits in nested}) > 1:
        raise ValueError(
            "Input RaggedTensors have mismatched row_splits dtypes; use "
            "RaggedTensor.with_row_splits_dtype() to convert them to compatible "
            "dtypes."
        )
    if any(len(s) != len(nested[0]) for s in nested):
        raise ValueError("Inputs must have identical ragged splits")
    from tinytf.ops.check_ops import assert_equal

    checks = [
        assert_equal(a, b, message="Inputs must have identical ragged splits")
        for other in nested[1:]
        for a, b in zip(nested[0], other)
    ]
    with control_dependencies(checks):
        return RaggedTensor.from_nested_row_splits(
            op(*inner_args, **inner_kwargs), nested[0], validate=False
        )


def elementwise(fn, *args):
    """fn over RaggedTensors of one row partition and dense operands that broadcast against
    their uniform inner dimensions (the cases of TF's ragged dispatch that need no
    broadcasting across ragged dimensions)."""
    ragged = [a for a in args if isinstance(a, RaggedTensor)]
    if len({r.ragged_rank for r in ragged}) > 1:
        raise ValueError("tinytf applies element-wise ops to RaggedTensors of one ragged_rank only")
    inner = ragged[0].flat_values.shape.ndims
    for a in args:
        if isinstance(a, RaggedTensor):
            continue
        rank = convert_to_tensor(a).shape.ndims
        if rank is None or (inner is not None and rank > inner - 1):
            raise ValueError(
                "tinytf broadcasts a dense operand against a RaggedTensor's "
                "uniform inner dimensions only"
            )
    return map_flat_values(fn, *args)


def _flat_values_of(value, nested):
    if isinstance(value, RaggedTensor):
        nested.append(value.nested_row_splits)
        return value.flat_values
    if isinstance(value, list):
        return [_flat_values_of(v, nested) for v in value]
    if isinstance(value, tuple):
        return tuple(_flat_values_of(v, nested) for v in value)
    if isinstance(value, dict):
        return {k: _flat_values_of(v, nested) for k, v in value.items()}
    return value


def constant_from_value(value, dtype=None, name=None):
    """A RaggedTensor of Const tensors holding a RaggedTensorValue."""
    with name_scope(name, "RaggedConstant"):
        return _constant_of(value, dtype)


def _constant_of(value, dtype):
    if isinstance(value, RaggedTensorValue):
        inner = _constant_of(value.values, dtype)
        splits = constant_op.constant(value.row_splits)
        return RaggedTensor.from_row_splits(inner, splits, validate=False)
    return constant_op.constant(value, dtype=dtype, name="values")

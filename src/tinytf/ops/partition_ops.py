"""dynamic_partition, dynamic_stitch / parallel_dynamic_stitch (TF's data_flow_ops), and
batch_gather, with data_flow_grad.py's gradients."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import (
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.framework.tensor_shape import unknown_shape
from tinytf.ops import array_ops, math_ops, reduction_ops, shape_util
from tinytf.ops.indexed_slices import is_indexed_slices
from tinytf.ops.indexing_ops import gather
from tinytf.ops.segment_ops import unsorted_segment_sum


@register_op
class DynamicPartition(OpDef):
    """`data` split into `num_partitions` tensors by the partition number of each row."""

    inputs = ("data", "partitions")
    type_inputs = ("data",)
    attrs = {"num_partitions": None}
    list_output = True

    def infer(data, partitions, *, num_partitions):
        if partitions.dtype.base_dtype != D.int32:
            raise TypeError(
                f"Input 'partitions' of 'DynamicPartition' Op has type "
                f"{partitions.dtype.base_dtype.name} that does not match expected type of int32."
            )
        if data.shape.ndims is None or partitions.shape.ndims is None:
            return [TensorSpec(unknown_shape(), data.dtype)] * num_partitions
        k = partitions.shape.ndims
        shape_util.merge_pair(data.shape[:k], partitions.shape)
        spec = TensorSpec([None] + data.shape.as_list()[k:], data.dtype)
        return [spec] * num_partitions

    def kernel(xp, data, partitions, *, num_partitions):
        flat = np.reshape(partitions, -1)
        bad = np.flatnonzero((flat < 0) | (flat >= num_partitions))
        if bad.size:
            k = int(bad[0])
            raise InvalidArgumentError(
                None, None, f"partitions[{k}] = {flat[k]} is not in [0, {num_partitions})"
            )
        rows = xp.reshape(data, (flat.size,) + data.shape[np.ndim(partitions) :])
        return [rows[flat == p] for p in range(num_partitions)]

    def grad(op, *grads):
        data, partitions = op.inputs
        n = op.get_attr("num_partitions")
        original = array_ops.reshape(
            math_ops.range(array_ops.size(partitions)), array_ops.shape(partitions)
        )
        parts = dynamic_partition(original, partitions, n)
        stitched = dynamic_stitch(parts, list(grads))
        return array_ops.reshape(stitched, array_ops.shape(data)), None


class _Stitch(OpDef):
    inputs = ("indices*", "data*")
    type_inputs = ("data*",)
    attrs = {"N": None}

    def infer(*args, N):  # noqa: N803 - TF's attr name
        indices, data = args[:N], args[N:]
        rest = None
        for i, d in zip(indices, data):
            if i.dtype.base_dtype != D.int32:
                raise TypeError("Tensors in list passed to 'indices' must be int32")
            if i.shape.ndims is None or d.shape.ndims is None:
                continue
            shape_util.merge_pair(d.shape[: i.shape.ndims], i.shape)
            tail = d.shape[i.shape.ndims :]
            rest = tail if rest is None else shape_util.merge_pair(rest, tail)
        rows = _static_rows(indices)
        if rest is None:
            return TensorSpec(unknown_shape(), data[0].dtype)
        return TensorSpec([rows] + rest.as_list(), data[0].dtype)

    def kernel(xp, *args, N):  # noqa: N803
        indices, data = args[:N], args[N:]
        flat = [np.reshape(i, -1) for i in indices]
        n = max((int(f.max()) + 1 for f in flat if f.size), default=0)
        rest = None
        for f, i, d in zip(flat, indices, data):
            shape = d.shape[np.ndim(i) :]
            if rest is None:
                rest = shape
            if d.shape[: np.ndim(i)] != np.shape(i) or shape != rest:
                raise InvalidArgumentError(
                    None, None, "data[i].shape must start with indices[i].shape"
                )
            if f.size and f.min() < 0:
                raise InvalidArgumentError(None, None, f"indices[{int(f.argmin())}] is negative")
        out = xp.zeros((n,) + rest, data[0].dtype)
        for f, d in zip(flat, data):  # later writes win, as in TF's kernel
            out[f] = xp.reshape(d, (f.size,) + rest)
        return out

    def grad(op, dy):
        n = op.get_attr("N")
        ids = [math_ops.cast(t, D.int32) for t in op.inputs[:n]]
        if is_indexed_slices(dy):
            rows = array_ops.shape(op.outputs[0])[0]
            dy = unsorted_segment_sum(dy.values, dy.indices, rows)
        return [None] * n + [gather(dy, i) for i in ids]


def _static_rows(indices):
    """max(indices) + 1 when all indices are constant, else unknown."""
    values = [shape_util.constant_value(i) for i in indices]
    if any(v is None for v in values):
        return None
    return max((int(np.max(v)) + 1 for v in values if np.size(v)), default=0)


@register_op
class DynamicStitch(_Stitch):
    """merged[indices[m][i]] = data[m][i]: the values of `data` interleaved by `indices`."""


@register_op
class ParallelDynamicStitch(_Stitch):
    """DynamicStitch whose result is unspecified where indices repeat (here: the last wins)."""


def dynamic_partition(data, partitions, num_partitions, name=None):
    """[data rows whose partition is p for p in range(num_partitions)]."""
    return DynamicPartition.apply(data, partitions, name=name, num_partitions=num_partitions)


def dynamic_stitch(indices, data, name=None):
    """merged[indices[m][i, ...], ...] = data[m][i, ...], later data winning on repeats."""
    return DynamicStitch.apply(list(indices), list(data), name=name, N=len(indices))


def parallel_dynamic_stitch(indices, data, name=None):
    """dynamic_stitch whose order on repeated indices is unspecified."""
    return ParallelDynamicStitch.apply(list(indices), list(data), name=name, N=len(indices))


def batch_gather(params, indices, name=None):
    """params[i..., indices[i..., j]] over the leading dims of `indices` (tf.gather with
    batch_dims = rank(indices) - 1)."""
    with name_scope(name, "BatchGather", [params, indices]):
        indices = convert_to_tensor(indices, name="indices")
        params = convert_to_tensor(params, name="params")
        if indices.shape.ndims is None:
            raise ValueError("batch_gather does not allow indices with unknown shape.")
        b = indices.shape.ndims - 1
        return gather(params, indices, axis=b, batch_dims=b)


def gather_nd(params, indices, name=None, batch_dims=0):
    """Slices of `params` picked by the index tuples in the last dimension of `indices`, the
    first `batch_dims` dimensions of both matched one to one."""
    from tinytf.ops.sequence_ops import GatherNd

    value = shape_util.constant_value(batch_dims) if hasattr(batch_dims, "op") else batch_dims
    if value is not None and int(value) == 0:
        return GatherNd.apply(params, indices, name=name or "GatherNd")
    return batch_gather_nd(params, indices, batch_dims=int(value), name=name)


def batch_gather_nd(params, indices, batch_dims, name=None):
    """gather_nd per batch: the batch coordinates prepended to each index tuple (TF 1.15's
    composition)."""
    from tinytf.ops.sequence_ops import GatherNd, meshgrid

    with name_scope(name, "BatchGatherND", [params, indices]):
        indices = convert_to_tensor(indices, name="indices")
        params = convert_to_tensor(params, name="params")
        _check_batch_dims(batch_dims, params, indices)
        shape = array_ops.shape(indices)
        batch_shape = shape[:batch_dims]
        batch_size = reduction_ops.reduce_prod(batch_shape, [0])
        inner = shape[batch_dims:-1]
        ranges = [
            math_ops.cast(math_ops.range(0, d, 1), indices.dtype)
            for d in array_ops.unstack(batch_shape, num=batch_dims, axis=0)
        ]
        mesh = meshgrid(*ranges, indexing="ij")
        grid = array_ops.transpose(array_ops.stack([array_ops.reshape(m, [-1]) for m in mesh]))
        grid_shape = array_ops.shape(grid)
        n_inner = array_ops.rank(indices) - batch_dims - 1
        grid = array_ops.reshape(
            grid,
            array_ops.concat(
                [
                    grid_shape[:1],
                    array_ops.ones(array_ops.expand_dims(n_inner, 0), D.int32),
                    grid_shape[1:],
                ],
                0,
            ),
        )
        grid = array_ops.tile(grid, array_ops.concat([[1], inner, [1]], 0))
        flat = array_ops.reshape(indices, array_ops.concat([[batch_size], shape[batch_dims:]], 0))
        out = GatherNd.apply(params, array_ops.concat([grid, flat], -1))
        return array_ops.reshape(out, array_ops.concat([batch_shape, array_ops.shape(out)[1:]], 0))


def _check_batch_dims(batch_dims, params, indices):
    if not isinstance(batch_dims, int):
        raise TypeError(f"batch_dims must be an int; got {batch_dims!r}")
    if batch_dims < 0:
        raise ValueError("tf.gather_nd does not allow negative batch_dims.")
    for t, what in ((indices, "indices"), (params, "params")):
        if t.shape.ndims is not None and batch_dims >= t.shape.ndims:
            raise ValueError(
                f"batch_dims = {batch_dims} must be less than rank({what}) = {t.shape.ndims}"
            )

"""tf.nn.embedding_lookup as TF 1.15 builds it: one gather for a single tensor; for a list of
shards, the ids partitioned ('mod' or 'div'), one gather per shard and a stitch back. Each
shard's gradient is an IndexedSlices of the rows it served."""

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.tensor_shape import Dimension, TensorShape, dimension_value
from tinytf.ops import array_ops, math_ops, reduction_ops
from tinytf.ops.clip_ops import clip_by_norm
from tinytf.ops.constant_op import constant
from tinytf.ops.indexing_ops import gather
from tinytf.ops.partition_ops import dynamic_partition, parallel_dynamic_stitch


def embedding_lookup(
    params, ids, partition_strategy="mod", name=None, validate_indices=True, max_norm=None
):
    """The rows of `params` at `ids`; `params` may be a list of shards of one table, split
    'mod' (id % n picks the shard) or 'div' (contiguous blocks)."""
    if params is None or (isinstance(params, (list, tuple)) and not params):
        raise ValueError("Need at least one param")
    if hasattr(params, "_get_variable_list"):  # a PartitionedVariable
        params = params._get_variable_list()
    params = list(params) if isinstance(params, (list, tuple)) else [params]
    with name_scope(name, "embedding_lookup", params + [ids]) as scope:
        params = [convert_to_tensor(p, name="params") for p in params]
        ids = convert_to_tensor(ids, name="ids")
        if len(params) == 1:
            return array_ops.identity(_clip(gather(params[0], ids, name=scope), ids, max_norm))
        flat_ids = array_ops.reshape(ids, [-1])
        original = math_ops.range(array_ops.size(flat_ids))
        shard, new_ids = _assign(params, flat_ids, partition_strategy)
        shard = math_ops.cast(shard, D.int32)
        gather_ids = dynamic_partition(new_ids, shard, len(params))
        positions = dynamic_partition(original, shard, len(params))
        rows = [gather(p, i) for p, i in zip(params, gather_ids)]
        ret = parallel_dynamic_stitch(positions, rows, name=scope)
        return _clip(_restore_shape(ret, ids, params), ids, max_norm)


def _assign(params, flat_ids, strategy):
    """(the shard of each id, its row within that shard)."""
    n = len(params)
    if strategy == "mod":
        return flat_ids % n, flat_ids // n
    if strategy != "div":
        raise ValueError(f"Unrecognized partition strategy: {strategy}")
    total = sum((Dimension(dimension_value(p.shape[0])) for p in params), Dimension(0))
    if total.value:
        num_ids = constant(total.value, flat_ids.dtype)
    else:
        sizes = [array_ops.shape(p)[0] for p in params]
        num_ids = reduction_ops.reduce_sum(math_ops.cast(array_ops.stack(sizes), flat_ids.dtype))
    per, extras = num_ids // n, num_ids % n
    shard = math_ops.maximum(flat_ids // (per + 1), (flat_ids - extras) // per)
    row = math_ops.where(shard < extras, flat_ids % (per + 1), (flat_ids - extras) % per)
    return shard, row


def _restore_shape(ret, ids, params):
    element = params[0].shape[1:]
    for p in params[1:]:
        element = element.merge_with(p.shape[1:])
    dynamic = element if element.is_fully_defined() else array_ops.shape(params[0])[1:]
    if isinstance(dynamic, TensorShape):
        dynamic = dynamic.as_list()
    ret = array_ops.reshape(ret, array_ops.concat([array_ops.shape(ids), dynamic], 0))
    ret.set_shape(ids.shape.concatenate(element))
    return ret


def _clip(rows, ids, max_norm):
    """Each embedding clipped to L2 norm max_norm (over its own dims), as TF's _clip."""
    if max_norm is None:
        return rows
    (ids_rank, ids_static), (rows_rank, rows_static) = _rank(ids), _rank(rows)
    if ids_static and rows_static:
        axes = list(range(ids_rank, rows_rank))
    else:
        axes = math_ops.range(ids_rank, rows_rank)
    return clip_by_norm(rows, max_norm, axes=axes)


def _rank(x):
    rank = x.shape.ndims
    return (rank, True) if rank else (array_ops.rank(x), False)  # TF: rank 0 counts as dynamic

"""tf.nn.embedding_lookup_sparse and safe_embedding_lookup_sparse, composed as TF 1.15 composes
them: unique ids, one embedding_lookup, then a (weighted) segment reduction per row. An empty
row with combiner mean or sqrtn divides 0 by 0 (NaN), as in TF; the safe version fills it."""

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.tensor_shape import TensorShape, unknown_shape
from tinytf.ops import array_ops, math_ops, segment_ops, sparse_array_ops
from tinytf.ops.embedding_ops import embedding_lookup
from tinytf.ops.indexing_ops import gather
from tinytf.ops.indexing_ops import slice as slice_
from tinytf.ops.reduction_ops import reduce_prod
from tinytf.ops.sort_ops import unique
from tinytf.ops.sparse_ops import SparseTensor

COMBINERS = ("mean", "sqrtn", "sum")


def _check(combiner, sp_ids):
    if combiner not in COMBINERS:
        raise ValueError("combiner must be one of 'mean', 'sqrtn' or 'sum'")
    if not isinstance(sp_ids, SparseTensor):
        raise TypeError("sp_ids must be SparseTensor")


def _shard_list(params):
    if hasattr(params, "_get_variable_list"):  # a PartitionedVariable
        params = params._get_variable_list()
    return list(params) if isinstance(params, (list, tuple)) else [params]


def _weighted(embeddings, idx, weights, segment_ids, combiner, name):
    weights = weights.values
    if weights.dtype != embeddings.dtype:
        weights = math_ops.cast(weights, embeddings.dtype)
    embeddings = gather(embeddings, idx)
    ones = array_ops.fill(array_ops.expand_dims(array_ops.rank(embeddings) - 1, 0), 1)
    orig_shape = weights.shape
    weights = array_ops.reshape(weights, array_ops.concat([array_ops.shape(weights), ones], 0))
    if embeddings.shape.ndims is not None:
        weights.set_shape(orig_shape.concatenate([1] * (embeddings.shape.ndims - 1)))
    embeddings = embeddings * weights
    if combiner == "sum":
        return segment_ops.segment_sum(embeddings, segment_ids, name=name)
    total = segment_ops.segment_sum(embeddings, segment_ids)
    if combiner == "mean":
        return math_ops.div(total, segment_ops.segment_sum(weights, segment_ids), name=name)
    squared = segment_ops.segment_sum(math_ops.pow(weights, 2), segment_ids)
    return math_ops.div(total, math_ops.sqrt(squared), name=name)


def embedding_lookup_sparse(
    params,
    sp_ids,
    sp_weights,
    partition_strategy="mod",
    name=None,
    combiner=None,
    max_norm=None,
):
    """Per row of SparseTensor `sp_ids`: the sum, mean or sqrtn-weighted sum of the embedding
    rows of its ids (weighted by `sp_weights` if given)."""
    combiner = "mean" if combiner is None else combiner
    _check(combiner, sp_ids)
    params = _shard_list(params)
    if sp_weights is not None and not isinstance(sp_weights, SparseTensor):
        raise TypeError("sp_weights must be either None or SparseTensor")
    with name_scope(name, "embedding_lookup_sparse", params + [sp_ids]) as scope:
        segment_ids = math_ops.cast(sp_ids.indices[:, 0], D.int32)
        ids, idx = unique(sp_ids.values)
        embeddings = embedding_lookup(
            params, ids, partition_strategy=partition_strategy, max_norm=max_norm
        )
        if embeddings.dtype in (D.float16, D.bfloat16):
            embeddings = math_ops.cast(embeddings, D.float32)
        if sp_weights is not None:
            return _weighted(embeddings, idx, sp_weights, segment_ids, combiner, scope)
        reduce = {
            "sum": segment_ops.sparse_segment_sum,
            "mean": segment_ops.sparse_segment_mean,
            "sqrtn": segment_ops.sparse_segment_sqrt_n,
        }[combiner]
        return reduce(embeddings, idx, segment_ids, name=scope)


def _retain(sparse_ids, sparse_weights, keep):
    sparse_ids = sparse_array_ops.sparse_retain(sparse_ids, keep)
    if sparse_weights is not None:
        sparse_weights = sparse_array_ops.sparse_retain(sparse_weights, keep)
    return sparse_ids, sparse_weights


def _prune(sparse_ids, sparse_weights, combiner):
    """Drops negative ids, and (unless combiner is sum) non-positive weights."""
    valid = math_ops.greater_equal(sparse_ids.values, 0)
    if sparse_weights is not None:
        ones = array_ops.ones_like(sparse_weights.values, dtype=D.bool)
        valid = math_ops.logical_and(valid, ones)
    sparse_ids, sparse_weights = _retain(sparse_ids, sparse_weights, valid)
    if combiner != "sum" and sparse_weights is not None:
        positive = math_ops.greater(sparse_weights.values, 0)
        sparse_ids, sparse_weights = _retain(sparse_ids, sparse_weights, positive)
    return sparse_ids, sparse_weights


def _as_rows(sparse_ids, sparse_weights):
    """Rank-2 SparseTensors: every dimension but the last folded into the rows."""
    shape = sparse_ids.dense_shape
    rank_dim = shape.shape[0].value if shape.shape.ndims else None
    rank = array_ops.size(shape) if rank_dim is None else rank_dim
    rows = reduce_prod(slice_(shape, [0], array_ops.reshape(rank - 1, [1])))
    sparse_ids = sparse_array_ops.sparse_reshape(
        sparse_ids, array_ops.stack([rows, gather(shape, rank - 1)])
    )
    if sparse_weights is not None:
        sparse_weights = SparseTensor(
            sparse_ids.indices, sparse_weights.values, sparse_ids.dense_shape
        )
    return sparse_ids, sparse_weights, shape, rank, rank_dim


def safe_embedding_lookup_sparse(
    embedding_weights,
    sparse_ids,
    sparse_weights=None,
    combiner="mean",
    default_id=None,
    name=None,
    partition_strategy="div",
    max_norm=None,
):
    """embedding_lookup_sparse that ignores invalid ids (< 0) and non-positive weights, gives
    empty rows the embedding of `default_id` (zeros if None), and accepts ids of any rank."""
    if embedding_weights is None:
        raise ValueError(f"Missing embedding_weights {embedding_weights}.")
    embedding_weights = _shard_list(embedding_weights)
    if not embedding_weights:
        raise ValueError(f"Missing embedding_weights {embedding_weights}.")
    dtype = sparse_weights.dtype if sparse_weights is not None else None
    embedding_weights = [convert_to_tensor(w, dtype=dtype) for w in embedding_weights]
    with name_scope(
        name, "embedding_lookup", embedding_weights + [sparse_ids, sparse_weights]
    ) as scope:
        sparse_ids, sparse_weights, shape, rank, rank_dim = _as_rows(sparse_ids, sparse_weights)
        sparse_ids, sparse_weights = _prune(sparse_ids, sparse_weights, combiner)
        sparse_ids, is_row_empty = sparse_array_ops.sparse_fill_empty_rows(
            sparse_ids, default_id or 0
        )
        if sparse_weights is not None:
            sparse_weights, _ = sparse_array_ops.sparse_fill_empty_rows(sparse_weights, 1.0)
        result = embedding_lookup_sparse(
            embedding_weights,
            sparse_ids,
            sparse_weights,
            combiner=combiner,
            partition_strategy=partition_strategy,
            name=None if default_id is None else scope,
            max_norm=max_norm,
        )
        if default_id is None:
            empty = array_ops.tile(
                array_ops.reshape(is_row_empty, [-1, 1]),
                array_ops.stack([1, array_ops.shape(result)[1]]),
            )
            result = math_ops.where(empty, array_ops.zeros_like(result), result, name=scope)
        lead = slice_(math_ops.cast(shape, D.int32), [0], array_ops.reshape(rank - 1, [1]))
        tail = slice_(array_ops.shape(result), [1], [-1])
        final = array_ops.reshape(result, array_ops.concat([lead, tail], 0))
        lead_shape = unknown_shape() if rank_dim is None else unknown_shape(rank_dim - 1)
        if rank_dim is not None:
            final.set_shape(lead_shape.concatenate(result.shape[1:]))
        else:
            final.set_shape(TensorShape(None))
        return final

"""tf.metrics over the top k predictions (TF 1.15's metrics_impl.py): precision and recall at
k (or of given top-k indices), optionally of one class, and the mean average precision at k.
Labels are class ids: a dense [D1, ... DN] or [D1, ... DN, num_labels] tensor (ids outside
[0, num_classes) never match), or a SparseTensor of them. Counts are float64 as TF's."""

from tinytf.framework import dtypes
from tinytf.framework.op_def import control_dependencies, name_scope
from tinytf.ops import array_ops, math_ops, reduction_ops, state_ops
from tinytf.ops.cond import cond
from tinytf.ops.indexing_ops import slice as slice_
from tinytf.ops.metrics_util import (
    assert_broadcastable,
    broadcast_weights,
    collect,
    metric_variable,
)
from tinytf.ops.nn_ops import top_k
from tinytf.ops.sequence_ops import cumsum
from tinytf.ops.set_ops import set_difference, set_intersection, set_size
from tinytf.ops.sort_ops import where_v2
from tinytf.ops.sparse_array_ops import (
    convert_to_tensor_or_sparse_tensor,
    sparse_concat,
    sparse_reshape,
    sparse_retain,
)
from tinytf.ops.sparse_ops import SparseTensor


def _at_k_name(name, k=None, class_id=None):
    name = f"{name}_at_{k}" if k is not None else f"{name}_at_k"
    return name if class_id is None else f"{name}_class{class_id}"


def _maybe_expand_labels(labels, predictions):
    """Labels of predictions' rank: a last dimension of size 1 added where they lack one."""
    with name_scope(None, "expand_labels", (labels, predictions)) as scope:
        labels = convert_to_tensor_or_sparse_tensor(labels)
        if isinstance(labels, SparseTensor):
            return _maybe_expand_sparse(labels, predictions, scope)
        labels_rank, predictions_rank = labels.shape.ndims, predictions.shape.ndims
        if labels_rank is not None and predictions_rank is not None:
            if predictions_rank == labels_rank:
                return labels
            if predictions_rank == labels_rank + 1:
                return array_ops.expand_dims(labels, -1, name=scope)
            raise ValueError(
                f"Unexpected labels shape {labels.shape} for predictions shape {predictions.shape}."
            )
        return cond(
            math_ops.equal(array_ops.rank(predictions), array_ops.rank(labels) + 1),
            lambda: array_ops.expand_dims(labels, -1, name=scope),
            lambda: labels,
        )


def _maybe_expand_sparse(labels, predictions, scope):
    """TF's tf.cond between reshaping to dense_shape + [1] and not, as one reshape that appends
    the [1] only when predictions have one more dimension (tinytf's cond carries no
    SparseTensor)."""
    labels_rank, predictions_rank = labels.dense_shape.shape.as_list()[0], predictions.shape.ndims
    if labels_rank is not None and predictions_rank is not None:
        if predictions_rank != labels_rank + 1:
            return labels
        return sparse_reshape(labels, array_ops.concat((labels.dense_shape, (1,)), 0), name=scope)
    expand = math_ops.equal(array_ops.rank(predictions), array_ops.size(labels.dense_shape) + 1)
    ones = array_ops.fill(array_ops.reshape(math_ops.cast(expand, dtypes.int32), [1]), 1)
    shape = array_ops.concat((labels.dense_shape, math_ops.cast(ones, dtypes.int64)), 0)
    return sparse_reshape(labels, shape=shape, name=scope)


def _select_class_id(ids, selected_id):
    """The entries of ids equal to selected_id, as a SparseTensor of ids' dense shape."""
    ids = convert_to_tensor_or_sparse_tensor(ids)
    if isinstance(ids, SparseTensor):
        return sparse_retain(ids, math_ops.equal(ids.values, selected_id))
    ids_shape = array_ops.shape(ids, out_type=dtypes.int64)
    filled_shape = array_ops.concat((ids_shape[:-1], [1]), 0)  # the last dimension made 1
    filled = array_ops.fill(filled_shape, math_ops.cast(selected_id, dtypes.int64))
    result = set_intersection(filled, ids)
    return SparseTensor(indices=result.indices, values=result.values, dense_shape=ids_shape)


def _maybe_select_class_id(labels, predictions_idx, selected_id=None):
    if selected_id is None:
        return labels, predictions_idx
    return _select_class_id(labels, selected_id), _select_class_id(predictions_idx, selected_id)


def _weighted_count(counts, weights):
    """Per-row float64 counts times weights (checked to broadcast to them)."""
    counts = math_ops.cast(counts, dtypes.float64)
    if weights is None:
        return counts
    with control_dependencies((assert_broadcastable(weights, counts),)):
        return math_ops.multiply(counts, math_ops.cast(weights, dtypes.float64))


def _true_positives(labels, predictions_idx, class_id=None, weights=None, name=None):
    with name_scope(name, "true_positives", (predictions_idx, labels, weights)):
        labels, predictions_idx = _maybe_select_class_id(labels, predictions_idx, class_id)
        return _weighted_count(set_size(set_intersection(predictions_idx, labels)), weights)


def _false_negatives(labels, predictions_idx, class_id=None, weights=None):
    with name_scope(None, "false_negatives", (predictions_idx, labels, weights)):
        labels, predictions_idx = _maybe_select_class_id(labels, predictions_idx, class_id)
        missed = set_difference(predictions_idx, labels, aminusb=False)
        return _weighted_count(set_size(missed), weights)


def _false_positives(labels, predictions_idx, class_id=None, weights=None):
    with name_scope(None, "false_positives", (predictions_idx, labels, weights)):
        labels, predictions_idx = _maybe_select_class_id(labels, predictions_idx, class_id)
        wrong = set_difference(predictions_idx, labels, aminusb=True)
        return _weighted_count(set_size(wrong), weights)


_COUNTS = {
    "true_positive": _true_positives,
    "false_negative": _false_negatives,
    "false_positive": _false_positives,
}


def _streaming_count(kind, labels, predictions_idx, k, class_id, weights):
    """A float64 variable `<kind>_at_<k>[_class<id>]` and the op adding a batch's count."""
    with name_scope(
        None, _at_k_name(kind, k, class_id=class_id), (predictions_idx, labels, weights)
    ) as scope:
        per_row = _COUNTS[kind](labels, predictions_idx, class_id=class_id, weights=weights)
        batch_total = math_ops.cast(reduction_ops.reduce_sum(per_row), dtypes.float64)
        var = metric_variable([], dtypes.float64, name=scope)
        return var, state_ops.assign_add(var, batch_total, name="update")


def _at_top_k(kind, other, labels, predictions_idx, k, class_id, weights, collections, name):
    """tp / (tp + other) streamed over the given top-k indices."""
    with name_scope(
        name, _at_k_name(kind, k, class_id=class_id), (predictions_idx, labels, weights)
    ) as scope:
        labels = _maybe_expand_labels(labels, predictions_idx)
        top_k_idx = math_ops.cast(predictions_idx, dtypes.int64)
        tp, tp_update = _streaming_count("true_positive", labels, top_k_idx, k, class_id, weights)
        o, o_update = _streaming_count(other, labels, top_k_idx, k, class_id, weights)
        value = math_ops.div(tp, math_ops.add(tp, o), name=scope)
        update = math_ops.div(tp_update, math_ops.add(tp_update, o_update), name="update")
        return collect(value, update, *collections)


def precision_at_top_k(
    labels,
    predictions_idx,
    k=None,
    class_id=None,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The fraction of the top-k predicted classes (given as indices) that are labels."""
    return _at_top_k(
        "precision", "false_positive", labels, predictions_idx, k, class_id, weights,
        (metrics_collections, updates_collections), name,
    )  # fmt: skip


def recall_at_top_k(
    labels,
    predictions_idx,
    k=None,
    class_id=None,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The fraction of labels among the top-k predicted classes (given as indices)."""
    return _at_top_k(
        "recall", "false_negative", labels, predictions_idx, k, class_id, weights,
        (metrics_collections, updates_collections), name,
    )  # fmt: skip


def precision_at_k(
    labels,
    predictions,
    k,
    class_id=None,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The fraction of the k highest-scored classes of predictions that are labels."""
    with name_scope(
        name, _at_k_name("precision", k, class_id=class_id), (predictions, labels, weights)
    ) as scope:
        _, top_k_idx = top_k(predictions, k)
        return precision_at_top_k(
            labels, top_k_idx, k, class_id, weights, metrics_collections, updates_collections,
            name=scope,
        )  # fmt: skip


def recall_at_k(
    labels,
    predictions,
    k,
    class_id=None,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The fraction of labels among the k highest-scored classes of predictions."""
    with name_scope(
        name, _at_k_name("recall", k, class_id=class_id), (predictions, labels, weights)
    ) as scope:
        _, top_k_idx = top_k(predictions, k)
        return recall_at_top_k(
            labels, top_k_idx, k, class_id, weights, metrics_collections, updates_collections,
            name=scope,
        )  # fmt: skip


def sparse_precision_at_k(
    labels,
    predictions,
    k,
    class_id=None,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """precision_at_k under its deprecated name."""
    return precision_at_k(
        labels, predictions, k, class_id, weights, metrics_collections, updates_collections, name
    )


def _expand_and_tile(tensor, multiple, dim=0, name=None):
    """tensor with a new dimension at `dim` (counted before the insertion), `multiple` long."""
    if multiple < 1:
        raise ValueError(f"Invalid multiple {multiple}, must be > 0.")
    with name_scope(name, "expand_and_tile", (tensor, multiple, dim)) as scope:
        tensor = convert_to_tensor_or_sparse_tensor(tensor)
        if isinstance(tensor, SparseTensor):
            if dim < 0:
                where = array_ops.reshape(array_ops.size(tensor.dense_shape) + dim, [1])
            else:
                where = [dim]
            shape = array_ops.concat(
                (
                    slice_(tensor.dense_shape, [0], where),
                    [1],
                    slice_(tensor.dense_shape, where, [-1]),
                ),
                0,
                name="expanded_shape",
            )
            expanded = sparse_reshape(tensor, shape=shape, name="expand")
            if multiple == 1:
                return expanded
            return sparse_concat(dim - 1 if dim < 0 else dim, [expanded] * multiple, name=scope)
        expanded = array_ops.expand_dims(tensor, dim if dim >= 0 else dim - 1, name="expand")
        if multiple == 1:
            return expanded
        ones = array_ops.ones_like(array_ops.shape(tensor))
        multiples = array_ops.concat((ones[:dim], (multiple,), ones[dim:]), 0, name="multiples")
        return array_ops.tile(expanded, multiples, name=scope)


def _num_relevant(labels, k):
    """Per row, min(k, the number of labels): the denominator of average precision."""
    if k < 1:
        raise ValueError(f"Invalid k={k}.")
    with name_scope(None, "num_relevant", (labels,)) as scope:
        labels = convert_to_tensor_or_sparse_tensor(labels)
        if isinstance(labels, SparseTensor):
            return math_ops.minimum(set_size(labels), k, name=scope)
        is_label = where_v2(
            math_ops.greater_equal(labels, 0),
            array_ops.ones_like(labels),
            array_ops.zeros_like(labels),
        )
        return math_ops.minimum(reduction_ops.reduce_sum(is_label, axis=-1), k, name=scope)


def _average_precision(labels, predictions_idx):
    """Per row, the average of the precisions at each rank that holds a label."""
    with name_scope(None, "average_precision", (predictions_idx, labels)) as scope:
        predictions_idx = math_ops.cast(predictions_idx, dtypes.int64, name="predictions_idx")
        if predictions_idx.shape.ndims == 0:
            raise ValueError("The rank of predictions_idx must be at least 1.")
        k = predictions_idx.shape.as_list()[-1]
        if k is None:
            raise ValueError("The last dimension of predictions_idx must be set.")
        labels = _maybe_expand_labels(labels, predictions_idx)
        # one prediction per rank ([D1, ... DN, k, 1]) against all labels at each rank
        predictions_idx_per_k = array_ops.expand_dims(
            predictions_idx, -1, name="predictions_idx_per_k"
        )
        labels_per_k = _expand_and_tile(labels, multiple=k, dim=-1, name="labels_per_k")
        relevant_per_k = _true_positives(labels_per_k, predictions_idx_per_k, name="relevant_per_k")
        tp_per_k = cumsum(relevant_per_k, axis=-1, name="tp_per_k")
        retrieved_per_k = cumsum(
            array_ops.ones_like(relevant_per_k), axis=-1, name="retrieved_per_k"
        )
        precision_per_k = math_ops.div(
            math_ops.cast(tp_per_k, dtypes.float64),
            math_ops.cast(retrieved_per_k, dtypes.float64),
            name="precision_per_k",
        )
        relevant_precision_per_k = math_ops.multiply(
            precision_per_k,
            math_ops.cast(relevant_per_k, dtypes.float64),
            name="relevant_precision_per_k",
        )
        precision_sum = reduction_ops.reduce_sum(
            relevant_precision_per_k, axis=(-1,), name="precision_sum"
        )
        num_relevant_items = math_ops.cast(_num_relevant(labels, k), dtypes.float64)
        return math_ops.div(precision_sum, num_relevant_items, name=scope)


def _streaming_average_precision(labels, predictions_idx, weights, collections, name):
    """The (weighted) mean over rows of the average precision: `total` / `max` variables."""
    with name_scope(
        name, "average_precision_at_top_k", (predictions_idx, labels, weights)
    ) as scope:
        average_precision = _average_precision(labels, predictions_idx)
        if weights is not None:
            weights = broadcast_weights(math_ops.cast(weights, dtypes.float64), average_precision)
            average_precision = math_ops.multiply(average_precision, weights)
        # a row's average precision is at most 1: `max` sums rows (or their weights)
        with name_scope(None, "max", (average_precision,)) as max_scope:
            max_var = metric_variable([], dtypes.float64, name=max_scope)
            if weights is None:
                batch_max = math_ops.cast(
                    array_ops.size(average_precision, name="batch_max"), dtypes.float64
                )
            else:
                batch_max = reduction_ops.reduce_sum(weights, name="batch_max")
            max_update = state_ops.assign_add(max_var, batch_max, name="update")
        with name_scope(None, "total", (average_precision,)) as total_scope:
            total_var = metric_variable([], dtypes.float64, name=total_scope)
            batch_total = reduction_ops.reduce_sum(average_precision, name="batch_total")
            total_update = state_ops.assign_add(total_var, batch_total, name="update")
        value = math_ops.div_no_nan(total_var, max_var, name="mean")
        update = math_ops.div_no_nan(total_update, max_update, name=scope)
        return collect(value, update, *collections)


def _clean_out_of_range_indices(labels, num_classes):
    """Labels >= num_classes made -1 (so that they count as no label, as TF documents)."""

    def clean(values):
        return where_v2(
            math_ops.greater_equal(values, num_classes), -1 * array_ops.ones_like(values), values
        )

    sparse = isinstance(labels, SparseTensor)
    values = labels.values if sparse else labels
    values = cond(
        math_ops.greater_equal(reduction_ops.reduce_max(values), num_classes),
        lambda: clean(values),
        lambda: values,
    )
    return SparseTensor(labels.indices, values, labels.dense_shape) if sparse else values


def average_precision_at_k(
    labels,
    predictions,
    k,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The mean over rows of the average precision of the k highest-scored classes."""
    if k < 1:
        raise ValueError(f"Invalid k={k}.")
    with name_scope(
        name, _at_k_name("average_precision", k), (predictions, labels, weights)
    ) as scope:
        _, predictions_idx = top_k(predictions, k)
        labels = convert_to_tensor_or_sparse_tensor(labels)
        num_classes = math_ops.cast(array_ops.shape(predictions)[-1], dtypes.int64)
        labels = _clean_out_of_range_indices(labels, num_classes)
        return _streaming_average_precision(
            labels, predictions_idx, weights, (metrics_collections, updates_collections), scope
        )


def sparse_average_precision_at_k(
    labels,
    predictions,
    k,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """average_precision_at_k under its deprecated name."""
    return average_precision_at_k(
        labels, predictions, k, weights, metrics_collections, updates_collections, name
    )

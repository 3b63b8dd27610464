"""tf.metrics: streaming metrics. Each returns (value, update_op): update_op accumulates a batch
into local variables (`<name>/total`, `<name>/count`, ...; in LOCAL_VARIABLES and
METRIC_VARIABLES, so tf.local_variables_initializer() resets them) and value reads the result.

    acc, acc_update = tf.metrics.accuracy(labels, predictions)
    sess.run(tf.local_variables_initializer())
    for batch in batches: sess.run(acc_update, batch)
    print(sess.run(acc))

This module holds the means (mean, mean_tensor and the errors and distances built on them);
metrics_confusion.py the counts, thresholds and curves; metrics_at_k.py the ranking metrics.
"""

from tinytf.framework import dtypes
from tinytf.framework.op_def import control_dependencies
from tinytf.ops import array_ops, math_ops, reduction_ops, state_ops
from tinytf.ops.metrics_at_k import (  # noqa: F401 - tf.metrics (and the estimator) take them here
    average_precision_at_k,
    precision_at_k,
    precision_at_top_k,
    recall_at_k,
    recall_at_top_k,
    sparse_average_precision_at_k,
    sparse_precision_at_k,
)
from tinytf.ops.metrics_confusion import (  # noqa: F401
    auc,
    false_negatives,
    false_negatives_at_thresholds,
    false_positives,
    false_positives_at_thresholds,
    mean_iou,
    mean_per_class_accuracy,
    precision,
    precision_at_thresholds,
    recall,
    recall_at_thresholds,
    sensitivity_at_specificity,
    specificity_at_sensitivity,
    true_negatives,
    true_negatives_at_thresholds,
    true_positives,
    true_positives_at_thresholds,
)
from tinytf.ops.metrics_util import (
    broadcast_weights,
    collect,
    metric_variable,
    remove_squeezable,
    remove_squeezable_dimensions,
)
from tinytf.ops.variable_scope import variable_scope


def _weighted_values(values, weights):
    """(values * weights, weights broadcast to values) after TF's squeeze of the weights."""
    values, _, weights = remove_squeezable(values, None, weights)
    weights = broadcast_weights(math_ops.cast(weights, dtypes.float32), values)
    return math_ops.multiply(values, weights), weights


def _mean_of(values, total, count, num_values, collections):
    """The (value, update_op) of total/count after adding values and num_values."""
    update_total = state_ops.assign_add(total, reduction_ops.reduce_sum(values))
    with control_dependencies([values]):
        update_count = state_ops.assign_add(count, num_values)
    value = math_ops.div_no_nan(total, math_ops.maximum(count, 0), name="value")
    update = math_ops.div_no_nan(update_total, math_ops.maximum(update_count, 0), name="update_op")
    return collect(value, update, *collections)


def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The (weighted) mean of all values seen."""
    with variable_scope(name, "mean", (values, weights)):
        values = math_ops.cast(values, dtypes.float32)
        total = metric_variable([], dtypes.float32, name="total")
        count = metric_variable([], dtypes.float32, name="count")
        if weights is None:
            num_values = math_ops.cast(array_ops.size(values), dtypes.float32)
        else:
            values, weights = _weighted_values(values, weights)
            num_values = reduction_ops.reduce_sum(weights)
        return _mean_of(
            values, total, count, num_values, (metrics_collections, updates_collections)
        )


def mean_tensor(
    values, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """The element-wise (weighted) mean of all values seen: a tensor of values' shape."""
    with variable_scope(name, "mean", (values, weights)):
        values = math_ops.cast(values, dtypes.float32)
        if not values.shape.is_fully_defined():  # TF's message, from zeros(values.shape)
            raise ValueError(
                f"Cannot convert a partially known TensorShape to a Tensor: {values.shape}"
            )
        total = metric_variable(values.shape, dtypes.float32, name="total_tensor")
        count = metric_variable(values.shape, dtypes.float32, name="count_tensor")
        num_values = array_ops.ones_like(values)
        if weights is not None:
            values, weights = _weighted_values(values, weights)
            num_values = math_ops.multiply(num_values, weights)
        update_total = state_ops.assign_add(total, values)
        with control_dependencies([values]):
            update_count = state_ops.assign_add(count, num_values)
        value = math_ops.div_no_nan(total, math_ops.maximum(count, 0), name="value")
        update = math_ops.div_no_nan(
            update_total, math_ops.maximum(update_count, 0), name="update_op"
        )
        return collect(value, update, metrics_collections, updates_collections)


def accuracy(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """The fraction of predictions equal to labels."""
    predictions, labels, weights = remove_squeezable(predictions, labels, weights)
    predictions.shape.assert_is_compatible_with(labels.shape)
    if labels.dtype != predictions.dtype:
        predictions = math_ops.cast(predictions, labels.dtype)
    is_correct = math_ops.cast(math_ops.equal(predictions, labels), dtypes.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections, name or "accuracy")


def mean_absolute_error(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """The (weighted) mean of |predictions - labels|."""
    predictions, labels, weights = remove_squeezable(predictions, labels, weights)
    errors = math_ops.abs(predictions - labels)
    return mean(
        errors, weights, metrics_collections, updates_collections, name or "mean_absolute_error"
    )


def mean_squared_error(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """The (weighted) mean of (labels - predictions)**2."""
    predictions, labels, weights = remove_squeezable(predictions, labels, weights)
    errors = math_ops.squared_difference(labels, predictions)
    return mean(
        errors, weights, metrics_collections, updates_collections, name or "mean_squared_error"
    )


def root_mean_squared_error(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """The square root of the (weighted) mean squared error."""
    predictions, labels, weights = remove_squeezable(predictions, labels, weights)
    mse, update_mse = mean_squared_error(
        labels, predictions, weights, None, None, name or "root_mean_squared_error"
    )
    return collect(
        math_ops.sqrt(mse), math_ops.sqrt(update_mse), metrics_collections, updates_collections
    )


def mean_relative_error(
    labels,
    predictions,
    normalizer,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The (weighted) mean of |labels - predictions| / normalizer (0 where normalizer is 0)."""
    predictions, labels, weights = remove_squeezable(predictions, labels, weights)
    predictions, normalizer = remove_squeezable_dimensions(predictions, normalizer)
    predictions.shape.assert_is_compatible_with(normalizer.shape)
    relative_errors = math_ops.where(
        math_ops.equal(normalizer, 0.0),
        array_ops.zeros_like(labels),
        math_ops.div(math_ops.abs(labels - predictions), normalizer),
    )
    return mean(
        relative_errors,
        weights,
        metrics_collections,
        updates_collections,
        name or "mean_relative_error",
    )


def mean_cosine_distance(
    labels,
    predictions,
    dim,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """1 - the (weighted) mean of the dot products along `dim` (of unit-normalized inputs)."""
    predictions, labels, weights = remove_squeezable(predictions, labels, weights)
    radial_diffs = reduction_ops.reduce_sum(
        math_ops.multiply(predictions, labels), axis=[dim], keepdims=True
    )
    mean_distance, update = mean(radial_diffs, weights, None, None, name or "mean_cosine_distance")
    return collect(
        math_ops.subtract(1.0, mean_distance),
        math_ops.subtract(1.0, update),
        metrics_collections,
        updates_collections,
    )


def percentage_below(
    values, threshold, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """The (weighted) fraction of values below threshold."""
    is_below = math_ops.cast(math_ops.less(values, threshold), dtypes.float32)
    return mean(
        is_below, weights, metrics_collections, updates_collections,
        name or "percentage_below_threshold",
    )  # fmt: skip

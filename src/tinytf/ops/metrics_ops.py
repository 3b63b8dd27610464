"""tf.metrics: streaming metrics. Each returns (value, update_op): update_op accumulates a batch
into local variables (`<name>/total`, `<name>/count`, ...; in LOCAL_VARIABLES and
METRIC_VARIABLES, so tf.local_variables_initializer() resets them) and value reads the result.

    acc, acc_update = tf.metrics.accuracy(labels, predictions)
    sess.run(tf.local_variables_initializer())
    for batch in batches: sess.run(acc_update, batch)
    print(sess.run(acc))
"""

from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.op_def import convert_to_tensor
from tinytf.ops import array_ops, math_ops, reduction_ops, state_ops
from tinytf.ops.variable_scope import variable_scope
from tinytf.ops.variables import Variable

_EPSILON = 1e-7


def metric_variable(shape, dtype, validate_shape=True, name=None):
    """A zero-initialized local variable that accumulates a metric."""
    return Variable(
        lambda: array_ops.zeros(shape, dtype),
        trainable=False,
        collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES],
        validate_shape=validate_shape,
        name=name,
    )


def _collect(value, update, metrics_collections, updates_collections):
    graph = get_default_graph()
    if metrics_collections:
        graph.add_to_collections(metrics_collections, value)
    if updates_collections:
        graph.add_to_collections(updates_collections, update)
    return value, update


def _squeeze_pair(labels, predictions):
    """Drops a trailing size-1 dimension that one of the two has and the other lacks."""
    lr, pr = labels.shape.ndims, predictions.shape.ndims
    if lr is not None and pr is not None:
        if lr == pr + 1 and labels.shape[-1].value == 1:
            labels = array_ops.squeeze(labels, [-1])
        elif pr == lr + 1 and predictions.shape[-1].value == 1:
            predictions = array_ops.squeeze(predictions, [-1])
    return labels, predictions


def _weighted(values, weights):
    """(values * weights, sum of weights) - or (values, count) without weights."""
    if weights is None:
        return values, math_ops.cast(array_ops.size(values), dtypes.float32)
    weights = math_ops.cast(weights, dtypes.float32) * array_ops.ones_like(values)
    return values * weights, reduction_ops.reduce_sum(weights)


def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The (weighted) mean of all values seen."""
    with variable_scope(name, "mean", (values, weights)):
        values = math_ops.cast(convert_to_tensor(values), dtypes.float32)
        total = metric_variable([], dtypes.float32, name="total")
        count = metric_variable([], dtypes.float32, name="count")
        values, num_values = _weighted(values, weights)
        update_total = state_ops.assign_add(total, reduction_ops.reduce_sum(values))
        with get_default_graph().control_dependencies([values]):
            update_count = state_ops.assign_add(count, num_values)
        value = math_ops.div_no_nan(total, math_ops.maximum(count, 0.0), name="value")
        update = math_ops.div_no_nan(
            update_total, math_ops.maximum(update_count, 0.0), name="update_op"
        )
        return _collect(value, update, metrics_collections, updates_collections)


def _mean_of(fn, default_name):
    def metric(
        labels,
        predictions,
        weights=None,
        metrics_collections=None,
        updates_collections=None,
        name=None,
    ):
        labels, predictions = _squeeze_pair(
            convert_to_tensor(labels), convert_to_tensor(predictions)
        )
        predictions.shape.assert_is_compatible_with(labels.shape)
        values = fn(labels, predictions)
        return mean(values, weights, metrics_collections, updates_collections, name or default_name)

    metric.__name__ = metric.__qualname__ = default_name
    return metric


def _is_correct(labels, predictions):
    if labels.dtype.base_dtype != predictions.dtype.base_dtype:
        predictions = math_ops.cast(predictions, labels.dtype.base_dtype)
    return math_ops.cast(math_ops.equal(predictions, labels), dtypes.float32)


def _float_pair(labels, predictions):
    return math_ops.cast(labels, dtypes.float32), math_ops.cast(predictions, dtypes.float32)


accuracy = _mean_of(_is_correct, "accuracy")
accuracy.__doc__ = "The fraction of predictions equal to labels."
mean_squared_error = _mean_of(
    lambda y, p: math_ops.squared_difference(*_float_pair(y, p)), "mean_squared_error"
)
mean_absolute_error = _mean_of(
    lambda y, p: math_ops.abs(math_ops.subtract(*_float_pair(p, y))), "mean_absolute_error"
)


def _count(condition, weights, name):
    with variable_scope(name):
        count = metric_variable([], dtypes.float32, name="count")
        values = math_ops.cast(condition, dtypes.float32)
        if weights is not None:
            values = values * math_ops.cast(weights, dtypes.float32)
        update = state_ops.assign_add(count, reduction_ops.reduce_sum(values))
        return array_ops.identity(count), update


def _ratio(labels, predictions, weights, name, default_name, wrong_label):
    """tp / (tp + wrong): precision (wrong = false positives) or recall (false negatives)."""
    with variable_scope(name, default_name, (predictions, labels, weights)):
        labels, predictions = _squeeze_pair(
            math_ops.cast(labels, dtypes.bool), math_ops.cast(predictions, dtypes.bool)
        )
        tp, tp_update = _count(math_ops.logical_and(labels, predictions), weights, "true_positives")
        wrong = math_ops.logical_and(
            math_ops.equal(labels, wrong_label), math_ops.equal(predictions, not wrong_label)
        )
        other, other_update = _count(
            wrong, weights, "false_positives" if not wrong_label else "false_negatives"
        )

        def ratio(t, o, name):
            total = t + o
            return math_ops.where(
                math_ops.greater(total, 0.0), math_ops.div_no_nan(t, total), 0.0 * total, name=name
            )

        return ratio(tp, other, "value"), ratio(tp_update, other_update, "update_op")


def precision(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """true positives / (true positives + false positives), over bool-cast inputs."""
    value, update = _ratio(labels, predictions, weights, name, "precision", False)
    return _collect(value, update, metrics_collections, updates_collections)


def recall(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """true positives / (true positives + false negatives), over bool-cast inputs."""
    value, update = _ratio(labels, predictions, weights, name, "recall", True)
    return _collect(value, update, metrics_collections, updates_collections)


def auc(
    labels,
    predictions,
    weights=None,
    num_thresholds=200,
    metrics_collections=None,
    updates_collections=None,
    curve="ROC",
    name=None,
    summation_method="trapezoidal",
    thresholds=None,
):
    """The area under the ROC (or PR) curve, by the trapezoidal rule over num_thresholds
    evenly spaced thresholds on predictions in [0, 1] (TF's streaming approximation)."""
    if curve not in ("ROC", "PR") or summation_method != "trapezoidal":
        raise ValueError(
            f"tinytf's auc supports curve ROC/PR with trapezoidal summation, got "
            f"{curve!r}, {summation_method!r}"
        )
    if thresholds is None:
        thresholds = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        thresholds = [-_EPSILON, *thresholds, 1.0 + _EPSILON]
    with variable_scope(name, "auc", (labels, predictions, weights)):
        labels, predictions = _squeeze_pair(
            convert_to_tensor(labels), convert_to_tensor(predictions)
        )
        labels = array_ops.reshape(math_ops.cast(labels, dtypes.bool), [1, -1])
        scores = array_ops.reshape(math_ops.cast(predictions, dtypes.float32), [1, -1])
        above = math_ops.greater(
            scores, array_ops.reshape(convert_to_tensor(thresholds, dtypes.float32), [-1, 1])
        )  # [thresholds, examples]
        w = (
            None
            if weights is None
            else array_ops.reshape(math_ops.cast(weights, dtypes.float32), [1, -1])
        )
        counts = {}
        for key, label, pred in (
            ("tp", True, True),
            ("fn", True, False),
            ("tn", False, False),
            ("fp", False, True),
        ):
            cond = math_ops.logical_and(math_ops.equal(labels, label), math_ops.equal(above, pred))
            values = math_ops.cast(cond, dtypes.float32) * (1.0 if w is None else w)
            var = metric_variable(
                [len(thresholds)],
                dtypes.float32,
                name={
                    "tp": "true_positives",
                    "fn": "false_negatives",
                    "tn": "true_negatives",
                    "fp": "false_positives",
                }[key],
            )
            counts[key] = (var, state_ops.assign_add(var, reduction_ops.reduce_sum(values, 1)))

        def area(tp, fn, tn, fp, name):
            if curve == "ROC":
                x = fp / (fp + tn + _EPSILON)
                y = (tp + _EPSILON) / (tp + fn + _EPSILON)
            else:
                x = (tp + _EPSILON) / (tp + fn + _EPSILON)
                y = (tp + _EPSILON) / (tp + fp + _EPSILON)
            return reduction_ops.reduce_sum((x[:-1] - x[1:]) * (y[:-1] + y[1:]) / 2.0, name=name)

        value = area(*(counts[k][0].value() for k in ("tp", "fn", "tn", "fp")), "value")
        update = area(*(counts[k][1] for k in ("tp", "fn", "tn", "fp")), "update_op")
        return _collect(value, update, metrics_collections, updates_collections)

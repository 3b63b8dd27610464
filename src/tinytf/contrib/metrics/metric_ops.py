"""The metrics of tf.contrib.metrics: the streaming_* names TF 1.15 keeps as wrappers over
tf.metrics (predictions before labels), and contrib's own ones (rates, counts at thresholds,
covariance, Pearson correlation, count, the non-streaming accuracy, aggregate_metric*)."""

import inspect

from tinytf.framework import dtypes
from tinytf.framework.op_def import control_dependencies, name_scope
from tinytf.ops import math_ops, reduction_ops, state_ops
from tinytf.ops import metrics_ops as _m
from tinytf.ops.array_ops import identity, ones_like, size
from tinytf.ops.metrics_confusion import confusion_at_thresholds
from tinytf.ops.metrics_util import (
    broadcast_weights,
    collect,
    metric_variable,
    remove_squeezable,
)
from tinytf.ops.nn_ops import in_top_k
from tinytf.ops.variable_scope import variable_scope

_COLL = ("metrics_collections", "updates_collections", "name")
_PL = ("predictions", "labels")


def _streaming(target, *params):
    """A contrib name for tf.metrics' `target`: `params` in contrib's order, defaults as
    target's, every argument passed on by keyword (the orders differ)."""
    defaults = inspect.signature(target).parameters
    sig = inspect.Signature(
        [inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                           default=defaults[p].default) for p in params]
    )

    def metric(*args, **kwargs):
        return target(**sig.bind(*args, **kwargs).arguments)

    metric.__signature__ = sig
    metric.__doc__ = f"tf.metrics.{target.__name__} under its tf.contrib.metrics name."
    return metric


streaming_true_positives = _streaming(_m.true_positives, *_PL, "weights", *_COLL)
streaming_true_negatives = _streaming(_m.true_negatives, *_PL, "weights", *_COLL)
streaming_false_positives = _streaming(_m.false_positives, *_PL, "weights", *_COLL)
streaming_false_negatives = _streaming(_m.false_negatives, *_PL, "weights", *_COLL)
streaming_mean = _streaming(_m.mean, "values", "weights", *_COLL)
streaming_mean_tensor = _streaming(_m.mean_tensor, "values", "weights", *_COLL)
streaming_accuracy = _streaming(_m.accuracy, *_PL, "weights", *_COLL)
streaming_precision = _streaming(_m.precision, *_PL, "weights", *_COLL)
streaming_recall = _streaming(_m.recall, *_PL, "weights", *_COLL)
streaming_auc = _streaming(
    _m.auc, *_PL, "weights", "num_thresholds", *_COLL[:2], "curve", "name"
)
streaming_specificity_at_sensitivity = _streaming(
    _m.specificity_at_sensitivity, *_PL, "sensitivity", "weights", "num_thresholds", *_COLL
)
streaming_sensitivity_at_specificity = _streaming(
    _m.sensitivity_at_specificity, *_PL, "specificity", "weights", "num_thresholds", *_COLL
)
streaming_precision_at_thresholds = _streaming(
    _m.precision_at_thresholds, *_PL, "thresholds", "weights", *_COLL
)
streaming_recall_at_thresholds = _streaming(
    _m.recall_at_thresholds, *_PL, "thresholds", "weights", *_COLL
)
streaming_sparse_recall_at_k = _streaming(
    _m.recall_at_k, *_PL, "k", "class_id", "weights", *_COLL
)
streaming_sparse_precision_at_k = _streaming(
    _m.precision_at_k, *_PL, "k", "class_id", "weights", *_COLL
)
streaming_sparse_average_precision_at_k = _streaming(
    _m.average_precision_at_k, *_PL, "k", "weights", *_COLL
)
streaming_mean_absolute_error = _streaming(_m.mean_absolute_error, *_PL, "weights", *_COLL)
streaming_mean_relative_error = _streaming(
    _m.mean_relative_error, *_PL, "normalizer", "weights", *_COLL
)
streaming_mean_squared_error = _streaming(_m.mean_squared_error, *_PL, "weights", *_COLL)
streaming_root_mean_squared_error = _streaming(
    _m.root_mean_squared_error, *_PL, "weights", *_COLL
)
streaming_percentage_less = _streaming(_m.percentage_below, "values", "threshold", "weights",
                                       *_COLL)
streaming_mean_iou = _streaming(_m.mean_iou, *_PL, "num_classes", "weights", *_COLL)

for _name, _fn in list(globals().items()):  # the wrappers carry their contrib names
    if getattr(_fn, "__qualname__", "").startswith("_streaming."):
        _fn.__name__ = _fn.__qualname__ = _name


def streaming_recall_at_k(
    predictions, labels, k, weights=None, metrics_collections=None, updates_collections=None,
    name=None,
):
    """The streaming mean of in_top_k(predictions, labels, k) (named recall_at_<k>)."""
    hits = math_ops.cast(in_top_k(predictions, labels, k), dtypes.float32)
    return _m.mean(hits, weights, metrics_collections, updates_collections,
                   name or f"recall_at_{k}")


def accuracy(predictions, labels, weights=None, name=None):
    """The (non-streaming) fraction of predictions equal to labels, weighted if weights."""
    if not (labels.dtype.is_integer or labels.dtype in (dtypes.bool, dtypes.string)):
        raise ValueError(f"Labels should have bool, integer, or string dtype, not {labels.dtype!r}")
    if not labels.dtype.is_compatible_with(predictions.dtype):
        raise ValueError(
            "Dtypes of predictions and labels should match. Given: predictions "
            f"({predictions.dtype!r}) and labels ({labels.dtype!r})"
        )
    with name_scope(name, "accuracy", values=[predictions, labels]):
        correct = math_ops.cast(math_ops.equal(predictions, labels), dtypes.float32)
        if weights is None:
            return reduction_ops.reduce_mean(correct)
        correct = math_ops.multiply(correct, weights)
        count = math_ops.multiply(weights, ones_like(correct))
        return math_ops.div(reduction_ops.reduce_sum(correct), reduction_ops.reduce_sum(count))


def aggregate_metrics(*value_update_tuples):
    """(value, update_op) pairs -> ([values], [update_ops])."""
    if not value_update_tuples:
        raise ValueError("Expected at least one value_tensor/update_op pair")
    values, updates = zip(*value_update_tuples)
    return list(values), list(updates)


def aggregate_metric_map(names_to_tuples):
    """{name: (value, update_op)} -> ({name: value}, {name: update_op})."""
    names = names_to_tuples.keys()
    values, updates = zip(*names_to_tuples.values())
    return dict(zip(names, values)), dict(zip(names, updates))


_EPSILON = 1e-7
_KEYS = {"tp": "true_positives", "fn": "false_negatives", "tn": "true_negatives",
         "fp": "false_positives"}


def _count_at_thresholds(key):
    def metric(predictions, labels, thresholds, weights=None):
        values, updates = confusion_at_thresholds(labels, predictions, thresholds, weights,
                                                  includes=(key,))
        return values[key], updates[key]

    metric.__name__ = f"streaming_{_KEYS[key]}_at_thresholds"
    metric.__doc__ = f"The (weighted) {_KEYS[key].replace('_', ' ')} at each threshold."
    return metric


streaming_true_positives_at_thresholds = _count_at_thresholds("tp")
streaming_false_negatives_at_thresholds = _count_at_thresholds("fn")
streaming_true_negatives_at_thresholds = _count_at_thresholds("tn")
streaming_false_positives_at_thresholds = _count_at_thresholds("fp")


def _rate(kind, num, other):
    """streaming_false_{positive,negative}_rate: num / (num + other), 0 when both are 0."""

    def metric(predictions, labels, weights=None, metrics_collections=None,
               updates_collections=None, name=None):
        with variable_scope(name, f"false_{kind}_rate", (predictions, labels, weights)):
            predictions, labels, weights = remove_squeezable(
                math_ops.cast(predictions, dtypes.bool), math_ops.cast(labels, dtypes.bool),
                weights)
            a, a_update = num(labels, predictions, weights)
            b, b_update = other(labels, predictions, weights)

            def ratio(x, y, op_name):
                return math_ops.where(math_ops.greater(x + y, 0), math_ops.div(x, x + y), 0,
                                      op_name)

            return collect(ratio(a, b, "value"), ratio(a_update, b_update, "update_op"),
                           metrics_collections, updates_collections)

    metric.__name__ = f"streaming_false_{kind}_rate"
    metric.__doc__ = f"The streaming false {kind} rate of bool-cast predictions."
    return metric


streaming_false_positive_rate = _rate("positive", _m.false_positives, _m.true_negatives)
streaming_false_negative_rate = _rate("negative", _m.false_negatives, _m.true_positives)


def _rate_at_thresholds(kind, keys, short):
    def metric(predictions, labels, thresholds, weights=None, metrics_collections=None,
               updates_collections=None, name=None):
        with variable_scope(name, f"false_{kind}_rate_at_thresholds",
                            (predictions, labels, weights)):
            values, updates = confusion_at_thresholds(labels, predictions, thresholds, weights,
                                                      includes=keys)

            def ratio(c, op_name):
                return math_ops.div(c[keys[0]], _EPSILON + c[keys[0]] + c[keys[1]],
                                    name=f"{short}_{op_name}")

            return collect(ratio(values, "value"), ratio(updates, "update_op"),
                           metrics_collections, updates_collections)

    metric.__name__ = f"streaming_false_{kind}_rate_at_thresholds"
    metric.__doc__ = f"The streaming false {kind} rate at each threshold."
    return metric


streaming_false_positive_rate_at_thresholds = _rate_at_thresholds("positive", ("fp", "tn"),
                                                                  "fpr")
streaming_false_negative_rate_at_thresholds = _rate_at_thresholds("negative", ("fn", "tp"),
                                                                  "fnr")


def count(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The streaming (weighted) number of values."""
    with variable_scope(name, "count", (values, weights)):
        total = metric_variable([], dtypes.float32, name="count")
        if weights is None:
            num_values = math_ops.cast(size(values), dtypes.float32)
        else:
            values, _, weights = remove_squeezable(math_ops.cast(values, dtypes.float32), None,
                                                   weights)
            weights = broadcast_weights(math_ops.cast(weights, dtypes.float32), values)
            num_values = reduction_ops.reduce_sum(weights)
        with control_dependencies([values]):
            update = state_ops.assign_add(total, num_values)
        return collect(identity(total), update, metrics_collections,
                       updates_collections)


def streaming_mean_cosine_distance(predictions, labels, dim, weights=None,
                                   metrics_collections=None, updates_collections=None,
                                   name=None):
    """1 - the streaming mean of sum(predictions * labels, dim) (unit-normalized inputs)."""
    predictions, labels, weights = remove_squeezable(predictions, labels, weights)
    radial = reduction_ops.reduce_sum(math_ops.multiply(predictions, labels), axis=[dim],
                                      keepdims=True)
    mean, update = _m.mean(radial, weights, None, None, name or "mean_cosine_distance")
    return collect(math_ops.subtract(1.0, mean), math_ops.subtract(1.0, update),
                   metrics_collections, updates_collections)


def _streaming_moment(mean_var, values, weights, batch_count, update_count):
    """(previous mean, batch mean, update of the running mean) of `values`."""
    weighted = values if weights is None else math_ops.multiply(values, weights)
    batch_mean = math_ops.div_no_nan(reduction_ops.reduce_sum(weighted), batch_count)
    delta = math_ops.div_no_nan((batch_mean - mean_var) * batch_count, update_count)
    update = state_ops.assign_add(mean_var, delta)
    return update - delta, batch_mean


def _nan_unless_counted(count_var, comoment, name):
    return math_ops.where(math_ops.less_equal(count_var, 1.0), float("nan"),
                          math_ops.truediv(comoment, count_var - 1), name=name)


def streaming_covariance(predictions, labels, weights=None, metrics_collections=None,
                         updates_collections=None, name=None):
    """The streaming (weighted) unbiased covariance of predictions and labels (NaN until two
    values are seen)."""
    with variable_scope(name, "covariance", (predictions, labels, weights)):
        predictions, labels, weights = remove_squeezable(predictions, labels, weights)
        count_var = metric_variable([], dtypes.float32, name="count")
        mean_p = metric_variable([], dtypes.float32, name="mean_prediction")
        mean_l = metric_variable([], dtypes.float32, name="mean_label")
        comoment = metric_variable([], dtypes.float32, name="comoment")
        if weights is None:
            batch_count = math_ops.cast(size(labels), dtypes.float32)
        else:
            weights = broadcast_weights(weights, labels)
            batch_count = reduction_ops.reduce_sum(weights)
        update_count = state_ops.assign_add(count_var, batch_count)
        prev_count = update_count - batch_count
        prev_p, batch_p = _streaming_moment(mean_p, predictions, weights, batch_count,
                                            update_count)
        prev_l, batch_l = _streaming_moment(mean_l, labels, weights, batch_count, update_count)
        residuals = (predictions - batch_p) * (labels - batch_l)
        if weights is not None:
            residuals = residuals * weights
        delta = reduction_ops.reduce_sum(residuals) + (prev_p - batch_p) * (
            prev_l - batch_l) * (prev_count * batch_count / update_count)
        update_comoment = state_ops.assign_add(comoment, delta)
        covariance = _nan_unless_counted(count_var, comoment, "covariance")
        with control_dependencies([update_comoment]):
            update = _nan_unless_counted(count_var, comoment, "update_op")
    return collect(covariance, update, metrics_collections, updates_collections)


def streaming_pearson_correlation(predictions, labels, weights=None, metrics_collections=None,
                                  updates_collections=None, name=None):
    """The streaming (weighted) Pearson correlation of predictions and labels."""
    with variable_scope(name, "pearson_r", (predictions, labels, weights)):
        predictions, labels, weights = remove_squeezable(predictions, labels, weights)
        if weights is not None:
            weights = broadcast_weights(weights, labels)
        cov, up_cov = streaming_covariance(predictions, labels, weights, name="covariance")
        var_p, up_p = streaming_covariance(predictions, predictions, weights,
                                           name="variance_predictions")
        var_l, up_l = streaming_covariance(labels, labels, weights, name="variance_labels")
        r = math_ops.truediv(cov, math_ops.multiply(math_ops.sqrt(var_p), math_ops.sqrt(var_l)),
                             name="pearson_r")
        update = math_ops.truediv(
            up_cov, math_ops.multiply(math_ops.sqrt(up_p), math_ops.sqrt(up_l)),
            name="update_op")
    return collect(r, update, metrics_collections, updates_collections)

"""tf.metrics built on confusion counts (TF 1.15's metrics_impl.py): true/false positives and
negatives (plain and at thresholds), precision and recall, auc, sensitivity/specificity, and
the confusion-matrix metrics mean_iou and mean_per_class_accuracy."""

from tinytf.framework import dtypes
from tinytf.framework.op_def import control_dependencies, convert_to_tensor
from tinytf.ops import array_ops, check_ops, math_ops, reduction_ops, state_ops
from tinytf.ops.constant_op import constant
from tinytf.ops.histogram_ops import confusion_matrix
from tinytf.ops.layout_ops import diag_part
from tinytf.ops.metrics_util import broadcast_weights, collect, metric_variable, remove_squeezable
from tinytf.ops.scatter_ops import scatter_add
from tinytf.ops.sequence_ops import cumsum
from tinytf.ops.variable_scope import variable_scope
from tinytf.platform import tf_logging

_KEYS = ("tp", "fn", "tn", "fp")
_NAMES = {
    "tp": "true_positives",
    "fn": "false_negatives",
    "tn": "true_negatives",
    "fp": "false_positives",
}
_CELLS = {"tp": (True, True), "fn": (True, False), "tn": (False, False), "fp": (False, True)}
_KEPSILON = 1e-7  # TF's allowance for floating-point imprecision at the end thresholds


def _count_condition(values, weights, metrics_collections, updates_collections):
    """A `count` variable summing the (weighted) true elements of bool values."""
    check_ops.assert_type(values, dtypes.bool)
    count = metric_variable([], dtypes.float32, name="count")
    values = math_ops.cast(values, dtypes.float32)
    if weights is not None:
        with control_dependencies(
            (check_ops.assert_rank_in(weights, (0, array_ops.rank(values))),)
        ):
            values = math_ops.multiply(values, math_ops.cast(weights, dtypes.float32))
    value = array_ops.identity(count)
    update = state_ops.assign_add(count, reduction_ops.reduce_sum(values))
    return collect(value, update, metrics_collections, updates_collections)


def _cell_count(key, labels, predictions, weights, collections, name):
    """The (weighted) count of one confusion cell over bool-cast labels and predictions."""
    with variable_scope(name, _NAMES[key], (predictions, labels, weights)):
        predictions, labels, weights = remove_squeezable(
            math_ops.cast(predictions, dtypes.bool), math_ops.cast(labels, dtypes.bool), weights
        )
        label_is, pred_is = _CELLS[key]
        condition = math_ops.logical_and(
            math_ops.equal(labels, label_is), math_ops.equal(predictions, pred_is)
        )
        return _count_condition(condition, weights, *collections)


def _cell_counter(key):
    def metric(
        labels,
        predictions,
        weights=None,
        metrics_collections=None,
        updates_collections=None,
        name=None,
    ):
        return _cell_count(
            key, labels, predictions, weights, (metrics_collections, updates_collections), name
        )

    metric.__name__ = metric.__qualname__ = _NAMES[key]
    label_is, pred_is = _CELLS[key]
    metric.__doc__ = f"The (weighted) count of labels {label_is} predicted {pred_is}."
    return metric


true_positives = _cell_counter("tp")
false_negatives = _cell_counter("fn")
true_negatives = _cell_counter("tn")
false_positives = _cell_counter("fp")


def _in_unit_interval(predictions):
    message = "predictions must be in [0, 1]"
    zero, one = (math_ops.cast(v, predictions.dtype) for v in (0.0, 1.0))
    return [
        check_ops.assert_greater_equal(predictions, zero, message=message),
        check_ops.assert_less_equal(predictions, one, message=message),
    ]


def confusion_at_thresholds(labels, predictions, thresholds, weights=None, includes=None):
    """TF's _confusion_matrix_at_thresholds: ({key: variable}, {key: update}) counting, per
    threshold, the predictions above it (positive) against the bool labels."""
    includes = _KEYS if includes is None else includes
    for include in includes:
        if include not in _KEYS:
            raise ValueError(f"Invalid key: {include}.")
    predictions = convert_to_tensor(predictions)
    with control_dependencies(_in_unit_interval(predictions)):
        predictions, labels, weights = remove_squeezable(
            math_ops.cast(predictions, dtypes.float32), math_ops.cast(labels, dtypes.bool), weights
        )
    num_thresholds = len(thresholds)
    pred_is_pos = math_ops.greater(
        array_ops.reshape(predictions, [1, -1]),
        array_ops.reshape(constant(thresholds, dtypes.float32), [num_thresholds, 1]),
    )  # [thresholds, examples]
    label_is_pos = array_ops.reshape(labels, [1, -1])
    if weights is not None:
        weights = broadcast_weights(math_ops.cast(weights, dtypes.float32), predictions)
        weights = array_ops.reshape(weights, [1, -1])
    values, updates = {}, {}
    for key in _KEYS:
        if key not in includes:
            continue
        label_is, pred_is = _CELLS[key]
        cell = math_ops.logical_and(
            math_ops.equal(label_is_pos, label_is), math_ops.equal(pred_is_pos, pred_is)
        )
        cell = math_ops.cast(cell, dtypes.float32)
        if weights is not None:
            cell = cell * weights
        values[key] = metric_variable([num_thresholds], dtypes.float32, name=_NAMES[key])
        updates[key] = state_ops.assign_add(values[key], reduction_ops.reduce_sum(cell, 1))
    return values, updates


def _cell_at_thresholds(key):
    def metric(
        labels,
        predictions,
        thresholds,
        weights=None,
        metrics_collections=None,
        updates_collections=None,
        name=None,
    ):
        with variable_scope(name, _NAMES[key], (predictions, labels, weights)):
            values, updates = confusion_at_thresholds(
                labels, predictions, thresholds, weights, includes=(key,)
            )
            value = array_ops.identity(values[key])
            return collect(value, updates[key], metrics_collections, updates_collections)

    metric.__name__ = metric.__qualname__ = _NAMES[key] + "_at_thresholds"
    metric.__doc__ = f"The (weighted) {_NAMES[key].replace('_', ' ')} at each threshold."
    return metric


true_positives_at_thresholds = _cell_at_thresholds("tp")
false_negatives_at_thresholds = _cell_at_thresholds("fn")
true_negatives_at_thresholds = _cell_at_thresholds("tn")
false_positives_at_thresholds = _cell_at_thresholds("fp")


def _ratio(labels, predictions, weights, collections, name, default_name, other):
    """tp / (tp + other) over bool-cast inputs (0 while nothing was counted)."""
    with variable_scope(name, default_name, (predictions, labels, weights)):
        predictions, labels, weights = remove_squeezable(
            math_ops.cast(predictions, dtypes.bool), math_ops.cast(labels, dtypes.bool), weights
        )
        tp, tp_update = _cell_count("tp", labels, predictions, weights, (None, None), None)
        o, o_update = _cell_count(other, labels, predictions, weights, (None, None), None)

        def ratio(t, f, name):
            return math_ops.where(math_ops.greater(t + f, 0), math_ops.div(t, t + f), 0, name)

        return collect(ratio(tp, o, "value"), ratio(tp_update, o_update, "update_op"), *collections)


def precision(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """true positives / (true positives + false positives), over bool-cast inputs."""
    collections = (metrics_collections, updates_collections)
    return _ratio(labels, predictions, weights, collections, name, "precision", "fp")


def recall(
    labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None
):
    """true positives / (true positives + false negatives), over bool-cast inputs."""
    collections = (metrics_collections, updates_collections)
    return _ratio(labels, predictions, weights, collections, name, "recall", "fn")


def _ratio_at_thresholds(kind, other):
    def metric(
        labels,
        predictions,
        thresholds,
        weights=None,
        metrics_collections=None,
        updates_collections=None,
        name=None,
    ):
        scope = kind + "_at_thresholds"
        with variable_scope(name, scope, (predictions, labels, weights)):
            values, updates = confusion_at_thresholds(
                labels, predictions, thresholds, weights, includes=("tp", other)
            )

            def ratio(tp, o, name):
                return math_ops.div(tp, _KEPSILON + tp + o, name=f"{kind}_{name}")

            value = ratio(values["tp"], values[other], "value")
            update = ratio(updates["tp"], updates[other], "update_op")
            return collect(value, update, metrics_collections, updates_collections)

    metric.__name__ = metric.__qualname__ = kind + "_at_thresholds"
    metric.__doc__ = f"The (weighted) {kind} at each threshold."
    return metric


precision_at_thresholds = _ratio_at_thresholds("precision", "fp")
recall_at_thresholds = _ratio_at_thresholds("recall", "fn")


def _interpolate_pr_auc(tp, fp, fn, n):
    """The PR area by Davis & Goadrich's interpolation between adjacent thresholds."""
    dtp = tp[: n - 1] - tp[1:]
    p = tp + fp
    prec_slope = math_ops.div_no_nan(
        dtp, math_ops.maximum(p[: n - 1] - p[1:], 0), name="prec_slope"
    )
    intercept = tp[1:] - math_ops.multiply(prec_slope, p[1:])
    safe_p_ratio = math_ops.where(
        math_ops.logical_and(p[: n - 1] > 0, p[1:] > 0),
        math_ops.div_no_nan(p[: n - 1], math_ops.maximum(p[1:], 0), name="recall_relative_ratio"),
        array_ops.ones_like(p[1:]),
    )
    increments = math_ops.div_no_nan(
        prec_slope * (dtp + intercept * math_ops.log(safe_p_ratio)),
        math_ops.maximum(tp[1:] + fn[1:], 0),
        name="pr_auc_increment",
    )
    return reduction_ops.reduce_sum(increments, name="interpolate_pr_auc")


_SUMMATIONS = {
    "trapezoidal": lambda a, b: (a + b) / 2.0,
    "careful_interpolation": lambda a, b: (a + b) / 2.0,  # ROC: the trapezoids
    "minoring": math_ops.minimum,
    "majoring": math_ops.maximum,
}


def _area(counts, curve, summation_method, n, name):
    """The area under the curve through the points of counts (TF's compute_auc)."""
    tp, fn, tn, fp = (counts[k] for k in _KEYS)
    if curve == "PR" and summation_method == "careful_interpolation":
        return _interpolate_pr_auc(tp, fp, fn, n)
    if curve == "PR" and summation_method == "trapezoidal":
        tf_logging.warning(
            "Trapezoidal rule is known to produce incorrect PR-AUCs; "
            'please switch to "careful_interpolation" instead.'
        )
    epsilon = 1.0e-6
    rec = math_ops.div(tp + epsilon, tp + fn + epsilon)
    if curve == "ROC":
        x, y = math_ops.div(fp, fp + tn + epsilon), rec
    else:
        x, y = rec, math_ops.div(tp + epsilon, tp + fp + epsilon)
    if summation_method not in _SUMMATIONS:
        raise ValueError(f"Invalid summation_method: {summation_method}")
    heights = _SUMMATIONS[summation_method](y[: n - 1], y[1:])
    return reduction_ops.reduce_sum(math_ops.multiply(x[: n - 1] - x[1:], heights), name=name)


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
    """The area under the ROC (or PR) curve over num_thresholds thresholds in [0, 1]."""
    with variable_scope(name, "auc", (labels, predictions, weights)):
        if curve != "ROC" and curve != "PR":
            raise ValueError(f"curve must be either ROC or PR, {curve} unknown")
        if thresholds is not None:
            thresholds = sorted(thresholds)
            num_thresholds = len(thresholds) + 2
        else:
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        thresholds = [0.0 - _KEPSILON] + thresholds + [1.0 + _KEPSILON]
        values, updates = confusion_at_thresholds(labels, predictions, thresholds, weights)
        value = _area(values, curve, summation_method, num_thresholds, "value")
        update = _area(updates, curve, summation_method, num_thresholds, "update_op")
        return collect(value, update, metrics_collections, updates_collections)


def _even_thresholds(num_thresholds, top):
    inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return [0.0 - _KEPSILON] + inner + [top]


def _at_rate(kind, rate_name, top, pick, labels, predictions, weights, rate, num_thresholds,
             collections, name):  # fmt: skip
    """TF's X_at_Y: X at the threshold whose Y rate is nearest `rate` (pick finds it)."""
    if rate < 0 or rate > 1:
        raise ValueError(f"`{rate_name}` must be in the range [0, 1].")
    with variable_scope(name, kind, (predictions, labels, weights)):
        thresholds = _even_thresholds(num_thresholds, top)
        values, updates = confusion_at_thresholds(labels, predictions, thresholds, weights)
        value = pick(values, rate, "value")
        update = pick(updates, rate, "update_op")
        return collect(value, update, *collections)


def _sensitivity_where_specificity(c, specificity, name):
    """Sensitivity at the first threshold whose specificity is nearest `specificity`."""
    specificities = math_ops.div(c["tn"], c["tn"] + c["fp"] + _KEPSILON)
    index = math_ops.cast(
        reduction_ops.argmin(math_ops.abs(specificities - specificity), 0), dtypes.int32
    )
    return math_ops.div(c["tp"][index], c["tp"][index] + c["fn"][index] + _KEPSILON, name)


def _specificity_where_sensitivity(c, sensitivity, name):
    """Specificity at the last threshold whose sensitivity is nearest `sensitivity`."""
    distance = math_ops.abs(math_ops.div(c["tp"], c["tp"] + c["fn"] + _KEPSILON) - sensitivity)
    at_min = math_ops.equal(distance, reduction_ops.reduce_min(distance))
    # the running count of minima first peaks at the last of them (TF's trick)
    index = reduction_ops.argmax(cumsum(math_ops.cast(at_min, dtypes.int64)), 0)
    index = math_ops.cast(index, dtypes.int32)
    return math_ops.div(c["tn"][index], c["tn"][index] + c["fp"][index] + _KEPSILON, name)


def sensitivity_at_specificity(
    labels,
    predictions,
    specificity,
    weights=None,
    num_thresholds=200,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The sensitivity (recall) at the threshold where specificity is nearest the one given."""
    collections = (metrics_collections, updates_collections)
    return _at_rate(
        "sensitivity_at_specificity", "specificity", 1.0 + _KEPSILON,
        _sensitivity_where_specificity, labels, predictions, weights, specificity,
        num_thresholds, collections, name,
    )  # fmt: skip


def specificity_at_sensitivity(
    labels,
    predictions,
    sensitivity,
    weights=None,
    num_thresholds=200,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The specificity at the threshold where sensitivity is nearest the one given."""
    collections = (metrics_collections, updates_collections)
    # TF's last threshold here is 1 - epsilon, not 1 + epsilon as elsewhere
    return _at_rate(
        "specificity_at_sensitivity", "sensitivity", 1.0 - _KEPSILON,
        _specificity_where_sensitivity, labels, predictions, weights, sensitivity,
        num_thresholds, collections, name,
    )  # fmt: skip


def _flat(tensor):
    return array_ops.reshape(tensor, [-1]) if tensor.shape.ndims > 1 else tensor


def _streaming_confusion_matrix(labels, predictions, num_classes, weights=None):
    """A float64 `total_confusion_matrix` variable and the op adding a batch's matrix."""
    total_cm = metric_variable(
        [num_classes, num_classes], dtypes.float64, name="total_confusion_matrix"
    )
    predictions = _flat(math_ops.cast(predictions, dtypes.int64))
    labels = _flat(math_ops.cast(labels, dtypes.int64))
    if weights is not None:
        weights = _flat(weights)
    current = confusion_matrix(
        labels,
        predictions,
        math_ops.cast(num_classes, dtypes.int64),
        weights=weights,
        dtype=dtypes.float64,
    )
    return total_cm, state_ops.assign_add(total_cm, current)


def _mean_iou_of(total_cm):
    """The mean over classes seen (as label or prediction) of diag / (row + col - diag)."""
    sum_over_row = math_ops.cast(reduction_ops.reduce_sum(total_cm, 0), dtypes.float32)
    sum_over_col = math_ops.cast(reduction_ops.reduce_sum(total_cm, 1), dtypes.float32)
    cm_diag = math_ops.cast(diag_part(total_cm), dtypes.float32)
    denominator = sum_over_row + sum_over_col - cm_diag
    num_valid = reduction_ops.reduce_sum(
        math_ops.cast(math_ops.not_equal(denominator, 0), dtypes.float32)
    )
    denominator = math_ops.where(
        math_ops.greater(denominator, 0), denominator, array_ops.ones_like(denominator)
    )
    iou = math_ops.div(cm_diag, denominator)
    return math_ops.where(
        math_ops.greater(num_valid, 0),
        reduction_ops.reduce_sum(iou, name="mean_iou") / num_valid,
        0,
    )


def mean_iou(
    labels,
    predictions,
    num_classes,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The mean intersection-over-union over classes; update_op adds to the confusion matrix."""
    with variable_scope(name, "mean_iou", (predictions, labels, weights)):
        predictions.shape.assert_is_compatible_with(labels.shape)
        total_cm, update = _streaming_confusion_matrix(labels, predictions, num_classes, weights)
        return collect(_mean_iou_of(total_cm), update, metrics_collections, updates_collections)


def mean_per_class_accuracy(
    labels,
    predictions,
    num_classes,
    weights=None,
    metrics_collections=None,
    updates_collections=None,
    name=None,
):
    """The mean over classes of the (weighted) accuracy of each label class; update_op gives
    the per-class accuracies."""
    with variable_scope(name, "mean_accuracy", (predictions, labels, weights)):
        labels = _flat(math_ops.cast(labels, dtypes.int64))
        predictions = _flat(predictions)
        predictions.shape.assert_is_compatible_with(labels.shape)
        total = metric_variable([num_classes], dtypes.float32, name="total")
        count = metric_variable([num_classes], dtypes.float32, name="count")
        ones = array_ops.ones([array_ops.size(labels)], dtypes.float32)
        if labels.dtype != predictions.dtype:
            predictions = math_ops.cast(predictions, labels.dtype)
        is_correct = math_ops.cast(math_ops.equal(predictions, labels), dtypes.float32)
        if weights is not None:
            weights = math_ops.cast(_flat(weights), dtypes.float32)
            is_correct *= weights
            ones *= weights
        update_total = scatter_add(total, labels, ones)
        update_count = scatter_add(count, labels, is_correct)
        per_class = math_ops.div_no_nan(count, math_ops.maximum(total, 0))
        value = reduction_ops.reduce_mean(per_class, name="mean_accuracy")
        update = math_ops.div_no_nan(
            update_count, math_ops.maximum(update_total, 0), name="update_op"
        )
        return collect(value, update, metrics_collections, updates_collections)

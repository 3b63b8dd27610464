"""tf.losses: losses reduced as TF 1.x does (SUM_BY_NONZERO_WEIGHTS by default) and added to
the LOSSES collection. As in TF, the regression losses compute in float32 (labels and
predictions cast), the cross-entropies cast their labels to the logits' dtype, and
compute_weighted_loss reduces in float32 and casts back to the losses' dtype."""

from tinytf.framework import dtypes as D
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import math_ops, nn_ops
from tinytf.ops.array_ops import (
    ones_like,
    rank,
    shape,
    size,
    squeeze,
    stop_gradient,
    zeros_like,
)
from tinytf.ops.reduction_ops import reduce_sum


class Reduction:
    """The ways a weighted loss is reduced to a scalar (or not, NONE)."""

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        return (
            cls.NONE,
            cls.SUM,
            cls.MEAN,
            cls.SUM_OVER_BATCH_SIZE,
            cls.SUM_OVER_NONZERO_WEIGHTS,
            cls.SUM_BY_NONZERO_WEIGHTS,
        )

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}.")


_NOT_BROADCASTABLE = "weights can not be broadcast to values."


def _assert_broadcastable(weights, values):
    """TF's rule, checked where the static shapes decide it: weights are a scalar, or have the
    rank of values with each dimension 1 or equal to that of values."""
    w_rank, v_rank = weights.shape.ndims, values.shape.ndims
    if w_rank is None or v_rank is None or w_rank == 0:
        return
    if w_rank != v_rank:
        raise ValueError(
            f"{_NOT_BROADCASTABLE} values.rank={v_rank}. weights.rank={w_rank}. "
            f"values.shape={values.shape}. weights.shape={weights.shape}."
        )
    for i, (w, v) in enumerate(zip(weights.shape.as_list(), values.shape.as_list())):
        if w is not None and v is not None and w not in (1, v):
            raise ValueError(
                f"{_NOT_BROADCASTABLE} Mismatch at dim {i}. values.shape={values.shape.as_list()}"
                f" weights.shape={weights.shape.as_list()}."
            )


def _num_present(losses, weights, per_batch=False):
    """How many elements of `losses` have a nonzero weight (weights broadcast over losses)."""
    if isinstance(weights, float) and weights != 0.0:
        return _num_elements(losses)
    with name_scope(None, "num_present", [losses, weights]) as scope:
        weights = math_ops.cast(weights, D.float32)
        present = math_ops.where(
            math_ops.equal(weights, 0.0), zeros_like(weights), ones_like(weights)
        )
        _assert_broadcastable(present, losses)
        present = math_ops.multiply(present, ones_like(losses))
        if per_batch:
            axis = math_ops.range(1, rank(present))
            return reduce_sum(present, axis=axis, keepdims=True, name=scope)
        return reduce_sum(present, name=scope)


def _num_elements(losses):
    with name_scope(None, "num_elements", [losses]) as scope:
        return math_ops.cast(size(losses, name=scope), losses.dtype)


def _safe_mean(total, count):
    return math_ops.div_no_nan(total, count, name="value")


def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    """Adds `loss` to `loss_collection` (nothing if the collection is None or empty)."""
    if loss_collection:
        get_default_graph().add_to_collection(loss_collection, loss)


def compute_weighted_loss(
    losses,
    weights=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """losses * weights, reduced by `reduction`, added to `loss_collection`."""
    Reduction.validate(reduction)
    with name_scope(scope, "weighted_loss", [losses, weights]):
        losses = convert_to_tensor(losses)
        input_dtype = losses.dtype.base_dtype
        _assert_broadcastable(convert_to_tensor(weights), losses)
        losses = math_ops.cast(losses, D.float32)
        weights_f = math_ops.cast(weights, D.float32)
        weighted = math_ops.multiply(losses, weights_f)
        loss = weighted
        if reduction != Reduction.NONE:
            loss = reduce_sum(weighted)
            if reduction == Reduction.MEAN:
                loss = _safe_mean(loss, reduce_sum(ones_like(losses) * weights_f))
            elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                loss = _safe_mean(loss, _num_present(losses, weights))
            elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                loss = _safe_mean(loss, _num_elements(losses))
        loss = math_ops.cast(loss, input_dtype)
        add_loss(loss, loss_collection)
        return loss


def _not_none(**tensors):
    for name, value in tensors.items():
        if value is None:
            raise ValueError(f"{name} must not be None.")


def _as_float32(predictions, labels):
    """Both cast to float32, with compatible static shapes (TF's regression losses)."""
    predictions = math_ops.cast(predictions, D.float32)
    labels = math_ops.cast(labels, D.float32)
    predictions.shape.assert_is_compatible_with(labels.shape)
    return predictions, labels


def _labels_like(labels, logits):
    """Labels cast to the logits' dtype (integer one-hot labels are fine), shapes checked."""
    logits = convert_to_tensor(logits)
    labels = math_ops.cast(labels, logits.dtype.base_dtype)
    logits.shape.assert_is_compatible_with(labels.shape)
    return labels, logits


def absolute_difference(
    labels,
    predictions,
    weights=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """The weighted mean of |labels - predictions|."""
    _not_none(labels=labels, predictions=predictions)
    with name_scope(scope, "absolute_difference", [predictions, labels, weights]) as s:
        predictions, labels = _as_float32(predictions, labels)
        losses = math_ops.abs(math_ops.subtract(predictions, labels))
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def mean_squared_error(
    labels,
    predictions,
    weights=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """The weighted mean of (labels - predictions) ** 2."""
    _not_none(labels=labels, predictions=predictions)
    with name_scope(scope, "mean_squared_error", [predictions, labels, weights]) as s:
        predictions, labels = _as_float32(predictions, labels)
        losses = math_ops.squared_difference(predictions, labels)
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def cosine_distance(
    labels,
    predictions,
    axis=None,
    weights=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
    dim=None,
):
    """1 - sum(labels * predictions, axis) for unit-normalized inputs, weighted."""
    if axis is not None and dim is not None:
        raise ValueError("Cannot specify both 'axis' and 'dim'.")
    axis = dim if axis is None else axis
    if axis is None:
        raise ValueError("You must specify 'axis'.")
    _not_none(labels=labels, predictions=predictions)
    with name_scope(scope, "cosine_distance_loss", [predictions, labels, weights]) as s:
        predictions, labels = _as_float32(predictions, labels)
        radial = math_ops.multiply(predictions, labels)
        losses = 1 - reduce_sum(radial, axis=(axis,), keepdims=True)
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def hinge_loss(
    labels,
    logits,
    weights=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """The weighted mean of max(0, 1 - (2 labels - 1) * logits), labels in {0, 1}."""
    _not_none(labels=labels, logits=logits)
    with name_scope(scope, "hinge_loss", [logits, labels, weights]) as s:
        logits, labels = _as_float32(logits, labels)
        all_ones = ones_like(labels)
        signs = math_ops.subtract(2 * labels, all_ones)
        losses = nn_ops.relu(math_ops.subtract(all_ones, math_ops.multiply(signs, logits)))
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def huber_loss(
    labels,
    predictions,
    weights=1.0,
    delta=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """Quadratic (0.5 e**2) for errors up to `delta`, linear beyond it; weighted."""
    _not_none(labels=labels, predictions=predictions)
    with name_scope(scope, "huber_loss", [predictions, labels, weights]) as s:
        predictions, labels = _as_float32(predictions, labels)
        abs_error = math_ops.abs(math_ops.subtract(predictions, labels))
        quadratic = math_ops.minimum(abs_error, delta)
        linear = math_ops.subtract(abs_error, quadratic)
        losses = math_ops.add(
            math_ops.multiply(
                convert_to_tensor(0.5, dtype=quadratic.dtype),
                math_ops.multiply(quadratic, quadratic),
            ),
            math_ops.multiply(delta, linear),
        )
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def log_loss(
    labels,
    predictions,
    weights=1.0,
    epsilon=1e-7,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """Binary cross-entropy of probabilities: -y log(p + eps) - (1 - y) log(1 - p + eps)."""
    _not_none(labels=labels, predictions=predictions)
    with name_scope(scope, "log_loss", [predictions, labels, weights]) as s:
        predictions, labels = _as_float32(predictions, labels)
        losses = -math_ops.multiply(labels, math_ops.log(predictions + epsilon)) - (
            math_ops.multiply(1 - labels, math_ops.log(1 - predictions + epsilon))
        )
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def mean_pairwise_squared_error(
    labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES
):
    """The weighted mean over examples of the mean squared difference of all pairs of
    (predictions - labels) elements within each example."""
    _not_none(labels=labels, predictions=predictions)
    with name_scope(scope, "mean_pairwise_squared_error", [predictions, labels, weights]):
        weights = math_ops.cast(weights, D.float32)
        labels = math_ops.cast(labels, D.float32)
        _assert_broadcastable(weights, labels)
        predictions, labels = _as_float32(predictions, labels)
        diffs = math_ops.subtract(predictions, labels)
        axis = math_ops.range(1, rank(diffs))
        sum_squares = reduce_sum(math_ops.square(diffs), axis=axis, keepdims=True)
        present = _num_present(diffs, weights, per_batch=True)
        term1 = 2.0 * math_ops.div_no_nan(
            sum_squares, math_ops.maximum(present - 1, 0), name="value"
        )
        sum_diff = reduce_sum(diffs, axis=axis, keepdims=True)
        term2 = 2.0 * math_ops.div_no_nan(
            math_ops.square(sum_diff),
            math_ops.maximum(math_ops.multiply(present, present - 1), 0),
            name="value",
        )
        loss = reduce_sum(math_ops.multiply(term1 - term2, weights))
        mean_loss = math_ops.where(
            math_ops.greater(reduce_sum(present), 0), loss, zeros_like(loss), name="value"
        )
        add_loss(mean_loss, loss_collection)
        return mean_loss


def sigmoid_cross_entropy(
    multi_class_labels,
    logits,
    weights=1.0,
    label_smoothing=0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """The weighted mean sigmoid cross-entropy against {0, 1} labels (smoothed towards 1/2)."""
    _not_none(multi_class_labels=multi_class_labels, logits=logits)
    with name_scope(
        scope, "sigmoid_cross_entropy_loss", [logits, multi_class_labels, weights]
    ) as s:
        labels, logits = _labels_like(multi_class_labels, logits)
        if label_smoothing > 0:
            labels = labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = nn_ops.sigmoid_cross_entropy_with_logits(
            labels=labels, logits=logits, name="xentropy"
        )
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def softmax_cross_entropy(
    onehot_labels,
    logits,
    weights=1.0,
    label_smoothing=0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """The weighted mean softmax cross-entropy against one-hot labels (smoothed towards
    1/num_classes)."""
    _not_none(onehot_labels=onehot_labels, logits=logits)
    with name_scope(scope, "softmax_cross_entropy_loss", [logits, onehot_labels, weights]) as s:
        labels, logits = _labels_like(onehot_labels, logits)
        if label_smoothing > 0:
            k = math_ops.cast(shape(labels)[-1], logits.dtype)
            labels = labels * (1.0 - label_smoothing) + label_smoothing / k
        labels = stop_gradient(labels, name="labels_stop_gradient")
        losses = nn_ops.softmax_cross_entropy_with_logits_v2(
            labels=labels, logits=logits, name="xentropy"
        )
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def _remove_squeezable_dimensions(labels, logits, weights):
    """As TF, where the static ranks decide it: labels of the logits' rank (say [batch, 1])
    lose their last dimension, and so do weights of one rank more than the labels."""
    labels, logits = convert_to_tensor(labels), convert_to_tensor(logits)
    weights = convert_to_tensor(weights)
    l_rank, p_rank = labels.shape.ndims, logits.shape.ndims
    if l_rank is not None and p_rank is not None:
        if p_rank - l_rank == 2:
            logits = squeeze(logits, [-1])
        elif p_rank == l_rank:
            labels = squeeze(labels, [-1])
    l_rank, w_rank = labels.shape.ndims, weights.shape.ndims
    if l_rank is not None and w_rank is not None and w_rank - l_rank == 1:
        weights = squeeze(weights, [-1])
    return labels, logits, weights


def sparse_softmax_cross_entropy(
    labels,
    logits,
    weights=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """The weighted mean softmax cross-entropy against integer class labels."""
    _not_none(labels=labels, logits=logits)
    with name_scope(scope, "sparse_softmax_cross_entropy_loss", [logits, labels, weights]) as s:
        labels, logits, weights = _remove_squeezable_dimensions(labels, logits, weights)
        losses = nn_ops.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits, name="xentropy"
        )
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    """The losses in `loss_collection` (those under `scope` if given)."""
    return get_default_graph().get_collection(loss_collection, scope)


def get_regularization_losses(scope=None):
    """The REGULARIZATION_LOSSES collection (those under `scope` if given)."""
    return get_default_graph().get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """The sum of the regularization losses (0.0 when there are none)."""
    losses = get_regularization_losses(scope)
    if not losses:
        from tinytf.ops.constant_op import constant

        return constant(0.0)
    return math_ops.add_n(losses, name=name)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    """The sum of the losses (and the regularization losses)."""
    losses = get_losses(scope) + (
        get_regularization_losses(scope) if add_regularization_losses else []
    )
    return math_ops.add_n(losses, name=name)

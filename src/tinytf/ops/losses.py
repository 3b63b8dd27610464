"""tf.losses: losses reduced as TF 1.x does (SUM_BY_NONZERO_WEIGHTS) and added to LOSSES."""

from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import math_ops, nn_ops
from tinytf.ops.array_ops import ones_like, shape, stop_gradient
from tinytf.ops.reduction_ops import reduce_sum


class Reduction:
    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS


def compute_weighted_loss(
    losses,
    weights=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """losses * weights, reduced by `reduction`, added to `loss_collection`."""
    with name_scope(scope, "weighted_loss", [losses, weights]):
        losses = convert_to_tensor(losses)
        weights = convert_to_tensor(weights, dtype=losses.dtype.base_dtype)
        weighted = math_ops.multiply(losses, weights)
        if reduction == Reduction.NONE:
            loss = weighted
        else:
            loss = reduce_sum(weighted)
            if reduction in (
                Reduction.MEAN,
                Reduction.SUM_BY_NONZERO_WEIGHTS,
                Reduction.SUM_OVER_BATCH_SIZE,
            ):
                full = weights * ones_like(losses)
                if reduction == Reduction.MEAN:
                    count = reduce_sum(full)
                elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                    count = reduce_sum(ones_like(losses))
                else:
                    count = reduce_sum(math_ops.cast(math_ops.not_equal(full, 0), losses.dtype))
                loss = math_ops.div_no_nan(loss, count)
        if loss_collection:
            get_default_graph().add_to_collection(loss_collection, loss)
        return loss


def mean_squared_error(
    labels,
    predictions,
    weights=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """The weighted mean of (labels - predictions) ** 2."""
    with name_scope(scope, "mean_squared_error", [predictions, labels, weights]) as s:
        predictions = convert_to_tensor(predictions, name="predictions")
        labels = convert_to_tensor(labels, dtype=predictions.dtype.base_dtype, name="labels")
        losses = math_ops.squared_difference(predictions, labels)
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
    """The weighted mean softmax cross-entropy against one-hot labels."""
    with name_scope(scope, "softmax_cross_entropy_loss", [logits, onehot_labels, weights]) as s:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(onehot_labels, dtype=logits.dtype.base_dtype)
        if label_smoothing > 0:
            k = math_ops.cast(shape(labels)[-1], logits.dtype)
            labels = labels * (1 - label_smoothing) + label_smoothing / k
        losses = nn_ops.softmax_cross_entropy_with_logits_v2(
            labels=stop_gradient(labels), logits=logits, name="xentropy"
        )
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def sparse_softmax_cross_entropy(
    labels,
    logits,
    weights=1.0,
    scope=None,
    loss_collection=GraphKeys.LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """The weighted mean softmax cross-entropy against integer class labels."""
    with name_scope(scope, "sparse_softmax_cross_entropy_loss", [logits, labels, weights]) as s:
        losses = nn_ops.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits, name="xentropy"
        )
        return compute_weighted_loss(losses, weights, s, loss_collection, reduction)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    return get_default_graph().get_collection(loss_collection, scope)


def get_regularization_losses(scope=None):
    return get_default_graph().get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """The sum of the regularization losses (0.0 when there are none)."""
    losses = get_regularization_losses(scope)
    if not losses:
        from tinytf.ops.constant_op import constant

        return constant(0.0)
    return math_ops.add_n(losses, name=name)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    losses = get_losses(scope) + (
        get_regularization_losses(scope) if add_regularization_losses else []
    )
    return math_ops.add_n(losses, name=name)

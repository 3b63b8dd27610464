"""The losses of tf.contrib.losses. Unlike tf.losses, contrib reduces the losses over their
trailing dimensions until they match the weights' rank (weights of shape [batch] weigh whole
examples), then divides by the number of elements with a nonzero weight."""

from tinytf.contrib.framework.arg_scope import add_arg_scope
from tinytf.framework import dtypes as D
from tinytf.framework.graph import GraphKeys, get_collection, get_default_graph
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import math_ops, nn_ops
from tinytf.ops.array_ops import ones, ones_like, reshape, shape, size, squeeze, zeros_like
from tinytf.ops.indexing_ops import slice as _slice
from tinytf.ops.reduction_ops import reduce_prod, reduce_sum


def _scale_losses(losses, weights):
    """sum(losses reduced to the weights' rank, times the weights)."""
    start = max(0, weights.shape.ndims)
    reduced = reduce_sum(losses, axis=list(range(start, losses.shape.ndims)))
    return reduce_sum(math_ops.multiply(reduced, weights))


def _safe_mean(losses, num_present):
    return math_ops.div_no_nan(reduce_sum(losses), num_present, name="value")


def _num_present(losses, weights, per_batch=False):
    """Elements of `losses` the weights (broadcast from the left) leave nonzero."""
    if weights.shape.ndims == 0:
        batch = reshape(_slice(shape(losses), [0], [1]), [])
        per = math_ops.div(math_ops.cast(size(losses), D.float32), math_ops.cast(batch, D.float32))
        per = math_ops.where(math_ops.equal(weights, 0), 0.0, per)
        per = math_ops.multiply(ones(reshape(batch, [1])), per)
        return per if per_batch else reduce_sum(per)
    nonzero = reduce_sum(
        math_ops.cast(math_ops.not_equal(weights, 0), D.float32),
        axis=list(range(1, weights.shape.ndims)),
    )
    broadcast = _slice(shape(losses), [weights.shape.ndims], [-1])
    per = math_ops.multiply(nonzero, math_ops.cast(reduce_prod(broadcast), D.float32))
    return per if per_batch else reduce_sum(per)


def _float_weights(weights):
    weights = math_ops.cast(convert_to_tensor(weights), D.float32)
    if weights.shape.ndims is None:
        raise ValueError("weights.get_shape().ndims cannot be None")
    return weights


def compute_weighted_loss(losses, weights=1.0, scope=None):
    """The weighted mean of `losses` (added to the LOSSES collection)."""
    with name_scope(scope, "weighted_loss", [losses, weights]):
        losses = convert_to_tensor(losses)
        input_dtype = losses.dtype.base_dtype
        losses = math_ops.cast(losses, D.float32)
        weights = _float_weights(weights)
        if losses.shape.ndims is None:
            raise ValueError("losses.get_shape().ndims cannot be None")
        if weights.shape.ndims > 1 and weights.shape.dims[-1].is_compatible_with(1):
            weights = squeeze(weights, [-1])
        mean = _safe_mean(_scale_losses(losses, weights), _num_present(losses, weights))
        mean = math_ops.cast(mean, input_dtype)
        add_loss(mean)
        return mean


@add_arg_scope
def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    """Adds `loss` to `loss_collection` (nothing if it is None or empty)."""
    if loss_collection:
        get_default_graph().add_to_collection(loss_collection, loss)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    """The losses in `loss_collection` (filtered by `scope`)."""
    return get_collection(loss_collection, scope)


def get_regularization_losses(scope=None):
    """The REGULARIZATION_LOSSES collection (filtered by `scope`)."""
    return get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_total_loss(add_regularization_losses=True, name="total_loss"):
    """add_n of the losses (and the regularization losses)."""
    losses = get_losses()
    if add_regularization_losses:
        losses += get_regularization_losses()
    return math_ops.add_n(losses, name=name)


def _regression(kind, loss_fn):
    """A predictions-first loss: loss_fn(predictions, labels) in float32, weighted."""

    def loss(predictions, labels=None, weights=1.0, scope=None):
        with name_scope(scope, kind, [predictions, labels, weights]) as scope:
            predictions.shape.assert_is_compatible_with(labels.shape)
            predictions = math_ops.cast(predictions, D.float32)
            labels = math_ops.cast(labels, D.float32)
            return compute_weighted_loss(loss_fn(predictions, labels), weights, scope=scope)

    loss.__name__ = kind
    loss.__doc__ = f"The weighted {kind.replace('_', ' ')} of predictions against labels."
    return loss


absolute_difference = _regression(
    "absolute_difference", lambda p, y: math_ops.abs(math_ops.subtract(p, y))
)
mean_squared_error = _regression("mean_squared_error", math_ops.squared_difference)


def log_loss(predictions, labels=None, weights=1.0, epsilon=1e-7, scope=None):
    """The weighted log loss of probabilities `predictions` against labels."""
    with name_scope(scope, "log_loss", [predictions, labels, weights]) as scope:
        predictions.shape.assert_is_compatible_with(labels.shape)
        p = math_ops.cast(predictions, D.float32)
        y = math_ops.cast(labels, D.float32)
        losses = -math_ops.multiply(y, math_ops.log(p + epsilon)) - math_ops.multiply(
            (1 - y), math_ops.log(1 - p + epsilon)
        )
        return compute_weighted_loss(losses, weights, scope=scope)


def sigmoid_cross_entropy(logits, multi_class_labels, weights=1.0, label_smoothing=0,
                          scope=None):
    """Weighted sigmoid cross-entropy (labels smoothed towards 1/2)."""
    with name_scope(scope, "sigmoid_cross_entropy_loss",
                    [logits, multi_class_labels, weights]) as scope:
        logits.shape.assert_is_compatible_with(multi_class_labels.shape)
        labels = math_ops.cast(multi_class_labels, logits.dtype)
        if label_smoothing > 0:
            labels = labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = nn_ops.sigmoid_cross_entropy_with_logits(
            labels=labels, logits=logits, name="xentropy"
        )
        return compute_weighted_loss(losses, weights, scope=scope)


def softmax_cross_entropy(logits, onehot_labels, weights=1.0, label_smoothing=0, scope=None):
    """Weighted softmax cross-entropy (labels smoothed towards 1/num_classes)."""
    with name_scope(scope, "softmax_cross_entropy_loss",
                    [logits, onehot_labels, weights]) as scope:
        logits.shape.assert_is_compatible_with(onehot_labels.shape)
        labels = math_ops.cast(onehot_labels, logits.dtype)
        if label_smoothing > 0:
            num_classes = math_ops.cast(shape(labels)[1], logits.dtype)
            labels = labels * (1.0 - label_smoothing) + label_smoothing / num_classes
        losses = nn_ops.softmax_cross_entropy_with_logits(
            labels=labels, logits=logits, name="xentropy"
        )
        return compute_weighted_loss(losses, weights, scope=scope)


def sparse_softmax_cross_entropy(logits, labels, weights=1.0, scope=None):
    """Weighted sparse softmax cross-entropy; labels of shape [batch] or [batch, 1]."""
    with name_scope(scope, "sparse_softmax_cross_entropy_loss",
                    [logits, labels, weights]) as scope:
        labels = reshape(labels, shape=[shape(labels)[0]])
        losses = nn_ops.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits, name="xentropy"
        )
        return compute_weighted_loss(losses, weights, scope=scope)


def hinge_loss(logits, labels=None, scope=None):
    """The unweighted, unreduced hinge loss relu(1 - (2*labels - 1) * logits)."""
    with name_scope(scope, "hinge_loss", [logits, labels]):
        logits.shape.assert_is_compatible_with(labels.shape)
        labels = math_ops.cast(labels, D.float32)
        all_ones = ones_like(labels)
        labels = math_ops.subtract(2 * labels, all_ones)
        return nn_ops.relu(math_ops.subtract(all_ones, math_ops.multiply(labels, logits)))


def mean_pairwise_squared_error(predictions, labels=None, weights=1.0, scope=None):
    """Weighted mean over examples of the squared differences of all pairs of errors."""
    with name_scope(scope, "mean_pairwise_squared_error", [predictions, labels, weights]):
        predictions.shape.assert_is_compatible_with(labels.shape)
        diffs = math_ops.subtract(
            math_ops.cast(predictions, D.float32), math_ops.cast(labels, D.float32)
        )
        weights = _float_weights(weights)
        axis = list(range(1, diffs.shape.ndims))
        present = _num_present(diffs, weights, per_batch=True)
        term1 = 2.0 * math_ops.div_no_nan(
            reduce_sum(math_ops.square(diffs), axis=axis), present, name="value"
        )
        term2 = 2.0 * math_ops.div_no_nan(
            math_ops.square(reduce_sum(diffs, axis=axis)), math_ops.square(present),
            name="value",
        )
        loss = _scale_losses(term1 - term2, weights)
        mean = math_ops.where(reduce_sum(present) > 0, loss, zeros_like(loss), name="value")
        add_loss(mean)
        return mean


def cosine_distance(predictions, labels=None, axis=None, weights=1.0, scope=None, dim=None):
    """Weighted mean of 1 - sum(predictions * labels, axis) (inputs unit-normalized)."""
    if axis is not None and dim is not None:
        raise ValueError("Cannot specify both 'dim' and 'axis'")
    axis = dim if axis is None else axis
    if axis is None:
        raise ValueError("You must specify 'axis'.")
    with name_scope(scope, "cosine_distance_loss", [predictions, labels, weights]) as scope:
        predictions.shape.assert_is_compatible_with(labels.shape)
        radial = math_ops.multiply(
            math_ops.cast(predictions, D.float32), math_ops.cast(labels, D.float32)
        )
        losses = 1 - reduce_sum(radial, axis=[axis])
        return compute_weighted_loss(losses, weights, scope=scope)

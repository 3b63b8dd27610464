"""tf.contrib.seq2seq.sequence_loss: weighted cross-entropy of [batch, time, classes] logits,
averaged or summed over time and batch as TF 1.15 does."""

from tinytf.framework.op_def import name_scope
from tinytf.ops import (
    array_ops,
    composite_math_ops,
    elementwise_ops,
    math_ops,
    nn_ops,
    reduction_ops,
)


def _check_args(logits, targets, weights, average_across_timesteps, average_across_batch,
                sum_over_timesteps, sum_over_batch):  # fmt: skip
    if len(logits.shape) != 3:
        raise ValueError("Logits must be a [batch_size x sequence_length x logits] tensor")
    if len(targets.shape) != 2:
        raise ValueError("Targets must be a [batch_size x sequence_length] tensor")
    if len(weights.shape) != 2:
        raise ValueError("Weights must be a [batch_size x sequence_length] tensor")
    if average_across_timesteps and sum_over_timesteps:
        raise ValueError(
            "average_across_timesteps and sum_over_timesteps cannot be set to True at same time."
        )
    if average_across_batch and sum_over_batch:
        raise ValueError(
            "average_across_batch and sum_over_batch cannot be set to True at same time."
        )


def _count(weights, dtype, axis=None):
    return math_ops.cast(composite_math_ops.count_nonzero(weights, axis=axis), dtype)


def _reduce(crossent, logits, weights, average_timesteps, average_batch, sum_timesteps,
            sum_batch):  # fmt: skip
    if average_timesteps and average_batch:
        total = reduction_ops.reduce_sum(weights)
        return elementwise_ops.div_no_nan(reduction_ops.reduce_sum(crossent), total)
    if sum_timesteps and sum_batch:
        total = _count(weights, crossent.dtype)
        return elementwise_ops.div_no_nan(reduction_ops.reduce_sum(crossent), total)
    crossent = array_ops.reshape(crossent, array_ops.shape(logits)[0:2])
    if average_timesteps or average_batch:
        axis = [0] if average_batch else [1]
        total = reduction_ops.reduce_sum(weights, axis=axis)
        return elementwise_ops.div_no_nan(reduction_ops.reduce_sum(crossent, axis=axis), total)
    if sum_timesteps or sum_batch:
        axis = [0] if sum_batch else [1]
        total = _count(weights, crossent.dtype, axis=axis)
        return elementwise_ops.div_no_nan(reduction_ops.reduce_sum(crossent, axis=axis), total)
    return crossent


def sequence_loss(
    logits,
    targets,
    weights,
    average_across_timesteps=True,
    average_across_batch=True,
    sum_over_timesteps=False,
    sum_over_batch=False,
    softmax_loss_function=None,
    name=None,
):
    """Weighted cross-entropy of logits [batch, time, classes] against targets [batch, time]:
    rank 0, 1 or 2 as the averaging (or summing, over nonzero weights) flags reduce it."""
    flags = (average_across_timesteps, average_across_batch, sum_over_timesteps, sum_over_batch)
    _check_args(logits, targets, weights, *flags)
    with name_scope(name, "sequence_loss", [logits, targets, weights]):
        num_classes = array_ops.shape(logits)[2]
        logits_flat = array_ops.reshape(logits, [-1, num_classes])
        targets = array_ops.reshape(targets, [-1])
        loss_fn = softmax_loss_function or nn_ops.sparse_softmax_cross_entropy_with_logits
        crossent = loss_fn(labels=targets, logits=logits_flat)
        crossent *= array_ops.reshape(weights, [-1])
        return _reduce(crossent, logits, weights, *flags)

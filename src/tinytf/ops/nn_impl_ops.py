"""The small tf.nn compositions of TF 1.15's nn_impl.py (crelu, swish, relu_layer, xw_plus_b,
log_poisson_loss, the moment helpers, zero_fraction, batch_norm_with_global_normalization),
composed from public ops as TF composes them, and the Softsign op."""

import math

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import (
    NotDifferentiable,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.ops import array_ops, math_ops, shape_util
from tinytf.ops.indexing_ops import gather
from tinytf.ops.nn_ops import Activation, ActivationGrad, batch_normalization, bias_add, relu
from tinytf.ops.reduction_ops import reduce_prod, reduce_sum


@register_op
class Softsign(Activation):
    """features / (|features| + 1)."""

    def kernel(xp, x):
        return x / (xp.abs(x) + 1)

    def grad(op, dy):
        return SoftsignGrad.apply(dy, op.inputs[0])


@register_op
class SoftsignGrad(ActivationGrad):
    def kernel(xp, dy, x):
        return dy / (1 + xp.abs(x)) ** 2


NotDifferentiable("SoftsignGrad")


def softsign(features, name=None):
    """features / (|features| + 1) element-wise."""
    return Softsign.apply(features, name=name)


def crelu(features, name=None, axis=-1):
    """relu of [features, -features] concatenated along `axis` (Concatenated ReLU)."""
    with name_scope(name, "CRelu", [features]) as scope:
        features = convert_to_tensor(features, name="features")
        c = array_ops.concat([features, math_ops.negative(features)], axis, name="concat")
        return relu(c, name=scope)


def swish(features):
    """features * sigmoid(features) (SiLU)."""
    features = convert_to_tensor(features, name="features")
    return features * math_ops.sigmoid(features)


def xw_plus_b(x, weights, biases, name=None):
    """matmul(x, weights) + biases."""
    with name_scope(name, "xw_plus_b", [x, weights, biases]) as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        return bias_add(math_ops.matmul(x, weights), biases, name=scope)


def relu_layer(x, weights, biases, name=None):
    """relu(matmul(x, weights) + biases)."""
    with name_scope(name, "relu_layer", [x, weights, biases]) as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        return relu(bias_add(math_ops.matmul(x, weights), biases), name=scope)


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    """exp(log_input) - log_input * targets, plus Stirling's term for targets > 1 if full."""
    with name_scope(name, "log_poisson_loss", [log_input, targets]) as scope:
        log_input = convert_to_tensor(log_input, name="log_input")
        targets = convert_to_tensor(targets, name="targets")
        if not log_input.shape.is_compatible_with(targets.shape):
            raise ValueError(
                f"log_input and targets must have the same shape ({log_input.shape} vs "
                f"{targets.shape})"
            )
        result = math_ops.exp(log_input) - log_input * targets
        if not compute_full_loss:
            return array_ops.identity(result, name=scope)
        stirling = (
            targets * math_ops.log(targets) - targets + 0.5 * math_ops.log(2 * math.pi * targets)
        )
        zeros = array_ops.zeros_like(targets)
        small = math_ops.logical_and(targets >= zeros, targets <= array_ops.ones_like(targets))
        return math_ops.add(result, math_ops.where(small, zeros, stirling), name=scope)


def _count(x, axes):
    """The number of elements reduced over `axes`: a constant when their sizes are known."""
    dims = x.shape.as_list() if x.shape.ndims is not None else None
    if dims is not None and all(dims[a] is not None for a in axes):
        return array_ops.constant(math.prod(dims[a] for a in axes), dtype=x.dtype, name="count")
    x_shape = array_ops.shape(x)
    sizes = gather(x_shape, axes) if axes else array_ops.constant([], D.int32)
    return math_ops.cast(reduce_prod(sizes), x.dtype, name="count")


def sufficient_statistics(x, axes, shift=None, keep_dims=None, name=None, keepdims=None):
    """(count, sum of x - shift, sum of (x - shift)**2, shift) over `axes`."""
    keep = bool(keepdims if keepdims is not None else keep_dims)
    axes = list(axes)
    with name_scope(name, "sufficient_statistics", [x, shift]):
        x = convert_to_tensor(x, name="x")
        if x.shape.ndims is not None:
            axes = [shape_util.normalize_axis(a, x.shape.ndims) for a in axes]
        counts = _count(x, axes)
        if shift is not None:
            shift = convert_to_tensor(shift, name="shift")
            m_ss = math_ops.subtract(x, shift)
            v_ss = math_ops.squared_difference(x, shift)
        else:
            m_ss, v_ss = x, math_ops.square(x)
        m_ss = reduce_sum(m_ss, axes, keepdims=keep, name="mean_ss")
        v_ss = reduce_sum(v_ss, axes, keepdims=keep, name="var_ss")
        return counts, m_ss, v_ss, shift


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    """(mean, variance) from sufficient statistics."""
    with name_scope(name, "normalize", [counts, mean_ss, variance_ss, shift]):
        divisor = math_ops.reciprocal(counts, name="divisor")
        shifted_mean = math_ops.multiply(mean_ss, divisor, name="shifted_mean")
        if shift is not None:
            mean = math_ops.add(shifted_mean, shift, name="mean")
        else:
            mean = array_ops.identity(shifted_mean, name="mean")
        variance = math_ops.subtract(
            math_ops.multiply(variance_ss, divisor),
            math_ops.square(shifted_mean),
            name="variance",
        )
        return mean, variance


def weighted_moments(x, axes, frequency_weights, name=None, keep_dims=None, keepdims=None):
    """(mean, variance) of x over `axes`, each element counted frequency_weights times."""
    keep = bool(keepdims if keepdims is not None else keep_dims)
    with name_scope(name, "weighted_moments", [x, frequency_weights, axes]):
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(frequency_weights, name="frequency_weights")
        needs_cast = x.dtype == D.float16
        if needs_cast:
            x = math_ops.cast(x, D.float32)
        if weights.dtype != x.dtype:
            weights = math_ops.cast(weights, x.dtype)
        input_sum = reduce_sum(weights * x, axes, keepdims=True, name="weighted_input_sum")
        weight_sum = reduce_sum(
            weights + array_ops.zeros_like(x), axes, keepdims=True, name="sum_of_weights"
        )
        divisor = math_ops.reciprocal(weight_sum, name="inv_weight_sum")
        mean = math_ops.multiply(input_sum, divisor)
        distsq = reduce_sum(
            weights * math_ops.squared_difference(x, mean),
            axes,
            keepdims=True,
            name="weighted_distsq",
        )
        variance = math_ops.multiply(distsq, divisor)
        if not keep:
            mean = array_ops.squeeze(mean, axes)
            variance = array_ops.squeeze(variance, axes)
        if needs_cast:
            mean, variance = math_ops.cast(mean, D.float16), math_ops.cast(variance, D.float16)
        return mean, variance


def zero_fraction(value, name=None):
    """The fraction of zeros in `value` (float32)."""
    with name_scope(name, "zero_fraction", [value]):
        value = convert_to_tensor(value, name="value")
        zero = array_ops.zeros([], dtype=value.dtype)
        nonzero = reduce_sum(math_ops.cast(math_ops.not_equal(value, zero), D.int64))
        size = array_ops.size(value, out_type=D.int64)
        fraction = math_ops.cast(nonzero, D.float32) / math_ops.cast(size, D.float32)
        return math_ops.subtract(1.0, fraction, name="fraction")


def batch_norm_with_global_normalization(
    t=None,
    m=None,
    v=None,
    beta=None,
    gamma=None,
    variance_epsilon=None,
    scale_after_normalization=None,
    name=None,
    input=None,
    mean=None,
    variance=None,
):
    """batch_normalization with gamma applied only if scale_after_normalization (TF 1.x)."""
    t = input if t is None else t
    m = mean if m is None else m
    v = variance if v is None else v
    with name_scope(name, "BatchNormWithGlobalNormalization", [t, m, v, beta, gamma]):
        gamma = gamma if scale_after_normalization else None
        return batch_normalization(t, m, v, beta, gamma, variance_epsilon)


def _per_example(per_example_loss):
    loss = convert_to_tensor(per_example_loss, name="per_example_loss")
    if loss.shape.ndims == 0:
        raise ValueError(
            "Invalid value passed for `per_example_loss`. Expected a tensor with at least "
            f"rank 1, received: {loss}"
        )
    return loss


def _weighted_losses(losses, sample_weight):
    """losses * sample_weight in float32, the weight's rank first matched to the losses'."""
    losses = math_ops.cast(losses, D.float32)
    weight = math_ops.cast(convert_to_tensor(sample_weight), D.float32)
    lr, wr = losses.shape.ndims, weight.shape.ndims
    if lr is not None and wr is not None:
        if wr == lr - 1:
            weight = array_ops.expand_dims(weight, -1)
        elif wr == lr + 1:
            weight = array_ops.squeeze(weight, [-1])
    return losses * weight


def compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None):
    """sum(per_example_loss * sample_weight) / global_batch_size (the batch size if None;
    one replica: tinytf has no distribution strategies)."""
    loss = _per_example(per_example_loss)
    dtype = loss.dtype
    if sample_weight is not None:
        loss = math_ops.cast(_weighted_losses(loss, sample_weight), dtype)
    if global_batch_size is None:
        global_batch_size = math_ops.cast(array_ops.shape(loss)[0], dtype)
    return reduce_sum(loss) / global_batch_size


def scale_regularization_loss(regularization_loss):
    """sum(regularization_loss) divided by the number of replicas (one in tinytf)."""
    return reduce_sum(regularization_loss) / 1

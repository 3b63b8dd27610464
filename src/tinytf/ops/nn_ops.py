"""tf.nn: activations, softmax and cross-entropies, bias_add, dropout, moments and friends.
Convolution and pooling live in conv_ops."""

import collections

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.ops import array_ops, math_ops, random_ops, shape_util
from tinytf.ops.array_ops import reshape, shape, stop_gradient, transpose
from tinytf.ops.reduction_ops import reduce_mean, reduce_sum

FLOATS = D.FLOATS


class Activation(OpDef):
    inputs = ("features",)
    allowed = FLOATS

    @classmethod
    def infer(cls, x, **attrs):
        return TensorSpec(x.shape, x.dtype)


class ActivationGrad(OpDef):
    """f'(features) * gradients, from TF's fused *Grad ops."""

    inputs = ("gradients", "features")
    allowed = FLOATS

    @classmethod
    def infer(cls, dy, x, **attrs):
        return TensorSpec(shape_util.merge_pair(dy.shape, x.shape), x.dtype)


@register_op
class Relu(Activation):
    """max(features, 0)."""

    def kernel(xp, x):
        return xp.maximum(x, xp.zeros((), dtype=x.dtype))

    def grad(op, dy):
        return ReluGrad.apply(dy, op.outputs[0])


@register_op
class ReluGrad(ActivationGrad):
    def kernel(xp, dy, y):
        return dy * (y > 0)


@register_op
class Relu6(Activation):
    """min(max(features, 0), 6)."""

    def kernel(xp, x):
        return xp.clip(x, 0, 6)

    def grad(op, dy):
        return Relu6Grad.apply(dy, op.inputs[0])


@register_op
class Relu6Grad(ActivationGrad):
    def kernel(xp, dy, x):
        return xp.where((x > 0) & (x < 6), dy, xp.zeros_like(dy))


@register_op
class Elu(Activation):
    """x if x > 0 else exp(x) - 1."""

    def kernel(xp, x):
        return xp.where(x > 0, x, xp.expm1(xp.minimum(x, 0)))

    def grad(op, dy):
        return EluGrad.apply(dy, op.outputs[0])


@register_op
class EluGrad(ActivationGrad):
    def kernel(xp, dy, y):
        return xp.where(y > 0, dy, dy * (y + 1))


@register_op
class LeakyRelu(Activation):
    """x if x > 0 else alpha * x."""

    attrs = {"alpha": 0.2}

    def kernel(xp, x, *, alpha):
        return xp.where(x > 0, x, x * x.dtype.type(alpha))

    def grad(op, dy):
        return LeakyReluGrad.apply(dy, op.inputs[0], alpha=op.get_attr("alpha"))


@register_op
class LeakyReluGrad(ActivationGrad):
    attrs = {"alpha": 0.2}

    def kernel(xp, dy, x, *, alpha):
        return xp.where(x > 0, dy, dy * dy.dtype.type(alpha))


@register_op
class Softplus(Activation):
    """log(1 + exp(features)), computed without overflow."""

    def kernel(xp, x):
        return xp.logaddexp(xp.zeros((), dtype=x.dtype), x)

    def grad(op, dy):
        return SoftplusGrad.apply(dy, op.inputs[0])


@register_op
class SoftplusGrad(ActivationGrad):
    def kernel(xp, dy, x):
        return dy / (1 + xp.exp(-x))


@register_op
class Softmax(OpDef):
    """exp(logits) / sum(exp(logits)) over the last dimension (computed stably)."""

    inputs = ("logits",)
    allowed = FLOATS

    def infer(logits):
        return TensorSpec(shape_util.with_rank_at_least(logits.shape, 1), logits.dtype)

    def kernel(xp, logits):
        e = xp.exp(logits - logits.max(axis=-1, keepdims=True))
        e /= e.sum(axis=-1, keepdims=True)  # e is this kernel's own
        return e

    def grad(op, dy):
        y = op.outputs[0]
        return (dy - reduce_sum(dy * y, -1, keepdims=True)) * y


def _log_softmax(xp, logits):
    shifted = logits - logits.max(axis=-1, keepdims=True)
    shifted -= xp.log(xp.exp(shifted).sum(axis=-1, keepdims=True))
    return shifted


@register_op
class LogSoftmax(Softmax):
    """logits - log(sum(exp(logits))) over the last dimension (computed stably)."""

    def kernel(xp, logits):
        return _log_softmax(xp, logits)

    def grad(op, dy):
        return dy - reduce_sum(dy, -1, keepdims=True) * math_ops.exp(op.outputs[0])


@register_op
class SoftmaxCrossEntropyWithLogits(OpDef):
    """Per-row cross-entropy of softmax(features) against `labels`, and its backprop."""

    inputs = ("features", "labels")
    allowed = FLOATS
    list_output = True

    def infer(features, labels):
        shape = shape_util.merge_pair(
            shape_util.with_rank(features.shape, 2), shape_util.with_rank(labels.shape, 2)
        )
        return [TensorSpec(shape[:1], features.dtype), TensorSpec(shape, features.dtype)]

    def kernel(xp, features, labels):
        # as TF's functor: the backprop is exp(shifted) / its sum - labels
        shifted = features - features.max(axis=-1, keepdims=True)
        e = xp.exp(shifted)
        total = e.sum(axis=-1, keepdims=True)
        shifted -= xp.log(total)  # log p
        loss = -xp.where(labels == 0, xp.zeros_like(shifted), labels * shifted).sum(axis=-1)
        e /= total
        e -= labels
        return [loss, e]

    def grad(op, dloss, dbackprop):
        backprop = op.outputs[1]
        g_logits = math_ops.multiply(array_ops.expand_dims(dloss, -1), backprop)
        g_labels = math_ops.multiply(
            array_ops.expand_dims(dloss, -1), -LogSoftmax.apply(op.inputs[0])
        )
        return g_logits, g_labels


@register_op
class SparseSoftmaxCrossEntropyWithLogits(OpDef):
    """Per-row cross-entropy of softmax(features) against integer class `labels`."""

    inputs = ("features", "labels")
    type_inputs = ("features",)
    allowed = FLOATS
    list_output = True

    def infer(features, labels):
        f = shape_util.with_rank(features.shape, 2)
        rows = shape_util.merge_pair(f[:1], shape_util.with_rank(labels.shape, 1))
        return [
            TensorSpec(rows, features.dtype),
            TensorSpec(rows.concatenate(f[1:]), features.dtype),
        ]

    def kernel(xp, features, labels):
        n, k = features.shape
        if labels.size and (xp.min(labels) < 0 or xp.max(labels) >= k):
            from tinytf.framework.errors import InvalidArgumentError

            bad = int(labels[(labels < 0) | (labels >= k)][0])
            raise InvalidArgumentError(
                None,
                None,
                f"Received a label value of {bad} which is outside the valid range of [0, {k}).",
            )
        log_p = _log_softmax(xp, features)
        rows = xp.arange(n)
        backprop = xp.exp(log_p)
        backprop[rows, labels] -= 1
        return [-log_p[rows, labels], backprop]

    def grad(op, dloss, dbackprop):
        return math_ops.multiply(array_ops.expand_dims(dloss, -1), op.outputs[1]), None


@register_op
class BiasAdd(OpDef):
    """value + bias, bias broadcast along the channel dimension (last, or 1 for NCHW)."""

    inputs = ("value", "bias")
    attrs = {"data_format": "NHWC"}
    allowed = D.NUMBERS

    def infer(value, bias, *, data_format):
        nchw = data_format == "NCHW"
        v = shape_util.with_rank_at_least(value.shape, 3 if nchw else 2)
        b = shape_util.with_rank(bias.shape, 1)
        if v.ndims is None:
            return TensorSpec(v, value.dtype)
        dims = v.as_list()
        axis = 1 if nchw else -1
        dims[axis] = shape_util.merge_dim(dims[axis], b.as_list()[0])
        return TensorSpec(dims, value.dtype)

    def kernel(xp, value, bias, *, data_format):
        if data_format == "NCHW":
            return value + xp.reshape(bias, (-1,) + (1,) * (value.ndim - 2))
        return value + bias

    def grad(op, dy):
        return dy, BiasAddGrad.apply(dy, data_format=op.get_attr("data_format"))


@register_op
class BiasAddGrad(OpDef):
    """The sum of out_backprop over all but the channel dimension."""

    inputs = ("out_backprop",)
    attrs = {"data_format": "NHWC"}

    def infer(dy, *, data_format):
        if dy.shape.ndims is None:
            return TensorSpec([None], dy.dtype)
        return TensorSpec([dy.shape.as_list()[1 if data_format == "NCHW" else -1]], dy.dtype)

    def kernel(xp, dy, *, data_format):
        if data_format == "NCHW":
            dy = xp.moveaxis(dy, 1, -1)
        return xp.sum(xp.reshape(dy, (-1, dy.shape[-1])), axis=0)


@register_op
class L2Loss(OpDef):
    """sum(t ** 2) / 2."""

    inputs = ("t",)
    allowed = FLOATS

    def infer(t):
        return TensorSpec([], t.dtype)

    def kernel(xp, t):
        return xp.sum(t * t) / 2

    def grad(op, dy):
        return op.inputs[0] * dy


@register_op
class InTopKV2(OpDef):
    """Whether each target is among the k largest predictions of its row."""

    inputs = ("predictions", "targets", "k")
    type_inputs = ("targets", "k")

    def infer(predictions, targets, k):
        return TensorSpec(shape_util.with_rank(targets.shape, 1), D.bool)

    def kernel(xp, predictions, targets, k):
        rows = xp.arange(predictions.shape[0])
        target = predictions[rows, targets][:, None]
        better = xp.sum(predictions > target, axis=1)
        return (better < k) & xp.isfinite(target[:, 0])


@register_op
class TopKV2(OpDef):
    """The k largest values of each row (last dimension) and their indices."""

    inputs = ("input", "k")
    type_inputs = ("input",)
    attrs = {"sorted": True}
    list_output = True

    def infer(x, k, *, sorted):
        kv = shape_util.constant_value(k)
        dims = x.shape.as_list()[:-1] if x.shape.ndims is not None else None
        shape = None if dims is None else dims + [None if kv is None else int(kv)]
        return [TensorSpec(shape, x.dtype), TensorSpec(shape, D.int32)]

    def kernel(xp, x, k, *, sorted):
        order = xp.argsort(-x, axis=-1, stable=True)[..., : int(k)]
        return [xp.take_along_axis(x, order, axis=-1), order.astype(xp.int32)]

    def grad(op, dvalues, dindices):
        x, indices = op.inputs[0], op.outputs[1]
        n = array_ops.shape(x)[-1]
        hot = array_ops.one_hot(indices, n, dtype=dvalues.dtype)
        return reduce_sum(hot * array_ops.expand_dims(dvalues, -1), -2), None


for _name in (
    "ReluGrad",
    "Relu6Grad",
    "EluGrad",
    "LeakyReluGrad",
    "SoftplusGrad",
    "BiasAddGrad",
    "InTopKV2",
):
    NotDifferentiable(_name)


# -- public wrappers -----------------------------------------------------------------------------
def relu(features, name=None):
    """max(features, 0)."""
    return Relu.apply(features, name=name)


def relu6(features, name=None):
    """min(max(features, 0), 6)."""
    return Relu6.apply(features, name=name)


def elu(features, name=None):
    """Exponential linear unit: x if x > 0 else exp(x) - 1."""
    return Elu.apply(features, name=name)


def leaky_relu(features, alpha=0.2, name=None):
    """x if x > 0 else alpha * x."""
    return LeakyRelu.apply(features, name=name, alpha=float(alpha))


def softplus(features, name=None):
    """log(1 + exp(features))."""
    return Softplus.apply(features, name=name)


def _along_last(opdef, logits, axis, name, default_name):
    """Applies a last-axis op along `axis` by swapping it to the end and back."""
    logits = convert_to_tensor(logits, name="logits")
    rank = logits.shape.ndims
    if axis in (-1, None) or (rank is not None and axis == rank - 1):
        return opdef.apply(logits, name=name)
    if rank is None:
        raise ValueError(f"{default_name} over a non-last axis needs a tensor of known rank.")
    axis %= rank
    perm = list(range(rank))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    with name_scope(name, default_name, [logits]) as scope:
        return transpose(opdef.apply(transpose(logits, perm)), perm, name=scope)


def softmax(logits, axis=None, name=None, dim=None):
    """Softmax over `axis` (default: the last).

    >>> y = tf.nn.softmax(tf.matmul(x, W) + b)
    """
    axis = axis if axis is not None else (dim if dim is not None else -1)
    return _along_last(Softmax, logits, axis, name, "Softmax")


def log_softmax(logits, axis=None, name=None, dim=None):
    """log(softmax(logits)) over `axis`, computed stably."""
    axis = axis if axis is not None else (dim if dim is not None else -1)
    return _along_last(LogSoftmax, logits, axis, name, "LogSoftmax")


def softmax_cross_entropy_with_logits_v2(labels, logits, axis=None, name=None, dim=None):
    """Cross-entropy between `labels` (probabilities) and softmax(logits), per row; stable
    for huge logits. Gradients flow into labels too (use the v1 name to stop them)."""
    axis = (-1 if dim is None else dim) if axis is None else axis
    with name_scope(name, "softmax_cross_entropy_with_logits", [logits, labels]) as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, dtype=logits.dtype.base_dtype, name="labels")
        rank = logits.shape.ndims
        if axis not in (-1, None) and rank is not None and axis % rank != rank - 1:
            perm = list(range(rank))
            perm[axis % rank], perm[-1] = perm[-1], perm[axis % rank]
            logits, labels = transpose(logits, perm), transpose(labels, perm)
        if rank == 2:
            return SoftmaxCrossEntropyWithLogits.apply(logits, labels, name=scope)[0]
        outer = shape(logits)[:-1]
        flat = [reshape(t, array_ops.stack([-1, shape(t)[-1]])) for t in (logits, labels)]
        loss = SoftmaxCrossEntropyWithLogits.apply(*flat)[0]
        return reshape(loss, outer, name=scope)


def _named_arguments_only(sentinel, function):
    """TF 1.x's guard against positional labels/logits (easy to swap)."""
    if sentinel is not None:
        raise ValueError(f"Only call {function} with named arguments (labels=..., logits=..., ...)")


def softmax_cross_entropy_with_logits(
    _sentinel=None, labels=None, logits=None, dim=-1, name=None, axis=None
):
    """Cross-entropy between `labels` and softmax(logits), per row (labels get no gradient).

    >>> tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
    """
    _named_arguments_only(_sentinel, "softmax_cross_entropy_with_logits")
    labels = stop_gradient(labels, name="labels_stop_gradient")
    return softmax_cross_entropy_with_logits_v2(
        labels=labels, logits=logits, axis=dim if axis is None else axis, name=name
    )


def sparse_softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """Cross-entropy of softmax(logits) against integer class labels, per row."""
    _named_arguments_only(_sentinel, "sparse_softmax_cross_entropy_with_logits")
    with name_scope(name, "SparseSoftmaxCrossEntropyWithLogits", [labels, logits]) as scope:
        labels = convert_to_tensor(labels, name="labels")
        logits = convert_to_tensor(logits, name="logits")
        if logits.shape.ndims == 2:
            return SparseSoftmaxCrossEntropyWithLogits.apply(logits, labels, name=scope)[0]
        flat_logits = reshape(logits, array_ops.stack([-1, shape(logits)[-1]]))
        loss = SparseSoftmaxCrossEntropyWithLogits.apply(flat_logits, reshape(labels, [-1]))[0]
        return reshape(loss, shape(labels), name=scope)


def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """Element-wise logistic loss, max(x, 0) - x * z + log(1 + exp(-|x|)) (stable)."""
    _named_arguments_only(_sentinel, "sigmoid_cross_entropy_with_logits")
    with name_scope(name, "logistic_loss", [logits, labels]) as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, dtype=logits.dtype.base_dtype, name="labels")
        zeros = array_ops.zeros_like(logits)
        positive = logits >= zeros
        relu_logits = math_ops.where(positive, logits, zeros)
        neg_abs = math_ops.where(positive, -logits, logits)
        return math_ops.add(
            relu_logits - logits * labels, math_ops.log1p(math_ops.exp(neg_abs)), name=scope
        )


def bias_add(value, bias, data_format=None, name=None):
    """value + bias along the channel dimension ('N...C': last, 'NC...': dimension 1)."""
    with name_scope(name, "BiasAdd", [value, bias]) as scope:
        if data_format is not None:
            if data_format.startswith("NC"):
                data_format = "NCHW"
            elif data_format.startswith("N") and data_format.endswith("C"):
                data_format = "NHWC"
            else:
                raise ValueError("data_format must be of the form `N...C` or `NC...`")
        value = convert_to_tensor(value, name="input")
        bias = convert_to_tensor(bias, dtype=value.dtype.base_dtype, name="bias")
        return BiasAdd.apply(value, bias, name=scope, data_format=data_format or "NHWC")


def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """x / keep_prob where a random mask keeps it (probability keep_prob = 1 - rate), else 0;
    the result keeps x's static shape.

    >>> h_drop = tf.nn.dropout(h_fc1, keep_prob)
    """
    if keep_prob is not None and rate is not None:
        raise ValueError("Cannot specify both 'keep_prob' and 'rate'")
    if keep_prob is not None:
        try:
            rate = 1.0 - keep_prob
        except TypeError:
            raise ValueError(
                f"keep_prob must be a floating point number or Tensor (got {keep_prob!r})"
            ) from None
    if rate is None:
        raise ValueError("You must provide a rate to dropout.")
    with name_scope(name, "dropout", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError(
                "x has to be a floating point tensor since it's going to be scaled. "
                f"Got a {x.dtype} tensor instead."
            )
        if isinstance(rate, (int, float)):
            if not 0 <= rate < 1:
                raise ValueError(
                    f"rate must be a scalar tensor or a float in the range [0, 1), got {rate:g}"
                )
            if rate == 0:  # as TF: nothing to drop, x itself
                return x
        rate = convert_to_tensor(rate, dtype=x.dtype.base_dtype, name="rate")
        rate.shape.assert_is_compatible_with([])
        if shape_util.constant_value(rate) == 0:
            return x
        noise_shape = shape(x) if noise_shape is None else noise_shape
        random = random_ops.random_uniform(noise_shape, seed=seed, dtype=x.dtype)
        keep_mask = math_ops.greater_equal(random, rate)  # >=: a draw equal to rate is kept
        scaled = math_ops.multiply(x, math_ops.truediv(1.0, 1.0 - rate))
        ret = math_ops.multiply(scaled, math_ops.cast(keep_mask, x.dtype), name=scope)
        ret.set_shape(x.shape)
        return ret


def l2_loss(t, name=None):
    """sum(t ** 2) / 2."""
    return L2Loss.apply(t, name=name)


def in_top_k(predictions, targets, k, name=None):
    """Whether each target class is among the top k predictions of its row."""
    with name_scope(name, "in_top_k", [predictions, targets]):
        return InTopKV2.apply(predictions, targets, k, name=name)  # TF: in_top_k/InTopKV2


_TopKOut = collections.namedtuple("TopKV2", "values indices")


def top_k(input, k=1, sorted=True, name=None):
    """(values, indices) of the k largest entries of each row."""
    return _TopKOut(*TopKV2.apply(input, k, name=name, sorted=sorted))


def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """(mean, variance) of x over `axes`."""
    keep = bool(keepdims if keepdims is not None else keep_dims)
    with name_scope(name, "moments", [x, axes]):
        x = convert_to_tensor(x, name="x")
        mean = reduce_mean(x, axes, keepdims=True, name="mean")
        variance = reduce_mean(
            math_ops.squared_difference(x, stop_gradient(mean)),
            axes,
            keepdims=True,
            name="variance",
        )
        if not keep:
            mean = array_ops.squeeze(mean, axes)
            variance = array_ops.squeeze(variance, axes)
        return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """(x - mean) / sqrt(variance + epsilon) * scale + offset."""
    with name_scope(name, "batchnorm", [x, mean, variance, scale, offset]):
        inv = math_ops.rsqrt(variance + variance_epsilon)
        if scale is not None:
            inv = inv * scale
        shift = -mean * inv if offset is None else offset - mean * inv
        return x * math_ops.cast(inv, x.dtype) + math_ops.cast(shift, x.dtype)



def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x ** 2, axis), epsilon))."""
    axis = dim if axis is None else axis
    with name_scope(name, "l2_normalize", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        square_sum = reduce_sum(math_ops.square(x), axis, keepdims=True)
        inv_norm = math_ops.rsqrt(math_ops.maximum(square_sum, epsilon))
        return math_ops.multiply(x, inv_norm, name=scope)


def selu(features, name=None):
    """scale * (x if x > 0 else alpha * (exp(x) - 1)), with SELU's alpha and scale."""
    alpha, scale = 1.6732632423543772, 1.0507009873554805
    with name_scope(name, "Selu", [features]) as scope:
        x = convert_to_tensor(features, name="features")
        negative = alpha * (math_ops.exp(math_ops.minimum(x, 0.0)) - 1.0)
        return math_ops.multiply(math_ops.where(x > 0.0, x, negative), scale, name=scope)


def weighted_cross_entropy_with_logits(
    labels=None, logits=None, pos_weight=None, name=None, targets=None
):
    """Sigmoid cross-entropy with the positive term weighted by pos_weight (stable form);
    `targets` is the older name of `labels`."""
    targets = labels if targets is None else targets
    with name_scope(name, "logistic_loss", [logits, targets]) as scope:
        logits = convert_to_tensor(logits, name="logits")
        targets = convert_to_tensor(targets, dtype=logits.dtype.base_dtype, name="targets")
        log_weight = 1.0 + (pos_weight - 1.0) * targets
        softplus_neg = math_ops.log1p(math_ops.exp(-math_ops.abs(logits))) + relu(-logits)
        return math_ops.add((1.0 - targets) * logits, log_weight * softplus_neg, name=scope)

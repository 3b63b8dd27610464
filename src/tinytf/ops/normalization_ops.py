"""Normalization ops: local response normalization (LRN, LRNGrad) and the fused batch norms
(FusedBatchNorm, V2, V3 and their Grad ops), NHWC or NCHW, training or inference."""

import builtins

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    register_op,
)
from tinytf.ops import shape_util
from tinytf.ops.constant_op import constant

LRN_TYPES = frozenset({D.float16, D.float32})


def _window_sum(xp, a, r):
    """sum(a[..., d - r : d + r + 1]) for every d of the last axis (zeros outside)."""
    pad = [(0, 0)] * (a.ndim - 1) + [(r + 1, r)]
    c = xp.cumsum(xp.pad(a, pad), axis=-1)
    return c[..., 2 * r + 1 :] - c[..., : -(2 * r + 1)]


def _lrn_norm(xp, x, depth_radius, bias, alpha):
    return bias + alpha * _window_sum(xp, x.astype(xp.float32) ** 2, depth_radius)


@register_op
class LRN(OpDef):
    """input / (bias + alpha * sum of input**2 over depth_radius neighbours) ** beta."""

    inputs = ("input",)
    attrs = {"depth_radius": 5, "bias": 1.0, "alpha": 1.0, "beta": 0.5}
    allowed = LRN_TYPES

    def infer(x, **_):
        return TensorSpec(shape_util.with_rank(x.shape, 4), x.dtype)

    def kernel(xp, x, *, depth_radius, bias, alpha, beta):
        n = _lrn_norm(xp, x, depth_radius, bias, alpha)
        return (x * n**-beta).astype(x.dtype)

    def grad(op, dy):
        attrs = {k: op.get_attr(k) for k in ("depth_radius", "bias", "alpha", "beta")}
        return LRNGrad.apply(dy, op.inputs[0], op.outputs[0], **attrs)


@register_op
class LRNGrad(OpDef):
    """The gradient of LRN."""

    inputs = ("input_grads", "input_image", "output_image")
    attrs = LRN.attrs
    allowed = LRN_TYPES

    def infer(dy, x, y, **_):
        shape = shape_util.merge_shapes([shape_util.with_rank(s.shape, 4) for s in (dy, x, y)])
        return TensorSpec(shape, x.dtype)

    def kernel(xp, dy, x, y, *, depth_radius, bias, alpha, beta):
        n = _lrn_norm(xp, x, depth_radius, bias, alpha)
        back = _window_sum(xp, dy * y / n, depth_radius)
        return (dy * n**-beta - 2 * alpha * beta * x * back).astype(x.dtype)


NotDifferentiable("LRNGrad")


def local_response_normalization(input, depth_radius=5, bias=1, alpha=1, beta=0.5, name=None):
    """Local response normalization over the last (depth) dimension of a 4-D input."""
    return LRN.apply(
        input,
        name=name,
        depth_radius=int(depth_radius),
        bias=float(bias),
        alpha=float(alpha),
        beta=float(beta),
    )


lrn = local_response_normalization


# -- fused batch norm --------------------------------------------------------------------------
def _channel_axis(data_format):
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError(f"data_format must be NHWC or NCHW, got {data_format!r}")
    return 3 if data_format == "NHWC" else 1


def _to_nhwc(xp, x, data_format):
    return x if data_format == "NHWC" else xp.permute_dims(x, (0, 2, 3, 1))


def _from_nhwc(xp, x, data_format):
    return x if data_format == "NHWC" else xp.permute_dims(x, (0, 3, 1, 2))


class FusedBatchNormBase(OpDef):
    inputs = ("x", "scale", "offset", "mean", "variance")
    type_inputs = ("x",)
    attrs = {"epsilon": 0.0001, "data_format": "NHWC", "is_training": True}
    allowed = frozenset({D.float16, D.float32})
    list_output = True
    extra_outputs = 0  # V3's reserve_space_3

    @classmethod
    def infer(cls, x, scale, offset, mean, variance, *, epsilon, data_format, is_training):
        axis = _channel_axis(data_format)
        dims = shape_util.with_rank(x.shape, 4).as_list()
        vectors = [scale, offset] if is_training else [scale, offset, mean, variance]
        for v in vectors:
            dims[axis] = shape_util.merge_dim(dims[axis], shape_util.with_rank(v.shape, 1)[0].value)
        u = scale.dtype
        vec = TensorSpec([dims[axis]], u)
        return [TensorSpec(dims, x.dtype)] + [vec] * 4 + [TensorSpec(None, u)] * cls.extra_outputs

    @classmethod
    def kernel(cls, xp, x, scale, offset, mean, variance, *, epsilon, data_format, is_training):
        x32 = _to_nhwc(xp, x, data_format).astype(scale.dtype)
        if is_training:
            count = x32.size // x32.shape[-1]
            mean = xp.mean(x32, axis=(0, 1, 2))
            variance = xp.mean((x32 - mean) ** 2, axis=(0, 1, 2))
            batch_var = variance * (count / builtins.max(count - 1, 1))
        else:
            batch_var = variance
        y = (x32 - mean) * (scale / xp.sqrt(variance + epsilon)) + offset
        y = _from_nhwc(xp, y, data_format).astype(x.dtype)
        extra = [xp.zeros((0,), dtype=scale.dtype)] * cls.extra_outputs
        return [y, mean, batch_var, mean, variance] + extra

    @classmethod
    def grad(cls, op, dy, *_):
        x, scale = op.inputs[0], op.inputs[1]
        if op.get_attr("is_training"):
            saved = list(op.outputs[3:])
        else:
            saved = list(op.inputs[3:5]) + [constant([], D.float32)] * cls.extra_outputs
        attrs = {k: op.get_attr(k) for k in ("epsilon", "data_format", "is_training")}
        dx, dscale, doffset = cls.grad_op.apply(dy, x, scale, *saved, **attrs)[:3]
        return dx, dscale, doffset, None, None


class FusedBatchNormGradBase(OpDef):
    inputs = ("y_backprop", "x", "scale", "reserve_space_1", "reserve_space_2")
    type_inputs = ("y_backprop", "x")
    attrs = FusedBatchNormBase.attrs
    allowed = FusedBatchNormBase.allowed
    list_output = True

    def infer(dy, x, scale, *saved, epsilon, data_format, is_training):
        axis = _channel_axis(data_format)
        dims = shape_util.merge_pair(
            shape_util.with_rank(dy.shape, 4), shape_util.with_rank(x.shape, 4)
        ).as_list()
        for v in (scale, saved[0], saved[1]):
            dims[axis] = shape_util.merge_dim(dims[axis], shape_util.with_rank(v.shape, 1)[0].value)
        vec = TensorSpec([dims[axis]], scale.dtype)
        empty = TensorSpec([0], scale.dtype)
        return [TensorSpec(dims, x.dtype), vec, vec, empty, empty]

    def kernel(xp, dy, x, scale, mean, variance, *_, epsilon, data_format, is_training):
        dy32 = _to_nhwc(xp, dy, data_format).astype(scale.dtype)
        x32 = _to_nhwc(xp, x, data_format).astype(scale.dtype)
        inv = 1 / xp.sqrt(variance + epsilon)
        xhat = (x32 - mean) * inv
        dscale = xp.sum(dy32 * xhat, axis=(0, 1, 2))
        doffset = xp.sum(dy32, axis=(0, 1, 2))
        if is_training:
            count = x32.size // x32.shape[-1]
            dx = scale * inv * (dy32 - doffset / count - xhat * (dscale / count))
        else:
            dx = dy32 * (scale * inv)
        dx = _from_nhwc(xp, dx, data_format).astype(x.dtype)
        empty = xp.zeros((0,), dtype=scale.dtype)
        return [dx, dscale, doffset, empty, empty]


@register_op
class FusedBatchNormGrad(FusedBatchNormGradBase):
    """The gradient of FusedBatchNorm."""

    type_inputs = None
    allowed = frozenset({D.float32})


@register_op
class FusedBatchNormGradV2(FusedBatchNormGradBase):
    """The gradient of FusedBatchNormV2."""


@register_op
class FusedBatchNormGradV3(FusedBatchNormGradBase):
    """The gradient of FusedBatchNormV3."""

    inputs = FusedBatchNormGradBase.inputs + ("reserve_space_3",)


@register_op
class FusedBatchNorm(FusedBatchNormBase):
    """Batch normalization of a 4-D input in one op (float32)."""

    type_inputs = None
    allowed = frozenset({D.float32})
    grad_op = FusedBatchNormGrad


@register_op
class FusedBatchNormV2(FusedBatchNormBase):
    """FusedBatchNorm with a separate type U for its statistics."""

    grad_op = FusedBatchNormGradV2


@register_op
class FusedBatchNormV3(FusedBatchNormBase):
    """FusedBatchNormV2 with a sixth, reserved output (TF 1.15's tf.nn.fused_batch_norm)."""

    extra_outputs = 1
    grad_op = FusedBatchNormGradV3


for _name in ("FusedBatchNormGrad", "FusedBatchNormGradV2", "FusedBatchNormGradV3"):
    NotDifferentiable(_name)


def fused_batch_norm(
    x,
    scale,
    offset,
    mean=None,
    variance=None,
    epsilon=0.001,
    data_format="NHWC",
    is_training=True,
    name=None,
):
    """(y, batch_mean, batch_variance) of a 4-D x; with is_training=False, mean and variance
    are the population statistics to normalize with."""
    x = convert_to_tensor(x, name="input")
    scale = convert_to_tensor(scale, name="scale")
    offset = convert_to_tensor(offset, name="offset")
    if is_training and (mean is not None or variance is not None):
        raise ValueError("Both 'mean' and 'variance' must be None if is_training is True.")
    mean = constant([]) if mean is None else mean
    variance = constant([]) if variance is None else variance
    epsilon = epsilon if epsilon > 1.001e-5 else 1.001e-5  # cuDNN's minimum, as TF
    outs = FusedBatchNormV3.apply(
        x,
        scale,
        offset,
        mean,
        variance,
        name=name,
        epsilon=float(epsilon),
        data_format=data_format,
        is_training=bool(is_training),
    )
    return outs[0], outs[1], outs[2]

"""Depthwise 2-D convolution (DepthwiseConv2dNative and its backprops) and the convolutions TF
composes from it and conv2d: depthwise_conv2d, separable_conv2d, atrous_conv2d(_transpose).
The kernels reuse conv_ops.py's patch gathering and scattering: a depthwise convolution is one
batched GEMM per channel over the same [N, OH, OW, kh * kw * C] patches."""

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import OpDef, TensorSpec, convert_to_tensor, name_scope, register_op
from tinytf.ops import array_ops, conv_nd_ops, conv_ops, shape_util
from tinytf.ops.conv_ops import _check_nhwc, _conv_attrs, _geometry, _nhwc_only, _out_dim

DEPTHWISE_TYPES = frozenset({D.float16, D.float32, D.float64})


def _cols(xp, x, kh, kw, strides, dilations, padding):
    """[N, OH, OW, kh * kw, C] patches of x and their geometry."""
    geo = _geometry(x.shape, kh, kw, strides, dilations, padding)
    cols = conv_ops._patches(xp, x, kh, kw, geo, strides, dilations)
    return xp.reshape(cols, cols.shape[:3] + (kh * kw, x.shape[3])), geo


class DepthwiseBase(OpDef):
    attrs = {"strides": None, "padding": None, "data_format": "NHWC", "dilations": (1, 1, 1, 1)}
    allowed = DEPTHWISE_TYPES


def _attrs(op):
    return {k: op.get_attr(k) for k in ("strides", "padding", "dilations")}


@register_op
class DepthwiseConv2dNative(DepthwiseBase):
    """Each input channel convolved with its own channel_multiplier filters (HWCM)."""

    inputs = ("input", "filter")

    def infer(x, f, *, strides, padding, dilations, **_):
        _check_nhwc(strides, dilations, padding)
        xs = shape_util.with_rank(x.shape, 4).as_list()
        fs = shape_util.with_rank(f.shape, 4).as_list()
        c = shape_util.merge_dim(xs[3], fs[2])
        out_c = None if c is None or fs[3] is None else c * fs[3]
        return TensorSpec(
            [
                xs[0],
                _out_dim(xs[1], fs[0], strides[1], dilations[1], padding),
                _out_dim(xs[2], fs[1], strides[2], dilations[2], padding),
                out_c,
            ],
            x.dtype,
        )

    def kernel(xp, x, f, *, strides, padding, dilations, **_):
        kh, kw, c, m = f.shape
        cols, _ = _cols(xp, x, kh, kw, strides, dilations, padding)
        # [C, P, K] @ [C, K, M]: one GEMM per channel
        lhs = xp.permute_dims(xp.reshape(cols, (-1, kh * kw, c)), (2, 0, 1))
        out = xp.matmul(lhs, xp.permute_dims(xp.reshape(f, (kh * kw, c, m)), (1, 0, 2)))
        out = xp.permute_dims(out, (1, 0, 2))  # [P, C, M]
        return xp.reshape(out, cols.shape[:3] + (c * m,))

    def grad(op, dy):
        x, f = op.inputs
        attrs = _attrs(op)
        return (
            DepthwiseConv2dNativeBackpropInput.apply(array_ops.shape(x), f, dy, **attrs),
            DepthwiseConv2dNativeBackpropFilter.apply(x, array_ops.shape(f), dy, **attrs),
        )


@register_op
class DepthwiseConv2dNativeBackpropInput(DepthwiseBase):
    """The gradient of DepthwiseConv2dNative with respect to its input."""

    inputs = ("input_sizes", "filter", "out_backprop")
    type_inputs = ("filter", "out_backprop")

    def infer(sizes, f, dy, **_):
        return TensorSpec(shape_util.constant_value_as_shape(sizes), f.dtype)

    def kernel(xp, sizes, f, dy, *, strides, padding, dilations, **_):
        kh, kw, c, m = f.shape
        shape = tuple(int(s) for s in sizes.tolist())
        geo = _geometry(shape, kh, kw, strides, dilations, padding)
        d = xp.permute_dims(xp.reshape(dy, (-1, c, m)), (1, 0, 2))  # [C, P, M]
        fk = xp.permute_dims(xp.reshape(f, (kh * kw, c, m)), (1, 2, 0))  # [C, M, K]
        blocks = xp.permute_dims(xp.matmul(d, fk), (2, 1, 0))  # [K, P, C]
        blocks = xp.reshape(blocks, (kh * kw,) + dy.shape[:3] + (c,))
        return conv_ops._scatter_blocks(xp, blocks, shape, kh, kw, geo, strides, dilations)

    def grad(op, d_input):
        sizes, f, dy = op.inputs
        attrs = _attrs(op)
        return (
            None,
            DepthwiseConv2dNativeBackpropFilter.apply(d_input, array_ops.shape(f), dy, **attrs),
            DepthwiseConv2dNative.apply(d_input, f, **attrs),
        )


@register_op
class DepthwiseConv2dNativeBackpropFilter(DepthwiseBase):
    """The gradient of DepthwiseConv2dNative with respect to its filter."""

    inputs = ("input", "filter_sizes", "out_backprop")
    type_inputs = ("input", "out_backprop")

    def infer(x, sizes, dy, **_):
        return TensorSpec(shape_util.constant_value_as_shape(sizes), x.dtype)

    def kernel(xp, x, sizes, dy, *, strides, padding, dilations, **_):
        kh, kw, c, m = (int(s) for s in sizes.tolist())
        cols, _ = _cols(xp, x, kh, kw, strides, dilations, padding)
        lhs = xp.permute_dims(xp.reshape(cols, (-1, kh * kw, c)), (2, 1, 0))  # [C, K, P]
        d = xp.permute_dims(xp.reshape(dy, (-1, c, m)), (1, 0, 2))  # [C, P, M]
        return xp.reshape(xp.permute_dims(xp.matmul(lhs, d), (1, 0, 2)), (kh, kw, c, m))

    def grad(op, d_filter):
        x, sizes, dy = op.inputs
        attrs = _attrs(op)
        return (
            DepthwiseConv2dNativeBackpropInput.apply(array_ops.shape(x), d_filter, dy, **attrs),
            None,
            DepthwiseConv2dNative.apply(x, d_filter, **attrs),
        )


def depthwise_conv2d_native(
    input, filter, strides, padding, data_format="NHWC", dilations=(1, 1, 1, 1), name=None
):
    """Depthwise 2-D convolution of NHWC `input` with an [h, w, in, multiplier] filter."""
    _nhwc_only(data_format)
    return DepthwiseConv2dNative.apply(
        input, filter, name=name, **_conv_attrs(strides, padding, dilations)
    )


def depthwise_conv2d_native_backprop_input(
    input_sizes,
    filter,
    out_backprop,
    strides,
    padding,
    data_format="NHWC",
    dilations=(1, 1, 1, 1),
    name=None,
):
    """The gradient of depthwise_conv2d_native with respect to its input."""
    _nhwc_only(data_format)
    return DepthwiseConv2dNativeBackpropInput.apply(
        input_sizes, filter, out_backprop, name=name, **_conv_attrs(strides, padding, dilations)
    )


def depthwise_conv2d_native_backprop_filter(
    input,
    filter_sizes,
    out_backprop,
    strides,
    padding,
    data_format="NHWC",
    dilations=(1, 1, 1, 1),
    name=None,
):
    """The gradient of depthwise_conv2d_native with respect to its filter."""
    _nhwc_only(data_format)
    return DepthwiseConv2dNativeBackpropFilter.apply(
        input, filter_sizes, out_backprop, name=name, **_conv_attrs(strides, padding, dilations)
    )


depthwise_conv2d_backprop_input = depthwise_conv2d_native_backprop_input
depthwise_conv2d_backprop_filter = depthwise_conv2d_native_backprop_filter


def _rate(rate, dilations):
    rate = dilations if rate is None else rate
    return (1, 1) if rate is None else tuple(conv_ops._four(rate, "rate")[1:3])


def depthwise_conv2d(
    input,
    filter,
    strides,
    padding,
    rate=None,
    name=None,
    data_format=None,
    dilations=None,
):
    """Depthwise 2-D convolution with an [h, w, in, multiplier] filter, dilated by `rate`."""
    _nhwc_only(data_format)
    rate = _rate(rate, dilations)
    with name_scope(name, "depthwise", [input, filter]) as scope:
        input = convert_to_tensor(input, name="tensor_in")
        filter = convert_to_tensor(filter, name="filter_in")
        if rate == (1, 1):
            return DepthwiseConv2dNative.apply(
                input, filter, name=scope, **_conv_attrs(strides, padding, 1)
            )
        if tuple(conv_ops._four(strides, "strides")) != (1, 1, 1, 1):
            raise ValueError("strides > 1 not supported in conjunction with rate > 1")
        # as TF: the dilation through space_to_batch, which TF's CPU kernels run
        return conv_nd_ops.with_space_to_batch(
            input,
            list(rate),
            padding,
            lambda x, _, pad: DepthwiseConv2dNative.apply(
                x, filter, **_conv_attrs(strides, pad, 1)
            ),
            filter_shape=conv_nd_ops.static_spatial_shape(filter, 2),
        )


def separable_conv2d(
    input,
    depthwise_filter,
    pointwise_filter,
    strides,
    padding,
    rate=None,
    name=None,
    data_format=None,
    dilations=None,
):
    """A depthwise convolution followed by a 1x1 (pointwise) conv2d mixing the channels."""
    _nhwc_only(data_format)
    with name_scope(name, "separable_conv2d", [input, depthwise_filter, pointwise_filter]) as sc:
        input = convert_to_tensor(input, name="tensor_in")
        depthwise_filter = convert_to_tensor(depthwise_filter, name="depthwise_filter")
        pointwise_filter = convert_to_tensor(pointwise_filter, name="pointwise_filter")
        pw = shape_util.with_rank(pointwise_filter.shape, 4).as_list()
        if pw[0] not in (1, None) or pw[1] not in (1, None):
            raise ValueError(f"Shape must be rank 4 with 1x1 spatial size, got {pw}")
        depthwise = depthwise_conv2d(
            input, depthwise_filter, strides, padding, rate, name="depthwise"
        )
        return conv_ops.conv2d(depthwise, pointwise_filter, [1, 1, 1, 1], "VALID", name=sc)


def atrous_conv2d(value, filters, rate, padding, name=None):
    """conv2d with filters dilated by `rate` (holes between their taps), stride 1."""
    return conv_nd_ops.convolution(value, filters, padding, dilation_rate=[rate, rate], name=name)


def atrous_conv2d_transpose(value, filters, output_shape, rate, padding, name=None):
    """The transpose (adjoint) of atrous_conv2d: `value` to `output_shape`."""
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"padding must be either VALID or SAME: {padding}")
    if rate < 1:
        raise ValueError(f"rate {rate} cannot be less than one")
    with name_scope(name, "atrous_conv2d_transpose", [value, filters, output_shape]) as scope:
        value = convert_to_tensor(value, name="value")
        filters = convert_to_tensor(filters, name="filters")
        return conv_ops.Conv2DBackpropInput.apply(
            output_shape,
            filters,
            value,
            name=scope,
            **_conv_attrs([1, 1, 1, 1], padding, [1, rate, rate, 1]),
        )

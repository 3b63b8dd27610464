"""3-D convolution and pooling (NDHWC, filters DHWIO) with their gradient ops, and the 1-D and
N-D compositions of tf.nn (conv1d, convolution, pool, the _v2 pools), which TF builds from the
2-D ops. The kernels use the same im2col/GEMM scheme as conv_ops.py: one strided slice per
filter position gathers patches, one GEMM convolves, one shifted add per position scatters."""

import builtins
import itertools

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import ShapeError
from tinytf.framework.op_def import OpDef, TensorSpec, convert_to_tensor, name_scope, register_op
from tinytf.ops import array_ops, conv_ops, layout_ops, shape_util
from tinytf.ops.conv_ops import _out_and_pad, _out_dim

CONV3D_TYPES = frozenset({D.float16, D.float32, D.float64})


def _geometry(shape, ksize, strides, dilations, padding):
    """(out, before, after) of each spatial dim of a channels-last shape."""
    return [
        _out_and_pad(shape[i + 1], k, strides[i + 1], dilations[i + 1], padding)
        for i, k in enumerate(ksize)
    ]


def _padded(xp, x, geo, value=0):
    if not any(b or a for _, b, a in geo):
        return x
    pads = [(0, 0)] + [(b, a) for _, b, a in geo] + [(0, 0)]
    return xp.pad(x, pads, constant_values=value)


def _windows(ksize, geo, strides, dilations):
    """The slices of a padded array that each filter position reads, in (i, j, k) order."""
    for pos in itertools.product(*(builtins.range(k) for k in ksize)):
        sl = [builtins.slice(None)]
        for i, p in enumerate(pos):
            s, d, out = strides[i + 1], dilations[i + 1], geo[i][0]
            sl.append(builtins.slice(p * d, p * d + (out - 1) * s + 1, s))
        yield tuple(sl) + (builtins.slice(None),)


def _patches(xp, x, ksize, geo, strides, dilations):
    """[N, O..., prod(ksize) * C]: each output position's input window."""
    x_pad = _padded(xp, x, geo)
    return xp.concat([x_pad[w] for w in _windows(ksize, geo, strides, dilations)], -1)


def _scatter(xp, blocks, shape, ksize, geo, strides, dilations):
    """The adjoint of _patches: adds blocks[k] back where window k was read."""
    padded = [shape[0]] + [n + b + a for n, (_, b, a) in zip(shape[1:-1], geo)] + [shape[-1]]
    out = xp.zeros(tuple(padded), dtype=blocks.dtype)
    for k, win in enumerate(_windows(ksize, geo, strides, dilations)):
        out[win] += blocks[k]
    inner = tuple(builtins.slice(b, b + n) for n, (_, b, _) in zip(shape[1:-1], geo))
    return out[(builtins.slice(None),) + inner]


def _sizes(t):
    return tuple(int(s) for s in t.tolist())


def _check(strides, dilations, padding, rank):
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"padding must be SAME or VALID, got {padding!r}")
    if len(strides) != rank or len(dilations) != rank:
        raise ValueError(f"strides and dilations must have {rank} elements")
    if strides[0] != 1 or strides[-1] != 1 or dilations[0] != 1 or dilations[-1] != 1:
        raise ShapeError("Strides and dilations in the batch and depth dimensions must be 1")


def _spatial_out(size, k, stride, dilation, padding):
    span = None if k is None else (k - 1) * dilation + 1
    if padding == "VALID" and size is not None and span is not None and size < span:
        raise ShapeError(f"Negative dimension size caused by subtracting {span} from {size}")
    return _out_dim(size, k, stride, dilation, padding)


def _conv_out(xs, fs, strides, dilations, padding):
    return [xs[0]] + [
        _spatial_out(xs[i + 1], fs[i], strides[i + 1], dilations[i + 1], padding)
        for i in builtins.range(len(xs) - 2)
    ]


class Conv3DBase(OpDef):
    attrs = {"strides": None, "padding": None, "data_format": "NDHWC", "dilations": (1,) * 5}
    allowed = CONV3D_TYPES


def _conv3d_attrs(op):
    return {k: op.get_attr(k) for k in ("strides", "padding", "dilations")}


@register_op
class Conv3D(Conv3DBase):
    """3-D convolution (cross-correlation) of NDHWC input with a DHWIO filter."""

    inputs = ("input", "filter")

    def infer(x, f, *, strides, padding, dilations, **_):
        _check(strides, dilations, padding, 5)
        xs = shape_util.with_rank(x.shape, 5).as_list()
        fs = shape_util.with_rank(f.shape, 5).as_list()
        if xs[4] is not None and fs[3] is not None and xs[4] % fs[3]:
            raise ShapeError(
                f"Depth of input ({xs[4]}) is not a multiple of input depth of filter ({fs[3]})"
            )
        if xs[4] is not None and fs[3] is not None and xs[4] != fs[3]:  # TF's CPU: no kernel
            raise ShapeError(
                f"Grouped Conv3D (input depth {xs[4]}, filter {fs[3]}) is not supported"
            )
        return TensorSpec(_conv_out(xs, fs, strides, dilations, padding) + [fs[4]], x.dtype)

    def kernel(xp, x, f, *, strides, padding, dilations, **_):
        ksize, o = f.shape[:3], f.shape[4]
        geo = _geometry(x.shape, ksize, strides, dilations, padding)
        cols = _patches(xp, x, ksize, geo, strides, dilations)
        out = xp.reshape(cols, (-1, cols.shape[-1])) @ xp.reshape(f, (-1, o))
        return xp.reshape(out, cols.shape[:-1] + (o,))

    def grad(op, dy):
        x, f = op.inputs
        attrs = _conv3d_attrs(op)
        return (
            Conv3DBackpropInputV2.apply(array_ops.shape(x), f, dy, **attrs),
            Conv3DBackpropFilterV2.apply(x, array_ops.shape(f), dy, **attrs),
        )


@register_op
class Conv3DBackpropInputV2(Conv3DBase):
    """The gradient of Conv3D with respect to its input."""

    inputs = ("input_sizes", "filter", "out_backprop")
    type_inputs = ("filter", "out_backprop")

    def infer(sizes, f, dy, **_):
        return TensorSpec(shape_util.constant_value_as_shape(sizes), f.dtype)

    def kernel(xp, sizes, f, dy, *, strides, padding, dilations, **_):
        shape = _sizes(sizes)
        ksize, c, o = f.shape[:3], f.shape[3], f.shape[4]
        k = ksize[0] * ksize[1] * ksize[2]
        geo = _geometry(shape, ksize, strides, dilations, padding)
        per_position = xp.matmul(
            xp.reshape(dy, (-1, o)), xp.permute_dims(xp.reshape(f, (k, c, o)), (0, 2, 1))
        )
        blocks = xp.reshape(per_position, (k,) + dy.shape[:-1] + (c,))
        return _scatter(xp, blocks, shape, ksize, geo, strides, dilations)

    def grad(op, d_input):
        sizes, f, dy = op.inputs
        attrs = _conv3d_attrs(op)
        return (
            None,
            Conv3DBackpropFilterV2.apply(d_input, array_ops.shape(f), dy, **attrs),
            Conv3D.apply(d_input, f, **attrs),
        )


@register_op
class Conv3DBackpropFilterV2(Conv3DBase):
    """The gradient of Conv3D with respect to its filter."""

    inputs = ("input", "filter_sizes", "out_backprop")
    type_inputs = ("input", "out_backprop")

    def infer(x, sizes, dy, **_):
        return TensorSpec(shape_util.constant_value_as_shape(sizes), x.dtype)

    def kernel(xp, x, sizes, dy, *, strides, padding, dilations, **_):
        fshape = _sizes(sizes)
        geo = _geometry(x.shape, fshape[:3], strides, dilations, padding)
        cols = _patches(xp, x, fshape[:3], geo, strides, dilations)
        cols = xp.reshape(cols, (-1, cols.shape[-1]))
        return xp.reshape(cols.T @ xp.reshape(dy, (-1, fshape[4])), fshape)

    def grad(op, d_filter):
        x, sizes, dy = op.inputs
        attrs = _conv3d_attrs(op)
        return (
            Conv3DBackpropInputV2.apply(array_ops.shape(x), d_filter, dy, **attrs),
            None,
            Conv3D.apply(x, d_filter, **attrs),
        )


# -- 3-D pooling -------------------------------------------------------------------------------
class Pool3DBase(OpDef):
    inputs = ("input",)
    attrs = {"ksize": None, "strides": None, "padding": None, "data_format": "NDHWC"}
    allowed = frozenset({D.float16, D.float32})

    def infer(x, *, ksize, strides, padding, data_format):
        _check(strides, (1,) * 5, padding, 5)
        if len(ksize) != 5 or ksize[0] != 1 or ksize[4] != 1:
            raise ValueError("Pooling is not yet supported on the batch nor depth dimensions.")
        xs = shape_util.with_rank(x.shape, 5).as_list()
        return TensorSpec(_conv_out(xs, ksize[1:4], strides, (1,) * 5, padding) + [xs[4]], x.dtype)


def _pool_parts(xp, x, ksize, strides, padding, fill):
    geo = _geometry(x.shape, ksize[1:4], strides, (1,) * 5, padding)
    x_pad = _padded(xp, x, geo, fill)
    return geo, [x_pad[w] for w in _windows(ksize[1:4], geo, strides, (1,) * 5)]


def _counts(xp, shape, ksize, strides, padding, dtype):
    ones = xp.ones((1,) + tuple(shape[1:4]) + (1,), dtype=dtype)
    _, parts = _pool_parts(xp, ones, ksize, strides, padding, 0)
    return builtins.sum(parts[1:], parts[0])


def _pool3d_attrs(op):
    return {k: op.get_attr(k) for k in ("ksize", "strides", "padding")}


@register_op
class MaxPool3D(Pool3DBase):
    """The maximum over each ksize window of an NDHWC input."""

    def kernel(xp, x, *, ksize, strides, padding, data_format):
        _, parts = _pool_parts(xp, x, ksize, strides, padding, -xp.inf)
        out = parts[0]
        for p in parts[1:]:
            out = xp.maximum(out, p)
        return xp.asarray(out, copy=True)

    def grad(op, dy):
        return MaxPool3DGrad.apply(op.inputs[0], op.outputs[0], dy, **_pool3d_attrs(op))


@register_op
class MaxPool3DGrad(OpDef):
    """The gradient of MaxPool3D: each window's gradient goes to its first maximum."""

    inputs = ("orig_input", "orig_output", "grad")
    type_inputs = ("grad",)
    attrs = Pool3DBase.attrs
    allowed = Pool3DBase.allowed

    def infer(x, y, dy, **_):
        return TensorSpec(shape_util.with_rank(x.shape, 5), dy.dtype)

    def kernel(xp, x, y, dy, *, ksize, strides, padding, data_format):
        geo, parts = _pool_parts(xp, x, ksize, strides, padding, -xp.inf)
        taken = xp.zeros(y.shape, dtype=bool)
        blocks = []
        for p in parts:
            hit = (p == y) & ~taken
            taken |= hit
            blocks.append(dy * hit)
        return _scatter(xp, xp.stack(blocks), x.shape, ksize[1:4], geo, strides, (1,) * 5)


@register_op
class AvgPool3D(Pool3DBase):
    """The mean over each ksize window of an NDHWC input (padding not counted)."""

    allowed = frozenset({D.float16, D.float32, D.float64})

    def kernel(xp, x, *, ksize, strides, padding, data_format):
        _, parts = _pool_parts(xp, x, ksize, strides, padding, 0)
        total = builtins.sum(parts[1:], parts[0])
        return total / _counts(xp, x.shape, ksize, strides, padding, x.dtype)

    def grad(op, dy):
        return AvgPool3DGrad.apply(array_ops.shape(op.inputs[0]), dy, **_pool3d_attrs(op))


@register_op
class AvgPool3DGrad(OpDef):
    """The gradient of AvgPool3D: each window's gradient spread over its inputs."""

    inputs = ("orig_input_shape", "grad")
    type_inputs = ("grad",)
    attrs = Pool3DBase.attrs
    allowed = AvgPool3D.allowed

    def infer(shape, dy, **_):
        return TensorSpec(shape_util.constant_value_as_shape(shape), dy.dtype)

    def kernel(xp, shape, dy, *, ksize, strides, padding, data_format):
        shape = _sizes(shape)
        geo = _geometry(shape, ksize[1:4], strides, (1,) * 5, padding)
        share = dy / _counts(xp, shape, ksize, strides, padding, dy.dtype)
        k = ksize[1] * ksize[2] * ksize[3]
        return _scatter(xp, xp.stack([share] * k), shape, ksize[1:4], geo, strides, (1,) * 5)


# -- public wrappers ---------------------------------------------------------------------------
def _n(values, n, name):
    """An attr of n + 2 entries from 1, n or n + 2 values (batch and channel entries 1)."""
    values = list(values) if isinstance(values, (list, tuple)) else [values]
    if len(values) == 1:
        values = values * n
    if len(values) == n:
        return (1,) + tuple(int(v) for v in values) + (1,)
    if len(values) != n + 2:
        raise ValueError(f"{name} should be of length 1, {n} or {n + 2}. Received: {values}")
    return tuple(int(v) for v in values)


def _channels_last(data_format, allowed):
    if data_format not in (None,) + allowed:
        raise ValueError(f"tinytf supports data_format {allowed[0]} only, got {data_format!r}")


def conv3d(
    input,
    filter=None,
    strides=None,
    padding=None,
    data_format="NDHWC",
    dilations=(1, 1, 1, 1, 1),
    name=None,
    filters=None,
):
    """3-D convolution of NDHWC `input` with a DHWIO `filter`."""
    _channels_last(data_format, ("NDHWC",))
    filter = filters if filter is None else filter
    return Conv3D.apply(
        input,
        filter,
        name=name,
        strides=tuple(strides),
        padding=padding,
        dilations=tuple(dilations),
    )


def conv3d_backprop_filter_v2(
    input,
    filter_sizes,
    out_backprop,
    strides,
    padding,
    data_format="NDHWC",
    dilations=(1, 1, 1, 1, 1),
    name=None,
):
    """The gradient of conv3d with respect to its filter."""
    _channels_last(data_format, ("NDHWC",))
    return Conv3DBackpropFilterV2.apply(
        input,
        filter_sizes,
        out_backprop,
        name=name,
        strides=tuple(strides),
        padding=padding,
        dilations=tuple(dilations),
    )


conv3d_backprop_filter = conv3d_backprop_filter_v2


def conv3d_transpose(
    value,
    filter=None,
    output_shape=None,
    strides=None,
    padding="SAME",
    data_format="NDHWC",
    name=None,
    input=None,
    filters=None,
    dilations=None,
):
    """The transpose (adjoint) of conv3d: `value` [N, D, H, W, in] to `output_shape`."""
    _channels_last(data_format, ("NDHWC",))
    value = input if value is None else value
    filter = filters if filter is None else filter
    with name_scope(name, "conv3d_transpose", [value, filter, output_shape]) as scope:
        value, filter = convert_to_tensor(value, name="value"), convert_to_tensor(filter)
        if value.shape.ndims == 5 and filter.shape.ndims == 5:
            shape_util.merge_dim(value.shape[4].value, filter.shape[4].value)
        return Conv3DBackpropInputV2.apply(
            output_shape,
            filter,
            value,
            name=scope,
            strides=_n(strides, 3, "strides"),
            padding=padding,
            dilations=_n(dilations or 1, 3, "dilations"),
        )


def conv1d(
    value=None,
    filters=None,
    stride=None,
    padding=None,
    use_cudnn_on_gpu=None,
    data_format=None,
    name=None,
    input=None,
    dilations=None,
):
    """1-D convolution of NWC `value` with a [w, in, out] filter, as conv2d of height 1."""
    _channels_last(data_format, ("NWC",))
    value = input if value is None else value
    with name_scope(name, "conv1d", [value, filters]) as scope:
        value = array_ops.expand_dims(value, 1)
        filters = array_ops.expand_dims(filters, 0)
        out = conv_ops.conv2d(
            value,
            filters,
            strides=(1, 1) + _n(stride, 1, "stride")[1:2] + (1,),
            padding=padding,
            dilations=(1, 1) + _n(dilations or 1, 1, "dilations")[1:2] + (1,),
        )
        return array_ops.squeeze(out, [1], name=scope)


def conv1d_transpose(
    input,
    filters,
    output_shape,
    strides,
    padding="SAME",
    data_format="NWC",
    dilations=None,
    name=None,
):
    """The transpose (adjoint) of conv1d: `input` [N, W, in] to `output_shape`."""
    _channels_last(data_format, ("NWC",))
    with name_scope(name, "conv1d_transpose", [input, filters, output_shape]) as scope:
        output_shape = convert_to_tensor(output_shape, name="output_shape")
        shape4 = array_ops.concat([output_shape[:1], [1], output_shape[1:]], 0)
        out = conv_ops.conv2d_transpose(
            array_ops.expand_dims(input, 1),
            array_ops.expand_dims(filters, 0),
            shape4,
            strides=(1, 1) + _n(strides, 1, "strides")[1:2] + (1,),
            padding=padding,
            dilations=(1, 1) + _n(dilations or 1, 1, "dilations")[1:2] + (1,),
        )
        return array_ops.squeeze(out, [1], name=scope)


# -- pooling wrappers: 1-D through 2-D ops, N-D by rank ------------------------------------------
_POOL_FORMATS = {1: ("NWC",), 2: ("NHWC",), 3: ("NDHWC",)}


def _pool3d(opdef, input, ksize, strides, padding, name):
    return opdef.apply(
        input,
        name=name,
        ksize=_n(ksize, 3, "ksize"),
        strides=_n(strides, 3, "strides"),
        padding=padding,
    )


def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    """The maximum over each window of an NDHWC tensor."""
    _channels_last(data_format, ("NDHWC",))
    return _pool3d(MaxPool3D, input, ksize, strides, padding, name)


def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    """The mean over each window of an NDHWC tensor (padding not counted)."""
    _channels_last(data_format, ("NDHWC",))
    return _pool3d(AvgPool3D, input, ksize, strides, padding, name)


def _pool1d(pool2d, scope_name, input, ksize, strides, padding, data_format, name):
    _channels_last(data_format, ("NWC",))
    with name_scope(name, scope_name, [input]) as scope:
        ksize = (1, 1) + _n(ksize, 1, "ksize")[1:2] + (1,)
        strides = (1, 1) + _n(strides, 1, "strides")[1:2] + (1,)
        out = pool2d(array_ops.expand_dims(input, 1), ksize, strides, padding)
        return array_ops.squeeze(out, [1], name=scope)


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    """The maximum over each window of an NWC tensor."""
    return _pool1d(
        conv_ops.max_pool, "MaxPool1d", input, ksize, strides, padding, data_format, name
    )


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    """The mean over each window of an NWC tensor (padding not counted)."""
    return _pool1d(
        conv_ops.avg_pool, "AvgPool1D", input, ksize, strides, padding, data_format, name
    )


def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    """The maximum over each window of an NHWC tensor."""
    return conv_ops.max_pool(input, ksize, strides, padding, data_format, name)


def _spatial_rank(input, data_format):
    input = convert_to_tensor(input, name="input")
    if input.shape.ndims is None:
        n = len(data_format) - 2 if data_format else None
        if n is None:
            raise ValueError("The input must have a rank or a data format must be given.")
        return input, n
    n = input.shape.ndims - 2
    if n not in (1, 2, 3):
        raise ValueError(f"Input tensor must be of rank 3, 4 or 5 but was {n + 2}.")
    return input, n


def max_pool_v2(input, ksize, strides, padding, data_format=None, name=None):
    """max_pool1d, max_pool2d or max_pool3d by the rank of `input`."""
    input, n = _spatial_rank(input, data_format)
    fn = {1: max_pool1d, 2: max_pool2d, 3: max_pool3d}[n]
    return fn(input, ksize, strides, padding, data_format or _POOL_FORMATS[n][0], name)


def avg_pool_v2(input, ksize, strides, padding, data_format=None, name=None):
    """avg_pool1d, avg_pool (2-D) or avg_pool3d by the rank of `input`."""
    input, n = _spatial_rank(input, data_format)
    fn = {1: avg_pool1d, 2: conv_ops.avg_pool, 3: avg_pool3d}[n]
    return fn(input, ksize, strides, padding, data_format or _POOL_FORMATS[n][0], name)


def pool(
    input,
    window_shape,
    pooling_type,
    padding,
    dilation_rate=None,
    strides=None,
    name=None,
    data_format=None,
    dilations=None,
):
    """N-D pooling ('AVG' or 'MAX') of a channels-last input with window_shape and strides."""
    dilation_rate = dilations if dilation_rate is None else dilation_rate
    if pooling_type not in ("AVG", "MAX"):
        raise ValueError(f"Invalid pooling_type: {pooling_type}")
    n = len(window_shape)
    if n not in (1, 2, 3):
        raise ValueError(f"pool supports 1 to 3 spatial dimensions, got {n}")
    rate = [1] * n if dilation_rate is None else [int(r) for r in dilation_rate]
    strides = [1] * n if strides is None else list(strides)
    if len(strides) != n or len(rate) != n:
        raise ValueError("len(strides) and len(dilation_rate) must equal len(window_shape)")
    if any(r != 1 for r in rate) and any(s != 1 for s in strides):
        raise ValueError(
            "strides > window_shape not supported due to inconsistency between "
            "CPU and GPU implementations"
        )
    if padding == "SAME" and any(r != 1 for r in rate):
        raise ValueError("pooling with SAME padding is not implemented for dilation_rate > 1")
    kind = "max" if pooling_type == "MAX" else "avg"
    fn = max_pool_v2 if kind == "max" else avg_pool_v2
    with name_scope(name, f"{kind}_pool", [input]):
        return with_space_to_batch(
            input,
            rate,
            padding,
            lambda x, _, pad: fn(x, list(window_shape), strides, pad, data_format),
            filter_shape=window_shape,
            data_format=data_format,
        )


def convolution(
    input,
    filter=None,
    padding=None,
    strides=None,
    dilation_rate=None,
    name=None,
    data_format=None,
    filters=None,
    dilations=None,
):
    """N-D convolution (1 to 3 spatial dims, channels last) with strides and dilations."""
    filter = filters if filter is None else filter
    dilation_rate = dilations if dilation_rate is None else dilation_rate
    with name_scope(name, "convolution", [input, filter]) as scope:
        input, n = _spatial_rank(input, data_format)
        strides = _n(strides or 1, n, "strides")
        rate = _n(dilation_rate or 1, n, "dilation_rate")[1:-1]
        if all(r == 1 for r in rate):
            return _plain_conv(input, filter, n, strides, padding, data_format, scope)
        if any(s != 1 for s in strides):
            raise ValueError("strides > 1 not supported in conjunction with dilation_rate > 1")
        filter = convert_to_tensor(filter, name="filter")
        return with_space_to_batch(
            input,
            list(rate),
            padding,
            lambda x, _, pad: _plain_conv(x, filter, n, strides, pad, data_format, None),
            filter_shape=static_spatial_shape(filter, n),
            data_format=data_format,
        )


def _plain_conv(input, filter, n, strides, padding, data_format, name):
    if n == 1:
        return conv1d(input, filter, strides[1:2], padding, data_format=data_format, name=name)
    if n == 2:
        _channels_last(data_format, ("NHWC",))
        return conv_ops.conv2d(input, filter, strides, padding, name=name)
    return conv3d(input, filter, strides, padding, name=name)


def static_spatial_shape(filter, n):
    """The filter's first n (spatial) dims, which a dilated convolution's padding needs."""
    dims = filter.shape.as_list()[:n] if filter.shape.ndims is not None else [None]
    if None in dims:
        raise ValueError("The filter's spatial shape must be known for a dilated convolution")
    return dims


def _base_paddings(filter_shape, n, rate):
    """SAME's padding of a filter dilated by `rate`: the extra (k - 1) * rate, more at the end."""
    extra = [(int(k) - 1) * int(r) for k, r in zip(list(filter_shape)[:n], rate)]
    return [[e // 2, e - e // 2] for e in extra]


def with_space_to_batch(
    input,
    dilation_rate,
    padding,
    op,
    filter_shape=None,
    spatial_dims=None,
    data_format=None,
):
    """op(input, num_spatial_dims, padding) made atrous: the input's spatial dims moved into
    the batch by blocks of dilation_rate, op applied with VALID padding, and moved back."""
    input = convert_to_tensor(input, name="input")
    rate = [
        int(r)
        for r in (
            dilation_rate
            if isinstance(dilation_rate, (list, tuple))
            else np.asarray(dilation_rate).tolist()
        )
    ]
    n = len(rate)
    if spatial_dims is not None and list(spatial_dims) != list(range(1, n + 1)):
        raise ValueError("tinytf: with_space_to_batch supports spatial_dims 1 .. N only")
    _channels_last(data_format, ("NWC", "NHWC", "NDHWC", None))
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"Invalid padding method {padding!r}")
    if all(r == 1 for r in rate):
        return op(input, n, padding)
    if padding == "SAME":
        if filter_shape is None:
            raise ValueError("filter_shape must be specified for SAME padding")
        base = _base_paddings(filter_shape, n, rate)
    else:
        base = [[0, 0]] * n
    spatial = array_ops.shape(input)[1 : n + 1]
    paddings, crops = layout_ops.required_space_to_batch_paddings(spatial, rate, base)
    converted = layout_ops.space_to_batch_nd(input, rate, paddings)
    return layout_ops.batch_to_space_nd(op(converted, n, "VALID"), rate, crops)


def conv_transpose(
    input,
    filters,
    output_shape,
    strides,
    padding="SAME",
    data_format=None,
    dilations=None,
    name=None,
):
    """conv1d_transpose, conv2d_transpose or conv3d_transpose by the length of output_shape."""
    with name_scope(name, "conv_transpose", [input, filters, output_shape]) as scope:
        if hasattr(output_shape, "shape") and hasattr(output_shape, "op"):
            n = output_shape.shape[0].value - 2
        elif hasattr(output_shape, "__len__"):
            n = len(output_shape) - 2
        else:
            raise ValueError("output_shape must be a tensor or sized collection.")
        if not 1 <= n <= 3:
            raise ValueError(f"output_shape must be of length 3, 4 or 5 but was {n + 2}.")
        kwargs = {"padding": padding, "dilations": dilations, "name": scope}
        if n == 1:
            return conv1d_transpose(
                input, filters, output_shape, strides, data_format=data_format or "NWC", **kwargs
            )
        if n == 2:
            return conv_ops.conv2d_transpose(
                input, filters, output_shape, strides, data_format=data_format or "NHWC", **kwargs
            )
        return conv3d_transpose(
            input, filters, output_shape, strides, data_format=data_format or "NDHWC", **kwargs
        )

"""2-D convolution and pooling (NHWC, filters HWIO), with TF's SAME/VALID padding and their
gradient ops. Kernels gather patches with strided slices (one GEMM per convolution) and scatter
gradients back with one shifted add per filter position."""

import builtins

from tinytf.framework import dtypes as D
from tinytf.framework.errors import ShapeError
from tinytf.framework.op_def import OpDef, TensorSpec, convert_to_tensor, name_scope, register_op
from tinytf.ops import array_ops, shape_util

FLOATS = D.FLOATS


def _out_and_pad(size, k, stride, dilation, padding):
    """(output size, padding before, padding after) along one spatial dimension, as TF."""
    span = (k - 1) * dilation + 1
    if padding == "VALID":
        return -(-(size - span + 1) // stride), 0, 0
    out = -(-size // stride)
    total = builtins.max((out - 1) * stride + span - size, 0)
    return out, total // 2, total - total // 2


def _out_dim(size, k, stride, dilation, padding):
    if size is None or k is None:
        return None
    out = _out_and_pad(size, k, stride, dilation, padding)[0]
    if out <= 0:
        raise ShapeError(
            f"Computed output size would be negative: {out} [input_size: {size}, "
            f"effective_filter_size: {(k - 1) * dilation + 1}, stride: {stride}]"
        )
    return out


def _check_nhwc(strides, dilations, padding):
    if padding not in ("SAME", "VALID"):
        raise ValueError(f"padding must be SAME or VALID, got {padding!r}")
    if strides[0] != 1 or strides[3] != 1 or dilations[0] != 1 or dilations[3] != 1:
        raise ShapeError("Strides and dilations in the batch and depth dimensions must be 1")


def _geometry(shape, kh, kw, strides, dilations, padding):
    """Output sizes and paddings of both spatial dims: ((oh, top, bottom), (ow, left, right))."""
    return (
        _out_and_pad(shape[1], kh, strides[1], dilations[1], padding),
        _out_and_pad(shape[2], kw, strides[2], dilations[2], padding),
    )


def _padded(xp, x, geo, value=0):
    (_, top, bottom), (_, left, right) = geo
    if not (top or bottom or left or right):
        return x
    return xp.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=value)


def _windows(x_pad, kh, kw, geo, strides, dilations):
    """The (i, j) window slices of a padded NHWC array, each [N, OH, OW, C]."""
    (oh, _, _), (ow, _, _) = geo
    sh, sw, dh, dw = strides[1], strides[2], dilations[1], dilations[2]
    for i in builtins.range(kh):
        for j in builtins.range(kw):
            yield (
                builtins.slice(None),
                builtins.slice(i * dh, i * dh + (oh - 1) * sh + 1, sh),
                builtins.slice(j * dw, j * dw + (ow - 1) * sw + 1, sw),
                builtins.slice(None),
            )


def _patches(xp, x, kh, kw, geo, strides, dilations):
    """[N, OH, OW, kh * kw * C]: each output position's input window, (i, j, c) order."""
    x_pad = _padded(xp, x, geo)
    sliding = getattr(
        getattr(getattr(xp, "lib", None), "stride_tricks", None), "sliding_window_view", None
    )
    if sliding is None or x.shape[3] < 8 or dilations[1] != 1 or dilations[2] != 1:
        wins = _windows(x_pad, kh, kw, geo, strides, dilations)
        return xp.concat([x_pad[w] for w in wins], -1)
    # One strided copy of a windowed view: ~3x faster than concatenating kh * kw slices when
    # the channels make each window row long (measured for the lecture's conv2).
    (oh, _, _), (ow, _, _) = geo
    view = sliding(x_pad, (kh, kw), axis=(1, 2))  # [N, H', W', C, kh, kw], no copy
    view = view[
        :, : (oh - 1) * strides[1] + 1 : strides[1], : (ow - 1) * strides[2] + 1 : strides[2]
    ]
    view = xp.permute_dims(view, (0, 1, 2, 4, 5, 3))
    return xp.reshape(view, (x.shape[0], oh, ow, kh * kw * x.shape[3]))


def _scatter_blocks(xp, blocks, shape, kh, kw, geo, strides, dilations):
    """The adjoint of _patches: adds blocks[k] (one per window position) back where window k
    was read."""
    (_, top, bottom), (_, left, right) = geo
    n, h, w, c = shape
    out = xp.zeros((n, h + top + bottom, w + left + right, c), dtype=blocks.dtype)
    for k, win in enumerate(_windows(out, kh, kw, geo, strides, dilations)):
        out[win] += blocks[k]
    return out[:, top : top + h, left : left + w, :]


class ConvBase(OpDef):
    attrs = {
        "strides": None,
        "padding": None,
        "data_format": "NHWC",
        "dilations": (1, 1, 1, 1),
        "use_cudnn_on_gpu": True,
    }
    allowed = FLOATS


@register_op
class Conv2D(ConvBase):
    """2-D convolution (cross-correlation, as TF) of NHWC input with an HWIO filter."""

    inputs = ("input", "filter")

    def infer(x, f, *, strides, padding, dilations, **_):
        _check_nhwc(strides, dilations, padding)
        xs = shape_util.with_rank(x.shape, 4).as_list()
        fs = shape_util.with_rank(f.shape, 4).as_list()
        shape_util.merge_dim(xs[3], fs[2])
        return TensorSpec(
            [
                xs[0],
                _out_dim(xs[1], fs[0], strides[1], dilations[1], padding),
                _out_dim(xs[2], fs[1], strides[2], dilations[2], padding),
                fs[3],
            ],
            x.dtype,
        )

    def kernel(xp, x, f, *, strides, padding, dilations, **_):
        kh, kw, c, o = f.shape
        geo = _geometry(x.shape, kh, kw, strides, dilations, padding)
        cols = _patches(xp, x, kh, kw, geo, strides, dilations)
        out = xp.reshape(cols, (-1, kh * kw * c)) @ xp.reshape(f, (-1, o))
        return xp.reshape(out, cols.shape[:3] + (o,))

    def grad(op, dy):
        x, f = op.inputs
        attrs = _grad_attrs(op)
        return (
            Conv2DBackpropInput.apply(array_ops.shape(x), f, dy, **attrs),
            Conv2DBackpropFilter.apply(x, array_ops.shape(f), dy, **attrs),
        )


@register_op
class Conv2DBackpropInput(ConvBase):
    """The gradient of Conv2D with respect to its input."""

    inputs = ("input_sizes", "filter", "out_backprop")
    type_inputs = ("filter", "out_backprop")

    def infer(sizes, f, dy, **_):
        return TensorSpec(shape_util.constant_value_as_shape(sizes), f.dtype)

    def kernel(xp, sizes, f, dy, *, strides, padding, dilations, **_):
        kh, kw, c, o = f.shape
        shape = tuple(int(s) for s in sizes.tolist())
        geo = _geometry(shape, kh, kw, strides, dilations, padding)
        # One batched GEMM gives each filter position's contribution as a contiguous block,
        # which adds into its shifted window faster than strided column slices would.
        per_position = xp.matmul(
            xp.reshape(dy, (-1, o)), xp.permute_dims(xp.reshape(f, (kh * kw, c, o)), (0, 2, 1))
        )
        blocks = xp.reshape(per_position, (kh * kw,) + dy.shape[:3] + (c,))
        return _scatter_blocks(xp, blocks, shape, kh, kw, geo, strides, dilations)

    def grad(op, d_input):  # conv2d_transpose is this op: it trains through these
        sizes, f, dy = op.inputs
        attrs = _grad_attrs(op)
        return (
            None,
            Conv2DBackpropFilter.apply(d_input, array_ops.shape(f), dy, **attrs),
            Conv2D.apply(d_input, f, **attrs),
        )


@register_op
class Conv2DBackpropFilter(ConvBase):
    """The gradient of Conv2D with respect to its filter."""

    inputs = ("input", "filter_sizes", "out_backprop")
    type_inputs = ("input", "out_backprop")

    def infer(x, sizes, dy, **_):
        return TensorSpec(shape_util.constant_value_as_shape(sizes), x.dtype)

    def kernel(xp, x, sizes, dy, *, strides, padding, dilations, **_):
        kh, kw, c, o = (int(s) for s in sizes.tolist())
        geo = _geometry(x.shape, kh, kw, strides, dilations, padding)
        cols = xp.reshape(_patches(xp, x, kh, kw, geo, strides, dilations), (-1, kh * kw * c))
        return xp.reshape(cols.T @ xp.reshape(dy, (-1, o)), (kh, kw, c, o))

    def grad(op, d_filter):
        x, sizes, dy = op.inputs
        attrs = _grad_attrs(op)
        return (
            Conv2DBackpropInput.apply(array_ops.shape(x), d_filter, dy, **attrs),
            None,
            Conv2D.apply(x, d_filter, **attrs),
        )


def _grad_attrs(op):
    return {k: op.get_attr(k) for k in ("strides", "padding", "dilations")}


# -- pooling -----------------------------------------------------------------------------------
class PoolBase(OpDef):
    inputs = ("input",)
    attrs = {"ksize": None, "strides": None, "padding": None, "data_format": "NHWC"}
    allowed = FLOATS

    @classmethod
    def infer(cls, x, *, ksize, strides, padding, data_format):
        _check_nhwc(strides, (1, 1, 1, 1), padding)
        if ksize[0] != 1 or ksize[3] != 1:
            raise ShapeError("Pooling is not yet supported on the batch nor depth dimensions.")
        xs = shape_util.with_rank(x.shape, 4).as_list()
        return TensorSpec(
            [
                xs[0],
                _out_dim(xs[1], ksize[1], strides[1], 1, padding),
                _out_dim(xs[2], ksize[2], strides[2], 1, padding),
                xs[3],
            ],
            x.dtype,
        )


def _pool_windows(xp, x, ksize, strides, padding, fill):
    geo = _geometry(x.shape, ksize[1], ksize[2], strides, (1, 1, 1, 1), padding)
    x_pad = _padded(xp, x, geo, fill)
    wins = list(_windows(x_pad, ksize[1], ksize[2], geo, strides, (1, 1, 1, 1)))
    return geo, [x_pad[w] for w in wins]


def _tiles(shape, ksize, strides, padding):
    """Whether the windows tile the input exactly (the common 2x2/2 pooling): then a reshape
    exposes them, with no copies."""
    return tuple(ksize) == tuple(strides) and shape[1] % ksize[1] == 0 and shape[2] % ksize[2] == 0


def _tile_view(xp, x, ksize):
    n, h, w, c = x.shape
    return xp.reshape(x, (n, h // ksize[1], ksize[1], w // ksize[2], ksize[2], c))


def _max_pool_grad_tiled(xp, x, y, dy, ksize):
    """Each tile's gradient goes to its first maximum (row-major), as TF's MaxPoolGrad."""
    x6 = _tile_view(xp, x, ksize)
    out = xp.empty(x6.shape, dtype=dy.dtype)
    taken = xp.zeros(y.shape, dtype=bool)
    for p in builtins.range(ksize[1]):
        for q in builtins.range(ksize[2]):
            hit = (x6[:, :, p, :, q, :] == y) & ~taken
            taken |= hit
            out[:, :, p, :, q, :] = dy * hit
    return xp.reshape(out, x.shape)


@register_op
class MaxPool(PoolBase):
    """The maximum over each ksize window."""

    def kernel(xp, x, *, ksize, strides, padding, data_format):
        if _tiles(x.shape, ksize, strides, padding):
            # pairwise maxima over each window axis: ~4x faster than xp.max over two axes
            x6 = _tile_view(xp, x, ksize)
            rows = x6[:, :, 0]
            for p in builtins.range(1, ksize[1]):
                rows = xp.maximum(rows, x6[:, :, p])
            out = rows[:, :, :, 0]
            for q in builtins.range(1, ksize[2]):
                out = xp.maximum(out, rows[:, :, :, q])
            return out if ksize[1] * ksize[2] > 1 else xp.asarray(out, copy=True)  # no view of x
        _, parts = _pool_windows(xp, x, ksize, strides, padding, -xp.inf)
        out = parts[0]
        for p in parts[1:]:
            out = xp.maximum(out, p)
        return out

    def grad(op, dy):
        attrs = {k: op.get_attr(k) for k in ("ksize", "strides", "padding")}
        return MaxPoolGrad.apply(op.inputs[0], op.outputs[0], dy, **attrs)


@register_op
class MaxPoolGrad(OpDef):
    """The gradient of MaxPool: each window's gradient goes to its (first) maximum."""

    inputs = ("orig_input", "orig_output", "grad")
    attrs = {"ksize": None, "strides": None, "padding": None, "data_format": "NHWC"}
    allowed = FLOATS

    def infer(x, y, dy, **_):
        return TensorSpec(x.shape, x.dtype)

    def kernel(xp, x, y, dy, *, ksize, strides, padding, data_format):
        if _tiles(x.shape, ksize, strides, padding):
            return _max_pool_grad_tiled(xp, x, y, dy, ksize)
        geo, parts = _pool_windows(xp, x, ksize, strides, padding, -xp.inf)
        taken = xp.zeros(y.shape, dtype=bool)
        blocks = []
        for p in parts:
            hit = (p == y) & ~taken
            taken |= hit
            blocks.append(dy * hit)
        return _scatter_blocks(
            xp, xp.stack(blocks), x.shape, ksize[1], ksize[2], geo, strides, (1, 1, 1, 1)
        )


def _window_counts(xp, shape, ksize, strides, padding, dtype):
    """How many real (unpadded) inputs each output window covers; TF averages over those."""
    ones = xp.ones((1,) + tuple(shape[1:3]) + (1,), dtype=dtype)
    _, parts = _pool_windows(xp, ones, ksize, strides, padding, 0)
    total = parts[0]
    for p in parts[1:]:
        total = total + p
    return total


@register_op
class AvgPool(PoolBase):
    """The mean over each ksize window (padding excluded from the count, as TF)."""

    def kernel(xp, x, *, ksize, strides, padding, data_format):
        _, parts = _pool_windows(xp, x, ksize, strides, padding, 0)
        total = parts[0]
        for p in parts[1:]:
            total = total + p
        return total / _window_counts(xp, x.shape, ksize, strides, padding, x.dtype)

    def grad(op, dy):
        attrs = {k: op.get_attr(k) for k in ("ksize", "strides", "padding")}
        return AvgPoolGrad.apply(array_ops.shape(op.inputs[0]), dy, **attrs)


@register_op
class AvgPoolGrad(OpDef):
    """The gradient of AvgPool: each window's gradient spread evenly over its inputs."""

    inputs = ("orig_input_shape", "grad")
    type_inputs = ("grad",)
    attrs = {"ksize": None, "strides": None, "padding": None, "data_format": "NHWC"}

    def infer(shape, dy, **_):
        return TensorSpec(shape_util.constant_value_as_shape(shape), dy.dtype)

    def kernel(xp, shape, dy, *, ksize, strides, padding, data_format):
        shape = tuple(int(s) for s in shape.tolist())
        geo = _geometry(shape, ksize[1], ksize[2], strides, (1, 1, 1, 1), padding)
        share = dy / _window_counts(xp, shape, ksize, strides, padding, dy.dtype)
        blocks = xp.stack([share] * (ksize[1] * ksize[2]))
        return _scatter_blocks(xp, blocks, shape, ksize[1], ksize[2], geo, strides, (1, 1, 1, 1))


def _four(values, name):
    values = list(values) if isinstance(values, (list, tuple)) else [values]
    if len(values) == 1:
        return (1, values[0], values[0], 1)
    if len(values) == 2:
        return (1, values[0], values[1], 1)
    if len(values) != 4:
        raise ValueError(f"{name} must have 1, 2 or 4 elements, got {values}")
    return tuple(int(v) for v in values)


def _nhwc_only(data_format):
    if data_format not in ("NHWC", None):
        raise ValueError(f"tinytf supports data_format NHWC only, got {data_format!r}")


def _conv_attrs(strides, padding, dilations):
    return {
        "strides": _four(strides, "strides"),
        "padding": padding,
        "dilations": _four(dilations, "dilations"),
    }


def conv2d(
    input,
    filter=None,
    strides=None,
    padding=None,
    use_cudnn_on_gpu=True,
    data_format="NHWC",
    dilations=(1, 1, 1, 1),
    name=None,
    filters=None,
):
    """2-D convolution of NHWC `input` with an HWIO `filter`; padding 'SAME' or 'VALID'.

    >>> h = tf.nn.conv2d(x_image, W, strides=[1, 1, 1, 1], padding='SAME')
    """
    _nhwc_only(data_format)
    filter = filters if filter is None else filter
    return Conv2D.apply(input, filter, name=name, **_conv_attrs(strides, padding, dilations))


def conv2d_backprop_input(
    input_sizes,
    filter=None,
    out_backprop=None,
    strides=None,
    padding=None,
    use_cudnn_on_gpu=True,
    data_format="NHWC",
    dilations=(1, 1, 1, 1),
    name=None,
    filters=None,
):
    """The gradient of conv2d with respect to its input."""
    filter = filters if filter is None else filter
    _nhwc_only(data_format)
    return Conv2DBackpropInput.apply(
        input_sizes, filter, out_backprop, name=name, **_conv_attrs(strides, padding, dilations)
    )


def conv2d_transpose(
    value=None,
    filter=None,
    output_shape=None,
    strides=None,
    padding="SAME",
    data_format="NHWC",
    name=None,
    input=None,
    filters=None,
    dilations=None,
):
    """The transpose (adjoint) of conv2d: `value` [N, H, W, in] to `output_shape` with an
    [h, w, out, in] filter (the gradient of conv2d with respect to its input)."""
    _nhwc_only(data_format)
    value = input if value is None else value
    filter = filters if filter is None else filter
    with name_scope(name, "conv2d_transpose", [value, filter, output_shape]) as scope:
        value, filter = convert_to_tensor(value, name="value"), convert_to_tensor(filter)
        if value.shape.ndims == 4 and filter.shape.ndims == 4:
            shape_util.merge_dim(value.shape[3].value, filter.shape[3].value)
        return Conv2DBackpropInput.apply(
            output_shape,
            filter,
            value,
            name=scope,
            **_conv_attrs(strides, padding, dilations or (1, 1, 1, 1)),
        )


def conv2d_backprop_filter(
    input,
    filter_sizes,
    out_backprop,
    strides,
    padding,
    use_cudnn_on_gpu=True,
    data_format="NHWC",
    dilations=(1, 1, 1, 1),
    name=None,
):
    """The gradient of conv2d with respect to its filter."""
    _nhwc_only(data_format)
    return Conv2DBackpropFilter.apply(
        input, filter_sizes, out_backprop, name=name, **_conv_attrs(strides, padding, dilations)
    )


def _pool(opdef, value, ksize, strides, padding, data_format, name):
    _nhwc_only(data_format)
    return opdef.apply(
        value,
        name=name,
        ksize=_four(ksize, "ksize"),
        strides=_four(strides, "strides"),
        padding=padding,
    )


def max_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):
    """The maximum over each window of an NHWC tensor.

    >>> tf.nn.max_pool(h, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
    """
    return _pool(
        MaxPool, input if value is None else value, ksize, strides, padding, data_format, name
    )


def avg_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):
    """The mean over each window of an NHWC tensor (padding not counted)."""
    return _pool(
        AvgPool, input if value is None else value, ksize, strides, padding, data_format, name
    )

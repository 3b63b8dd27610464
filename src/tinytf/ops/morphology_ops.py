"""Grayscale morphology (Dilation2D and its backprops; erosion2d composed from it, as TF) and
MaxPoolWithArgmax with its gradient. Windows are read with conv_ops.py's strided slices and
gradients scattered back with its adjoint; each window's gradient goes to its first maximum."""

import collections

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.ops import conv_ops, math_ops, shape_util
from tinytf.ops.conv_ops import _check_nhwc, _four, _geometry, _out_dim, _padded, _windows

REALS = D.REAL_NUMBERS - {D.uint32, D.uint64}


def _window_stack(xp, x, kh, kw, strides, rates, padding):
    """[kh * kw, N, OH, OW, C]: every window position's values (padding as the lowest value)."""
    geo = _geometry(x.shape, kh, kw, strides, rates, padding)
    low = -xp.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    x_pad = _padded(xp, x, geo, low)
    return xp.stack([x_pad[w] for w in _windows(x_pad, kh, kw, geo, strides, rates)]), geo


def _first_max_hits(xp, values):
    """One-hot (over axis 0) of the first maximum of each window."""
    k = xp.argmax(values, axis=0)
    return xp.arange(values.shape[0]).reshape((-1,) + (1,) * k.ndim) == k


class Dilation2DBase(OpDef):
    attrs = {"strides": None, "rates": None, "padding": None}
    allowed = REALS


def _dilation_spec(x, f, strides, rates, padding):
    _check_nhwc(strides, rates, padding)
    xs = shape_util.with_rank(x.shape, 4).as_list()
    fs = shape_util.with_rank(f.shape, 3).as_list()
    c = shape_util.merge_dim(xs[3], fs[2])
    return [
        xs[0],
        _out_dim(xs[1], fs[0], strides[1], rates[1], padding),
        _out_dim(xs[2], fs[1], strides[2], rates[2], padding),
        c,
    ]


def _dilation(xp, x, f, strides, rates, padding):
    kh, kw, _ = f.shape
    values, geo = _window_stack(xp, x, kh, kw, strides, rates, padding)
    return values + xp.reshape(f, (kh * kw, 1, 1, 1, -1)), geo


def _attrs(op):
    return {k: op.get_attr(k) for k in ("strides", "rates", "padding")}


@register_op
class Dilation2D(Dilation2DBase):
    """max over the window of input + filter (grayscale dilation), per channel."""

    inputs = ("input", "filter")

    def infer(x, f, *, strides, rates, padding):
        return TensorSpec(_dilation_spec(x, f, strides, rates, padding), x.dtype)

    def kernel(xp, x, f, *, strides, rates, padding):
        return xp.max(_dilation(xp, x, f, strides, rates, padding)[0], axis=0)

    def grad(op, dy):
        x, f = op.inputs
        return (
            Dilation2DBackpropInput.apply(x, f, dy, **_attrs(op)),
            Dilation2DBackpropFilter.apply(x, f, dy, **_attrs(op)),
        )


@register_op
class Dilation2DBackpropInput(Dilation2DBase):
    """The gradient of Dilation2D with respect to its input."""

    inputs = ("input", "filter", "out_backprop")

    def infer(x, f, dy, **_):
        return TensorSpec(shape_util.with_rank(x.shape, 4), x.dtype)

    def kernel(xp, x, f, dy, *, strides, rates, padding):
        kh, kw, _ = f.shape
        values, geo = _dilation(xp, x, f, strides, rates, padding)
        blocks = _first_max_hits(xp, values) * dy
        return conv_ops._scatter_blocks(xp, blocks, x.shape, kh, kw, geo, strides, rates)


@register_op
class Dilation2DBackpropFilter(Dilation2DBase):
    """The gradient of Dilation2D with respect to its filter."""

    inputs = ("input", "filter", "out_backprop")

    def infer(x, f, dy, **_):
        return TensorSpec(shape_util.with_rank(f.shape, 3), f.dtype)

    def kernel(xp, x, f, dy, *, strides, rates, padding):
        values, _ = _dilation(xp, x, f, strides, rates, padding)
        per_tap = xp.sum(_first_max_hits(xp, values) * dy, axis=(1, 2, 3))
        return xp.reshape(per_tap, f.shape).astype(f.dtype)


NotDifferentiable("Dilation2DBackpropInput")
NotDifferentiable("Dilation2DBackpropFilter")


def dilation2d(
    input,
    filter=None,
    strides=None,
    rates=None,
    padding=None,
    name=None,
    filters=None,
    dilations=None,
):
    """Grayscale dilation of NHWC `input` by a [h, w, C] structuring `filter`."""
    filter = filters if filter is None else filter
    rates = dilations if rates is None else rates
    return Dilation2D.apply(
        input,
        filter,
        name=name,
        strides=_four(strides, "strides"),
        rates=_four(rates, "rates"),
        padding=padding,
    )


def erosion2d(value, kernel, strides, rates, padding, name=None):
    """Grayscale erosion: -dilation2d(-value, kernel reversed in both spatial dimensions)."""
    with name_scope(name, "erosion2d", [value, kernel]) as scope:
        kernel = convert_to_tensor(kernel, name="kernel")
        flipped = kernel[::-1, ::-1]
        out = dilation2d(
            math_ops.negative(value), flipped, strides, rates, padding, name="dilation2d"
        )
        return math_ops.negative(out, name=scope)


# -- max pooling with argmax -------------------------------------------------------------------
def _flat_positions(xp, shape, geo, kh, kw, strides, include_batch):
    """[kh * kw, N, OH, OW, C] flat indices of the input element each window position reads."""
    n, h, w, c = shape
    (oh, top, _), (ow, left, _) = geo
    rows = []
    for i in range(kh):
        for j in range(kw):
            r = xp.arange(oh) * strides[1] + i - top
            s = xp.arange(ow) * strides[2] + j - left
            rows.append((r[:, None] * w + s[None, :])[None, :, :, None] * c)
    base = xp.stack(rows) + xp.arange(c)  # [K, 1, OH, OW, C]
    if include_batch:
        base = base + xp.arange(n)[:, None, None, None] * (h * w * c)
    return xp.broadcast_to(base, (kh * kw, n, oh, ow, c))


@register_op
class MaxPoolWithArgmax(OpDef):
    """MaxPool and the flat index of each maximum ((y * W + x) * C + c, plus the batch)."""

    inputs = ("input",)
    attrs = {
        "ksize": None,
        "strides": None,
        "Targmax": D.int64,
        "padding": None,
        "include_batch_in_index": False,
    }
    allowed = REALS
    list_output = True

    def infer(x, *, ksize, strides, Targmax, padding, include_batch_in_index):  # noqa: N803
        spec = conv_ops.MaxPool.infer(
            x, ksize=ksize, strides=strides, padding=padding, data_format="NHWC"
        )
        return [spec, TensorSpec(spec.shape, Targmax)]

    def kernel(xp, x, *, ksize, strides, Targmax, padding, include_batch_in_index):  # noqa: N803
        if Targmax != D.int64:  # as TF 1.15's CPU: no kernel for an int32 argmax
            raise InvalidArgumentError(
                None, None, "No OpKernel was registered to support Op 'MaxPoolWithArgmax' "
                f"with Targmax={Targmax.name}"
            )
        values, geo = _window_stack(xp, x, ksize[1], ksize[2], strides, (1, 1, 1, 1), padding)
        k = xp.argmax(values, axis=0)[None]
        pos = _flat_positions(xp, x.shape, geo, ksize[1], ksize[2], strides, include_batch_in_index)
        argmax = xp.take_along_axis(pos, k, axis=0)[0]
        return [xp.take_along_axis(values, k, axis=0)[0], argmax.astype(Targmax.as_numpy_dtype)]

    def grad(op, dy, _):
        attrs = {
            k: op.get_attr(k) for k in ("ksize", "strides", "padding", "include_batch_in_index")
        }
        return MaxPoolGradWithArgmax.apply(op.inputs[0], dy, op.outputs[1], **attrs)


@register_op
class MaxPoolGradWithArgmax(OpDef):
    """The gradient of MaxPoolWithArgmax: each gradient added at its argmax."""

    inputs = ("input", "grad", "argmax")
    type_inputs = ("input", "grad")
    attrs = {"ksize": None, "strides": None, "padding": None, "include_batch_in_index": False}
    allowed = REALS

    def infer(x, dy, argmax, **_):
        return TensorSpec(shape_util.with_rank(x.shape, 4), x.dtype)

    def kernel(xp, x, dy, argmax, *, ksize, strides, padding, include_batch_in_index):
        n = x.shape[0]
        per = x.size // n if n else 0
        idx = np.asarray(argmax).reshape(n, -1)
        if not include_batch_in_index:
            idx = idx + np.arange(n)[:, None] * per
        out = np.zeros(x.size, dtype=dy.dtype)
        np.add.at(out, idx.ravel(), np.asarray(dy).ravel())
        return xp.asarray(out.reshape(x.shape))


NotDifferentiable("MaxPoolGradWithArgmax")


_ArgmaxOut = collections.namedtuple("MaxPoolWithArgmax", "output argmax")


def max_pool_with_argmax(
    input,
    ksize,
    strides,
    padding,
    data_format="NHWC",
    Targmax=None,  # noqa: N803 - TF's name
    name=None,
    output_dtype=None,
    include_batch_in_index=False,
):
    """(max_pool(input), the flat index of each maximum) of an NHWC input."""
    conv_ops._nhwc_only(data_format)
    targmax = Targmax if Targmax is not None else (output_dtype or D.int64)
    return _ArgmaxOut(
        *MaxPoolWithArgmax.apply(
            input,
            name=name,
            ksize=_four(ksize, "ksize"),
            strides=_four(strides, "strides"),
            Targmax=D.as_dtype(targmax),
            padding=padding,
            include_batch_in_index=bool(include_batch_in_index),
        )
    )

"""The FFT ops of tf.spectral / tf.signal: FFT, IFFT (1-3d) on complex64/complex128, and RFFT,
IRFFT (1-3d) between float32 and complex64 with an `fft_length`, with their gradients."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import (
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import shape_util
from tinytf.ops.array_ops import concat, ones, pad, shape, stack, zeros
from tinytf.ops.indexing_ops import slice as slice_
from tinytf.ops.math_ops import cast, equal, maximum, real
from tinytf.ops.math_ops import range as range_
from tinytf.ops.reduction_ops import reduce_prod

_COMPLEX = {D.complex64, D.complex128}


def _axes(rank):
    return tuple(range(-rank, 0))


def _kernel_fft(xp, x, rank, inverse):
    if x.size == 0:
        return xp.zeros(x.shape, x.dtype)
    fn = xp.fft.ifftn if inverse else xp.fft.fftn
    return fn(x, axes=_axes(rank)).astype(x.dtype)


def _fft_size(t, rank, dtype):
    """The number of points of the last `rank` dimensions of `t`, as a `dtype` scalar."""
    return cast(reduce_prod(shape(t)[-rank:]), dtype)


class _FFTBase(OpDef):
    inputs = ("input",)
    allowed = _COMPLEX
    rank = 1
    inverse = False

    @classmethod
    def infer(cls, x):
        shape_util.with_rank_at_least(x.shape, cls.rank)
        return TensorSpec(x.shape, x.dtype)


def _complex_op(type_name, rank, inverse):
    def kernel(xp, x):
        return _kernel_fft(xp, x, rank, inverse)

    def grad(op, dy):
        # d(fft)^H = n * ifft and d(ifft)^H = fft / n
        other = _COMPLEX_OPS[(rank, not inverse)]
        size = _fft_size(dy, rank, dy.dtype)
        back = other.apply(dy)
        return back / size if inverse else back * size

    body = {
        "rank": rank,
        "inverse": inverse,
        "kernel": staticmethod(kernel),
        "grad": staticmethod(grad),
        "__doc__": f"{type_name} over the last {rank} axes.",
    }
    return register_op(type(type_name, (_FFTBase,), body))


_COMPLEX_OPS = {}
for _rank, _suffix in ((1, ""), (2, "2D"), (3, "3D")):
    for _inverse in (False, True):
        _type = ("IFFT" if _inverse else "FFT") + _suffix
        _COMPLEX_OPS[(_rank, _inverse)] = _complex_op(_type, _rank, _inverse)


def _fft_dims(fft_length, rank, halve):
    """The static sizes of the last `rank` output dimensions (None where unknown)."""
    value = shape_util.constant_value(fft_length)
    if value is None:
        return [None] * rank
    dims = [int(v) for v in np.reshape(value, [-1])]
    if halve and dims:
        dims[-1] = dims[-1] // 2 + 1
    return dims


class _RealFFTBase(OpDef):
    inputs = ("input", "fft_length")
    type_inputs = ()
    rank = 1
    inverse = False

    @classmethod
    def infer(cls, x, fft_length):
        want = D.complex64 if cls.inverse else D.float32
        if x.dtype.base_dtype != want:
            raise TypeError(
                f"Input 'input' of '{cls.type_name}' Op has type {x.dtype.base_dtype.name} "
                f"that does not match expected type of {want.name}."
            )
        shape_util.with_rank_at_least(x.shape, cls.rank)
        shape_util.with_rank(fft_length.shape, 1)
        n = fft_length.shape[0].value
        if n is not None and n != cls.rank:
            raise shape_util.ShapeError(f"Dimension must be {cls.rank} but is {n}")
        dims = shape_util.dims_of(x.shape)
        outer = None if dims is None else dims[: -cls.rank]
        last = _fft_dims(fft_length, cls.rank, halve=not cls.inverse)
        out_dtype = D.float32 if cls.inverse else D.complex64
        return TensorSpec(TensorShape(None if outer is None else outer + last), out_dtype)


def _real_kernel(rank, inverse):
    def kernel(xp, x, fft_length):
        s = [int(v) for v in fft_length]
        out_dtype = np.float32 if inverse else np.complex64
        if any(n == 0 for n in s) or x.size == 0:
            last = s[-1] if inverse else s[-1] // 2 + 1
            return xp.zeros(x.shape[:-rank] + tuple(s[:-1]) + (last,), out_dtype)
        fn = xp.fft.irfftn if inverse else xp.fft.rfftn
        return fn(x, s=s, axes=_axes(rank)).astype(out_dtype)

    return kernel


def _fit(z, like, rank):
    """`z` cropped or zero-padded in its last `rank` dimensions to the shape of `like` (the
    adjoint of the cropping and padding of the input to fft_length)."""
    want, have = shape(like), shape(z)
    grow = maximum(want - have, 0)
    keep = concat([zeros(shape(want) - rank, D.int32), ones([rank], D.int32)], 0)
    paddings = stack([zeros(shape(want), D.int32), grow * keep], axis=1)
    return slice_(pad(z, paddings), zeros(shape(want), D.int32), want)


def _rfft_grad(rank):
    def grad(op, dy):
        x, fft_length = op.inputs
        rank_dy = shape(shape(dy))
        grow = concat([zeros(rank_dy - 1, D.int32), [fft_length[-1] - shape(dy)[-1]]], 0)
        paddings = stack([zeros(rank_dy, D.int32), grow], axis=1)
        spread = pad(dy, paddings)  # the bins that RFFT drops get zero gradient
        back = _COMPLEX_OPS[(rank, True)].apply(spread) * _fft_size(spread, rank, D.complex64)
        return _fit(real(back), x, rank), None

    return grad


def _irfft_grad(rank):
    def grad(op, dy):
        x, fft_length = op.inputs
        n = fft_length[-1]
        bins = range_(n // 2 + 1)
        # the bins IRFFT mirrors (all but DC and, for even n, Nyquist) count twice
        mask = 2.0 - cast(equal(bins, 0), D.float32) - cast(equal(2 * bins, n), D.float32)
        scaled = cast(mask / _fft_size(dy, rank, D.float32), D.complex64)
        return _fit(_REAL_OPS[(rank, False)].apply(dy, fft_length) * scaled, x, rank), None

    return grad


def _real_op(type_name, rank, inverse):
    body = {
        "rank": rank,
        "inverse": inverse,
        "kernel": staticmethod(_real_kernel(rank, inverse)),
        "grad": staticmethod((_irfft_grad if inverse else _rfft_grad)(rank)),
        "__doc__": f"{type_name} over the last {rank} axes, `fft_length` points.",
    }
    return register_op(type(type_name, (_RealFFTBase,), body))


_REAL_OPS = {}
for _rank, _suffix in ((1, ""), (2, "2D"), (3, "3D")):
    for _inverse in (False, True):
        _type = ("IRFFT" if _inverse else "RFFT") + _suffix
        _REAL_OPS[(_rank, _inverse)] = _real_op(_type, _rank, _inverse)


def _complex_wrapper(rank, inverse):
    opdef = _COMPLEX_OPS[(rank, inverse)]

    def fn(input, name=None):  # noqa: A002 - TF's argument name
        return opdef.apply(convert_to_tensor(input, preferred_dtype=D.complex64), name=name)

    fn.__name__ = opdef.type_name.lower()
    fn.__doc__ = f"The {'inverse ' if inverse else ''}{rank}-D DFT of the last {rank} axes."
    return fn


fft, ifft = _complex_wrapper(1, False), _complex_wrapper(1, True)
fft2d, ifft2d = _complex_wrapper(2, False), _complex_wrapper(2, True)
fft3d, ifft3d = _complex_wrapper(3, False), _complex_wrapper(3, True)


def _default_fft_length(x, rank, inverse):
    """TF's fft_length when none is given: the input's last dims (IRFFT: 2 * (m - 1) last)."""
    dims = shape_util.dims_of(x.shape)
    tail = None if dims is None else dims[-rank:]
    if tail is not None and None not in tail:
        if inverse and tail:
            tail[-1] = max(0, 2 * (tail[-1] - 1))
        return convert_to_tensor(np.array(tail, np.int32))
    dynamic = shape(x)[-rank:]
    if not inverse:
        return dynamic
    from tinytf.ops.array_ops import unstack

    parts = unstack(dynamic, num=rank)
    parts[-1] = maximum(0, 2 * (parts[-1] - 1))
    return stack(parts)


def _maybe_pad(x, rank, fft_length, inverse):
    """The input zero-padded up to fft_length (IRFFT: n // 2 + 1 last) as TF's wrapper pads;
    the kernel crops what is longer."""
    dims = shape_util.dims_of(x.shape)
    if dims is not None and 0 in dims:
        return x
    want = _fft_dims(fft_length, rank, halve=inverse)
    n = len(want)  # as in TF, the static fft_length decides how many dims are padded
    if None not in want and dims is not None and None not in dims[-n:]:
        grow = [max(w - d, 0) for w, d in zip(want, dims[-n:])]
        if not any(grow):
            return x
        return pad(x, [[0, 0]] * max(len(dims) - n, 0) + [[0, g] for g in grow])
    if inverse:
        fft_length = concat([fft_length[:-1], fft_length[-1:] // 2 + 1], 0)
    grow = maximum(0, fft_length - shape(x)[-rank:])
    after = concat([zeros(maximum(0, shape(shape(x)) - rank), D.int32), grow], 0)
    return pad(x, stack([zeros(shape(after), D.int32), after], axis=1))


def _real_wrapper(rank, inverse, default_name):
    opdef = _REAL_OPS[(rank, inverse)]

    def fn(input_tensor, fft_length=None, name=None):
        with name_scope(name, default_name, [input_tensor, fft_length]) as scope:
            x = convert_to_tensor(input_tensor, D.complex64 if inverse else D.float32)
            x.shape.with_rank_at_least(rank)
            if fft_length is None:
                fft_length = _default_fft_length(x, rank, inverse)
            fft_length = convert_to_tensor(fft_length, D.int32)
            x = _maybe_pad(x, rank, fft_length, inverse)
            return opdef.apply(x, fft_length, name=scope)

    fn.__name__ = default_name
    fn.__doc__ = (
        f"The {rank}-D {'inverse ' if inverse else ''}DFT of a "
        f"{'Hermitian complex' if inverse else 'real'} signal over its last {rank} axes."
    )
    return fn


rfft, irfft = _real_wrapper(1, False, "rfft"), _real_wrapper(1, True, "irfft")
rfft2d, irfft2d = _real_wrapper(2, False, "rfft2d"), _real_wrapper(2, True, "irfft2d")
rfft3d, irfft3d = _real_wrapper(3, False, "rfft3d"), _real_wrapper(3, True, "irfft3d")


def _shifted(x, axes, name, default_name, sign):
    from tinytf.ops.layout_ops import roll

    with name_scope(name, default_name) as scope:
        x = convert_to_tensor(x)
        dims = x.shape
        if axes is None:
            axes = tuple(range(dims.ndims))
            shift = [sign * int(d.value // 2) for d in dims]
        elif isinstance(axes, int):
            shift = sign * int(dims[axes].value // 2)
        else:
            shift = [sign * int(dims[ax].value // 2) for ax in axes]
        return roll(x, shift, axes, scope)


def fftshift(x, axes=None, name=None):
    """`x` rolled so that the zero frequency is at the centre of `axes` (static shapes)."""
    return _shifted(x, axes, name, "fftshift", 1)


def ifftshift(x, axes=None, name=None):
    """The inverse of fftshift."""
    return _shifted(x, axes, name, "ifftshift", -1)

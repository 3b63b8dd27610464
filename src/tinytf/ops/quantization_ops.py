"""TF 1.15's quantization ops: fake quantization (FakeQuantWithMinMaxArgs/Vars/VarsPerChannel
and their gradient ops, which are those ops' registered gradients as in TF's array_grad.py),
QuantizeV2, Dequantize and QuantizedConcat on the quantized dtypes (qint8, quint8, qint32, ...;
their arrays are NumPy's one-field structured arrays, as TF's). Kernels follow TF 1.15's
(fake_quant_ops_functor.h, quantize_op.cc, dequantize_op.cc) in float32 arithmetic."""

import collections

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import NotDifferentiable, OpDef, TensorSpec, register_op
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import shape_util

_F32 = np.float32
_FLOAT = frozenset({D.float32})
_QUANTIZED = frozenset({D.qint8, D.quint8, D.qint16, D.quint16, D.qint32})
_QUANTIZED_BY_NUMPY = {
    np.dtype(np.int8): "DT_QINT8",
    np.dtype(np.int16): "DT_QINT16",
    np.dtype(np.uint16): "DT_QUINT16",
}
_QUANTIZED_NAMES = "qint8, quint8, qint32, qint16, quint16"  # TF's order in its messages


# -- fake quantization ---------------------------------------------------------------------------
def _check_bits(num_bits):
    if not 2 <= num_bits <= 16:
        raise InvalidArgumentError(None, None, "num_bits must be between 2 and 16, inclusive")


def _nudge(lo, hi, num_bits, narrow_range):
    """TF's Nudge: (nudged min, nudged max, scale) so that zero is exactly representable."""
    qmin, qmax = _F32(1 if narrow_range else 0), _F32((1 << num_bits) - 1)
    lo, hi = np.asarray(lo, _F32), np.asarray(hi, _F32)
    scale = ((hi - lo) / (qmax - qmin)).astype(_F32)
    with np.errstate(divide="ignore", invalid="ignore"):
        zero_from_min = (qmin - lo / scale).astype(_F32)
    # std::round (half away from zero) of a value that is >= qmin >= 0 here
    rounded = np.floor(np.clip(zero_from_min, qmin, qmax) + _F32(0.5))
    zero = np.where(zero_from_min < qmin, qmin, np.where(zero_from_min > qmax, qmax, rounded))
    zero = zero.astype(np.uint16).astype(_F32)
    return ((qmin - zero) * scale).astype(_F32), ((qmax - zero) * scale).astype(_F32), scale


def _fake_quant(x, lo, hi, num_bits, narrow_range):
    nudged_min, nudged_max, scale = _nudge(lo, hi, num_bits, narrow_range)
    inv = (_F32(1) / scale).astype(_F32)
    quant_zero = np.floor(-nudged_min * inv + _F32(0.5)).astype(_F32)
    clamped = np.minimum(np.maximum(x, nudged_min), nudged_max)
    shifted = (clamped - nudged_min).astype(_F32)
    out = (np.floor(shifted * inv - quant_zero + _F32(0.5)) * scale).astype(_F32)
    zero_range = (np.asarray(lo) == 0) & (np.asarray(hi) == 0)
    return np.where(zero_range, _F32(0), out).astype(_F32)


def _in_range(x, lo, hi, num_bits, narrow_range):
    nudged_min, nudged_max, _ = _nudge(lo, hi, num_bits, narrow_range)
    return nudged_min, nudged_max, (x >= nudged_min) & (x <= nudged_max)


def _check_args(lo, hi, num_bits):
    if not lo < hi:
        raise InvalidArgumentError(
            None, None, f"min has to be smaller than max, was: {_fmt(lo)} >= {_fmt(hi)}"
        )
    _check_bits(num_bits)


def _fmt(value):
    return f"{float(value):g}"


_ARGS_ATTRS = {"min": -6.0, "max": 6.0, "num_bits": 8, "narrow_range": False}
_VARS_ATTRS = {"num_bits": 8, "narrow_range": False}


@register_op
class FakeQuantWithMinMaxArgs(OpDef):
    """inputs quantized to num_bits over [min, max] (nudged so zero is exact), as floats."""

    inputs = ("inputs",)
    attrs = _ARGS_ATTRS
    allowed = _FLOAT

    def infer(inputs, **attrs):
        return TensorSpec(inputs.shape, D.float32)

    def kernel(xp, x, *, min, max, num_bits, narrow_range):
        _check_args(min, max, num_bits)
        return xp.asarray(_fake_quant(x, min, max, num_bits, narrow_range))

    def grad(op, dy):
        attrs = {k: op.get_attr(k) for k in _ARGS_ATTRS}
        return FakeQuantWithMinMaxArgsGradient.apply(dy, op.inputs[0], **attrs)


@register_op
class FakeQuantWithMinMaxArgsGradient(OpDef):
    """The gradient passed where the input lies within the nudged [min, max]."""

    inputs = ("gradients", "inputs")
    attrs = _ARGS_ATTRS
    allowed = _FLOAT

    def infer(gradients, inputs, **attrs):
        return TensorSpec(shape_util.merge_pair(gradients.shape, inputs.shape), D.float32)

    def kernel(xp, dy, x, *, min, max, num_bits, narrow_range):
        _check_args(min, max, num_bits)
        _check_same_shape(dy, x)
        inside = _in_range(x, min, max, num_bits, narrow_range)[2]
        return xp.asarray(np.where(inside, dy, _F32(0)).astype(_F32))


def _check_same_shape(dy, x):
    if np.shape(dy) != np.shape(x):
        raise InvalidArgumentError(None, None, "gradients and inputs must be the same size")


def _vars_rule(shape, lo, hi, per_channel):
    """The input's shape, checked against scalar (or per-channel vector) min and max."""
    if not per_channel:
        shape_util.with_rank(lo.shape, 0)
        shape_util.with_rank(hi.shape, 0)
        return shape
    shape = shape_util.with_rank_at_least(shape, 1)
    depth = shape_util.merge_dim(
        shape_util.with_rank(lo.shape, 1)[0].value, shape_util.with_rank(hi.shape, 1)[0].value
    )
    if shape.ndims is not None:
        shape_util.merge_dim(shape[-1].value, depth)
    return shape


def _grad_specs(gradients, inputs, lo, hi, per_channel):
    shape = _vars_rule(shape_util.merge_pair(gradients.shape, inputs.shape), lo, hi, per_channel)
    if per_channel:
        depth = shape_util.merge_dim(lo.shape[0].value, hi.shape[0].value)
        if shape.ndims is not None:
            depth = shape_util.merge_dim(depth, shape[-1].value)
        bound = TensorShape([depth])
    else:
        bound = TensorShape([])
    return [TensorSpec(shape, D.float32)] + [TensorSpec(bound, D.float32)] * 2


@register_op
class FakeQuantWithMinMaxVars(OpDef):
    """FakeQuantWithMinMaxArgs with min and max given as scalar tensors."""

    inputs = ("inputs", "min", "max")
    attrs = _VARS_ATTRS
    allowed = _FLOAT
    per_channel = False

    def infer(inputs, lo, hi, *, num_bits, narrow_range):
        return TensorSpec(_vars_rule(inputs.shape, lo, hi, False), D.float32)

    def kernel(xp, x, lo, hi, *, num_bits, narrow_range):
        _check_bits(num_bits)
        return xp.asarray(_fake_quant(x, lo, hi, num_bits, narrow_range))

    def grad(op, dy):
        attrs = {k: op.get_attr(k) for k in _VARS_ATTRS}
        grad_op = FakeQuantWithMinMaxVarsPerChannelGradient
        if not op._opdef.per_channel:
            grad_op = FakeQuantWithMinMaxVarsGradient
        return grad_op.apply(dy, *op.inputs, **attrs)


@register_op
class FakeQuantWithMinMaxVarsPerChannel(FakeQuantWithMinMaxVars):
    """FakeQuantWithMinMaxVars with a min and max per channel (the last dimension)."""

    per_channel = True

    def infer(inputs, lo, hi, *, num_bits, narrow_range):
        return TensorSpec(_vars_rule(inputs.shape, lo, hi, True), D.float32)


@register_op
class FakeQuantWithMinMaxVarsGradient(OpDef):
    """The gradients of FakeQuantWithMinMaxVars: to the input in range, to min and max
    summed over the inputs below and above it."""

    inputs = ("gradients", "inputs", "min", "max")
    attrs = _VARS_ATTRS
    allowed = _FLOAT
    per_channel = False

    def infer(gradients, inputs, lo, hi, *, num_bits, narrow_range):
        return _grad_specs(gradients, inputs, lo, hi, False)

    def kernel(xp, dy, x, lo, hi, *, num_bits, narrow_range):
        _check_bits(num_bits)
        _check_same_shape(dy, x)
        nudged_min, nudged_max, inside = _in_range(x, lo, hi, num_bits, narrow_range)
        zero = (np.asarray(lo) == 0) & (np.asarray(hi) == 0)  # TF passes every gradient
        inside = inside | zero
        axes = tuple(range(np.ndim(x) - np.ndim(lo)))
        below = np.sum(np.where((x < nudged_min) & ~zero, dy, _F32(0)), axis=axes, dtype=_F32)
        above = np.sum(np.where((x > nudged_max) & ~zero, dy, _F32(0)), axis=axes, dtype=_F32)
        return xp.asarray(np.where(inside, dy, _F32(0)).astype(_F32)), below, above


@register_op
class FakeQuantWithMinMaxVarsPerChannelGradient(FakeQuantWithMinMaxVarsGradient):
    """FakeQuantWithMinMaxVarsGradient per channel (the last dimension)."""

    per_channel = True

    def infer(gradients, inputs, lo, hi, *, num_bits, narrow_range):
        return _grad_specs(gradients, inputs, lo, hi, True)


# NOTE: TF 1.15 registers no gradient for the three gradient ops (tf.gradients: LookupError).


# -- quantize / dequantize -----------------------------------------------------------------------
def _limits(dtype):
    info = np.iinfo(_plain_dtype(dtype) if isinstance(dtype, D.DType) else dtype)
    return float(info.min), float(info.max)


def _plain_dtype(dtype):
    numpy_dtype = D.as_dtype(dtype).as_numpy_dtype
    return numpy_dtype[0] if numpy_dtype.names else numpy_dtype


def _plain(x):
    """A quantized array as its integers (TF's Session returns them so)."""
    x = np.asarray(x)
    return x.view(x.dtype[0]) if x.dtype.names else x


def check_enum_attr(op_type, attr, value, allowed):
    """TF's build-time ValueError for a string attr outside its allowed values."""
    if value not in allowed:
        names = ", ".join(f'"{a}"' for a in allowed)
        raise ValueError(
            f"Attr '{attr}' of '{op_type}' Op passed string '{value}' not in: {names}."
        )


_MODES = ("MIN_COMBINED", "MIN_FIRST", "SCALED")
_ROUND_MODES = ("HALF_AWAY_FROM_ZERO", "HALF_TO_EVEN")


def _check_round_mode(mode, round_mode):
    if round_mode == "HALF_TO_EVEN" and mode != "SCALED":
        raise InvalidArgumentError(
            None,
            None,
            f"Round mode 'HALF_TO_EVEN' only supported for mode 'SCALED', but mode is '{mode}'.",
        )


def _round_away(x):
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


def _min_first_steps(dtype):
    dtype = _plain_dtype(dtype) if isinstance(dtype, D.DType) else dtype
    steps = float(1 << (8 * np.dtype(dtype).itemsize))
    return steps, steps / (steps - 1.0)


def _quantize_min_first(x, lo, hi, dtype, arith=np.float32):
    """TF's FloatToQuantized: the minimum is rounded before it is subtracted. QuantizeV2's
    (Eigen) kernel computes in float32, the requantizing one in float64."""
    low, high = _limits(dtype)
    if lo == hi:
        return np.full(np.shape(x), low)
    steps, adjust = _min_first_steps(dtype)
    scale = arith(steps / ((float(hi) - float(lo)) * adjust))
    x = np.asarray(x, arith)
    shifted = _round_away(x * scale) - _round_away(arith(lo) * scale) + arith(low)
    return np.clip(shifted.astype(np.float64), low, high)


def _scaled_range(lo, hi, dtype):
    low, high = _limits(dtype)
    big = float(np.finfo(_F32).max)
    from_min = _F32(low / lo) if low * lo > 0 else _F32(big)
    from_max = _F32(high / hi) if high * hi > 0 else _F32(big)
    scale = min(from_min, from_max)
    return _F32(low / scale), _F32(high / scale), scale


def _quantize(x, lo, hi, dtype, mode, round_mode):
    """(integers, output min, output max) of TF 1.15's QuantizeV2 kernel."""
    low, high = _limits(dtype)
    if mode == "MIN_COMBINED":
        scale = _F32((high - low) / (hi - lo))
        shifted = ((np.clip(x, lo, hi) - lo) * scale).astype(_F32)
        if low < 0:
            return _round_away(shifted - _F32((high - low + 1) / 2)), lo, hi
        return np.floor(shifted + _F32(0.5)), lo, hi
    if mode == "MIN_FIRST":
        return _quantize_min_first(x, lo, hi, dtype), lo, hi
    lo, hi, scale = _scaled_range(lo, hi, dtype)
    scaled = (np.clip(x, lo, hi) * scale).astype(_F32)
    rounded = np.round(scaled) if round_mode == "HALF_TO_EVEN" else _round_away(scaled)
    return rounded, lo, hi


def _nudged_range(lo, hi):
    """TF's QuantizeV2 widens a range to include zero and to span at least max(1, |ends|)/100."""
    if hi < lo:
        raise InvalidArgumentError(
            None, None, "input_max_range must be larger than input_min_range."
        )
    lo2 = min(_F32(0), lo)
    epsilon = _F32(max(_F32(1), max(abs(lo), abs(hi))) / _F32(100))
    return lo2, max(_F32(0), max(hi, _F32(lo2 + epsilon)))


def _scalar_float(*tensors):
    for t in tensors:
        shape_util.with_rank(t.shape, 0)


@register_op
class QuantizeV2(OpDef):
    """The float input as integers of T over [min_range, max_range] (TF's modes)."""

    inputs = ("input", "min_range", "max_range")
    attrs = {"T": None, "mode": "MIN_COMBINED", "round_mode": "HALF_AWAY_FROM_ZERO"}
    allowed = _FLOAT

    def infer(input, min_range, max_range, *, T, mode, round_mode):
        _scalar_float(min_range, max_range)
        return [
            TensorSpec(input.shape, D.as_dtype(T)),
            TensorSpec(TensorShape([]), D.float32),
            TensorSpec(TensorShape([]), D.float32),
        ]

    def kernel(xp, x, min_range, max_range, *, T, mode, round_mode):
        _check_round_mode(mode, round_mode)
        lo, hi = _nudged_range(_F32(min_range), _F32(max_range))
        values, lo, hi = _quantize(np.asarray(x, _F32), lo, hi, T, mode, round_mode)
        out = np.asarray(values).astype(_plain_dtype(T))
        return xp.asarray(out), xp.asarray(_F32(lo)), xp.asarray(_F32(hi))


def _dequantize(q, lo, hi, dtype, mode):
    """The floats of TF 1.15's Dequantize kernel."""
    low, high = _limits(dtype)
    q = np.asarray(q).astype(_F32)
    if mode == "MIN_COMBINED":
        half = _F32((high - low + 1) / 2) if low < 0 else _F32(0)
        scale = _F32((hi - lo) / _F32(high - low))
        return ((q + half) * scale + lo).astype(_F32)
    if mode == "MIN_FIRST":
        if lo == hi:
            return np.full(q.shape, lo, _F32)
        steps, adjust = _min_first_steps(dtype)
        scale = _F32((float(hi) - float(lo)) * adjust / steps)
        lo_rounded = _F32(np.round(lo / scale) * scale)
        return (q * scale + _F32(lo_rounded - _F32(low) * scale)).astype(_F32)
    if low == 0:
        scale = _F32(hi / _F32(high))
    else:
        scale = max(_F32(lo / _F32(low)), _F32(hi / _F32(high)))
    return (q * scale).astype(_F32)


@register_op
class Dequantize(OpDef):
    """The floats that quantized input stands for over [min_range, max_range]."""

    inputs = ("input", "min_range", "max_range")
    type_inputs = ("input",)
    attrs = {"mode": "MIN_COMBINED"}
    allowed = _QUANTIZED

    def infer(input, min_range, max_range, *, mode):
        _scalar_float(min_range, max_range)
        return TensorSpec(input.shape, D.float32)

    def kernel(xp, q, min_range, max_range, *, mode):
        q = _plain(q)
        return xp.asarray(_dequantize(q, _F32(min_range), _F32(max_range), q.dtype, mode))


def _requantize(q, lo, hi, new_lo, new_hi, dtype):
    """TF's RequantizeInNewRange (MIN_FIRST arithmetic, in double as TF's)."""
    low, _ = _limits(dtype)
    if lo == hi:
        floats = np.full(np.shape(q), float(lo))
    else:
        steps, adjust = _min_first_steps(dtype)
        scale = (float(hi) - float(lo)) * adjust / steps
        lo_rounded = _round_away(float(lo) / float(_F32(scale))) * float(_F32(scale))
        floats = (lo_rounded + (np.asarray(q, np.float64) - low) * scale).astype(_F32)
    if new_lo == new_hi:
        return np.zeros(np.shape(q))
    return _quantize_min_first(floats, new_lo, new_hi, dtype, np.float64)


@register_op
class QuantizedConcat(OpDef):
    """Concatenates quantized tensors, requantized into one range that holds them all."""

    inputs = ("concat_dim", "values*", "input_mins*", "input_maxes*")
    type_inputs = ("values*",)
    allowed = _QUANTIZED

    def infer(concat_dim, *rest):
        from tinytf.ops.array_ops import ConcatV2

        n = len(rest) // 3
        for t in rest[n:]:
            shape_util.with_rank(t.shape, 0)
        spec = ConcatV2.infer(*rest[:n], concat_dim)
        scalar = TensorSpec(TensorShape([]), D.float32)
        return [TensorSpec(spec.shape, rest[0].dtype), scalar, scalar]

    def kernel(xp, axis, *rest):
        n = len(rest) // 3
        values, mins, maxes = rest[:n], rest[n : 2 * n], rest[2 * n :]
        T = _plain(values[0]).dtype
        if T not in (np.uint8, np.int32):  # TF 1.15's CPU kernels: quint8 and qint32 only
            raise InvalidArgumentError(
                None,
                None,
                "No OpKernel was registered to support Op 'QuantizedConcat' with "
                f"these attrs: [T={_QUANTIZED_BY_NUMPY[T]}, N={n}]",
            )
        lo = min(_F32(0), min(_F32(m) for m in mins))
        hi = max(_F32(m) for m in maxes)
        if _limits(T)[0] < 0:
            lo, hi = -max(abs(lo), abs(hi)), max(abs(lo), abs(hi))
        parts = []
        for v, a, b in zip(values, mins, maxes):
            v = _plain(v)
            same = _F32(a) == lo and _F32(b) == hi
            parts.append(v if same else _requantize(v, _F32(a), _F32(b), lo, hi, T))
        out = np.concatenate(parts, axis=int(axis)).astype(T)
        return xp.asarray(out), xp.asarray(_F32(lo)), xp.asarray(_F32(hi))


for _name in ("QuantizeV2", "Dequantize", "QuantizedConcat"):
    NotDifferentiable(_name)


# -- the public functions ------------------------------------------------------------------------
_QuantizeV2Out = collections.namedtuple("QuantizeV2", "output output_min output_max")
_QuantizedConcatOut = collections.namedtuple("QuantizedConcat", "output output_min output_max")


def fake_quant_with_min_max_args(inputs, min=-6, max=6, num_bits=8, narrow_range=False, name=None):
    """inputs fake-quantized to num_bits over the (nudged) float range [min, max]."""
    return FakeQuantWithMinMaxArgs.apply(
        inputs,
        min=float(min),
        max=float(max),
        num_bits=int(num_bits),
        narrow_range=bool(narrow_range),
        name=name,
    )


def fake_quant_with_min_max_args_gradient(
    gradients, inputs, min=-6, max=6, num_bits=8, narrow_range=False, name=None
):
    """The gradient of fake_quant_with_min_max_args: gradients where inputs are in range."""
    return FakeQuantWithMinMaxArgsGradient.apply(
        gradients,
        inputs,
        min=float(min),
        max=float(max),
        num_bits=int(num_bits),
        narrow_range=bool(narrow_range),
        name=name,
    )


def fake_quant_with_min_max_vars(inputs, min, max, num_bits=8, narrow_range=False, name=None):
    """inputs fake-quantized over [min, max] given as scalar float tensors."""
    return FakeQuantWithMinMaxVars.apply(
        inputs, min, max, num_bits=int(num_bits), narrow_range=bool(narrow_range), name=name
    )


def fake_quant_with_min_max_vars_gradient(
    gradients, inputs, min, max, num_bits=8, narrow_range=False, name=None
):
    """(backprops_wrt_input, backprop_wrt_min, backprop_wrt_max) of fake_quant_..._vars."""
    return _Backprops(
        *FakeQuantWithMinMaxVarsGradient.apply(
            gradients,
            inputs,
            min,
            max,
            num_bits=int(num_bits),
            narrow_range=bool(narrow_range),
            name=name,
        )
    )


def fake_quant_with_min_max_vars_per_channel(
    inputs, min, max, num_bits=8, narrow_range=False, name=None
):
    """inputs fake-quantized per channel (last dimension) over [min[c], max[c]]."""
    return FakeQuantWithMinMaxVarsPerChannel.apply(
        inputs, min, max, num_bits=int(num_bits), narrow_range=bool(narrow_range), name=name
    )


def fake_quant_with_min_max_vars_per_channel_gradient(
    gradients, inputs, min, max, num_bits=8, narrow_range=False, name=None
):
    """The three gradients of fake_quant_with_min_max_vars_per_channel."""
    return _PerChannelBackprops(
        *FakeQuantWithMinMaxVarsPerChannelGradient.apply(
            gradients,
            inputs,
            min,
            max,
            num_bits=int(num_bits),
            narrow_range=bool(narrow_range),
            name=name,
        )
    )


_Backprops = collections.namedtuple(
    "FakeQuantWithMinMaxVarsGradient", "backprops_wrt_input backprop_wrt_min backprop_wrt_max"
)
_PerChannelBackprops = collections.namedtuple(
    "FakeQuantWithMinMaxVarsPerChannelGradient", _Backprops._fields
)


def quantize(
    input,
    min_range,
    max_range,
    T,
    mode="MIN_COMBINED",
    round_mode="HALF_AWAY_FROM_ZERO",
    name=None,
):
    """(output, output_min, output_max): the float input as quantized integers of type T."""
    return quantize_v2(input, min_range, max_range, T, mode, name, round_mode)


def quantize_v2(
    input,
    min_range,
    max_range,
    T,
    mode="MIN_COMBINED",
    name=None,
    round_mode="HALF_AWAY_FROM_ZERO",
):
    """tf.quantize with TF's older argument order (name before round_mode)."""
    T = D.as_dtype(T)
    check_enum_attr("QuantizeV2", "mode", mode, _MODES)
    check_enum_attr("QuantizeV2", "round_mode", round_mode, _ROUND_MODES)
    if T not in _QUANTIZED:
        raise TypeError(
            f"Value passed to parameter 'T' has DataType {T.name} not in list of allowed "
            f"values: {_QUANTIZED_NAMES}"
        )
    return _QuantizeV2Out(
        *QuantizeV2.apply(
            input, min_range, max_range, T=T, mode=mode, round_mode=round_mode, name=name
        )
    )


def dequantize(input, min_range, max_range, mode="MIN_COMBINED", name=None):
    """The float tensor that the quantized input stands for over [min_range, max_range]."""
    check_enum_attr("Dequantize", "mode", mode, _MODES)
    return Dequantize.apply(input, min_range, max_range, mode=mode, name=name)


def quantized_concat(concat_dim, values, input_mins, input_maxes, name=None):
    """(output, output_min, output_max): quantized values concatenated in a common range."""
    return _QuantizedConcatOut(
        *QuantizedConcat.apply(
            concat_dim, list(values), list(input_mins), list(input_maxes), name=name
        )
    )

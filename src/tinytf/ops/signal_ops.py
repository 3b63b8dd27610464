"""tf.signal's compositions, built from other ops as TF 1.15 builds them: frame,
overlap_and_add, the raised-cosine windows, stft / inverse_stft, the mel weight matrix, MFCCs
and the DCTs (types I-III, computed with RFFT / IRFFT)."""

import math

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import shape_util
from tinytf.ops.array_ops import (
    concat,
    expand_dims,
    one_hot,
    ones,
    pad,
    rank,
    reshape,
    shape,
    split,
    stack,
    tile,
    transpose,
    zeros,
)
from tinytf.ops.indexing_ops import gather
from tinytf.ops.math_ops import (
    cast,
    cos,
    exp,
    linspace,
    log,
    maximum,
    minimum,
    real,
    rsqrt,
    sqrt,
    square,
)
from tinytf.ops.math_ops import complex as complex_
from tinytf.ops.math_ops import range as range_
from tinytf.ops.reduction_ops import reduce_sum
from tinytf.ops.spectral_ops import irfft, rfft


def _static_int(t):
    value = shape_util.constant_value(t)
    return None if value is None else int(value)


def _frame_shape(signal, frame_length, frame_step, pad_end, axis):
    """The static shape TF infers for `frame`: unknown where any part is."""
    dims = shape_util.dims_of(signal.shape)
    axis_v = _static_int(axis)
    if dims is None or axis_v is None:
        return TensorShape(None)
    axis_v = shape_util.normalize_axis(axis_v, len(dims))
    length, fl, fs = dims[axis_v], _static_int(frame_length), _static_int(frame_step)
    frames = None
    if length is not None and fs is not None and (pad_end or fl is not None):
        frames = -(-length // fs) if pad_end else max(0, 1 + (length - fl) // fs)
    return TensorShape(dims[:axis_v] + [frames, fl] + dims[axis_v + 1 :])


def frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1, name=None):
    """Expands `signal`'s `axis` into [frames, frame_length] windows `frame_step` apart."""
    with name_scope(name, "frame", [signal, frame_length, frame_step, pad_value]):
        signal = convert_to_tensor(signal, name="signal")
        frame_length = convert_to_tensor(frame_length, name="frame_length")
        frame_step = convert_to_tensor(frame_step, name="frame_step")
        axis = convert_to_tensor(axis, name="axis")
        signal.shape.with_rank_at_least(1)
        for scalar in (frame_length, frame_step, axis):
            scalar.shape.assert_has_rank(0)
        static = _frame_shape(signal, frame_length, frame_step, pad_end, axis)
        signal_rank = rank(signal)
        axis = range_(signal_rank)[axis]
        length = shape(signal)[axis]
        if pad_end:
            pad_value = convert_to_tensor(pad_value, signal.dtype)
            pad_value.shape.assert_has_rank(0)
            num_frames = -(-length // frame_step)
            extra = maximum(0, frame_length + frame_step * (num_frames - 1) - length)
            after = one_hot(axis, signal_rank, dtype=D.int32) * extra
            paddings = stack([zeros([signal_rank], D.int32), after], axis=1)
            signal = pad(signal, paddings, constant_values=pad_value)
        else:
            num_frames = maximum(0, 1 + (length - frame_length) // frame_step)
        starts = reshape(range_(num_frames) * frame_step, [-1, 1])
        frames = gather(signal, starts + reshape(range_(frame_length), [1, -1]), axis=axis)
        frames.set_shape(static)
        return frames


def overlap_and_add(signal, frame_step, name=None):
    """Sums the [..., frames, frame_length] `signal` back into [..., samples], frames
    `frame_step` apart."""
    with name_scope(name, "overlap_and_add", [signal, frame_step]):
        signal = convert_to_tensor(signal, name="signal")
        signal.shape.with_rank_at_least(2)
        frame_step = convert_to_tensor(frame_step, name="frame_step")
        frame_step.shape.assert_has_rank(0)
        if not frame_step.dtype.is_integer:
            raise ValueError(f"frame_step must be an integer. Got {frame_step.dtype}")
        signal_shape = shape(signal)
        outer = signal_shape[:-2]
        outer_rank = shape(outer)[0]

        def full_shape(inner):
            return concat([outer, stack(inner)], 0)

        frame_length, frames = signal_shape[-1], signal_shape[-2]
        output_length = frame_length + frame_step * (frames - 1)
        step = _static_int(frame_step)
        if step is not None and signal.shape.ndims and step == signal.shape[-1].value:
            return reshape(signal, full_shape([output_length]), name="fast_path")
        # the shear trick: pad each frame to whole segments of frame_step, skew the frames by
        # one segment per row, and sum the segments that now line up
        segments = -(-frame_length // frame_step)
        inner = stack([stack([0, segments]), stack([0, segments * frame_step - frame_length])])
        signal = pad(signal, concat([zeros(stack([outer_rank, 2]), D.int32), inner], 0))
        signal = reshape(signal, full_shape([frames + segments, segments, frame_step]))
        perm = concat([range_(outer_rank), outer_rank + np.array([1, 0, 2], np.int32)], 0)
        signal = transpose(signal, perm)
        signal = reshape(signal, full_shape([(frames + segments) * segments, frame_step]))
        signal = signal[..., : (frames + segments - 1) * segments, :]
        signal = reshape(signal, full_shape([segments, frames + segments - 1, frame_step]))
        signal = reduce_sum(signal, -3)
        signal = reshape(signal, full_shape([(frames + segments - 1) * frame_step]))
        return signal[..., :output_length]


def _raised_cosine_window(name, default_name, window_length, periodic, dtype, a, b):
    dtype = D.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"dtype must be a floating point type. Found {dtype}")
    with name_scope(name, default_name, [window_length, periodic]):
        window_length = convert_to_tensor(window_length, D.int32, name="window_length")
        window_length.shape.assert_has_rank(0)
        if _static_int(window_length) == 1:
            return ones([1], dtype=dtype)
        periodic = cast(convert_to_tensor(periodic, D.bool, name="periodic"), D.int32)
        periodic.shape.assert_has_rank(0)
        even = 1 - window_length % 2
        n = cast(window_length + periodic * even - 1, dtype)
        count = cast(range_(window_length), dtype)
        cos_arg = convert_to_tensor(2 * np.pi, dtype) * count / n
        if _static_int(window_length) is None:
            from tinytf.ops.cond import cond
            from tinytf.ops.math_ops import equal

            return cond(
                equal(window_length, 1),
                lambda: ones([1], dtype=dtype),
                lambda: cast(a - b * cos(cos_arg), dtype),
            )
        return cast(a - b * cos(cos_arg), dtype)


def hann_window(window_length, periodic=True, dtype=D.float32, name=None):
    """The Hann window, 0.5 - 0.5 cos(2 pi n / N) (periodic: N = length)."""
    return _raised_cosine_window(name, "hann_window", window_length, periodic, dtype, 0.5, 0.5)


def hamming_window(window_length, periodic=True, dtype=D.float32, name=None):
    """The Hamming window, 0.54 - 0.46 cos(2 pi n / N) (periodic: N = length)."""
    return _raised_cosine_window(name, "hamming_window", window_length, periodic, dtype, 0.54, 0.46)


def _enclosing_power_of_two(value):
    static = shape_util.constant_value(value)
    if static is not None:
        power = int(2 ** np.ceil(np.log(static) / np.log(2.0)))
        return convert_to_tensor(np.array(power, value.dtype.as_numpy_dtype))
    from tinytf.ops.math_ops import ceil
    from tinytf.ops.math_ops import pow as pow_

    exponent = ceil(log(cast(value, D.float32)) / log(2.0))
    return cast(pow_(2.0, exponent), value.dtype)


def _scalar(value, name, dtype=None):
    t = convert_to_tensor(value, dtype, name=name)
    t.shape.assert_has_rank(0)
    return t


def stft(
    signals,
    frame_length,
    frame_step,
    fft_length=None,
    window_fn=hann_window,
    pad_end=False,
    name=None,
):
    """The short-time Fourier transform of real `signals`: windowed frames, then RFFT."""
    with name_scope(name, "stft", [signals, frame_length, frame_step]):
        signals = convert_to_tensor(signals, name="signals")
        signals.shape.with_rank_at_least(1)
        frame_length = _scalar(frame_length, "frame_length")
        frame_step = _scalar(frame_step, "frame_step")
        if fft_length is None:
            fft_length = _enclosing_power_of_two(frame_length)
        else:
            fft_length = convert_to_tensor(fft_length, name="fft_length")
        framed = frame(signals, frame_length, frame_step, pad_end=pad_end)
        if window_fn is not None:
            framed *= window_fn(frame_length, dtype=framed.dtype)
        return rfft(framed, stack([fft_length]))


def inverse_stft_window_fn(frame_step, forward_window_fn=hann_window, name=None):
    """A window_fn for inverse_stft that undoes `forward_window_fn`'s overlapping gain."""
    with name_scope(name, "inverse_stft_window_fn", [forward_window_fn]):
        frame_step = _scalar(frame_step, "frame_step")

    def inverse_stft_window_fn_inner(frame_length, dtype):
        with name_scope(name, "inverse_stft_window_fn", [forward_window_fn]):
            frame_length = _scalar(frame_length, "frame_length")
            forward = forward_window_fn(frame_length, dtype=dtype)
            denom = square(forward)
            overlaps = -(-frame_length // frame_step)
            denom = pad(denom, stack([stack([0, overlaps * frame_step - frame_length])]))
            denom = reshape(denom, stack([overlaps, frame_step]))
            denom = reduce_sum(denom, 0, keepdims=True)
            denom = tile(denom, stack([overlaps, 1]))
            denom = reshape(denom, stack([overlaps * frame_step]))
            return forward / denom[:frame_length]

    return inverse_stft_window_fn_inner


def _fit_frames(frames, frame_length):
    """IRFFT's frames cropped or zero-padded to frame_length, as TF's inverse_stft does."""
    static = _static_int(frame_length)
    dims = shape_util.dims_of(frames.shape)
    if static is None or dims is None or dims[-1] is None:
        frames = frames[..., :frame_length]
        frames_rank = rank(frames)
        grow = stack([stack([0, maximum(0, frame_length - shape(frames)[-1])])])
        paddings = concat([zeros(stack([frames_rank - 1, 2]), frame_length.dtype), grow], 0)
        frames = pad(frames, paddings)
    elif dims[-1] > static:
        frames = frames[..., :static]
    elif dims[-1] < static:
        frames = pad(frames, [[0, 0]] * (len(dims) - 1) + [[0, static - dims[-1]]])
    if static is not None and frames.shape.ndims is not None:
        frames.set_shape([None] * (frames.shape.ndims - 1) + [static])
    return frames


def inverse_stft(
    stfts, frame_length, frame_step, fft_length=None, window_fn=hann_window, name=None
):
    """The inverse of stft: IRFFT of each frame, windowed, then overlap-added."""
    with name_scope(name, "inverse_stft", [stfts]):
        stfts = convert_to_tensor(stfts, name="stfts")
        stfts.shape.with_rank_at_least(2)
        frame_length = _scalar(frame_length, "frame_length")
        frame_step = _scalar(frame_step, "frame_step")
        if fft_length is None:
            fft_length = _enclosing_power_of_two(frame_length)
        else:
            fft_length = _scalar(fft_length, "fft_length")
        frames = _fit_frames(irfft(stfts, stack([fft_length])), frame_length)
        if window_fn is not None:
            frames *= window_fn(frame_length, dtype=stfts.dtype.real_dtype)
        return overlap_and_add(frames, frame_step)


_MEL_BREAK_FREQUENCY_HERTZ = 700.0
_MEL_HIGH_FREQUENCY_Q = 1127.0


def _hertz_to_mel(frequencies_hertz):
    return _MEL_HIGH_FREQUENCY_Q * log(1.0 + frequencies_hertz / _MEL_BREAK_FREQUENCY_HERTZ)


def _check_mel_arguments(num_mel_bins, sample_rate, lower_edge_hertz, upper_edge_hertz, dtype):
    if num_mel_bins <= 0:
        raise ValueError(f"num_mel_bins must be positive. Got: {num_mel_bins}")
    if sample_rate <= 0.0:
        raise ValueError(f"sample_rate must be positive. Got: {sample_rate}")
    if lower_edge_hertz < 0.0:
        raise ValueError(f"lower_edge_hertz must be non-negative. Got: {lower_edge_hertz}")
    if lower_edge_hertz >= upper_edge_hertz:
        raise ValueError(
            f"lower_edge_hertz {lower_edge_hertz:.1f} >= upper_edge_hertz {upper_edge_hertz:.1f}"
        )
    if upper_edge_hertz > sample_rate / 2:
        raise ValueError(
            "upper_edge_hertz must not be larger than the Nyquist frequency (sample_rate / 2). "
            f"Got: {upper_edge_hertz} for sample_rate: {sample_rate}"
        )
    if not dtype.is_floating:
        raise ValueError(f"dtype must be a floating point type. Got: {dtype}")


def linear_to_mel_weight_matrix(
    num_mel_bins=20,
    num_spectrogram_bins=129,
    sample_rate=8000,
    lower_edge_hertz=125.0,
    upper_edge_hertz=3800.0,
    dtype=D.float32,
    name=None,
):
    """The [num_spectrogram_bins, num_mel_bins] matrix of triangular mel filters (HTK)."""
    from tinytf.framework.ops import Tensor

    dtype = D.as_dtype(dtype)
    with name_scope(name, "linear_to_mel_weight_matrix") as scope:
        if isinstance(sample_rate, Tensor):
            value = shape_util.constant_value(sample_rate)
            if value is None:
                raise ValueError(
                    "`sample_rate` was a non-constant Tensor. Must be a Python float or a "
                    "constant Tensor."
                )
            sample_rate = value
        _check_mel_arguments(num_mel_bins, sample_rate, lower_edge_hertz, upper_edge_hertz, dtype)
        sample_rate = convert_to_tensor(sample_rate, dtype, name="sample_rate")
        lower = convert_to_tensor(lower_edge_hertz, dtype, name="lower_edge_hertz")
        upper = convert_to_tensor(upper_edge_hertz, dtype, name="upper_edge_hertz")
        zero = convert_to_tensor(0.0, dtype)
        # the DC bin gets no weight (TF's bands_to_zero = 1)
        linear = linspace(zero, sample_rate / 2.0, num_spectrogram_bins)[1:]
        bins_mel = expand_dims(_hertz_to_mel(linear), 1)
        edges = frame(
            linspace(_hertz_to_mel(lower), _hertz_to_mel(upper), num_mel_bins + 2),
            frame_length=3,
            frame_step=1,
        )
        low, center, high = (reshape(t, [1, num_mel_bins]) for t in split(edges, 3, axis=1))
        lower_slopes = (bins_mel - low) / (center - low)
        upper_slopes = (high - bins_mel) / (high - center)
        weights = maximum(zero, minimum(lower_slopes, upper_slopes))
        return pad(weights, [[1, 0], [0, 0]], name=scope)


def mfccs_from_log_mel_spectrograms(log_mel_spectrograms, name=None):
    """MFCCs: the orthonormal-scaled DCT-II of log mel spectrograms (last axis)."""
    with name_scope(name, "mfccs_from_log_mel_spectrograms", [log_mel_spectrograms]):
        spectrograms = convert_to_tensor(log_mel_spectrograms, D.float32)
        dims = shape_util.dims_of(spectrograms.shape)
        if dims and dims[-1] is not None:
            num_mel_bins = dims[-1]
            if num_mel_bins == 0:
                raise ValueError(f"num_mel_bins must be positive. Got: {spectrograms}")
        else:
            num_mel_bins = shape(spectrograms)[-1]
        dct2 = dct(spectrograms, type=2)
        return dct2 * rsqrt(cast(num_mel_bins, D.float32) * 2.0)


def _check_dct_arguments(input_tensor, dct_type, n, axis, norm):
    if axis != -1:
        raise NotImplementedError(f"axis must be -1. Got: {axis}")
    if n is not None and n < 1:
        raise ValueError("n should be a positive integer or None")
    if dct_type not in (1, 2, 3):
        raise ValueError("Only Types I, II and III (I)DCT are supported.")
    if dct_type == 1:
        if norm == "ortho":
            raise ValueError("Normalization is not supported for the Type-I DCT.")
        dims = shape_util.dims_of(TensorShape(getattr(input_tensor, "shape", None)))
        last = dims[-1] if dims else None
        if last is not None and last < 2:
            raise ValueError("Type-I DCT requires the dimension to be greater than one.")
    if norm not in (None, "ortho"):
        raise ValueError(f"Unknown normalization. Expected None or 'ortho', got: {norm}")


def _last_dim(t):
    dims = shape_util.dims_of(t.shape)
    return dims[-1] if dims and dims[-1] else shape(t)[-1]


def _ortho_weights(first, rest, length):
    return pad(expand_dims(first, 0), stack([stack([0, length - 1])]), constant_values=rest)


def _dct_of(x, dct_type, norm):
    length = _last_dim(x)
    length_f = cast(length, D.float32)
    if dct_type == 1:
        return real(rfft(concat([x, x[..., -2:0:-1]], axis=-1)))
    if dct_type == 2:
        phase = -range_(length_f) * math.pi * 0.5 / length_f
        scale = 2.0 * exp(complex_(0.0, phase))
        out = real(rfft(x, fft_length=stack([2 * length]))[..., :length] * scale)
        if norm == "ortho":
            n1 = 0.5 * rsqrt(length_f)
            out *= _ortho_weights(n1, n1 * sqrt(2.0), length)
        return out
    if norm == "ortho":
        n1 = sqrt(length_f)
        x *= _ortho_weights(n1, n1 * sqrt(0.5), length)
    else:
        x *= length_f
    scale = 2.0 * exp(complex_(0.0, range_(length_f) * math.pi * 0.5 / length_f))
    return real(irfft(scale * complex_(x, 0.0), fft_length=stack([2 * length])))[..., :length]


def dct(input, type=2, n=None, axis=-1, norm=None, name=None):  # noqa: A002 - TF's names
    """The DCT (types I, II, III; `norm='ortho'` for II and III) of `input`'s last axis."""
    _check_dct_arguments(input, type, n, axis, norm)
    with name_scope(name, "dct", [input]):
        x = convert_to_tensor(input, dtype=D.float32)
        if n is not None:
            seq_len = _last_dim(x)
            # as in TF, an unknown length fails here (a Tensor is no Python bool)
            if n <= seq_len:
                x = x[..., 0:n]
            else:
                paddings = [[0, 0]] * (x.shape.ndims - 1) + [[0, n - seq_len]]
                x = pad(x, convert_to_tensor(paddings, D.int32))
        return _dct_of(x, type, norm)


def idct(input, type=2, n=None, axis=-1, norm=None, name=None):  # noqa: A002 - TF's names
    """The inverse DCT: DCT of type {1: 1, 2: 3, 3: 2}[type] (scaled by 1/2N unless ortho)."""
    _check_dct_arguments(input, type, n, axis, norm)
    return dct(input, type={1: 1, 2: 3, 3: 2}[type], n=n, axis=axis, norm=norm, name=name)

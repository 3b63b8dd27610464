"""Graphs of tf.signal / tf.spectral ops whose values real TF 1.15 decides. Each builder takes
the `tf` module (tinytf, or real TF 1.15) and returns a tensor or a list of them; builders
named `shape_*` use placeholders and record only static shapes. tools/
make_signal_strings_fixtures.py runs them with TF 1.15 into golden/signal_golden.json.

Python 3.7 and NumPy 1.18 compatible: the fixture script imports this with TF 1.15."""

import numpy as np

_RNG = np.random.RandomState(0)
SIG = _RNG.standard_normal((2, 21)).astype(np.float32)
IMG = _RNG.standard_normal((2, 4, 6)).astype(np.float32)
VOL = _RNG.standard_normal((3, 4, 5)).astype(np.float32)
CPLX = (_RNG.standard_normal((2, 4, 6)) + 1j * _RNG.standard_normal((2, 4, 6))).astype(np.complex64)
CPLX128 = CPLX.astype(np.complex128)


def _fft_cases():
    cases = {}
    for rank, suffix in ((1, ""), (2, "2d"), (3, "3d")):
        for inv in ("", "i"):
            fn = inv + "fft" + suffix
            cases[f"fft_{fn}"] = lambda tf, fn=fn: getattr(tf.signal, fn)(CPLX)
            cases[f"fft_{fn}_c128"] = lambda tf, fn=fn: getattr(tf.spectral, fn)(CPLX128)
            cases[f"shape_{fn}"] = lambda tf, fn=fn, r=rank: getattr(tf.signal, fn)(
                tf.placeholder(tf.complex64, [None] * (r + 1))
            )
    return cases


def _rfft_cases():
    x = {1: SIG, 2: IMG, 3: VOL}
    lengths = {1: ([21], [16], [30], [1]), 2: ([4, 6], [3, 8], [5, 5]), 3: ([3, 4, 5], [2, 6, 4])}
    cases = {}
    for rank, suffix in ((1, ""), (2, "2d"), (3, "3d")):
        fwd, inv = "rfft" + suffix, "irfft" + suffix
        cases[f"rfft_{fwd}"] = lambda tf, f=fwd, r=rank: getattr(tf.signal, f)(x[r])
        cases[f"rfft_{inv}"] = lambda tf, f=inv, r=rank: getattr(tf.signal, f)(CPLX[..., : r * 2])
        for n in lengths[rank]:
            tag = "x".join(map(str, n))
            cases[f"rfft_{fwd}_{tag}"] = lambda tf, f=fwd, r=rank, n=n: getattr(tf.spectral, f)(
                x[r], n
            )
            cases[f"rfft_{inv}_{tag}"] = lambda tf, f=inv, n=n: getattr(tf.spectral, f)(
                CPLX[..., :4], n
            )
        cases[f"shape_{fwd}"] = lambda tf, f=fwd, r=rank: getattr(tf.signal, f)(
            tf.placeholder(tf.float32, [None] * (r + 1)), [4] * r
        )
        cases[f"shape_{inv}"] = lambda tf, f=inv, r=rank: getattr(tf.signal, f)(
            tf.placeholder(tf.complex64, [2] * (r + 1))
        )
        cases[f"shape_{fwd}_unknown_length"] = lambda tf, f=fwd, r=rank: getattr(tf.signal, f)(
            tf.placeholder(tf.float32, [3] * (r + 1)), tf.placeholder(tf.int32, [r])
        )
    return cases


def _composite_cases():
    s = lambda tf: tf.signal  # noqa: E731 - short accessor for the table below
    return {
        "frame": lambda tf: s(tf).frame(SIG, 5, 3),
        "frame_pad_end": lambda tf: s(tf).frame(SIG, 5, 3, pad_end=True, pad_value=7.0),
        "frame_axis0": lambda tf: s(tf).frame(IMG, 2, 1, axis=0),
        "frame_axis1": lambda tf: s(tf).frame(IMG, 3, 2, axis=1),
        "frame_short": lambda tf: s(tf).frame(SIG[:, :3], 5, 3),
        "shape_frame": lambda tf: s(tf).frame(tf.placeholder(tf.float32, [None, 21]), 5, 3),
        "shape_frame_unknown": lambda tf: s(tf).frame(
            tf.placeholder(tf.float32, [2, None]), 5, tf.placeholder(tf.int32, [])
        ),
        "ola": lambda tf: s(tf).overlap_and_add(IMG, 2),
        "ola_step_eq": lambda tf: s(tf).overlap_and_add(IMG, 6),
        "ola_step_big": lambda tf: s(tf).overlap_and_add(IMG, 7),
        "ola_1d_outer": lambda tf: s(tf).overlap_and_add(IMG[0], 4),
        "shape_ola": lambda tf: s(tf).overlap_and_add(tf.placeholder(tf.float32, [2, 4, 6]), 2),
        "hann": lambda tf: [
            s(tf).hann_window(8),
            s(tf).hann_window(7, periodic=False),
            s(tf).hann_window(1),
            s(tf).hann_window(5, dtype=tf.float64),
        ],
        "hamming": lambda tf: [s(tf).hamming_window(8), s(tf).hamming_window(7, False)],
        "stft": lambda tf: s(tf).stft(SIG, 8, 4),
        "stft_fft_pad": lambda tf: s(tf).stft(SIG, 6, 3, fft_length=10, pad_end=True),
        "stft_hamming": lambda tf: s(tf).stft(SIG, 7, 2, window_fn=s(tf).hamming_window),
        "stft_nowindow": lambda tf: s(tf).stft(SIG, 8, 4, window_fn=None),
        "istft": lambda tf: s(tf).inverse_stft(s(tf).stft(SIG, 8, 2), 8, 2),
        "istft_window": lambda tf: s(tf).inverse_stft(
            s(tf).stft(SIG, 8, 2), 8, 2, window_fn=s(tf).inverse_stft_window_fn(2)
        ),
        "istft_long": lambda tf: s(tf).inverse_stft(CPLX[0, :, :5], 10, 3, fft_length=8),
        "mel_default": lambda tf: s(tf).linear_to_mel_weight_matrix(),
        "mel_small": lambda tf: s(tf).linear_to_mel_weight_matrix(
            5, 17, 16000, 20.0, 7000.0, dtype=tf.float64
        ),
        "mfccs": lambda tf: s(tf).mfccs_from_log_mel_spectrograms(IMG),
        "dct1": lambda tf: s(tf).dct(SIG, type=1),
        "dct2": lambda tf: s(tf).dct(IMG),
        "dct2_ortho": lambda tf: s(tf).dct(IMG, norm="ortho"),
        "dct3": lambda tf: s(tf).dct(IMG, type=3),
        "dct3_ortho_n": lambda tf: s(tf).dct(IMG, type=3, n=9, norm="ortho"),
        "dct2_n_crop": lambda tf: s(tf).dct(SIG, n=10),
        "idct2": lambda tf: tf.spectral.idct(IMG),
        "idct1_ortho": lambda tf: s(tf).idct(s(tf).dct(IMG, norm="ortho"), norm="ortho"),
        "idct3": lambda tf: s(tf).idct(IMG, type=3),
        "fftshift": lambda tf: s(tf).fftshift(IMG),
        "fftshift_axes": lambda tf: s(tf).fftshift(IMG, axes=[1, 2]),
        "fftshift_axis": lambda tf: s(tf).fftshift(SIG, axes=1),
        "ifftshift": lambda tf: s(tf).ifftshift(VOL),
        "ifftshift_axes": lambda tf: s(tf).ifftshift(VOL, axes=(0,)),
        "shape_dct": lambda tf: s(tf).dct(tf.placeholder(tf.float32, [None, 7])),
    }


CASES = dict(_fft_cases(), **_rfft_cases())
CASES.update(_composite_cases())

BAD = {
    "fft_float_input": lambda tf: tf.signal.fft(tf.constant(SIG)),
    "fft_scalar": lambda tf: tf.signal.fft(tf.constant(1 + 2j, tf.complex64)),
    "fft2d_rank1": lambda tf: tf.signal.fft2d(tf.constant(CPLX[0, 0])),
    "rfft_float64": lambda tf: tf.signal.rfft(tf.constant(SIG.astype(np.float64))),
    "rfft_bad_length": lambda tf: tf.signal.rfft(SIG, [4, 4]),
    "irfft2d_rank1": lambda tf: tf.signal.irfft2d(CPLX[0, 0]),
    "frame_rank0": lambda tf: tf.signal.frame(tf.constant(1.0), 2, 1),
    "frame_length_vector": lambda tf: tf.signal.frame(SIG, [2], 1),
    "ola_rank1": lambda tf: tf.signal.overlap_and_add(SIG[0], 2),
    "ola_float_step": lambda tf: tf.signal.overlap_and_add(IMG, 2.0),
    "hann_int_dtype": lambda tf: tf.signal.hann_window(4, dtype=tf.int32),
    "mel_zero_bins": lambda tf: tf.signal.linear_to_mel_weight_matrix(0),
    "mel_above_nyquist": lambda tf: tf.signal.linear_to_mel_weight_matrix(upper_edge_hertz=5000.0),
    "mel_lower_above_upper": lambda tf: tf.signal.linear_to_mel_weight_matrix(
        lower_edge_hertz=4000.0, upper_edge_hertz=3000.0
    ),
    "mel_negative_lower": lambda tf: tf.signal.linear_to_mel_weight_matrix(lower_edge_hertz=-1.0),
    "dct_type4": lambda tf: tf.signal.dct(SIG, type=4),
    "dct_axis0": lambda tf: tf.signal.dct(SIG, axis=0),
    "dct1_ortho": lambda tf: tf.signal.dct(SIG, type=1, norm="ortho"),
    "dct1_short": lambda tf: tf.signal.dct(SIG[:, :1], type=1),
    "dct_bad_norm": lambda tf: tf.signal.dct(SIG, norm="unit"),
    "dct_n_zero": lambda tf: tf.signal.dct(SIG, n=0),
}


def GRAPH(tf):  # noqa: N802 - a constant-like builder the fixture script looks up
    """Ops of every FFT type in one graph: TF's GraphDef of it must import and run. (No Pad
    ops: tinytf has only PadV2 yet.)"""
    s = tf.signal
    x = tf.constant(SIG, name="x")
    c = tf.constant(CPLX, name="c")
    outs = [s.fft(c), s.ifft2d(c), s.fft3d(c), s.ifft(c), s.fft2d(c), s.ifft3d(c)]
    outs += [s.rfft(x, [16]), s.irfft(c[..., :4], [6]), s.rfft2d(IMG), s.irfft2d(c, [4, 5])]
    outs += [s.rfft3d(VOL, [3, 4, 4]), s.irfft3d(c, [2, 4, 6]), s.stft(x, 8, 4)]
    return outs

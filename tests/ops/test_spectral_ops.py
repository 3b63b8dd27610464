"""FFT, IFFT, RFFT, IRFFT (1-3d) against real TF 1.15 (golden/signal_golden.json, written by
tools/make_signal_strings_fixtures.py from tests/ops/signal_cases.py), and their gradients
against central differences."""

import numpy as np
import pytest

import tinytf as tf
from tests.ops.area_golden import check_bad, check_case, check_tf_graph_imports, names
from tests.optest import check_gradients

_FFT_NAMES = [n for n in names("signal") if "fft" in n and not n.startswith("stft")]


@pytest.mark.parametrize("name", _FFT_NAMES)
def test_matches_tf(name):
    check_case("signal", name)


@pytest.mark.parametrize("name", [n for n in names("signal", table="bad") if "fft" in n])
def test_bad_input_raises_as_tf(name):
    check_bad("signal", name)


def _complex_fn(fn):
    def build(re, im):
        out = fn(tf.complex(re, im))
        return [tf.real(out), tf.imag(out)]

    return build


_RNG = np.random.default_rng(3)
_A, _B = _RNG.standard_normal((2, 3, 4, 5)), _RNG.standard_normal((2, 3, 4, 5))


@pytest.mark.parametrize(
    "fn",
    [
        tf.spectral.fft,
        tf.spectral.ifft,
        tf.spectral.fft2d,
        tf.spectral.ifft2d,
        tf.spectral.fft3d,
        tf.spectral.ifft3d,
    ],
    ids=lambda f: f.__name__,
)
def test_complex_fft_gradients(fn):
    check_gradients(_complex_fn(fn), [_A, _B])


@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize("grow", [-2, 0, 3], ids=["crop", "same", "pad"])
def test_rfft_gradients(rank, grow):
    fn = {1: tf.signal.rfft, 2: tf.signal.rfft2d, 3: tf.signal.rfft3d}[rank]
    lengths = [d + grow for d in _A.shape[-rank:]]

    def build(x):
        out = fn(tf.cast(x, tf.float32), lengths)
        return [tf.cast(tf.real(out), tf.float64), tf.cast(tf.imag(out), tf.float64)]

    check_gradients(build, [_A], h=1e-2, rtol=2e-3, atol=1e-3)


@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize("length", [6, 7, 11], ids=["even", "odd", "pad"])
def test_irfft_gradients(rank, length):
    fn = {1: tf.signal.irfft, 2: tf.signal.irfft2d, 3: tf.signal.irfft3d}[rank]
    lengths = list(_A.shape[-rank:-1]) + [length]

    def build(re, im):
        x = tf.cast(tf.complex(re, im), tf.complex64)
        return tf.cast(fn(x, lengths), tf.float64)

    check_gradients(build, [_A, _B], h=1e-2, rtol=2e-3, atol=1e-3)


def test_fft_round_trip_of_complex128_keeps_precision():
    x = _A[0] + 1j * _B[0]
    with tf.Session() as sess:
        y = sess.run(tf.signal.ifft2d(tf.signal.fft2d(tf.constant(x))))
    assert y.dtype == np.complex128
    np.testing.assert_allclose(y, x, atol=1e-12)


def test_fft_graph_def_has_tf_attrs():
    with tf.Graph().as_default() as g:
        tf.signal.fft(tf.constant([1j], tf.complex128), name="f")
        tf.signal.rfft(tf.constant([1.0]), name="r")
        nodes = {n.name: n for n in g.as_graph_def().node}
    assert nodes["f"].op == "FFT"
    assert nodes["f"].attr["Tcomplex"].type == tf.complex128.as_datatype_enum
    assert nodes["r"].op == "RFFT"
    assert [n.op for n in g.as_graph_def().node if n.name.startswith("r/")] == ["Const"]


def test_tf_graph_def_with_fft_ops_imports_and_runs():
    check_tf_graph_imports("signal")

"""tf.signal's compositions (frame, overlap_and_add, windows, stft / inverse_stft, mel matrix,
MFCCs, DCTs) against real TF 1.15 (golden/signal_golden.json, written by
tools/make_signal_strings_fixtures.py from tests/ops/signal_cases.py), and their gradients."""

import numpy as np
import pytest

import tinytf as tf
from tests.ops.area_golden import check_bad, check_case, names
from tests.optest import check_gradients

_NAMES = [
    n
    for n in names("signal")
    if n not in names("signal", "fft")
    and n not in names("signal", "rfft")
    and "fft" not in n.replace("stft", "")
]


@pytest.mark.parametrize("name", _NAMES)
def test_matches_tf(name):
    check_case("signal", name)


@pytest.mark.parametrize("name", [n for n in names("signal", table="bad") if "fft" not in n])
def test_bad_input_raises_as_tf(name):
    check_bad("signal", name)


_X = np.random.default_rng(5).standard_normal((2, 17))


@pytest.mark.parametrize(
    "fn",
    [
        lambda x: tf.signal.frame(x, 4, 3, pad_end=True),
        lambda x: tf.signal.overlap_and_add(tf.reshape(x[:, :16], [2, 4, 4]), 3),
        lambda x: tf.signal.overlap_and_add(tf.reshape(x[:, :16], [2, 2, 8]), 3),
    ],
    ids=["frame", "overlap_and_add", "overlap_and_add_sparse"],
)
def test_framing_gradients(fn):
    check_gradients(fn, [_X])


@pytest.mark.parametrize(
    "fn",
    [
        lambda x: tf.abs(tf.signal.stft(x, 8, 3)) ** 2,
        lambda x: tf.signal.dct(x, type=1),
        lambda x: tf.signal.dct(x, norm="ortho"),
        lambda x: tf.signal.idct(x, norm="ortho"),
        lambda x: tf.signal.mfccs_from_log_mel_spectrograms(x),
    ],
    ids=["stft_power", "dct1", "dct2", "idct2", "mfccs"],
)
def test_spectral_gradients(fn):
    check_gradients(
        lambda x: tf.cast(fn(tf.cast(x, tf.float32)), tf.float64),
        [_X],
        h=1e-2,
        rtol=2e-3,
        atol=1e-3,
    )


def test_inverse_stft_reconstructs_the_signal():
    x = np.random.default_rng(1).standard_normal(64).astype(np.float32)
    with tf.Session() as sess:
        stfts = tf.signal.stft(x, 16, 4)
        back = tf.signal.inverse_stft(stfts, 16, 4, window_fn=tf.signal.inverse_stft_window_fn(4))
        y = sess.run(back)
    np.testing.assert_allclose(y[16:-16], x[16 : len(y) - 16], atol=1e-5)


def test_window_of_unknown_length_is_built_with_cond():
    n = tf.placeholder(tf.int32, [])
    w = tf.signal.hann_window(n)
    with tf.Session() as sess:
        assert sess.run(w, {n: 1}).tolist() == [1.0]
        np.testing.assert_allclose(sess.run(w, {n: 4}), [0, 0.5, 1, 0.5], atol=1e-7)

"""The numba-fused updates against the NumPy kernels they replace (the reference)."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.runtime import backends
from tinytf.runtime.backends import fused
from tinytf.runtime.backends.numpy_backend import NumpyBackend

pytestmark = pytest.mark.skipif(not fused.available(), reason="numba is not installed")


class FusedBackend(NumpyBackend):
    kernel_overrides = fused.OVERRIDES


def _adam_steps(backend, dtype, shape, steps=3):
    previous = backends.set_backend(backend)
    try:
        rng = np.random.default_rng(7)
        with tf.Graph().as_default():
            w = tf.Variable(rng.standard_normal(shape).astype(dtype))
            target = tf.constant(rng.standard_normal(shape).astype(dtype))
            loss = tf.reduce_sum(tf.square(w - target) * tf.abs(target))
            train = tf.train.AdamOptimizer(0.05).minimize(loss)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for _ in range(steps):
                    sess.run(train)
                return sess.run([w] + tf.global_variables()[1:])
    finally:
        backends.set_backend(previous)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(300, 250), (7, 3)])  # fused, and too small to be
def test_adam_fused_equals_the_numpy_kernel(dtype, shape):
    want = _adam_steps(NumpyBackend(), dtype, shape)
    got = _adam_steps(FusedBackend(), dtype, shape)
    if shape[0] * shape[1] >= fused._MIN_SIZE:
        assert fused._adam.cache_info().currsize == 1  # the numba kernel ran
    tol = 1e-6 if dtype == np.float32 else 1e-13
    for g, v in zip(got, want):
        assert np.asarray(g).dtype == np.asarray(v).dtype
        np.testing.assert_allclose(g, v, rtol=tol, atol=tol)


def test_a_broken_numba_falls_back_to_numpys_adam_with_a_warning(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "numba", None)  # `import numba` now fails
    fused._adam.cache_clear()
    try:
        with pytest.warns(UserWarning, match="numba is not usable"):
            got = _adam_steps(FusedBackend(), np.float32, (300, 250))
    finally:
        fused._adam.cache_clear()
    want = _adam_steps(NumpyBackend(), np.float32, (300, 250))
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)  # the NumPy kernel itself ran

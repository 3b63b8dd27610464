"""The numba kernels against the NumPy kernels they replace (the reference), and exact math."""

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


@pytest.mark.parametrize("m", [1, 2, 8])
@pytest.mark.parametrize("k", [1, 3, 4, 9, 37])
def test_rows_product_equals_the_exact_product(m, k):
    rng = np.random.default_rng(m * 100 + k)
    a = rng.standard_normal((m, k)).astype(np.float32)
    b = rng.standard_normal((k, 33)).astype(np.float32)
    got = fused.rows_product(a, b)
    assert got.dtype == np.float32 and got.shape == (m, 33)
    want = a.astype(np.float64) @ b.astype(np.float64)  # the same values, summed exactly
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-5 * np.abs(b).max() * k)
    assert fused._rows_product.cache_info().currsize == 1  # numba's kernel ran


def test_rows_product_of_a_transposed_view_and_non_finite_values():
    a = np.array([[1.0, np.inf], [2.0, 0.0], [np.nan, 1.0], [0.0, 3.0], [1.0, 1.0]], np.float32)
    b = np.array([[1.0, -1.0], [0.5, 2.0], [0.0, 1.0], [1.0, 0.0], [2.0, 2.0]], np.float32)
    got = fused.rows_product(a.T, b)  # [2, 5] @ [5, 2], the rows strided
    want = np.array([[np.nan, np.nan], [np.inf, -np.inf]], np.float32)  # inf * -1 in column 1
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(50, 28, 28, 32), (300, 300), (7, 3)])  # (7, 3): NumPy's
def test_relu_grad_matches_numpys_kernel_exactly(shape, dtype):
    from tinytf.ops import nn_ops

    rng = np.random.default_rng(shape[0])
    dy, x = (rng.standard_normal(shape).astype(dtype) for _ in range(2))
    dy.flat[:4] = [np.nan, np.nan, np.inf, -np.inf]
    x.flat[:6] = [-1.0, 1.0, -1.0, 2.0, np.nan, 0.0]  # NaN and 0 features: no gradient
    y = np.maximum(x, 0)  # zeros (ties) get no gradient, from the output or the input alike
    for features in (y, x):
        want = nn_ops.ReluGrad.kernel(np, dy, features)
        got = fused.OVERRIDES["ReluGrad"](np, dy, features)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got, want)
        np.testing.assert_array_equal(np.signbit(got), np.signbit(want))  # -0.0 as NumPy's


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_cross_entropy_matches_numpys_kernel(dtype):
    import numba  # noqa: F401  (the kernel runs where numba is loaded already)

    from tinytf.ops import nn_ops

    rng = np.random.default_rng(5)
    features = (rng.standard_normal((9, 7)) * 5).astype(dtype)
    labels = rng.dirichlet(np.ones(7), 9).astype(dtype)
    labels[1] = 0  # no label: no loss
    labels[2] = np.eye(7, dtype=dtype)[3]  # one-hot, its zeros skipped (0 * -inf is not NaN)
    features[2, 0] = -np.inf
    features[3, 4] = 1e30  # a row whose exp would overflow unshifted
    features[4, 1] = np.nan  # NaN in, NaN out (the whole row, as NumPy's max propagates it)
    features[5] = -np.inf  # all -inf: NaN, as in NumPy's kernel
    labels[6, 2] = np.nan
    want = nn_ops.SoftmaxCrossEntropyWithLogits.kernel(np, features, labels)
    got = fused.OVERRIDES["SoftmaxCrossEntropyWithLogits"](np, features, labels)
    assert fused._softmax_cross_entropy.cache_info().currsize == 1  # numba's kernel ran
    tol = 1e-5 if dtype == np.float32 else 1e-12
    for g, w in zip(got, want):
        assert g.dtype == w.dtype and g.shape == w.shape
        np.testing.assert_array_equal(np.isnan(g), np.isnan(w))
        np.testing.assert_allclose(g, w, rtol=tol, atol=tol)


def test_softmax_cross_entropy_of_other_shapes_runs_numpys_kernel():
    from tinytf.ops import nn_ops

    features = np.ones((4, 6), np.float32)[:, ::2]  # not contiguous
    labels = np.full((4, 3), 1 / 3, np.float32)
    want = nn_ops.SoftmaxCrossEntropyWithLogits.kernel(np, features, labels)
    got = fused.OVERRIDES["SoftmaxCrossEntropyWithLogits"](np, features, labels)
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)
    empty = np.zeros((0, 3), np.float32)
    loss, backprop = fused.OVERRIDES["SoftmaxCrossEntropyWithLogits"](np, empty, empty)
    assert loss.shape == (0,) and backprop.shape == (0, 3)


def test_small_batches_and_variables_do_not_import_numba_for_themselves():
    import subprocess
    import sys

    code = (
        "import sys, numpy as np\n"
        "from tinytf.runtime.backends import fused\n"
        "f = np.ones((4, 3), np.float32)\n"
        "fused.OVERRIDES['SoftmaxCrossEntropyWithLogits'](np, f, f / 3)\n"
        "import tinytf as tf\n"  # and Adam on small variables, on the default backend
        "w = tf.Variable(np.ones((7, 3), np.float32))\n"
        "train = tf.train.AdamOptimizer(0.1).minimize(tf.reduce_sum(tf.square(w)))\n"
        "with tf.Session() as s:\n"
        "    s.run(tf.global_variables_initializer())\n"
        "    s.run(train)\n"
        "print('numba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr

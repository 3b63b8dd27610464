"""The oneDNN kernels against the NumPy kernels (the reference), over the shapes and attrs TF
programs use; the fallback to NumPy where oneDNN is missing, broken or not given the dtype."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from tinytf.ops import conv_ops, math_ops
from tinytf.runtime.backends import onednn

pytestmark = pytest.mark.skipif(not onednn.installed(), reason="the oneDNN extra is not installed")

kernels = pytest.importorskip("tinytf.runtime.backends.onednn.kernels")
OV = kernels.OVERRIDES

# (batch, height, width, in channels, kh, kw, out channels, stride, dilation, padding)
CONVS = [
    (1, 28, 28, 1, 5, 5, 32, 1, 1, "SAME"),
    (50, 14, 14, 32, 5, 5, 64, 1, 1, "SAME"),
    (2, 7, 9, 3, 3, 3, 32, 2, 1, "SAME"),
    (2, 8, 8, 3, 3, 3, 3, 2, 1, "VALID"),
    (1, 11, 13, 64, 3, 2, 1, 3, 1, "SAME"),
    (3, 10, 10, 32, 3, 3, 64, 1, 2, "SAME"),
    (1, 9, 9, 1, 2, 2, 3, 1, 3, "VALID"),
    (50, 5, 5, 3, 1, 1, 32, 2, 1, "SAME"),
]


def _arrays(rng, *shapes):
    return [rng.standard_normal(s).astype(np.float32) for s in shapes]


def _attrs(stride, dilation, padding):
    return {
        "strides": (1, stride, stride, 1),
        "padding": padding,
        "dilations": (1, dilation, dilation, 1),
        "data_format": "NHWC",
        "use_cudnn_on_gpu": True,
    }


def _close(got, want):
    assert got.dtype == want.dtype and got.shape == want.shape
    scale = max(float(np.abs(want).max(initial=0)), 1.0)
    np.testing.assert_allclose(got, want, rtol=0, atol=2e-5 * scale)


@pytest.mark.parametrize("case", CONVS, ids=[str(c) for c in CONVS])
def test_convolution_and_its_gradients_match_numpy(case):
    n, h, w, c, kh, kw, o, stride, dilation, padding = case
    if stride > 1 and dilation > 1:
        pytest.skip("TF refuses strides with dilations")
    rng = np.random.default_rng(sum(case[:7]))
    x, f = _arrays(rng, (n, h, w, c), (kh, kw, c, o))
    a = _attrs(stride, dilation, padding)
    want = conv_ops.Conv2D.kernel(np, x, f, **a)
    _close(OV["Conv2D"](np, x, f, **a), want)
    (dy,) = _arrays(rng, want.shape)
    xs, fs = np.array(x.shape, np.int32), np.array(f.shape, np.int32)
    _close(
        OV["Conv2DBackpropInput"](np, xs, f, dy, **a),
        conv_ops.Conv2DBackpropInput.kernel(np, xs, f, dy, **a),
    )
    _close(
        OV["Conv2DBackpropFilter"](np, x, fs, dy, **a),
        conv_ops.Conv2DBackpropFilter.kernel(np, x, fs, dy, **a),
    )


POOLS = [
    ((50, 28, 28, 32), 2, 2, "SAME"),
    ((2, 7, 7, 3), 2, 2, "SAME"),
    ((2, 9, 8, 1), 3, 2, "SAME"),
    ((1, 9, 8, 64), 3, 2, "VALID"),
    ((2, 6, 6, 3), 3, 1, "SAME"),
]


@pytest.mark.parametrize("case", POOLS, ids=[str(c) for c in POOLS])
def test_pooling_and_its_gradients_match_numpy(case):
    shape, k, s, padding = case
    rng = np.random.default_rng(shape[1] * k + s)
    # ReLU'd input: many ties of zeros, whose gradient goes to the first (as TF's)
    x = np.maximum(rng.standard_normal(shape).astype(np.float32), 0)
    a = {"ksize": (1, k, k, 1), "strides": (1, s, s, 1), "padding": padding, "data_format": "NHWC"}
    y = conv_ops.MaxPool.kernel(np, x, **a)
    np.testing.assert_array_equal(OV["MaxPool"](np, x, **a), y)
    (dy,) = _arrays(rng, y.shape)
    got, want = OV["MaxPoolGrad"](np, x, y, dy, **a), conv_ops.MaxPoolGrad.kernel(np, x, y, dy, **a)
    np.testing.assert_array_equal(got != 0, want != 0)  # the same inputs get the gradient
    _close(got, want)  # overlapping windows add in another order
    # the gradient of oneDNN's own pooling output takes the argmax its forward left
    y_dnn = OV["MaxPool"](np, x, **a)
    kept = kernels._workspaces.get(id(y_dnn))
    assert (kept is not None) == (x.size >= kernels._POOL_MIN_SIZE)
    got = OV["MaxPoolGrad"](np, x, y_dnn, dy, **a)
    np.testing.assert_array_equal(got != 0, want != 0)
    _close(got, want)
    if kept is not None:  # only for that output and that input array
        key = kept[2]
        assert kernels._kept_workspace(x, y_dnn, key) is kept[3]
        assert kernels._kept_workspace(x.copy(), y_dnn, key) is None
        assert kernels._kept_workspace(x, y_dnn.copy(), key) is None
        ident = id(y_dnn)
        del y_dnn
        assert ident not in kernels._workspaces  # gone with its output
    _close(OV["AvgPool"](np, x, **a), conv_ops.AvgPool.kernel(np, x, **a))
    xs = np.array(shape, np.int32)
    _close(OV["AvgPoolGrad"](np, xs, dy, **a), conv_ops.AvgPoolGrad.kernel(np, xs, dy, **a))


def test_float64_and_empty_inputs_run_the_numpy_kernel():
    rng = np.random.default_rng(0)
    x, f = (a.astype(np.float64) for a in _arrays(rng, (2, 5, 5, 3), (3, 3, 3, 4)))
    a = _attrs(1, 1, "SAME")
    got = OV["Conv2D"](np, x, f, **a)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, conv_ops.Conv2D.kernel(np, x, f, **a))
    empty = np.zeros((0, 5, 5, 3), np.float32)
    assert OV["Conv2D"](np, empty, f.astype(np.float32), **a).shape == (0, 5, 5, 4)


def test_primitives_are_made_once_per_signature():
    from tinytf.runtime.backends.onednn import primitives

    rng = np.random.default_rng(1)
    x, f = _arrays(rng, (3, 6, 6, 2), (2, 2, 2, 5))
    a = _attrs(1, 1, "VALID")
    OV["Conv2D"](np, x, f, **a)
    before = len(primitives.CACHE)
    for _ in range(3):
        OV["Conv2D"](np, x, f, **a)
    assert len(primitives.CACHE) == before


def test_one_primitive_run_from_several_threads_at_once_gives_each_its_own_result():
    import threading

    rng = np.random.default_rng(2)
    a = _attrs(1, 1, "SAME")
    f = _arrays(rng, (3, 3, 4, 8))[0]  # weights reordered into a buffer of each thread's
    inputs = _arrays(rng, *[(2, 9, 9, 4)] * 4)
    wants = [conv_ops.Conv2D.kernel(np, x, f, **a) for x in inputs]
    OV["Conv2D"](np, inputs[0], f, **a)  # one primitive for all of them
    got, barrier = [None] * 4, threading.Barrier(4)

    def run(k):
        barrier.wait()
        got[k] = [OV["Conv2D"](np, inputs[k], f, **a) for _ in range(20)]

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for want, runs in zip(wants, got):
        for y in runs:
            _close(y, want)


def _cnn_gradients():
    import tinytf as tf

    rng = np.random.default_rng(3)

    def variable(*shape, scale=0.2):
        return tf.Variable(rng.standard_normal(shape).astype(np.float32) * scale)

    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 12, 12, 1])
        w1, w2, b1, b2 = variable(5, 5, 1, 8), variable(3, 3, 8, 16), variable(8), variable(16)
        h = tf.nn.relu(tf.nn.conv2d(x, w1, [1, 1, 1, 1], "SAME") + b1)  # fused on oneDNN
        h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
        h = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(h, w2, [1, 2, 2, 1], "VALID"), b2))
        h = tf.nn.avg_pool(h, [1, 2, 2, 1], [1, 1, 1, 1], "SAME")
        loss = tf.reduce_sum(tf.square(h))
        grads = tf.gradients(loss, [x, w1, w2, b1, b2])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            feed = {x: rng.standard_normal((4, 12, 12, 1)).astype(np.float32)}
            values = sess.run([loss] + grads, feed)
            plan = [p for p in sess._plans.values() if len(p._fetch_slots) == 6][0]
            names = [getattr(step[0], "__name__", "") for step in plan._steps]
            return values, [op.type for op in plan._ops], names


def test_whole_cnn_gradients_equal_the_numpy_paths():
    from tinytf.runtime import backends
    from tinytf.runtime.backends.numpy_backend import NumpyBackend

    previous = backends.set_backend(NumpyBackend())
    try:
        want, numpy_ops, _ = _cnn_gradients()
    finally:
        backends.set_backend(onednn.OneDNNBackend())
    try:
        got, fused_ops, fused_steps = _cnn_gradients()
    finally:
        backends.set_backend(previous)
    for g, w in zip(got, want):
        _close(np.asarray(g), np.asarray(w))
    assert {"Add", "BiasAdd", "Relu"} <= set(numpy_ops)
    assert not {"Add", "BiasAdd", "Relu"} & set(fused_ops)  # conv + bias + relu: one step
    # ReluGrad(MaxPoolGrad(r, y, dy), r): the mask on the pooled side, then the pooling's
    # gradient; b1's Sum reads the masked values
    steps = dict(zip(fused_steps, fused_ops))
    assert steps["pooled_mask"] == "MaxPoolGrad" and steps["pool_relu_grad"] == "ReluGrad"
    assert steps["leading_sum"] == "Sum"


@pytest.mark.parametrize("k,s", [(2, 2), (3, 2), (3, 1)])
def test_a_relu_pool_gradient_masks_the_pooled_side_as_relu_grad_masks_its_input(k, s):
    from tinytf.ops import nn_ops
    from tinytf.runtime.backends.onednn import fusion

    rng = np.random.default_rng(k * 10 + s)
    r = np.maximum(rng.standard_normal((2, 9, 9, 3)).astype(np.float32), 0)
    r[0, :4, :4, :] = 0  # whole windows of zeros (their gradient goes to a zero: masked)
    a = {"ksize": (1, k, k, 1), "strides": (1, s, s, 1), "padding": "SAME", "data_format": "NHWC"}
    y = conv_ops.MaxPool.kernel(np, r, **a)
    dy = rng.standard_normal(y.shape).astype(np.float32)
    dy[1, 0, 0, 0] = np.nan  # NaN times a mask's zero stays NaN, as in TF's ReluGrad
    dy[0, 0, 0, 1] = np.nan

    def pool_grad(r, y, dy):
        return conv_ops.MaxPoolGrad.kernel(np, r, y, dy, **a)

    def relu_grad(g, r):
        return nn_ops.ReluGrad.kernel(np, g, r)

    fused = fusion._masked_pool_grad(pool_grad, relu_grad)
    want = relu_grad(pool_grad(r, y, dy), r)
    for masked in (fusion._pooled_mask(relu_grad)(y, dy), None):  # None: both kernels, in turn
        got = fused(r, y, dy, masked)
        np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
        _close(np.nan_to_num(got), np.nan_to_num(want))
    # each channel's total of the gradient is the masked pooled gradient's (the bias sums)
    dy[1, 0, 0, 0] = dy[0, 0, 0, 1] = 0
    total = relu_grad(pool_grad(r, y, dy), r).astype(np.float64).sum(axis=(0, 1, 2))
    pooled = fusion._pooled_mask(relu_grad)(y, dy).astype(np.float64).sum(axis=(0, 1, 2))
    np.testing.assert_allclose(pooled, total, rtol=1e-6, atol=1e-6)


def _bias_pool_gradients(backend, bias_op, pool, x_shape):
    import tinytf as tf
    from tinytf.runtime import backends

    k, stride, padding = pool
    rng = np.random.default_rng(k + stride)
    previous = backends.set_backend(backend)
    try:
        with tf.Graph().as_default():
            x = tf.constant(rng.standard_normal(x_shape).astype(np.float32))
            w = tf.Variable(rng.standard_normal((3, 3, x_shape[3], 16)).astype(np.float32) * 0.3)
            b = tf.Variable(rng.standard_normal(16).astype(np.float32) * 0.3)
            c = tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME")
            h = tf.nn.relu(c + b if bias_op == "add" else tf.nn.bias_add(c, b))
            p = tf.nn.max_pool(h, [1, k, k, 1], [1, stride, stride, 1], padding)
            loss = tf.reduce_sum(p * rng.standard_normal(p.shape.as_list()).astype(np.float32))
            grads = tf.gradients(loss, [b, w])
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                values = sess.run(grads)
                plan = [p for p in sess._plans.values() if len(p._fetch_slots) == 2][0]
                return values, [getattr(st[0], "__name__", "") for st in plan._steps]
    finally:
        backends.set_backend(previous)


@pytest.mark.parametrize("bias_op", ["add", "bias_add"])
@pytest.mark.parametrize("pool", [(2, 2, "SAME"), (3, 2, "VALID"), (3, 1, "SAME")])
@pytest.mark.parametrize("x_shape", [(3, 9, 9, 4), (8, 32, 32, 2)])  # NumPy's, oneDNN's pooling
def test_a_bias_gradient_under_a_max_pooling_sums_the_pooled_side(bias_op, pool, x_shape):
    from tinytf.runtime.backends.numpy_backend import NumpyBackend

    want, _ = _bias_pool_gradients(NumpyBackend(), bias_op, pool, x_shape)
    got, steps = _bias_pool_gradients(onednn.OneDNNBackend(), bias_op, pool, x_shape)
    assert ("leading_sum" if bias_op == "add" else "bias_add_grad") in steps
    for g, w in zip(got, want):
        _close(np.asarray(g), np.asarray(w))


def test_conv_bias_relu_is_not_fused_where_their_values_are_read():
    import tinytf as tf
    from tinytf.runtime import backends

    rng = np.random.default_rng(5)
    xv = rng.standard_normal((2, 6, 6, 3)).astype(np.float32)
    wv = rng.standard_normal((3, 3, 3, 4)).astype(np.float32)
    bv = rng.standard_normal(4).astype(np.float32)
    cv = conv_ops.Conv2D.kernel(np, xv, wv, **_attrs(1, 1, "SAME"))
    previous = backends.set_backend(onednn.OneDNNBackend())
    try:
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, [None, 6, 6, 3])
            c = tf.nn.conv2d(x, tf.Variable(wv), [1, 1, 1, 1], "SAME")
            s = c + tf.Variable(bv)
            r = tf.nn.relu(s)
            for extra, fused in (([], True), ([c], False), ([s], False)):
                with tf.Session() as sess:
                    sess.run(tf.global_variables_initializer())
                    values = sess.run([r] + extra, {x: xv})
                    plan = [
                        p for p in sess._plans.values() if len(p._fetch_slots) == 1 + len(extra)
                    ]
                    assert ("Relu" not in [op.type for op in plan[-1]._ops]) == fused
                _close(values[0], np.maximum(cv + bv, 0))
    finally:
        backends.set_backend(previous)


def _run_child(env_extra):
    code = textwrap.dedent(
        """
        import warnings
        import numpy as np
        import tinytf as tf
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            x = tf.constant(np.ones((1, 4, 4, 1), np.float32))
            y = tf.nn.conv2d(x, tf.ones([2, 2, 1, 1]), [1, 1, 1, 1], "VALID")
            with tf.Session() as sess:
                a, b = sess.run(y), sess.run(y + 0)
        print(sorted(set(a.ravel().tolist())), len(caught), caught and str(caught[0].message))
        """
    )
    env = {**os.environ, **env_extra}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_a_missing_library_falls_back_to_numpy_with_one_warning(tmp_path):
    out = _run_child({"TINYTF_BACKEND": "onednn", "TINYTF_ONEDNN_LIBRARY": str(tmp_path / "no")})
    assert out.startswith("[4.0] 1 tinytf: oneDNN is not usable")


def test_a_broken_library_falls_back_to_numpy_with_one_warning(tmp_path):
    broken = tmp_path / "libdnnl.so.3"
    broken.write_bytes(b"not a shared library")
    out = _run_child({"TINYTF_ONEDNN_LIBRARY": str(broken)})
    assert out.startswith("[4.0] 1 tinytf: oneDNN is not usable")


def test_tinytf_backend_numpy_forces_the_numpy_kernels():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tinytf.runtime.backends import get_backend as g; print(g().name)",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "TINYTF_BACKEND": "numpy"},
    )
    assert out.stdout.strip() == "numpy"
    bad = subprocess.run(
        [sys.executable, "-c", "from tinytf.runtime.backends import get_backend as g; g()"],
        capture_output=True,
        text=True,
        env={**os.environ, "TINYTF_BACKEND": "cuda"},
    )
    assert "TINYTF_BACKEND must be 'numpy' or 'onednn'" in bad.stderr


@pytest.mark.parametrize("ta", [False, True])
@pytest.mark.parametrize("tb", [False, True])
@pytest.mark.parametrize("mkn", [(50, 3136, 64), (3, 5, 7), (1, 2051, 1023), (3, 1025, 1024)])
def test_matmul_matches_numpy_either_operand_transposed(mkn, ta, tb):
    m, k, n = mkn
    rng = np.random.default_rng(m + k + n)
    a, b = _arrays(rng, (k, m) if ta else (m, k), (n, k) if tb else (k, n))
    want = (a.T if ta else a) @ (b.T if tb else b)
    _close(OV["MatMul"](np, a, b, transpose_a=ta, transpose_b=tb), want)


def test_intra_op_parallelism_threads_limits_onednns_openmp_threads():
    from threadpoolctl import threadpool_info

    import tinytf as tf
    from tinytf.runtime import backends

    def omp_threads():
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "openmp"]

    previous = backends.set_backend(onednn.OneDNNBackend())
    try:
        config = tf.ConfigProto(intra_op_parallelism_threads=1)
        with tf.Graph().as_default(), tf.Session(config=config):
            assert omp_threads() and set(omp_threads()) == {1}
    finally:
        backends.set_backend(previous)


@pytest.mark.parametrize("shape", [(1, 5, 5, 3), (50, 7, 7, 32), (2, 4, 3, 64)])
@pytest.mark.parametrize("radius", [1, 2, 5])
def test_lrn_and_its_gradient_match_numpy(shape, radius):
    from tinytf.ops import normalization_ops as N

    rng = np.random.default_rng(radius + shape[-1])
    x, dy = _arrays(rng, shape, shape)
    a = {"depth_radius": radius, "bias": 1.5, "alpha": 0.3, "beta": 0.75}
    y = N.LRN.kernel(np, x, **a)
    _close(OV["LRN"](np, x, **a), y)
    _close(OV["LRNGrad"](np, dy, x, y, **a), N.LRNGrad.kernel(np, dy, x, y, **a))


@pytest.mark.parametrize("op", ["FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3"])
@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("shape", [(1, 3, 3, 1), (50, 7, 7, 32), (4, 5, 2, 64)])
def test_fused_batch_norm_and_its_gradient_match_numpy(op, training, shape):
    from tinytf.ops import normalization_ops as N

    rng = np.random.default_rng(shape[-1] + training)
    c = shape[-1]
    x, dy = _arrays(rng, shape, shape)
    scale, offset, mean = _arrays(rng, (c,), (c,), (c,))
    variance = np.abs(_arrays(rng, (c,))[0]) + 0.5
    a = {"epsilon": 0.001, "data_format": "NHWC", "is_training": training}
    want = getattr(N, op).kernel(np, x, scale, offset, mean, variance, **a)
    got = OV[op](np, x, scale, offset, mean, variance, **a)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        _close(np.asarray(g), np.asarray(w))
    grad_op = op.replace("FusedBatchNorm", "FusedBatchNormGrad")
    saved = list(want[3:5]) + [np.zeros((0,), np.float32)] * (op == "FusedBatchNormV3")
    gw = getattr(N, grad_op).kernel(np, dy, x, scale, *saved, **a)
    gg = OV[grad_op](np, dy, x, scale, *saved, **a)
    for g, w in zip(gg, gw):
        _close(np.asarray(g), np.asarray(w))
    from tinytf.runtime.backends.onednn import primitives

    ran = {k[0] for k in primitives.CACHE._items if k[1] == shape}
    assert {"FusedBatchNorm", "FusedBatchNormGrad"} <= ran  # oneDNN's, not the fallback


def test_shapes_that_do_not_fit_get_the_numpy_kernels_error_not_a_read_past_the_array():
    rng = np.random.default_rng(11)
    x, f = _arrays(rng, (2, 6, 6, 3), (3, 3, 3, 4))
    a = _attrs(1, 1, "SAME")
    small_dy = _arrays(rng, (2, 3, 3, 4))[0]  # the output of this conv is 2x6x6x4
    pool = {
        "ksize": (1, 1, 1, 1),
        "strides": (1, 1, 1, 1),
        "padding": "SAME",
        "data_format": "NHWC",
    }
    cases = [
        ("Conv2D", (x, _arrays(rng, (3, 3, 5, 4))[0]), a),  # depth 3 against the filter's 5
        ("Conv2DBackpropInput", (np.array(x.shape, np.int32), f, small_dy), a),
        ("Conv2DBackpropFilter", (x, np.array(f.shape, np.int32), small_dy), a),
        ("MaxPoolGrad", (x, x, small_dy[..., :3]), pool),
        (
            "MatMul",
            _arrays(rng, (64, 300), (200, 400)),
            {"transpose_a": False, "transpose_b": False},
        ),
    ]
    for op, inputs, attrs in cases:
        reference = getattr(conv_ops, op, None) or math_ops.MatMul
        with pytest.raises(Exception) as want:
            reference.kernel(np, *inputs, **attrs)
        with pytest.raises(type(want.value)) as got:
            OV[op](np, *inputs, **attrs)
        assert str(got.value) == str(want.value), op


def test_once_onednn_runs_numpys_blas_keeps_to_one_thread_unless_told_otherwise():
    code = (
        "import tinytf as tf\n"
        "from threadpoolctl import threadpool_info\n"
        "with tf.Session() as s:\n"
        "    big = tf.ones([1, 256, 256, 4])\n"  # large enough for oneDNN's pooling
        "    s.run(tf.nn.max_pool(big, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID'))\n"
        "    v = s.run(tf.matmul(tf.ones([1, 2048]), tf.ones([2048, 1024])))\n"  # numba's threads
        "    assert v.shape == (1, 1024) and (v == 2048).all()\n"
        "print(sorted({i['num_threads'] for i in threadpool_info()\n"
        "              if i['user_api'] == 'blas' and 'numpy' in i['filepath']}))\n"
    )
    for env, want in (({}, "[1]"), ({"OPENBLAS_NUM_THREADS": "2"}, "[2]")):
        environ = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={**environ, "TINYTF_BACKEND": "onednn", **env},
        )
        assert out.stdout.strip() == want, out.stderr


@pytest.mark.parametrize("shape", [(700, 10000), (4, 5, 8192), (3, 7)])
def test_softmax_and_log_softmax_match_numpy(shape):
    from tinytf.ops import nn_ops

    x = _arrays(np.random.default_rng(shape[-1]), shape)[0] * 4
    for op in ("Softmax", "LogSoftmax"):
        _close(OV[op](np, x), getattr(nn_ops, op).kernel(np, x))


@pytest.mark.parametrize("rows", [700, 1, 33])
def test_sparse_softmax_cross_entropy_matches_numpy(rows):
    from tinytf.ops import nn_ops

    rng = np.random.default_rng(rows)
    x = _arrays(rng, (rows, 10000))[0] * 5
    labels = rng.integers(0, 10000, rows).astype(np.int32)
    x[0, :] = -50.0
    x[0, 3] = 150.0  # the label's probability underflows: the loss is still log-sum-exp's
    labels[0] = 9
    loss, backprop = OV["SparseSoftmaxCrossEntropyWithLogits"](np, x, labels)
    want_loss, want_backprop = nn_ops.SparseSoftmaxCrossEntropyWithLogits.kernel(np, x, labels)
    np.testing.assert_allclose(loss, want_loss, rtol=2e-6, atol=2e-6)
    assert loss[0] == pytest.approx(200.0)
    _close(backprop, want_backprop)
    labels[-1] = 10000
    with pytest.raises(Exception, match="label value of 10000 which is outside"):
        OV["SparseSoftmaxCrossEntropyWithLogits"](np, x, labels)


def test_matmul_bias_relu_fuse_into_one_product_where_nothing_reads_their_values():
    import tinytf as tf
    from tinytf.runtime import backends

    rng = np.random.default_rng(8)
    av, wv = _arrays(rng, (64, 512), (512, 256))
    bv, other = _arrays(rng, (256,), (64, 256))
    product = av @ wv
    previous = backends.set_backend(onednn.OneDNNBackend())
    try:
        with tf.Graph().as_default():
            a = tf.placeholder(tf.float32, [None, 512])
            m = tf.matmul(a, tf.Variable(wv))
            s = m + tf.Variable(bv)
            r = tf.nn.relu(s)
            wide = m + tf.Variable(other)  # a bias that is not one per column: not fusable
            bias_add = tf.nn.bias_add(m, bv)
            # (fetches, the ops fused away, the ops left): the fused step keeps MatMul's name;
            # `wide` is fused when compiled, and its run falls back to MatMul then Add
            cases = (([r], {"Add", "Relu"}, set()), ([bias_add], {"BiasAdd"}, set()),
                     ([r, m], set(), {"Add", "Relu"}), ([r, s], {"Add"}, {"Relu"}),
                     ([wide], {"Add"}, set()))
            for fetches, fused_away, left in cases:
                with tf.Session() as sess:
                    sess.run(tf.global_variables_initializer())
                    values = sess.run(fetches, {a: av})
                    plan = [p for p in sess._plans.values() if len(p._fetch_slots) == len(fetches)]
                    types = set(op.type for op in plan[-1]._ops)
                    assert not fused_away & types and left <= types, (fetches, types)
                want = {r: np.maximum(product + bv, 0), m: product, s: product + bv,
                        wide: product + other, bias_add: product + bv}
                for t, v in zip(fetches, values):
                    _close(v, want[t])
    finally:
        backends.set_backend(previous)


def test_a_sum_of_two_products_fuses_one_of_them_only():
    import tinytf as tf
    from tinytf.runtime import backends

    rng = np.random.default_rng(9)
    av, w1, w2 = _arrays(rng, (64, 512), (512, 256), (512, 256))
    previous = backends.set_backend(onednn.OneDNNBackend())
    try:
        with tf.Graph().as_default():
            a = tf.placeholder(tf.float32, [None, 512])
            s = tf.matmul(a, tf.Variable(w1)) + tf.matmul(a, tf.Variable(w2))
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                _close(sess.run(s, {a: av}), av @ w1 + av @ w2)
    finally:
        backends.set_backend(previous)


@pytest.mark.parametrize("axes", [[0, 1, 2], [0], [-4, -3], [3], [1, 2], [0, 2]])
@pytest.mark.parametrize("keep_dims", [False, True])
def test_sums_over_leading_axes_match_the_exact_sum(axes, keep_dims):
    from tinytf.ops import reduction_ops

    x = _arrays(np.random.default_rng(len(axes)), (50, 28, 28, 32))[0]
    got = OV["Sum"](np, x, np.array(axes, np.int32), keep_dims=keep_dims)
    want = np.sum(x.astype(np.float64), axis=tuple(axes), keepdims=keep_dims)
    numpy_kernel = reduction_ops.Sum.kernel(np, x, np.array(axes), keep_dims=keep_dims)
    assert got.shape == numpy_kernel.shape and got.dtype == np.float32
    np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-3)

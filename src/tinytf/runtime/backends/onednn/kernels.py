"""oneDNN kernels by TF op type: the same `kernel(xp, ...)` signature and results as the NumPy
kernels in ops/conv_ops.py, which stay the reference and take over for anything oneDNN is not
given here (float64, empty tensors) or where the library does not load (one warning)."""

import functools
import warnings
import weakref

import numpy as np

from tinytf.ops import conv_ops, math_ops, nn_ops, normalization_ops, reduction_ops
from tinytf.runtime.backends import fused
from tinytf.runtime.backends.onednn import capi
from tinytf.runtime.backends.onednn import primitives as P

_state = {}


def library(quiet_blas=True):
    """The loaded library, or None where it cannot be used (warned once); the first kernel's
    call also quiets NumPy's BLAS (a Session only loading it to limit its threads does not)."""
    if quiet_blas and "lib" in _state and "blas" not in _state and _state["lib"] is not None:
        _state["blas"] = _quiet_blas()
    if "lib" not in _state:
        try:
            _state["lib"] = capi.load()
            if quiet_blas:
                _state["blas"] = _quiet_blas()
        except (OSError, capi.OneDNNError, AttributeError) as e:
            _state["lib"] = None
            warnings.warn(
                f"tinytf: oneDNN is not usable ({e}); running NumPy kernels", stacklevel=2
            )
    return _state["lib"]


def _quiet_blas():
    """NumPy's BLAS on one thread from now on (unless its thread count was set): its idle
    threads spin for a while after each call, on the cores oneDNN's kernels need next
    (measured: the CNN's batch-100 inference 32-52 ms with them, 15-17 ms without), and
    OpenMP's idle threads spin on the cores BLAS's would need. The large MatMuls run on
    oneDNN's threads instead, a few rows against many weights on numba's (fused.py)."""
    import os

    if any(os.environ.get(v) for v in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")):
        return None
    from threadpoolctl import ThreadpoolController

    blas = ThreadpoolController().select(user_api="blas")
    blas.limit(limits=1)
    return blas


def _usable(*arrays):
    return all(a.dtype == np.float32 and a.size for a in arrays) and library() is not None


def _f32(array):
    return np.ascontiguousarray(array, dtype=np.float32)


class _ShapeMismatchError(Exception):
    """Inputs whose shapes do not fit together: the NumPy kernel says what TF says of them."""


def _expect(*conditions):
    if not all(conditions):
        raise _ShapeMismatchError


def _override(opdef, arrays_at=(0,), when=None):
    """Decorates a oneDNN kernel of `opdef`: its NumPy kernel runs where oneDNN cannot (or
    where `when(*inputs, **attrs)` says no, or the shapes do not fit: oneDNN would read past
    an array given the wrong shape)."""
    fallback = opdef.kernel

    def wrap(fn):
        @functools.wraps(fn)
        def kernel(xp, *inputs, **attrs):
            if (when is None or when(*inputs, **attrs)) and _usable(
                *(inputs[k] for k in arrays_at)
            ):
                try:
                    return fn(library(), *inputs, **attrs)
                except (_ShapeMismatchError, capi.OneDNNError):  # outputs are new: nothing to undo
                    pass
            return fallback(xp, *inputs, **attrs)

        kernel.onednn = True
        OVERRIDES[opdef.type_name] = kernel
        return kernel

    return wrap


OVERRIDES = {}


def _conv_geometry(x_shape, f_shape, strides, padding, dilations):
    kh, kw, _, o = f_shape
    geo = conv_ops._geometry(x_shape, kh, kw, strides, dilations, padding)
    (oh, top, bottom), (ow, left, right) = geo
    y_shape = (x_shape[0], oh, ow, o)
    key = (tuple(x_shape), tuple(f_shape), tuple(strides), tuple(dilations), padding)
    make = functools.partial(
        P.ConvGeometry,
        x_shape,
        f_shape,
        y_shape,
        strides[1:3],
        dilations[1:3],
        ((top, bottom), (left, right)),
    )
    return y_shape, key, make


def conv_bias_relu_usable(x, f, bias):
    """Whether relu(conv2d(x, f) + bias) can run as one oneDNN convolution."""
    return (
        x.ndim == 4
        and f.ndim == 4
        and x.shape[3] == f.shape[2]
        and getattr(bias, "shape", None) == (f.shape[3],)
        and bias.dtype == np.float32
        and _usable(x, f)
    )


def conv2d_bias_relu(lib, x, f, bias, *, strides, padding, dilations):
    """relu(conv2d(x, f) + bias), the bias and ReLU fused into the convolution's output."""
    y_shape, key, geo = _conv_geometry(x.shape, f.shape, strides, padding, dilations)
    prim = P.CACHE.get(("Conv2DBiasRelu",) + key, lambda: P.convolution_bias_relu(lib, geo()))
    y = np.empty(y_shape, np.float32)
    args = {capi.ARG_SRC: _f32(x), capi.ARG_WEIGHTS: _f32(f), capi.ARG_BIAS: _f32(bias)}
    prim({**args, capi.ARG_DST: y})
    return y


def _sizes(sizes):
    return tuple(int(s) for s in np.asarray(sizes).tolist())


@_override(conv_ops.Conv2D, arrays_at=(0, 1))
def conv2d(lib, x, f, *, strides, padding, dilations, **_):
    _expect(x.ndim == 4, f.ndim == 4, x.shape[-1] == f.shape[-2])
    y_shape, key, geo = _conv_geometry(x.shape, f.shape, strides, padding, dilations)
    prim = P.CACHE.get(("Conv2D",) + key, lambda: P.convolution(lib, geo(), "forward"))
    y = np.empty(y_shape, np.float32)
    prim({capi.ARG_SRC: _f32(x), capi.ARG_WEIGHTS: _f32(f), capi.ARG_DST: y})
    return y


@_override(conv_ops.Conv2DBackpropInput, arrays_at=(1, 2))
def conv2d_backprop_input(lib, sizes, f, dy, *, strides, padding, dilations, **_):
    x_shape = _sizes(sizes)
    _expect(len(x_shape) == 4, f.ndim == 4, x_shape[-1] == f.shape[-2])
    y_shape, key, geo = _conv_geometry(x_shape, f.shape, strides, padding, dilations)
    _expect(dy.shape == y_shape)
    prim = P.CACHE.get(
        ("Conv2DBackpropInput",) + key, lambda: P.convolution(lib, geo(), "backward_data")
    )
    dx = np.empty(x_shape, np.float32)
    prim({capi.ARG_DIFF_SRC: dx, capi.ARG_WEIGHTS: _f32(f), capi.ARG_DIFF_DST: _f32(dy)})
    return dx


@_override(conv_ops.Conv2DBackpropFilter, arrays_at=(0, 2))
def conv2d_backprop_filter(lib, x, sizes, dy, *, strides, padding, dilations, **_):
    f_shape = _sizes(sizes)
    _expect(len(f_shape) == 4, x.ndim == 4, x.shape[-1] == f_shape[-2])
    y_shape, key, geo = _conv_geometry(x.shape, f_shape, strides, padding, dilations)
    _expect(dy.shape == y_shape)
    make = lambda: P.convolution(lib, geo(), "backward_weights")  # noqa: E731
    prim = P.CACHE.get(("Conv2DBackpropFilter",) + key, make)
    df = np.empty(f_shape, np.float32)
    prim({capi.ARG_SRC: _f32(x), capi.ARG_DIFF_WEIGHTS: df, capi.ARG_DIFF_DST: _f32(dy)})
    return df


def _pool_geometry(x_shape, ksize, strides, padding):
    geo = conv_ops._geometry(x_shape, ksize[1], ksize[2], strides, (1, 1, 1, 1), padding)
    (oh, top, bottom), (ow, left, right) = geo
    y_shape = (x_shape[0], oh, ow, x_shape[3])
    key = (tuple(x_shape), tuple(ksize), tuple(strides), padding)
    make = functools.partial(
        P.PoolGeometry, x_shape, y_shape, ksize[1:3], strides[1:3], ((top, bottom), (left, right))
    )
    return y_shape, key, make


def _pool(lib, kind, alg, x, ksize, strides, padding):
    _expect(x.ndim == 4)
    y_shape, key, geo = _pool_geometry(x.shape, ksize, strides, padding)
    training = alg == capi.POOLING_MAX  # leaves the argmax for MaxPoolGrad (below)
    geo = P.CACHE.get(("PoolGeometry",) + key, geo)
    name = "MaxPoolTraining" if training else kind  # the same primitive MaxPoolGrad uses
    prim = P.CACHE.get((name,) + key, lambda: P.pool_forward(lib, geo, alg, training=training))
    y = np.empty(y_shape, np.float32)
    workspace = prim.new_workspace() if training else None
    prim({capi.ARG_SRC: _f32(x), capi.ARG_DST: y}, workspace)
    if workspace is not None:
        _keep_workspace(x, y, key, workspace)
    return y


# MaxPool's output (by id) -> (its weak reference, its input's, the pooling's key, the argmax
# workspace oneDNN wrote): MaxPoolGrad given that same output and input uses the workspace
# instead of running the forward again; an entry goes when its output array does
_workspaces = {}


def _keep_workspace(x, y, key, workspace):
    ident = id(y)

    def forget(_):
        _workspaces.pop(ident, None)

    _workspaces[ident] = (weakref.ref(y, forget), weakref.ref(x), key, workspace)


def _kept_workspace(x, y, key):
    found = _workspaces.get(id(y))
    if found is None or found[0]() is not y or found[1]() is not x or found[2] != key:
        return None
    return found[3]


_POOL_MIN_SIZE = 1 << 17  # measured: below, NumPy's pooling beats oneDNN's call and threads


def _big_input(x, *_, **__):
    return x.size >= _POOL_MIN_SIZE


def _big_output(shape, *_, **__):
    return np.prod(shape) >= _POOL_MIN_SIZE


@_override(conv_ops.MaxPool, when=_big_input)
def max_pool(lib, x, *, ksize, strides, padding, **_):
    return _pool(lib, "MaxPool", capi.POOLING_MAX, x, ksize, strides, padding)


@_override(conv_ops.AvgPool, when=_big_input)
def avg_pool(lib, x, *, ksize, strides, padding, **_):
    return _pool(lib, "AvgPool", capi.POOLING_AVG_EXCLUDE_PADDING, x, ksize, strides, padding)


@_override(conv_ops.MaxPoolGrad, arrays_at=(0, 2), when=_big_input)
def max_pool_grad(lib, x, y, dy, *, ksize, strides, padding, **_):
    # TF's op has no workspace: the forward MaxPool's argmax where this is its output and
    # input (the usual gradient graph), else the forward runs again (training) to leave it
    _expect(x.ndim == 4)
    y_shape, key, geo = _pool_geometry(x.shape, ksize, strides, padding)
    _expect(dy.shape == y_shape)
    geo = P.CACHE.get(("PoolGeometry",) + key, geo)
    fwd = P.CACHE.get(
        ("MaxPoolTraining",) + key,
        lambda: P.pool_forward(lib, geo, capi.POOLING_MAX, training=True),
    )
    bwd = P.CACHE.get(("MaxPoolGrad",) + key, lambda: P.pool_backward(lib, geo, capi.POOLING_MAX))
    workspace = _kept_workspace(x, y, key)
    if workspace is None:
        workspace = fwd.new_workspace()
        fwd({capi.ARG_SRC: _f32(x), capi.ARG_DST: np.empty(y_shape, np.float32)}, workspace)
    dx = np.empty(x.shape, np.float32)
    bwd({capi.ARG_DIFF_SRC: dx, capi.ARG_DIFF_DST: _f32(dy)}, workspace)
    return dx


@_override(conv_ops.AvgPoolGrad, arrays_at=(1,), when=_big_output)
def avg_pool_grad(lib, shape, dy, *, ksize, strides, padding, **_):
    x_shape = _sizes(shape)
    _expect(len(x_shape) == 4)
    y_shape, key, geo = _pool_geometry(x_shape, ksize, strides, padding)
    _expect(dy.shape == y_shape)
    make = lambda: P.pool_backward(lib, geo(), capi.POOLING_AVG_EXCLUDE_PADDING)  # noqa: E731
    prim = P.CACHE.get(("AvgPoolGrad",) + key, make)
    dx = np.empty(x_shape, np.float32)
    prim({capi.ARG_DIFF_SRC: dx, capi.ARG_DIFF_DST: _f32(dy)})
    return dx


_MATMUL_MIN_MACS = 1 << 22  # measured: below ~4M multiply-adds NumPy's matmul is faster
_WIDE_WEIGHTS = 1 << 20  # a few rows against 1M+ weights: memory-bound, all cores pay


def _dims(a, b, transpose_a, transpose_b):
    """(m, k, b's k, n) of matmul(a, b) of 2-D a and b."""
    m, k = a.shape[::-1] if transpose_a else a.shape
    kb, n = b.shape[::-1] if transpose_b else b.shape
    return m, k, kb, n


def _product(lib, a, b, transpose_a, transpose_b, bias=None, relu=False):
    """matmul(a, b) on oneDNN, with a bias of n values added (and a ReLU) as it is written."""
    m, k, _, n = _dims(a, b, transpose_a, transpose_b)
    key = ("MatMul", m, k, n, transpose_a, transpose_b, bias is not None, relu)
    make = lambda: P.matmul(lib, m, k, n, transpose_a, transpose_b, bias is not None, relu)  # noqa: E731
    c = np.empty((m, n), np.float32)
    args = {capi.ARG_SRC: _f32(a), capi.ARG_WEIGHTS: _f32(b), capi.ARG_DST: c}
    if bias is not None:
        args[capi.ARG_BIAS] = _f32(bias)
    P.CACHE.get(key, make)(args)
    return c


def _not_small(a, b, *, transpose_b, **_):
    """Whether a product is large or has many weights (the cases below: m * k * n is a's size
    times n); any other goes straight to NumPy's kernel, whose call costs less."""
    if a.ndim != 2 or b.ndim != 2:
        return True
    n = b.shape[0] if transpose_b else b.shape[1]
    return a.size * n >= _MATMUL_MIN_MACS or b.size >= _WIDE_WEIGHTS


@_override(math_ops.MatMul, arrays_at=(0, 1), when=_not_small)
def matmul(lib, a, b, *, transpose_a, transpose_b):
    # oneDNN's GEMM shares the OpenMP threads of the convolutions (BLAS threads beside them
    # wait on each other's cores); small products stay with NumPy, whose call costs less.
    _expect(a.ndim == 2, b.ndim == 2)
    m, k, kb, n = _dims(a, b, transpose_a, transpose_b)
    _expect(k == kb)
    if m * k * n >= _MATMUL_MIN_MACS:
        return _product(lib, a, b, transpose_a, transpose_b)
    if m <= 8 and k * n >= _WIDE_WEIGHTS and not transpose_b and b.flags.c_contiguous:
        # a few rows against many weights: memory-bound, so all cores pay; oneDNN's GEMV is
        # slower than numba's (measured: 0.79 against 0.35 ms for 1x3136x1024)
        product = fused.rows_product(a.T if transpose_a else a, b)
        if product is not None:
            return product
    return math_ops.MatMul.kernel(np, a, b, transpose_a=transpose_a, transpose_b=transpose_b)


def _leading_sum_usable(x, axes, *, keep_dims):
    return x.dtype == np.float32 and x.size >= 1 << 16 and x.ndim >= 2 and x.flags.c_contiguous


@_override(reduction_ops.Sum, when=_leading_sum_usable)
def leading_sum(lib, x, axes, *, keep_dims):
    # a sum over the leading axes (the bias gradients of convolutions and dense layers) as a
    # vector-matrix product: BLAS's GEMV reads the rows once; NumPy's sum over axis 0 is 4-5x
    # slower there (measured); any other axes: NumPy's kernel. Not on all BLAS threads: their
    # spinning after the call halves the next oneDNN kernels (the CNN step took 2x, measured)
    reduced = sorted({int(a) % x.ndim for a in np.ravel(axes)})
    _expect(bool(reduced), reduced == list(range(len(reduced))), len(reduced) < x.ndim)
    rows = int(np.prod(x.shape[: len(reduced)]))
    total = np.ones(rows, np.float32) @ x.reshape(rows, -1)
    kept = (1,) * len(reduced) if keep_dims else ()
    return total.reshape(kept + x.shape[len(reduced):])


_SOFTMAX_MIN_SIZE = 1 << 16  # below, NumPy's passes stay in cache and cost less than a call


def _large(x, *_):
    return x.ndim >= 1 and x.size >= _SOFTMAX_MIN_SIZE and x.shape[-1] > 1


def _softmax(lib, x, log):
    x = _f32(x)
    key = ("LogSoftmax" if log else "Softmax", x.shape)
    prim = P.CACHE.get(key, lambda: P.softmax(lib, x.shape, log))
    y = np.empty(x.shape, np.float32)
    prim({capi.ARG_SRC: x, capi.ARG_DST: y})
    return y


@_override(nn_ops.Softmax, when=_large)
def softmax(lib, logits):
    return _softmax(lib, logits, log=False)


@_override(nn_ops.LogSoftmax, when=_large)
def log_softmax(lib, logits):
    return _softmax(lib, logits, log=True)


@_override(nn_ops.SparseSoftmaxCrossEntropyWithLogits, when=_large)
def sparse_softmax_cross_entropy(lib, features, labels):
    # one vectorized, threaded pass for the softmax (the backprop, and the loss -log(p) of
    # each row's label); rows where p underflows get their loss from log-sum-exp instead
    n, k = features.shape
    _expect(labels.shape == (n,), not labels.size or (labels.min() >= 0 and labels.max() < k))
    backprop = _softmax(lib, features, log=False)
    rows = np.arange(n)
    p = backprop[rows, labels]
    with np.errstate(divide="ignore"):
        loss = -np.log(p)
    tiny = np.flatnonzero(p < np.finfo(np.float32).tiny * 1e6)
    if tiny.size:
        x = features[tiny]
        top = x.max(axis=1)
        total = np.log(np.exp(x - top[:, None]).sum(axis=1))
        loss[tiny] = total + top - x[np.arange(tiny.size), labels[tiny]]
    backprop[rows, labels] -= 1
    return [loss, backprop]


def matmul_bias_usable(a, b, bias, transpose_a, transpose_b):
    """Whether matmul(a, b) + bias (a bias of the product's columns) runs as one oneDNN
    product, which it does where the product alone would."""
    if a.ndim != 2 or b.ndim != 2 or not _usable(a, b):
        return False
    m, k, kb, n = _dims(a, b, transpose_a, transpose_b)
    return (k == kb and m * k * n >= _MATMUL_MIN_MACS
            and getattr(bias, "shape", None) == (n,) and bias.dtype == np.float32)


def matmul_bias(lib, a, b, bias, *, transpose_a, transpose_b, relu):
    """matmul(a, b) + bias (then a ReLU where `relu`), the bias added as the product is written."""
    return _product(lib, a, b, transpose_a, transpose_b, bias, relu)


def _lrn_key(x, depth_radius, bias, alpha, beta):
    return (tuple(x.shape), int(depth_radius), float(bias), float(alpha), float(beta))


@_override(normalization_ops.LRN)
def lrn(lib, x, *, depth_radius, bias, alpha, beta):
    _expect(x.ndim == 4)
    key = _lrn_key(x, depth_radius, bias, alpha, beta)
    prim = P.CACHE.get(("LRN",) + key, lambda: P.lrn(lib, *key, backward=False))
    y = np.empty(x.shape, np.float32)
    prim({capi.ARG_SRC: _f32(x), capi.ARG_DST: y})
    return y


@_override(normalization_ops.LRNGrad, arrays_at=(0, 1))
def lrn_grad(lib, dy, x, y, *, depth_radius, bias, alpha, beta):
    # as MaxPoolGrad: the forward runs again to leave oneDNN's workspace
    _expect(x.ndim == 4, dy.shape == x.shape)
    key = _lrn_key(x, depth_radius, bias, alpha, beta)
    fwd, bwd = P.CACHE.get(("LRNGrad",) + key, lambda: P.lrn(lib, *key, backward=True))
    x = _f32(x)
    workspace = fwd.new_workspace() if fwd.workspace else None
    fwd({capi.ARG_SRC: x, capi.ARG_DST: np.empty(x.shape, np.float32)}, workspace)
    dx = np.empty(x.shape, np.float32)
    bwd({capi.ARG_SRC: x, capi.ARG_DIFF_DST: _f32(dy), capi.ARG_DIFF_SRC: dx}, workspace)
    return dx


def _bn_usable(x, scale, *_, data_format, **__):
    return data_format == "NHWC" and x.ndim == 4 and scale.dtype == np.float32


def _bn_grad_usable(dy, x, scale, *_, data_format, **__):
    return _bn_usable(x, scale, data_format=data_format)


def _batch_norm(opdef):
    extra = opdef.extra_outputs

    @_override(opdef, when=_bn_usable)
    def fused_batch_norm(lib, x, scale, offset, mean, variance, *, epsilon, is_training, **_):
        vectors = (scale, offset) if is_training else (scale, offset, mean, variance)
        _expect(*(np.shape(v) == (x.shape[-1],) for v in vectors))
        key = ("FusedBatchNorm", tuple(x.shape), float(epsilon), bool(is_training))
        prim = P.CACHE.get(key, lambda: P.batch_norm(lib, *key[1:], backward=False))
        c = x.shape[-1]
        y = np.empty(x.shape, np.float32)
        if is_training:
            mean, variance = np.empty(c, np.float32), np.empty(c, np.float32)
        else:
            mean, variance = _f32(mean), _f32(variance)
        stats = {capi.ARG_MEAN: mean, capi.ARG_VARIANCE: variance}
        shift = {capi.ARG_SCALE: _f32(scale), capi.ARG_SHIFT: _f32(offset)}
        prim({capi.ARG_SRC: _f32(x), capi.ARG_DST: y, **stats, **shift})
        count = x.size // c
        batch_var = variance * np.float32(count / max(count - 1, 1)) if is_training else variance
        return [y, mean, batch_var, mean, variance] + [np.zeros((0,), np.float32)] * extra


def _batch_norm_grad(opdef):
    @_override(opdef, arrays_at=(0, 1), when=_bn_grad_usable)
    def fused_batch_norm_grad(lib, dy, x, scale, mean, variance, *_, epsilon, is_training, **__):
        _expect(
            dy.shape == x.shape, *(np.shape(v) == (x.shape[-1],) for v in (scale, mean, variance))
        )
        key = ("FusedBatchNormGrad", tuple(x.shape), float(epsilon), bool(is_training))
        prim = P.CACHE.get(key, lambda: P.batch_norm(lib, *key[1:], backward=True))
        c = x.shape[-1]
        dx, dscale, doffset = (np.empty(s, np.float32) for s in (x.shape, c, c))
        stats = {capi.ARG_MEAN: _f32(mean), capi.ARG_VARIANCE: _f32(variance)}
        diffs = {capi.ARG_DIFF_SRC: dx, capi.ARG_DIFF_SCALE: dscale, capi.ARG_DIFF_SHIFT: doffset}
        prim(
            {
                capi.ARG_SRC: _f32(x),
                capi.ARG_DIFF_DST: _f32(dy),
                capi.ARG_SCALE: _f32(scale),
                **stats,
                **diffs,
            }
        )
        empty = np.zeros((0,), np.float32)
        return [dx, dscale, doffset, empty, empty]


for _name in ("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3"):
    _batch_norm(getattr(normalization_ops, _name))
for _name in ("FusedBatchNormGrad", "FusedBatchNormGradV2", "FusedBatchNormGradV3"):
    _batch_norm_grad(getattr(normalization_ops, _name))

"""numba kernels (when numba is installed: the `onednn` extra brings it) for work that NumPy
and BLAS do in many passes or on threads of their own: Adam's update and ReluGrad as one pass
over millions of elements, a few rows against a wide weight matrix on OpenMP's threads (those
oneDNN runs on), and the softmax cross-entropy of a small batch in one call. The NumPy kernels
stay the reference and run wherever these cannot (other dtypes, numba absent)."""

import functools
import importlib.util
import sys
import warnings

import numpy as np

from tinytf.ops import nn_ops, training_ops
from tinytf.ops.state_ops import _read


def available():
    """Whether numba is importable (a lookup: nothing is imported)."""
    return importlib.util.find_spec("numba") is not None


def _loaded():
    """Whether numba is imported already (by another kernel): its import takes 0.5 s, more than
    the kernels for small arrays save a short program, so those run only then."""
    return "numba" in sys.modules


def _compile(source, parallel=True):
    """`source(numba)`'s function compiled (parallel unless told), or None where numba cannot
    give it (warned once)."""
    try:
        import numba

        fn = source(numba)
        try:
            return numba.njit(parallel=parallel, cache=True, nogil=True)(fn)
        except RuntimeError:  # no writable place for numba's cache: compile each process
            return numba.njit(parallel=parallel, nogil=True)(fn)
    except Exception as e:  # a broken numba/llvmlite install: NumPy's kernel, not a crash
        warnings.warn(f"tinytf: numba is not usable ({e}); running NumPy's kernels", stacklevel=3)
        return None


def _adam_source(numba):
    def adam(w, m, v, g, lr, b1, b2, eps, nesterov):
        for i in numba.prange(w.shape[0]):
            gi = g[i]
            mi = m[i] + (gi - m[i]) * (1 - b1)
            vi = v[i] + (gi * gi - v[i]) * (1 - b2)
            m[i] = mi
            v[i] = vi
            step = mi * b1 + gi * (1 - b1) if nesterov else mi
            w[i] -= lr * step / (np.sqrt(vi) + eps)

    return adam


def _rows_product_source(numba):
    # each thread sums its own block of b's rows into parts[thread], four rows of b at a time
    # (so each output row is read and written once per four of them)
    def rows_product(a, b, parts):
        m, k = a.shape
        n = b.shape[1]
        threads = parts.shape[0]
        block = ((k + threads - 1) // threads + 3) // 4 * 4
        for t in numba.prange(threads):
            acc = parts[t]
            acc[:] = 0
            i, end = t * block, min(k, (t + 1) * block)
            while i + 4 <= end:
                b0, b1, b2, b3 = b[i], b[i + 1], b[i + 2], b[i + 3]
                for r in range(m):
                    x0, x1, x2, x3, out = a[r, i], a[r, i + 1], a[r, i + 2], a[r, i + 3], acc[r]
                    for j in range(n):
                        out[j] += x0 * b0[j] + x1 * b1[j] + x2 * b2[j] + x3 * b3[j]
                i += 4
            for q in range(i, end):
                row = b[q]
                for r in range(m):
                    x, out = a[r, q], acc[r]
                    for j in range(n):
                        out[j] += x * row[j]

    return rows_product


def _relu_grad_source(numba):
    def relu_grad(dy, y, out):
        for i in numba.prange(dy.shape[0]):
            out[i] = dy[i] if y[i] > 0 else dy[i] * 0  # NumPy's dy * (y > 0): NaN * 0 is NaN

    return relu_grad


def _softmax_cross_entropy_source(numba):
    # SoftmaxCrossEntropyWithLogits's NumPy kernel row by row, in one pass over each row's
    # values each time (a row is small: the passes stay in cache), its operations in its order
    def softmax_cross_entropy(features, labels, loss, backprop):
        rows, k = features.shape
        for i in range(rows):
            f, t, e = features[i], labels[i], backprop[i]
            top = f[0]
            for j in range(1, k):
                if f[j] > top or f[j] != f[j]:  # NaN wins, as in np.max
                    top = f[j]
            total = f.dtype.type(0)
            for j in range(k):
                e[j] = np.exp(f[j] - top)
                total += e[j]
            log_total, row_loss = np.log(total), f.dtype.type(0)
            for j in range(k):
                if t[j] != 0:
                    row_loss -= t[j] * (f[j] - top - log_total)
                e[j] = e[j] / total - t[j]
            loss[i] = row_loss

    return softmax_cross_entropy


_adam = functools.cache(lambda: _compile(_adam_source))
_softmax_cross_entropy = functools.cache(
    lambda: _compile(_softmax_cross_entropy_source, parallel=False)
)
_relu_grad = functools.cache(lambda: _compile(_relu_grad_source))
_rows_product = functools.cache(lambda: _compile(_rows_product_source))


def rows_product(a, b):
    """a @ b for a few float32 rows `a` [m, k] and a C-contiguous `b` [k, n], on numba's
    threads; None where numba cannot run it."""
    product = _rows_product() if available() else None
    if product is None:
        return None
    import numba

    parts = np.empty((numba.get_num_threads(), a.shape[0], b.shape[1]), np.float32)
    product(np.ascontiguousarray(a, np.float32), b, parts)
    return parts.sum(axis=0)


def _flat(*arrays):
    """1-D views of same-dtype C-contiguous float arrays, or None."""
    dtype = arrays[0].dtype
    if dtype not in (np.float32, np.float64):
        return None
    if any(a.dtype != dtype or not a.flags.c_contiguous for a in arrays):
        return None
    return [a.reshape(-1) for a in arrays]


def apply_adam(xp, var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, **kw):
    """ApplyAdam as TF's formula, one pass over var, m, v and grad."""
    ctx = kw["ctx"]
    w, mm, vv = _read(ctx, var), _read(ctx, m), _read(ctx, v)
    flat = _flat(w, mm, vv, np.asarray(grad)) if w.size >= _MIN_SIZE or _loaded() else None
    if flat is None or w.shape != np.shape(grad):
        return training_ops.ApplyAdam.kernel(
            xp, var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, **kw
        )
    update = _adam()
    if update is None:
        return training_ops.ApplyAdam.kernel(
            xp, var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, **kw
        )
    t = w.dtype.type
    lr_t = t(lr) * np.sqrt(1 - t(beta2_power)) / (1 - t(beta1_power))
    update(*flat, t(lr_t), t(beta1), t(beta2), t(epsilon), bool(kw["use_nesterov"]))
    return w


def relu_grad(xp, dy, y):
    """ReluGrad in one pass (NumPy's makes a mask, then multiplies)."""
    arrays = isinstance(dy, np.ndarray) and isinstance(y, np.ndarray)
    same = arrays and dy.shape == y.shape and dy.size >= _RELU_GRAD_MIN_SIZE
    flat = _flat(dy, y) if same else None
    kernel = _relu_grad() if flat is not None else None
    if kernel is None:
        return nn_ops.ReluGrad.kernel(xp, dy, y)
    out = np.empty(dy.shape, dy.dtype)
    kernel(*flat, out.reshape(-1))
    return out


def softmax_cross_entropy(xp, features, labels):
    """SoftmaxCrossEntropyWithLogits row by row: NumPy's kernel is a dozen calls, each of
    which costs more than a small batch's arithmetic (measured: 100x10 57 us, numba's 10).
    Only where numba is loaded already (the softmax lab's 5000 steps gain 0.19 s)."""
    rows = (
        _loaded()
        and isinstance(features, np.ndarray)
        and isinstance(labels, np.ndarray)
        and features.ndim == 2
        and features.shape == labels.shape
        and features.size
        and _flat(features, labels) is not None  # the same float dtype, C-contiguous
    )
    kernel = _softmax_cross_entropy() if rows else None
    if kernel is None:
        return nn_ops.SoftmaxCrossEntropyWithLogits.kernel(xp, features, labels)
    loss = np.empty(features.shape[0], features.dtype)
    backprop = np.empty(features.shape, features.dtype)
    kernel(features, labels, loss, backprop)
    return [loss, backprop]


# Below, Adam runs on numba only where numba is loaded already (_loaded): with OpenMP's threads
# awake its parallel call costs less than NumPy's passes at any size (measured: 10 floats 7.7
# against 11.2 us, 51,200 floats 72 against 176)
_MIN_SIZE = 1 << 16
_RELU_GRAD_MIN_SIZE = 1 << 15  # measured: 50x1024 floats 10 us against NumPy's 36

OVERRIDES = {
    "ApplyAdam": apply_adam,
    "ReluGrad": relu_grad,
    "SoftmaxCrossEntropyWithLogits": softmax_cross_entropy,
}

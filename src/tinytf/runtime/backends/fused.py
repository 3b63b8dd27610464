"""Element-wise updates fused into one pass with numba (when it is installed: the `onednn`
extra brings it), for the kernels whose NumPy form makes many passes over millions of elements.
The NumPy kernels stay the reference and run wherever these cannot (other dtypes, numba absent).
"""

import functools
import importlib.util
import warnings

import numpy as np

from tinytf.ops import training_ops
from tinytf.ops.state_ops import _read


def available():
    """Whether numba is importable (a lookup: nothing is imported)."""
    return importlib.util.find_spec("numba") is not None


@functools.cache
def _adam():
    """The compiled update, or None where numba cannot give one (warned once)."""
    try:
        import numba

        def adam(w, m, v, g, lr, b1, b2, eps, nesterov):
            for i in numba.prange(w.shape[0]):
                gi = g[i]
                mi = m[i] + (gi - m[i]) * (1 - b1)
                vi = v[i] + (gi * gi - v[i]) * (1 - b2)
                m[i] = mi
                v[i] = vi
                step = mi * b1 + gi * (1 - b1) if nesterov else mi
                w[i] -= lr * step / (np.sqrt(vi) + eps)

        try:
            return numba.njit(parallel=True, cache=True, nogil=True)(adam)
        except RuntimeError:  # no writable place for numba's cache: compile each process
            return numba.njit(parallel=True, nogil=True)(adam)
    except Exception as e:  # a broken numba/llvmlite install: NumPy's kernel, not a crash
        warnings.warn(f"tinytf: numba is not usable ({e}); running NumPy's Adam", stacklevel=2)
        return None


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
    flat = _flat(w, mm, vv, np.asarray(grad)) if w.size >= _MIN_SIZE else None
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


_MIN_SIZE = 1 << 16  # below, NumPy's few passes stay in cache and cost less than a parallel call

OVERRIDES = {"ApplyAdam": apply_adam}

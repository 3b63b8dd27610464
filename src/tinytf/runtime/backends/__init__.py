"""Array backends. A kernel is written against `xp`; a backend may override single kernels.

The default is oneDNN's where the optional extra is installed (`pip install 'tinytf[onednn]'`),
NumPy's otherwise; `TINYTF_BACKEND=numpy` (or `set_backend`) forces NumPy's kernels."""

import os

from tinytf.runtime.backends.numpy_backend import NumpyBackend

_default = []


def _choose():
    want = os.environ.get("TINYTF_BACKEND", "").strip().lower()
    if want not in ("", "numpy", "onednn"):
        raise ValueError(f"TINYTF_BACKEND must be 'numpy' or 'onednn', got {want!r}")
    if want != "numpy":
        from tinytf.runtime.backends import onednn

        if want == "onednn" or onednn.installed():
            return onednn.OneDNNBackend()
    return NumpyBackend()


def get_backend():
    """The backend new Sessions run on."""
    if not _default:
        _default.append(_choose())
    return _default[0]


def set_backend(backend):
    """Makes `backend` the one new Sessions run on; returns the previous one."""
    previous = get_backend()
    _default[0] = backend
    return previous

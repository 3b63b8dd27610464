"""Array backends. A kernel is written against `xp`; a backend may override single kernels."""

from tinytf.runtime.backends.numpy_backend import NumpyBackend

_default = [NumpyBackend()]


def get_backend():
    return _default[0]


def set_backend(backend):
    """Makes `backend` the one new Sessions run on; returns the previous one."""
    previous, _default[0] = _default[0], backend
    return previous

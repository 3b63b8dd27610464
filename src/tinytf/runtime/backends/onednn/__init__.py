"""The oneDNN backend: NumPy arrays and kernels, with oneDNN's for the convolutions and poolings
(the optional extra `pip install 'tinytf[onednn]'`). The library loads on first use."""

from tinytf.runtime.backends.numpy_backend import NumpyBackend
from tinytf.runtime.backends.onednn import capi


def installed():
    """Whether a oneDNN library is there to load (a file check: nothing is loaded)."""
    return capi.library_path() is not None


class OneDNNBackend(NumpyBackend):
    name = "onednn"

    @property
    def kernel_overrides(self):
        overrides = self.__dict__.get("_overrides")
        if overrides is None:
            from tinytf.runtime.backends import fused
            from tinytf.runtime.backends.onednn.kernels import OVERRIDES

            overrides = dict(OVERRIDES)
            if fused.available():
                overrides.update(fused.OVERRIDES)
            self._overrides = overrides
        return overrides

    def rewrite(self, steps, ops, keep):
        from tinytf.runtime.backends.onednn import fusion

        return fusion.rewrite(steps, ops, keep)

    def load(self):
        from tinytf.runtime.backends.onednn.kernels import library

        library(quiet_blas=False)

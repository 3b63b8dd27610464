"""The interface every array backend implements."""


class Backend:
    """An array namespace `xp` plus the few things that differ between array libraries."""

    name = "base"
    xp = None
    kernel_overrides = {}  # TF type name -> kernel, where xp alone is not enough or too slow

    def kernel(self, opdef):
        return self.kernel_overrides.get(opdef.type_name, opdef.kernel)

    def rewrite(self, steps, ops, keep):
        """A plan's steps (and their ops) with chains of ops fused where the backend has a
        fused kernel; `keep`: slots that must still be written (fetched or folded)."""
        return steps, ops

    def load(self):
        """Loads what the kernels need now rather than on first use (before thread limits)."""

    def asarray(self, value, dtype=None):
        raise NotImplementedError

    def to_host(self, array):
        """A fetched value as the user gets it: a NumPy array, or a NumPy scalar for rank 0."""
        raise NotImplementedError

    def copy(self, array):
        raise NotImplementedError

    def quiet(self):
        """A context in which floating-point warnings (1/0, log(0)) stay silent, as in TF."""
        raise NotImplementedError

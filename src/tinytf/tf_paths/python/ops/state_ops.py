"""TF's `tensorflow.python.ops.state_ops` (the names tinytf has)."""

from tinytf.tf_paths import alias

# TF's is the op wrapper (ref, name)
__getattr__, __dir__ = alias(
    __name__,
    "tinytf.ops.state_ops",
    omit=("is_variable_initialized",),
)

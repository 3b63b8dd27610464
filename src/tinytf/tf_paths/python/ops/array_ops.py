"""TF's `tensorflow.python.ops.array_ops` (the names tinytf has)."""

from tinytf.tf_paths import alias

# TF's takes name=
__getattr__, __dir__ = alias(
    __name__,
    "tinytf.ops.array_ops",
    "tinytf.ops.indexing_ops",
    omit=("broadcast_gradient_args",),
)

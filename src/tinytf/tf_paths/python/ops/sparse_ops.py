"""TF's `tensorflow.python.ops.sparse_ops` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(
    __name__, "tinytf.ops.sparse_ops", "tinytf.ops.sparse_array_ops", "tinytf.ops.sparse_math_ops"
)

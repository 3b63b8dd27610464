"""TF's `tensorflow.python.framework.ops` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(
    __name__,
    "tinytf.framework.ops",
    "tinytf.framework.graph",
    "tinytf.framework.op_def",
)

"""TF's `tensorflow.python.ops.math_ops` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.ops.math_ops", "tinytf.ops.reduction_ops")

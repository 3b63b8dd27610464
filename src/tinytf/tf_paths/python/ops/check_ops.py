"""TF's `tensorflow.python.ops.check_ops` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.ops.check_ops")

"""TF's `tensorflow.python.framework.sparse_tensor` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.ops.sparse_ops")

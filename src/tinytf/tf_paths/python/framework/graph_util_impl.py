"""TF's `tensorflow.python.framework.graph_util_impl` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.framework.graph_util")

"""TF's `tensorflow.python.ops.variable_scope` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.ops.variable_scope")

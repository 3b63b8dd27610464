"""TF's `tensorflow.python.ops.gradient_checker` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.ops.gradient_checker")

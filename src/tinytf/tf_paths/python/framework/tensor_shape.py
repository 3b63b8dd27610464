"""TF's `tensorflow.python.framework.tensor_shape` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.framework.tensor_shape")

"""TF's `tensorflow.python.platform.test` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.platform.test")

"""TF's `tensorflow.python.framework.test_util` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.framework.test_util")

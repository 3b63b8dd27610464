"""TF's `tensorflow.python.lib.io.file_io` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.platform.file_io")

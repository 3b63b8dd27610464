"""TF's `tensorflow.python.summary.writer.writer` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.summary.writer")

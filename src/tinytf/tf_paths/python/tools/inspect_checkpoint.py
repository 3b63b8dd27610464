"""TF's `tensorflow.python.tools.inspect_checkpoint` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.tools.inspect_checkpoint")

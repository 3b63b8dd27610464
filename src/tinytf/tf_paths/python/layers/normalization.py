"""TF's `tensorflow.python.layers.normalization` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.layers.normalization")

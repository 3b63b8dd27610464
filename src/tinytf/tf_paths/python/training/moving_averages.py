"""TF's `tensorflow.python.training.moving_averages` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.training.moving_averages")

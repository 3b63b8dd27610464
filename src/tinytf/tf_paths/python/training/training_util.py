"""TF's `tensorflow.python.training.training_util` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.training.training_util")

"""TF's `tensorflow.python.training.checkpoint_management` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.training.checkpoint_management")

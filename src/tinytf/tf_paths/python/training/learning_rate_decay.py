"""TF's `tensorflow.python.training.learning_rate_decay` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.training.learning_rate_decay")

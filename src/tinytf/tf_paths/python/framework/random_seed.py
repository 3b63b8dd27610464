"""TF's `tensorflow.python.framework.random_seed` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__)

"""TF's `tensorflow.python.saved_model.simple_save` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__)

"""TF's `tensorflow.python.saved_model.tag_constants` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.saved_model.tag_constants")

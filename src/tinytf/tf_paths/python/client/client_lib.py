"""TF's `tensorflow.python.client.client_lib` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__)

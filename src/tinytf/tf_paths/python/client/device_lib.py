"""TF's `tensorflow.python.client.device_lib` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.client.device_lib")

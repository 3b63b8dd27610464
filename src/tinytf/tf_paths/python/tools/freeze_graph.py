"""TF's `tensorflow.python.tools.freeze_graph` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.tools.freeze_graph")

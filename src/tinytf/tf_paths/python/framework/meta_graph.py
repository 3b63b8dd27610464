"""TF's `tensorflow.python.framework.meta_graph` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.training.meta_graph")

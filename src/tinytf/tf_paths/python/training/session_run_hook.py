"""TF's `tensorflow.python.training.session_run_hook` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.training.session_run_hook")

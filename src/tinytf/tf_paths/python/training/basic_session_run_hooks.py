"""TF's `tensorflow.python.training.basic_session_run_hooks` (the names tinytf has)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tinytf.training.basic_session_run_hooks")

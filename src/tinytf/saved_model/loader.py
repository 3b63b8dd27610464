"""tf.saved_model.loader."""

from tinytf.saved_model.saved_model import load, maybe_saved_model_directory  # noqa: F401

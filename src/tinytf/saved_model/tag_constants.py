"""tf.saved_model.tag_constants."""

from tinytf.saved_model.saved_model import SERVING, TRAINING  # noqa: F401

"""tf.saved_model.utils."""

from tinytf.saved_model.saved_model import build_tensor_info  # noqa: F401

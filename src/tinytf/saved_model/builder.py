"""tf.saved_model.builder."""

from tinytf.saved_model.saved_model import SavedModelBuilder  # noqa: F401

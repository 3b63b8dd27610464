"""tf.saved_model.signature_def_utils."""

from tinytf.saved_model.saved_model import (  # noqa: F401
    build_signature_def,
    predict_signature_def,
)

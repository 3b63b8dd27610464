"""tf.saved_model.signature_constants."""

from tinytf.saved_model.saved_model import (  # noqa: F401
    CLASSIFY_METHOD_NAME,
    DEFAULT_SERVING_SIGNATURE_DEF_KEY,
    PREDICT_METHOD_NAME,
    REGRESS_METHOD_NAME,
)

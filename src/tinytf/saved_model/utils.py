"""tf.saved_model.utils."""

from tinytf.saved_model.signatures import (  # noqa: F401
    build_tensor_info,
    get_tensor_from_tensor_info,
)

"""tf.feature_column."""

from tinytf.feature_column.feature_column import (  # noqa: F401
    input_layer,
    linear_model,
    numeric_column,
)

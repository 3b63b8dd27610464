"""tf.metrics."""

from tinytf.ops.metrics_ops import (  # noqa: F401
    accuracy,
    auc,
    mean,
    mean_absolute_error,
    mean_squared_error,
    precision,
    recall,
)

"""tf.losses."""

from tinytf.ops.losses import (  # noqa: F401
    Reduction,
    compute_weighted_loss,
    get_losses,
    get_regularization_loss,
    get_regularization_losses,
    get_total_loss,
    mean_squared_error,
    softmax_cross_entropy,
    sparse_softmax_cross_entropy,
)

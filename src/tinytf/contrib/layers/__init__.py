"""tf.contrib.layers: the regularizers and initializers TF 1.x code reaches for."""

from tinytf.contrib.layers.regularizers import (  # noqa: F401
    l1_l2_regularizer,
    l1_regularizer,
    l2_regularizer,
)
from tinytf.layers import batch_normalization, dropout, flatten  # noqa: F401
from tinytf.ops import init_ops


def xavier_initializer(uniform=True, seed=None, dtype=None):
    """Glorot (Xavier) initialization over fan_avg: uniform, or a truncated normal (whose
    stddev TF's contrib computed as sqrt(1.3 / fan_avg); tinytf's, glorot_normal's, is
    sqrt(1 / fan_avg) / 0.8796, 0.3% smaller)."""
    if uniform:
        return init_ops.glorot_uniform_initializer(seed=seed)
    return init_ops.glorot_normal_initializer(seed=seed)


xavier_initializer_conv2d = xavier_initializer

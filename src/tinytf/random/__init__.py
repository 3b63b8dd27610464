"""tf.random."""

from tinytf.ops.random_ops import random_shuffle as shuffle  # noqa: F401
from tinytf.ops.random_ops import random_normal as normal  # noqa: F401
from tinytf.ops.random_ops import random_uniform as uniform  # noqa: F401
from tinytf.ops.random_ops import set_random_seed, truncated_normal  # noqa: F401

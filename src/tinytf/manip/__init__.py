"""tf.manip."""

from tinytf.ops.array_ops import reshape, tile  # noqa: F401
from tinytf.ops.layout_ops import batch_to_space_nd, roll, space_to_batch_nd  # noqa: F401
from tinytf.ops.sequence_ops import gather_nd, reverse, scatter_nd  # noqa: F401

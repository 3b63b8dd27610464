"""tf.sets."""

from tinytf.ops.set_ops import set_difference, set_intersection, set_size, set_union  # noqa: F401
from tinytf.ops.set_ops import set_difference as difference  # noqa: F401
from tinytf.ops.set_ops import set_intersection as intersection  # noqa: F401
from tinytf.ops.set_ops import set_size as size  # noqa: F401
from tinytf.ops.set_ops import set_union as union  # noqa: F401

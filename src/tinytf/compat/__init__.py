"""tf.compat: `tf.compat.v1` is tinytf itself (it is the TF 1.x API)."""

from tinytf.compat import v1  # noqa: F401

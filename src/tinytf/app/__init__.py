"""tf.app: `run`, and `flags` (the same module as tf.flags)."""

from tinytf import flags  # noqa: F401
from tinytf.platform.app import run  # noqa: F401

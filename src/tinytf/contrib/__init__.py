"""tf.contrib: the few pieces of TF 1.x's contrib that lecture-era code uses."""

from tinytf.contrib import layers  # noqa: F401

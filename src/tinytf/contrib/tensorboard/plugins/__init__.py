"""tf.contrib.tensorboard.plugins: projector."""

from tinytf.contrib.tensorboard.plugins import projector  # noqa: F401

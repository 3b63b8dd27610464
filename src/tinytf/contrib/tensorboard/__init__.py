"""tf.contrib.tensorboard: plugins.projector (the embedding projector's config)."""

from tinytf.contrib.tensorboard import plugins  # noqa: F401

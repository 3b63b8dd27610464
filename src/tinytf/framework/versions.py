"""Version constants."""

__version__ = "0.1.0"
VERSION = "1.15.0"  # the TF API that tinytf mirrors
newaxis = None  # tf.newaxis, for tensor[..., tf.newaxis]

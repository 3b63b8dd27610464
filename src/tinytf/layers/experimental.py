"""tf.layers.experimental: Keras-style variable management for tf.layers and RNN cells."""

from tinytf.layers.base import keras_style_scope, set_keras_style

__all__ = ["keras_style_scope", "set_keras_style"]

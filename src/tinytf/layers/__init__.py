"""tf.layers: TF 1.x's layer functions and classes (variables named `dense/kernel`, ...)."""

from tinytf.layers.base import Layer
from tinytf.layers.convolutional import (
    AveragePooling2D,
    Conv2D,
    Conv2DTranspose,
    MaxPooling2D,
    average_pooling2d,
    conv2d,
    conv2d_transpose,
    max_pooling2d,
)
from tinytf.layers.core import Dense, Dropout, Flatten, dense, dropout, flatten
from tinytf.layers.normalization import BatchNormalization, batch_normalization

__all__ = [
    "AveragePooling2D",
    "BatchNormalization",
    "Conv2D",
    "Conv2DTranspose",
    "Dense",
    "Dropout",
    "Flatten",
    "Layer",
    "MaxPooling2D",
    "average_pooling2d",
    "batch_normalization",
    "conv2d",
    "conv2d_transpose",
    "dense",
    "dropout",
    "flatten",
    "max_pooling2d",
]

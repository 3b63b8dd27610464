"""tf.layers' pooling: MaxPooling1D/2D/3D and AveragePooling1D/2D/3D, and their functions.
1-D pooling is TF's 2-D pooling over an expanded axis; channels_first inputs are transposed
to channels_last around the kernel (as TF 1.15 does for 1-D and 3-D pooling on a CPU).

    h = tf.layers.max_pooling1d(x, pool_size=2, strides=2)        # x: [batch, time, ch]
"""

from tinytf.framework.tensor_shape import as_shape
from tinytf.layers import base
from tinytf.layers.convolutional import conv_output_length, to_channels_first, to_channels_last
from tinytf.layers.input_spec import InputSpec
from tinytf.ops import array_ops, conv_nd_ops, conv_ops

_POOLS = {
    ("max", 2): conv_ops.max_pool,
    ("avg", 2): conv_ops.avg_pool,
    ("max", 3): conv_nd_ops.max_pool3d,
    ("avg", 3): conv_nd_ops.avg_pool3d,
}


class _Pooling(base.Layer):
    """Pooling of each pool_size window, moved by strides (rank and kind set by subclasses)."""

    rank, kind = None, None

    def __init__(
        self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs
    ):
        super().__init__(name=name, **kwargs)
        self.pool_size = base.as_tuple(pool_size, self.rank, "pool_size")
        self.strides = base.as_tuple(strides, self.rank, "strides")
        self.padding = base.padding_of(padding)
        self.data_format = base.data_format_of(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _pool(self, x, pool_size, strides, rank):
        """The channels-last pooling op of `rank` spatial dims (channels_first transposed)."""
        first = self.data_format == "channels_first"
        x = to_channels_last(x, rank) if first else x
        pool = _POOLS[self.kind, rank]
        out = pool(x, [1, *pool_size, 1], [1, *strides, 1], self.padding.upper())
        return to_channels_first(out, rank) if first else out

    def call(self, inputs):
        if self.rank != 1:
            return self._pool(inputs, self.pool_size, self.strides, self.rank)
        axis = 2 if self.data_format == "channels_last" else 3
        x = array_ops.expand_dims(inputs, axis)
        out = self._pool(x, self.pool_size + (1,), self.strides + (1,), 2)
        return array_ops.squeeze(out, [axis])

    def compute_output_shape(self, input_shape):
        """The output's static shape for `input_shape`."""
        shape = as_shape(input_shape).as_list()
        first = self.data_format == "channels_first"
        offset = 2 if first else 1
        for i, (k, s) in enumerate(zip(self.pool_size, self.strides)):
            shape[offset + i] = conv_output_length(shape[offset + i], k, self.padding, s)
        return as_shape(shape)


class MaxPooling1D(_Pooling):
    """The maximum of each pool_size window of [batch, width, channels], moved by strides."""

    rank, kind = 1, "max"


class MaxPooling2D(_Pooling):
    """The maximum of each pool_size window of [batch, height, width, channels]."""

    rank, kind = 2, "max"


class MaxPooling3D(_Pooling):
    """The maximum of each pool_size window of [batch, depth, height, width, channels]."""

    rank, kind = 3, "max"


class AveragePooling1D(_Pooling):
    """The mean of each pool_size window of [batch, width, channels] (padding not counted)."""

    rank, kind = 1, "avg"


class AveragePooling2D(_Pooling):
    """The mean of each pool_size window of [batch, height, width, channels]."""

    rank, kind = 2, "avg"


class AveragePooling3D(_Pooling):
    """The mean of each pool_size window of [batch, depth, height, width, channels]."""

    rank, kind = 3, "avg"


def _pooled(cls, inputs, pool_size, strides, padding, data_format, name):
    return cls(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


def max_pooling1d(
    inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None
):
    """Max pooling over [batch, width, channels] inputs."""
    return _pooled(MaxPooling1D, inputs, pool_size, strides, padding, data_format, name)


def max_pooling2d(
    inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None
):
    """Max pooling over NHWC inputs."""
    return _pooled(MaxPooling2D, inputs, pool_size, strides, padding, data_format, name)


def max_pooling3d(
    inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None
):
    """Max pooling over NDHWC inputs."""
    return _pooled(MaxPooling3D, inputs, pool_size, strides, padding, data_format, name)


def average_pooling1d(
    inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None
):
    """Average pooling over [batch, width, channels] inputs."""
    return _pooled(AveragePooling1D, inputs, pool_size, strides, padding, data_format, name)


def average_pooling2d(
    inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None
):
    """Average pooling over NHWC inputs."""
    return _pooled(AveragePooling2D, inputs, pool_size, strides, padding, data_format, name)


def average_pooling3d(
    inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None
):
    """Average pooling over NDHWC inputs."""
    return _pooled(AveragePooling3D, inputs, pool_size, strides, padding, data_format, name)

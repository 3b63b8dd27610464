"""tf.layers.Conv2D, MaxPooling2D and AveragePooling2D, and their functions (NHWC)."""

from tinytf.layers import base
from tinytf.ops import array_ops, conv_ops


class Conv2D(base.KernelBiasLayer):
    """2-D convolution: variables `kernel` [kh, kw, in, filters] and `bias` [filters]."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        data_format="channels_last",
        dilation_rate=(1, 1),
        activation=None,
        use_bias=True,
        kernel_initializer=None,
        bias_initializer=base.ZEROS,
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        trainable=True,
        name=None,
        **kwargs,
    ):
        super().__init__(
            activation,
            use_bias,
            kernel_initializer,
            bias_initializer,
            kernel_regularizer,
            bias_regularizer,
            kernel_constraint,
            bias_constraint,
            trainable=trainable,
            name=name,
            **kwargs,
        )
        base.channels_last(data_format)
        self.filters = int(filters)
        self.kernel_size = base.as_tuple(kernel_size, 2, "kernel_size")
        self.strides = base.as_tuple(strides, 2, "strides")
        self.dilation_rate = base.as_tuple(dilation_rate, 2, "dilation_rate")
        self.padding = base.padding_of(padding)

    def _channels(self, input_shape):
        if input_shape.ndims != 4:
            raise ValueError(
                f"Input 0 of layer {self._base_name} is incompatible with the layer: expected "
                f"ndim=4, found ndim={input_shape.ndims}. Full shape received: {input_shape}"
            )
        channels = input_shape[-1].value
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        return channels

    def build(self, input_shape):
        channels = self._channels(input_shape)
        self._add_kernel_and_bias([*self.kernel_size, channels, self.filters])

    def call(self, inputs):
        outputs = conv_ops.conv2d(
            inputs,
            self.kernel,
            strides=[1, *self.strides, 1],
            padding=self.padding,
            dilations=[1, *self.dilation_rate, 1],
        )
        return self._bias_and_activation(outputs)


class Conv2DTranspose(Conv2D):
    """The transpose of a 2-D convolution ("deconvolution"): `kernel` [kh, kw, filters, in];
    the output is strides times larger (plus kernel - stride for 'valid')."""

    def build(self, input_shape):
        channels = self._channels(input_shape)
        self._add_kernel_and_bias([*self.kernel_size, self.filters, channels], self.filters)

    def _out(self, size, k, stride):
        if size is None:
            raise ValueError("tinytf's conv2d_transpose needs known spatial input dimensions")
        return size * stride + (max(k - stride, 0) if self.padding == "VALID" else 0)

    def call(self, inputs):
        _, h, w, _ = inputs.shape.as_list()
        out_h = self._out(h, self.kernel_size[0], self.strides[0])
        out_w = self._out(w, self.kernel_size[1], self.strides[1])
        output_shape = array_ops.stack([array_ops.shape(inputs)[0], out_h, out_w, self.filters])
        outputs = conv_ops.conv2d_transpose(
            inputs, self.kernel, output_shape, [1, *self.strides, 1], self.padding
        )
        return self._bias_and_activation(outputs)


class _Pooling2D(base.Layer):
    _pool = None

    def __init__(
        self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs
    ):
        super().__init__(name=name, **kwargs)
        base.channels_last(data_format)
        self.pool_size = base.as_tuple(pool_size, 2, "pool_size")
        self.strides = base.as_tuple(strides, 2, "strides")
        self.padding = base.padding_of(padding)

    def call(self, inputs):
        return type(self)._pool(
            inputs, [1, *self.pool_size, 1], [1, *self.strides, 1], self.padding
        )


class MaxPooling2D(_Pooling2D):
    """The maximum of each pool_size window, moved by strides."""

    _pool = staticmethod(conv_ops.max_pool)


class AveragePooling2D(_Pooling2D):
    """The mean of each pool_size window, moved by strides (padding not counted)."""

    _pool = staticmethod(conv_ops.avg_pool)


def conv2d(
    inputs,
    filters,
    kernel_size,
    strides=(1, 1),
    padding="valid",
    data_format="channels_last",
    dilation_rate=(1, 1),
    activation=None,
    use_bias=True,
    kernel_initializer=None,
    bias_initializer=base.ZEROS,
    kernel_regularizer=None,
    bias_regularizer=None,
    activity_regularizer=None,
    kernel_constraint=None,
    bias_constraint=None,
    trainable=True,
    name=None,
    reuse=None,
):
    """A 2-D convolution layer over NHWC inputs.

    >>> h = tf.layers.conv2d(x, 32, 5, padding="same", activation=tf.nn.relu)
    """
    layer = Conv2D(
        filters,
        kernel_size,
        strides,
        padding,
        data_format,
        dilation_rate,
        activation,
        use_bias,
        kernel_initializer,
        bias_initializer,
        kernel_regularizer,
        bias_regularizer,
        activity_regularizer,
        kernel_constraint,
        bias_constraint,
        trainable,
        name,
        _reuse=reuse,
    )
    return layer(inputs)


def conv2d_transpose(
    inputs,
    filters,
    kernel_size,
    strides=(1, 1),
    padding="valid",
    data_format="channels_last",
    activation=None,
    use_bias=True,
    kernel_initializer=None,
    bias_initializer=base.ZEROS,
    kernel_regularizer=None,
    bias_regularizer=None,
    activity_regularizer=None,
    kernel_constraint=None,
    bias_constraint=None,
    trainable=True,
    name=None,
    reuse=None,
):
    """A transposed 2-D convolution layer over NHWC inputs (upsampling by `strides`)."""
    layer = Conv2DTranspose(
        filters,
        kernel_size,
        strides,
        padding,
        data_format,
        (1, 1),
        activation,
        use_bias,
        kernel_initializer,
        bias_initializer,
        kernel_regularizer,
        bias_regularizer,
        activity_regularizer,
        kernel_constraint,
        bias_constraint,
        trainable,
        name,
        _reuse=reuse,
    )
    return layer(inputs)


def max_pooling2d(
    inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None
):
    """Max pooling over NHWC inputs."""
    return MaxPooling2D(pool_size, strides, padding, data_format, name)(inputs)


def average_pooling2d(
    inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None
):
    """Average pooling over NHWC inputs."""
    return AveragePooling2D(pool_size, strides, padding, data_format, name)(inputs)

"""tf.layers.SeparableConv1D and SeparableConv2D, and their functions: a depthwise convolution
(`depthwise_kernel` [*kernel_size, in, depth_multiplier]) then a pointwise one
(`pointwise_kernel` [1, ..., in * depth_multiplier, filters]), plus `bias` [filters].
1-D is TF's 2-D separable convolution over an expanded axis.

    h = tf.layers.separable_conv2d(x, 32, 3, depth_multiplier=2, padding="same")
"""

from tinytf.layers import base
from tinytf.layers.convolutional import Conv, call_layer, to_channels_first, to_channels_last
from tinytf.ops import array_ops, depthwise_conv_ops


class SeparableConv(Conv):
    """A depthwise separable convolution of rank 1 or 2 (set by the subclass)."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format="channels_last",
        dilation_rate=1,
        depth_multiplier=1,
        activation=None,
        use_bias=True,
        depthwise_initializer=None,
        pointwise_initializer=None,
        bias_initializer=base.ZEROS,
        depthwise_regularizer=None,
        pointwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        pointwise_constraint=None,
        bias_constraint=None,
        trainable=True,
        name=None,
        **kwargs,
    ):
        super().__init__(
            filters,
            kernel_size,
            strides,
            padding,
            data_format,
            dilation_rate,
            activation,
            use_bias,
            bias_initializer=bias_initializer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            bias_constraint=bias_constraint,
            trainable=trainable,
            name=name,
            **kwargs,
        )
        self.depth_multiplier = int(depth_multiplier)
        self.depthwise_initializer = depthwise_initializer
        self.pointwise_initializer = pointwise_initializer
        self.depthwise_regularizer = depthwise_regularizer
        self.pointwise_regularizer = pointwise_regularizer
        self.depthwise_constraint = depthwise_constraint
        self.pointwise_constraint = pointwise_constraint

    def build(self, input_shape):
        channels = self._input_channels(input_shape)
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel",
            [*self.kernel_size, channels, self.depth_multiplier],
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel",
            [*(1,) * self.rank, channels * self.depth_multiplier, self.filters],
            initializer=self.pointwise_initializer,
            regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                "bias",
                [self.filters],
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )

    def _separable(self, x, depthwise, pointwise, strides, rate, padding):
        """The 2-D separable convolution of a 4-D x in the layer's data format."""
        first = self.data_format == "channels_first"
        x = to_channels_last(x, 2) if first else x
        out = depthwise_conv_ops.separable_conv2d(
            x, depthwise, pointwise, [1, *strides, 1], padding, rate=rate
        )
        out = to_channels_first(out, 2) if first else out
        if self.use_bias:
            out = self._bias(out)
        return out

    def _bias(self, outputs):
        from tinytf.ops.nn_ops import bias_add

        data_format = "NCHW" if self.data_format == "channels_first" else "NHWC"
        return bias_add(outputs, self.bias, data_format=data_format)

    def _activate(self, outputs):
        return self.activation(outputs) if self.activation is not None else outputs


class SeparableConv1D(SeparableConv):
    """Depthwise separable 1-D convolution over [batch, width, channels] ('causal' allowed)."""

    rank = 1

    def call(self, inputs):
        padding, x = self.padding.upper(), inputs
        if padding == "CAUSAL":
            x, padding = self._causal_pad(inputs), "VALID"
        axis = 1 if self.data_format == "channels_last" else 2
        x = array_ops.expand_dims(x, axis)
        depthwise = array_ops.expand_dims(self.depthwise_kernel, 0)
        pointwise = array_ops.expand_dims(self.pointwise_kernel, 0)
        # as TF: the stride is repeated over the expanded axis of size 1, where it is harmless
        strides = self.strides * 2
        out = self._separable(x, depthwise, pointwise, strides, (1, *self.dilation_rate), padding)
        out = array_ops.squeeze(out, [axis])
        self._keep_static_shape(out, inputs)
        return self._activate(out)


class SeparableConv2D(SeparableConv):
    """Depthwise separable 2-D convolution over [batch, height, width, channels]."""

    rank = 2

    def call(self, inputs):
        out = self._separable(
            inputs,
            self.depthwise_kernel,
            self.pointwise_kernel,
            self.strides,
            self.dilation_rate,
            self.padding.upper(),
        )
        self._keep_static_shape(out, inputs)
        return self._activate(out)


def separable_conv1d(
    inputs,
    filters,
    kernel_size,
    strides=1,
    padding="valid",
    data_format="channels_last",
    dilation_rate=1,
    depth_multiplier=1,
    activation=None,
    use_bias=True,
    depthwise_initializer=None,
    pointwise_initializer=None,
    bias_initializer=base.ZEROS,
    depthwise_regularizer=None,
    pointwise_regularizer=None,
    bias_regularizer=None,
    activity_regularizer=None,
    depthwise_constraint=None,
    pointwise_constraint=None,
    bias_constraint=None,
    trainable=True,
    name=None,
    reuse=None,
):
    """A depthwise separable 1-D convolution layer over [batch, width, channels] inputs."""
    return call_layer(SeparableConv1D, locals())


def separable_conv2d(
    inputs,
    filters,
    kernel_size,
    strides=(1, 1),
    padding="valid",
    data_format="channels_last",
    dilation_rate=(1, 1),
    depth_multiplier=1,
    activation=None,
    use_bias=True,
    depthwise_initializer=None,
    pointwise_initializer=None,
    bias_initializer=base.ZEROS,
    depthwise_regularizer=None,
    pointwise_regularizer=None,
    bias_regularizer=None,
    activity_regularizer=None,
    depthwise_constraint=None,
    pointwise_constraint=None,
    bias_constraint=None,
    trainable=True,
    name=None,
    reuse=None,
):
    """A depthwise separable 2-D convolution layer over NHWC inputs."""
    return call_layer(SeparableConv2D, locals())

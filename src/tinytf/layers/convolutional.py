"""tf.layers' convolutions: Conv1D, Conv2D, Conv3D, Conv2DTranspose and Conv3DTranspose, and
their functions. Variables `kernel` [*kernel_size, in, filters] ([*kernel_size, filters, in] for
the transposes) and `bias` [filters], as TF 1.15's.

    h = tf.layers.conv1d(x, 16, 3, padding="causal", dilation_rate=2)   # x: [batch, time, ch]

channels_first inputs are transposed to channels_last around the kernel (tinytf's kernels are
channels-last), so they compute what TF 1.15 computes on a GPU; TF's CPU kernels refuse NCHW
convolutions at run time.
"""

from tinytf.framework.tensor_shape import as_shape
from tinytf.layers import base
from tinytf.layers.input_spec import InputSpec
from tinytf.ops import array_ops, conv_nd_ops, conv_ops


# -- layout and kernels --------------------------------------------------------------------------
def to_channels_last(x, rank):
    """[N, C, *spatial] -> [N, *spatial, C]."""
    return array_ops.transpose(x, [0, *range(2, rank + 2), 1])


def to_channels_first(x, rank):
    """[N, *spatial, C] -> [N, C, *spatial]."""
    return array_ops.transpose(x, [0, rank + 1, *range(1, rank + 1)])


def _plain_conv(x, kernel, rank, strides, padding):
    if rank == 1:
        return conv_nd_ops.conv1d(x, kernel, stride=strides[0], padding=padding)
    if rank == 2:
        return conv_ops.conv2d(x, kernel, [1, *strides, 1], padding)
    return conv_nd_ops.conv3d(x, kernel, [1, *strides, 1], padding)


def convolve(x, kernel, rank, strides, padding, dilation_rate):
    """TF's nn_ops.Convolution on a channels-last x: a dilation goes through space_to_batch."""
    if all(d == 1 for d in dilation_rate):
        return _plain_conv(x, kernel, rank, strides, padding)
    if any(s != 1 for s in strides):
        raise ValueError("strides > 1 not supported in conjunction with dilation_rate > 1")
    return conv_nd_ops.with_space_to_batch(
        x,
        list(dilation_rate),
        padding,
        lambda converted, _, pad: _plain_conv(converted, kernel, rank, strides, pad),
        filter_shape=kernel.shape.as_list()[:rank],
    )


def conv_output_length(size, k, padding, stride, dilation=1):
    """One spatial output size of a convolution (None stays None), as Keras's conv_utils."""
    if size is None:
        return None
    dilated = k + (k - 1) * (dilation - 1)
    length = size if padding in ("same", "causal") else size - dilated + 1
    return (length + stride - 1) // stride


def deconv_output_length(size, k, padding, stride):
    """One spatial output size of a transposed convolution (a Python int or a tensor)."""
    if size is None:
        return None
    if padding == "valid":
        return size * stride + max(k - stride, 0)
    return size * stride


# -- the layers ----------------------------------------------------------------------------------
class Conv(base.KernelBiasLayer):
    """An N-D convolution layer (rank set by the subclass): activation(conv(x, kernel) + bias)."""

    rank = None

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format="channels_last",
        dilation_rate=1,
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
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        rank = self.rank
        self.filters = int(filters)
        self.kernel_size = base.as_tuple(kernel_size, rank, "kernel_size")
        self.strides = base.as_tuple(strides, rank, "strides")
        self.padding = base.padding_of(padding, causal=self._causal_allowed())
        self.data_format = base.data_format_of(data_format)
        self.dilation_rate = base.as_tuple(dilation_rate, rank, "dilation_rate")
        self.input_spec = InputSpec(ndim=rank + 2)

    def _causal_allowed(self):
        return self.rank == 1

    @property
    def _channel_axis(self):
        return 1 if self.data_format == "channels_first" else -1

    def _input_channels(self, input_shape):
        """The inputs' channels; the input spec then pins them for later calls."""
        channels = as_shape(input_shape)[self._channel_axis].value
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found `None`.")
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={self._channel_axis: channels})
        return channels

    def build(self, input_shape):
        channels = self._input_channels(input_shape)
        self._add_kernel_and_bias([*self.kernel_size, channels, self.filters])

    def _causal_pad(self, inputs):
        left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
        pads = [[0, 0], [left, 0], [0, 0]]
        if self.data_format == "channels_first":
            pads = [[0, 0], [0, 0], [left, 0]]
        return array_ops.pad(inputs, pads)

    def call(self, inputs):
        padding, x = self.padding.upper(), inputs
        if padding == "CAUSAL":
            x, padding = self._causal_pad(inputs), "VALID"
        first = self.data_format == "channels_first"
        x = to_channels_last(x, self.rank) if first else x
        outputs = convolve(x, self.kernel, self.rank, self.strides, padding, self.dilation_rate)
        outputs = to_channels_first(outputs, self.rank) if first else outputs
        self._keep_static_shape(outputs, inputs)
        return self._finish(outputs)

    def _keep_static_shape(self, outputs, inputs):
        # space_to_batch (a dilation) can lose the spatial dims that TF's graph keeps
        if any(d != 1 for d in self.dilation_rate):
            outputs.set_shape(self.compute_output_shape(inputs.shape))

    def _finish(self, outputs):
        """bias and activation, with the bias along TF's channel axis."""
        if self.data_format == "channels_last":
            return self._bias_and_activation(outputs)
        if self.rank == 1 and self.use_bias:  # as TF: NCW has no BiasAdd layout
            outputs = outputs + array_ops.reshape(self.bias, (1, self.filters, 1))
            return self.activation(outputs) if self.activation is not None else outputs
        return self._bias_and_activation(outputs, data_format="NCHW")

    def compute_output_shape(self, input_shape):
        """The output's static shape for `input_shape`."""
        shape = as_shape(input_shape).as_list()
        first = self.data_format == "channels_first"
        space = shape[2:] if first else shape[1:-1]
        new_space = [
            conv_output_length(s, k, self.padding, st, d)
            for s, k, st, d in zip(space, self.kernel_size, self.strides, self.dilation_rate)
        ]
        if first:
            return as_shape([shape[0], self.filters, *new_space])
        return as_shape([shape[0], *new_space, self.filters])


class Conv1D(Conv):
    """1-D convolution over [batch, width, channels] ('causal' padding allowed)."""

    rank = 1


class Conv2D(Conv):
    """2-D convolution over [batch, height, width, channels]."""

    rank = 2


class Conv3D(Conv):
    """3-D convolution over [batch, depth, height, width, channels]."""

    rank = 3


class _ConvTranspose(Conv):
    """The transpose of a convolution ("deconvolution"); output `strides` times larger (plus
    kernel - stride with 'valid'), computed from the inputs' dynamic shape as TF does."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
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
        **kwargs,
    ):
        super().__init__(
            filters,
            kernel_size,
            strides,
            padding,
            data_format,
            1,
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
            **kwargs,
        )

    def _causal_allowed(self):
        return False

    def build(self, input_shape):
        channels = self._input_channels(input_shape)
        self._add_kernel_and_bias([*self.kernel_size, self.filters, channels], self.filters)

    def _output_shape(self, inputs):
        """[batch, *spatial out, filters] as a tensor (channels last)."""
        shape = array_ops.shape(inputs)
        offset = 2 if self.data_format == "channels_first" else 1
        spatial = [
            deconv_output_length(shape[offset + i], k, self.padding, s)
            for i, (k, s) in enumerate(zip(self.kernel_size, self.strides))
        ]
        return array_ops.stack([shape[0], *spatial, self.filters])

    def call(self, inputs):
        output_shape = self._output_shape(inputs)
        first = self.data_format == "channels_first"
        x = to_channels_last(inputs, self.rank) if first else inputs
        strides = [1, *self.strides, 1]
        transpose = conv_ops.conv2d_transpose if self.rank == 2 else conv_nd_ops.conv3d_transpose
        outputs = transpose(x, self.kernel, output_shape, strides, padding=self.padding.upper())
        outputs = to_channels_first(outputs, self.rank) if first else outputs
        outputs.set_shape(self.compute_output_shape(inputs.shape))
        return self._finish(outputs)

    def compute_output_shape(self, input_shape):
        """The output's static shape for `input_shape`."""
        shape = as_shape(input_shape).with_rank(self.rank + 2).as_list()
        first = self.data_format == "channels_first"
        offset = 2 if first else 1
        for i, (k, s) in enumerate(zip(self.kernel_size, self.strides)):
            shape[offset + i] = deconv_output_length(shape[offset + i], k, self.padding, s)
        shape[1 if first else -1] = self.filters
        return as_shape(shape)


class Conv2DTranspose(_ConvTranspose, Conv2D):
    """The transpose of a 2-D convolution: `kernel` [kh, kw, filters, in]."""


class Conv3DTranspose(_ConvTranspose, Conv3D):
    """The transpose of a 3-D convolution: `kernel` [kd, kh, kw, filters, in]."""


# -- the functions -------------------------------------------------------------------------------
def call_layer(cls, arguments):
    """cls(**arguments but inputs and reuse)(inputs): the body of each layer function."""
    arguments = dict(arguments)
    inputs = arguments.pop("inputs")
    reuse = arguments.pop("reuse", None)
    return cls(**arguments, _reuse=reuse)(inputs)


def conv1d(
    inputs,
    filters,
    kernel_size,
    strides=1,
    padding="valid",
    data_format="channels_last",
    dilation_rate=1,
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
    """A 1-D convolution layer over [batch, width, channels] inputs."""
    return call_layer(Conv1D, locals())


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
    return call_layer(Conv2D, locals())


def conv3d(
    inputs,
    filters,
    kernel_size,
    strides=(1, 1, 1),
    padding="valid",
    data_format="channels_last",
    dilation_rate=(1, 1, 1),
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
    """A 3-D convolution layer over NDHWC inputs."""
    return call_layer(Conv3D, locals())


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
    """A transposed 2-D convolution layer (upsampling by `strides`)."""
    return call_layer(Conv2DTranspose, locals())


def conv3d_transpose(
    inputs,
    filters,
    kernel_size,
    strides=(1, 1, 1),
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
    """A transposed 3-D convolution layer (upsampling by `strides`)."""
    return call_layer(Conv3DTranspose, locals())

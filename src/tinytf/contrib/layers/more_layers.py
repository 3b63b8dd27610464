"""tf.contrib.layers' less common layer functions: separable_conv2d (depthwise only when
num_outputs is None), 3-D pooling, conv3d_transpose, unit_norm and maxout."""

from tinytf.contrib.framework.arg_scope import add_arg_scope
from tinytf.contrib.framework.variables import model_variable
from tinytf.contrib.layers import layers as base
from tinytf.contrib.layers.initializers import xavier_initializer
from tinytf.framework import dtypes
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.layers import convolutional, pooling, separable
from tinytf.ops import (
    array_ops,
    depthwise_conv_ops,
    indexing_ops,
    math_ops,
    nn_ops,
    reduction_ops,
)
from tinytf.ops import variable_scope as vs

_SeparableConv2D = base._model_layer(separable.SeparableConv2D, {
    "bias": "biases", "depthwise_kernel": "depthwise_weights",
    "pointwise_kernel": "pointwise_weights",
})
_Conv3DTranspose = base._model_layer(convolutional.Conv3DTranspose, base._WEIGHTS_AND_BIASES)
_XAVIER = xavier_initializer()


def _pair(value):
    return (value, value) if isinstance(value, int) else tuple(value)


def _depthwise_only(inputs, kernel_size, depth_multiplier, stride, padding, data_format, rate,
                    normalizer_fn, normalizer_params, weights_initializer, weights_regularizer,
                    biases_initializer, biases_regularizer, trainable, variables_collections):
    """TF's num_outputs=None path: a depthwise convolution (`depthwise_weights`) + biases."""
    dtype = inputs.dtype.base_dtype
    first = data_format.startswith("NC")
    channels = inputs.shape.with_rank_at_least(4)[1 if first else -1].value
    if channels is None:
        raise ValueError(f"Number of in_channels must be known but is None: {inputs.shape}")
    (kh, kw), (sh, sw) = _pair(kernel_size), _pair(stride)
    weights = model_variable(
        "depthwise_weights", shape=[kh, kw, channels, depth_multiplier], dtype=dtype,
        initializer=weights_initializer, regularizer=weights_regularizer, trainable=trainable,
        collections=base.get_variable_collections(variables_collections, "weights"),
    )
    strides = [1, 1, sh, sw] if first else [1, sh, sw, 1]
    outputs = depthwise_conv_ops.depthwise_conv2d(
        inputs, weights, strides, padding, rate=_pair(rate), data_format=data_format
    )
    if normalizer_fn is not None:
        return normalizer_fn(outputs, **(normalizer_params or {}))
    if biases_initializer is not None:
        biases = model_variable(
            "biases", shape=[depth_multiplier * channels], dtype=dtype,
            initializer=biases_initializer, regularizer=biases_regularizer, trainable=trainable,
            collections=base.get_variable_collections(variables_collections, "biases"),
        )
        outputs = nn_ops.bias_add(outputs, biases, data_format=data_format)
    return outputs


@add_arg_scope
def separable_convolution2d(
    inputs,
    num_outputs,
    kernel_size,
    depth_multiplier=1,
    stride=1,
    padding="SAME",
    data_format="NHWC",
    rate=1,
    activation_fn=nn_ops.relu,
    normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=_XAVIER,
    pointwise_initializer=None,
    weights_regularizer=None,
    biases_initializer=base._ZEROS,
    biases_regularizer=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    scope=None,
):
    """A depthwise then a pointwise convolution (`SeparableConv2d/depthwise_weights`,
    `pointwise_weights`, `biases`); num_outputs=None: the depthwise one only."""
    base._check_2d_format(data_format)
    with vs.variable_scope(scope, "SeparableConv2d", [inputs], reuse=reuse) as sc:
        inputs = convert_to_tensor(inputs)
        if num_outputs is None:
            outputs = _depthwise_only(
                inputs, kernel_size, depth_multiplier, stride, padding, data_format, rate,
                normalizer_fn, normalizer_params, weights_initializer, weights_regularizer,
                biases_initializer, biases_regularizer, trainable, variables_collections)
        else:
            layer = _SeparableConv2D(
                num_outputs, kernel_size, strides=stride, padding=padding,
                data_format=base._channels(data_format), dilation_rate=_pair(rate),
                depth_multiplier=depth_multiplier,
                use_bias=bool(not normalizer_fn and biases_initializer),
                depthwise_initializer=weights_initializer,
                pointwise_initializer=pointwise_initializer or weights_initializer,
                bias_initializer=biases_initializer, depthwise_regularizer=weights_regularizer,
                pointwise_regularizer=weights_regularizer, bias_regularizer=biases_regularizer,
                trainable=trainable, name=sc, dtype=inputs.dtype.base_dtype, _reuse=reuse,
            )
            outputs = layer(inputs)
            for kernel in (layer.depthwise_kernel, layer.pointwise_kernel):
                base._add_variable_to_collections(kernel, variables_collections, "weights")
            if layer.bias is not None:
                base._add_variable_to_collections(layer.bias, variables_collections, "biases")
            if normalizer_fn is not None:
                outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return base.collect_named_outputs(outputs_collections, sc.name, outputs)


def _pool3d(cls, default_name, inputs, kernel_size, stride, padding, data_format,
            outputs_collections, scope):
    if data_format not in ("NCDHW", "NDHWC"):
        raise ValueError("data_format has to be either NCDHW or NDHWC.")
    with name_scope(scope, default_name, [inputs]) as sc:
        inputs = convert_to_tensor(inputs)
        layer = cls(kernel_size, stride, padding=padding, data_format=base._channels(data_format))
        outputs = layer.call(inputs)
        return base.collect_named_outputs(outputs_collections, sc, outputs)


@add_arg_scope
def max_pool3d(inputs, kernel_size, stride=2, padding="VALID", data_format="NDHWC",
               outputs_collections=None, scope=None):
    """3-D max pooling (name scope `MaxPool3D`)."""
    return _pool3d(pooling.MaxPooling3D, "MaxPool3D", inputs, kernel_size, stride, padding,
                   data_format, outputs_collections, scope)


@add_arg_scope
def avg_pool3d(inputs, kernel_size, stride=2, padding="VALID", data_format="NDHWC",
               outputs_collections=None, scope=None):
    """3-D average pooling (name scope `AvgPool3D`)."""
    return _pool3d(pooling.AveragePooling3D, "AvgPool3D", inputs, kernel_size, stride, padding,
                   data_format, outputs_collections, scope)


@add_arg_scope
def convolution3d_transpose(
    inputs,
    num_outputs,
    kernel_size,
    stride=1,
    padding="SAME",
    data_format="NDHWC",
    activation_fn=nn_ops.relu,
    normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=base._HE_NORMAL,
    weights_regularizer=None,
    biases_initializer=base._ZEROS,
    biases_regularizer=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    scope=None,
):
    """A transposed 3-D convolution: variables `Conv3d_transpose/weights` and `/biases`."""
    with vs.variable_scope(scope, "Conv3d_transpose", [inputs], reuse=reuse) as sc:
        if data_format not in ("NCDHW", "NDHWC"):
            raise ValueError("data_format has to be either NCDHW or NDHWC.")
        inputs = convert_to_tensor(inputs)
        layer = _Conv3DTranspose(
            num_outputs, kernel_size, strides=stride, padding=padding,
            data_format=base._channels(data_format),
            **base._weight_args(normalizer_fn, weights_initializer, weights_regularizer,
                                biases_initializer, biases_regularizer, trainable, inputs, sc,
                                reuse),
        )
        outputs = layer(inputs)
        return base._finish(layer, outputs, variables_collections, normalizer_fn,
                            normalizer_params, activation_fn, outputs_collections, sc)


conv3d_transpose = convolution3d_transpose


@add_arg_scope
def unit_norm(inputs, dim, epsilon=1e-7, scope=None):
    """inputs / sqrt(epsilon + sum(inputs ** 2 along dim)) (scope `UnitNorm`)."""
    with vs.variable_scope(scope, "UnitNorm", [inputs]):
        if inputs.shape.ndims is None:
            raise ValueError("The input rank must be known.")
        input_rank = len(inputs.shape.as_list())
        if dim < 0 or dim >= input_rank:
            raise ValueError("dim must be positive but smaller than the input rank.")
        lengths = math_ops.sqrt(
            epsilon + reduction_ops.reduce_sum(math_ops.square(inputs), dim, True)
        )
        multiples = []
        if dim > 0:
            multiples.append(array_ops.ones([dim], dtypes.int32))
        multiples.append(indexing_ops.strided_slice(array_ops.shape(inputs), [dim], [dim + 1]))
        if dim < input_rank - 1:
            multiples.append(array_ops.ones([input_rank - 1 - dim], dtypes.int32))
        return math_ops.div(inputs, array_ops.tile(lengths, array_ops.concat(multiples, 0)))


@add_arg_scope
def maxout(inputs, num_units, axis=-1, scope=None):
    """The max over each group of channels along `axis`: num_units outputs (scope `MaxOut`)."""
    with vs.variable_scope(scope, "MaxOut", [inputs]):
        inputs = convert_to_tensor(inputs)
        shape = inputs.shape.as_list()
        num_channels = shape[axis]
        if num_channels % num_units:
            raise ValueError(
                f"number of features({num_channels}) is not a multiple of num_units({num_units})"
            )
        shape[axis] = num_units
        shape += [num_channels // num_units]
        shape = [array_ops.shape(inputs)[i] if d is None else d for i, d in enumerate(shape)]
        return reduction_ops.reduce_max(array_ops.reshape(inputs, shape), -1, keepdims=False)

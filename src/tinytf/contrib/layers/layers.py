"""tf.contrib.layers' layer functions (fully_connected, conv2d, batch_norm, ...): TF 1.15's
compositions over tf.layers' classes, in a variable scope of their own (`fully_connected`,
`Conv`, `BatchNorm`), with variables named as contrib named them (`weights`, `biases`) and
added to tf.GraphKeys.MODEL_VARIABLES; arg_scope can set their keyword arguments."""

import functools

from tinytf.contrib.framework.arg_scope import add_arg_scope
from tinytf.contrib.framework.variables import add_model_variable, model_variable
from tinytf.contrib.layers.initializers import variance_scaling_initializer
from tinytf.framework import dtypes
from tinytf.framework.graph import get_default_graph
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.layers import convolutional, core, normalization, pooling
from tinytf.ops import array_ops, embedding_ops, indexing_ops, init_ops, math_ops, nn_ops, sort_ops
from tinytf.ops import variable_scope as vs

_WEIGHTS_AND_BIASES = {"kernel": "weights", "bias": "biases"}
_HE_NORMAL = variance_scaling_initializer()  # the default weights_initializer (as TF's: shared)
_ZEROS = init_ops.zeros_initializer()


class _ModelWeights:
    """A tf.layers layer whose variables are model variables, renamed as contrib's getter."""

    _renames = {}

    def add_weight(self, name, *args, **kwargs):
        variable = super().add_weight(self._renames.get(name, name), *args, **kwargs)
        add_model_variable(variable)
        return variable


def _model_layer(cls, renames=None):
    return type(cls.__name__, (_ModelWeights, cls), {"_renames": renames or {}})


_Dense = _model_layer(core.Dense, _WEIGHTS_AND_BIASES)
_Dropout = _model_layer(core.Dropout)
_CONVS = {
    rank: _model_layer(cls, _WEIGHTS_AND_BIASES)
    for rank, cls in ((3, convolutional.Conv1D), (4, convolutional.Conv2D),
                      (5, convolutional.Conv3D))
}
_Conv2DTranspose = _model_layer(convolutional.Conv2DTranspose, _WEIGHTS_AND_BIASES)
_BatchNormalization = _model_layer(normalization.BatchNormalization)


def get_variable_collections(variables_collections, name):
    """The collections for variable `name`: variables_collections[name] of a dict, else it."""
    if isinstance(variables_collections, dict):
        return variables_collections.get(name, None)
    return variables_collections


def _add_variable_to_collections(variable, collections_set, collections_name):
    graph = get_default_graph()
    for collection in get_variable_collections(collections_set, collections_name) or []:
        if all(variable is not v for v in graph.get_collection(collection)):
            graph.add_to_collection(collection, variable)


def collect_named_outputs(collections, alias, outputs):
    """Adds `outputs` to `collections` (if any), recording `alias` in outputs.aliases."""
    if collections:
        alias = alias[:-1] if alias[-1] == "/" else alias
        if hasattr(outputs, "aliases"):
            outputs.aliases.append(alias)
        else:
            outputs.aliases = [alias]
        get_default_graph().add_to_collections(collections, outputs)
    return outputs


def _channels(data_format):
    return "channels_first" if data_format and data_format.startswith("NC") else "channels_last"


def _check_2d_format(data_format):
    if data_format not in ("NCHW", "NHWC"):
        raise ValueError("data_format has to be either NCHW or NHWC.")


def _finish(layer, outputs, variables_collections, normalizer_fn, normalizer_params,
            activation_fn, outputs_collections, sc):
    """The weights' collections, then normalizer, activation and the outputs' collections."""
    _add_variable_to_collections(layer.kernel, variables_collections, "weights")
    if layer.bias is not None:
        _add_variable_to_collections(layer.bias, variables_collections, "biases")
    if normalizer_fn is not None:
        outputs = normalizer_fn(outputs, **(normalizer_params or {}))
    if activation_fn is not None:
        outputs = activation_fn(outputs)
    return collect_named_outputs(outputs_collections, sc.name, outputs)


def _weight_args(normalizer_fn, weights_initializer, weights_regularizer, biases_initializer,
                 biases_regularizer, trainable, inputs, sc, reuse):
    """The keyword arguments contrib passes to a kernel-and-bias layer."""
    return dict(
        activation=None,
        use_bias=bool(not normalizer_fn and biases_initializer),
        kernel_initializer=weights_initializer,
        bias_initializer=biases_initializer,
        kernel_regularizer=weights_regularizer,
        bias_regularizer=biases_regularizer,
        activity_regularizer=None,
        trainable=trainable,
        name=sc,
        dtype=inputs.dtype.base_dtype,
        _reuse=reuse,
    )


@add_arg_scope
def fully_connected(
    inputs,
    num_outputs,
    activation_fn=nn_ops.relu,
    normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=_HE_NORMAL,
    weights_regularizer=None,
    biases_initializer=_ZEROS,
    biases_regularizer=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    scope=None,
):
    """activation_fn(normalizer_fn(inputs @ weights + biases)): variables
    `fully_connected/weights` and `fully_connected/biases` (relu by default)."""
    if not isinstance(num_outputs, int):
        raise ValueError(
            f"num_outputs type should be one of [<class 'int'>], got {type(num_outputs)}."
        )
    with vs.variable_scope(scope, "fully_connected", [inputs], reuse=reuse) as sc:
        inputs = convert_to_tensor(inputs)
        layer = _Dense(num_outputs, **_weight_args(
            normalizer_fn, weights_initializer, weights_regularizer, biases_initializer,
            biases_regularizer, trainable, inputs, sc, reuse))
        outputs = layer(inputs)
        return _finish(layer, outputs, variables_collections, normalizer_fn, normalizer_params,
                       activation_fn, outputs_collections, sc)


@add_arg_scope
def convolution(
    inputs,
    num_outputs,
    kernel_size,
    stride=1,
    padding="SAME",
    data_format=None,
    rate=1,
    activation_fn=nn_ops.relu,
    normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=_HE_NORMAL,
    weights_regularizer=None,
    biases_initializer=_ZEROS,
    biases_regularizer=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    scope=None,
    conv_dims=None,
):
    """An N-D convolution (N from the inputs' rank): variables `Conv/weights`, `Conv/biases`."""
    if data_format not in [None, "NWC", "NCW", "NHWC", "NCHW", "NDHWC", "NCDHW"]:
        raise ValueError(f"Invalid data_format: {data_format!r}")
    with vs.variable_scope(scope, "Conv", [inputs], reuse=reuse) as sc:
        inputs = convert_to_tensor(inputs)
        input_rank = inputs.shape.ndims
        if conv_dims is not None and conv_dims + 2 != input_rank:
            raise ValueError(
                f"Convolution expects input with rank {conv_dims + 2}, got {input_rank}"
            )
        if input_rank not in _CONVS:
            raise ValueError("Convolution not supported for input with rank", input_rank)
        layer = _CONVS[input_rank](
            num_outputs, kernel_size, strides=stride, padding=padding,
            data_format=_channels(data_format), dilation_rate=rate,
            **_weight_args(normalizer_fn, weights_initializer, weights_regularizer,
                           biases_initializer, biases_regularizer, trainable, inputs, sc, reuse),
        )
        outputs = layer(inputs)
        return _finish(layer, outputs, variables_collections, normalizer_fn, normalizer_params,
                       activation_fn, outputs_collections, sc)


def _fixed_rank(conv_dims):
    @add_arg_scope
    def convolution_nd(
        inputs,
        num_outputs,
        kernel_size,
        stride=1,
        padding="SAME",
        data_format=None,
        rate=1,
        activation_fn=nn_ops.relu,
        normalizer_fn=None,
        normalizer_params=None,
        weights_initializer=_HE_NORMAL,
        weights_regularizer=None,
        biases_initializer=_ZEROS,
        biases_regularizer=None,
        reuse=None,
        variables_collections=None,
        outputs_collections=None,
        trainable=True,
        scope=None,
    ):
        return convolution(
            inputs, num_outputs, kernel_size, stride, padding, data_format, rate,
            activation_fn, normalizer_fn, normalizer_params, weights_initializer,
            weights_regularizer, biases_initializer, biases_regularizer, reuse,
            variables_collections, outputs_collections, trainable, scope, conv_dims=conv_dims,
        )

    convolution_nd.__name__ = convolution_nd.__qualname__ = f"convolution{conv_dims}d"
    convolution_nd.__doc__ = f"convolution() of {conv_dims}-D inputs (rank {conv_dims + 2})."
    return convolution_nd


convolution1d = _fixed_rank(1)
convolution2d = _fixed_rank(2)
convolution3d = _fixed_rank(3)


@add_arg_scope
def convolution2d_transpose(
    inputs,
    num_outputs,
    kernel_size,
    stride=1,
    padding="SAME",
    data_format="NHWC",
    activation_fn=nn_ops.relu,
    normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=_HE_NORMAL,
    weights_regularizer=None,
    biases_initializer=_ZEROS,
    biases_regularizer=None,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    scope=None,
):
    """A transposed 2-D convolution: variables `Conv2d_transpose/weights` and `/biases`."""
    with vs.variable_scope(scope, "Conv2d_transpose", [inputs], reuse=reuse) as sc:
        _check_2d_format(data_format)
        inputs = convert_to_tensor(inputs)
        layer = _Conv2DTranspose(
            num_outputs, kernel_size, strides=stride, padding=padding,
            data_format=_channels(data_format),
            **_weight_args(normalizer_fn, weights_initializer, weights_regularizer,
                           biases_initializer, biases_regularizer, trainable, inputs, sc, reuse),
        )
        outputs = layer(inputs)
        return _finish(layer, outputs, variables_collections, normalizer_fn, normalizer_params,
                       activation_fn, outputs_collections, sc)


def _pool(cls, default_name, inputs, kernel_size, stride, padding, data_format,
          outputs_collections, scope):
    _check_2d_format(data_format)
    with name_scope(scope, default_name, [inputs]) as sc:
        inputs = convert_to_tensor(inputs)
        layer = cls(kernel_size, stride, padding=padding, data_format=_channels(data_format))
        outputs = layer.call(inputs)  # (in this name scope, as TF: no scope of the layer's)
        return collect_named_outputs(outputs_collections, sc, outputs)


@add_arg_scope
def max_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC",
               outputs_collections=None, scope=None):
    """2-D max pooling (name scope `MaxPool2D`)."""
    return _pool(pooling.MaxPooling2D, "MaxPool2D", inputs, kernel_size, stride, padding,
                 data_format, outputs_collections, scope)


@add_arg_scope
def avg_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC",
               outputs_collections=None, scope=None):
    """2-D average pooling (name scope `AvgPool2D`)."""
    return _pool(pooling.AveragePooling2D, "AvgPool2D", inputs, kernel_size, stride, padding,
                 data_format, outputs_collections, scope)


@add_arg_scope
def dropout(inputs, keep_prob=0.5, noise_shape=None, is_training=True,
            outputs_collections=None, scope=None, seed=None):
    """Keeps each input with probability keep_prob (scaled by 1/keep_prob) when is_training
    (True by default, unlike tf.layers.dropout)."""
    with vs.variable_scope(scope, "Dropout", [inputs]) as sc:
        inputs = convert_to_tensor(inputs)
        layer = _Dropout(rate=1 - keep_prob, noise_shape=noise_shape, seed=seed, name=sc)
        outputs = layer(inputs, training=is_training)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


@add_arg_scope
def flatten(inputs, outputs_collections=None, scope=None):
    """[batch, ...] -> [batch, k] (name scope `Flatten`)."""
    with name_scope(scope, "Flatten", [inputs]) as sc:
        inputs = convert_to_tensor(inputs)
        outputs = core.flatten(inputs)
        return collect_named_outputs(outputs_collections, sc, outputs)


@add_arg_scope
def one_hot_encoding(labels, num_classes, on_value=1.0, off_value=0.0,
                     outputs_collections=None, scope=None):
    """One-hot rows of `labels` (name scope `OneHotEncoding`)."""
    with name_scope(scope, "OneHotEncoding", [labels, num_classes]) as sc:
        labels = convert_to_tensor(labels)
        if labels.dtype == dtypes.int32:
            labels = math_ops.cast(labels, dtypes.int64)
        outputs = array_ops.one_hot(labels, num_classes, on_value=on_value, off_value=off_value)
        return collect_named_outputs(outputs_collections, sc, outputs)


@add_arg_scope
def layer_norm(inputs, center=True, scale=True, activation_fn=None, reuse=None,
               variables_collections=None, outputs_collections=None, trainable=True,
               begin_norm_axis=1, begin_params_axis=-1, scope=None):
    """Normalizes over axes begin_norm_axis.. (epsilon 1e-12), with `LayerNorm/beta` and
    `LayerNorm/gamma` over axes begin_params_axis..."""
    with vs.variable_scope(scope, "LayerNorm", [inputs], reuse=reuse) as sc:
        inputs = convert_to_tensor(inputs)
        shape, rank = inputs.shape, inputs.shape.ndims
        if rank is None:
            raise ValueError(f"Inputs {inputs.name} has undefined rank.")
        dtype = inputs.dtype.base_dtype
        if begin_norm_axis < 0:
            begin_norm_axis = rank + begin_norm_axis
        if begin_params_axis >= rank or begin_norm_axis >= rank:
            raise ValueError(
                f"begin_params_axis ({begin_params_axis}) and begin_norm_axis "
                f"({begin_norm_axis}) must be < rank(inputs) ({rank})"
            )
        params_shape = shape[begin_params_axis:]
        if not params_shape.is_fully_defined():
            raise ValueError(
                f"Inputs {inputs.name}: shape(inputs)[{begin_params_axis}:] is not fully "
                f"defined: {shape}"
            )
        params = norm_params((("beta", center), ("gamma", scale)), params_shape, dtype, None,
                             variables_collections, trainable, None)
        mean, variance = nn_ops.moments(inputs, list(range(begin_norm_axis, rank)),
                                        keep_dims=True)
        epsilon = 1e-12 if dtype != dtypes.float16 else 1e-3
        outputs = nn_ops.batch_normalization(
            inputs, mean, variance, params.get("beta"), params.get("gamma"), epsilon
        )
        outputs.set_shape(shape)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


def norm_params(names_wanted, shape, dtype, param_initializers, variables_collections,
                 trainable, broadcast):
    """Model variables `beta` (zeros) and `gamma` (ones) where wanted, reshaped to broadcast."""
    initializers = param_initializers or {}
    defaults = {"beta": init_ops.zeros_initializer(), "gamma": init_ops.ones_initializer()}
    params = {}
    for name, wanted in names_wanted:
        if not wanted:
            params[name] = None
            continue
        variable = model_variable(
            name, shape=shape, dtype=dtype, initializer=initializers.get(name, defaults[name]),
            collections=get_variable_collections(variables_collections, name),
            trainable=trainable,
        )
        params[name] = array_ops.reshape(variable, broadcast) if broadcast else variable
    return params


def embedding_lookup_unique(params, ids, partition_strategy="mod", name=None):
    """embedding_lookup that gathers each distinct id once."""
    with name_scope(name, "EmbeddingLookupUnique", [params, ids]):
        ids = convert_to_tensor(ids)
        shape = array_ops.shape(ids)
        unique_ids, idx = sort_ops.unique(array_ops.reshape(ids, [-1]))
        unique_embeddings = embedding_ops.embedding_lookup(params, unique_ids, partition_strategy)
        embeds_flat = indexing_ops.gather(unique_embeddings, idx)
        embed_shape = array_ops.concat([shape, array_ops.shape(unique_embeddings)[1:]], 0)
        embeds = array_ops.reshape(embeds_flat, embed_shape)
        embeds.set_shape(ids.shape.concatenate(unique_embeddings.shape[1:]))
        return embeds


def embed_sequence(ids, vocab_size=None, embed_dim=None, unique=False, initializer=None,
                   regularizer=None, trainable=True, scope=None, reuse=None):
    """The rows of a model variable `EmbedSequence/embeddings` [vocab_size, embed_dim] for
    `ids` [batch, time] -> [batch, time, embed_dim]."""
    if not (reuse or (vocab_size and embed_dim)):
        raise ValueError(
            "Must specify vocab size and embedding dimension when not reusing. Got "
            f"vocab_size={vocab_size} and embed_dim={embed_dim}"
        )
    with vs.variable_scope(scope, "EmbedSequence", [ids], reuse=reuse):
        shape = [vocab_size, embed_dim]
        if reuse and vocab_size is None or embed_dim is None:
            shape = None
        embeddings = model_variable("embeddings", shape=shape, initializer=initializer,
                                    regularizer=regularizer, trainable=trainable)
        if unique:
            return embedding_lookup_unique(embeddings, ids)
        return embedding_ops.embedding_lookup(embeddings, ids)


@add_arg_scope
def bias_add(inputs, activation_fn=None, initializer=_ZEROS,
             regularizer=None, reuse=None, variables_collections=None,
             outputs_collections=None, trainable=True, data_format="NHWC", scope=None):
    """inputs + a model variable `BiasAdd/biases` over the channels, then activation_fn."""
    _check_2d_format(data_format)
    with vs.variable_scope(scope, "BiasAdd", [inputs], reuse=reuse) as sc:
        inputs = convert_to_tensor(inputs)
        rank = inputs.shape.ndims
        if rank is None:
            raise ValueError("Dims of shape must be known but is None")
        if rank != 4 and data_format == "NCHW":
            raise ValueError("Data format NCHW only supports 4D Tensor")
        axis = 1 if data_format == "NCHW" else -1
        num_features = inputs.shape[axis].value
        if num_features is None:
            raise ValueError("`C` dimension must be known but is None")
        biases = model_variable(
            "biases", shape=[num_features], dtype=inputs.dtype.base_dtype,
            initializer=initializer, regularizer=regularizer,
            collections=get_variable_collections(variables_collections, "biases"),
            trainable=trainable,
        )
        outputs = nn_ops.bias_add(inputs, biases, data_format=data_format)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return collect_named_outputs(outputs_collections, sc.name, outputs)


def _layer_name(layer, default):
    if hasattr(layer, "__name__"):
        return layer.__name__
    if hasattr(layer, "func") and hasattr(layer.func, "__name__"):
        return layer.func.__name__  # a functools.partial
    return default


def repeat(inputs, repetitions, layer, *args, **kwargs):
    """layer applied `repetitions` times, in scopes <scope>/<scope>_1, _2, ... (`Repeat`)."""
    scope = kwargs.pop("scope", None)
    with vs.variable_scope(scope, "Repeat", [inputs]):
        outputs = convert_to_tensor(inputs)
        scope = scope if scope is not None else _layer_name(layer, "repeat")
        for i in range(repetitions):
            kwargs["scope"] = f"{scope}_{i + 1}"
            outputs = layer(outputs, *args, **kwargs)
        return outputs


def stack(inputs, layer, stack_args, **kwargs):
    """layer applied once per entry of stack_args (its positional arguments), in scopes
    <scope>/<scope>_1, _2, ... (`Stack`)."""
    scope = kwargs.pop("scope", None)
    if not isinstance(stack_args, (list, tuple)):
        raise ValueError("stack_args need to be a list or tuple")
    with vs.variable_scope(scope, "Stack", [inputs]):
        outputs = convert_to_tensor(inputs)
        scope = scope if scope is not None else _layer_name(layer, "stack")
        for i, layer_args in enumerate(stack_args):
            kwargs["scope"] = f"{scope}_{i + 1}"
            if not isinstance(layer_args, (list, tuple)):
                layer_args = [layer_args]
            outputs = layer(outputs, *layer_args, **kwargs)
        return outputs


def _last_dimension(shape, min_rank):
    dims = shape.dims
    if dims is None:
        raise ValueError("dims of shape must be known but is None")
    if len(dims) < min_rank:
        raise ValueError(f"rank of shape must be at least {min_rank} not: {len(dims)}")
    value = dims[-1].value
    if value is None:
        raise ValueError(f"dimension -1 of shape must be known but is None: {shape}")
    return value


@add_arg_scope
def softmax(logits, scope=None):
    """Softmax over the last dimension of N-D logits (variable scope `softmax`)."""
    with vs.variable_scope(scope, "softmax", [logits]):
        num_logits = _last_dimension(logits.shape, min_rank=2)
        predictions = nn_ops.softmax(array_ops.reshape(logits, [-1, num_logits]))
        predictions = array_ops.reshape(predictions, array_ops.shape(logits))
        predictions.set_shape(logits.shape)
        return predictions


# as TF: fully_connected with the activation fixed, and the short names
elu = functools.partial(fully_connected, activation_fn=nn_ops.elu)
relu = functools.partial(fully_connected, activation_fn=nn_ops.relu)
relu6 = functools.partial(fully_connected, activation_fn=nn_ops.relu6)
linear = functools.partial(fully_connected, activation_fn=None)
conv1d = convolution1d
conv2d = convolution2d
conv3d = convolution3d
conv2d_transpose = convolution2d_transpose

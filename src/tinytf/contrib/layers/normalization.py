"""tf.contrib.layers.batch_norm: tf.layers.BatchNormalization in a `BatchNorm` scope, with
contrib's defaults (decay 0.999, no gamma, is_training=True) and its `updates_collections`
(None: the moving averages update with each output)."""

from tinytf.contrib.framework.arg_scope import add_arg_scope
from tinytf.contrib.framework.variables import model_variable
from tinytf.contrib.layers import layers
from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.op_def import control_dependencies, convert_to_tensor
from tinytf.ops import array_ops, init_ops, nn_ops
from tinytf.ops import variable_scope as vs

_PARAMS = ("beta", "gamma", "moving_mean", "moving_variance")


def _layer(inputs, decay, center, scale, epsilon, param_initializers, param_regularizers,
           trainable, fused, data_format, sc, reuse):
    initializers = param_initializers or {}
    regularizers = param_regularizers or {}
    ones, zeros = init_ops.ones_initializer(), init_ops.zeros_initializer()
    return layers._BatchNormalization(
        axis=1 if data_format == "NCHW" else -1,
        momentum=decay,
        epsilon=epsilon,
        center=center,
        scale=scale,
        beta_initializer=initializers.get("beta", zeros),
        gamma_initializer=initializers.get("gamma", ones),
        moving_mean_initializer=initializers.get("moving_mean", zeros),
        moving_variance_initializer=initializers.get("moving_variance", ones),
        beta_regularizer=regularizers.get("beta"),
        gamma_regularizer=regularizers.get("gamma"),
        trainable=trainable,
        fused=fused,
        name=sc,
        _reuse=reuse,
    )


def _fused_variables(channels, center, scale, param_initializers, param_regularizers,
                     trainable, variables_collections):
    """Makes the variables first, in the order TF's fused path makes them (beta, gamma, the
    moving statistics; the layer then reuses them)."""
    initializers, regularizers = param_initializers or {}, param_regularizers or {}
    ones, zeros = init_ops.ones_initializer(), init_ops.zeros_initializer()
    wanted = (("beta", center, zeros, True), ("gamma", scale, ones, True),
              ("moving_mean", True, zeros, False), ("moving_variance", True, ones, False))
    for name, want, default, is_param in wanted:
        if want:
            model_variable(
                name, shape=[channels], dtype=dtypes.float32,
                initializer=initializers.get(name, default),
                regularizer=regularizers.get(name) if is_param else None,
                collections=layers.get_variable_collections(variables_collections, name),
                trainable=trainable and is_param,
            )


def _route_updates(updates, updates_collections, outputs):
    """Moves the layer's update ops from UPDATE_OPS to `updates_collections`, or (None) makes
    `outputs` depend on them."""
    if updates_collections is GraphKeys.UPDATE_OPS or not updates:
        return outputs
    graph = get_default_graph()
    update_ops = graph.get_collection_ref(GraphKeys.UPDATE_OPS)
    update_ops[:] = [u for u in update_ops if all(u is not v for v in updates)]
    if updates_collections is None:
        with control_dependencies(updates):
            return array_ops.identity(outputs)
    for update in updates:
        graph.add_to_collections(updates_collections, update)
    return outputs


def _check_supported(batch_weights, zero_debias_moving_mean, renorm, adjustment):
    if batch_weights is not None or zero_debias_moving_mean or renorm or adjustment is not None:
        raise NotImplementedError(
            "tinytf's batch_norm has no batch_weights, zero_debias_moving_mean, renorm or "
            "adjustment"
        )


@add_arg_scope
def batch_norm(
    inputs,
    decay=0.999,
    center=True,
    scale=False,
    epsilon=0.001,
    activation_fn=None,
    param_initializers=None,
    param_regularizers=None,
    updates_collections=GraphKeys.UPDATE_OPS,
    is_training=True,
    reuse=None,
    variables_collections=None,
    outputs_collections=None,
    trainable=True,
    batch_weights=None,
    fused=None,
    data_format="NHWC",
    zero_debias_moving_mean=False,
    scope=None,
    renorm=False,
    renorm_clipping=None,
    renorm_decay=0.99,
    adjustment=None,
):
    """Batch normalization over the last (NHWC) or second (NCHW) axis: variables
    `BatchNorm/beta`, `BatchNorm/moving_mean`, `BatchNorm/moving_variance` (and `gamma` with
    scale=True); the moving averages' updates go to `updates_collections`.

    >>> h = tf.contrib.layers.batch_norm(h, is_training=train, updates_collections=None)
    """
    _check_supported(batch_weights, zero_debias_moving_mean, renorm, adjustment)
    if data_format not in ("NCHW", "NHWC"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    fused = True if fused is None else fused
    inputs = convert_to_tensor(inputs)
    rank = inputs.shape.ndims
    # TF's fused kernel (rank 2 reshaped to 4) Bessel-corrects the variance that the moving
    # average sees; it runs where contrib chose it
    fused_path = fused and rank in (2, 4) and (
        rank == 2 or updates_collections is not GraphKeys.UPDATE_OPS
    )
    with vs.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse) as sc:
        if rank is None:
            raise ValueError("Input has undefined rank:", inputs.shape)  # (as TF: a tuple)
        original = inputs
        if fused_path and rank == 2:
            channels = inputs.shape[-1].value
            if channels is None:
                raise ValueError("`C` dimension must be known but is None")
            new_shape = [-1, channels, 1, 1] if data_format == "NCHW" else [-1, 1, 1, channels]
            inputs = array_ops.reshape(inputs, new_shape)
        # TF's own paths (all but the layer's) make beta before gamma
        own_variables = fused_path or updates_collections is not GraphKeys.UPDATE_OPS
        if own_variables:
            channels = inputs.shape[1 if data_format == "NCHW" else -1].value
            if channels is None:
                raise ValueError(
                    f"Inputs {inputs.name} has undefined `C` dimension {inputs.shape}."
                )
            _fused_variables(channels, center, scale, param_initializers, param_regularizers,
                             trainable, variables_collections)
        layer = _layer(inputs, decay, center, scale, epsilon, param_initializers,
                       param_regularizers, trainable, fused, data_format, sc,
                       True if own_variables else reuse)
        outputs = layer(inputs, training=is_training)
        if inputs is not original:
            outputs = array_ops.reshape(outputs, array_ops.shape(original))
            outputs.set_shape(original.shape)
        for name in _PARAMS:
            variable = getattr(layer, name)
            if variable is not None:
                layers._add_variable_to_collections(variable, variables_collections, name)
        outputs = _route_updates(layer.updates, updates_collections, outputs)
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return layers.collect_named_outputs(outputs_collections, sc.name, outputs)


@add_arg_scope
def instance_norm(inputs, center=True, scale=True, epsilon=1e-6, activation_fn=None,
                  param_initializers=None, reuse=None, variables_collections=None,
                  outputs_collections=None, trainable=True, data_format="NHWC", scope=None):
    """Normalizes each example's channels over their spatial axes (`InstanceNorm/beta`,
    `InstanceNorm/gamma`)."""
    inputs = convert_to_tensor(inputs)
    shape, rank = inputs.shape, inputs.shape.ndims
    if rank is None:
        raise ValueError(f"Inputs {inputs.name} has undefined rank.")
    if data_format not in ("NCHW", "NHWC"):
        raise ValueError("data_format has to be either NCHW or NHWC.")
    with vs.variable_scope(scope, "InstanceNorm", [inputs], reuse=reuse) as sc:
        axis, broadcast = rank - 1, None
        if data_format == "NCHW":
            axis, broadcast = 1, [1, shape[1].value] + [1] * (rank - 2)
        moments_axes = [i for i in range(1, rank) if i != axis]
        params_shape = shape[axis : axis + 1]
        if not params_shape.is_fully_defined():
            raise ValueError(
                f"Inputs {inputs.name} has undefined channels dimension {params_shape}."
            )
        params = layers.norm_params((("beta", center), ("gamma", scale)), params_shape,
                              inputs.dtype.base_dtype, param_initializers,
                              variables_collections, trainable, broadcast)
        mean, variance = nn_ops.moments(inputs, moments_axes, keep_dims=True)
        outputs = nn_ops.batch_normalization(
            inputs, mean, variance, params["beta"], params["gamma"], epsilon, name="instancenorm"
        )
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        return layers.collect_named_outputs(outputs_collections, sc.name, outputs)

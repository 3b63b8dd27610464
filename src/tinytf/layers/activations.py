"""The activation names tf.layers take as strings (TF 1.15 looks them up in Keras's
activations): `tf.layers.dense(x, 10, activation="relu")`."""

from tinytf.ops import clip_ops, math_ops, nn_impl_ops, nn_ops, reduction_ops


def _softmax(x, axis=-1):
    ndim = x.shape.ndims
    if ndim == 2:
        return nn_ops.softmax(x)
    if ndim is None or ndim < 2:
        raise ValueError(f"Cannot apply softmax to a tensor that is 1D. Received input: {x}")
    e = math_ops.exp(x - reduction_ops.reduce_max(x, axis=axis, keepdims=True))
    return e / reduction_ops.reduce_sum(e, axis=axis, keepdims=True)


def _hard_sigmoid(x):
    return clip_ops.clip_by_value(0.2 * x + 0.5, 0.0, 1.0)


_BY_NAME = {
    "softmax": _softmax,
    "elu": nn_ops.elu,
    "selu": nn_ops.selu,
    "softplus": nn_ops.softplus,
    "softsign": nn_impl_ops.softsign,
    "relu": nn_ops.relu,
    "tanh": math_ops.tanh,
    "sigmoid": math_ops.sigmoid,
    "exponential": math_ops.exp,
    "hard_sigmoid": _hard_sigmoid,
    "linear": lambda x: x,
}


def get(identifier):
    """The activation function for a name (Keras's), a callable itself, None for None."""
    if identifier is None or callable(identifier):
        return identifier
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Unknown activation function:{identifier}")
        return _BY_NAME[identifier]
    raise TypeError(f"Could not interpret activation function identifier: {identifier!r}")

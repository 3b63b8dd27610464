"""tf.layers.Dense, Dropout and Flatten, and their functions dense, dropout and flatten."""

import numpy as np

from tinytf.layers import base
from tinytf.layers.input_spec import InputSpec
from tinytf.ops import array_ops, math_ops, nn_ops
from tinytf.ops.cond import cond


class Dense(base.KernelBiasLayer):
    """activation(inputs @ kernel + bias): variables `kernel` [in, units] and `bias` [units]."""

    def __init__(
        self,
        units,
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
        self.units = int(units)
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape):
        last = input_shape[-1].value if input_shape.ndims else None
        if last is None:
            raise ValueError(
                "The last dimension of the inputs to `Dense` should be defined. Found `None`."
            )
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last})
        self._add_kernel_and_bias([last, self.units])

    def compute_output_shape(self, input_shape):
        """input_shape with its innermost dimension made `units` (which must be known)."""
        from tinytf.framework.tensor_shape import as_shape

        input_shape = as_shape(input_shape).with_rank_at_least(2)
        if input_shape[-1].value is None:
            raise ValueError(
                "The innermost dimension of input_shape must be defined, but saw: "
                f"{input_shape}"
            )
        return input_shape[:-1].concatenate(self.units)

    def call(self, inputs):
        if inputs.shape.ndims == 2:
            outputs = math_ops.matmul(inputs, self.kernel)
        else:
            outputs = math_ops.tensordot(inputs, self.kernel, [[inputs.shape.ndims - 1], [0]])
        return self._bias_and_activation(outputs)


class Dropout(base.Layer):
    """Zeroes a `rate` fraction of the inputs (scaling the rest by 1/(1-rate)) when training."""

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed

    def call(self, inputs, training=False):
        training = base.is_training(training)
        if training is False:
            return array_ops.identity(inputs)

        def dropped():
            return nn_ops.dropout(
                inputs, noise_shape=self.noise_shape, seed=self.seed, rate=self.rate
            )

        if training is True:
            return dropped()
        return cond(training, dropped, lambda: array_ops.identity(inputs))  # a bool tensor


class Flatten(base.Layer):
    """[batch, d1, d2, ...] -> [batch, d1 * d2 * ...]."""

    def __init__(self, data_format=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.data_format = base.data_format_of(data_format)
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs):
        ndims = inputs.shape.ndims
        if self.data_format == "channels_first" and ndims is not None and ndims > 1:
            inputs = array_ops.transpose(inputs, [0, *range(2, ndims), 1])  # as TF: C last
        dims = inputs.shape.as_list()[1:] if inputs.shape.ndims is not None else [None]
        if None not in dims:
            return array_ops.reshape(inputs, [-1, int(np.prod(dims, dtype=np.int64))])
        batch = array_ops.shape(inputs)[:1]
        return array_ops.reshape(inputs, array_ops.concat([batch, [-1]], 0))


def dense(
    inputs,
    units,
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
    """A densely connected layer: activation(inputs @ kernel + bias).

    >>> logits = tf.layers.dense(h, 10)          # variables dense/kernel, dense/bias
    """
    layer = Dense(
        units,
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


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """Dropout when `training` (a Python bool or a bool tensor); the inputs otherwise."""
    return Dropout(rate, noise_shape, seed, name)(inputs, training=training)


def flatten(inputs, name=None, data_format="channels_last"):
    """Flattens all but the first (batch) dimension."""
    return Flatten(data_format=data_format, name=name)(inputs)

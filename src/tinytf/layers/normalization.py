"""tf.layers.BatchNormalization and batch_normalization.

Training normalizes with the batch's mean and (biased) variance and adds two AssignSub ops to
tf.GraphKeys.UPDATE_OPS that move moving_mean/moving_variance toward the batch statistics by
(1 - momentum). As TF 1.x's default (fused) kernel does for 4-D inputs, the variance that feeds
the moving average is Bessel-corrected (n / (n - 1)); for other ranks it is not. With `training`
a bool tensor, tf.cond picks the statistics per run and the update factor is 0 when not training.
"""

from tinytf.framework import dtypes
from tinytf.framework.op_def import name_scope
from tinytf.layers import base
from tinytf.ops import array_ops, math_ops, nn_ops, state_ops
from tinytf.ops.cond import cond
from tinytf.ops.constant_op import constant


class BatchNormalization(base.Layer):
    """Normalizes each channel (axis) by batch statistics when training, moving ones otherwise."""

    def __init__(
        self,
        axis=-1,
        momentum=0.99,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer=base.ZEROS,
        gamma_initializer=base.ONES,
        moving_mean_initializer=base.ZEROS,
        moving_variance_initializer=base.ONES,
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        renorm=False,
        renorm_clipping=None,
        renorm_momentum=0.99,
        fused=None,
        trainable=True,
        virtual_batch_size=None,
        adjustment=None,
        name=None,
        **kwargs,
    ):
        super().__init__(trainable=trainable, name=name, **kwargs)
        if renorm or virtual_batch_size is not None or adjustment is not None:
            raise NotImplementedError(
                "tinytf's batch_normalization has no renorm, virtual_batch_size or adjustment"
            )
        if not isinstance(axis, int):
            raise ValueError(f"tinytf's batch_normalization normalizes one axis, got {axis}")
        self.axis, self.momentum, self.epsilon = axis, momentum, epsilon
        self.center, self.scale, self.fused = center, scale, fused
        self._initializers = (
            beta_initializer,
            gamma_initializer,
            moving_mean_initializer,
            moving_variance_initializer,
        )
        self._regularizers = (beta_regularizer, gamma_regularizer)
        self._constraints = (beta_constraint, gamma_constraint)

    def build(self, input_shape):
        ndims = input_shape.ndims
        if ndims is None:
            raise ValueError(f"Input has undefined rank: {input_shape}")
        self._axis = self.axis % ndims
        channels = input_shape[self._axis].value
        if channels is None:
            raise ValueError(f"Input has undefined `axis` dimension. Input shape: {input_shape}")
        beta_init, gamma_init, mean_init, var_init = self._initializers
        dtype = dtypes.float32 if self.dtype in ("float16", "bfloat16") else self.dtype
        self.gamma = self.beta = None
        if self.scale:
            self.gamma = self.add_weight(
                "gamma",
                [channels],
                dtype,
                gamma_init,
                self._regularizers[1],
                constraint=self._constraints[1],
            )
        if self.center:
            self.beta = self.add_weight(
                "beta",
                [channels],
                dtype,
                beta_init,
                self._regularizers[0],
                constraint=self._constraints[0],
            )
        self.moving_mean = self.add_weight(
            "moving_mean", [channels], dtype, mean_init, trainable=False
        )
        self.moving_variance = self.add_weight(
            "moving_variance", [channels], dtype, var_init, trainable=False
        )
        # TF 1.x fuses 4-D inputs normalized over the channels; its fused kernel corrects the
        # variance that the moving average sees
        self._bessel = ndims == 4 and self._axis in (1, 3) and self.fused is not False

    def call(self, inputs, training=False):
        training = base.is_training(training)
        ndims = inputs.shape.ndims
        shape = [1] * ndims
        shape[self._axis] = -1

        def normalize(mean, variance):
            def along_axis(v):
                last = self._axis == ndims - 1
                return v if last or v is None else array_ops.reshape(v, shape)

            return nn_ops.batch_normalization(
                inputs,
                along_axis(mean),
                along_axis(variance),
                along_axis(self.beta),
                along_axis(self.gamma),
                self.epsilon,
            )

        def batch_moments():
            return nn_ops.moments(inputs, [i for i in range(ndims) if i != self._axis])

        def moving_moments():
            return self.moving_mean.value(), self.moving_variance.value()

        def with_batch_statistics():
            """(outputs, mean, variance for the moving average) of this batch."""
            mean, variance = batch_moments()
            outputs = normalize(mean, variance)
            if self._bessel:
                n = math_ops.cast(array_ops.size(inputs), variance.dtype) / math_ops.cast(
                    array_ops.shape(inputs)[self._axis], variance.dtype
                )
                variance = variance * n / math_ops.maximum(n - 1.0, 1.0)
            return outputs, mean, variance

        def with_moving_statistics():
            mean, variance = moving_moments()
            return normalize(mean, variance), mean, variance

        if training is False:
            return normalize(*moving_moments())
        if training is True:
            outputs, mean, variance = with_batch_statistics()
            decay = 1.0 - self.momentum
        else:  # a bool tensor: tf.cond picks per run (and no update when not training)
            if self._bessel:  # as TF's fused kernel: a cond over the normalized outputs
                outputs, mean, variance = cond(
                    training, with_batch_statistics, with_moving_statistics
                )
            else:  # as TF's other path: a cond over the statistics, then one normalization
                mean, variance = cond(training, batch_moments, moving_moments)
                outputs = normalize(mean, variance)
            dtype = variance.dtype.base_dtype
            decay = 1.0 - cond(
                training, lambda: constant(self.momentum, dtype), lambda: constant(1.0, dtype)
            )
        self.add_update(
            [
                self._assign_moving_average(self.moving_mean, mean, decay),
                self._assign_moving_average(self.moving_variance, variance, decay),
            ]
        )
        return outputs

    @staticmethod
    def _assign_moving_average(variable, value, decay):
        with name_scope(None, "AssignMovingAvg", [variable, value, decay]) as scope:
            update = (variable.value() - value) * math_ops.cast(decay, variable.dtype.base_dtype)
            return state_ops.assign_sub(variable, update, name=scope).op


def batch_normalization(
    inputs,
    axis=-1,
    momentum=0.99,
    epsilon=1e-3,
    center=True,
    scale=True,
    beta_initializer=base.ZEROS,
    gamma_initializer=base.ONES,
    moving_mean_initializer=base.ZEROS,
    moving_variance_initializer=base.ONES,
    beta_regularizer=None,
    gamma_regularizer=None,
    beta_constraint=None,
    gamma_constraint=None,
    training=False,
    trainable=True,
    name=None,
    reuse=None,
    renorm=False,
    renorm_clipping=None,
    renorm_momentum=0.99,
    fused=None,
    virtual_batch_size=None,
    adjustment=None,
):
    """Batch normalization; when training, run the ops in tf.GraphKeys.UPDATE_OPS with the
    train op so the moving statistics follow:

    >>> with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    ...     train_op = optimizer.minimize(loss)
    """
    layer = BatchNormalization(
        axis,
        momentum,
        epsilon,
        center,
        scale,
        beta_initializer,
        gamma_initializer,
        moving_mean_initializer,
        moving_variance_initializer,
        beta_regularizer,
        gamma_regularizer,
        beta_constraint,
        gamma_constraint,
        renorm,
        renorm_clipping,
        renorm_momentum,
        fused,
        trainable,
        virtual_batch_size,
        adjustment,
        name,
        _reuse=reuse,
    )
    return layer(inputs, training=training)

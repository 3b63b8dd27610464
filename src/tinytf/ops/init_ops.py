"""Initializers: callables (shape, dtype) -> initial-value tensor, as tf.*_initializer."""

import math

from tinytf.framework import dtypes as D
from tinytf.ops import random_ops
from tinytf.ops.array_ops import ones, zeros
from tinytf.ops.constant_op import constant


class Initializer:
    """Base class: `init(shape, dtype=None, partition_info=None)` returns a tensor."""

    def __init__(self, dtype=D.float32):
        self.dtype = D.as_dtype(dtype)

    def _dtype(self, dtype):
        return self.dtype if dtype is None else D.as_dtype(dtype)

    def get_config(self):
        return {k: v for k, v in vars(self).items() if k != "dtype"}


class Zeros(Initializer):
    """Initializes to 0."""

    def __call__(self, shape, dtype=None, partition_info=None):
        return zeros(shape, self._dtype(dtype))


class Ones(Initializer):
    """Initializes to 1."""

    def __call__(self, shape, dtype=None, partition_info=None):
        return ones(shape, self._dtype(dtype))


class Constant(Initializer):
    """Initializes to `value` (a scalar is broadcast; a list must fill the shape)."""

    def __init__(self, value=0, dtype=D.float32, verify_shape=False):
        super().__init__(dtype)
        self.value, self.verify_shape = value, verify_shape

    def __call__(self, shape, dtype=None, partition_info=None):
        return constant(
            self.value, dtype=self._dtype(dtype), shape=shape, verify_shape=self.verify_shape
        )


class _Random(Initializer):
    def __init__(self, a, b, seed=None, dtype=D.float32):
        super().__init__(dtype)
        self.a, self.b, self.seed = a, b, seed


class RandomNormal(_Random):
    """Samples of N(mean, stddev**2)."""

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=D.float32):
        super().__init__(mean, stddev, seed, dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.random_normal(shape, self.a, self.b, self._dtype(dtype), self.seed)


class TruncatedNormal(_Random):
    """Normal samples redrawn until within two standard deviations."""

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=D.float32):
        super().__init__(mean, stddev, seed, dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.truncated_normal(shape, self.a, self.b, self._dtype(dtype), self.seed)


class RandomUniform(_Random):
    """Samples of U[minval, maxval)."""

    def __init__(self, minval=0, maxval=None, seed=None, dtype=D.float32):
        super().__init__(minval, maxval, seed, dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.random_uniform(shape, self.a, self.b, self._dtype(dtype), self.seed)


def _fans(shape):
    shape = list(shape)
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = math.prod(shape[:-2]) if len(shape) > 2 else 1
    return shape[-2] * receptive, shape[-1] * receptive


class VarianceScaling(Initializer):
    """Samples scaled to the layer's fan (fan_in, fan_out or fan_avg), as TF 1.x."""

    def __init__(
        self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None, dtype=D.float32
    ):
        super().__init__(dtype)
        if scale <= 0:
            raise ValueError("`scale` must be positive float.")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(f"Invalid `mode` argument: {mode}")
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in ("uniform", "truncated_normal", "untruncated_normal"):
            raise ValueError(f"Invalid `distribution` argument: {distribution}")
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self._dtype(dtype)
        shape = shape.as_list() if hasattr(shape, "as_list") else list(shape)
        fan_in, fan_out = _fans(shape)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[self.mode]
        scale = self.scale / max(1.0, fan)
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(scale) / 0.87962566103423978  # std of N(0,1) truncated at +-2
            return random_ops.truncated_normal(shape, 0.0, stddev, dtype, self.seed)
        if self.distribution == "untruncated_normal":
            return random_ops.random_normal(shape, 0.0, math.sqrt(scale), dtype, self.seed)
        limit = math.sqrt(3.0 * scale)
        return random_ops.random_uniform(shape, -limit, limit, dtype, self.seed)


def glorot_uniform_initializer(seed=None, dtype=D.float32):
    """Uniform in +-sqrt(6 / (fan_in + fan_out)): the default of tf.get_variable."""
    return VarianceScaling(1.0, "fan_avg", "uniform", seed, dtype)


def glorot_normal_initializer(seed=None, dtype=D.float32):
    return VarianceScaling(1.0, "fan_avg", "truncated_normal", seed, dtype)


def he_normal(seed=None):
    return VarianceScaling(2.0, "fan_in", "truncated_normal", seed)


zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
random_uniform_initializer = RandomUniform
variance_scaling_initializer = VarianceScaling

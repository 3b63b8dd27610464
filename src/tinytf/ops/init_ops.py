"""Initializers: callables (shape, dtype) -> initial-value tensor, as tf.*_initializer and
tf.initializers.*. Seeded random initializers draw from tinytf's generator, so their values
differ from TF's (their distributions do not)."""

import math

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.ops import linalg_ops, math_ops, random_ops
from tinytf.ops.array_ops import ones, reshape, zeros
from tinytf.ops.constant_op import constant
from tinytf.ops.control_flow_ops import group, no_op


def _float_dtype(dtype):
    dtype = D.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"Expected floating point type, got {dtype}.")
    return dtype


def _dims(shape):
    return shape.as_list() if hasattr(shape, "as_list") else list(shape)


class Initializer:
    """Base class: `init(shape, dtype=None, partition_info=None)` returns a tensor;
    get_config() gives the constructor's arguments (dtype by name), from_config() the inverse."""

    _config = ()  # the constructor arguments get_config() reports, besides dtype

    def __init__(self, dtype=D.float32):
        self.dtype = D.as_dtype(dtype)

    def _dtype(self, dtype):
        return self.dtype if dtype is None else D.as_dtype(dtype)

    def get_config(self):
        return {**{k: getattr(self, k) for k in self._config}, "dtype": self.dtype.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


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

    _config = ("value",)

    def __init__(self, value=0, dtype=D.float32, verify_shape=False):
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray))):
            raise TypeError(
                f"Invalid type for initial value: {type(value)} (expected Python scalar, list "
                "or tuple of values, or numpy.ndarray)."
            )
        super().__init__(dtype)
        self.value, self._verify_shape = value, verify_shape

    def __call__(self, shape, dtype=None, partition_info=None, verify_shape=None):
        verify = self._verify_shape if verify_shape is None else verify_shape
        return constant(self.value, dtype=self._dtype(dtype), shape=shape, verify_shape=verify)


class _Normal(Initializer):
    _config = ("mean", "stddev", "seed")

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=D.float32):
        self.mean, self.stddev, self.seed = mean, stddev, seed
        self.dtype = _float_dtype(dtype)


class RandomNormal(_Normal):
    """Samples of N(mean, stddev**2)."""

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.random_normal(
            shape, self.mean, self.stddev, self._dtype(dtype), seed=self.seed
        )


class TruncatedNormal(_Normal):
    """Normal samples redrawn until within two standard deviations of the mean."""

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.truncated_normal(
            shape, self.mean, self.stddev, self._dtype(dtype), seed=self.seed
        )


class RandomUniform(Initializer):
    """Samples of U[minval, maxval) (integers too)."""

    _config = ("minval", "maxval", "seed")

    def __init__(self, minval=0, maxval=None, seed=None, dtype=D.float32):
        super().__init__(dtype)
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=None, partition_info=None):
        return random_ops.random_uniform(
            shape, self.minval, self.maxval, self._dtype(dtype), seed=self.seed
        )


def _fans(shape):
    """(fan_in, fan_out) of a kernel shape: [.., in, out] times the receptive field."""
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return int(shape[0]), int(shape[0])
    receptive = math.prod(shape[:-2]) if len(shape) > 2 else 1
    return int(shape[-2] * receptive), int(shape[-1] * receptive)


def _scale_shape(shape, partition_info):
    return _dims(partition_info.full_shape if partition_info is not None else shape)


class VarianceScaling(Initializer):
    """Samples with variance scale / fan (fan_in, fan_out or their mean), as TF 1.x:
    truncated normal (also "normal"), untruncated normal, or uniform."""

    _config = ("scale", "mode", "distribution", "seed")

    def __init__(
        self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None, dtype=D.float32
    ):
        if scale <= 0.0:
            raise ValueError("`scale` must be positive float.")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError("Invalid `mode` argument:", mode)
        distribution = distribution.lower()
        if distribution not in ("normal", "uniform", "truncated_normal", "untruncated_normal"):
            raise ValueError("Invalid `distribution` argument:", distribution)
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed
        self.dtype = _float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self._dtype(dtype)
        fan_in, fan_out = _fans(_scale_shape(shape, partition_info))
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}
        scale = self.scale / max(1.0, fan[self.mode])
        if self.distribution in ("normal", "truncated_normal"):
            stddev = math.sqrt(scale) / 0.87962566103423978  # std of N(0,1) truncated at +-2
            return random_ops.truncated_normal(shape, 0.0, stddev, dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return random_ops.random_normal(shape, 0.0, math.sqrt(scale), dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return random_ops.random_uniform(shape, -limit, limit, dtype, seed=self.seed)


class GlorotUniform(VarianceScaling):
    """Uniform in +-sqrt(6 / (fan_in + fan_out)): the default of tf.get_variable."""

    _config = ("seed",)

    def __init__(self, seed=None, dtype=D.float32):  # as TF 1.15: `dtype` is not used
        super().__init__(scale=1.0, mode="fan_avg", distribution="uniform", seed=seed)


class GlorotNormal(VarianceScaling):
    """Truncated normal with stddev sqrt(2 / (fan_in + fan_out))."""

    _config = ("seed",)

    def __init__(self, seed=None, dtype=D.float32):  # as TF 1.15: `dtype` is not used
        super().__init__(scale=1.0, mode="fan_avg", distribution="truncated_normal", seed=seed)


def lecun_normal(seed=None):
    """VarianceScaling(1, fan_in, truncated_normal)."""
    return VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal", seed=seed)


def lecun_uniform(seed=None):
    """VarianceScaling(1, fan_in, uniform)."""
    return VarianceScaling(scale=1.0, mode="fan_in", distribution="uniform", seed=seed)


def he_normal(seed=None):
    """VarianceScaling(2, fan_in, truncated_normal)."""
    return VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal", seed=seed)


def he_uniform(seed=None):
    """VarianceScaling(2, fan_in, uniform)."""
    return VarianceScaling(scale=2.0, mode="fan_in", distribution="uniform", seed=seed)


class UniformUnitScaling(Initializer):
    """Uniform in +-factor * sqrt(3 / input_size), input_size the product of all but the
    last dimension (deprecated in TF 1.15 for variance_scaling)."""

    _config = ("factor", "seed")

    def __init__(self, factor=1.0, seed=None, dtype=D.float32):
        self.factor, self.seed = factor, seed
        self.dtype = _float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        input_size = max(float(math.prod(_scale_shape(shape, partition_info)[:-1])), 1.0)
        max_val = math.sqrt(3 / input_size) * self.factor
        return random_ops.random_uniform(
            shape, -max_val, max_val, self._dtype(dtype), seed=self.seed
        )


class Orthogonal(Initializer):
    """A random orthogonal matrix (times `gain`), reshaped: rows (or columns, whichever are
    fewer) orthonormal. The Q of the QR decomposition of a normal sample, R's diagonal made
    positive, as TF."""

    _config = ("gain", "seed")

    def __init__(self, gain=1.0, seed=None, dtype=D.float32):
        self.gain, self.seed = gain, seed
        self.dtype = _float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self._dtype(dtype)
        dims = _dims(shape)
        if len(dims) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional")
        rows, cols = int(math.prod(dims[:-1])), int(dims[-1])
        flat = (cols, rows) if rows < cols else (rows, cols)
        q = _orthonormal_columns(random_ops.random_normal(flat, dtype=D.float64, seed=self.seed))
        if rows < cols:
            q = linalg_ops.matrix_transpose(q)
        return self.gain * reshape(math_ops.cast(q, dtype), dims)


def _orthonormal_columns(a):
    """Q of A = QR with R's diagonal positive, by Cholesky QR done twice in float64 (A^T A =
    L L^T gives R = L^T; the second pass restores orthogonality to rounding error)."""
    for _ in range(2):
        lower = linalg_ops.cholesky(math_ops.matmul(a, a, transpose_a=True))
        a = linalg_ops.matrix_transpose(
            linalg_ops.matrix_solve(lower, linalg_ops.matrix_transpose(a))
        )
    return a


class Identity(Initializer):
    """gain * the identity matrix (2-D shapes only)."""

    _config = ("gain",)

    def __init__(self, gain=1.0, dtype=D.float32):
        self.gain = gain
        self.dtype = _float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        full = _scale_shape(shape, partition_info)
        if len(full) != 2:
            raise ValueError("Identity matrix initializer can only be used for 2D matrices.")
        eye = linalg_ops.eye(*full, dtype=self._dtype(dtype))
        if partition_info is not None:
            from tinytf.ops.indexing_ops import slice as slice_op

            eye = slice_op(eye, partition_info.var_offset, _dims(shape))
        return self.gain * eye


def tables_initializer(name="init_all_tables"):
    """The op that initializes all tables (the TABLE_INITIALIZERS collection); a no-op if none."""
    initializers = get_default_graph().get_collection(GraphKeys.TABLE_INITIALIZERS)
    if initializers:
        return group(*initializers, name=name)
    return no_op(name=name)


zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
random_uniform_initializer = RandomUniform
variance_scaling_initializer = VarianceScaling
glorot_uniform_initializer = GlorotUniform
glorot_normal_initializer = GlorotNormal
orthogonal_initializer = Orthogonal
uniform_unit_scaling_initializer = UniformUnitScaling
identity_initializer = Identity  # tf.initializers.identity (TF has no tf.identity_initializer)

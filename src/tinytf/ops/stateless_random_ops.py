"""Stateless random ops (tf.random.stateless_*): the numbers are a function of the `seed` tensor
alone, so the same seed gives the same values in every run and every Session. The streams are
NumPy's, not TF's Philox: shapes, dtypes and distributions match TF, the values do not."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError, ShapeError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.ops import shape_util
from tinytf.ops.math_ops import add
from tinytf.ops.random_ops import _CLASS_LOGITS, _draw_classes, _multinomial_spec

_INDEX = frozenset({D.int32, D.int64})
_REAL = frozenset({D.bfloat16, D.float16, D.float32, D.float64})


def _seed_rule(seed):
    n = shape_util.with_rank(seed.shape, 1)[0].value
    if n is not None and n != 2:
        raise ShapeError(f"Dimension must be 2 but is {n}")


def _rng(seed, salt):
    """A generator from the two seed words; salt keeps each op type's stream apart."""
    words = [int(w) & 0xFFFFFFFF for w in np.ravel(seed)]
    return np.random.default_rng([*words, salt])


def _dims(shape):
    return tuple(int(d) for d in np.ravel(shape))


class _Stateless(OpDef):
    inputs = ("shape", "seed")
    type_inputs = ("shape",)
    attrs = {"dtype": D.float32}
    allowed = _INDEX

    @classmethod
    def infer(cls, shape, seed, *, dtype):
        _seed_rule(seed)
        if dtype not in _REAL:
            raise TypeError(
                f"Value for attr 'dtype' of {dtype.name} is not in the list of "
                "allowed values: bfloat16, half, float, double"
            )
        return TensorSpec(shape_util.constant_value_as_shape(shape), dtype)

    @classmethod
    def kernel(cls, xp, shape, seed, *, dtype):
        values = cls.draw(_rng(seed, cls.salt), _dims(shape))
        return xp.asarray(values.astype(dtype.as_numpy_dtype))


@register_op
class StatelessRandomNormal(_Stateless):
    """Samples of N(0, 1), a function of the seed."""

    salt = 1

    def draw(gen, dims):
        return gen.standard_normal(dims)


@register_op
class StatelessRandomUniform(_Stateless):
    """Samples of U[0, 1), a function of the seed."""

    salt = 2

    def draw(gen, dims):
        return gen.random(dims)


@register_op
class StatelessTruncatedNormal(_Stateless):
    """Samples of N(0, 1) within two standard deviations, a function of the seed."""

    salt = 3

    def draw(gen, dims):
        values = gen.standard_normal(dims)
        bad = np.abs(values) > 2
        while bad.any():
            values[bad] = gen.standard_normal(int(bad.sum()))
            bad = np.abs(values) > 2
        return values


@register_op
class StatelessRandomUniformInt(OpDef):
    """Integers uniform in [minval, maxval), a function of the seed."""

    inputs = ("shape", "seed", "minval", "maxval")
    type_inputs = ("shape",)
    attrs = {"dtype": None}
    allowed = _INDEX

    def infer(shape, seed, minval, maxval, *, dtype):
        _seed_rule(seed)
        shape_util.with_rank(minval.shape, 0)
        shape_util.with_rank(maxval.shape, 0)
        return TensorSpec(shape_util.constant_value_as_shape(shape), dtype)

    def kernel(xp, shape, seed, minval, maxval, *, dtype):
        if not minval < maxval:
            raise InvalidArgumentError(
                None, None, f"Need minval < maxval, got {minval} >= {maxval}"
            )
        gen = _rng(seed, 4)
        return xp.asarray(gen.integers(minval, maxval, _dims(shape), dtype=dtype.as_numpy_dtype))


@register_op
class StatelessMultinomial(OpDef):
    """Class indices drawn from softmax(logits) row by row, a function of the seed."""

    inputs = ("logits", "num_samples", "seed")
    type_inputs = ("logits",)
    attrs = {"output_dtype": D.int64}
    allowed = _CLASS_LOGITS

    def infer(logits, num_samples, seed, *, output_dtype):
        _seed_rule(seed)
        return _multinomial_spec(logits, num_samples, output_dtype)

    def kernel(xp, logits, num_samples, seed, *, output_dtype):
        return xp.asarray(_draw_classes(_rng(seed, 5), logits, num_samples, output_dtype))


for _op_type in (
    "StatelessRandomNormal",
    "StatelessRandomUniform",
    "StatelessTruncatedNormal",
    "StatelessRandomUniformInt",
    "StatelessMultinomial",
):
    NotDifferentiable(_op_type)


def _seed_tensor(seed):
    seed = convert_to_tensor(seed, dtype_hint=D.int64, name="seed")
    if seed.dtype.base_dtype not in _INDEX:
        raise TypeError(
            f"Value passed to parameter 'seed' has DataType {seed.dtype.name} not "
            "in list of allowed values: int32, int64"
        )
    return seed


def _shape_tensor(shape):
    if hasattr(shape, "as_list"):
        shape = shape.as_list()
    return convert_to_tensor(shape, dtype_hint=D.int32, name="shape")


def _scaled(opdef, default_name, shape, seed, mean, stddev, dtype, name):
    dtype = D.as_dtype(dtype)
    with name_scope(name, default_name, [shape, seed, mean, stddev]) as scope:
        shape = _shape_tensor(shape)
        mean = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        rnd = opdef.apply(shape, _seed_tensor(seed), dtype=dtype)
        return add(rnd * stddev, mean, name=scope)


def stateless_random_normal(shape, seed, mean=0.0, stddev=1.0, dtype=D.float32, name=None):
    """N(mean, stddev**2) samples that depend only on `seed` (a shape [2] integer tensor)."""
    return _scaled(
        StatelessRandomNormal, "stateless_random_normal", shape, seed, mean, stddev, dtype, name
    )


def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=D.float32, name=None):
    """Truncated normal samples that depend only on `seed` (a shape [2] integer tensor)."""
    return _scaled(
        StatelessTruncatedNormal,
        "stateless_truncated_normal",
        shape,
        seed,
        mean,
        stddev,
        dtype,
        name,
    )


def stateless_random_uniform(shape, seed, minval=0, maxval=None, dtype=D.float32, name=None):
    """Uniform samples in [minval, maxval) that depend only on `seed`."""
    dtype = D.as_dtype(dtype)
    if dtype not in (D.float16, D.float32, D.float64, D.int32, D.int64):
        raise ValueError(f"Invalid dtype {dtype!r}")
    if maxval is None:
        if dtype.is_integer:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        maxval = 1
    with name_scope(name, "stateless_random_uniform", [shape, seed, minval, maxval]) as scope:
        shape = _shape_tensor(shape)
        minval = convert_to_tensor(minval, dtype=dtype, name="min")
        maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
        seed = _seed_tensor(seed)
        if dtype.is_integer:
            return StatelessRandomUniformInt.apply(
                shape, seed, minval, maxval, dtype=dtype, name=scope
            )
        rnd = StatelessRandomUniform.apply(shape, seed, dtype=dtype)
        return add(rnd * (maxval - minval), minval, name=scope)


def stateless_multinomial(logits, num_samples, seed, output_dtype=D.int64, name=None):
    """Class indices drawn from each row of `logits`, depending only on `seed`."""
    with name_scope(name, "stateless_multinomial", [logits, seed]):
        return _stateless_categorical(logits, num_samples, seed, output_dtype)


def stateless_categorical(logits, num_samples, seed, dtype=D.int64, name=None):
    """Class indices drawn from each row of `logits`, depending only on `seed`."""
    with name_scope(name, "stateless_categorical", [logits, seed]):
        return _stateless_categorical(logits, num_samples, seed, dtype)


def _stateless_categorical(logits, num_samples, seed, dtype):
    logits = convert_to_tensor(logits, name="logits")
    num_samples = convert_to_tensor(num_samples, D.int32, name="num_samples")
    return StatelessMultinomial.apply(
        logits, num_samples, _seed_tensor(seed), output_dtype=D.as_dtype(dtype)
    )

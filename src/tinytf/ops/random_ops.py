"""Random ops with TF's seeding: the graph seed (tf.set_random_seed) and op seeds decide whether
a Session's sequence repeats. Each op keeps its own generator, per Session."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.graph import get_default_graph
from tinytf.framework.op_def import OpDef, TensorSpec, convert_to_tensor, name_scope, register_op
from tinytf.ops import shape_util
from tinytf.ops.math_ops import add

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2**31 - 1


def set_random_seed(seed):
    """Sets the graph-level seed of the default graph."""
    get_default_graph().seed = seed


def get_seed(op_seed):
    """(seed, seed2) for a new random op, as TF 1.x derives them."""
    graph = get_default_graph()
    if graph.seed is not None:
        seeds = (graph.seed, graph._last_id if op_seed is None else op_seed)
    elif op_seed is not None:
        seeds = (DEFAULT_GRAPH_SEED, op_seed)
    else:
        seeds = (None, None)
    if seeds == (0, 0):
        return 0, _MAXINT32
    return seeds


def _generator(ctx, op, seed, seed2):
    gen = ctx.rngs.get(op)
    if gen is None:
        entropy = None if seed == 0 and seed2 == 0 else [seed, seed2]
        gen = ctx.rngs[op] = np.random.default_rng(entropy)
    return gen


class RandomOp(OpDef):
    inputs = ("shape",)
    attrs = {"seed": 0, "seed2": 0, "dtype": None}
    stateful = True
    allowed = frozenset({D.int32, D.int64})

    @classmethod
    def infer(cls, shape, *, seed, seed2, dtype):
        return TensorSpec(shape_util.constant_value_as_shape(shape), dtype)

    @classmethod
    def kernel(cls, xp, shape, *, ctx, op, seed, seed2, dtype):
        gen = _generator(ctx, op, seed, seed2)
        values = cls.draw(gen, tuple(int(d) for d in np.ravel(shape)))
        return xp.asarray(values.astype(dtype.as_numpy_dtype, copy=False))


@register_op
class RandomStandardNormal(RandomOp):
    """Samples of N(0, 1)."""

    def draw(gen, shape):
        return gen.standard_normal(shape)


@register_op
class TruncatedNormal(RandomOp):
    """Samples of N(0, 1), redrawn until within two standard deviations."""

    def draw(gen, shape):
        values = gen.standard_normal(shape)
        bad = np.abs(values) > 2
        while bad.any():
            values[bad] = gen.standard_normal(int(bad.sum()))
            bad = np.abs(values) > 2
        return values


@register_op
class RandomUniform(RandomOp):
    """Samples of U[0, 1)."""

    def draw(gen, shape):
        return gen.random(shape)


@register_op
class RandomUniformInt(OpDef):
    """Integers uniform in [minval, maxval)."""

    inputs = ("shape", "minval", "maxval")
    type_inputs = ("minval", "maxval")
    attrs = {"seed": 0, "seed2": 0}
    stateful = True

    def infer(shape, minval, maxval, *, seed, seed2):
        return TensorSpec(shape_util.constant_value_as_shape(shape), minval.dtype)

    def kernel(xp, shape, minval, maxval, *, ctx, op, seed, seed2):
        gen = _generator(ctx, op, seed, seed2)
        dims = tuple(int(d) for d in np.ravel(shape))
        return xp.asarray(gen.integers(minval, maxval, dims, dtype=np.asarray(minval).dtype))


@register_op
class RandomShuffle(OpDef):
    """`value` with its first dimension shuffled."""

    inputs = ("value",)
    attrs = {"seed": 0, "seed2": 0}
    stateful = True

    def infer(value, *, seed, seed2):
        return TensorSpec(value.shape, value.dtype)

    def kernel(xp, value, *, ctx, op, seed, seed2):
        value = np.asarray(value)
        if value.ndim == 0:
            return value
        return xp.asarray(_generator(ctx, op, seed, seed2).permutation(value))


def _seeds(seed):
    seed1, seed2 = get_seed(seed)
    return {"seed": seed1 or 0, "seed2": seed2 or 0}


def _shape_tensor(shape):
    if hasattr(shape, "as_list"):
        shape = shape.as_list()
    return convert_to_tensor(shape, dtype_hint=D.int32, name="shape")


def _scaled(opdef, default_name, shape, mean, stddev, dtype, seed, name):
    dtype = D.as_dtype(dtype)
    with name_scope(name, default_name, [shape, mean, stddev]) as scope:
        shape_t = _shape_tensor(shape)
        mean_t = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev_t = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        rnd = opdef.apply(shape_t, dtype=dtype, **_seeds(seed))
        return add(rnd * stddev_t, mean_t, name=scope)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=D.float32, seed=None, name=None):
    """Samples from a normal distribution N(mean, stddev**2)."""
    return _scaled(RandomStandardNormal, "random_normal", shape, mean, stddev, dtype, seed, name)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=D.float32, seed=None, name=None):
    """Normal samples redrawn until within two standard deviations of the mean.

    >>> W = tf.Variable(tf.truncated_normal([5, 5, 1, 32], stddev=0.1))
    """
    return _scaled(TruncatedNormal, "truncated_normal", shape, mean, stddev, dtype, seed, name)


def random_uniform(shape, minval=0, maxval=None, dtype=D.float32, seed=None, name=None):
    """Uniform samples in [minval, maxval) (maxval defaults to 1 for floats)."""
    dtype = D.as_dtype(dtype)
    if dtype.is_integer and maxval is None:
        raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
    with name_scope(name, "random_uniform", [shape, minval, maxval]) as scope:
        shape_t = _shape_tensor(shape)
        minval = convert_to_tensor(minval, dtype=dtype, name="min")
        maxval = convert_to_tensor(1 if maxval is None else maxval, dtype=dtype, name="max")
        if dtype.is_integer:
            return RandomUniformInt.apply(shape_t, minval, maxval, name=scope, **_seeds(seed))
        rnd = RandomUniform.apply(shape_t, dtype=dtype, **_seeds(seed))
        return add(rnd * (maxval - minval), minval, name=scope)


def random_shuffle(value, seed=None, name=None):
    """`value` shuffled along its first dimension."""
    return RandomShuffle.apply(value, name=name, **_seeds(seed))

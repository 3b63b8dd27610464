"""Random ops (normal, uniform, shuffle, categorical, gamma, Poisson, crops) with TF's seeding:
the graph seed (tf.set_random_seed) and op seeds decide whether a Session's sequence repeats.
Each op keeps its own generator, per Session."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError, ShapeError
from tinytf.framework.graph import get_default_graph
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    control_dependencies,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.ops import array_ops, debug_ops, indexing_ops, math_ops, reduction_ops, shape_util
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


# -- categorical, gamma and Poisson samples; random crops ---------------------------------------
_FLOATS = frozenset({D.bfloat16, D.float16, D.float32, D.float64})
_CLASS_LOGITS = frozenset({D.float16, D.float32, D.float64})  # TF's CPU kernels


def _multinomial_spec(logits, num_samples, output_dtype):
    batch = shape_util.with_rank(logits.shape, 2)[0].value
    shape_util.with_rank(num_samples.shape, 0)
    n = shape_util.constant_value(num_samples)
    if n is not None and int(n) < 0:
        raise ShapeError(
            f"Dimension size, given by scalar input 1, must be non-negative but is {int(n)}"
        )
    return TensorSpec([batch, None if n is None else int(n)], output_dtype)


def _draw_classes(gen, logits, num_samples, output_dtype):
    """num_samples class indices per row, drawn with probabilities softmax(row)."""
    logits = np.asarray(logits, np.float64)
    if logits.shape[1] == 0:
        raise InvalidArgumentError(None, None, "num_classes should be positive, got 0")
    if int(num_samples) < 0:
        raise InvalidArgumentError(None, None, "num_samples should be nonnegative, got -1")
    with np.errstate(invalid="ignore", over="ignore"):
        peak = np.max(logits, axis=1, keepdims=True)
        probs = np.exp(logits - np.where(np.isfinite(peak), peak, 0))
    cdf = np.cumsum(probs, axis=1)
    cdf /= np.where(cdf[:, -1:] > 0, cdf[:, -1:], 1)
    draws = gen.random((logits.shape[0], int(num_samples)))
    index = (draws[..., None] >= cdf[:, None, :]).sum(-1)
    return np.minimum(index, logits.shape[1] - 1).astype(output_dtype.as_numpy_dtype)


@register_op
class Multinomial(OpDef):
    """Class indices drawn from the categorical distributions given by each row of logits."""

    inputs = ("logits", "num_samples")
    type_inputs = ("logits",)
    attrs = {"seed": 0, "seed2": 0, "output_dtype": D.int64}
    allowed = _CLASS_LOGITS
    stateful = True

    def infer(logits, num_samples, *, seed, seed2, output_dtype):
        return _multinomial_spec(logits, num_samples, output_dtype)

    def kernel(xp, logits, num_samples, *, ctx, op, seed, seed2, output_dtype):
        gen = _generator(ctx, op, seed, seed2)
        return xp.asarray(_draw_classes(gen, logits, num_samples, output_dtype))


@register_op
class RandomGamma(OpDef):
    """Samples of Gamma(alpha, 1), shape `shape + alpha.shape`."""

    inputs = ("shape", "alpha")
    type_inputs = ("alpha",)
    attrs = {"seed": 0, "seed2": 0}
    allowed = _FLOATS
    stateful = True

    def infer(shape, alpha, *, seed, seed2):
        return TensorSpec(shape_util.constant_value_as_shape(shape).concatenate(alpha.shape),
                          alpha.dtype)

    def kernel(xp, shape, alpha, *, ctx, op, seed, seed2):
        gen = _generator(ctx, op, seed, seed2)
        alpha = np.asarray(alpha, np.float64)
        dims = tuple(int(d) for d in np.ravel(shape)) + alpha.shape
        values = gen.standard_gamma(np.where(alpha > 0, alpha, 1.0), dims)
        values = np.where(alpha > 0, values, np.nan)  # TF: NaN where alpha <= 0
        return xp.asarray(values.astype(op.inputs[1].dtype.as_numpy_dtype))

    def grad(op, dy):
        shape, alpha = op.inputs
        with control_dependencies([dy]):
            sample_dims = array_ops.shape(shape)[0]
            alpha_b = array_ops.reshape(
                alpha, array_ops.concat([array_ops.ones([sample_dims], D.int32),
                                         array_ops.shape(alpha)], 0))
            partial = RandomGammaGrad.apply(alpha_b, op.outputs[0])
            return None, reduction_ops.reduce_sum(
                dy * partial, axis=math_ops.range(sample_dims))


@register_op
class RandomGammaGrad(OpDef):
    """d sample / d alpha of Gamma(alpha, 1) samples, by implicit differentiation of the CDF."""

    inputs = ("alpha", "sample")
    allowed = frozenset({D.float32, D.float64})

    def infer(alpha, sample):
        return TensorSpec(shape_util.broadcast_shape(alpha.shape, sample.shape), alpha.dtype)

    def kernel(xp, alpha, sample):
        from scipy import special  # lazy: the [special] extra

        dtype = np.asarray(alpha).dtype
        a, x = np.broadcast_arrays(np.asarray(alpha, np.float64), np.asarray(sample, np.float64))
        h = 1e-6 * np.maximum(a, 1.0)
        d_cdf_da = (special.gammainc(a + h, x) - special.gammainc(a - h, x)) / (2 * h)
        with np.errstate(divide="ignore"):
            log_pdf = (a - 1) * np.log(x) - x - special.gammaln(a)
        return xp.asarray((-d_cdf_da / np.exp(log_pdf)).astype(dtype))


@register_op
class RandomPoissonV2(OpDef):
    """Samples of Poisson(rate), shape `shape + rate.shape`."""

    inputs = ("shape", "rate")
    type_inputs = ("rate",)
    attrs = {"seed": 0, "seed2": 0, "dtype": D.int64}
    allowed = frozenset({D.float16, D.float32, D.float64, D.int32, D.int64})
    stateful = True

    def infer(shape, rate, *, seed, seed2, dtype):
        return TensorSpec(shape_util.constant_value_as_shape(shape).concatenate(rate.shape), dtype)

    def kernel(xp, shape, rate, *, ctx, op, seed, seed2, dtype):
        gen = _generator(ctx, op, seed, seed2)
        rate = np.asarray(rate, np.float64)
        dims = tuple(int(d) for d in np.ravel(shape)) + rate.shape
        values = gen.poisson(np.where(rate > 0, rate, 0.0), dims)  # TF: 0 where rate <= 0
        return xp.asarray(values.astype(dtype.as_numpy_dtype))


NotDifferentiable("Multinomial")
NotDifferentiable("RandomPoissonV2")


def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    """Class indices drawn from the categorical distributions of each row of `logits`."""
    with name_scope(name, "multinomial", [logits]):
        return _categorical(logits, num_samples, output_dtype, seed)


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """Class indices drawn from the categorical distributions of each row of `logits`."""
    with name_scope(name, "categorical", [logits]):
        return _categorical(logits, num_samples, dtype, seed)


def _categorical(logits, num_samples, dtype, seed):
    logits = convert_to_tensor(logits, name="logits")
    num_samples = convert_to_tensor(num_samples, D.int32, name="num_samples")
    return Multinomial.apply(logits, num_samples, output_dtype=D.as_dtype(dtype or D.int64),
                             **_seeds(seed))


def random_gamma(shape, alpha, beta=None, dtype=D.float32, seed=None, name=None):
    """Samples of Gamma(alpha, beta) (beta the rate), shape `shape + broadcast(alpha, beta)`."""
    dtype = D.as_dtype(dtype)
    with name_scope(name, "random_gamma", [shape, alpha, beta]):
        shape = convert_to_tensor(shape, D.int32, name="shape")
        alpha = convert_to_tensor(alpha, dtype, name="alpha")
        beta = convert_to_tensor(1 if beta is None else beta, dtype, name="beta")
        alpha_b = alpha + array_ops.zeros_like(beta)
        sample = RandomGamma.apply(shape, alpha_b, **_seeds(seed))
        return math_ops.maximum(np.finfo(dtype.as_numpy_dtype).tiny, sample / beta)


def random_poisson(lam, shape, dtype=D.float32, seed=None, name=None):
    """Samples of Poisson(lam), shape `shape + lam.shape`."""
    with name_scope(name, "random_poisson", [lam, shape]):
        shape = convert_to_tensor(shape, D.int32, name="shape")
        lam = convert_to_tensor(lam, dtype_hint=D.float64, name="rate")
        return RandomPoissonV2.apply(shape, lam, dtype=D.as_dtype(dtype), **_seeds(seed))


def random_crop(value, size, seed=None, name=None):
    """A random `size` slice of `value` (a new offset each run)."""
    with name_scope(name, "random_crop", [value, size]) as scope:
        value = convert_to_tensor(value, name="value")
        size = convert_to_tensor(size, D.int32, name="size")
        shape = array_ops.shape(value)
        check = debug_ops.Assert_(
            reduction_ops.reduce_all(math_ops.greater_equal(shape, size)),
            ["Need value.shape >= size, got ", shape, size], summarize=1000)
        with control_dependencies([check]):
            shape = array_ops.identity(shape, name="control_dependency")
        limit = shape - size + 1
        offset = random_uniform(array_ops.shape(shape), dtype=size.dtype,
                                maxval=size.dtype.max, seed=seed) % limit
        return indexing_ops.slice(value, offset, size, name=scope)


_STATE_SIZES = {1: 3, 2: 2}  # RNG_ALG_PHILOX, RNG_ALG_THREEFRY


def create_rng_state(seed, algorithm):
    """A 1-D int64 RNG state for `algorithm` (1 Philox, 2 ThreeFry) from an int or 1-D seed."""
    if algorithm not in _STATE_SIZES:
        raise ValueError(f"Unsupported algorithm id: {algorithm}")
    size = _STATE_SIZES[algorithm]
    if isinstance(seed, int):
        words = []
        for _ in range(size):
            words.append(seed & 0xFFFFFFFFFFFFFFFF)
            seed >>= 64
        seed = words
    seed = np.asarray([s - 2**64 if s > 2**63 - 1 else s for s in np.asarray(seed).tolist()]
                      if np.ndim(seed) == 1 else seed, dtype=np.int64)
    if seed.ndim != 1:
        raise ValueError(f"seed should only have one dimension; got shape: {seed.shape}")
    seed = seed[:size]
    return np.pad(seed, [(size - seed.shape[0], 0)])  # zeros on the left, as TF pads

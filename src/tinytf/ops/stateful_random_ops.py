"""TF's stateful random ops and tf.random.experimental.Generator (TF 1.15, graph mode).

A Generator keeps a Philox state [counter low, counter high, key] in a resource variable; each op
(StatefulStandardNormalV2, StatefulUniform, ...) reads the state, advances the counter by 256 per
output element, and computes TF's values for the old counter bit for bit (ops/philox_random.py).
"""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.ops import array_ops, philox_random, shape_util
from tinytf.ops.math_ops import add
from tinytf.ops.random_ops import create_rng_state
from tinytf.ops.resource_variable_ops import ResourceVariable

RNG_ALG_PHILOX, RNG_ALG_THREEFRY = 1, 2
DEFAULT_ALGORITHM = RNG_ALG_PHILOX
_STATE_SIZES = {RNG_ALG_PHILOX: 3, RNG_ALG_THREEFRY: 2}
_SHAPE_DTYPES = frozenset({D.int32, D.int64})
_FLOATS = (D.float16, D.bfloat16, D.float32, D.float64)  # TF's CPU kernels, in TF's order
_FLOAT_NAMES = "half, bfloat16, float, double"


# -- kernels' shared steps -----------------------------------------------------------------------
def _dims(shape):
    dims = [int(d) for d in np.ravel(shape)]
    for d in dims:
        if d < 0:
            raise InvalidArgumentError(None, None, f"Dimension {d} must be >= 0")
    return tuple(dims)


def _philox_state(slot, algorithm):
    """The state array behind `slot`, checked as TF checks it, for a Philox op."""
    state = slot.read()
    if state.ndim != 1:
        raise InvalidArgumentError(
            None, None, f"RNG state must have one and only one dimension, not {state.ndim}"
        )
    alg = int(algorithm)
    if alg != RNG_ALG_PHILOX:
        raise InvalidArgumentError(None, None, f"Unsupported algorithm id: {alg}")
    if state.size < 3:
        raise InvalidArgumentError(
            None, None, f"The size of the state must be at least 3; got {state.size}"
        )
    return state


def _advance(slot, algorithm, steps):
    """(counter, key) before; the state's counter moved on by 256 * `steps` (TF's contract)."""
    with slot.lock:  # two Session.run threads must not draw from one counter
        state = _philox_state(slot, algorithm)
        counter, key = philox_random.split_state(state)
        new = state.copy()
        new[:3] = philox_random.join_state(
            philox_random.skip(counter, steps * philox_random.RESERVED_PER_OUTPUT), key
        )
        slot.value = new
    return counter, key


def _words(slot, algorithm, size, per_call):
    """The Philox words for `size` outputs taking `per_call` outputs per call, flattened."""
    counter, key = _advance(slot, algorithm, size)
    return philox_random.philox(counter, key, -(-size // per_call))


def _combine64(words):
    pairs = words.reshape(-1, 2).astype(np.uint64)
    return pairs[:, 0] | (pairs[:, 1] << np.uint64(32))


def _float_rule(dtype):
    if dtype not in _FLOATS:
        raise TypeError(
            f"Value for attr 'dtype' of {dtype.name} is not in the list of allowed values: "
            f"{_FLOAT_NAMES}"
        )


def _shape_spec(resource, algorithm, shape):
    shape_util.with_rank(algorithm.shape, 0)
    return shape_util.constant_value_as_shape(shape)


class _StatefulFloat(OpDef):
    inputs = ("resource", "algorithm", "shape")
    type_inputs = ("shape",)
    allowed = _SHAPE_DTYPES
    attrs = {"dtype": D.float32}
    stateful = True
    foldable = False

    @classmethod
    def infer(cls, resource, algorithm, shape, *, dtype):
        _float_rule(dtype)
        return TensorSpec(_shape_spec(resource, algorithm, shape), dtype)

    @classmethod
    def kernel(cls, xp, resource, algorithm, shape, *, ctx, op, dtype):
        dims = _dims(shape)
        size = int(np.prod(dims, dtype=np.int64))
        values = cls.draw(resource, algorithm, size, dtype)
        return xp.asarray(values[:size].astype(dtype.as_numpy_dtype).reshape(dims))


@register_op
class StatefulStandardNormalV2(_StatefulFloat):
    """Samples of N(0, 1) from the generator state behind `resource`."""

    def draw(resource, algorithm, size, dtype):
        double = dtype == D.float64
        words = _words(resource, algorithm, size, 2 if double else 4)
        return philox_random.normal_groups(words, double)


@register_op
class StatefulTruncatedNormal(_StatefulFloat):
    """Samples of N(0, 1) within two standard deviations, from the generator state."""

    def draw(resource, algorithm, size, dtype):
        counter, key = _advance(resource, algorithm, size)
        return philox_random.truncated_normal(counter, key, size, dtype == D.float64)


@register_op
class StatefulUniform(_StatefulFloat):
    """Samples of U[0, 1) from the generator state behind `resource`."""

    def draw(resource, algorithm, size, dtype):
        if dtype == D.float64:
            words = _words(resource, algorithm, size, 2).reshape(-1, 2)
            return philox_random.uint64_to_double(words[:, 0], words[:, 1])
        words = _words(resource, algorithm, size, 4).ravel()
        if dtype == D.float16:
            return philox_random.uint16_to_half(words)
        if dtype == D.bfloat16:
            return philox_random.uint16_to_bfloat16(words, dtype.as_numpy_dtype)
        return philox_random.uint32_to_float(words)


def _int_rule(dtype, allowed, op_type):
    if dtype not in allowed:
        names = ", ".join(d.name for d in allowed)
        raise TypeError(
            f"Value for attr 'dtype' of {dtype.name} is not in the list of allowed values: "
            f"{names} (the CPU kernels of {op_type})"
        )


@register_op
class StatefulUniformInt(OpDef):
    """Integers uniform in [minval, maxval) from the generator state (TF's `% range`)."""

    inputs = ("resource", "algorithm", "shape", "minval", "maxval")
    type_inputs = ("shape",)
    allowed = _SHAPE_DTYPES
    stateful = True
    foldable = False

    def infer(resource, algorithm, shape, minval, maxval):
        _int_rule(minval.dtype.base_dtype, (D.int32, D.int64), "StatefulUniformInt")
        if maxval.dtype.base_dtype != minval.dtype.base_dtype:
            raise TypeError(
                f"Input 'maxval' of 'StatefulUniformInt' Op has type {maxval.dtype.name} that "
                f"does not match type {minval.dtype.name} of argument 'minval'."
            )
        shape_util.with_rank(minval.shape, 0)
        shape_util.with_rank(maxval.shape, 0)
        return TensorSpec(_shape_spec(resource, algorithm, shape), minval.dtype.base_dtype)

    def kernel(xp, resource, algorithm, shape, minval, maxval, *, ctx, op):
        lo, hi = np.asarray(minval), np.asarray(maxval)
        if not lo < hi:
            raise InvalidArgumentError(None, None, f"Need minval < maxval, got {lo} >= {hi}")
        dims = _dims(shape)
        size = int(np.prod(dims, dtype=np.int64))
        wide = lo.dtype == np.int64
        words = _words(resource, algorithm, size, 2 if wide else 4)
        bits = _combine64(words) if wide else words.ravel()
        unsigned = np.uint64 if wide else np.uint32
        span = hi.astype(unsigned) - lo.astype(unsigned)  # wraps as TF's unsigned range does
        values = (lo.astype(unsigned) + bits % span).view(lo.dtype)
        return xp.asarray(values[:size].reshape(dims))


@register_op
class StatefulUniformFullInt(OpDef):
    """Integers uniform over all of `dtype` from the generator state."""

    inputs = ("resource", "algorithm", "shape")
    type_inputs = ("shape",)
    allowed = _SHAPE_DTYPES
    attrs = {"dtype": D.uint64}
    stateful = True
    foldable = False

    def infer(resource, algorithm, shape, *, dtype):
        _int_rule(dtype, (D.int32, D.int64, D.uint32, D.uint64), "StatefulUniformFullInt")
        return TensorSpec(_shape_spec(resource, algorithm, shape), dtype)

    def kernel(xp, resource, algorithm, shape, *, ctx, op, dtype):
        dims = _dims(shape)
        size = int(np.prod(dims, dtype=np.int64))
        np_dtype = np.dtype(dtype.as_numpy_dtype)
        wide = np_dtype.itemsize == 8
        words = _words(resource, algorithm, size, 2 if wide else 4)
        bits = _combine64(words) if wide else words.ravel()
        return xp.asarray(bits.view(np_dtype)[:size].reshape(dims))


@register_op
class RngSkip(OpDef):
    """Moves the generator's counter on by 256 * `delta` (as `delta` outputs would)."""

    inputs = ("resource", "algorithm", "delta")
    stateful = True
    foldable = False

    def infer(resource, algorithm, delta):
        shape_util.with_rank(algorithm.shape, 0)
        shape_util.with_rank(delta.shape, 0)
        return []

    def kernel(xp, resource, algorithm, delta, *, ctx, op):
        _advance(resource, algorithm, int(delta))
        return ()


@register_op
class NonDeterministicInts(OpDef):
    """Integers from the operating system's entropy, new each run."""

    inputs = ("shape",)
    type_inputs = ("shape",)
    allowed = _SHAPE_DTYPES
    attrs = {"dtype": D.int64}
    stateful = True
    foldable = False

    def infer(shape, *, dtype):
        _int_rule(dtype, (D.int32, D.int64, D.uint32, D.uint64), "NonDeterministicInts")
        return TensorSpec(shape_util.constant_value_as_shape(shape), dtype)

    def kernel(xp, shape, *, ctx, op, dtype):
        info = np.iinfo(dtype.as_numpy_dtype)
        gen = np.random.default_rng()
        values = gen.integers(info.min, info.max, _dims(shape), dtype=info.dtype, endpoint=True)
        return xp.asarray(values)


for _op_type in (
    "StatefulStandardNormalV2",
    "StatefulTruncatedNormal",
    "StatefulUniform",
    "StatefulUniformInt",
    "StatefulUniformFullInt",
    "RngSkip",
    "NonDeterministicInts",
):
    NotDifferentiable(_op_type)


# -- the Generator -------------------------------------------------------------------------------
def _get_state_size(alg):
    if alg not in _STATE_SIZES:
        raise ValueError(f"Unsupported algorithm id: {alg}")
    return _STATE_SIZES[alg]


def _check_shape(tensor, expected):
    """TF's `shape.assert_is_compatible_with(expected)` and its message (a list printed as is)."""
    if not tensor.shape.is_compatible_with(expected):
        raise ValueError(f"Shapes {tensor.shape} and {expected} are incompatible")


def _convert_to_state_tensor(t):
    if isinstance(t, list):  # as TF: 64-bit unsigned words become their int64 bit patterns
        t = [n - 2**64 if isinstance(n, int) and n > 2**63 - 1 else n for n in t]
    return convert_to_tensor(t, dtype=D.int64)


def _shape_tensor(shape):
    """An int32 (int64 if empty) shape tensor, as TF converts it."""
    empty = isinstance(shape, (tuple, list)) and not shape
    return convert_to_tensor(shape, dtype=D.int64 if empty else None, name="shape")


def _state_from_key_counter(key, counter, alg):
    counter = _convert_to_state_tensor(counter)
    key = _convert_to_state_tensor(key)
    _check_shape(counter, [_get_state_size(alg) - 1])
    _check_shape(key, [])
    key = array_ops.Reshape.apply(key, np.asarray([1], np.int32))  # TF's "Reshape/shape" const
    return array_ops.concat([counter, key], 0)


class Generator:
    """A random-number generator whose Philox state is a variable (TF 1.15's experimental API).

    >>> gen = tf.random.experimental.Generator.from_seed(1234)
    >>> x = gen.normal([2, 3])   # each run of x draws new values and advances the state
    """

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:
            assert (alg or state) is None
            self._state_var = ResourceVariable(copy_from.state, dtype=D.int64, trainable=False)
            self._alg_var = copy_from.algorithm
        else:
            assert alg is not None and state is not None
            state = _convert_to_state_tensor(state)
            _check_shape(state, [_get_state_size(alg)])
            self._state_var = ResourceVariable(state, dtype=D.int64, trainable=False)
            self._alg_var = alg

    @classmethod
    def from_state(cls, state, alg):
        """A generator starting at `state` (an int64 vector) for algorithm `alg`."""
        return cls(alg=alg, state=state)

    @classmethod
    def from_seed(cls, seed, alg=None):
        """A generator whose state is made from `seed` (an int or a list of ints)."""
        alg = DEFAULT_ALGORITHM if alg is None else alg
        return cls(state=create_rng_state(seed, alg), alg=alg)

    @classmethod
    def from_non_deterministic_state(cls, alg=None):
        """A generator whose state comes from the operating system's entropy."""
        alg = DEFAULT_ALGORITHM if alg is None else alg
        state = NonDeterministicInts.apply([_get_state_size(alg)], dtype=D.int64)
        return cls(state=state, alg=alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg):
        """A generator from a scalar `key` and a `counter` vector (state = counter + [key])."""
        return cls(state=_state_from_key_counter(key, counter, alg), alg=alg)

    def reset(self, state):
        """Adds an op that sets the state (as TF 1.15, the op is not returned)."""
        state = _convert_to_state_tensor(state)
        _check_shape(state, [_get_state_size(self.algorithm)])
        self._state_var.assign(state)

    def reset_from_seed(self, seed):
        """Adds an op that sets the state from `seed` (not returned, as in TF 1.15)."""
        self._state_var.assign(create_rng_state(seed, self.algorithm))

    def reset_from_key_counter(self, key, counter):
        """Adds an op that sets the state from a key and a counter (not returned)."""
        self._state_var.assign(_state_from_key_counter(key, counter, self.algorithm))

    state = property(lambda self: self._state_var, doc="The state variable.")
    algorithm = property(lambda self: self._alg_var, doc="The RNG algorithm id.")

    @property
    def key(self):
        """The key part of the state (its last element)."""
        if self.algorithm not in _STATE_SIZES:
            raise ValueError(f"Unsupported algorithm id: {self.algorithm}")
        return self._state_var[-1]

    def skip(self, delta):
        """Adds an RngSkip op advancing the counter as `delta` outputs would (not returned)."""
        RngSkip.apply(self.state.handle, np.int64(self.algorithm), _int64(delta))

    def _sample(self, opdef, shape, dtype):
        return opdef.apply(self.state.handle, np.int64(self.algorithm), shape, dtype=dtype)

    def normal(self, shape, mean=0.0, stddev=1.0, dtype=D.float32, name=None):
        """Samples of N(mean, stddev**2); each run advances the state."""
        with name_scope(name, "stateful_normal", [shape, mean, stddev]) as name:
            shape = _shape_tensor(shape)
            mean = convert_to_tensor(mean, dtype=dtype, name="mean")
            stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
            rnd = self._sample(StatefulStandardNormalV2, shape, D.as_dtype(dtype))
            return add(rnd * stddev, mean, name=name)

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=D.float32, name=None):
        """Normal samples within two standard deviations of the mean; advances the state."""
        with name_scope(name, "truncated_normal", [shape, mean, stddev]) as name:
            shape = _shape_tensor(shape)
            mean = convert_to_tensor(mean, dtype=dtype, name="mean")
            stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
            rnd = self._sample(StatefulTruncatedNormal, shape, D.as_dtype(dtype))
            return add(rnd * stddev, mean, name=name)

    def uniform(self, shape, minval=0, maxval=None, dtype=D.float32, name=None):
        """Samples uniform in [minval, maxval) (maxval 1 for floats); advances the state."""
        dtype = D.as_dtype(dtype)
        if maxval is None:
            if dtype.is_integer:
                raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
            maxval = 1
        with name_scope(name, "stateful_uniform", [shape, minval, maxval]) as name:
            shape = _shape_tensor(shape)
            minval = convert_to_tensor(minval, dtype=dtype, name="min")
            maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
            if dtype.is_integer:
                return StatefulUniformInt.apply(
                    self.state.handle, np.int64(self.algorithm), shape, minval, maxval, name=name
                )
            rnd = self._sample(StatefulUniform, shape, dtype)
            return add(rnd * (maxval - minval), minval, name=name)

    def uniform_full_int(self, shape, dtype=D.uint64, name=None):
        """Integers uniform over the whole range of `dtype`; advances the state."""
        dtype = D.as_dtype(dtype)
        with name_scope(name, "stateful_uniform_full_int", [shape]) as name:
            shape = _shape_tensor(shape)
            return StatefulUniformFullInt.apply(
                self.state.handle, np.int64(self.algorithm), shape, dtype=dtype, name=name
            )

    def make_seeds(self, count=1):
        """A [2, count] int64 tensor of seeds for the stateless random ops."""
        if self.algorithm not in _STATE_SIZES:
            raise ValueError(f"Unsupported algorithm id: {self.algorithm}")
        keys = self.uniform_full_int(shape=[count], dtype=D.int64)
        return array_ops.stack([keys, array_ops.zeros_like(keys)])

    def split(self, count=1):
        """As TF 1.15: needs eager execution (`Tensor.numpy`), so in graph mode it raises
        AttributeError after drawing the new keys."""
        if self.algorithm not in _STATE_SIZES:
            raise ValueError(f"Unsupported algorithm id: {self.algorithm}")
        keys = self.uniform_full_int(shape=[count], dtype=D.int64)
        size = _get_state_size(self.algorithm)
        return [Generator(state=[0] * (size - 1) + [key], alg=self.algorithm)
                for key in keys.numpy()]


def _int64(value):
    return value if hasattr(value, "dtype") else np.int64(value)


_global_generator = None


def get_global_generator():
    """The global Generator (made on first use, from non-deterministic state)."""
    global _global_generator
    if _global_generator is None:
        _global_generator = Generator.from_non_deterministic_state()
    return _global_generator


def set_global_generator(generator):
    """Replaces the global Generator with `generator`."""
    global _global_generator
    _global_generator = generator

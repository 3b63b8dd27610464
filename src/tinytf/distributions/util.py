"""The helpers TF 1.15's distributions share (its ops/distributions/util.py): logits/probs
pairs, the argument checks that `validate_args` embeds, log-combinations and seed salting."""

import hashlib

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import control_dependencies, convert_to_tensor, name_scope
from tinytf.framework.tensor_shape import TensorShape, dimension_value
from tinytf.ops import check_ops, math_ops
from tinytf.ops.array_ops import fill, identity, shape
from tinytf.ops.check_ops import with_dependencies
from tinytf.ops.constant_op import constant
from tinytf.ops.control_flow_ops import no_op
from tinytf.ops.layout_ops import broadcast_dynamic_shape, broadcast_static_shape
from tinytf.ops.nn_ops import softmax
from tinytf.ops.reduction_ops import reduce_sum
from tinytf.ops.sort_ops import where_v2
from tinytf.ops.special_math_ops import lgamma

_UNSIGNED = (D.bool, D.uint8, D.uint16)
_SIGNED = (D.float16, D.float32, D.float64, D.int8, D.int16, D.int32, D.int64)


def _is_known_dtype(dt):
    return dt.base_dtype in _UNSIGNED or dt.base_dtype in _SIGNED


def largest_integer_by_dtype(dt):
    """The largest integer `dt` holds exactly (2**(mantissa+1) for floats)."""
    if not _is_known_dtype(dt):
        raise TypeError(f"Unrecognized dtype: {dt.name}")
    if dt.is_floating:
        return int(2 ** (np.finfo(dt.as_numpy_dtype).nmant + 1))
    if dt.is_integer:
        return np.iinfo(dt.as_numpy_dtype).max
    return 1  # bool


def _smallest_integer_by_dtype(dt):
    if not _is_known_dtype(dt):
        raise TypeError(f"Unrecognized dtype: {dt.name}")
    return 0 if dt.base_dtype in _UNSIGNED else -1 * largest_integer_by_dtype(dt)


def _is_integer_like_by_dtype(dt):
    if not _is_known_dtype(dt):
        raise TypeError(f"Unrecognized dtype: {dt.name}")
    return dt.is_integer or dt.base_dtype == D.bool


def assert_integer_form(
    x, data=None, summarize=None, message=None, int_dtype=None, name="assert_integer_form"
):
    """An assertion that the float `x` holds whole numbers only (a no-op for integer `x`)."""
    with name_scope(name, values=[x, data]):
        x = convert_to_tensor(x, name="x")
        if x.dtype.is_integer:
            return no_op()
        message = message or f"{x} has non-integer components"
        if int_dtype is None:
            casts = {D.float16: D.int16, D.float32: D.int32, D.float64: D.int64}
            if x.dtype.base_dtype not in casts:
                raise TypeError(f"Unrecognized type {x.dtype.name}")
            int_dtype = casts[x.dtype.base_dtype]
        return check_ops.assert_equal(
            x,
            math_ops.cast(math_ops.cast(x, int_dtype), x.dtype),
            data=data,
            summarize=summarize,
            message=message,
            name=name,
        )


def embed_check_nonnegative_integer_form(x, name="embed_check_nonnegative_integer_form"):
    """`x`, run only after checking that it holds non-negative whole numbers."""
    with name_scope(name, values=[x]):
        x = convert_to_tensor(x, name="x")
        assertions = [check_ops.assert_non_negative(x, message=f"'{x}' must be non-negative.")]
        if not x.dtype.is_integer:
            assertions.append(
                assert_integer_form(x, message=f"'{x}' cannot contain fractional components.")
            )
        return with_dependencies(assertions, x)


def _check_casting_dtypes(x, target_dtype):
    if not _is_integer_like_by_dtype(x.dtype) and not x.dtype.is_floating:
        raise TypeError(f"{x.dtype.name}.dtype must be floating- or integer-type.")
    if not _is_integer_like_by_dtype(target_dtype) and not target_dtype.is_floating:
        raise TypeError(f"target_dtype ({target_dtype.name}) must be floating- or integer-type.")
    if not _is_integer_like_by_dtype(x.dtype) and not _is_integer_like_by_dtype(target_dtype):
        raise TypeError(
            f"At least one of {x}.dtype ({x.dtype.name}) and target_dtype "
            f"({target_dtype.name}) must be integer-type."
        )


def embed_check_integer_casting_closed(
    x, target_dtype, assert_nonnegative=True, name="embed_check_casting_closed"
):
    """`x`, run only after checking that casting it to `target_dtype` loses nothing."""
    with name_scope(name, values=[x]):
        x = convert_to_tensor(x, name="x")
        _check_casting_dtypes(x, target_dtype)
        assertions = []
        if assert_nonnegative:
            assertions.append(
                check_ops.assert_non_negative(x, message="Elements must be non-negative.")
            )
        if x.dtype.is_floating:
            assertions.append(
                assert_integer_form(
                    x,
                    int_dtype=target_dtype,
                    message=f"Elements must be {target_dtype.name}-equivalent.",
                )
            )
        else:
            largest = largest_integer_by_dtype(target_dtype)
            if largest_integer_by_dtype(x.dtype) > largest:
                assertions.append(
                    check_ops.assert_less_equal(
                        x, largest, message=f"Elements cannot exceed {largest}."
                    )
                )
            smallest = _smallest_integer_by_dtype(target_dtype)
            if not assert_nonnegative and _smallest_integer_by_dtype(x.dtype) < smallest:
                assertions.append(
                    check_ops.assert_greater_equal(
                        x, smallest, message=f"Elements cannot be smaller than {smallest}."
                    )
                )
        if not assertions:
            return x
        return with_dependencies(assertions, x)


def embed_check_categorical_event_shape(
    categorical_param, name="embed_check_categorical_event_shape"
):
    """The parameter, checked to have >= 2 classes and no more than its dtype can index."""
    with name_scope(name, values=[categorical_param]):
        x = convert_to_tensor(categorical_param, name="categorical_param")
        x_dtype = x.dtype.base_dtype
        max_event_size = largest_integer_by_dtype(x_dtype) if x_dtype.is_floating else 0
        if max_event_size == 0:
            raise TypeError(f"Unable to validate size of unrecognized dtype ({x_dtype.name}).")
        try:
            x_shape_static = x.get_shape().with_rank_at_least(1)
        except ValueError:
            raise ValueError(
                "A categorical-distribution parameter must have at least 1 dimension."
            ) from None
        event_size = dimension_value(x_shape_static[-1])
        if event_size is not None:
            if event_size < 2:
                raise ValueError(
                    "A categorical-distribution parameter must have at least 2 events."
                )
            if event_size > max_event_size:
                raise ValueError(
                    "Number of classes exceeds `dtype` precision, i.e., "
                    f"{x_dtype.name} implies shape ({event_size}) cannot exceed "
                    f"{max_event_size}."
                )
            return x
        return _with_dynamic_event_checks(x, max_event_size)


def _with_dynamic_event_checks(x, max_event_size):
    event_size = shape(x, name="x_shape")[-1]
    return with_dependencies(
        [
            check_ops.assert_rank_at_least(
                x,
                1,
                message="A categorical-distribution parameter must have at least 1 dimension.",
            ),
            check_ops.assert_greater_equal(
                shape(x)[-1],
                2,
                message="A categorical-distribution parameter must have at least 2 events.",
            ),
            check_ops.assert_less_equal(
                event_size,
                max_event_size,
                message="Number of classes exceeds `dtype` precision, i.e., "
                f"{x.dtype.base_dtype.name} dtype cannot exceed {max_event_size} shape.",
            ),
        ],
        x,
    )


def _validate_probs(probs, multidimensional):
    with name_scope("validate_probs"):
        one = constant(1.0, probs.dtype)
        dependencies = [check_ops.assert_non_negative(probs)]
        if multidimensional:
            probs = embed_check_categorical_event_shape(probs)
            dependencies.append(
                check_ops.assert_near(
                    reduce_sum(probs, -1), one, message="probs does not sum to 1."
                )
            )
        else:
            dependencies.append(
                check_ops.assert_less_equal(
                    probs, one, message="probs has components greater than 1."
                )
            )
        return with_dependencies(dependencies, probs)


def get_logits_and_probs(
    logits=None,
    probs=None,
    multidimensional=False,
    validate_args=False,
    name="get_logits_and_probs",
    dtype=None,
):
    """(logits, probs) from exactly one of them: sigmoid/softmax one way, log the other."""
    with name_scope(name, values=[probs, logits]):
        if (probs is None) == (logits is None):
            raise ValueError("Must pass probs or logits, but not both.")
        if probs is None:
            logits = convert_to_tensor(logits, name="logits", dtype=dtype)
            if not logits.dtype.is_floating:
                raise TypeError("logits must having floating type.")
            if multidimensional:
                if validate_args:
                    logits = embed_check_categorical_event_shape(logits)
                return logits, softmax(logits, name="probs")
            return logits, math_ops.sigmoid(logits, name="probs")
        probs = convert_to_tensor(probs, name="probs", dtype=dtype)
        if not probs.dtype.is_floating:
            raise TypeError("probs must having floating type.")
        if validate_args:
            probs = _validate_probs(probs, multidimensional)
        with name_scope("logits"):
            if multidimensional:
                return math_ops.log(probs), probs
            return math_ops.log(probs) - math_ops.log1p(-1.0 * probs), probs


def log_combinations(n, counts, name="log_combinations"):
    """log(n! / prod(counts!)) over the last axis of `counts`."""
    with name_scope(name, values=[n, counts]):
        n = convert_to_tensor(n, name="n")
        counts = convert_to_tensor(counts, name="counts")
        return lgamma(n + 1) - reduce_sum(lgamma(counts + 1), axis=[-1])


def gen_new_seed(seed, salt):
    """A seed derived from `seed` and `salt` as TF derives it (None stays None)."""
    if seed is None:
        return None
    digest = hashlib.md5((str(seed) + salt).encode("utf-8")).hexdigest()
    return int(digest[:8], 16) & 0x7FFFFFFF


def batch_shape_tensor_of(*params):
    """The broadcast dynamic shape of `params` (a distribution's batch shape)."""
    result = shape(params[0])
    for p in params[1:]:
        result = broadcast_dynamic_shape(result, shape(p))
    return result


def batch_shape_of(*params):
    """The broadcast static shape of `params`."""
    result = params[0].get_shape()
    for p in params[1:]:
        result = broadcast_static_shape(result, p.get_shape())
    return result


def scalar_event_shape_tensor():
    """The event shape [] of a scalar distribution, as an int32 tensor."""
    return constant([], dtype=D.int32)


class ScalarEventParameters:
    """The shapes of a distribution with a scalar event whose batch is the broadcast of its
    parameters (PARAMETERS: their property names, in TF's order)."""

    PARAMETERS = ()

    @classmethod
    def _param_shapes(cls, sample_shape):
        n = len(cls.PARAMETERS)
        return dict(zip(cls.PARAMETERS, [convert_to_tensor(sample_shape, dtype=D.int32)] * n))

    def _parameter_values(self):
        return [getattr(self, name) for name in self.PARAMETERS]

    def _batch_shape_tensor(self):
        return batch_shape_tensor_of(*self._parameter_values())

    def _batch_shape(self):
        return batch_shape_of(*self._parameter_values())

    def _event_shape_tensor(self):
        return scalar_event_shape_tensor()

    def _event_shape(self):
        return TensorShape([])


def checked_identities(checks, validate_args, **params):
    """identity(param, name=...) for each param, after `checks()` when validate_args."""
    with control_dependencies(checks() if validate_args else []):
        return [identity(value, name=key) for key, value in params.items()]


def nan_where_undefined(dist, is_defined, value, assertions):
    """`value` with NaN where not `is_defined` (allow_nan_stats), else `value` after
    `assertions()` that fail the run where it is undefined."""
    if dist.allow_nan_stats:
        nan = fill(
            dist.batch_shape_tensor(), np.array(np.nan, dist.dtype.as_numpy_dtype()), name="nan"
        )
        return where_v2(is_defined, value, nan)
    return with_dependencies(assertions(), value)

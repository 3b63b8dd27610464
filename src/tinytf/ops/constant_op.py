"""Const, tf.constant, and converting Python and NumPy values to tensors with TF's dtype rules."""

import numbers

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.op_def import (
    OpDef,
    TensorSpec,
    register_op,
    register_tensor_conversion_function,
)


@register_op
class Const(OpDef):
    """A constant tensor; its value is stored in the graph."""

    attrs = {"value": None, "dtype": None}

    def infer(*, value, dtype):
        return TensorSpec(value.shape, dtype)

    def kernel(xp, *, value, dtype):
        return xp.asarray(value)


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
    """A constant tensor from a Python or NumPy value; a scalar is broadcast to `shape`.

    >>> tf.constant(5, dtype=tf.float32)   # Tensor("Const:0", shape=(), dtype=float32)
    """
    dtype = dtypes.as_dtype(dtype) if dtype is not None else None
    array = to_numpy(value, dtype)
    if shape is not None:
        array = _reshape_for_constant(array, shape, verify_shape)
    return Const.apply(
        name=name, value=array, dtype=dtypes.as_dtype(array.dtype) if dtype is None else dtype
    )


def _reshape_for_constant(array, shape, verify_shape):
    shape = (
        [int(d) for d in (shape if isinstance(shape, (list, tuple)) else [shape])]
        if not hasattr(shape, "as_list")
        else shape.as_list()
    )
    n = int(np.prod(shape, dtype=np.int64))
    if array.shape == tuple(shape):
        return array
    if verify_shape:
        raise TypeError(f"Expected Tensor's shape: {tuple(shape)}, got {array.shape}.")
    if array.size == 1:
        return np.broadcast_to(array.reshape(()), shape).copy()
    if array.size == n:
        return array.reshape(shape)
    if array.size > n:
        raise TypeError(
            f"Too many elements provided. Needed at most {n}, but received {array.size}"
        )
    flat = array.reshape(-1)  # TF 1.x pads a short value with its last element
    return np.concatenate([flat, np.repeat(flat[-1:], n - flat.size)]).reshape(shape)


def to_numpy(value, dtype=None):
    """A NumPy array for `value`, with TF's inference: int -> int32, float -> float32,
    complex -> complex128; NumPy values keep their dtype unless `dtype` is given."""
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        if array.dtype.kind in "USO":
            return _strings(array)
        if dtype is None:
            dtypes.as_dtype(array.dtype)  # TypeError for unsupported NumPy types
            return array
        return _cast_checked(array, dtype, value)
    inferred, bad = _infer_python(value)
    if bad is not None and dtype is None:
        raise TypeError(
            f"Failed to convert object of type {type(value)} to Tensor. "
            f"Contents: {value!r}. Consider casting elements to a supported type."
        )
    target = dtype if dtype is not None else inferred
    if target == dtypes.string:
        return _strings(np.array(value, dtype=object))
    _assert_compatible(value, target)
    try:
        return np.array(value, dtype=target.as_numpy_dtype)
    except ValueError:
        raise ValueError(
            f"Argument must be a dense tensor: {value!r} - got a ragged list"
        ) from None


def _cast_checked(array, dtype, original):
    np_type = dtype.as_numpy_dtype
    if array.dtype == np_type:
        return array
    if (
        array.dtype.kind in "fc"
        and (dtype.is_integer or dtype.is_bool)
        or array.dtype.kind == "c"
        and not dtype.is_complex
    ):
        converted = array.astype(np_type)
        if not np.array_equal(converted, array):
            raise TypeError(
                f"Expected {dtype.name}, got {original!r} of type "
                f"'{type(original).__name__}' instead."
            )
        return converted
    return array.astype(np_type)


def _strings(array):
    out = np.empty(array.shape, dtype=object)
    for idx, v in np.ndenumerate(array):
        out[idx] = v.encode() if isinstance(v, str) else bytes(v)
    return out


def _leaves(value):
    if isinstance(value, (list, tuple)):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def _infer_python(value):
    """TF's dtype for a (nested) Python value, and the first element it cannot take."""
    kinds = set()
    for leaf in _leaves(value):
        if isinstance(leaf, (bool, np.bool_)):
            kinds.add("b")
        elif isinstance(leaf, numbers.Integral):
            kinds.add("i64" if not -(2**31) <= int(leaf) < 2**31 else "i")
        elif isinstance(leaf, numbers.Real):
            kinds.add("f")
        elif isinstance(leaf, numbers.Complex):
            kinds.add("c")
        elif isinstance(leaf, (str, bytes)):
            kinds.add("s")
        else:
            return None, leaf
    for kind, dtype in (
        ("s", dtypes.string),
        ("c", dtypes.complex128),
        ("f", dtypes.float32),
        ("i64", dtypes.int64),
        ("i", dtypes.int32),
        ("b", dtypes.bool),
    ):
        if kind in kinds:
            return dtype, None
    return dtypes.float32, None  # an empty list


def _assert_compatible(value, dtype):
    for leaf in _leaves(value):
        if not _fits(leaf, dtype):
            raise TypeError(
                f"Expected {dtype.name}, got {leaf!r} of type '{type(leaf).__name__}' instead."
            )


def _fits(leaf, dtype):
    if dtype.is_bool:
        return isinstance(leaf, (bool, np.bool_))
    if isinstance(leaf, (str, bytes)) or not isinstance(leaf, numbers.Number):
        return False
    if dtype.is_integer:
        if isinstance(leaf, bool) or isinstance(leaf, numbers.Integral):
            return dtype.min <= int(leaf) <= dtype.max
        return False
    if dtype.is_floating:
        return isinstance(leaf, numbers.Real)
    return dtype.is_complex


def _constant_conversion(value, dtype=None, name=None, as_ref=False):
    return constant(value, dtype=dtype, name=name or "Const")


register_tensor_conversion_function(
    (list, tuple, numbers.Number, str, bytes, np.ndarray, np.generic),
    _constant_conversion,
    priority=100,
)

"""Casts that the plain Cast op does not cover: bitcast (reinterpreting the bytes),
saturate_cast (clamping to the target's range first) and to_bfloat16."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.framework.tensor_shape import unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.math_ops import Maximum, Minimum, cast

_BITCASTABLE = D.NUMBERS | {D.bfloat16}


@register_op
class Bitcast(OpDef):
    """`input`'s bytes read as `type`: a wider input gains a last dimension of the size
    ratio, a narrower one loses its last dimension, which must equal the ratio."""

    inputs = ("input",)
    attrs = {"type": None}
    allowed = _BITCASTABLE

    def infer(x, *, type):
        _check_type(type)
        if x.shape.ndims is None:
            return TensorSpec(unknown_shape(), type)
        dims, a, b = x.shape.as_list(), x.dtype.size, type.size
        if a > b:
            return TensorSpec([*dims, a // b], type)
        if a < b:
            if not dims:
                raise shape_util.ShapeError("Cannot bitcast from a scalar to a wider type")
            if dims[-1] is not None and dims[-1] != b // a:
                raise shape_util.ShapeError(
                    f"Cannot bitcast due to shape. {dims[-1]} does not match {b // a}"
                )
            return TensorSpec(dims[:-1], type)
        return TensorSpec(dims, type)

    def kernel(xp, x, *, type):
        out = np.ascontiguousarray(x).view(type.as_numpy_dtype)
        a, b = x.dtype.itemsize, out.dtype.itemsize
        if a > b:
            return out.reshape(*x.shape, a // b)
        if a < b:
            return out.reshape(x.shape[:-1])
        return out


def _check_type(dtype):
    if dtype not in _BITCASTABLE:
        names = ", ".join(sorted(d.name for d in _BITCASTABLE))
        raise TypeError(
            f"Value passed to parameter 'type' has DataType {dtype.name} not in list of "
            f"allowed values: {names}"
        )


NotDifferentiable("Bitcast")


def bitcast(input, type, name=None):
    """The bytes of `input` reinterpreted as dtype `type`, without copying values."""
    return Bitcast.apply(input, name=name, type=D.as_dtype(type))


def saturate_cast(value, dtype, name=None):
    """value cast to `dtype`, clamped first to dtype's range (no wrap-around)."""
    with name_scope(name, "saturate_cast", [value]) as name:
        value = convert_to_tensor(value, name="value")
        dtype = D.as_dtype(dtype).base_dtype
        src = value.dtype.base_dtype
        if src.min < dtype.min:
            low = np.asarray(dtype.min).astype(src.as_numpy_dtype)
            value = Maximum.apply(value, convert_to_tensor(low, dtype=src, name="min"))
        if src.max > dtype.max:
            high = np.asarray(dtype.max).astype(src.as_numpy_dtype)
            value = Minimum.apply(value, convert_to_tensor(high, dtype=src, name="max"))
        return cast(value, dtype, name=name)


def to_bfloat16(x, name="ToBFloat16"):
    """cast(x, tf.bfloat16) (deprecated: use tf.cast)."""
    return cast(x, D.bfloat16, name=name)

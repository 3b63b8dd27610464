"""More element-wise math: hyperbolic and inverse hyperbolic functions, atan2, expm1, rint,
is_nan/is_inf/is_finite, truncating division, the *_no_nan ops, xlogy/xdivy, nextafter and
angle, with TF 1.15's gradients (math_grad.py)."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InternalError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.ops.array_ops import zeros_like
from tinytf.ops.constant_op import constant
from tinytf.ops.math_ops import (
    BinaryOp,
    Mul,
    _reduced,
    _unary,
    _x,
    _y,
    cast,
    complex,  # noqa: A004 - TF's name
    conj,
    exp,
    imag,
    not_equal,
    real,
    reciprocal,
    square,
)

HALF_TO_DOUBLE = frozenset({D.float16, D.bfloat16, D.float32, D.float64})
HYPERBOLIC = HALF_TO_DOUBLE | D.COMPLEX
NO_NAN = D.FLOATS | D.COMPLEX  # DivNoNan, MulNoNan, Xlogy, Xdivy: no bfloat16 kernel
_UINT32_64 = frozenset({D.uint32, D.uint64})


def _binop(type_name, inputs, kernel, allowed, grad=None):
    """A broadcasting op of two inputs sharing T, named as TF names them."""
    attrs = {
        "inputs": inputs,
        "kernel": staticmethod(kernel),
        "allowed": allowed,
        "grad": staticmethod(grad) if grad else None,
        "__doc__": f"TF op {type_name} (element-wise, broadcasting).",
    }
    return register_op(type(type_name, (BinaryOp,), attrs))


def _bool_out(dtype):
    return D.bool


def _no_zero_divisor(xp, y):
    if y.dtype.kind in "iu" and not xp.all(y != 0):  # TF's message and class, not FloorDiv's
        raise InternalError(
            None,
            None,
            "Unexpected error in binary operator (only integer div and mod should have errors)",
        )


def _truncatediv(xp, x, y):
    if x.dtype.kind in "iu":  # C++ integer division: truncates toward zero
        _no_zero_divisor(xp, y)
        return (xp.sign(x) * xp.sign(y) * (xp.abs(x) // xp.abs(y))).astype(x.dtype)
    return x / y  # TF's kernel for floats and complex divides without truncating


def _truncatemod(xp, x, y):
    _no_zero_divisor(xp, y)
    return xp.fmod(x, y)  # the sign of x, as C++ %


def _div_no_nan(xp, x, y):
    safe = xp.where(y == 0, xp.ones_like(y), y)
    return xp.where(y == 0, xp.zeros_like(x * y), x / safe)


def _mul_no_nan(xp, x, y):
    return xp.where(y == 0, xp.zeros_like(x * y), x * y)


def _xlogy(xp, x, y):
    safe = xp.where(x == 0, xp.ones_like(y), y)
    return xp.where(x == 0, xp.zeros_like(x * y), x * xp.log(safe))


def _xdivy(xp, x, y):
    safe = xp.where(x == 0, xp.ones_like(y), y)
    return xp.where(x == 0, xp.zeros_like(x * y), x / safe)


# -- gradients -----------------------------------------------------------------------------------
def _atan2_grad(op, dy):
    y, x = op.inputs
    grad_inv = dy / (square(x) + square(y))
    return _reduced(op, x * grad_inv, -y * grad_inv)


def _div_no_nan_grad(op, dy):
    x, y = op.inputs
    return _reduced(op, div_no_nan(dy, y), dy * div_no_nan(div_no_nan(-x, y), y))


def _mul_no_nan_grad(op, dy):
    x, y = op.inputs
    return _reduced(op, multiply_no_nan(dy, y), multiply_no_nan(x, dy))


def _not_zero(x):
    return cast(not_equal(x, cast(0.0, x.dtype)), x.dtype)


def _xlogy_grad(op, dy):
    x, y = op.inputs
    return _reduced(op, xlogy(_not_zero(x), y) * dy, xdivy(x, y) * dy)


def _xdivy_grad(op, dy):
    x, y = op.inputs
    return _reduced(op, xdivy(_not_zero(x), y) * dy, xdivy(-x, y**2) * dy)


def _angle_grad(op, dy):
    x = op.inputs[0]
    z = reciprocal(complex(imag(x), real(x)))
    return -complex(dy, constant(0, dtype=dy.dtype)) * z


Acosh = _unary(
    "Acosh", lambda xp, x: xp.acosh(x), HYPERBOLIC, grad=lambda op, dy: dy / conj(sinh(_y(op)))
)
Asinh = _unary(
    "Asinh", lambda xp, x: xp.asinh(x), HYPERBOLIC, grad=lambda op, dy: dy / conj(cosh(_y(op)))
)
Atanh = _unary(
    "Atanh",
    lambda xp, x: xp.atanh(x),
    HYPERBOLIC,
    grad=lambda op, dy: dy * reciprocal(1 - square(conj(_x(op)))),
)
Cosh = _unary(
    "Cosh", lambda xp, x: xp.cosh(x), HYPERBOLIC, grad=lambda op, dy: dy * conj(sinh(_x(op)))
)
Sinh = _unary(
    "Sinh", lambda xp, x: xp.sinh(x), HYPERBOLIC, grad=lambda op, dy: dy * conj(cosh(_x(op)))
)
Expm1 = _unary(
    "Expm1", lambda xp, x: xp.expm1(x), HYPERBOLIC, grad=lambda op, dy: dy * exp(conj(_x(op)))
)
Rint = _unary("Rint", lambda xp, x: xp.round(x), HALF_TO_DOUBLE, grad=lambda op, dy: None)
IsNan = _unary("IsNan", lambda xp, x: xp.isnan(x), HALF_TO_DOUBLE, _bool_out)
IsInf = _unary("IsInf", lambda xp, x: xp.isinf(x), HALF_TO_DOUBLE, _bool_out)
IsFinite = _unary("IsFinite", lambda xp, x: xp.isfinite(x), HALF_TO_DOUBLE, _bool_out)
Atan2 = _binop("Atan2", ("y", "x"), lambda xp, y, x: xp.atan2(y, x), HALF_TO_DOUBLE, _atan2_grad)
TruncateDiv = _binop(
    "TruncateDiv",
    ("x", "y"),
    _truncatediv,
    D.NUMBERS - _UINT32_64,
    grad=lambda op, dy: (None, None),
)
TruncateMod = _binop("TruncateMod", ("x", "y"), _truncatemod, HALF_TO_DOUBLE | {D.int32, D.int64})
DivNoNan = _binop("DivNoNan", ("x", "y"), _div_no_nan, NO_NAN, _div_no_nan_grad)
MulNoNan = _binop("MulNoNan", ("x", "y"), _mul_no_nan, NO_NAN, _mul_no_nan_grad)
Xlogy = _binop("Xlogy", ("x", "y"), _xlogy, NO_NAN, _xlogy_grad)
Xdivy = _binop("Xdivy", ("x", "y"), _xdivy, NO_NAN, _xdivy_grad)
NextAfter = _binop(
    "NextAfter",
    ("x1", "x2"),
    lambda xp, x1, x2: np.nextafter(x1, x2),  # not in the Array API
    frozenset({D.float32, D.float64}),
    grad=lambda op, dy: _reduced(op, dy, zeros_like(dy)),
)
for _name in ("IsNan", "IsInf", "IsFinite"):
    NotDifferentiable(_name)


@register_op
class Angle(OpDef):
    """The argument (phase) of a complex tensor, as a real one of dtype Tout."""

    inputs = ("input",)
    attrs = {"Tout": D.float32}
    allowed = D.COMPLEX
    grad = _angle_grad

    def infer(x, *, Tout):
        return TensorSpec(x.shape, Tout)

    def kernel(xp, x, *, Tout):
        return xp.atan2(xp.imag(x), xp.real(x)).astype(Tout.as_numpy_dtype)


# -- public wrappers -----------------------------------------------------------------------------
def _wrap1(opdef, public, doc):
    def fn(x, name=None):
        return opdef.apply(x, name=name)

    fn.__name__, fn.__doc__ = public, doc
    return fn


acosh = _wrap1(Acosh, "acosh", "Inverse hyperbolic cosine element-wise.")
asinh = _wrap1(Asinh, "asinh", "Inverse hyperbolic sine element-wise.")
atanh = _wrap1(Atanh, "atanh", "Inverse hyperbolic tangent element-wise.")
cosh = _wrap1(Cosh, "cosh", "Hyperbolic cosine element-wise.")
sinh = _wrap1(Sinh, "sinh", "Hyperbolic sine element-wise.")
expm1 = _wrap1(Expm1, "expm1", "exp(x) - 1 element-wise, exact near 0.")
rint = _wrap1(Rint, "rint", "The nearest integer value, halves to even, element-wise.")
is_nan = _wrap1(IsNan, "is_nan", "Whether x is NaN, element-wise (bool).")
is_inf = _wrap1(IsInf, "is_inf", "Whether x is +-inf, element-wise (bool).")
is_finite = _wrap1(IsFinite, "is_finite", "Whether x is neither NaN nor inf (bool).")


def atan2(y, x, name=None):
    """The angle of the point (x, y), in [-pi, pi], element-wise."""
    return Atan2.apply(y, x, name=name)


def truncatediv(x, y, name=None):
    """x / y rounded toward zero (C++ division); integer division by zero is an error."""
    return TruncateDiv.apply(x, y, name=name)


def truncatemod(x, y, name=None):
    """The remainder of truncating division: the sign of x (C++ %, fmod)."""
    return TruncateMod.apply(x, y, name=name)


def nextafter(x1, x2, name=None):
    """The next representable value after x1 in the direction of x2."""
    return NextAfter.apply(x1, x2, name=name)


def _same_dtype_pair(x, y):
    x = convert_to_tensor(x, name="x")
    y = convert_to_tensor(y, name="y", dtype=x.dtype.base_dtype)
    return x, y


def div_no_nan(x, y, name=None):
    """x / y, or 0 where y is 0."""
    with name_scope(name, "div_no_nan", [x, y]) as name:
        return DivNoNan.apply(*_same_dtype_pair(x, y), name=name)


def multiply_no_nan(x, y, name=None):
    """x * y, or 0 where y is 0 (even when x is inf or NaN)."""
    with name_scope(name, "multiply_no_nan", [x, y]) as name:
        return MulNoNan.apply(*_same_dtype_pair(x, y), name=name)


def reciprocal_no_nan(x, name=None):
    """1 / x, or 0 where x is 0."""
    with name_scope(name, "reciprocal_no_nan", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return div_no_nan(constant(1, dtype=x.dtype.base_dtype), x, name=scope)


def xlogy(x, y, name=None):
    """x * log(y), or 0 where x is 0."""
    return Xlogy.apply(x, y, name=name)


def xdivy(x, y, name=None):
    """x / y, or 0 where x is 0."""
    return Xdivy.apply(x, y, name=name)


def angle(input, name=None):
    """The argument of a complex tensor; 0 for a real one (as TF)."""
    with name_scope(name, "Angle", [input]) as name:
        input = convert_to_tensor(input, name="input")
        if input.dtype.is_complex:
            return Angle.apply(input, name=name, Tout=input.dtype.real_dtype)
        return zeros_like(input)


def scalar_mul(scalar, x, name=None):
    """scalar * x for a 0-d `scalar` (the Mul op); ValueError for any other shape."""
    x = x if hasattr(x, "dtype") else convert_to_tensor(x, name="x")
    scalar = convert_to_tensor(scalar, dtype=x.dtype.base_dtype, name="scalar")
    if scalar.shape.ndims != 0:
        raise ValueError(f"Only scalar multiply works, got shape {scalar.shape}")
    if hasattr(x, "indices"):  # IndexedSlices: scale the values only
        return type(x)(Mul.apply(scalar, x.values, name=name), x.indices, x.dense_shape)
    return Mul.apply(scalar, x, name=name)

"""Element-wise math, comparisons, logic, reductions, casts and matmul (TF's math_ops)."""

import builtins

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.framework.tensor_shape import TensorShape, unknown_shape
from tinytf.ops import array_ops, shape_util
from tinytf.ops.array_ops import ones_like, zeros_like

D = dtypes
FLOAT_COMPLEX = D.INEXACT
NUMBERS = D.NUMBERS
REAL = D.REAL_NUMBERS


# -- element-wise families -----------------------------------------------------------------------
class UnaryOp(OpDef):
    """y = f(x), same shape; the dtype is x's unless `out` maps it (e.g. complex -> real)."""

    inputs = ("x",)
    out = None  # function DType -> DType

    @classmethod
    def infer(cls, x):
        return TensorSpec(x.shape, cls.out(x.dtype) if cls.out else x.dtype.base_dtype)


class BinaryOp(OpDef):
    """z = f(x, y) with broadcasting; x and y share dtype T."""

    inputs = ("x", "y")
    out_dtype = None  # e.g. bool for comparisons

    @classmethod
    def infer(cls, x, y):
        shape = shape_util.broadcast_shape(x.shape, y.shape)
        return TensorSpec(shape, cls.out_dtype or x.dtype.base_dtype)


def _unary(type_name, kernel, allowed, out=None, grad=None):
    attrs = {
        "kernel": staticmethod(kernel),
        "allowed": allowed,
        "out": staticmethod(out) if out else None,
        "grad": staticmethod(grad) if grad else None,
        "__doc__": f"TF op {type_name} (element-wise).",
    }
    return register_op(type(type_name, (UnaryOp,), attrs))


def _binary(type_name, kernel, allowed, out_dtype=None, grad=None):
    attrs = {
        "kernel": staticmethod(kernel),
        "allowed": allowed,
        "out_dtype": out_dtype,
        "grad": staticmethod(grad) if grad else None,
        "__doc__": f"TF op {type_name} (element-wise, broadcasting).",
    }
    return register_op(type(type_name, (BinaryOp,), attrs))


def _no_int_zero(xp, y):
    if y.dtype.kind in "iu" and not xp.all(y != 0):  # dtype.kind: NumPy and CuPy alike
        raise InvalidArgumentError(None, None, "Integer division by zero")


def _floordiv(xp, x, y):
    _no_int_zero(xp, y)
    return xp.floor_divide(x, y)


def _floormod(xp, x, y):
    _no_int_zero(xp, y)
    return xp.remainder(x, y)


def _realdiv(xp, x, y):
    if x.dtype.kind in "iu":  # C++ integer division truncates toward zero
        _no_int_zero(xp, y)
        return xp.trunc(xp.divide(x, y)).astype(x.dtype)
    return xp.divide(x, y)


def _pow(xp, x, y):
    if y.dtype.kind == "i" and xp.any(y < 0):
        raise InvalidArgumentError(
            None, None, "Integers to negative integer powers are not allowed"
        )
    return xp.pow(x, y)


def _real_dtype(dtype):
    return dtype.base_dtype.real_dtype


# Gradients below are TF's (math_grad.py): they build graph ops from the public wrappers,
# reuse the op's own output where TF does (Exp, Tanh, Sigmoid) and take conj() for complex.
def _y(op):
    return op.outputs[0]


def _x(op):
    return op.inputs[0]


Neg = _unary("Neg", lambda xp, x: xp.negative(x), NUMBERS, grad=lambda op, dy: -dy)
Abs = _unary("Abs", lambda xp, x: xp.abs(x), REAL, grad=lambda op, dy: dy * sign(_x(op)))
ComplexAbs = _unary(
    "ComplexAbs",
    lambda xp, x: xp.abs(x),
    D.COMPLEX,
    _real_dtype,
    grad=lambda op, dy: complex(dy, zeros_like(dy)) * sign(_x(op)),
)
Sign = _unary("Sign", lambda xp, x: xp.sign(x), NUMBERS, grad=lambda op, dy: zeros_like(_x(op)))
Square = _unary(
    "Square",
    lambda xp, x: xp.multiply(x, x),
    NUMBERS,
    grad=lambda op, dy: dy * (2 * conj(_x(op))),
)
Sqrt = _unary(
    "Sqrt", lambda xp, x: xp.sqrt(x), FLOAT_COMPLEX, grad=lambda op, dy: SqrtGrad.apply(_y(op), dy)
)
Rsqrt = _unary(
    "Rsqrt",
    lambda xp, x: 1 / xp.sqrt(x),
    FLOAT_COMPLEX,
    grad=lambda op, dy: RsqrtGrad.apply(_y(op), dy),
)
Exp = _unary("Exp", lambda xp, x: xp.exp(x), FLOAT_COMPLEX, grad=lambda op, dy: dy * conj(_y(op)))
Log = _unary(
    "Log", lambda xp, x: xp.log(x), FLOAT_COMPLEX, grad=lambda op, dy: dy * reciprocal(conj(_x(op)))
)
Log1p = _unary(
    "Log1p",
    lambda xp, x: xp.log1p(x),
    FLOAT_COMPLEX,
    grad=lambda op, dy: dy * reciprocal(1 + conj(_x(op))),
)
Sin = _unary(
    "Sin", lambda xp, x: xp.sin(x), FLOAT_COMPLEX, grad=lambda op, dy: dy * cos(conj(_x(op)))
)
Cos = _unary(
    "Cos", lambda xp, x: xp.cos(x), FLOAT_COMPLEX, grad=lambda op, dy: -dy * sin(conj(_x(op)))
)
Tan = _unary(
    "Tan",
    lambda xp, x: xp.tan(x),
    FLOAT_COMPLEX,
    grad=lambda op, dy: dy * square(reciprocal(cos(conj(_x(op))))),
)
Asin = _unary(
    "Asin",
    lambda xp, x: xp.asin(x),
    FLOAT_COMPLEX,
    grad=lambda op, dy: dy * rsqrt(1 - square(conj(_x(op)))),
)
Acos = _unary(
    "Acos",
    lambda xp, x: xp.acos(x),
    FLOAT_COMPLEX,
    grad=lambda op, dy: -dy * rsqrt(1 - square(conj(_x(op)))),
)
Atan = _unary(
    "Atan",
    lambda xp, x: xp.atan(x),
    FLOAT_COMPLEX,
    grad=lambda op, dy: dy * reciprocal(1 + square(conj(_x(op)))),
)
Tanh = _unary(
    "Tanh", lambda xp, x: xp.tanh(x), FLOAT_COMPLEX, grad=lambda op, dy: TanhGrad.apply(_y(op), dy)
)
Sigmoid = _unary(
    "Sigmoid",
    lambda xp, x: 1 / (1 + xp.exp(-x)),
    FLOAT_COMPLEX,
    grad=lambda op, dy: SigmoidGrad.apply(_y(op), dy),
)
Floor = _unary("Floor", lambda xp, x: xp.floor(x), D.FLOATS, grad=lambda op, dy: None)
Ceil = _unary("Ceil", lambda xp, x: xp.ceil(x), D.FLOATS, grad=lambda op, dy: None)
Round = _unary(
    "Round",
    lambda xp, x: xp.round(x),
    NUMBERS,  # half to even, as TF
    grad=lambda op, dy: None,
)
Reciprocal = _unary(
    "Reciprocal",
    lambda xp, x: 1 / x if x.dtype.kind != "i" else xp.asarray(1, dtype=x.dtype) // x,
    NUMBERS,
    grad=lambda op, dy: ReciprocalGrad.apply(_y(op), dy),
)
Real = _unary(
    "Real",
    lambda xp, x: xp.real(x),
    D.COMPLEX,
    _real_dtype,
    grad=lambda op, dy: complex(dy, zeros_like(dy)),
)
Imag = _unary(
    "Imag",
    lambda xp, x: xp.imag(x),
    D.COMPLEX,
    _real_dtype,
    grad=lambda op, dy: complex(zeros_like(dy), dy),
)
Conj = _unary("Conj", lambda xp, x: xp.conj(x), D.COMPLEX, grad=lambda op, dy: conj(dy))
LogicalNot = _unary("LogicalNot", lambda xp, x: xp.logical_not(x), frozenset({D.bool}))


def _grad_op(type_name, kernel, grad):
    """TF's fused gradient ops of the form f(y, dy), y being the forward op's output; `grad`:
    their own gradient (second order), as TF's math_grad.py has it."""
    attrs = {
        "kernel": staticmethod(kernel),
        "grad": staticmethod(lambda op, g: grad(op, conj(op.inputs[0]), conj(op.inputs[1]), g)),
        "allowed": FLOAT_COMPLEX,
        "inputs": ("y", "dy"),
        "__doc__": f"TF op {type_name}: the gradient of {type_name[:-4]} from its output.",
    }
    return register_op(type(type_name, (BinaryOp,), attrs))


def _sqrt_grad_grad(op, y, dy, g):
    ga = g / op.inputs[0]
    return -conj(ga) * op.outputs[0], 0.5 * ga


SqrtGrad = _grad_op("SqrtGrad", lambda xp, y, dy: dy * 0.5 / xp.conj(y), _sqrt_grad_grad)
RsqrtGrad = _grad_op(
    "RsqrtGrad",
    lambda xp, y, dy: -0.5 * dy * xp.conj(y) ** 3,
    lambda op, y, dy, g: (-1.5 * conj(g) * dy * y * y, RsqrtGrad.apply(y, g)),
)
TanhGrad = _grad_op(
    "TanhGrad",
    lambda xp, y, dy: dy * (1 - xp.conj(y) * xp.conj(y)),
    lambda op, y, dy, g: (g * -2.0 * dy * y, TanhGrad.apply(y, g)),
)
SigmoidGrad = _grad_op(
    "SigmoidGrad",
    lambda xp, y, dy: dy * xp.conj(y * (1 - y)),
    lambda op, y, dy, g: (g * dy - 2.0 * (g * dy) * y, SigmoidGrad.apply(y, g)),
)
ReciprocalGrad = _grad_op(
    "ReciprocalGrad",
    lambda xp, y, dy: -dy * xp.conj(y * y),
    lambda op, y, dy, g: (conj(g) * -2.0 * dy * y, ReciprocalGrad.apply(y, g)),
)


def _reduced(op, gx, gy):
    """Sums each input's gradient over the dimensions along which it was broadcast."""
    x, y = op.inputs[0], op.inputs[1]
    return _sum_to(gx, x, y), _sum_to(gy, y, x)


def _sum_to(g, t, other=None):
    """g (shaped like the broadcast result) summed down to t's shape. The axes are found from
    the static shapes when they decide it (no ops per run), else by BroadcastGradientArgs."""
    if g is None:
        return None
    axes = _static_axes(t.shape, g.shape if other is None else other.shape, g.shape)
    if axes is None:
        _, axes = array_ops.broadcast_gradient_args(array_ops.shape(g), array_ops.shape(t))
        return array_ops.reshape(_reduce_sum(g, axes), array_ops.shape(t))
    lead, kept = axes
    if lead:
        g = _reduce_sum(g, lead)
    if kept:
        g = _reduce_sum(g, kept, keepdims=True)
    return g


def _static_axes(t, other, out):
    """(leading axes, size-1 axes) to sum for input shape t broadcast against `other` into
    `out`, or None when the static shapes cannot tell."""
    if t.ndims is None or other.ndims is None or out.ndims is None:
        return None
    rank = out.ndims
    lead = rank - t.ndims
    other_dims = [None] * (rank - other.ndims) + other.as_list() if rank >= other.ndims else None
    if other_dims is None:
        return None
    other_present = [i >= rank - other.ndims for i in builtins.range(rank)]
    kept = []
    for i, d in enumerate(t.as_list()):
        j = lead + i
        o = other_dims[j] if other_present[j] else 1
        if d == 1:
            if o != 1 or out.as_list()[j] != 1:
                kept.append(i)  # summing a size-1 axis is harmless when o turns out to be 1
        elif d is None and o != 1:
            return None  # t may be 1 (broadcast) or equal to o: only the run can tell
    return list(builtins.range(lead)), kept


def _reduce_sum(x, axes, keepdims=False):
    from tinytf.ops.reduction_ops import reduce_sum  # reduction_ops builds on this module

    return reduce_sum(x, axes, keepdims=keepdims)


def _mul_grad(op, dy):
    x, y = op.inputs
    return _reduced(op, dy * conj(y), conj(x) * dy)


def _div_grad(op, dy):
    x, y = op.inputs
    return _reduced(op, dy / conj(y), dy * conj(-x / y / y))


def _pow_grad(op, dy):
    x, y = op.inputs
    z = op.outputs[0]
    gx = dy * y * pow(x, y - 1)
    safe_log = where(x > 0, log(where(x > 0, x, ones_like(x))), zeros_like(x))
    return _reduced(op, gx, dy * z * safe_log)


def _max_min_grad(pick_x):
    def grad(op, dy):
        x, y = op.inputs
        mask = pick_x(x, y)
        zeros = zeros_like(dy)
        return _reduced(op, where(mask, dy, zeros), where(mask, zeros, dy))

    return grad


def _squared_difference_grad(op, dy):
    x, y = op.inputs
    g = dy * (2 * (x - y))
    return _reduced(op, g, -g)


def _floormod_grad(op, dy):
    x, y = op.inputs
    return _reduced(op, dy, dy * -floordiv(x, y))


Add = _binary(
    "Add",
    lambda xp, x, y: xp.add(x, y),
    NUMBERS | {D.string},
    grad=lambda op, dy: _reduced(op, dy, dy),
)
AddV2 = register_op(type("AddV2", (Add,), {"__doc__": "TF 2's name for Add (imported graphs)."}))
Sub = _binary(
    "Sub", lambda xp, x, y: xp.subtract(x, y), NUMBERS, grad=lambda op, dy: _reduced(op, dy, -dy)
)
Mul = _binary("Mul", lambda xp, x, y: xp.multiply(x, y), NUMBERS, grad=_mul_grad)
RealDiv = _binary("RealDiv", lambda xp, x, y: _realdiv(xp, x, y), NUMBERS, grad=_div_grad)
FloorDiv = _binary("FloorDiv", _floordiv, REAL, grad=lambda op, dy: (None, None))
FloorMod = _binary("FloorMod", _floormod, REAL, grad=_floormod_grad)
Pow = _binary("Pow", _pow, NUMBERS, grad=_pow_grad)
Maximum = _binary(
    "Maximum", lambda xp, x, y: xp.maximum(x, y), REAL, grad=_max_min_grad(lambda x, y: x >= y)
)
Minimum = _binary(
    "Minimum", lambda xp, x, y: xp.minimum(x, y), REAL, grad=_max_min_grad(lambda x, y: x <= y)
)
SquaredDifference = _binary(
    "SquaredDifference", lambda xp, x, y: xp.square(x - y), NUMBERS, grad=_squared_difference_grad
)
Less = _binary("Less", lambda xp, x, y: xp.less(x, y), REAL, D.bool)
LessEqual = _binary("LessEqual", lambda xp, x, y: xp.less_equal(x, y), REAL, D.bool)
Greater = _binary("Greater", lambda xp, x, y: xp.greater(x, y), REAL, D.bool)
GreaterEqual = _binary("GreaterEqual", lambda xp, x, y: xp.greater_equal(x, y), REAL, D.bool)
Equal = _binary("Equal", lambda xp, x, y: xp.equal(x, y), D.ALL, D.bool)
NotEqual = _binary("NotEqual", lambda xp, x, y: xp.not_equal(x, y), D.ALL, D.bool)
LogicalAnd = _binary("LogicalAnd", lambda xp, x, y: xp.logical_and(x, y), frozenset({D.bool}))
LogicalOr = _binary("LogicalOr", lambda xp, x, y: xp.logical_or(x, y), frozenset({D.bool}))
for _name in (
    "Less",
    "LessEqual",
    "Greater",
    "GreaterEqual",
    "Equal",
    "NotEqual",
    "LogicalAnd",
    "LogicalOr",
    "LogicalNot",
):
    NotDifferentiable(_name)


@register_op
class Complex(OpDef):
    """real + 1j * imag."""

    inputs = ("real", "imag")
    allowed = frozenset({D.float32, D.float64})
    attrs = {"Tout": None}

    def infer(real, imag, *, Tout):
        return TensorSpec(shape_util.broadcast_shape(real.shape, imag.shape), Tout)

    def kernel(xp, real, imag, *, Tout):
        return (real + 1j * imag).astype(Tout.as_numpy_dtype)

    def grad(op, dz):
        return _reduced(op, real(dz), imag(dz))


@register_op
class AddN(OpDef):
    """The element-wise sum of a list of tensors of one shape and dtype."""

    inputs = ("inputs*",)
    allowed = NUMBERS

    def infer(*inputs):
        return TensorSpec(shape_util.merge_shapes([t.shape for t in inputs]), inputs[0].dtype)

    def kernel(xp, *inputs):
        total = inputs[0] + inputs[1] if len(inputs) > 1 else xp.asarray(inputs[0]).copy()
        for x in inputs[2:]:
            total += x
        return total

    def grad(op, dy):
        return [dy] * len(op.inputs)


@register_op
class Cast(OpDef):
    """x converted to DstT: floats truncate toward zero, complex keeps the real part."""

    inputs = ("x",)
    attrs = {"DstT": None, "Truncate": False}

    def infer(x, *, DstT, Truncate):
        return TensorSpec(x.shape, DstT)

    def kernel(xp, x, *, DstT, Truncate):
        if x.dtype.kind == "c" and not DstT.is_complex:
            x = xp.real(x)
        return xp.asarray(x).astype(DstT.as_numpy_dtype)

    def grad(op, dy):
        src = op.inputs[0].dtype.base_dtype
        inexact = D.FLOATS | D.COMPLEX
        return cast(dy, src) if src in inexact and dy.dtype.base_dtype in inexact else None


# -- matrix products -----------------------------------------------------------------------------
MATMUL_TYPES = frozenset(
    {D.float16, D.float32, D.float64, D.int32, D.int64, D.complex64, D.complex128}
)


@register_op
class MatMul(OpDef):
    """Matrix product of rank-2 a and b, optionally transposed."""

    inputs = ("a", "b")
    attrs = {"transpose_a": False, "transpose_b": False}
    allowed = MATMUL_TYPES

    def infer(a, b, *, transpose_a, transpose_b):
        sa = shape_util.with_rank(a.shape, 2).as_list()
        sb = shape_util.with_rank(b.shape, 2).as_list()
        m, k = sa[::-1] if transpose_a else sa
        k2, n = sb[::-1] if transpose_b else sb
        shape_util.merge_dim(k, k2)
        return TensorSpec([m, n], a.dtype)

    def kernel(xp, a, b, *, transpose_a, transpose_b):
        return xp.matmul(a.T if transpose_a else a, b.T if transpose_b else b)

    def grad(op, dy):
        a, b = conj(op.inputs[0]), conj(op.inputs[1])
        ta, tb = op.get_attr("transpose_a"), op.get_attr("transpose_b")
        if not ta and not tb:
            return matmul(dy, b, transpose_b=True), matmul(a, dy, transpose_a=True)
        if not ta and tb:
            return matmul(dy, b), matmul(dy, a, transpose_a=True)
        if ta and not tb:
            return matmul(b, dy, transpose_b=True), matmul(a, dy)
        return matmul(b, dy, transpose_a=True, transpose_b=True), matmul(
            dy, a, transpose_a=True, transpose_b=True
        )


@register_op
class BatchMatMulV2(OpDef):
    """Batched matrix product over the last two dims; batch dims broadcast."""

    inputs = ("x", "y")
    attrs = {"adj_x": False, "adj_y": False}
    allowed = MATMUL_TYPES

    def infer(x, y, *, adj_x, adj_y):
        if x.shape.ndims is None or y.shape.ndims is None:
            return TensorSpec(unknown_shape(), x.dtype)
        sx = shape_util.with_rank_at_least(x.shape, 2).as_list()
        sy = shape_util.with_rank_at_least(y.shape, 2).as_list()
        m, k = sx[-1:-3:-1] if adj_x else sx[-2:]
        k2, n = sy[-1:-3:-1] if adj_y else sy[-2:]
        shape_util.merge_dim(k, k2)
        batch = shape_util.broadcast_shape(TensorShape(sx[:-2]), TensorShape(sy[:-2]))
        return TensorSpec(batch.concatenate([m, n]), x.dtype)

    def kernel(xp, x, y, *, adj_x, adj_y):
        if adj_x:
            x = xp.conj(xp.matrix_transpose(x))
        if adj_y:
            y = xp.conj(xp.matrix_transpose(y))
        return xp.matmul(x, y)

    def grad(op, dz):
        x, y = op.inputs
        ax, ay = op.get_attr("adj_x"), op.get_attr("adj_y")
        if not ax:
            gx = matmul(dz, y, adjoint_b=not ay) if not ay else matmul(dz, y)
        else:
            gx = (
                matmul(y, dz, adjoint_b=True)
                if not ay
                else matmul(y, dz, adjoint_a=True, adjoint_b=True)
            )
        if not ay:
            gy = matmul(x, dz, adjoint_a=not ax) if not ax else matmul(x, dz)
        else:
            gy = (
                matmul(dz, x, adjoint_a=True)
                if not ax
                else matmul(dz, x, adjoint_a=True, adjoint_b=True)
            )
        return _batch_sum_to(gx, x), _batch_sum_to(gy, y)


def _batch_sum_to(g, t):
    """A batched matmul gradient summed over the batch dimensions `t` was broadcast along."""
    if t.shape.ndims is not None and g.shape.ndims is not None and t.shape.ndims == g.shape.ndims:
        if (
            t.shape.is_fully_defined()
            and g.shape.is_fully_defined()
            and t.shape.as_list() == g.shape.as_list()
        ):
            return g
    batch_g, batch_t = array_ops.shape(g)[:-2], array_ops.shape(t)[:-2]
    _, axes = array_ops.broadcast_gradient_args(batch_g, batch_t)
    return array_ops.reshape(_reduce_sum(g, axes), array_ops.shape(t))


# -- selection and sequences ---------------------------------------------------------------------
@register_op
class Select(OpDef):
    """Picks from t where condition is true, else from e (condition: same shape or a vector)."""

    inputs = ("condition", "t", "e")
    type_inputs = ("t", "e")

    def infer(condition, t, e):
        shape = shape_util.merge_shapes([t.shape, e.shape])
        c = condition.shape
        if c.ndims is not None and shape.ndims is not None and c.ndims not in (0, shape.ndims):
            if c.ndims != 1:
                raise shape_util.ShapeError(
                    f"Shape must be rank {shape.ndims} but is rank {c.ndims}"
                )
            shape_util.merge_dim(c.as_list()[0], shape.as_list()[0] if shape.ndims else None)
        elif c.ndims == shape.ndims and c.ndims:
            shape = shape_util.merge_pair(shape, c)
        return TensorSpec(shape, t.dtype)

    def kernel(xp, condition, t, e):
        if condition.ndim == 1 and t.ndim > 1:
            condition = xp.reshape(condition, (-1,) + (1,) * (t.ndim - 1))
        return xp.where(condition, t, e)

    def grad(op, dy):
        zeros = zeros_like(dy)
        c = op.inputs[0]
        return None, where(c, dy, zeros), where(c, zeros, dy)


NotDifferentiable("Where")
NotDifferentiable("Range")
NotDifferentiable("LinSpace")


@register_op
class Where(OpDef):
    """The coordinates (int64, one row each) of the true elements of `input`."""

    inputs = ("input",)

    def infer(x):
        return TensorSpec([None, x.shape.ndims], D.int64)

    def kernel(xp, x):
        return (
            xp.stack(xp.nonzero(x), axis=-1).astype(xp.int64)
            if x.ndim
            else xp.zeros((int(bool(x)), 0), dtype=xp.int64)
        )


@register_op
class Range(OpDef):
    """[start, start + delta, ...) up to limit."""

    inputs = ("start", "limit", "delta")
    allowed = frozenset({D.float32, D.float64, D.int32, D.int64})

    def infer(start, limit, delta):
        values = [shape_util.constant_value(t) for t in (start, limit, delta)]
        if any(v is None for v in values):
            return TensorSpec([None], start.dtype)
        if values[2] == 0:
            raise shape_util.ShapeError("Requires delta != 0")
        return TensorSpec([len(np.arange(*[v.item() for v in values]))], start.dtype)

    def kernel(xp, start, limit, delta):
        if delta == 0:
            raise InvalidArgumentError(None, None, "Requires delta != 0")
        return xp.arange(start, limit, delta, dtype=xp.asarray(start).dtype)


@register_op
class LinSpace(OpDef):
    """`num` evenly spaced values from start to stop, both included."""

    inputs = ("start", "stop", "num")
    type_inputs = ("start", "stop")
    allowed = frozenset({D.float32, D.float64})

    def infer(start, stop, num):
        n = shape_util.constant_value(num)
        return TensorSpec([None if n is None else int(n)], start.dtype)

    def kernel(xp, start, stop, num):
        return xp.linspace(start, stop, int(num), dtype=xp.asarray(start).dtype)


# -- public wrappers -------------------------------------------------------------------------------
def _wrap_unary(opdef, doc):
    def fn(x, name=None):
        return opdef.apply(x, name=name)

    fn.__name__, fn.__doc__ = opdef.type_name.lower(), doc
    return fn


negative = _wrap_unary(Neg, "-x element-wise.")
sign = _wrap_unary(Sign, "-1, 0 or 1 element-wise (x/|x| for complex).")
square = _wrap_unary(Square, "x * x element-wise.")
sqrt = _wrap_unary(Sqrt, "Square root element-wise.")
rsqrt = _wrap_unary(Rsqrt, "1 / sqrt(x) element-wise.")
exp = _wrap_unary(Exp, "e**x element-wise.")
log = _wrap_unary(Log, "Natural logarithm element-wise.")
log1p = _wrap_unary(Log1p, "log(1 + x) element-wise.")
sin = _wrap_unary(Sin, "Sine element-wise.")
cos = _wrap_unary(Cos, "Cosine element-wise.")
tan = _wrap_unary(Tan, "Tangent element-wise.")
asin = _wrap_unary(Asin, "Arcsine element-wise.")
acos = _wrap_unary(Acos, "Arccosine element-wise.")
atan = _wrap_unary(Atan, "Arctangent element-wise.")
tanh = _wrap_unary(Tanh, "Hyperbolic tangent element-wise.")
floor = _wrap_unary(Floor, "Largest integer not greater than x, element-wise.")
ceil = _wrap_unary(Ceil, "Smallest integer not less than x, element-wise.")
reciprocal = _wrap_unary(Reciprocal, "1 / x element-wise.")
logical_not = _wrap_unary(LogicalNot, "Logical NOT element-wise (bool).")


def _wrap_binary(opdef, doc):
    def fn(x, y, name=None):
        return opdef.apply(x, y, name=name)

    fn.__doc__ = doc
    return fn


add = _wrap_binary(Add, "x + y element-wise, with broadcasting.")
subtract = _wrap_binary(Sub, "x - y element-wise, with broadcasting.")
multiply = _wrap_binary(Mul, "x * y element-wise, with broadcasting.")
maximum = _wrap_binary(Maximum, "max(x, y) element-wise, with broadcasting.")
minimum = _wrap_binary(Minimum, "min(x, y) element-wise, with broadcasting.")
squared_difference = _wrap_binary(SquaredDifference, "(x - y)**2 element-wise.")
floormod = _wrap_binary(FloorMod, "x mod y, with the sign of y (Python's %).")
less = _wrap_binary(Less, "x < y element-wise (bool).")
less_equal = _wrap_binary(LessEqual, "x <= y element-wise (bool).")
greater = _wrap_binary(Greater, "x > y element-wise (bool).")
greater_equal = _wrap_binary(GreaterEqual, "x >= y element-wise (bool).")
equal = _wrap_binary(Equal, "x == y element-wise (bool).")
not_equal = _wrap_binary(NotEqual, "x != y element-wise (bool).")
logical_and = _wrap_binary(LogicalAnd, "Logical AND element-wise (bool).")
logical_or = _wrap_binary(LogicalOr, "Logical OR element-wise (bool).")
mod = floormod


def sigmoid(x, name=None):
    """1 / (1 + exp(-x)) element-wise."""
    with name_scope(name, "Sigmoid", [x]) as name:
        return Sigmoid.apply(x, name=name)


def abs(x, name=None):
    """|x| element-wise; for complex x, the magnitude (a real tensor)."""
    with name_scope(name, "Abs", [x]) as name:
        x = convert_to_tensor(x, name="x")
        return (ComplexAbs if x.dtype.is_complex else Abs).apply(x, name=name)


def round(x, name=None):
    """Rounds half to even, element-wise; integers are returned unchanged."""
    x = convert_to_tensor(x, name="x")
    return x if x.dtype.is_integer else Round.apply(x, name=name)


def pow(x, y, name=None):
    """x ** y element-wise, with broadcasting."""
    with name_scope(name, "Pow", [x]) as name:
        return Pow.apply(x, y, name=name)


def truediv(x, y, name=None):
    """x / y as Python 3 does: integers are first cast to floats (int32 -> float64)."""
    with name_scope(name, "truediv", [x, y]) as name:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype_hint=x.dtype.base_dtype, name="y")
        if x.dtype.base_dtype != y.dtype.base_dtype:
            raise TypeError(
                f"x and y must have the same dtype, got {x.dtype.base_dtype!r} != "
                f"{y.dtype.base_dtype!r}."
            )
        float_type = {
            D.int8: D.float32,
            D.uint8: D.float32,
            D.int16: D.float32,
            D.uint16: D.float32,
            D.int32: D.float64,
            D.int64: D.float64,
        }
        target = float_type.get(x.dtype.base_dtype)
        if target is not None:
            x, y = cast(x, target), cast(y, target)
        return RealDiv.apply(x, y, name=name)


def divide(x, y, name=None):
    """x / y element-wise (Python 3 semantics, see truediv)."""
    if name is not None:
        return truediv(x, y, name=name)
    return truediv(x, y)


def div_no_nan(x, y, name=None):
    """x / y, or 0 where y is 0 (TF's DivNoNan op, in elementwise_ops)."""
    from tinytf.ops.elementwise_ops import div_no_nan as div_no_nan_op  # it imports this module

    return div_no_nan_op(x, y, name=name)


def floordiv(x, y, name=None):
    """floor(x / y) element-wise; integer division by zero is an InvalidArgumentError."""
    with name_scope(name, "floordiv", [x, y]) as name:
        return FloorDiv.apply(x, y, name=name)


def div(x, y, name=None):
    """Python 2 division: floor division for integers, true division otherwise."""
    with name_scope(name, "div", [x, y]) as name:
        x = convert_to_tensor(x, name="x")
        opdef = RealDiv if x.dtype.is_floating or x.dtype.is_complex else FloorDiv
        return opdef.apply(x, y, name=name)


def logical_xor(x, y, name="LogicalXor"):
    """x XOR y element-wise (bool)."""
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=name)


def add_n(inputs, name=None):
    """The sum of a list of tensors of the same shape and dtype."""
    if not inputs or not isinstance(inputs, (list, tuple)):
        raise ValueError(
            "inputs must be a list of at least one Tensor with the same dtype and shape"
        )
    if len(inputs) == 1:
        from tinytf.ops.array_ops import identity

        return identity(inputs[0], name=name) if name else convert_to_tensor(inputs[0])
    return AddN.apply(list(inputs), name=name)


def cast(x, dtype, name=None):
    """x converted to `dtype`; returns x itself when it already has that dtype."""
    dtype = D.as_dtype(dtype)
    if hasattr(x, "_cast_sparse"):
        return x._cast_sparse(dtype, name)
    with name_scope(name, "Cast", [x]) as name:
        x = convert_to_tensor(x, name="x")
        if x.dtype.base_dtype == dtype:
            return x
        return Cast.apply(x, name=name, DstT=dtype)


def to_float(x, name="ToFloat"):
    return cast(x, D.float32, name=name)


def to_int32(x, name="ToInt32"):
    return cast(x, D.int32, name=name)


def to_int64(x, name="ToInt64"):
    return cast(x, D.int64, name=name)


def real(input, name=None):
    """The real part of a complex tensor (the tensor itself if it is real)."""
    with name_scope(name, "Real", [input]) as name:
        input = convert_to_tensor(input, name="input")
        return Real.apply(input, name=name) if input.dtype.is_complex else input


def imag(input, name=None):
    """The imaginary part of a complex tensor (zeros if it is real)."""
    with name_scope(name, "Imag", [input]) as name:
        input = convert_to_tensor(input, name="input")
        if input.dtype.is_complex:
            return Imag.apply(input, name=name)
        from tinytf.ops.array_ops import zeros_like

        return zeros_like(input, name=name)


def conj(x, name=None):
    """The complex conjugate (the tensor itself if it is real)."""
    with name_scope(name, "Conj", [x]) as name:
        x = convert_to_tensor(x, name="x")
        return Conj.apply(x, name=name) if x.dtype.is_complex else x


def complex(real, imag, name=None):
    """real + 1j * imag: complex64 from float32 parts, complex128 from float64."""
    with name_scope(name, "Complex", [real, imag]) as name:
        real = convert_to_tensor(real, name="real")
        imag = convert_to_tensor(imag, dtype_hint=real.dtype, name="imag")
        tout = D.complex128 if real.dtype.base_dtype == D.float64 else D.complex64
        return Complex.apply(real, imag, name=name, Tout=tout)


def matmul(
    a,
    b,
    transpose_a=False,
    transpose_b=False,
    adjoint_a=False,
    adjoint_b=False,
    a_is_sparse=False,
    b_is_sparse=False,
    name=None,
):
    """Matrix product a @ b; ranks above 2 multiply batches of matrices.

    >>> tf.matmul([[1., 2.]], [[3.], [4.]])   # [[11.]]
    """
    if transpose_a and adjoint_a or transpose_b and adjoint_b:
        raise ValueError("Only one of transpose and adjoint may be True.")
    with name_scope(name, "MatMul", [a, b]) as name:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, dtype_hint=a.dtype.base_dtype, name="b")
        ra, rb = a.shape.ndims, b.shape.ndims
        if ra is not None and rb is not None and ra <= 2 and rb <= 2:
            if a.dtype.is_complex and (adjoint_a or adjoint_b):
                a = conj(a) if adjoint_a else a
                b = conj(b) if adjoint_b else b
            return MatMul.apply(
                a,
                b,
                name=name,
                transpose_a=bool(transpose_a or adjoint_a),
                transpose_b=bool(transpose_b or adjoint_b),
            )
        if a.dtype.is_complex and (transpose_a or transpose_b):
            a = conj(a) if transpose_a else a
            b = conj(b) if transpose_b else b
        return BatchMatMulV2.apply(
            a,
            b,
            name=name,
            adj_x=bool(transpose_a or adjoint_a),
            adj_y=bool(transpose_b or adjoint_b),
        )


def where(condition, x=None, y=None, name=None):
    """With x and y: picks from x where condition, else y. Alone: int64 true coordinates."""
    if x is None and y is None:
        with name_scope(name, "Where", [condition]) as name:
            condition = convert_to_tensor(condition, dtype_hint=D.bool, name="condition")
            return Where.apply(condition, name=name)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return Select.apply(condition, x, y, name=name)


def range(start, limit=None, delta=1, dtype=None, name="range"):
    """Like Python's range, as a 1-D tensor: range(5) -> [0 1 2 3 4]."""
    if limit is None:
        start, limit = 0, start
    with name_scope(name, "Range", [start, limit, delta]) as name:
        values = [
            convert_to_tensor(v, dtype=dtype, name=n)
            for v, n in ((start, "start"), (limit, "limit"), (delta, "delta"))
        ]
        if dtype is None:
            order = [D.int32, D.int64, D.float32, D.float64]
            best = max((v.dtype.base_dtype for v in values), key=order.index)
            values = [cast(v, best) for v in values]
        return Range.apply(*values, name=name)


def linspace(start, stop, num, name=None):
    """`num` evenly spaced values from start to stop, inclusive."""
    with name_scope(name, "LinSpace", [start, stop, num]) as name:
        return LinSpace.apply(start, stop, num, name=name)


def tensordot(a, b, axes, name=None):
    """Sums the products of a and b over `axes` (an int, or a pair of axis lists)."""
    from tinytf.ops.array_ops import reshape, transpose

    with name_scope(name, "Tensordot", [a, b]) as name:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, dtype_hint=a.dtype.base_dtype, name="b")
        sa, sb = a.shape.as_list(), b.shape.as_list()
        if isinstance(axes, int):
            axes_a, axes_b = list(np.arange(len(sa) - axes, len(sa))), list(np.arange(axes))
        else:
            axes_a, axes_b = (
                [axes[0]] if isinstance(axes[0], int) else list(axes[0]),
                [axes[1]] if isinstance(axes[1], int) else list(axes[1]),
            )
        axes_a = [int(x) % len(sa) for x in axes_a]
        axes_b = [int(x) % len(sb) for x in axes_b]
        free_a = [i for i in np.arange(len(sa)) if i not in axes_a]
        free_b = [i for i in np.arange(len(sb)) if i not in axes_b]
        if None in [sa[i] for i in axes_a] or None in sb:
            raise ValueError("tensordot needs static contracted dimensions and b in tinytf.")
        k = int(np.prod([sa[i] for i in axes_a], dtype=np.int64))
        ma = reshape(transpose(a, free_a + axes_a), [-1, k])
        mb = reshape(transpose(b, axes_b + free_b), [k, -1])
        dims = [sa[i] for i in free_a] + [sb[i] for i in free_b]
        if None not in dims:
            return reshape(matmul(ma, mb), dims, name=name)
        from tinytf.ops.array_ops import concat, shape
        from tinytf.ops.indexing_ops import gather

        # a free dimension of a known only at run time (a batch, a time axis)
        out_shape = concat([gather(shape(a), free_a), [sb[i] for i in free_b]], 0)
        result = reshape(matmul(ma, mb), out_shape, name=name)
        result.set_shape(dims)
        return result

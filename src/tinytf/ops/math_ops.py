"""Element-wise math, comparisons, logic, reductions, casts and matmul (TF's math_ops)."""

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import OpDef, TensorSpec, convert_to_tensor, name_scope, register_op
from tinytf.framework.tensor_shape import TensorShape, unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.constant_op import constant

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


def _unary(type_name, kernel, allowed, out=None):
    attrs = {
        "kernel": staticmethod(kernel),
        "allowed": allowed,
        "out": staticmethod(out) if out else None,
        "__doc__": f"TF op {type_name} (element-wise).",
    }
    return register_op(type(type_name, (UnaryOp,), attrs))


def _binary(type_name, kernel, allowed, out_dtype=None):
    attrs = {
        "kernel": staticmethod(kernel),
        "allowed": allowed,
        "out_dtype": out_dtype,
        "__doc__": f"TF op {type_name} (element-wise, broadcasting).",
    }
    return register_op(type(type_name, (BinaryOp,), attrs))


def _no_int_zero(xp, y):
    if xp.isdtype(y.dtype, "integral") and not xp.all(y != 0):
        raise InvalidArgumentError(None, None, "Integer division by zero")


def _floordiv(xp, x, y):
    _no_int_zero(xp, y)
    return xp.floor_divide(x, y)


def _floormod(xp, x, y):
    _no_int_zero(xp, y)
    return xp.remainder(x, y)


def _realdiv(xp, x, y):
    if xp.isdtype(x.dtype, "integral"):  # C++ integer division truncates toward zero
        _no_int_zero(xp, y)
        return xp.trunc(xp.divide(x, y)).astype(x.dtype)
    return xp.divide(x, y)


def _pow(xp, x, y):
    if xp.isdtype(y.dtype, "signed integer") and xp.any(y < 0):
        raise InvalidArgumentError(
            None, None, "Integers to negative integer powers are not allowed"
        )
    return xp.pow(x, y)


def _real_dtype(dtype):
    return dtype.base_dtype.real_dtype


Neg = _unary("Neg", lambda xp, x: xp.negative(x), NUMBERS)
Abs = _unary("Abs", lambda xp, x: xp.abs(x), REAL)
ComplexAbs = _unary("ComplexAbs", lambda xp, x: xp.abs(x), D.COMPLEX, _real_dtype)
Sign = _unary("Sign", lambda xp, x: xp.sign(x), NUMBERS)
Square = _unary("Square", lambda xp, x: xp.multiply(x, x), NUMBERS)
Sqrt = _unary("Sqrt", lambda xp, x: xp.sqrt(x), FLOAT_COMPLEX)
Rsqrt = _unary("Rsqrt", lambda xp, x: 1 / xp.sqrt(x), FLOAT_COMPLEX)
Exp = _unary("Exp", lambda xp, x: xp.exp(x), FLOAT_COMPLEX)
Log = _unary("Log", lambda xp, x: xp.log(x), FLOAT_COMPLEX)
Log1p = _unary("Log1p", lambda xp, x: xp.log1p(x), FLOAT_COMPLEX)
Sin = _unary("Sin", lambda xp, x: xp.sin(x), FLOAT_COMPLEX)
Cos = _unary("Cos", lambda xp, x: xp.cos(x), FLOAT_COMPLEX)
Tan = _unary("Tan", lambda xp, x: xp.tan(x), FLOAT_COMPLEX)
Asin = _unary("Asin", lambda xp, x: xp.asin(x), FLOAT_COMPLEX)
Acos = _unary("Acos", lambda xp, x: xp.acos(x), FLOAT_COMPLEX)
Atan = _unary("Atan", lambda xp, x: xp.atan(x), FLOAT_COMPLEX)
Tanh = _unary("Tanh", lambda xp, x: xp.tanh(x), FLOAT_COMPLEX)
Sigmoid = _unary("Sigmoid", lambda xp, x: 1 / (1 + xp.exp(-x)), FLOAT_COMPLEX)
Floor = _unary("Floor", lambda xp, x: xp.floor(x), D.FLOATS)
Ceil = _unary("Ceil", lambda xp, x: xp.ceil(x), D.FLOATS)
Round = _unary("Round", lambda xp, x: xp.round(x), NUMBERS)  # half to even, as TF
Reciprocal = _unary(
    "Reciprocal",
    lambda xp, x: 1 / x if x.dtype.kind != "i" else xp.asarray(1, dtype=x.dtype) // x,
    NUMBERS,
)
Real = _unary("Real", lambda xp, x: xp.real(x), D.COMPLEX, _real_dtype)
Imag = _unary("Imag", lambda xp, x: xp.imag(x), D.COMPLEX, _real_dtype)
Conj = _unary("Conj", lambda xp, x: xp.conj(x), D.COMPLEX)
LogicalNot = _unary("LogicalNot", lambda xp, x: xp.logical_not(x), frozenset({D.bool}))

Add = _binary("Add", lambda xp, x, y: xp.add(x, y), NUMBERS | {D.string})
Sub = _binary("Sub", lambda xp, x, y: xp.subtract(x, y), NUMBERS)
Mul = _binary("Mul", lambda xp, x, y: xp.multiply(x, y), NUMBERS)
RealDiv = _binary("RealDiv", lambda xp, x, y: _realdiv(xp, x, y), NUMBERS)
FloorDiv = _binary("FloorDiv", _floordiv, REAL)
FloorMod = _binary("FloorMod", _floormod, REAL)
Pow = _binary("Pow", _pow, NUMBERS)
Maximum = _binary("Maximum", lambda xp, x, y: xp.maximum(x, y), REAL)
Minimum = _binary("Minimum", lambda xp, x, y: xp.minimum(x, y), REAL)
SquaredDifference = _binary("SquaredDifference", lambda xp, x, y: xp.square(x - y), NUMBERS)
Less = _binary("Less", lambda xp, x, y: xp.less(x, y), REAL, D.bool)
LessEqual = _binary("LessEqual", lambda xp, x, y: xp.less_equal(x, y), REAL, D.bool)
Greater = _binary("Greater", lambda xp, x, y: xp.greater(x, y), REAL, D.bool)
GreaterEqual = _binary("GreaterEqual", lambda xp, x, y: xp.greater_equal(x, y), REAL, D.bool)
Equal = _binary("Equal", lambda xp, x, y: xp.equal(x, y), D.ALL, D.bool)
NotEqual = _binary("NotEqual", lambda xp, x, y: xp.not_equal(x, y), D.ALL, D.bool)
LogicalAnd = _binary("LogicalAnd", lambda xp, x, y: xp.logical_and(x, y), frozenset({D.bool}))
LogicalOr = _binary("LogicalOr", lambda xp, x, y: xp.logical_or(x, y), frozenset({D.bool}))


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


@register_op
class Cast(OpDef):
    """x converted to DstT: floats truncate toward zero, complex keeps the real part."""

    inputs = ("x",)
    attrs = {"DstT": None, "Truncate": False}

    def infer(x, *, DstT, Truncate):
        return TensorSpec(x.shape, DstT)

    def kernel(xp, x, *, DstT, Truncate):
        if xp.isdtype(x.dtype, "complex floating") and not DstT.is_complex:
            x = xp.real(x)
        return xp.asarray(x).astype(DstT.as_numpy_dtype)


# -- reductions ----------------------------------------------------------------------------------
class Reduction(OpDef):
    inputs = ("input", "reduction_indices")
    type_inputs = ("input",)
    attrs = {"keep_dims": False}
    allowed = NUMBERS

    @classmethod
    def infer(cls, x, axes, *, keep_dims):
        value = shape_util.constant_value(axes)
        rank = x.shape.ndims
        if value is None or rank is None:
            return TensorSpec(unknown_shape(rank if keep_dims else None), x.dtype)
        reduced = {_check_axis(int(a), rank) for a in np.ravel(value)}
        dims = x.shape.as_list()
        if keep_dims:
            return TensorSpec([1 if i in reduced else d for i, d in enumerate(dims)], x.dtype)
        return TensorSpec([d for i, d in enumerate(dims) if i not in reduced], x.dtype)


def _check_axis(axis, rank):
    if not -rank <= axis < rank and not (rank == 0 and axis in (0, -1)):
        raise shape_util.ShapeError(
            f"Invalid reduction dimension {axis} for input with {rank} dimensions."
        )
    return axis % rank if rank else 0


def _axes(xp, x, axes):
    return tuple(int(a) % max(x.ndim, 1) for a in xp.reshape(xp.asarray(axes), (-1,)).tolist())


def _reduction(type_name, fn, allowed=NUMBERS):
    def kernel(xp, x, axes, *, keep_dims):
        return fn(xp, x, _axes(xp, x, axes) if x.ndim else None, keep_dims)

    attrs = {
        "kernel": staticmethod(kernel),
        "allowed": allowed,
        "__doc__": f"TF op {type_name}: reduces `input` over `reduction_indices`.",
    }
    return register_op(type(type_name, (Reduction,), attrs))


def _mean(xp, x, axis, keepdims):
    if not xp.isdtype(x.dtype, "integral"):
        return xp.mean(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
    total = xp.sum(x, axis=axis, keepdims=keepdims, dtype=xp.int64)
    count = x.size // max(total.size, 1)
    return (xp.sign(total) * (xp.abs(total) // count)).astype(x.dtype)  # truncates, as C++


Sum = _reduction("Sum", lambda xp, x, a, k: xp.sum(x, axis=a, keepdims=k, dtype=x.dtype))
Mean = _reduction("Mean", _mean)
Prod = _reduction("Prod", lambda xp, x, a, k: xp.prod(x, axis=a, keepdims=k, dtype=x.dtype))
Max = _reduction("Max", lambda xp, x, a, k: xp.max(x, axis=a, keepdims=k), REAL)
Min = _reduction("Min", lambda xp, x, a, k: xp.min(x, axis=a, keepdims=k), REAL)
Any = _reduction("Any", lambda xp, x, a, k: xp.any(x, axis=a, keepdims=k), frozenset({D.bool}))
All = _reduction("All", lambda xp, x, a, k: xp.all(x, axis=a, keepdims=k), frozenset({D.bool}))


class ArgReduction(OpDef):
    inputs = ("input", "dimension")
    type_inputs = ("input",)
    attrs = {"output_type": D.int64}
    allowed = REAL

    @classmethod
    def infer(cls, x, dimension, *, output_type):
        value = shape_util.constant_value(dimension)
        if value is None or x.shape.ndims is None:
            return TensorSpec(
                unknown_shape(None if x.shape.ndims is None else x.shape.ndims - 1), output_type
            )
        axis = shape_util.normalize_axis(int(value), x.shape.ndims)
        return TensorSpec([d for i, d in enumerate(x.shape.as_list()) if i != axis], output_type)


@register_op
class ArgMax(ArgReduction):
    """Index of the largest value along `dimension`."""

    def kernel(xp, x, dimension, *, output_type):
        return xp.argmax(x, axis=int(dimension)).astype(output_type.as_numpy_dtype)


@register_op
class ArgMin(ArgReduction):
    """Index of the smallest value along `dimension`."""

    def kernel(xp, x, dimension, *, output_type):
        return xp.argmin(x, axis=int(dimension)).astype(output_type.as_numpy_dtype)


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


def abs(x, name=None):  # noqa: A001 - TF's name
    """|x| element-wise; for complex x, the magnitude (a real tensor)."""
    with name_scope(name, "Abs", [x]) as name:
        x = convert_to_tensor(x, name="x")
        return (ComplexAbs if x.dtype.is_complex else Abs).apply(x, name=name)


def round(x, name=None):  # noqa: A001 - TF's name
    """Rounds half to even, element-wise; integers are returned unchanged."""
    x = convert_to_tensor(x, name="x")
    return x if x.dtype.is_integer else Round.apply(x, name=name)


def pow(x, y, name=None):  # noqa: A001 - TF's name
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


def real(input, name=None):  # noqa: A002 - TF's argument name
    """The real part of a complex tensor (the tensor itself if it is real)."""
    with name_scope(name, "Real", [input]) as name:
        input = convert_to_tensor(input, name="input")
        return Real.apply(input, name=name) if input.dtype.is_complex else input


def imag(input, name=None):  # noqa: A002
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


def complex(real, imag, name=None):  # noqa: A001
    """real + 1j * imag: complex64 from float32 parts, complex128 from float64."""
    with name_scope(name, "Complex", [real, imag]) as name:
        real = convert_to_tensor(real, name="real")
        imag = convert_to_tensor(imag, dtype_hint=real.dtype, name="imag")
        tout = D.complex128 if real.dtype.base_dtype == D.float64 else D.complex64
        return Complex.apply(real, imag, name=name, Tout=tout)


def _reduction_axes(x, axis):
    if axis is not None:
        return axis
    rank = x.shape.ndims
    if rank is not None:
        return constant(np.arange(rank, dtype=np.int32))
    from tinytf.ops.array_ops import rank as rank_op

    return Range.apply(0, rank_op(x), 1)


def _resolve_axis(axis, reduction_indices, name="axis"):
    if axis is not None and reduction_indices is not None:
        raise ValueError(f"Can not specify both '{name}' and 'reduction_indices'.")
    return axis if axis is not None else reduction_indices


def _resolve_keepdims(keepdims, keep_dims):
    if keepdims is not None and keep_dims is not None:
        raise ValueError("Can not specify both 'keepdims' and 'keep_dims'.")
    return bool(keepdims if keepdims is not None else keep_dims)


def _make_reduce(opdef, public, doc):
    def fn(
        input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None
    ):
        axis = _resolve_axis(axis, reduction_indices)
        keep = _resolve_keepdims(keepdims, keep_dims)
        with name_scope(name, opdef.type_name, [input_tensor]) as scope:
            x = convert_to_tensor(input_tensor, name="input_tensor")
            return opdef.apply(x, _reduction_axes(x, axis), name=scope, keep_dims=keep)

    fn.__name__, fn.__doc__ = public, doc
    return fn


reduce_sum = _make_reduce(Sum, "reduce_sum", "Sum over `axis` (all axes if None).")
reduce_mean = _make_reduce(Mean, "reduce_mean", "Mean over `axis`; integer means truncate.")
reduce_prod = _make_reduce(Prod, "reduce_prod", "Product over `axis`.")
reduce_max = _make_reduce(Max, "reduce_max", "Maximum over `axis`.")
reduce_min = _make_reduce(Min, "reduce_min", "Minimum over `axis`.")
reduce_any = _make_reduce(Any, "reduce_any", "Logical OR over `axis`.")
reduce_all = _make_reduce(All, "reduce_all", "Logical AND over `axis`.")


def _make_arg(opdef, public):
    def fn(input, axis=None, name=None, dimension=None, output_type=D.int64):  # noqa: A002
        axis = _resolve_axis(axis, dimension, "axis")
        return opdef.apply(
            input, 0 if axis is None else axis, name=name, output_type=D.as_dtype(output_type)
        )

    fn.__name__ = public
    fn.__doc__ = (
        f"Index of the {'largest' if public == 'argmax' else 'smallest'} value along `axis`."
    )
    return fn


argmax = _make_arg(ArgMax, "argmax")
argmin = _make_arg(ArgMin, "argmin")


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


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001
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
        if None in sa or None in sb:
            raise ValueError("tensordot needs fully defined static shapes in tinytf.")
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
        k = int(np.prod([sa[i] for i in axes_a], dtype=np.int64))
        ma = reshape(transpose(a, free_a + axes_a), [-1, k])
        mb = reshape(transpose(b, axes_b + free_b), [k, -1])
        return reshape(matmul(ma, mb), [sa[i] for i in free_a] + [sb[i] for i in free_b], name=name)

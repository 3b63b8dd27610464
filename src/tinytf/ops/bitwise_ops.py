"""Bitwise ops on integers (tf.bitwise): and, or, xor, invert, shifts. Not differentiable."""

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import NotDifferentiable
from tinytf.ops.elementwise_ops import _binop
from tinytf.ops.math_ops import _unary


def _clamped_shift(xp, x, y):
    """TF clamps the shift to [0, bits - 1] rather than leaving it undefined."""
    return xp.clip(y, 0, x.dtype.itemsize * 8 - 1).astype(x.dtype)


def _left_shift(xp, x, y):
    return xp.left_shift(x, _clamped_shift(xp, x, y))


def _right_shift(xp, x, y):
    return xp.right_shift(x, _clamped_shift(xp, x, y))


BitwiseAnd = _binop("BitwiseAnd", ("x", "y"), lambda xp, x, y: xp.bitwise_and(x, y), D.INTS)
BitwiseOr = _binop("BitwiseOr", ("x", "y"), lambda xp, x, y: xp.bitwise_or(x, y), D.INTS)
BitwiseXor = _binop("BitwiseXor", ("x", "y"), lambda xp, x, y: xp.bitwise_xor(x, y), D.INTS)
LeftShift = _binop("LeftShift", ("x", "y"), _left_shift, D.INTS)
RightShift = _binop("RightShift", ("x", "y"), _right_shift, D.INTS)
Invert = _unary("Invert", lambda xp, x: xp.bitwise_invert(x), D.INTS)
for _name in ("BitwiseAnd", "BitwiseOr", "BitwiseXor", "LeftShift", "RightShift", "Invert"):
    NotDifferentiable(_name)


def bitwise_and(x, y, name=None):
    """x & y element-wise (integers)."""
    return BitwiseAnd.apply(x, y, name=name)


def bitwise_or(x, y, name=None):
    """x | y element-wise (integers)."""
    return BitwiseOr.apply(x, y, name=name)


def bitwise_xor(x, y, name=None):
    """x ^ y element-wise (integers)."""
    return BitwiseXor.apply(x, y, name=name)


def invert(x, name=None):
    """~x element-wise (integers): every bit flipped."""
    return Invert.apply(x, name=name)


def left_shift(x, y, name=None):
    """x << y element-wise; the shift is clamped to [0, bits - 1] as TF does."""
    return LeftShift.apply(x, y, name=name)


def right_shift(x, y, name=None):
    """x >> y element-wise (arithmetic for signed x); the shift is clamped as TF does."""
    return RightShift.apply(x, y, name=name)

"""Python operators on Tensor and Variable, as TF 1.x binds them (`x + 1` is op 'add')."""

from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.ops import Tensor
from tinytf.ops import indexing_ops, math_ops
from tinytf.ops.variables import Variable


def _binary(fn, op_name):
    """x <op> y and y <op> x: the Python operand takes the tensor's dtype, as TF does."""

    def forward(x, y):
        with name_scope(None, op_name, [x, y]) as name:
            x = convert_to_tensor(x, name="x")
            if not _is_tensor_like(y):
                y = convert_to_tensor(y, dtype=x.dtype.base_dtype, name="y")
            return fn(x, y, name=name)

    def reverse(y, x):
        with name_scope(None, op_name, [x, y]) as name:
            y = convert_to_tensor(y, name="y")
            x = convert_to_tensor(x, dtype=y.dtype.base_dtype, name="x")
            return fn(x, y, name=name)

    return forward, reverse


def _is_tensor_like(value):
    return isinstance(value, (Tensor, Variable))


def _matmul(x, y, name=None):
    return math_ops.matmul(x, y, name=name)


_BINARY = {
    "add": (math_ops.add, "add"),
    "sub": (math_ops.subtract, "sub"),
    "mul": (math_ops.multiply, "mul"),
    "truediv": (math_ops.truediv, "truediv"),
    "floordiv": (math_ops.floordiv, "floordiv"),
    "mod": (math_ops.floormod, "mod"),
    "pow": (math_ops.pow, "pow"),
    "matmul": (_matmul, "matmul"),
    "and": (math_ops.logical_and, "and"),
    "or": (math_ops.logical_or, "or"),
    "xor": (math_ops.logical_xor, "xor"),
}
_COMPARE = {
    "lt": math_ops.less,
    "le": math_ops.less_equal,
    "gt": math_ops.greater,
    "ge": math_ops.greater_equal,
}


def _install(cls):
    for dunder, (fn, op_name) in _BINARY.items():
        forward, reverse = _binary(fn, op_name)
        setattr(cls, f"__{dunder}__", forward)
        setattr(cls, f"__r{dunder}__", reverse)
    for dunder, fn in _COMPARE.items():
        setattr(cls, f"__{dunder}__", lambda x, y, fn=fn: fn(x, y))
    cls.__neg__ = lambda x: math_ops.negative(x)
    cls.__abs__ = lambda x: math_ops.abs(x)
    cls.__invert__ = lambda x: math_ops.logical_not(x)
    cls.__getitem__ = _getitem


def _getitem(x, key):
    if isinstance(x, Variable):
        return indexing_ops.slice_helper(x.value(), key, var=x)
    return indexing_ops.slice_helper(x, key)


_install(Tensor)
_install(Variable)

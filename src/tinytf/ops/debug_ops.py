"""Ops that look at values while the graph runs: tf.py_func (a Python function as an op),
tf.Print, tf.check_numerics, tf.Assert and the tf.assert_* checks built on it."""

import sys

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.graph import get_default_graph
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.framework.tensor_shape import unknown_shape
from tinytf.ops import math_ops, reduction_ops


@register_op
class PyFunc(OpDef):
    """Calls a Python function on the inputs' values; its results, as Tout."""

    inputs = ("input*",)
    type_inputs = ()
    attrs = {"token": None, "Tin": (), "Tout": None}
    stateful = True
    list_output = True

    def infer(*inputs, token, Tin, Tout):
        return [TensorSpec(unknown_shape(), D.as_dtype(t)) for t in Tout]

    def kernel(xp, *inputs, ctx, op, token, Tin, Tout):
        func = op.graph._py_funcs[token]
        results = func(*[np.asarray(x) for x in inputs])
        results = list(results) if isinstance(results, (list, tuple)) else [results]
        if len(results) != len(Tout):
            raise InvalidArgumentError(
                None, None, f"{len(Tout)} outputs expected but the function returned {len(results)}"
            )
        out = []
        for value, dtype in zip(results, Tout):
            array = np.asarray(value)
            want = np.dtype(D.as_dtype(dtype).as_numpy_dtype)
            if array.dtype != want and not (want.kind == "O" and array.dtype.kind in "SU"):
                raise InvalidArgumentError(
                    None,
                    None,
                    f"{D.as_dtype(dtype)._tf_name} expected, got {array.dtype} "
                    "from the Python function",
                )
            out.append(array)
        return out


NotDifferentiable("PyFunc")


def py_func(func, inp, Tout, stateful=True, name=None):
    """An op that runs `func` (NumPy arrays in, NumPy values out) when the graph runs.

    >>> y = tf.py_func(lambda x: np.sort(x), [x], tf.float32)
    """
    graph = get_default_graph()
    funcs = graph.__dict__.setdefault("_py_funcs", {})
    token = f"pyfunc_{len(funcs)}"
    funcs[token] = func
    single = not isinstance(Tout, (list, tuple))
    touts = [D.as_dtype(t) for t in ([Tout] if single else Tout)]
    inputs = [convert_to_tensor(x) for x in inp]
    if not inputs:
        raise ValueError("tinytf's py_func needs at least one input tensor")
    with name_scope(name, "PyFunc", inputs) as scope:
        outputs = PyFunc.apply(
            inputs,
            name=scope,
            token=token,
            Tin=[t.dtype.base_dtype for t in inputs],
            Tout=touts,
        )
    outputs = outputs if isinstance(outputs, list) else [outputs]
    return outputs[0] if single else outputs


@register_op
class Print(OpDef):
    """`input` unchanged; prints `message` and the values of `data` to stderr when it runs."""

    inputs = ("input", "data*")
    type_inputs = ("input",)
    attrs = {"message": "", "first_n": -1, "summarize": 3}
    stateful = True
    aliases_input = True

    def infer(x, *data, message, first_n, summarize):
        return TensorSpec(x.shape, x.dtype)

    def kernel(xp, x, *data, ctx, op, message, first_n, summarize):
        ctx.counters[op] = ctx.counters.get(op, 0) + 1
        if first_n < 0 or ctx.counters[op] <= first_n:
            parts = [_summary(np.asarray(d), summarize) for d in data]
            print(message + "".join(parts), file=sys.stderr, flush=True)
        return x

    def grad(op, dy):
        return [dy] + [None] * (len(op.inputs) - 1)


def _summary(array, summarize):
    """A value as TF prints it: [1 2.5 3...] (the first `summarize` elements), [text]."""
    flat = np.asarray(array).reshape(-1)
    shown = " ".join(_element(v) for v in flat[: max(summarize, 1) if flat.size > 1 else 1])
    return f"[{shown}{'...' if flat.size > max(summarize, 1) else ''}]"


def _element(v):
    if isinstance(v, bytes):
        return v.decode(errors="replace")
    if isinstance(v, (float, np.floating)):
        return f"{v:g}"
    return str(v)


def Print_(input_, data, message=None, first_n=None, summarize=None, name=None):
    """`input_`, which prints `message` and `data`'s values when it is computed."""
    return Print.apply(
        input_,
        list(data),
        name=name or "Print",
        message=message or "",
        first_n=-1 if first_n is None else first_n,
        summarize=3 if summarize is None else summarize,
    )


@register_op
class CheckNumerics(OpDef):
    """`tensor` unchanged; InvalidArgumentError if it holds a NaN or an Inf."""

    inputs = ("tensor",)
    attrs = {"message": None}
    allowed = D.FLOATS
    stateful = True  # never folded away: the check is the point
    aliases_input = True

    def infer(x, *, message):
        return TensorSpec(x.shape, x.dtype)

    def kernel(xp, x, *, ctx, op, message):
        if xp.isnan(x).any():
            raise InvalidArgumentError(None, None, f"{message} : Tensor had NaN values")
        if xp.isinf(x).any():
            raise InvalidArgumentError(None, None, f"{message} : Tensor had Inf values")
        return x

    def grad(op, dy):
        return check_numerics(
            dy,
            "Not a number (NaN) or infinity (Inf) values detected in "
            "gradient. " + op.get_attr("message"),
        )


def check_numerics(tensor, message, name=None):
    """`tensor`, checked for NaN and Inf each time it is computed."""
    return CheckNumerics.apply(tensor, name=name or "CheckNumerics", message=message)


@register_op
class Assert(OpDef):
    """Raises InvalidArgumentError, printing `data`, when `condition` is false."""

    inputs = ("condition", "data*")
    type_inputs = ()
    attrs = {"summarize": 3}
    stateful = True

    def infer(condition, *data, summarize):
        return []

    def kernel(xp, condition, *data, ctx, op, summarize):
        if not bool(condition):
            shown = " ".join(_summary(d, summarize) for d in data)
            raise InvalidArgumentError(None, None, f"assertion failed: {shown}")
        return ()


def Assert_(condition, data, summarize=None, name=None):
    """An op that fails the run with `data` when `condition` is false."""
    data = [d if hasattr(d, "dtype") else convert_to_tensor(d) for d in data]
    return Assert.apply(
        condition, data, name=name or "Assert", summarize=3 if summarize is None else summarize
    )


def _assert(check, describe, default_name):
    def assertion(x, y=None, data=None, summarize=None, message=None, name=None):
        with name_scope(name, default_name, [x] if y is None else [x, y]):
            x = convert_to_tensor(x, name="x")
            y = None if y is None else convert_to_tensor(y, dtype=x.dtype.base_dtype, name="y")
            condition = reduction_ops.reduce_all(check(x, y))
            if data is None:
                data = [message or "", describe(x, y), f"x ({x.name}) = ", x]
                if y is not None:
                    data += [f"y ({y.name}) = ", y]
            elif message:
                data = [message] + list(data)
            return Assert_(condition, data, summarize)

    assertion.__name__ = default_name
    return assertion


assert_equal = _assert(
    math_ops.equal, lambda x, y: "Condition x == y did not hold element-wise:", "assert_equal"
)
assert_less = _assert(
    math_ops.less, lambda x, y: "Condition x < y did not hold element-wise:", "assert_less"
)


def _assert_sign(compare, symbol, default_name):
    check = _assert(
        lambda a, _: compare(math_ops.cast(0, a.dtype), a),
        lambda a, _: f"Condition x {symbol} 0 did not hold element-wise:",
        default_name,
    )

    def assertion(x, data=None, summarize=None, message=None, name=None):
        return check(x, None, data, summarize, message, name)

    assertion.__name__ = default_name
    assertion.__doc__ = f"Fails the run unless every element of x is {symbol} 0."
    return assertion


assert_positive = _assert_sign(math_ops.less, ">", "assert_positive")
assert_non_negative = _assert_sign(math_ops.less_equal, ">=", "assert_non_negative")

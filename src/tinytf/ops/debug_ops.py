"""Ops that look at values while the graph runs: tf.py_func (a Python function as an op),
tf.Print and tf.check_numerics. tf.Assert and the tf.assert_* checks live in check_ops."""

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
from tinytf.ops.check_ops import (  # noqa: F401  (their old home; kept importable)
    Assert_,
    assert_equal,
    assert_less,
    assert_non_negative,
    assert_positive,
    summarize_value,
)


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
            parts = [summarize_value(np.asarray(d), summarize) for d in data]
            print(message + "".join(parts), file=sys.stderr, flush=True)
        return x

    def grad(op, dy):
        return [dy] + [None] * (len(op.inputs) - 1)


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

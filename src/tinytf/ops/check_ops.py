"""tf.Assert and the tf.assert_* checks built on it (TF's check_ops.py): element-wise comparisons
fail the run with InvalidArgumentError, or the build when both sides are constants; rank, dtype
and shape checks fail the build whenever the static graph already decides them."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.graph import get_default_graph
from tinytf.framework.op_def import OpDef, convert_to_tensor, name_scope, register_op
from tinytf.framework.ops import Tensor
from tinytf.ops import array_ops, math_ops, reduction_ops
from tinytf.ops.control_flow_ops import no_op

# TF's check_ops.NUMERIC_TYPES (the quantized types aside, which tinytf does not compute with).
NUMERIC_TYPES = frozenset(
    {D.float32, D.float64, D.int8, D.int16, D.int32, D.int64, D.uint8, D.complex64}
)


def summarize_value(array, summarize):
    """A value as TF prints it: [1 2.5 3...] (the first `summarize` elements), [text]."""
    flat = np.asarray(array).reshape(-1)
    limit = flat.size if summarize < 0 else max(summarize, 1)  # TF: negative prints everything
    shown = " ".join(_element(v) for v in flat[: limit if flat.size > 1 else 1])
    return f"[{shown}{'...' if flat.size > limit else ''}]"


_ESCAPES = {
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    ord('"'): '\\"',
    ord("'"): "\\'",
    ord("\\"): "\\\\",
}


def _c_escape(data):
    """TF's str_util::CEscape, which its kernels apply to strings they print."""
    return "".join(_ESCAPES.get(b, chr(b) if 32 <= b < 127 else f"\\{b:03o}") for b in data)


def _element(v):
    if isinstance(v, bytes):
        return _c_escape(v)
    if isinstance(v, (bool, np.bool_)):
        return str(int(v))  # TF prints bools as 1 and 0
    if isinstance(v, (float, np.floating)):
        return f"{v:g}"
    return str(v)


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
            shown = " ".join(summarize_value(d, summarize) for d in data)
            raise InvalidArgumentError(None, None, f"assertion failed: {shown}")
        return ()


def Assert_(condition, data, summarize=None, name=None):
    """An op that fails the run with `data` when `condition` is false."""
    data = [d if hasattr(d, "dtype") else convert_to_tensor(d) for d in data]
    return Assert.apply(
        condition, data, name=name or "Assert", summarize=3 if summarize is None else summarize
    )


def _constant_value(t):
    from tinytf.ops.shape_util import constant_value

    return constant_value(t) if isinstance(t, Tensor) else None


def _static_text(item):
    if not isinstance(item, Tensor):
        return str(item)
    value = _constant_value(item)
    return str(item) if value is None else str(value)


def _assert_static(condition, data):
    """TF's _assert_static: a check that the build already decides fails at once."""
    if not condition:
        raise InvalidArgumentError(None, None, "\n".join(_static_text(d) for d in data))


def _binary_assert(sym, opname, op_func, static_func):
    def assertion(x, y, data=None, summarize=None, message=None, name=None):
        if opname == "assert_equal":
            with name_scope(name, opname, [x, y]):  # TF's short-circuit scope takes a name too
                if x is y:
                    return no_op()
        with name_scope(name, opname, [x, y]):
            x = convert_to_tensor(x, name="x")
            y = convert_to_tensor(y, name="y")
            if data is None:
                data = [
                    f"Condition x {sym} y did not hold element-wise:",
                    f"x ({x.name}) = ",
                    x,
                    f"y ({y.name}) = ",
                    y,
                ]
            if message is not None:
                data = [message] + list(data)
            condition = reduction_ops.reduce_all(op_func(x, y))
            x_static, y_static = _constant_value(x), _constant_value(y)
            if x_static is not None and y_static is not None:
                _assert_static(bool(np.all(static_func(x_static, y_static))), data)
            return Assert_(condition, data, summarize)

    assertion.__name__ = assertion.__qualname__ = opname
    assertion.__doc__ = f"Fails the run (or the build, on constants) unless x {sym} y everywhere."
    return assertion


assert_equal = _binary_assert("==", "assert_equal", math_ops.equal, np.equal)
assert_none_equal = _binary_assert("!=", "assert_none_equal", math_ops.not_equal, np.not_equal)
assert_less = _binary_assert("<", "assert_less", math_ops.less, np.less)
assert_less_equal = _binary_assert("<=", "assert_less_equal", math_ops.less_equal, np.less_equal)
assert_greater = _binary_assert(">", "assert_greater", math_ops.greater, np.greater)
assert_greater_equal = _binary_assert(
    ">=", "assert_greater_equal", math_ops.greater_equal, np.greater_equal
)


def _sign_assert(sym, opname, check, zero_first):
    def assertion(x, data=None, summarize=None, message=None, name=None):
        with name_scope(name, opname, [x]):
            x = convert_to_tensor(x, name="x")
            if data is None:
                data = [message or "", f"Condition x {sym} 0 did not hold element-wise:"]
                data += [f"x ({x.name}) = ", x]
                if sym == "<=":  # TF 1.15 misses a comma there and joins the two strings
                    data[1:3] = [data[1] + data[2]]
            zero = convert_to_tensor(0, dtype=x.dtype.base_dtype)
            pair = (zero, x) if zero_first else (x, zero)
            return check(*pair, data=data, summarize=summarize)

    assertion.__name__ = assertion.__qualname__ = opname
    assertion.__doc__ = f"Fails the run (or the build, on constants) unless x {sym} 0 everywhere."
    return assertion


assert_negative = _sign_assert("<", "assert_negative", assert_less, False)
assert_positive = _sign_assert(">", "assert_positive", assert_less, True)
assert_non_negative = _sign_assert(">=", "assert_non_negative", assert_less_equal, True)
assert_non_positive = _sign_assert("<=", "assert_non_positive", assert_less_equal, False)


def assert_near(x, y, rtol=None, atol=None, data=None, summarize=None, message=None, name=None):
    """Fails the run unless |x - y| < atol + rtol * |y| everywhere (default tolerances 10 eps)."""
    message = message or ""
    with name_scope(name, "assert_near", [x, y, rtol, atol]):
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype.base_dtype)
        eps = np.finfo(x.dtype.base_dtype.as_numpy_dtype).eps
        rtol = convert_to_tensor(10 * eps if rtol is None else rtol, x.dtype.base_dtype, "rtol")
        atol = convert_to_tensor(10 * eps if atol is None else atol, x.dtype.base_dtype, "atol")
        if data is None:
            data = [
                message,
                f"x and y not equal to tolerance rtol = {rtol}, atol = {atol}",
                f"x ({x.name}) = ",
                x,
                f"y ({y.name}) = ",
                y,
            ]
        tol = atol + rtol * math_ops.abs(y)
        diff = math_ops.abs(x - y)
        condition = reduction_ops.reduce_all(math_ops.less(diff, tol))
        return Assert_(condition, data, summarize)


def with_dependencies(dependencies, output_tensor, name=None):
    """`output_tensor`, passed through an Identity that runs after `dependencies`."""
    with name_scope(name, "control_dependency", list(dependencies) + [output_tensor]) as scope:
        with get_default_graph().control_dependencies(dependencies):
            return array_ops.identity(output_tensor, name=scope)


class _StaticRankError(ValueError):
    pass


def _rank_assert(x, ranks, static_ok, dynamic_ok, data, summarize):
    """TF's _assert_rank(s)_condition: ValueError when the static rank decides it, a no_op
    when it passes, else an Assert on the run-time rank."""
    for rank in ranks:
        assert_type(rank, D.int32)
    statics = [_constant_value(rank) for rank in ranks]
    if all(s is not None for s in statics):
        if any(np.ndim(s) != 0 for s in statics):
            raise ValueError("Rank must be a scalar.")
        x_rank = x.shape.ndims
        if x_rank is not None:
            if not static_ok(x_rank, [int(s) for s in statics]):
                raise _StaticRankError(x_rank, statics)
            return no_op(name="static_checks_determined_all_ok")
    condition = dynamic_ok(array_ops.rank(x), ranks)
    for rank, static in zip(ranks, statics):
        if static is None:
            check = assert_rank(rank, 0, data=["Rank must be a scalar. Received rank: ", rank])
            condition = with_dependencies([check], condition)
    return Assert_(condition, data, summarize)


def _rank_check(opname, words, static_ok, dynamic_ok):
    def assertion(x, rank, data=None, summarize=None, message=None, name=None):
        many = opname == "assert_rank_in"
        with name_scope(name, opname, [x] + (list(rank) if many else [rank])):
            x = convert_to_tensor(x, name="x")
            ranks = (
                [convert_to_tensor(r, name="ranks") for r in rank]
                if many
                else [convert_to_tensor(rank, name="rank")]
            )
            message = message or ""
            if data is None:
                data = [message, f"Tensor {x.name} must have {words}", *ranks]
                data += ["Received shape: ", array_ops.shape(x)]
            try:
                return _rank_assert(x, ranks, static_ok, dynamic_ok, data, summarize)
            except _StaticRankError as e:
                given = tuple(np.asarray(r) for r in e.args[1]) if many else int(e.args[1][0])
                raise ValueError(
                    f"{message}.  Tensor {x.name} must have {words} {given}.  "
                    f"Received rank {e.args[0]}, shape {x.shape}"
                ) from None

    assertion.__name__ = assertion.__qualname__ = opname
    assertion.__doc__ = f"Checks that x has {words} `rank` (ValueError when known statically)."
    return assertion


def _rank_in(actual, given):
    result = math_ops.equal(given[0], actual)
    for rank in given[1:]:
        result = math_ops.logical_or(result, math_ops.equal(rank, actual))
    return result


assert_rank = _rank_check(
    "assert_rank", "rank", lambda a, g: a == g[0], lambda a, g: math_ops.equal(a, g[0])
)
assert_rank_at_least = _rank_check(
    "assert_rank_at_least",
    "rank at least",
    lambda a, g: a >= g[0],
    lambda a, g: math_ops.greater_equal(a, g[0]),
)
assert_rank_in = _rank_check("assert_rank_in", "rank in", lambda a, g: a in g, _rank_in)


def assert_integer(x, message=None, name=None):
    """TypeError unless x has an integer dtype; else a no_op."""
    with name_scope(name, "assert_integer", [x]):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_integer:
            raise TypeError(
                f'{message or ""}  Expected "x" to be integer type.  Found: {x.name} of '
                f"dtype {x.dtype}"
            )
        return no_op("statically_determined_was_integer")


def assert_type(tensor, tf_type, message=None, name=None):
    """TypeError unless `tensor` has dtype `tf_type`; else a no_op."""
    with name_scope(name, "assert_type", [tensor]):
        tensor = convert_to_tensor(tensor, name="tensor")
        if tensor.dtype != tf_type:
            raise TypeError(f"{message or ''}  {tensor.name} must be of type {tf_type}")
        return no_op("statically_determined_correct_type")


def assert_scalar(tensor, name=None, message=None):
    """`tensor`, or ValueError unless its static shape is known to be scalar."""
    with name_scope(name, "assert_scalar", [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name=scope)
        if tensor.shape.ndims != 0:
            raise ValueError(
                f"{message or ''}Expected scalar shape for {tensor.name}, saw shape: "
                f"{tensor.shape}."
            )
        return tensor


def assert_proper_iterable(values):
    """TypeError unless `values` is an iterable other than a Tensor, an array or a string."""
    from tinytf.ops.sparse_ops import SparseTensor

    if isinstance(values, (Tensor, SparseTensor, np.ndarray, bytes, str)):
        raise TypeError(
            f'Expected argument "values" to be a "proper" iterable.  Found: {type(values)}'
        )
    if not hasattr(values, "__iter__"):
        raise TypeError(f'Expected argument "values" to be iterable.  Found: {type(values)}')


def _same_base_type(items, expected):
    first = None
    for item in items:
        if item is None:
            continue
        dtype = item.dtype.base_dtype
        if not expected:
            expected, first = dtype, getattr(item, "name", str(item))
        elif dtype != expected:
            raise ValueError(
                f"{getattr(item, 'name', str(item))}, type={dtype}, must be of the same type "
                f"({expected}){f' as {first}' if first else ''}."
            )
    return expected


def assert_same_float_dtype(tensors=None, dtype=None):
    """The common float dtype of `tensors` (and `dtype`); float32 when neither is given."""
    if tensors:
        dtype = _same_base_type(tensors, dtype)
    if not dtype:
        return D.float32
    if not dtype.is_floating:
        raise ValueError(f"Expected floating point type, got {dtype}.")
    return dtype


def is_numeric_tensor(tensor):
    """True if `tensor` is a Tensor of one of TF's numeric dtypes."""
    return isinstance(tensor, Tensor) and tensor.dtype in NUMERIC_TYPES


def _monotonic(x, compare):
    x = array_ops.reshape(x, [-1])
    if not is_numeric_tensor(x):
        raise TypeError(f"Expected x to be numeric, instead found: {x}")
    diff = x[1:] - x[:-1]  # empty below two elements, so reduce_all gives True
    return reduction_ops.reduce_all(compare(convert_to_tensor(0, dtype=diff.dtype), diff))


def is_non_decreasing(x, name=None):
    """A bool scalar: x[i] <= x[i+1] for all adjacent elements in row-major order."""
    with name_scope(name, "is_non_decreasing", [x]):
        return _monotonic(convert_to_tensor(x), math_ops.less_equal)


def is_strictly_increasing(x, name=None):
    """A bool scalar: x[i] < x[i+1] for all adjacent elements in row-major order."""
    with name_scope(name, "is_strictly_increasing", [x]):
        return _monotonic(convert_to_tensor(x), math_ops.less)


def verify_tensor_all_finite(t=None, msg=None, name=None, x=None, message=None):
    """`t`, passed on only after a CheckNumerics of it finds no NaN and no Inf."""
    from tinytf.ops.debug_ops import check_numerics

    x, message = (t if x is None else x), (msg if message is None else message)
    with name_scope(name, "VerifyFinite", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return with_dependencies([check_numerics(x, message=message)], x, name=scope)


_CONTROL_FLOW_TYPES = frozenset({"Switch", "Merge", "Enter", "Exit", "NextIteration"})


def add_check_numerics_ops():
    """A group of CheckNumerics ops, chained, over every float16/32/64 tensor of the graph."""
    from tinytf.ops.debug_ops import check_numerics

    checks = []
    graph = get_default_graph()
    for op in graph.get_operations():
        if op.type in _CONTROL_FLOW_TYPES:
            raise ValueError(
                "`tf.add_check_numerics_ops() is not compatible with TensorFlow control flow "
                "operations such as `tf.cond()` or `tf.while_loop()`."
            )
        for output in op.outputs:
            if output.dtype in (D.float16, D.float32, D.float64):
                with graph.control_dependencies(checks):
                    checks = [check_numerics(output, message=f"{op.name}:{output.value_index}")]
    from tinytf.ops.control_flow_ops import group

    return group(*checks)


# -- assert_shapes -----------------------------------------------------------------------------
def _dimension_sizes(x):
    """Each dimension's size: an int where static, else a scalar tensor (a scalar is [1])."""
    rank = x.shape.ndims
    if rank == 0:
        return (1,)
    dynamic = array_ops.shape(x)
    if rank is not None:
        return [d if d is not None else dynamic[i] for i, d in enumerate(x.shape.as_list())]
    from tinytf.ops.cond import cond

    is_scalar = math_ops.equal(array_ops.rank(x), 0)
    return cond(is_scalar, lambda: convert_to_tensor([1]), lambda: dynamic)


def _known(size):
    try:
        int(size)
        return size is not None
    except (TypeError, ValueError):
        return False


def _parse_shape_spec(tensor, spec, message):
    """(innermost-only, symbolic sizes) of one `assert_shapes` entry."""
    if not (hasattr(spec, "__iter__") or hasattr(spec, "__getitem__")):
        raise ValueError(
            f"{message}.  Tensor {tensor.name}.  Specified shape must be an iterable.  An "
            f"iterable has the attribute `__iter__` or `__getitem__`.  Received specified "
            f"shape: {spec}"
        )
    spec = tuple(spec)
    for i, symbol in enumerate(spec):
        if (symbol is Ellipsis or symbol == "*") and i != 0:
            raise ValueError(
                f"{message}.  Tensor {tensor.name} specified shape index {i}.  Symbol `...` or "
                "`*` for a variable number of unspecified dimensions is only allowed as the "
                "first entry"
            )
    innermost = bool(spec) and (spec[0] is Ellipsis or spec[0] == "*")
    sizes = spec[1:] if innermost else spec
    return innermost, (sizes or (1,))


def _shape_rank_check(x, innermost, sizes, data, summarize, message, name):
    rank = len(sizes)
    if innermost:
        if rank in (0, 1):
            return None
        return assert_rank_at_least(x, rank, data, summarize, message, name)
    if rank in (0, 1):
        return assert_rank_in(x, [0, 1], data, summarize, message, name)
    return assert_rank(x, rank, data, summarize, message, name)


def _size_check(x, dim, actual, specified, how, data, summarize, message):
    if _known(actual) and _known(specified):
        if int(actual) != int(specified):
            raise ValueError(
                f"{message}.  {how}.  Tensor {x.name} dimension {dim} must have size "
                f"{int(specified)}.  Received size {int(actual)}, shape {x.shape}"
            )
        return None
    condition = math_ops.equal(convert_to_tensor(actual), convert_to_tensor(specified))
    if data is None:
        data = [message, how, f"Tensor {x.name} dimension", dim, "must have size", specified]
        data += ["Received shape: ", array_ops.shape(x)]
    return Assert_(condition, data, summarize)


def assert_shapes(shapes, data=None, summarize=None, message=None, name=None):
    """Checks tensors' shapes against symbolic specs: [(x, ("N", "D")), (y, ("N", 3))]; a
    symbol must mean the same size everywhere (ValueError when known statically)."""
    shapes = shapes.items() if isinstance(shapes, dict) else shapes
    message = message or ""
    with name_scope(name, "assert_shapes", [x for x, _ in shapes]):
        entries = []
        for x, spec in shapes:
            if spec is None:
                continue
            x = convert_to_tensor(x)
            innermost, sizes = _parse_shape_spec(x, spec, message)
            entries.append((x, innermost, _dimension_sizes(x), sizes))
        ranks = [
            _shape_rank_check(x, inner, s, data, summarize, message, name)
            for x, inner, _, s in entries
        ]
        checks, seen = [], {}
        for x, innermost, actual, sizes in entries:
            for i, symbol in enumerate(sizes):
                if symbol is None or symbol == ".":
                    continue
                dim = i - len(sizes) if innermost else i
                if _known(symbol):
                    specified, how = int(symbol), "Specified explicitly"
                elif symbol in seen:
                    specified, by, at = seen[symbol]
                    how = f"Specified by tensor {by.name} dimension {at}"
                else:
                    seen[symbol] = (actual[dim], x, dim)
                    continue
                check = _size_check(x, dim, actual[dim], specified, how, data, summarize, message)
                checks.append(check)
        from tinytf.ops.control_flow_ops import group

        with get_default_graph().control_dependencies([r for r in ranks if r is not None]):
            return group([c for c in checks if c is not None])


def assert_variables_initialized(var_list=None):
    """The ranks of `var_list` (all global and local variables by default), read so that a run
    fails with FailedPreconditionError while one is uninitialized; None if there are none."""
    from tinytf.ops import variables

    if var_list is None:
        var_list = variables.global_variables() + variables.local_variables()
    if not var_list:
        return None
    ranks = []
    for var in var_list:
        with get_default_graph().colocate_with(var.op):
            ranks.append(array_ops.Rank.apply(var))  # the op itself, never folded: it reads var
    return ranks[0] if len(ranks) == 1 else array_ops.stack(ranks)

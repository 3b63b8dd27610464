"""Reductions (Sum, Mean, Max, ...) and arg-reductions, with their gradients."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.framework.tensor_shape import unknown_shape
from tinytf.ops import array_ops, shape_util
from tinytf.ops.array_ops import ones_like, zeros_like
from tinytf.ops.constant_op import constant
from tinytf.ops.math_ops import (
    NUMBERS,
    REAL,
    Range,
    cast,
    equal,
    logical_and,
    logical_not,
    maximum,
    not_equal,
    where,
)
from tinytf.ops.math_ops import (
    range as range_op,
)


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
    if not -rank <= axis < rank:  # a scalar has no axis at all, as in TF
        raise shape_util.ShapeError(
            f"Invalid reduction dimension {axis} for input with {rank} dimensions."
        )
    return axis % rank


def _axes(xp, x, axes):
    axes = axes.tolist()
    axes = [axes] if isinstance(axes, int) else axes
    for a in axes:
        if not -x.ndim <= a < x.ndim:
            raise InvalidArgumentError(  # TF's message, unbalanced parenthesis included
                None, None, f"Invalid reduction dimension ({a} for input with {x.ndim} dimension(s)"
            )
    return tuple(a % x.ndim for a in axes)


def _reduction(type_name, fn, allowed=NUMBERS, grad=None):
    def kernel(xp, x, axes, *, keep_dims):
        return fn(xp, x, _axes(xp, x, axes), keep_dims)

    attrs = {
        "kernel": staticmethod(kernel),
        "grad": staticmethod(grad) if grad else None,
        "allowed": allowed,
        "__doc__": f"TF op {type_name}: reduces `input` over `reduction_indices`.",
    }
    return register_op(type(type_name, (Reduction,), attrs))


def _mean(xp, x, axis, keepdims):
    if x.dtype.kind not in "iu":
        return xp.mean(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
    total = xp.sum(x, axis=axis, keepdims=keepdims, dtype=xp.int64)
    count = x.size // max(total.size, 1)
    return (xp.sign(total) * (xp.abs(total) // count)).astype(x.dtype)  # truncates, as C++


def _kept_shape(op):
    """The input's shape with the reduced axes set to 1 (what keep_dims would give): a
    constant when the static shapes decide it."""
    x, axes = op.inputs
    value = shape_util.constant_value(axes)
    if value is not None and x.shape.ndims is not None:
        rank = x.shape.ndims
        reduced = {int(a) % max(rank, 1) for a in np.ravel(value)}
        dims = [1 if i in reduced else d for i, d in enumerate(x.shape.as_list())]
        if None not in dims:
            return dims
    x_shape = array_ops.shape(x)
    rank = array_ops.size(x_shape)
    # A scalar fed to an unknown shape has rank 0 and no axes to reduce; TF's `% rank` then
    # divides an empty tensor by zero, which TF allows and tinytf's FloorMod refuses.
    axes = array_ops.reshape((axes + rank) % maximum(rank, 1), [-1, 1])
    hit = reduce_any(equal(range_op(rank), axes), 0)
    return where(hit, ones_like(x_shape), x_shape)


def _broadcast_back(op, dy):
    """dy of a reduction, broadcast back over the input's shape."""
    return array_ops.broadcast_to(
        array_ops.reshape(dy, _kept_shape(op)), array_ops.shape(op.inputs[0])
    )


def _mean_grad(op, dy):
    x, y = op.inputs[0], op.outputs[0]
    if x.shape.is_fully_defined() and y.shape.is_fully_defined():
        count = max(x.shape.num_elements(), 1) // max(y.shape.num_elements(), 1)
        return _broadcast_back(op, dy) / constant(count, dtype=dy.dtype), None
    count = cast(array_ops.size(x) // maximum(array_ops.size(y), 1), dy.dtype)
    return _broadcast_back(op, dy) / count, None


def _extreme_grad(op, dy):
    """Max/Min: the gradient is split evenly between the elements that attain the extreme."""
    x, y = op.inputs[0], op.outputs[0]
    y_back = _broadcast_back(op, y)
    hits = cast(equal(y_back, x), dy.dtype)
    count = _broadcast_back(op, reduce_sum_op(hits, op.inputs[1], op.get_attr("keep_dims")))
    return hits / count * _broadcast_back(op, dy), None


def _prod_grad(op, dy):
    """d prod / d x_i = prod of the others; computed by division where x_i != 0 and by an
    explicit product of the others where x_i == 0 (exact for any number of zeros)."""
    x = op.inputs[0]
    y_back = _broadcast_back(op, op.outputs[0])
    nonzero = not_equal(x, zeros_like(x))
    safe_x = where(nonzero, x, ones_like(x))
    others_of_zero = _broadcast_back(
        op,
        reduce_sum_op(cast(logical_not(nonzero), D.int32), op.inputs[1], op.get_attr("keep_dims")),
    )
    safe_prod = _broadcast_back(op, reduce_prod_op(safe_x, op.inputs[1], op.get_attr("keep_dims")))
    lone_zero = logical_and(logical_not(nonzero), equal(others_of_zero, 1))
    g = where(nonzero, y_back / safe_x, where(lone_zero, safe_prod, zeros_like(x)))
    return g * _broadcast_back(op, dy), None


def reduce_sum_op(x, axes, keep_dims):
    return Sum.apply(x, axes, keep_dims=keep_dims)


def reduce_prod_op(x, axes, keep_dims):
    return Prod.apply(x, axes, keep_dims=keep_dims)


Sum = _reduction(
    "Sum",
    lambda xp, x, a, k: xp.sum(x, axis=a, keepdims=k, dtype=x.dtype),
    grad=lambda op, dy: (_broadcast_back(op, dy), None),
)
Mean = _reduction("Mean", _mean, grad=_mean_grad)
Prod = _reduction(
    "Prod", lambda xp, x, a, k: xp.prod(x, axis=a, keepdims=k, dtype=x.dtype), grad=_prod_grad
)


def _extreme(name, sign):
    """Max/Min; over no elements TF gives the identity (-inf/inf, an integer's lowest/highest)
    where NumPy raises."""

    def kernel(xp, x, axis, keepdims):
        if x.size:
            return getattr(xp, name)(x, axis=axis, keepdims=keepdims)
        if x.dtype.kind == "f":
            edge = sign * np.inf
        else:
            edge = np.iinfo(x.dtype).min if sign < 0 else np.iinfo(x.dtype).max
        return getattr(np, name)(x, axis=axis, keepdims=keepdims, initial=edge)  # empty: cheap

    return kernel


Max = _reduction("Max", _extreme("max", -1), REAL, _extreme_grad)
Min = _reduction("Min", _extreme("min", 1), REAL, _extreme_grad)
Any = _reduction("Any", lambda xp, x, a, k: xp.any(x, axis=a, keepdims=k), frozenset({D.bool}))
All = _reduction("All", lambda xp, x, a, k: xp.all(x, axis=a, keepdims=k), frozenset({D.bool}))
NotDifferentiable("Any")
NotDifferentiable("All")


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


NotDifferentiable("ArgMax")
NotDifferentiable("ArgMin")


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
    def fn(input, axis=None, name=None, dimension=None, output_type=D.int64):
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


def arg_max(input, dimension, output_type=D.int64, name=None):
    """The raw ArgMax op (deprecated spelling of tf.argmax; `dimension` is required)."""
    return ArgMax.apply(input, dimension, name=name, output_type=D.as_dtype(output_type))


def arg_min(input, dimension, output_type=D.int64, name=None):
    """The raw ArgMin op (deprecated spelling of tf.argmin; `dimension` is required)."""
    return ArgMin.apply(input, dimension, name=name, output_type=D.as_dtype(output_type))

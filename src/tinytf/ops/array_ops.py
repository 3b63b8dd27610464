"""Placeholders, identity, and the ops that move, reshape, join, split and index tensors."""

import builtins

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError, ShapeError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
    register_tensor_conversion_function,
)
from tinytf.framework.ops import Tensor
from tinytf.framework.tensor_shape import TensorShape, as_shape, unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.constant_op import constant

INDEX = frozenset({D.int32, D.int64})


# -- feeding and forwarding ----------------------------------------------------------------------
@register_op
class Placeholder(OpDef):
    """A value that must be fed; running it unfed is an InvalidArgumentError."""

    attrs = {"dtype": None, "shape": None}
    stateful = True  # its kernel reports its own name when it is not fed
    foldable = False

    def infer(*, dtype, shape):
        return TensorSpec(shape, dtype)

    def kernel(xp, *, ctx, op, dtype, shape):
        where = "" if not shape.ndims else f" and shape {shape._debug()}"  # TF: none for scalars
        raise InvalidArgumentError(
            None,
            op,
            f"You must feed a value for placeholder tensor "
            f"'{op.name}' with dtype {dtype._tf_name}{where}",
        )


@register_op
class PlaceholderWithDefault(OpDef):
    """`input` unless a value is fed."""

    inputs = ("input",)
    attrs = {"dtype": None, "shape": None}
    aliases_input = True

    def infer(x, *, dtype, shape):
        if not shape.is_compatible_with(x.shape):
            raise ShapeError(f"Incompatible shapes {x.shape} and {shape}")
        return TensorSpec(shape, x.dtype)

    def kernel(xp, x, *, dtype, shape):
        return x

    def grad(op, dy):
        return dy


@register_op
class Identity(OpDef):
    """The input, unchanged."""

    inputs = ("input",)
    aliases_input = True

    def infer(x):
        return TensorSpec(x.shape, x.dtype.base_dtype)

    def kernel(xp, x):
        return x

    def grad(op, dy):
        return dy


@register_op
class StopGradient(Identity):
    """The input, unchanged; gradients do not flow through it."""


NotDifferentiable("StopGradient")


# -- shapes ----------------------------------------------------------------------------------------
class ShapeOf(OpDef):
    inputs = ("input",)
    attrs = {"out_type": D.int32}


@register_op
class Shape(ShapeOf):
    """The dynamic shape of `input` as a 1-D tensor."""

    def infer(x, *, out_type):
        return TensorSpec([x.shape.ndims], out_type)

    def kernel(xp, x, *, out_type):
        return xp.asarray(xp.asarray(x).shape, dtype=out_type.as_numpy_dtype)


@register_op
class Size(ShapeOf):
    """The number of elements of `input`."""

    def infer(x, *, out_type):
        return TensorSpec([], out_type)

    def kernel(xp, x, *, out_type):
        return xp.asarray(xp.asarray(x).size, dtype=out_type.as_numpy_dtype)


@register_op
class Rank(OpDef):
    """The rank of `input` (int32)."""

    inputs = ("input",)

    def infer(x):
        return TensorSpec([], D.int32)

    def kernel(xp, x):
        return xp.asarray(xp.asarray(x).ndim, dtype=xp.int32)


@register_op
class Reshape(OpDef):
    """`tensor` with a new shape of the same size; one dimension may be -1 (inferred)."""

    inputs = ("tensor", "shape")
    type_inputs = ("tensor",)
    aliases_input = True

    def infer(tensor, shape):
        target = shape_util.constant_value_as_shape(shape)
        value = shape_util.constant_value(shape)
        if value is None or tensor.shape.ndims is None:
            return TensorSpec(target, tensor.dtype)
        value = [int(v) for v in np.ravel(value)]
        return TensorSpec(_reshaped(tensor.shape, value), tensor.dtype)

    def kernel(xp, tensor, shape):
        try:
            return xp.reshape(tensor, tuple(shape.tolist()))
        except ValueError:
            raise InvalidArgumentError(
                None,
                None,
                f"Input to reshape is a tensor with "
                f"{np.size(tensor)} values, but the requested shape has "
                f"{int(np.prod(shape))}",
            ) from None

    def grad(op, dy):
        return reshape(dy, shape(op.inputs[0])), None


def _reshaped(shape, value):
    n = shape.num_elements()
    known = int(np.prod([v for v in value if v != -1], dtype=np.int64))
    if value.count(-1) > 1:
        raise ShapeError("Cannot infer multiple unknown dimensions in shape")
    if n is None:
        return TensorShape([None if v == -1 else v for v in value])
    if -1 in value:
        if known == 0 or n % known:
            raise ShapeError(
                f"Cannot reshape a tensor with {n} elements to shape "
                f"{_list(value)} ({known} elements)"
            )
        return TensorShape([n // known if v == -1 else v for v in value])
    if known != n:
        raise ShapeError(
            f"Cannot reshape a tensor with {n} elements to shape {_list(value)} ({known} elements)"
        )
    return TensorShape(value)


def _list(values):
    return "[" + ",".join(str(v) for v in values) + "]"


@register_op
class Transpose(OpDef):
    """`x` with its dimensions permuted by `perm`."""

    inputs = ("x", "perm")
    type_inputs = ("x",)
    aliases_input = True

    def infer(x, perm):
        value = shape_util.constant_value(perm)
        if value is None or x.shape.ndims is None:
            return TensorSpec(unknown_shape(perm.shape[0].value), x.dtype)
        if len(value) != x.shape.ndims:
            raise ShapeError(f"Dimension must be {x.shape.ndims} but is {len(value)}")
        dims = x.shape.as_list()
        return TensorSpec([dims[int(p)] for p in value], x.dtype)

    def kernel(xp, x, perm):
        return xp.permute_dims(xp.asarray(x), tuple(perm.tolist()))

    def grad(op, dy):
        perm = op.inputs[1]
        value = shape_util.constant_value(perm)
        if value is not None:
            return transpose(dy, np.argsort(value).astype(np.int32)), None
        return transpose(dy, InvertPermutation.apply(perm)), None


@register_op
class ExpandDims(OpDef):
    """`input` with a dimension of size 1 inserted at `dim`."""

    inputs = ("input", "dim")
    type_inputs = ("input",)
    aliases_input = True

    def infer(x, dim):
        value = shape_util.constant_value(dim)
        if value is None or x.shape.ndims is None:
            return TensorSpec(unknown_shape(), x.dtype)
        rank = x.shape.ndims
        axis = int(np.ravel(value)[0])
        if not -rank - 1 <= axis <= rank:
            raise ShapeError(f"Invalid dimension {axis} for input with {rank} dimensions")
        axis = axis + rank + 1 if axis < 0 else axis
        dims = x.shape.as_list()
        return TensorSpec(dims[:axis] + [1] + dims[axis:], x.dtype)

    def kernel(xp, x, dim):
        return xp.expand_dims(xp.asarray(x), axis=int(xp.reshape(dim, (-1,))[0]))

    def grad(op, dy):
        return reshape(dy, shape(op.inputs[0])), None


@register_op
class Squeeze(OpDef):
    """`input` without its size-1 dimensions (only `squeeze_dims` if given)."""

    inputs = ("input",)
    attrs = {"squeeze_dims": ()}
    aliases_input = True

    def infer(x, *, squeeze_dims):
        if x.shape.ndims is None:
            return TensorSpec(unknown_shape(), x.dtype)
        dims, rank = x.shape.as_list(), x.shape.ndims
        if squeeze_dims:
            axes = {shape_util.normalize_axis(a, rank) for a in squeeze_dims}
            for a in axes:
                if dims[a] not in (1, None):
                    raise ShapeError(
                        f"Can not squeeze dim[{a}], expected a dimension of 1, got {dims[a]}"
                    )
            return TensorSpec([d for i, d in enumerate(dims) if i not in axes], x.dtype)
        if None in dims:
            return TensorSpec(unknown_shape(), x.dtype)
        return TensorSpec([d for d in dims if d != 1], x.dtype)

    def kernel(xp, x, *, squeeze_dims):
        x = xp.asarray(x)
        axes = (
            tuple(squeeze_dims)
            if squeeze_dims
            else tuple(i for i, d in enumerate(x.shape) if d == 1)
        )
        return xp.squeeze(x, axis=axes)

    def grad(op, dy):
        return reshape(dy, shape(op.inputs[0]))


# -- joining and splitting -------------------------------------------------------------------------
@register_op
class ConcatV2(OpDef):
    """`values` joined along `axis`."""

    inputs = ("values*", "axis")
    type_inputs = ("values",)

    def infer(*args):
        values, axis_t = args[:-1], args[-1]
        value = shape_util.constant_value(axis_t)
        ranks = {v.shape.ndims for v in values} - {None}
        if value is None or not ranks:
            return TensorSpec(
                unknown_shape(ranks.pop() if len(ranks) == 1 else None), values[0].dtype
            )
        rank = max(ranks)
        axis = shape_util.normalize_axis(int(value), rank)
        total, rest = 0, unknown_shape(rank - 1)
        for v in values:
            dims = shape_util.with_rank(v.shape, rank).as_list()
            total = None if total is None or dims[axis] is None else total + dims[axis]
            rest = shape_util.merge_pair(rest, TensorShape(dims[:axis] + dims[axis + 1 :]))
        rest = rest.as_list()
        return TensorSpec(rest[:axis] + [total] + rest[axis:], values[0].dtype)

    def kernel(xp, *args):
        return xp.concat(args[:-1], axis=int(args[-1]))

    def grad(op, dy):
        values, axis = op.inputs[:-1], op.inputs[-1]
        sizes = [_dim_size(v, axis) for v in values]
        return split(dy, stack(sizes), axis=axis, num=len(values)) + [None]


@register_op
class Pack(OpDef):
    """`values` (of one shape) stacked along a new dimension `axis`."""

    inputs = ("values*",)
    attrs = {"axis": 0, "N": None}

    def infer(*values, axis, N):
        shape = shape_util.merge_shapes([v.shape for v in values])
        if shape.ndims is None:
            return TensorSpec(unknown_shape(), values[0].dtype)
        axis = shape_util.normalize_axis(axis, shape.ndims + 1)
        dims = shape.as_list()
        return TensorSpec(dims[:axis] + [len(values)] + dims[axis:], values[0].dtype)

    def kernel(xp, *values, axis, N):
        if (axis in (0, -1) and all(getattr(v, "ndim", None) == 0 for v in values)
                and values[0].dtype != object):
            return xp.array(values, dtype=values[0].dtype)  # scalars (a CSV row): 10x np.stack's
        return xp.stack(values, axis=axis)

    def grad(op, dy):
        return unstack(dy, num=len(op.inputs), axis=op.get_attr("axis"))


@register_op
class Unpack(OpDef):
    """`value` split into `num` tensors along `axis`, which is removed."""

    inputs = ("value",)
    attrs = {"num": None, "axis": 0}
    aliases_input = True
    list_output = True

    def infer(value, *, num, axis):
        if value.shape.ndims is None:
            return [TensorSpec(unknown_shape(), value.dtype)] * num
        axis = shape_util.normalize_axis(axis, value.shape.ndims)
        dims = value.shape.as_list()
        shape_util.merge_dim(dims[axis], num)
        return [TensorSpec(dims[:axis] + dims[axis + 1 :], value.dtype)] * num

    def kernel(xp, value, *, num, axis):
        moved = xp.moveaxis(xp.asarray(value), axis, 0)
        return [moved[i] for i in builtins.range(num)]

    def grad(op, *dys):
        return stack(list(dys), axis=op.get_attr("axis"))


@register_op
class Split(OpDef):
    """`value` split along `split_dim` into `num_split` equal parts."""

    inputs = ("split_dim", "value")
    type_inputs = ("value",)
    attrs = {"num_split": None}
    aliases_input = False
    list_output = True

    def infer(split_dim, value, *, num_split):
        axis_value = shape_util.constant_value(split_dim)
        if axis_value is None or value.shape.ndims is None:
            return [TensorSpec(unknown_shape(value.shape.ndims), value.dtype)] * num_split
        dims = value.shape.as_list()
        axis = shape_util.normalize_axis(int(axis_value), len(dims))
        if dims[axis] is not None:
            if dims[axis] % num_split:
                raise ShapeError(
                    f"Dimension size must be evenly divisible by {num_split} but is {dims[axis]}"
                )
            dims[axis] //= num_split
        return [TensorSpec(dims, value.dtype)] * num_split

    def kernel(xp, split_dim, value, *, num_split):
        return xp.split(value, num_split, axis=int(split_dim))

    def grad(op, *dys):
        return None, concat(list(dys), op.inputs[0])


@register_op
class SplitV(OpDef):
    """`value` split along `split_dim` into parts of `size_splits` (one may be -1)."""

    inputs = ("value", "size_splits", "split_dim")
    type_inputs = ("value",)
    attrs = {"num_split": None}
    list_output = True

    def infer(value, size_splits, split_dim, *, num_split):
        sizes, axis_value = (shape_util.constant_value(t) for t in (size_splits, split_dim))
        if sizes is None or axis_value is None or value.shape.ndims is None:
            return [TensorSpec(unknown_shape(value.shape.ndims), value.dtype)] * num_split
        dims = value.shape.as_list()
        axis = shape_util.normalize_axis(int(axis_value), len(dims))
        sizes = _resolve_sizes([int(s) for s in sizes], dims[axis])
        return [TensorSpec(dims[:axis] + [s] + dims[axis + 1 :], value.dtype) for s in sizes]

    def kernel(xp, value, size_splits, split_dim, *, num_split):
        axis = int(split_dim) % value.ndim
        sizes = _resolve_sizes([int(s) for s in size_splits], value.shape[axis])
        return xp.split(value, np.cumsum(sizes)[:-1].tolist(), axis=axis)

    def grad(op, *dys):
        return concat(list(dys), op.inputs[2]), None, None


def _resolve_sizes(sizes, total):
    if -1 in sizes and total is not None:
        sizes[sizes.index(-1)] = total - (sum(sizes) + 1)
    if total is not None and -1 not in sizes and sum(sizes) != total:
        raise ShapeError(
            f"Determined shape must either match input shape along split_dim "
            f"exactly if fully specified, or be less than the size of the input "
            f"along split_dim if not fully specified.  Got: {sum(sizes)}"
        )
    return [None if s == -1 else s for s in sizes]


@register_op
class Tile(OpDef):
    """`input` repeated `multiples[i]` times along each dimension i."""

    inputs = ("input", "multiples")
    type_inputs = ("input",)

    def infer(x, multiples):
        value = shape_util.constant_value(multiples)
        rank = x.shape.ndims if x.shape.ndims is not None else multiples.shape[0].value
        if value is None or x.shape.ndims is None:
            return TensorSpec(unknown_shape(rank), x.dtype)
        if len(value) != x.shape.ndims:
            raise ShapeError(f"Shape must be rank {len(value)} but is rank {x.shape.ndims}")
        return TensorSpec(
            [None if d is None else d * int(m) for d, m in zip(x.shape.as_list(), value)], x.dtype
        )

    def kernel(xp, x, multiples):
        return xp.tile(x, tuple(multiples.tolist()))

    def grad(op, dy):
        x, multiples = op.inputs
        pairs = reshape(transpose(stack([multiples, shape(x, out_type=multiples.dtype)])), [-1])
        summed = _reduction().reduce_sum(reshape(dy, pairs), _math().range(0, size(pairs), 2))
        return reshape(summed, shape(x)), None


class PadBase(OpDef):
    type_inputs = ("input",)

    @classmethod
    def infer(cls, x, paddings, *rest, **attrs):
        value = shape_util.constant_value(paddings)
        rank = x.shape.ndims if x.shape.ndims is not None else paddings.shape[0].value
        if value is None or x.shape.ndims is None:
            return TensorSpec(unknown_shape(rank), x.dtype)
        if np.shape(value) != (rank, 2):
            raise ShapeError(
                f"Dimension 0 in both shapes must be equal, but are {np.shape(value)[0]} and {rank}"
            )
        return TensorSpec(
            [
                None if d is None else d + int(a) + int(b)
                for d, (a, b) in zip(x.shape.as_list(), value)
            ],
            x.dtype,
        )


def _pad_grad(op, dy):
    """The slice of dy that the input became (Pad's and PadV2's gradient)."""
    from tinytf.ops.indexing_ops import Slice

    x, paddings = op.inputs[0], op.inputs[1]
    begin = reshape(Slice.apply(paddings, [0, 0], [-1, 1]), [-1])
    return (Slice.apply(dy, begin, shape(x)), *[None] * (len(op.inputs) - 1))


@register_op
class Pad(PadBase):
    """`input` padded with zeros by `paddings` ([rank, 2]: before, after); tf.pad's op when
    constant_values is 0, as in TF 1.15."""

    inputs = ("input", "paddings")

    def kernel(xp, x, paddings):
        return xp.pad(x, paddings.tolist())

    grad = _pad_grad


@register_op
class PadV2(PadBase):
    """`input` padded with `constant_values` by `paddings` ([rank, 2]: before, after)."""

    inputs = ("input", "paddings", "constant_values")
    type_inputs = ("input", "constant_values")

    def kernel(xp, x, paddings, constant_values):
        return xp.pad(x, paddings.tolist(), constant_values=constant_values)

    grad = _pad_grad


@register_op
class MirrorPad(PadBase):
    """`input` padded by reflecting it (REFLECT excludes the edge, SYMMETRIC repeats it)."""

    inputs = ("input", "paddings")
    attrs = {"mode": None}

    def kernel(xp, x, paddings, *, mode):
        # REFLECT may not copy the edge, so it needs one more value than it copies.
        reflect = mode == "REFLECT"
        for size, (a, b) in zip(x.shape, paddings.tolist()):
            for p in (a, b):
                if p > size - reflect:
                    relation = "not less than" if reflect else "greater than"
                    bound = "less than" if reflect else "no greater than"
                    raise InvalidArgumentError(
                        None,
                        None,
                        f"paddings must be {bound} the dimension size: {a}, {b} "
                        f"{relation} {size}",
                    )
        return xp.pad(x, paddings.tolist(), mode=mode.lower())

    def grad(op, dy):
        return MirrorPadGrad.apply(dy, op.inputs[1], mode=op.get_attr("mode")), None


@register_op
class MirrorPadGrad(OpDef):
    """The gradient of MirrorPad: the padded borders folded back onto the values they copy."""

    inputs = ("input", "paddings")
    type_inputs = ("input",)
    attrs = {"mode": None}

    def infer(dy, paddings, *, mode):
        value = shape_util.constant_value(paddings)
        if value is None or dy.shape.ndims is None:
            return TensorSpec(unknown_shape(dy.shape.ndims), dy.dtype)
        return TensorSpec(
            [
                None if d is None else d - int(a) - int(b)
                for d, (a, b) in zip(dy.shape.as_list(), value)
            ],
            dy.dtype,
        )

    def kernel(xp, dy, paddings, *, mode):
        shift = 1 if mode == "REFLECT" else 0
        out = xp.asarray(dy)
        for axis, (a, b) in enumerate(paddings.tolist()):
            moved = xp.moveaxis(out, axis, 0)
            n = moved.shape[0] - a - b
            core = moved[a : a + n].copy()
            core[shift : shift + a] += moved[:a][::-1]
            core[n - shift - b : n - shift] += moved[a + n :][::-1]
            out = xp.moveaxis(core, 0, axis)
        return out


@register_op
class BroadcastGradientArgs(OpDef):
    """The axes to sum a broadcast result's gradient over, for each of two input shapes."""

    inputs = ("s0", "s1")
    list_output = True

    def infer(s0, s1):
        return [TensorSpec([None], s0.dtype), TensorSpec([None], s0.dtype)]

    def kernel(xp, s0, s1):
        a, b = [int(d) for d in s0.tolist()], [int(d) for d in s1.tolist()]
        n = max(len(a), len(b))
        a, b = [1] * (n - len(a)) + a, [1] * (n - len(b)) + b
        ra = [i for i in builtins.range(n) if a[i] == 1 and b[i] != 1 or i < n - len(s0)]
        rb = [i for i in builtins.range(n) if b[i] == 1 and a[i] != 1 or i < n - len(s1)]
        dtype = xp.asarray(s0).dtype
        return [xp.asarray(sorted(set(ra)), dtype=dtype), xp.asarray(sorted(set(rb)), dtype=dtype)]


@register_op
class BroadcastTo(OpDef):
    """`input` broadcast to `shape`."""

    inputs = ("input", "shape")
    type_inputs = ("input",)
    aliases_input = True

    def infer(x, shape):
        target = shape_util.constant_value_as_shape(shape)
        if target.ndims is not None and x.shape.ndims is not None:
            shape_util.broadcast_shape(x.shape, target)
        return TensorSpec(target, x.dtype)

    def kernel(xp, x, shape):
        return xp.broadcast_to(x, tuple(shape.tolist()))

    def grad(op, dy):
        from tinytf.ops.math_ops import _sum_to

        return _sum_to(dy, op.inputs[0]), None


@register_op
class InvertPermutation(OpDef):
    """The inverse of a permutation vector."""

    inputs = ("x",)

    def infer(x):
        return TensorSpec(x.shape, x.dtype)

    def kernel(xp, x):
        return xp.argsort(x).astype(x.dtype)


for _name in (
    "Shape",
    "Size",
    "Rank",
    "ZerosLike",
    "OnesLike",
    "OneHot",
    "BroadcastGradientArgs",
    "InvertPermutation",
):
    NotDifferentiable(_name)


def broadcast_gradient_args(s0, s1):
    """(axes to reduce for s0, axes to reduce for s1) after broadcasting them together."""
    return BroadcastGradientArgs.apply(s0, s1)


def broadcast_to(input, shape, name=None):
    """`input` broadcast to `shape`."""
    return BroadcastTo.apply(input, _int_tensor(shape, "shape"), name=name)


def _dim_size(tensor, axis):
    """The size of `tensor` along `axis` (a constant when known)."""
    value = shape_util.constant_value(axis)
    if value is not None and tensor.shape.ndims is not None:
        d = tensor.shape.as_list()[int(value)]
        if d is not None:
            return d
        if int(value) < 0:  # a negative axis gathers from the end (a constant of its own)
            axis = int(value) % tensor.shape.ndims
    return gather_dim(shape(tensor), axis)


def gather_dim(shape_tensor, axis):
    from tinytf.ops.indexing_ops import gather

    return gather(shape_tensor, axis)


def _math():
    from tinytf.ops import math_ops

    return math_ops


def _reduction():
    from tinytf.ops import reduction_ops

    return reduction_ops


# -- filling ---------------------------------------------------------------------------------------
@register_op
class Fill(OpDef):
    """A tensor of shape `dims` filled with the scalar `value`."""

    inputs = ("dims", "value")
    type_inputs = ("value",)

    def infer(dims, value):
        shape_util.with_rank(value.shape, 0)
        return TensorSpec(shape_util.constant_value_as_shape(dims), value.dtype)

    def kernel(xp, dims, value):
        return xp.full(tuple(dims.tolist()), value, dtype=xp.asarray(value).dtype)

    def grad(op, dy):
        return None, _reduction().reduce_sum(dy)


class LikeOp(OpDef):
    inputs = ("x",)

    @classmethod
    def infer(cls, x):
        return TensorSpec(x.shape, x.dtype.base_dtype)


@register_op
class ZerosLike(LikeOp):
    """Zeros with the shape and dtype of x."""

    def kernel(xp, x):
        if x.dtype == object:  # string tensors: TF's zero string is b""
            return xp.full(x.shape, b"", dtype=object)
        return xp.zeros_like(x)


@register_op
class OnesLike(LikeOp):
    """Ones with the shape and dtype of x."""

    def kernel(xp, x):
        return xp.ones_like(x)


@register_op
class OneHot(OpDef):
    """on_value where the new axis equals `indices`, off_value elsewhere."""

    inputs = ("indices", "depth", "on_value", "off_value")
    type_inputs = ("on_value", "off_value")
    attrs = {"axis": -1}

    def infer(indices, depth, on_value, off_value, *, axis):
        n = shape_util.constant_value(depth)
        n = None if n is None else int(n)
        if indices.shape.ndims is None:
            return TensorSpec(unknown_shape(), on_value.dtype)
        dims = indices.shape.as_list()
        a = len(dims) if axis == -1 else axis
        return TensorSpec(dims[:a] + [n] + dims[a:], on_value.dtype)

    def kernel(xp, indices, depth, on_value, off_value, *, axis):
        a = indices.ndim if axis == -1 else axis
        hot = xp.expand_dims(indices, axis=a) == xp.reshape(
            xp.arange(int(depth)), (-1,) + (1,) * (indices.ndim - a)
        )
        return xp.where(hot, on_value, off_value)


# -- public wrappers -------------------------------------------------------------------------------
def placeholder(dtype, shape=None, name=None):
    """A tensor that must be fed with `feed_dict`; `shape` may have None dimensions.

    >>> x = tf.placeholder(tf.float32, [None, 784])
    """
    shape = unknown_shape() if shape is None else as_shape(shape)
    return Placeholder.apply(name=name, dtype=D.as_dtype(dtype), shape=shape)


def placeholder_with_default(input, shape, name=None):
    """`input` unless a value is fed for the result."""
    with name_scope(name, "PlaceholderWithDefault", [input]) as scope:
        x = convert_to_tensor(input, name="input")
        return PlaceholderWithDefault.apply(x, name=scope, dtype=x.dtype, shape=as_shape(shape))


def identity(input, name=None):
    """The input, as a new tensor."""
    if hasattr(input, "_as_graph_element") and not isinstance(input, Tensor):
        input = input.value() if hasattr(input, "value") else input
    return Identity.apply(input, name=name)


def stop_gradient(input, name=None):
    """The input; tf.gradients treats it as a constant."""
    return StopGradient.apply(input, name=name)


def shape(input, name=None, out_type=D.int32):
    """The shape of `input` (a constant when it is fully known, as TF 1.x)."""
    with name_scope(name, "Shape", [input]) as scope:
        x = convert_to_tensor(input)
        if x.shape.is_fully_defined():
            return constant(np.array(x.shape.as_list()), dtype=out_type, name=scope)
        return Shape.apply(x, name=scope, out_type=D.as_dtype(out_type))


def size(input, name=None, out_type=D.int32):
    """The number of elements of `input`."""
    with name_scope(name, "Size", [input]) as scope:
        x = convert_to_tensor(input)
        if x.shape.is_fully_defined():
            return constant(x.shape.num_elements(), dtype=out_type, name=scope)
        return Size.apply(x, name=scope, out_type=D.as_dtype(out_type))


def rank(input, name=None):
    """The rank of `input`."""
    with name_scope(name, "Rank", [input]) as scope:
        x = convert_to_tensor(input)
        if x.shape.ndims is not None:
            return constant(x.shape.ndims, dtype=D.int32, name=scope)
        return Rank.apply(x, name=scope)


def reshape(tensor, shape, name=None):
    """`tensor` with shape `shape` (one entry may be -1)."""
    return Reshape.apply(tensor, _int_tensor(shape, "shape"), name=name)


def _int_tensor(value, name):
    if isinstance(value, TensorShape):
        value = value.as_list()
    return convert_to_tensor(value, dtype_hint=D.int32, name=name)


def transpose(a, perm=None, name="transpose", conjugate=False):
    """`a` with dimensions permuted by `perm` (reversed if None)."""
    with name_scope(name, "transpose", [a]) as scope:
        a = convert_to_tensor(a, name="a")
        if perm is None:
            if a.shape.ndims is None:
                r = rank(a)
                from tinytf.ops.math_ops import range as range_op

                perm = (r - 1) - range_op(0, r, 1)
            else:
                perm = list(builtins.range(a.shape.ndims - 1, -1, -1))
        out = Transpose.apply(a, _int_tensor(perm, "perm"), name=scope)
        if conjugate and a.dtype.is_complex:
            from tinytf.ops.math_ops import conj

            out = conj(out)
        return out


def expand_dims(input, axis=None, name=None, dim=None):
    """`input` with a new size-1 dimension at `axis`."""
    if axis is not None and dim is not None:
        raise ValueError("Cannot specify both 'axis' and 'dim'")
    axis = axis if axis is not None else dim
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    return ExpandDims.apply(input, axis, name=name)


def squeeze(input, axis=None, name=None, squeeze_dims=None):
    """`input` without size-1 dimensions (only those in `axis` if given)."""
    axis = axis if axis is not None else squeeze_dims
    if isinstance(axis, int):
        axis = [axis]
    return Squeeze.apply(input, name=name, squeeze_dims=tuple(axis or ()))


def concat(values, axis, name="concat"):
    """`values` joined along `axis`."""
    if not isinstance(values, (list, tuple)):
        values = [values]
    if len(values) == 1:
        with name_scope(name, "concat", [values]) as scope:
            return identity(values[0], name=scope)
    return ConcatV2.apply(list(values), axis, name=name)


def stack(values, axis=0, name="stack"):
    """Tensors of one shape stacked along a new dimension `axis`."""
    if axis == 0:
        try:
            return convert_to_tensor(values, name=name)  # a constant when values are numbers
        except (TypeError, ValueError):
            pass
    return Pack.apply(list(values), name=name, axis=axis, N=len(values))


def _autopack(value, dtype=None, name=None, as_ref=False):
    """Lists that contain tensors become Pack ops (TF's autopacking)."""
    if not _contains_tensor(value):
        return NotImplemented
    with name_scope(name, "packed", [value]) as scope:
        items = [
            _autopack(v) if isinstance(v, (list, tuple)) else convert_to_tensor(v) for v in value
        ]
        target = dtype or next(t.dtype.base_dtype for t in items if isinstance(t, Tensor))
        items = [convert_to_tensor(t, dtype=target) for t in items]
        return Pack.apply(items, name=scope, axis=0, N=len(items))


def _contains_tensor(value):
    if isinstance(value, (list, tuple)):
        return builtins.any(_contains_tensor(v) for v in value)
    return isinstance(value, Tensor) or hasattr(value, "_as_graph_element")


def unstack(value, num=None, axis=0, name="unstack"):
    """The list of slices of `value` along `axis`."""
    with name_scope(name, "unstack", [value]) as scope:
        value = convert_to_tensor(value)
        if num is None:
            if value.shape.ndims is None:
                raise ValueError(f"Cannot infer num from shape {value.shape}")
            num = value.shape.as_list()[axis]
            if num is None:
                raise ValueError(f"Cannot infer num from shape {value.shape}")
        return Unpack.apply(value, name=scope, num=num, axis=axis)


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """`value` split along `axis` into equal parts (an int) or parts of the given sizes."""
    if isinstance(num_or_size_splits, int):
        return Split.apply(axis, value, name=name, num_split=num_or_size_splits)
    sizes = convert_to_tensor(num_or_size_splits, dtype_hint=D.int32)
    if num is None:
        num = sizes.shape[0].value
        if num is None:
            raise ValueError(f"Cannot infer num from shape {sizes.shape}")
    return SplitV.apply(value, sizes, axis, name=name, num_split=num)


def tile(input, multiples, name=None):
    """`input` repeated `multiples[i]` times along dimension i."""
    return Tile.apply(input, _int_tensor(multiples, "multiples"), name=name)


def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0):
    """`tensor` padded by `paddings` ([[before, after], ...]); CONSTANT, REFLECT or SYMMETRIC."""
    mode = mode.upper()
    if mode == "CONSTANT":
        with name_scope(name, "Pad", [tensor]) as scope:
            tensor = convert_to_tensor(tensor, name="input")
            if not isinstance(constant_values, Tensor) and np.all(constant_values == 0):
                return Pad.apply(tensor, paddings, name=scope)  # TF writes Pad for zeros
            return PadV2.apply(tensor, paddings, constant_values, name=scope)
    if mode not in ("REFLECT", "SYMMETRIC"):
        raise ValueError(f"Unknown padding mode: {mode}")
    return MirrorPad.apply(tensor, paddings, name=name, mode=mode)


def fill(dims, value, name=None):
    """A tensor of shape `dims` filled with `value`."""
    return Fill.apply(_int_tensor(dims, "dims"), value, name=name)


def _filled(shape, dtype, name, default_name, number):
    dtype = D.as_dtype(dtype)
    with name_scope(name, default_name, [shape]) as scope:
        if isinstance(shape, TensorShape):
            shape = shape.as_list()
        if isinstance(shape, (list, tuple, int)) and not _contains_tensor(shape):
            dims = [shape] if isinstance(shape, int) else list(shape)
            if int(np.prod(dims, dtype=np.int64)) < 1000:  # small: a Const, as TF 1.x
                return constant(number, dtype=dtype, shape=dims, name=scope)
        shape = _int_tensor(shape, "shape_as_tensor")
        return Fill.apply(shape, constant(number, dtype=dtype), name=scope)


def zeros(shape, dtype=D.float32, name=None):
    """A tensor of zeros of `shape`.

    >>> W = tf.Variable(tf.zeros([784, 10]))
    """
    return _filled(shape, dtype, name, "zeros", False if D.as_dtype(dtype).is_bool else 0)


def ones(shape, dtype=D.float32, name=None):
    """A tensor of ones of `shape`."""
    return _filled(shape, dtype, name, "ones", True if D.as_dtype(dtype).is_bool else 1)


def _like(opdef, default_name, filler, tensor, dtype, name):
    with name_scope(name, default_name, [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        if dtype is not None and D.as_dtype(dtype) != tensor.dtype.base_dtype:
            return filler(shape(tensor), dtype=dtype, name=scope)
        return opdef.apply(tensor, name=scope)


def zeros_like(tensor, dtype=None, name=None, optimize=True):
    """Zeros with the shape (and dtype, unless given) of `tensor`."""
    return _like(ZerosLike, "zeros_like", zeros, tensor, dtype, name)


def ones_like(tensor, dtype=None, name=None, optimize=True):
    """Ones with the shape (and dtype, unless given) of `tensor`."""
    return _like(OnesLike, "ones_like", ones, tensor, dtype, name)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """One-hot vectors: on_value (1) at each index, off_value (0) elsewhere."""
    with name_scope(name, "one_hot", [indices, depth, on_value, off_value]) as scope:
        on = convert_to_tensor(on_value, dtype=dtype) if on_value is not None else None
        off = convert_to_tensor(off_value, dtype=dtype) if off_value is not None else None
        dtype = (
            D.as_dtype(dtype)
            if dtype is not None
            else (on.dtype if on is not None else off.dtype if off is not None else D.float32)
        )
        on = on if on is not None else constant(1, dtype=dtype, name="on_value")
        off = off if off is not None else constant(0, dtype=dtype, name="off_value")
        return OneHot.apply(indices, depth, on, off, name=scope, axis=-1 if axis is None else axis)


def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    """The elements of `tensor` where `mask` is true (mask covers the leading dimensions)."""
    with name_scope(name, "boolean_mask", [tensor, mask]):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        k = mask.shape.ndims
        from tinytf.ops.indexing_ops import gather
        from tinytf.ops.math_ops import where

        flat = reshape(tensor, concat([[-1], shape(tensor)[k:]], 0)) if k != 1 else tensor
        indices = squeeze(where(reshape(mask, [-1])), axis=[1])
        return gather(flat, indices)


register_tensor_conversion_function((list, tuple), _autopack, priority=99)

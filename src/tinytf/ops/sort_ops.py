"""Sorting, searching and uniqueness: sort/argsort (over top_k, as TF), unique, setdiff1d,
searchsorted, unravel_index, invert_permutation, and the broadcasting where_v2."""

import collections

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError, ShapeError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.framework.tensor_shape import unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.array_ops import INDEX, InvertPermutation, reshape, shape, transpose
from tinytf.ops.math_ops import Where, _sum_to, negative, zeros_like
from tinytf.ops.nn_ops import top_k


# -- sort ----------------------------------------------------------------------------------------
def _descending(values, axis, return_argsort):
    rank = values.shape.ndims
    if rank is None:
        raise ValueError("sort needs a tensor of known rank in tinytf.")
    axis = shape_util.normalize_axis(axis, rank)
    if axis == rank - 1:
        sorted_values, indices = top_k(values, shape(values)[axis])
        return indices if return_argsort else sorted_values
    perm = list(range(rank))
    perm[axis], perm[-1] = rank - 1, axis
    sorted_values, indices = top_k(transpose(values, perm), shape(values)[axis])
    return transpose(indices if return_argsort else sorted_values, perm)


def _sort_or_argsort(values, axis, direction, return_argsort):
    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError(f"{direction} should be one of ASCENDING, DESCENDING")
    if not isinstance(axis, int):
        axis = shape_util.constant_value(convert_to_tensor(axis, name="axis"))
        if axis is None or getattr(axis, "ndim", 0) != 0:
            raise ValueError("axis must be a constant scalar")
        axis = int(axis)
    values = convert_to_tensor(values, name="values")
    if direction == "DESCENDING":
        return _descending(values, axis, return_argsort)
    # Ascending order is the descending order of the negated values, as TF 1.15 computes it.
    out = _descending(negative(values), axis, return_argsort)
    return out if return_argsort else negative(out)


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """The values sorted along `axis` (ASCENDING or DESCENDING)."""
    with name_scope(name, "sort"):
        return _sort_or_argsort(values, axis, direction, return_argsort=False)


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """int32 indices that sort `values` along `axis`; equal values keep their order."""
    del stable  # TF 1.15's argsort (top_k) is always stable
    with name_scope(name, "argsort"):
        return _sort_or_argsort(values, axis, direction, return_argsort=True)


# -- unique and set difference ---------------------------------------------------------------------
def _first_occurrences(xp, x):
    """(unique values in order of first appearance, idx of each x, count of each unique)."""
    if x.ndim != 1:
        raise InvalidArgumentError(None, None, "unique expects a 1D vector.")
    _, first, inverse, counts = xp.unique(
        x, return_index=True, return_inverse=True, return_counts=True
    )
    order = xp.argsort(first, kind="stable")
    rank = xp.empty_like(order)
    rank[order] = xp.arange(order.size)
    return x[first[order]], rank[inverse.reshape(-1)], counts[order]


class UniqueOp(OpDef):
    inputs = ("x",)
    attrs = {"out_idx": D.int32}
    list_output = True

    @classmethod
    def infer(cls, x, *, out_idx):
        if x.shape.ndims is not None and x.shape.ndims != 1:
            raise ShapeError(f"Shape must be rank 1 but is rank {x.shape.ndims}")
        specs = [TensorSpec([None], x.dtype), TensorSpec(x.shape, out_idx)]
        return specs + [TensorSpec([None], out_idx)] * cls.with_counts


@register_op
class Unique(UniqueOp):
    """The unique elements of a 1-D tensor (in order of appearance), and each one's index."""

    with_counts = 0

    def kernel(xp, x, *, out_idx):
        y, idx, _ = _first_occurrences(xp, x)
        return [y, idx.astype(out_idx.as_numpy_dtype)]


@register_op
class UniqueWithCounts(UniqueOp):
    """Unique, and how often each unique element occurs."""

    with_counts = 1

    def kernel(xp, x, *, out_idx):
        y, idx, counts = _first_occurrences(xp, x)
        np_idx = out_idx.as_numpy_dtype
        return [y, idx.astype(np_idx), counts.astype(np_idx)]


@register_op
class ListDiff(OpDef):
    """The values of x not in y (in x's order), and their positions in x."""

    inputs = ("x", "y")
    attrs = {"out_idx": D.int32}
    list_output = True

    def infer(x, y, *, out_idx):
        for t in (x, y):
            if t.shape.ndims is not None and t.shape.ndims != 1:
                raise ShapeError(f"Shape must be rank 1 but is rank {t.shape.ndims}")
        return [TensorSpec([None], x.dtype), TensorSpec([None], out_idx)]

    def kernel(xp, x, y, *, out_idx):
        if x.ndim != 1 or y.ndim != 1:
            raise InvalidArgumentError(None, None, "x and y should be 1D vectors")
        keep = xp.nonzero(~xp.isin(x, y))[0]
        return [x[keep], keep.astype(out_idx.as_numpy_dtype)]


for _name in ("Unique", "UniqueWithCounts", "ListDiff"):
    NotDifferentiable(_name)


_UniqueOut = collections.namedtuple("Unique", "y idx")
_UniqueCountsOut = collections.namedtuple("UniqueWithCounts", "y idx count")
_ListDiffOut = collections.namedtuple("ListDiff", "out idx")


def unique(x, out_idx=D.int32, name=None):
    """(y, idx): the unique elements of 1-D x in order of appearance, and x's index into y."""
    return _UniqueOut(*Unique.apply(x, name=name, out_idx=D.as_dtype(out_idx)))


def unique_with_counts(x, out_idx=D.int32, name=None):
    """(y, idx, count): unique, and how often each element of y occurs in x."""
    return _UniqueCountsOut(*UniqueWithCounts.apply(x, name=name, out_idx=D.as_dtype(out_idx)))


def setdiff1d(x, y, index_dtype=D.int32, name=None):
    """(out, idx): the elements of x not in y, in x's order, and their positions in x."""
    return _ListDiffOut(*ListDiff.apply(x, y, name=name, out_idx=D.as_dtype(index_dtype)))


# -- searching -----------------------------------------------------------------------------------
class BoundOp(OpDef):
    inputs = ("sorted_inputs", "values")
    attrs = {"out_type": D.int32}

    @classmethod
    def infer(cls, sorted_inputs, values, *, out_type):
        for t in (sorted_inputs, values):
            if t.shape.ndims is not None:
                shape_util.with_rank(t.shape, 2)
        rows = shape_util.merge_dim(
            *(t.shape.as_list()[0] if t.shape.ndims else None for t in (sorted_inputs, values))
        )
        cols = values.shape.as_list()[1] if values.shape.ndims else None
        return TensorSpec([rows, cols], out_type)

    @classmethod
    def kernel(cls, xp, sorted_inputs, values, *, out_type):
        if sorted_inputs.shape[0] != values.shape[0]:
            raise InvalidArgumentError(None, None, "Leading dim_size of both tensors must match.")
        rows = [xp.searchsorted(s, v, side=cls.side) for s, v in zip(sorted_inputs, values)]
        out = xp.stack(rows) if rows else xp.zeros(values.shape)
        return out.astype(out_type.as_numpy_dtype)


@register_op
class LowerBound(BoundOp):
    """For each row, the first index where each value could be inserted keeping order."""

    side = "left"


@register_op
class UpperBound(BoundOp):
    """For each row, the last index where each value could be inserted keeping order."""

    side = "right"


NotDifferentiable("LowerBound")
NotDifferentiable("UpperBound")


def searchsorted(sorted_sequence, values, side="left", out_type=D.int32, name=None):
    """Insertion indices of `values` into the innermost dimension of `sorted_sequence`."""
    opdef = {"left": LowerBound, "right": UpperBound}.get(side)
    if opdef is None:
        raise ValueError(f"side must be either 'right' or 'left'.  Saw: {side}.")
    with name_scope(name, "searchsorted", [sorted_sequence, values]):
        sorted_sequence = convert_to_tensor(sorted_sequence, name="sorted_sequence")
        values = convert_to_tensor(values, name="values")
        seq_shape, values_shape = shape(sorted_sequence), shape(values)
        seq_2d = reshape(sorted_sequence, [-1, seq_shape[-1]])
        values_2d = reshape(values, [-1, values_shape[-1]])
        out = opdef.apply(seq_2d, values_2d, out_type=D.as_dtype(out_type))
        return reshape(out, values_shape)


@register_op
class UnravelIndex(OpDef):
    """The coordinates in an array of shape `dims` of flat indices."""

    inputs = ("indices", "dims")
    allowed = INDEX

    def infer(indices, dims):
        n = dims.shape.as_list()[0] if dims.shape.ndims == 1 else None
        if indices.shape.ndims is None:
            return TensorSpec(unknown_shape(), indices.dtype)
        if indices.shape.ndims == 0:
            return TensorSpec([n], indices.dtype)
        return TensorSpec([n, indices.shape.num_elements()], indices.dtype)

    def kernel(xp, indices, dims):
        total = int(xp.prod(dims))
        if xp.any((indices < 0) | (indices >= total)):
            raise InvalidArgumentError(
                None, None, f"index out of bounds for the dimensions {dims.tolist()}"
            )
        coords = xp.unravel_index(indices.reshape(-1), tuple(dims.tolist()))
        out = xp.stack(coords).astype(indices.dtype)
        return out.reshape(-1) if indices.ndim == 0 else out


NotDifferentiable("UnravelIndex")


def unravel_index(indices, dims, name=None):
    """The coordinates (one row per dimension) of flat `indices` into an array of `dims`."""
    with name_scope(name, "UnravelIndex", [indices, dims]) as scope:
        # Like TF's op wrappers, non-tensor inputs take the attr's default type (int32) first.
        indices = convert_to_tensor(indices, dtype_hint=D.int32, name="indices")
        dims = convert_to_tensor(dims, dtype_hint=indices.dtype.base_dtype, name="dims")
        return UnravelIndex.apply(indices, dims, name=scope)


def invert_permutation(x, name=None):
    """The inverse permutation of a permutation vector."""
    return InvertPermutation.apply(x, name=name)


# -- where with broadcasting ---------------------------------------------------------------------
@register_op
class SelectV2(OpDef):
    """Picks from t where condition is true, else from e, broadcasting all three."""

    inputs = ("condition", "t", "e")
    type_inputs = ("t", "e")

    def infer(condition, t, e):
        out = shape_util.broadcast_shape(
            shape_util.broadcast_shape(condition.shape, t.shape), e.shape
        )
        return TensorSpec(out, t.dtype)

    def kernel(xp, condition, t, e):
        return xp.where(condition, t, e)

    def grad(op, dy):
        c, t, e = op.inputs
        zeros = zeros_like(dy)
        return (
            None,
            _sum_to(SelectV2.apply(c, dy, zeros), t),
            _sum_to(SelectV2.apply(c, zeros, dy), e),
        )


def where_v2(condition, x=None, y=None, name=None):
    """With x and y: picks from x where condition, else y (all broadcast). Alone: true
    coordinates (int64)."""
    if x is None and y is None:
        with name_scope(name, "Where", [condition]) as scope:
            condition = convert_to_tensor(condition, dtype_hint=D.bool, name="condition")
            return Where.apply(condition, name=scope)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return SelectV2.apply(condition, x, y, name=name)

"""Set operations over the last dimension of dense or sparse tensors (tf.sets): the results
are SparseTensors whose rows hold each set's elements in ascending order."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import NotDifferentiable, OpDef, TensorSpec, register_op
from tinytf.framework.tensor_shape import unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.sparse_ops import SparseTensor

SET_TYPES = frozenset({D.int8, D.int16, D.int32, D.int64, D.uint8, D.uint16, D.string})
_OPERATIONS = ("a-b", "b-a", "intersection", "union")


def _dense_rows(x):
    """{batch index tuple: set of values} for a dense tensor of rank >= 2."""
    if x.ndim < 2:
        raise InvalidArgumentError(None, None, f"Expected rank >= 2, got rank {x.ndim}.")
    flat = x.reshape(-1, x.shape[-1])
    return x.shape[:-1], {
        idx: set(row.tolist()) for idx, row in zip(np.ndindex(*x.shape[:-1]), flat)
    }


def _sparse_rows(indices, values, dense_shape, validate):
    if dense_shape.size < 2:
        raise InvalidArgumentError(None, None, f"Expected rank >= 2, got {dense_shape.size}.")
    if validate and indices.size:
        keys = [tuple(i) for i in indices.tolist()]
        if keys != sorted(keys) or len(set(keys)) != len(keys):
            raise InvalidArgumentError(None, None, "Indices must be ordered and unique.")
    rows = {}
    for idx, v in zip(indices.tolist(), values.tolist()):
        rows.setdefault(tuple(idx[:-1]), set()).add(v)
    return tuple(int(d) for d in dense_shape[:-1]), rows


def _combine(a, b, operation):
    if operation == "a-b":
        return a - b
    if operation == "b-a":
        return b - a
    return a & b if operation == "intersection" else a | b


def _set_result(xp, batch_a, rows_a, batch_b, rows_b, operation, dtype):
    if tuple(batch_a) != tuple(batch_b):
        raise InvalidArgumentError(
            None,
            None,
            f"Shapes of a and b differ in their leading dimensions: "
            f"{list(batch_a)} vs {list(batch_b)}",
        )
    indices, values, width = [], [], 0
    for idx in np.ndindex(*batch_a):
        result = sorted(_combine(rows_a.get(idx, set()), rows_b.get(idx, set()), operation))
        width = max(width, len(result))
        indices.extend(list(idx) + [i] for i in range(len(result)))
        values.extend(result)
    out_indices = xp.asarray(indices, dtype=xp.int64).reshape(-1, len(batch_a) + 1)
    out_values = xp.asarray(values, dtype=dtype) if values else xp.zeros((0,), dtype=dtype)
    shape = xp.asarray(list(batch_a) + [width], dtype=xp.int64)
    return [out_indices, out_values, shape]


class SetOp(OpDef):
    attrs = {"set_operation": None, "validate_indices": True}
    allowed = SET_TYPES
    list_output = True

    @classmethod
    def infer(cls, *inputs, set_operation, validate_indices):
        if set_operation not in _OPERATIONS:
            raise ValueError(f"Invalid set_operation {set_operation}.")
        sparse_a = cls.type_name == "SparseToSparseSetOperation"
        dtype = inputs[1].dtype if sparse_a else inputs[0].dtype
        rank = shape_util.known(inputs[2].shape[0]) if sparse_a else inputs[0].shape.ndims
        if rank is not None and rank < 2:
            raise shape_util.ShapeError(f"Shape must be at least rank 2 but is rank {rank}")
        return [
            TensorSpec([None, rank], D.int64),
            TensorSpec([None], dtype),
            TensorSpec([rank] if rank is not None else unknown_shape(1), D.int64),
        ]


@register_op
class DenseToDenseSetOperation(SetOp):
    """The set operation between the last-dimension sets of two dense tensors."""

    inputs = ("set1", "set2")

    def kernel(xp, a, b, *, set_operation, validate_indices):
        return _set_result(xp, *_dense_rows(a), *_dense_rows(b), set_operation, a.dtype)


@register_op
class DenseToSparseSetOperation(SetOp):
    """The set operation between a dense tensor's sets and a SparseTensor's."""

    inputs = ("set1", "set2_indices", "set2_values", "set2_shape")
    type_inputs = ("set1", "set2_values")

    def kernel(xp, a, b_indices, b_values, b_shape, *, set_operation, validate_indices):
        rows_b = _sparse_rows(b_indices, b_values, b_shape, validate_indices)
        return _set_result(xp, *_dense_rows(a), *rows_b, set_operation, a.dtype)


@register_op
class SparseToSparseSetOperation(SetOp):
    """The set operation between the sets of two SparseTensors."""

    inputs = (
        "set1_indices",
        "set1_values",
        "set1_shape",
        "set2_indices",
        "set2_values",
        "set2_shape",
    )
    type_inputs = ("set1_values", "set2_values")

    def kernel(xp, ai, av, ash, bi, bv, bsh, *, set_operation, validate_indices):
        rows_a = _sparse_rows(ai, av, ash, validate_indices)
        rows_b = _sparse_rows(bi, bv, bsh, validate_indices)
        return _set_result(xp, *rows_a, *rows_b, set_operation, av.dtype)


@register_op
class SetSize(OpDef):
    """The number of unique elements of each last-dimension set of a SparseTensor."""

    inputs = ("set_indices", "set_values", "set_shape")
    type_inputs = ("set_values",)
    attrs = {"validate_indices": True}
    allowed = SET_TYPES

    def infer(indices, values, dense_shape, *, validate_indices):
        return TensorSpec(unknown_shape(), D.int32)

    def kernel(xp, indices, values, dense_shape, *, validate_indices):
        batch, rows = _sparse_rows(indices, values, dense_shape, validate_indices)
        out = xp.zeros(batch, dtype=xp.int32)
        for idx, row in rows.items():
            out[idx] = len(row)
        return out


for _name in (
    "DenseToDenseSetOperation",
    "DenseToSparseSetOperation",
    "SparseToSparseSetOperation",
    "SetSize",
):
    NotDifferentiable(_name)


# -- public wrappers ---------------------------------------------------------------------------
def _parts(st):
    return [st.indices, st.values, st.dense_shape]


def set_size(a, validate_indices=True):
    """The number of unique elements of each set (last dimension) of SparseTensor `a`."""
    if not isinstance(a, SparseTensor):
        raise TypeError(f"Expected `SparseTensor`, got {a}.")
    if a.values.dtype.base_dtype not in SET_TYPES:
        raise TypeError(f"Invalid dtype {a.values.dtype}.")
    return SetSize.apply(*_parts(a), name="SetSize", validate_indices=validate_indices)


def _set_operation(a, b, set_operation, validate_indices=True):
    attrs = {"set_operation": set_operation, "validate_indices": validate_indices}
    if isinstance(a, SparseTensor):
        if not isinstance(b, SparseTensor):
            raise ValueError(
                "Sparse,Dense is not supported, but Dense,Sparse is. Please flip the order "
                "of your inputs."
            )
        out = SparseToSparseSetOperation.apply(*_parts(a), *_parts(b), **attrs)
    elif isinstance(b, SparseTensor):
        out = DenseToSparseSetOperation.apply(a, *_parts(b), **attrs)
    else:
        out = DenseToDenseSetOperation.apply(a, b, **attrs)
    return SparseTensor(*out)


def _flip(a, b):
    """Dense first (the ops take Dense,Sparse only): (a, b, flipped)."""
    if isinstance(a, SparseTensor) and not isinstance(b, SparseTensor):
        return b, a, True
    return a, b, False


def set_intersection(a, b, validate_indices=True):
    """The intersection of the sets in the last dimension of a and b (a SparseTensor)."""
    a, b, _ = _flip(a, b)
    return _set_operation(a, b, "intersection", validate_indices)


def set_union(a, b, validate_indices=True):
    """The union of the sets in the last dimension of a and b (a SparseTensor)."""
    a, b, _ = _flip(a, b)
    return _set_operation(a, b, "union", validate_indices)


def set_difference(a, b, aminusb=True, validate_indices=True):
    """a - b (or b - a) of the sets in the last dimension of a and b (a SparseTensor)."""
    a, b, flipped = _flip(a, b)
    if flipped:
        aminusb = not aminusb
    return _set_operation(a, b, "a-b" if aminusb else "b-a", validate_indices)

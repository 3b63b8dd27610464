"""tf.ragged.constant and tf.ragged.constant_value: nested Python lists to a RaggedTensor of
Const tensors, or to a RaggedTensorValue, with TF 1.15's rules for ragged_rank and
inner_shape."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import name_scope
from tinytf.ragged.ragged_tensor import RaggedTensor, is_ragged
from tinytf.ragged.ragged_tensor_value import RaggedTensorValue


def constant(
    pylist, dtype=None, ragged_rank=None, inner_shape=None, name=None, row_splits_dtype=D.int64
):
    """A constant RaggedTensor from a nested Python list."""
    from tinytf.ops.constant_op import constant as const

    splits_dtype = D.as_dtype(row_splits_dtype)

    def ragged_factory(values, row_splits):
        splits = const(row_splits, dtype=splits_dtype)
        return RaggedTensor.from_row_splits(values, splits, validate=False)

    def inner_factory(values, dtype, shape, name=None):
        return const(values, dtype=dtype, shape=shape, name=name)

    with name_scope(name, "RaggedConstant"):
        return _constant_value(
            ragged_factory, inner_factory, pylist, dtype, ragged_rank, inner_shape
        )


def constant_value(
    pylist, dtype=None, ragged_rank=None, inner_shape=None, row_splits_dtype="int64"
):
    """A RaggedTensorValue (NumPy arrays) from a nested Python list."""
    if isinstance(dtype, D.DType):
        dtype = dtype.as_numpy_dtype
    splits_dtype = D.as_dtype(row_splits_dtype).as_numpy_dtype

    def ragged_factory(values, row_splits):
        return RaggedTensorValue(values, np.array(row_splits, dtype=splits_dtype))

    def inner_factory(values, dtype, shape, name=None):
        return np.reshape(np.array(values, dtype=dtype), shape)

    return _constant_value(ragged_factory, inner_factory, pylist, dtype, ragged_rank, inner_shape)


def _constant_value(ragged_factory, inner_factory, pylist, dtype, ragged_rank, inner_shape):
    if is_ragged(pylist):
        raise TypeError("pylist may not be a RaggedTensor or RaggedTensorValue.")
    if not isinstance(pylist, (list, tuple)) and np.ndim(pylist) == 0:
        if ragged_rank is not None and ragged_rank != 0:
            raise ValueError(
                f"Invalid pylist={pylist!r}: incompatible with ragged_rank={ragged_rank}"
            )
        if inner_shape:
            raise ValueError(
                f"Invalid pylist={pylist!r}: incompatible with dim(inner_shape)={len(inner_shape)}"
            )
        return inner_factory(pylist, dtype, ())
    if ragged_rank is not None and ragged_rank < 0:
        raise ValueError(f"Invalid ragged_rank={ragged_rank!r}: must be nonnegative")
    scalar_depth, max_depth = _find_scalar_and_max_depth(pylist)
    if scalar_depth is not None and max_depth > scalar_depth:
        raise ValueError(
            f"Invalid pylist={pylist!r}: empty list nesting is greater than scalar value nesting"
        )
    if inner_shape is not None and ragged_rank is not None:
        expected = ragged_rank + len(inner_shape) + 1
        if (scalar_depth is not None and expected != scalar_depth) or (
            scalar_depth is None and expected < max_depth
        ):
            raise ValueError(
                f"Invalid pylist={pylist!r}: incompatible with "
                f"ragged_rank={ragged_rank} and dim(inner_shape)={len(inner_shape)}"
            )
    if ragged_rank == 0 or (
        ragged_rank is None
        and (max_depth < 2 or (inner_shape is not None and max_depth - len(inner_shape) < 2))
    ):
        return inner_factory(pylist, dtype, inner_shape)
    if inner_shape is None:
        inner_shape = () if ragged_rank is None else _default_inner_shape(pylist, ragged_rank)
    inner_shape = tuple(inner_shape)
    if ragged_rank is None:
        depth = max_depth - 1 if scalar_depth is None else scalar_depth - 1 - len(inner_shape)
        ragged_rank = max(1, depth)
    nested_splits, values = [], pylist
    for _ in range(ragged_rank):
        splits, flat = [0], []
        for row in values:
            splits.append(splits[-1] + len(row))
            flat.extend(row)
        nested_splits.append(splits)
        values = flat
    result = inner_factory(values, dtype, (len(values),) + inner_shape, name="values")
    for splits in reversed(nested_splits):
        result = ragged_factory(result, splits)
    return result


def _find_scalar_and_max_depth(pylist):
    """(nesting depth of the scalars or None, deepest nesting counting empty lists)."""
    if isinstance(pylist, (list, tuple)) or np.ndim(pylist) != 0:
        scalar_depth, max_depth = None, 1
        for child in pylist:
            child_scalar, child_max = _find_scalar_and_max_depth(child)
            if child_scalar is not None:
                if scalar_depth is not None and scalar_depth != child_scalar + 1:
                    raise ValueError("all scalar values must have the same nesting depth")
                scalar_depth = child_scalar + 1
            max_depth = max(max_depth, child_max + 1)
        return scalar_depth, max_depth
    return 0, 0


def _is_nested(item):
    return isinstance(item, (list, tuple)) or np.ndim(item) != 0


def _default_inner_shape(pylist, ragged_rank):
    """The uniform shape of the values left after `ragged_rank` ragged dimensions."""

    def inner_shape_of(item):
        if not _is_nested(item):
            return ()
        return (len(item),) + inner_shape_of(item[0]) if len(item) else (0,)

    def check(item, shape):
        if _is_nested(item) != bool(shape):
            raise ValueError("inner values have inconsistent shape")
        if _is_nested(item):
            if shape[0] != len(item):
                raise ValueError("inner values have inconsistent shape")
            for child in item:
                check(child, shape[1:])

    flat = pylist
    for dim in range(ragged_rank):
        if not all(_is_nested(v) for v in flat):
            raise ValueError(
                f"pylist has scalar values depth {dim + 1}, but ragged_rank="
                f"{ragged_rank} requires scalar value depth greater than "
                f"{ragged_rank}"
            )
        flat = sum((list(v) for v in flat), [])
    shape = inner_shape_of(flat)
    check(flat, shape)
    return shape[1:]

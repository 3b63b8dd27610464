"""Nested element structures of tf.data (tuples and dicts are structure, a list is one
component), their per-component specs, and the values a dataset captures from the graph."""

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.ops import Tensor
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops.sparse_ops import (
    SPARSE_TYPES,
    SparseTensor,
    SparseTensorValue,
    _check_indices,
    sparse_error,
)


class Spec:
    """What one component of the elements is: its dtype and static shape."""

    sparse = False

    def __init__(self, dtype, shape):
        self.dtype, self.shape = dtype, TensorShape(shape)

    def like(self, shape):
        """A spec of the same kind (dense or sparse) and dtype with another shape."""
        return type(self)(self.dtype, shape)


class SparseSpec(Spec):
    """A SparseTensor component: its values' dtype and its dense shape (TF's SparseTensorSpec).
    It travels as three tensors: indices [N, rank], values [N], dense_shape [rank]."""

    sparse = True


class SparseValue:
    """A SparseTensor component's value in an element (not a tuple, so that the structure
    functions here take it as one leaf, unlike a SparseTensorValue)."""

    __slots__ = ("indices", "values", "dense_shape")

    def __init__(self, indices, values, dense_shape):
        self.indices, self.values, self.dense_shape = indices, values, dense_shape

    def __getstate__(self):  # for cache(filename), which pickles elements
        return self.indices, self.values, self.dense_shape

    def __setstate__(self, state):
        self.indices, self.values, self.dense_shape = state


class DatasetSpec:
    """A component that is itself a dataset (the windows of Dataset.window)."""

    sparse = False

    def __init__(self, spec):
        self.spec = spec


def map_structure(fn, *values):
    first = values[0]
    if isinstance(first, tuple):
        return tuple(map_structure(fn, *parts) for parts in zip(*values))
    if isinstance(first, dict):
        return {k: map_structure(fn, *(v[k] for v in values)) for k in first}
    return fn(*values)


def flat(value):
    if isinstance(value, tuple):
        return [x for v in value for x in flat(v)]
    if isinstance(value, dict):
        return [x for k in sorted(value) for x in flat(value[k])]
    return [value]


def pack_like(spec, flat_values):
    items = iter(flat_values)
    return map_structure(lambda _: next(items), sort_keys(spec))


def sort_keys(value):
    """The structure with dict keys in flat()'s order (so pack_like fills them right)."""
    if isinstance(value, tuple):
        return tuple(sort_keys(v) for v in value)
    if isinstance(value, dict):
        return {k: sort_keys(value[k]) for k in sorted(value)}
    return value


def same_structure(a, b):
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (
            isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b)
            and all(same_structure(x, y) for x, y in zip(a, b))
        )
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict) and isinstance(b, dict) and sorted(a) == sorted(b)
            and all(same_structure(a[k], b[k]) for k in a)
        )
    return True


def map_to_spec(fn, spec, value):
    """fn(spec leaf, value part) over spec's structure; value's lists below it stay whole."""
    if isinstance(spec, tuple):
        if not isinstance(value, (tuple, list)) or len(value) != len(spec):
            raise ValueError(f"The two structures don't have the same sequence length: {value}")
        return tuple(map_to_spec(fn, s, v) for s, v in zip(spec, value))
    if isinstance(spec, dict):
        return {k: map_to_spec(fn, spec[k], value[k]) for k in spec}
    return fn(spec, value)


def tuples(value):
    """Lists a user function returns are tuples of components, as in tf.data."""
    if isinstance(value, SparseTensorValue):
        return SparseTensor.from_value(value)
    if isinstance(value, (list, tuple)):
        return tuple(tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: tuples(v) for k, v in value.items()}
    return value


def host_or_tensor(value):
    """A leaf as a NumPy array when its value is known now, else the graph Tensor itself (its
    value is taken when the iterator's initializer runs)."""
    if is_sparse(value):
        return _sparse_leaf(value)
    if isinstance(value, list) and any(isinstance(v, Tensor) for v in _leaves_of_list(value)):
        value = _pack(value)  # a list of tensors is one packed component, as in TF
    if isinstance(value, Tensor):
        from tinytf.ops.shape_util import constant_value

        known = constant_value(value)
        return value if known is None else np.asarray(known)
    from tinytf.ops.constant_op import to_numpy

    return to_numpy(value)  # convert_to_tensor's dtypes: Python ints int32, floats float32


def _pack(value):
    from tinytf.ops.array_ops import stack

    if isinstance(value, (list, tuple)):
        return stack([_pack(v) for v in value])
    return value


def _leaves_of_list(value):
    for v in value:
        if isinstance(v, (list, tuple)):
            yield from _leaves_of_list(v)
        else:
            yield v


def as_leaves(value):
    if isinstance(value, SparseTensorValue):
        return _sparse_leaf(value)
    if isinstance(value, tuple):
        return tuple(as_leaves(v) for v in value)
    if isinstance(value, dict):
        return {k: as_leaves(v) for k, v in value.items()}
    return host_or_tensor(value)


def leaf_spec(leaf, drop_first=False):
    if is_sparse(leaf):  # a SparseTensor or a SparseValue (as_leaves made them)
        shape = _sparse_shape(leaf)
        if drop_first:
            if shape.ndims == 0:
                raise ValueError("Unbatching a sparse tensor is only supported for rank >= 1")
            shape = shape[1:] if shape.ndims is not None else shape
        dtype = leaf.values.dtype if isinstance(leaf, SparseValue) else leaf.dtype
        return SparseSpec(dtypes.as_dtype(dtype).base_dtype, shape)
    if isinstance(leaf, Tensor):
        shape = leaf.shape
        dtype = leaf.dtype.base_dtype
    else:
        shape, dtype = TensorShape(leaf.shape), dtypes.as_dtype(leaf.dtype)
    if drop_first:
        shape = shape.with_rank_at_least(1)[1:]
    return Spec(dtype, shape)


def tensors_in(structure):
    return [v for v in parts(flat(structure)) if isinstance(v, Tensor)]


def resolve(env, structure):
    """The structure with its captured Tensors (and SparseTensors) replaced by their values."""
    def value(v):
        if isinstance(v, Tensor):
            return env[id(v)]
        if is_sparse(v) and not isinstance(v, SparseValue):
            return SparseValue(*(env[id(t)] for t in _sparse_parts(v)))
        return v

    return map_structure(value, structure)


def scalar(env, value):
    value = env[id(value)] if isinstance(value, Tensor) else value
    return np.asarray(value).item()


# -- sparse components ------------------------------------------------------------------------
_SPARSE = (SparseValue,) + SPARSE_TYPES


def is_sparse(value):
    """A SparseTensor, a SparseTensorValue or a SparseValue."""
    return isinstance(value, _SPARSE)


def _sparse_parts(value):
    return [value.indices, value.values, value.dense_shape]


def _sparse_leaf(value):
    """A SparseValue of arrays when its parts are known now, else the SparseTensor."""
    if isinstance(value, SparseTensorValue):
        value = SparseTensor.from_value(value)
    leaves = [host_or_tensor(p) for p in _sparse_parts(value)]
    if any(isinstance(p, Tensor) for p in leaves):
        return value
    indices, values, shape = leaves
    return SparseValue(indices.astype(np.int64), values, shape.astype(np.int64))


def _sparse_shape(leaf):
    if isinstance(leaf, SparseValue):
        return TensorShape([int(d) for d in leaf.dense_shape])
    return leaf.shape


def op_specs(spec):
    """[(dtype, shape)] of the tensors the components of `spec` travel as in ops (a sparse
    one as its indices, values and dense_shape)."""
    out = []
    for s in flat(spec):
        if s.sparse:
            rank = s.shape.ndims
            out += [(dtypes.int64, TensorShape([None, rank])), (s.dtype, TensorShape([None])),
                    (dtypes.int64, TensorShape([rank]))]
        else:
            out.append((s.dtype, s.shape))
    return out


def parts(flat_values):
    """The flat components with each sparse one as its three parts."""
    if not any(is_sparse(v) for v in flat_values):
        return flat_values
    return [p for v in flat_values for p in (_sparse_parts(v) if is_sparse(v) else [v])]


def from_parts(spec, flat_parts, host):
    """The element of `spec` from op_specs' tensors: a sparse component as a SparseValue of
    arrays (`host`) or a SparseTensor of graph tensors."""
    items, leaves = iter(flat_parts), []
    for s in flat(spec):
        if not s.sparse:
            leaves.append(next(items))
            continue
        three = [next(items) for _ in range(3)]
        leaves.append((SparseValue if host else SparseTensor)(*three))
    return pack_like(spec, leaves)


def has_sparse(spec):
    return any(s.sparse for s in flat(spec) if isinstance(s, Spec))


def sparse_holder(spec):
    """The SparseTensor of placeholders a traced function receives for a sparse component."""
    from tinytf.ops.array_ops import placeholder

    rank = spec.shape.ndims
    return SparseTensor(placeholder(dtypes.int64, [None, rank]), placeholder(spec.dtype, [None]),
                        placeholder(dtypes.int64, [rank]))


def rows_of(value):
    """What from_tensor_slices/unbatch index by row: an array, or a SparseValue's rows (TF's
    SerializeManySparse: rank > 1, indices valid and in order)."""
    if not isinstance(value, SparseValue):
        return value
    shape = [int(d) for d in value.dense_shape]
    if len(shape) < 2:
        raise sparse_error(f"Rank of input SparseTensor should be > 1, but saw rank: {len(shape)}")
    indices = np.asarray(value.indices, np.int64)
    _check_indices(indices, shape)
    cuts = np.searchsorted(indices[:, 0], np.arange(shape[0] + 1))
    inner = np.asarray(shape[1:], np.int64)
    return [SparseValue(indices[a:b, 1:], value.values[a:b], inner)
            for a, b in zip(cuts[:-1], cuts[1:])]

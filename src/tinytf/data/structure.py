"""Nested element structures of tf.data (tuples and dicts are structure, a list is one
component), their per-component specs, and the values a dataset captures from the graph."""

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.ops import Tensor
from tinytf.framework.tensor_shape import TensorShape


class Spec:
    """What one component of the elements is: its dtype and static shape."""

    def __init__(self, dtype, shape):
        self.dtype, self.shape = dtype, TensorShape(shape)


class DatasetSpec:
    """A component that is itself a dataset (the windows of Dataset.window)."""

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
    if isinstance(value, (list, tuple)):
        return tuple(tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: tuples(v) for k, v in value.items()}
    return value


def host_or_tensor(value):
    """A leaf as a NumPy array when its value is known now, else the graph Tensor itself (its
    value is taken when the iterator's initializer runs)."""
    if isinstance(value, list) and any(isinstance(v, Tensor) for v in _leaves_of_list(value)):
        value = _pack(value)  # a list of tensors is one packed component, as in TF
    if isinstance(value, Tensor):
        from tinytf.ops.shape_util import constant_value

        known = constant_value(value)
        return value if known is None else np.asarray(known)
    array = np.asarray(value)
    if array.dtype == np.float64 and not isinstance(value, np.ndarray):
        array = array.astype(np.float32)  # Python floats are float32 tensors in TF
    if array.dtype.kind == "U":
        array = np.vectorize(lambda s: s.encode(), otypes=[object])(array)
    return array


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
    if isinstance(value, tuple):
        return tuple(as_leaves(v) for v in value)
    if isinstance(value, dict):
        return {k: as_leaves(v) for k, v in value.items()}
    return host_or_tensor(value)


def leaf_spec(leaf, drop_first=False):
    if isinstance(leaf, Tensor):
        shape = leaf.shape
        dtype = leaf.dtype.base_dtype
    else:
        shape, dtype = TensorShape(leaf.shape), dtypes.as_dtype(leaf.dtype)
    if drop_first:
        shape = shape.with_rank_at_least(1)[1:]
    return Spec(dtype, shape)


def tensors_in(structure):
    return [v for v in flat(structure) if isinstance(v, Tensor)]


def resolve(env, structure):
    """The structure with its captured Tensors replaced by their values in env."""
    return map_structure(lambda v: env[id(v)] if isinstance(v, Tensor) else v, structure)


def scalar(env, value):
    value = env[id(value)] if isinstance(value, Tensor) else value
    return np.asarray(value).item()

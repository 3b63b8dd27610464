"""Dataset.batch, padded_batch, unbatch and window."""

import itertools

import numpy as np

from tinytf.data import structure as st
from tinytf.framework import errors
from tinytf.framework.ops import Tensor
from tinytf.framework.tensor_shape import TensorShape


def _groups(iterator, size, drop_remainder):
    group = []
    for element in iterator:
        group.append(element)
        if len(group) == size:
            yield group
            group = []
    if group and not drop_remainder:
        yield group


class _Batches:
    """batch()'s iterator. As TF's, it goes on after an element's error (that batch is lost);
    after a map, as TF's MapAndBatch fusion, it takes a whole batch of the map's input, runs the
    function on each (or once on all: data/vectorize.py) and loses the batch if one fails."""

    def __init__(self, source, size, drop_remainder):
        self._mapped = source if hasattr(source, "run_all") else None  # a map's iterator
        self._upstream = source._upstream if self._mapped else source
        self._source, self._size, self._drop = source, size, drop_remainder
        self._ended = False

    def __iter__(self):
        return self

    def __next__(self):
        if self._ended:
            raise StopIteration
        group = list(itertools.islice(self._upstream, self._size))
        if len(group) < self._size:
            self._ended = True
            if not group or self._drop:
                raise StopIteration
        if self._mapped is None:
            return st.map_structure(_stack, *group)
        many = self._mapped.batched
        element = many(group) if many is not None else None
        if element is None:
            element = st.map_structure(_stack, *self._mapped.run_all(group))
        return element

    def close(self):
        close = getattr(self._source, "close", None)
        if close is not None:
            close()


def _stack(*xs):
    if isinstance(xs[0], st.SparseValue):
        return _batch_sparse(xs)
    shapes = {np.shape(x) for x in xs}
    if len(shapes) > 1:
        a, b = list(shapes)[:2]
        raise errors.InvalidArgumentError(
            None, None, "Cannot batch tensors with different shapes in component 0. First "
            f"element had shape {list(a)} and element 1 had shape {list(b)}."
        )
    return np.stack(xs)


def _batch_sparse(xs):
    """One SparseTensor of rank + 1 (TF's DeserializeSparse of a batch): each element's indices
    in their order behind its row number; each dimension the largest of the elements'."""
    ranks = [len(x.dense_shape) for x in xs]
    for i, rank in enumerate(ranks):
        if rank != ranks[0]:
            raise errors.InvalidArgumentError(
                None, None, "Inconsistent shape across SparseTensors: rank prior to "
                f"SparseTensor[{i}] was: {ranks[0]} but rank of SparseTensor[{i}] is: {rank}"
            )
    rows = [np.full((len(x.values), 1), i, np.int64) for i, x in enumerate(xs)]
    indices = np.concatenate(
        [np.hstack([r, np.reshape(x.indices, (-1, ranks[0]))]) for r, x in zip(rows, xs)])
    shape = np.max([x.dense_shape for x in xs], axis=0) if ranks[0] else np.zeros(0, np.int64)
    return st.SparseValue(indices, np.concatenate([x.values for x in xs]),
                          np.concatenate([[len(xs)], shape]).astype(np.int64))


def _batched_spec(spec, batch_size, drop_remainder, shape_of=None):
    first = int(batch_size) if drop_remainder and not isinstance(batch_size, Tensor) else None
    return st.map_structure(
        lambda s, *p: s.like(TensorShape([first]).concatenate(p[0] if p else s.shape)),
        spec, *([shape_of] if shape_of is not None else []),
    )


def _size(env, batch_size):
    n = st.scalar(env, batch_size)
    if n <= 0:
        raise errors.InvalidArgumentError(None, None, "Batch size must be greater than zero.")
    return n


def batch(dataset, batch_size, drop_remainder=False):
    batch_size = st.host_or_tensor(batch_size)

    def make(env):
        return _Batches(dataset._make(env), _size(env, batch_size), drop_remainder)

    spec = _batched_spec(dataset._spec, batch_size, drop_remainder)
    return dataset._derive(make, spec, args=(batch_size,))


def _pad_value(value, spec):
    from tinytf.framework.op_def import convert_to_tensor
    from tinytf.ops.shape_util import constant_value

    if value is None:
        return np.array(b"" if spec.dtype.name == "string" else 0, spec.dtype.as_numpy_dtype)
    tensor = convert_to_tensor(value, name="padding_value")
    if tensor.shape.ndims not in (None, 0):
        raise ValueError(f"Padding value should be a scalar, but is not: {tensor}")
    if tensor.dtype.base_dtype != spec.dtype:
        raise TypeError(
            f"Padding value tensor ({tensor}) does not match output type: {spec.dtype}"
        )
    known = constant_value(tensor)
    if known is None:
        raise ValueError("tinytf needs padding values known when the graph is built")
    return np.asarray(known, spec.dtype.as_numpy_dtype)


def _padded_shape(shape, spec):
    shape = TensorShape(list(shape) if isinstance(shape, (list, tuple)) else shape)
    shape = TensorShape([None if d == -1 else d for d in shape.as_list()]) \
        if shape.ndims is not None else shape
    if not shape.is_compatible_with(spec.shape):
        raise ValueError(
            f"The padded shape {shape} is not compatible with the corresponding input "
            f"component shape {spec.shape}."
        )
    return shape


def _pad_stack(shape, pad):
    def fn(*xs):
        target = [
            max(np.shape(x)[i] for x in xs) if d is None else d
            for i, d in enumerate(shape.as_list())
        ]
        out = np.full([len(xs)] + target, pad, dtype=pad.dtype)
        for i, x in enumerate(xs):
            if any(a > b for a, b in zip(np.shape(x), target)):
                raise errors.InvalidArgumentError(
                    None, None, "Attempted to pad to a smaller size than the input element."
                )
            out[(i,) + tuple(slice(0, n) for n in np.shape(x))] = x
        return out

    return fn


def padded_batch(dataset, batch_size, padded_shapes, padding_values, drop_remainder):
    spec, batch_size = dataset._spec, st.host_or_tensor(batch_size)
    if st.has_sparse(spec):
        raise TypeError("Batching of padded sparse tensors is not currently supported")
    shapes = st.map_to_spec(lambda s, v: _padded_shape(v, s), spec, padded_shapes)
    if padding_values is None:
        padding_values = st.map_structure(lambda _: None, spec)
    pads = st.map_to_spec(lambda s, v: _pad_value(v, s), spec, padding_values)
    stackers = st.map_structure(_pad_stack, shapes, pads)

    def make(env):
        for group in _groups(dataset._make(env), _size(env, batch_size), drop_remainder):
            yield st.map_structure(lambda f, *xs: f(*xs), stackers, *group)

    out_spec = _batched_spec(spec, batch_size, drop_remainder, shapes)
    return dataset._derive(make, out_spec, args=(batch_size,))


def unbatch(dataset):
    for s in st.flat(dataset._spec):
        if s.shape.ndims == 0:
            raise ValueError("Cannot unbatch an input with scalar components.")
    spec = st.map_structure(lambda s: s.like(s.shape.with_rank_at_least(1)[1:]),
                            dataset._spec)
    sparse = st.has_sparse(spec)

    def make(env):
        for element in dataset._make(env):
            if sparse:
                element = st.map_structure(st.rows_of, element)
            sizes = {len(x) for x in st.flat(element)}
            if len(sizes) != 1:
                raise errors.InvalidArgumentError(
                    None, None, "Input element must have the same batch size in each component."
                )
            for i in range(sizes.pop()):
                yield st.map_structure(lambda x, i=i: x[i], element)

    return dataset._derive(make, spec)


def window(dataset, size, shift=None, stride=1, drop_remainder=False):
    shift = size if shift is None else shift
    for name, v in (("size", size), ("shift", shift), ("stride", stride)):
        if v <= 0:
            raise errors.InvalidArgumentError(None, None, f"Window {name} must be greater "
                                              "than zero, but got {v}.")
    span = (size - 1) * stride + 1
    spec = st.map_structure(lambda s: st.DatasetSpec(s), dataset._spec)

    def window_of(rows):
        picked = rows[::stride][:size]
        return st.map_structure(lambda s, *xs: _host_dataset(list(xs), s), dataset._spec, *picked)

    def make(env):
        it, buf, skip = dataset._make(env), [], 0
        while True:
            for _ in range(skip):
                if next(it, _END) is _END:
                    return
            buf.extend(itertools.islice(it, span - len(buf)))
            if not buf or (drop_remainder and len(buf) < span):
                return
            yield window_of(buf)
            skip = max(0, shift - len(buf))
            del buf[:shift]

    return dataset._derive(make, spec)


def _host_dataset(rows, spec):
    from tinytf.data.dataset_ops import Dataset

    return Dataset(lambda env: iter(rows), spec)


_END = object()

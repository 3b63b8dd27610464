"""IndexedSlices: rows `values` of a dense tensor of `dense_shape`, at row `indices` (what the
gradient of tf.gather is), its conversion to a dense tensor, and gradient aggregation (TF's
rules: all slices -> the slices concatenated; any dense -> AddN of dense tensors)."""

import collections
import warnings

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.graph import graph_of
from tinytf.framework.op_def import convert_to_tensor, register_tensor_conversion_function
from tinytf.framework.ops import Tensor
from tinytf.ops import shape_util

IndexedSlicesValue = collections.namedtuple(
    "IndexedSlicesValue", ["values", "indices", "dense_shape"]
)

_LARGE_SPARSE_NUM_ELEMENTS = 100000000  # TF warns when densifying more elements than this


class IndexedSlices:
    """A sparse set of rows of a dense tensor: `dense[indices[i]] = values[i]` (duplicates
    summed when densified).

    >>> g = tf.gradients(tf.gather(params, ids), params)[0]   # an IndexedSlices
    """

    def __init__(self, values, indices, dense_shape=None):
        graph_of([t for t in (values, indices, dense_shape) if isinstance(t, Tensor)])
        self._values, self._indices, self._dense_shape = values, indices, dense_shape

    values = property(lambda self: self._values)
    indices = property(lambda self: self._indices)
    dense_shape = property(lambda self: self._dense_shape)
    name = property(lambda self: self._values.name)
    device = property(lambda self: self._values.device)
    op = property(lambda self: self._values.op)
    dtype = property(lambda self: self._values.dtype)
    graph = property(lambda self: self._values.graph)

    def __str__(self):
        shape = "" if self._dense_shape is None else f", dense_shape={self._dense_shape}"
        return f"IndexedSlices(indices={self._indices}, values={self._values}{shape})"

    __repr__ = __str__

    def __neg__(self):
        from tinytf.ops.math_ops import negative

        return IndexedSlices(negative(self._values), self._indices, self._dense_shape)

    def _fetch_parts(self):
        if self._dense_shape is None:
            return [self._values, self._indices], lambda v, i: IndexedSlicesValue(v, i, None)
        return [self._values, self._indices, self._dense_shape], IndexedSlicesValue

    def consumers(self):
        return [
            c
            for t in (self._values, self._indices, self._dense_shape)
            if t is not None
            for c in t.consumers()
        ]


def _to_tensor(value, dtype=None, name=None, as_ref=False):
    """The dense tensor: unsorted_segment_sum of the rows (TF's conversion, with its warning)."""
    from tinytf.ops.segment_ops import unsorted_segment_sum

    if dtype is not None and dtype.base_dtype != value.dtype.base_dtype:
        raise ValueError(
            f"Tensor conversion requested dtype {dtype.name} for IndexedSlices with dtype "
            f"{value.dtype.name}"
        )
    if value.dense_shape is None:
        raise ValueError(
            f"Tensor conversion requested for IndexedSlices without dense_shape: {value}"
        )
    shape = shape_util.constant_value(value.dense_shape)
    if shape is None:
        warnings.warn(
            "Converting sparse IndexedSlices to a dense Tensor of unknown shape. "
            "This may consume a large amount of memory.",
            stacklevel=2,
        )
    elif np.prod(shape) >= _LARGE_SPARSE_NUM_ELEMENTS:
        warnings.warn(
            f"Converting sparse IndexedSlices to a dense Tensor with {int(np.prod(shape))} "
            "elements. This may consume a large amount of memory.",
            stacklevel=2,
        )
    return unsorted_segment_sum(value.values, value.indices, value.dense_shape[0], name=name)


register_tensor_conversion_function(IndexedSlices, _to_tensor)


def aggregate(grads):
    """The sum of gradients of which some are IndexedSlices: AddN if any is dense (TF 1.15's
    aggregate_indexed_slices_gradients), else one IndexedSlices of the concatenated rows."""
    from tinytf.ops import array_ops, math_ops

    if any(isinstance(g, Tensor) for g in grads):
        return math_ops.add_n([convert_to_tensor(g) for g in grads])
    if {g.indices.dtype.base_dtype for g in grads} == {D.int32, D.int64}:
        grads = [
            IndexedSlices(g.values, math_ops.cast(g.indices, D.int64), g.dense_shape) for g in grads
        ]
    return IndexedSlices(
        array_ops.concat([g.values for g in grads], 0),
        array_ops.concat([g.indices for g in grads], 0),
        grads[0].dense_shape,
    )


def is_indexed_slices(value):
    """Whether `value` is an IndexedSlices (the sparse form of a gradient)."""
    return isinstance(value, IndexedSlices)


def convert_to_tensor_or_indexed_slices(value, dtype=None, name=None):
    """An IndexedSlices or SparseTensor as it is (its dtype checked), anything else as
    tf.convert_to_tensor converts it."""
    from tinytf.ops.sparse_ops import SparseTensor

    if isinstance(value, (Tensor, IndexedSlices, SparseTensor)):
        if dtype is not None and D.as_dtype(dtype).base_dtype != value.dtype.base_dtype:
            raise ValueError(
                f"Tensor conversion requested dtype {D.as_dtype(dtype).name} for Tensor with "
                f"dtype {value.dtype.name}: {str(value)!r}"
            )
        return value
    return convert_to_tensor(value, dtype=dtype, name=name)

"""SparseTensors as strings: SerializeSparse ([3] TensorProtos: indices, values, shape),
SerializeManySparse (one such row per entry of the first dimension) and DeserializeManySparse
(the rows stacked back along a new first dimension)."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework import graph_io
from tinytf.framework.errors import DataLossError, InvalidArgumentError, ShapeError
from tinytf.framework.op_def import NotDifferentiable, OpDef, TensorSpec, name_scope, register_op
from tinytf.ops import shape_util
from tinytf.ops.parsing_ops import array_from_proto, content_proto
from tinytf.ops.sparse_ops import SparseTensor, SparseTensorValue
from tinytf.ops.string_ops import as_bytes, strings


def _error(message):
    return InvalidArgumentError(None, None, message)


def _serialize(array, dtype):
    return content_proto(np.asarray(array), dtype).SerializeToString()


def _check_sorted(indices, shape):
    """TF's SparseTensor::IndicesValid: in bounds, in row-major order, no repeats."""
    dims = f"[{','.join(str(d) for d in shape)}]"
    previous = None
    for n, index in enumerate(indices.tolist()):
        text = f"indices[{n}] = [{','.join(str(i) for i in index)}]"
        if any(not 0 <= i < d for i, d in zip(index, shape)):
            raise _error(f"{text} is out of bounds: need 0 <= index < {dims}")
        if previous is not None and index <= previous:
            if index == previous:
                raise _error(f"{text} is repeated")
            raise _error(
                f"{text} is out of order. Many sparse ops require sorted indices.\n"
                "    Use `tf.sparse.reorder` to create a correctly ordered copy.\n\n"
            )
        previous = index


def _dtype_of(values):
    values = np.asarray(values)
    return D.string if values.dtype == object else D.as_dtype(values.dtype)


def _check_parts(indices, values, shape):
    shape_util.with_rank(indices.shape, 2)
    shape_util.with_rank(values.shape, 1)
    shape_util.with_rank(shape.shape, 1)


def _check_string(out_type):
    if D.as_dtype(out_type) != D.string:
        raise TypeError("tinytf serializes SparseTensors to strings only (out_type=tf.string)")


@register_op
class SerializeSparse(OpDef):
    """A SparseTensor as 3 serialized TensorProtos: [indices, values, dense_shape]."""

    inputs = ("sparse_indices", "sparse_values", "sparse_shape")
    type_inputs = ("sparse_values",)
    attrs = {"out_type": D.string}

    def infer(indices, values, shape, *, out_type):
        _check_string(out_type)
        _check_parts(indices, values, shape)
        return TensorSpec([3], D.string)

    def kernel(xp, indices, values, shape, *, out_type):
        dtype = _dtype_of(values)
        parts = [
            _serialize(indices, D.int64),
            _serialize(values, dtype),
            _serialize(shape, D.int64),
        ]
        out = np.empty(3, dtype=object)
        out[:] = parts
        return out


@register_op
class SerializeManySparse(OpDef):
    """A rank >= 2 SparseTensor as [N, 3] strings: row b serializes entry b of dimension 0."""

    inputs = ("sparse_indices", "sparse_values", "sparse_shape")
    type_inputs = ("sparse_values",)
    attrs = {"out_type": D.string}

    def infer(indices, values, shape, *, out_type):
        _check_string(out_type)
        _check_parts(indices, values, shape)
        return TensorSpec([None, 3], D.string)

    def kernel(xp, indices, values, shape, *, out_type):
        indices, values, shape = np.asarray(indices), np.asarray(values), np.asarray(shape)
        if shape.size < 2:
            raise _error(f"Rank of input SparseTensor should be > 1, but saw rank: {shape.size}")
        dtype = _dtype_of(values)
        _check_sorted(indices, shape.tolist())
        rest = shape[1:]
        out = np.empty((int(shape[0]), 3), dtype=object)
        for b in range(out.shape[0]):
            rows = indices[:, 0] == b
            out[b] = [
                _serialize(indices[rows, 1:].reshape(-1, shape.size - 1), D.int64),
                _serialize(values[rows], dtype),
                _serialize(rest, D.int64),
            ]
        return out


def _parse(data, i):
    proto = graph_io.protos().TensorProto()
    try:
        proto.ParseFromString(as_bytes(data))
    except Exception:  # protobuf's DecodeError, whose module depends on the backend
        raise _error(f"Could not parse serialized_sparse[{i}]") from None
    try:
        return array_from_proto(proto), D.as_dtype(proto.dtype)
    except (TypeError, ValueError, KeyError, IndexError):
        raise DataLossError(
            None, None, f"Could not construct Tensors from serialized_sparse[{i}]"
        ) from None


def _deserialize_row(row, i, dtype):
    (indices, _), (values, got), (shape, _) = (_parse(row[k], i) for k in range(3))
    if indices.ndim != 2:
        raise _error(
            f"Expected serialized_sparse[{i}, 0] to represent an index matrix but received "
            f"shape {list(indices.shape)}"
        )
    if values.ndim != 1:
        raise _error(
            f"Expected serialized_sparse[{i}, 1] to represent a values vector but received "
            f"shape {list(values.shape)}"
        )
    if shape.ndim != 1:
        raise _error(
            f"Expected serialized_sparse[{i}, 2] to be a shape vector but its shape is "
            f"{list(shape.shape)}"
        )
    if got != dtype:
        raise _error(
            f"Requested SparseTensor of type {dtype._tf_name} but SparseTensor[{i}]"
            f".values.dtype() == {got._tf_name}"
        )
    if len(indices) != len(values):
        raise _error(
            f"Expected row counts of SparseTensor[{i}].indices and SparseTensor[{i}].values "
            f"to match but they do not: {len(indices)} vs. {len(values)}"
        )
    if indices.shape[1] != len(shape):
        raise _error(
            f"Expected column counts of SparseTensor[{i}].indices to match size of "
            f"SparseTensor[{i}].shape but they do not: {indices.shape[1]} vs. {len(shape)}"
        )
    return indices, values, shape


@register_op
class DeserializeManySparse(OpDef):
    """[N, 3] serialized SparseTensors stacked into one, with a new first dimension N; the
    other dimensions are the largest among the N."""

    inputs = ("serialized_sparse",)
    type_inputs = ()
    attrs = {"dtype": None}

    def infer(serialized, *, dtype):
        columns = shape_util.with_rank(serialized.shape, 2).as_list()[1]
        if columns not in (None, 3):
            raise ShapeError(f"Dimension must be 3 but is {columns}")
        return [
            TensorSpec([None, None], D.int64),
            TensorSpec([None], D.as_dtype(dtype)),
            TensorSpec([None], D.int64),
        ]

    def kernel(xp, serialized, *, dtype):
        serialized, dtype = np.asarray(serialized, object), D.as_dtype(dtype)
        if serialized.ndim != 2 or serialized.shape[1] != 3:
            what = "be a matrix" if serialized.ndim != 2 else "have 3 columns"
            raise _error(
                f"Serialized sparse should {what} but received shape {list(serialized.shape)}"
            )
        if not len(serialized):
            raise _error("Must have at least 1 serialized SparseTensor, but has a shape of [0,3]")
        rows = [_deserialize_row(row, i, dtype) for i, row in enumerate(serialized)]
        rank = len(rows[0][2])
        for i, (_, _, shape) in enumerate(rows):
            if len(shape) != rank:
                raise _error(
                    f"Inconsistent rank across SparseTensors: rank prior to SparseTensor[{i}] "
                    f"was: {rank} but rank of SparseTensor[{i}] is: {len(shape)}"
                )
        indices = np.concatenate(
            [np.insert(ind.reshape(-1, rank), 0, i, axis=1) for i, (ind, _, _) in enumerate(rows)]
        ).astype(np.int64)
        values = np.concatenate([v for _, v, _ in rows])
        shape = np.concatenate([[len(rows)], np.max([s for _, _, s in rows], axis=0)])
        return [
            indices,
            values if dtype == D.string else values.astype(dtype.as_numpy_dtype),
            shape.astype(np.int64),
        ]


for _name in ("SerializeSparse", "SerializeManySparse", "DeserializeManySparse"):
    NotDifferentiable(_name)


def _sparse(sp_input):
    if isinstance(sp_input, SparseTensorValue):
        return SparseTensor.from_value(sp_input)
    if not isinstance(sp_input, SparseTensor):
        raise TypeError("Input must be a SparseTensor.")
    return sp_input


def serialize_sparse(sp_input, name=None, out_type=D.string):
    """`sp_input` as a [3] string tensor: its indices, values and dense_shape serialized."""
    sp = _sparse(sp_input)
    return SerializeSparse.apply(
        sp.indices, sp.values, sp.dense_shape, out_type=D.as_dtype(out_type), name=name
    )


def serialize_many_sparse(sp_input, name=None, out_type=D.string):
    """A rank >= 2 `sp_input` as [N, 3] strings, one serialized SparseTensor per row."""
    sp = _sparse(sp_input)
    return SerializeManySparse.apply(
        sp.indices, sp.values, sp.dense_shape, out_type=D.as_dtype(out_type), name=name
    )


def deserialize_many_sparse(serialized_sparse, dtype, rank=None, name=None):
    """[N, 3] serialized SparseTensors (of `dtype`) as one SparseTensor with first dim N."""
    with name_scope(name, "DeserializeManySparse", [serialized_sparse]) as scope:
        indices, values, shape = DeserializeManySparse.apply(
            strings(serialized_sparse, "serialized_sparse"), dtype=D.as_dtype(dtype), name=scope
        )
        indices.set_shape([None, rank])
        shape.set_shape([rank])
        return SparseTensor(indices, values, shape)

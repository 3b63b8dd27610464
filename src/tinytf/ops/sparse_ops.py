"""SparseTensor (indices, values, dense_shape), its placeholder, and the ops that use it."""

import collections

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import OpDef, TensorSpec, convert_to_tensor, name_scope, register_op
from tinytf.framework.tensor_shape import TensorShape, unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.array_ops import placeholder

SparseTensorValue = collections.namedtuple(
    "SparseTensorValue", ["indices", "values", "dense_shape"]
)


class SparseTensor:
    """A sparse tensor: int64 `indices` [N, rank], `values` [N] and int64 `dense_shape` [rank].

    >>> st = tf.SparseTensor(indices=[[0, 3], [2, 1]], values=[1.0, 5.0], dense_shape=[3, 4])
    """

    def __init__(self, indices, values, dense_shape):
        self._indices = convert_to_tensor(indices, name="indices", dtype=D.int64)
        self._values = convert_to_tensor(values, name="values")
        self._dense_shape = convert_to_tensor(dense_shape, name="dense_shape", dtype=D.int64)
        shape_util.with_rank(self._indices.shape, 2)
        shape_util.with_rank(self._values.shape, 1)
        shape_util.with_rank(self._dense_shape.shape, 1)

    indices = property(lambda self: self._indices)
    values = property(lambda self: self._values)
    dense_shape = property(lambda self: self._dense_shape)
    dtype = property(lambda self: self._values.dtype)
    graph = property(lambda self: self._indices.graph)
    op = property(lambda self: self._values.op)

    @property
    def shape(self):
        return shape_util.constant_value_as_shape(self._dense_shape)

    def get_shape(self):
        return self.shape

    def eval(self, feed_dict=None, session=None):
        from tinytf.client.session import _eval_using_default_session

        return _eval_using_default_session(self, feed_dict, self.graph, session)

    def _feed_parts(self):
        return [self._indices, self._values, self._dense_shape]

    def _fetch_parts(self):
        return self._feed_parts(), SparseTensorValue

    def __repr__(self):
        return (
            f"SparseTensor(indices={self._indices}, values={self._values}, "
            f"dense_shape={self._dense_shape})"
        )

    def __mul__(self, y):
        from tinytf.ops import sparse_math_ops as sm

        return sm.sparse_dense_cwise(self, y, sm.SparseDenseCwiseMul, "mul")

    def __truediv__(self, y):
        from tinytf.ops import sparse_math_ops as sm

        return sm.sparse_dense_cwise(self, y, sm.SparseDenseCwiseDiv, "truediv")

    __div__ = __truediv__

    @classmethod
    def from_value(cls, value):
        return cls(value.indices, value.values, value.dense_shape)


def _check_indices(indices, shape, ordered=True):
    """TF's SparseTensor::IndicesValid: in bounds and, when `ordered`, row-major without repeats."""
    dims = f"[{','.join(str(d) for d in shape)}]"
    previous = None
    for k, index in enumerate(indices.tolist()):
        text = f"indices[{k}] = [{','.join(str(i) for i in index)}]"
        if any(i < 0 or i >= n for i, n in zip(index, shape)):
            message = f"{text} is out of bounds: need 0 <= index < {dims}"
            raise InvalidArgumentError(None, None, message)
        if ordered and previous is not None and index <= previous:
            if index == previous:
                raise InvalidArgumentError(None, None, f"{text} is repeated")
            raise InvalidArgumentError(
                None,
                None,
                f"{text} is out of order. Many sparse ops require sorted indices.\n"
                "    Use `tf.sparse.reorder` to create a correctly ordered copy.\n\n",
            )
        previous = index


@register_op
class SparseToDense(OpDef):
    """The dense tensor with `sparse_values` at `sparse_indices`, `default_value` elsewhere."""

    inputs = ("sparse_indices", "output_shape", "sparse_values", "default_value")
    type_inputs = ("sparse_values", "default_value")
    attrs = {"validate_indices": True}

    def infer(indices, output_shape, values, default_value, *, validate_indices):
        return TensorSpec(shape_util.constant_value_as_shape(output_shape), values.dtype)

    def kernel(xp, indices, output_shape, values, default_value, *, validate_indices):
        shape = tuple(int(d) for d in output_shape.tolist())
        if np.ndim(indices) < 2:  # a scalar index, or one index per value of a 1-D output
            indices = np.reshape(indices, (-1, 1))
        _check_indices(indices, shape, ordered=validate_indices)
        out = xp.full(shape, default_value, dtype=xp.asarray(default_value).dtype)
        out[tuple(indices.T)] = values
        return out

    def grad(op, dy):
        from tinytf.ops import array_ops, reduction_ops, sequence_ops

        indices, output_shape = op.inputs[:2]
        values_grad = sequence_ops.gather_nd(dy, indices)
        default_grad = reduction_ops.reduce_sum(dy) - reduction_ops.reduce_sum(values_grad)
        return [
            array_ops.zeros_like(indices),
            array_ops.zeros_like(output_shape),
            values_grad,
            default_grad,
        ]


@register_op
class SparseTensorDenseMatMul(OpDef):
    """A sparse matrix (indices, values, shape) times a dense matrix b."""

    inputs = ("a_indices", "a_values", "a_shape", "b")
    type_inputs = ("a_values", "b")
    attrs = {"adjoint_a": False, "adjoint_b": False}

    def infer(a_indices, a_values, a_shape, b, *, adjoint_a, adjoint_b):
        a = shape_util.constant_value_as_shape(a_shape)
        bdims = shape_util.with_rank(b.shape, 2).as_list()
        if a.ndims is None:
            a = unknown_shape(2)
        rows, inner = a.as_list()[::-1] if adjoint_a else a.as_list()
        inner2, cols = bdims[::-1] if adjoint_b else bdims
        shape_util.merge_dim(inner, inner2)
        return TensorSpec(TensorShape([rows, cols]), b.dtype)

    def kernel(xp, a_indices, a_values, a_shape, b, *, adjoint_a, adjoint_b):
        rows, cols = a_indices[:, 0], a_indices[:, 1]
        n_rows = int(a_shape[0])
        if adjoint_a:
            rows, cols, a_values, n_rows = cols, rows, xp.conj(a_values), int(a_shape[1])
        if adjoint_b:
            b = xp.conj(b.T)
        _check_indices(np.stack([rows, cols], 1), (n_rows, b.shape[0]), ordered=False)
        out = xp.zeros((n_rows, b.shape[1]), dtype=b.dtype)
        np.add.at(out, rows, a_values[:, None] * b[cols])
        return out

    def grad(op, dy):
        from tinytf.ops import array_ops, indexing_ops, reduction_ops

        a_indices, a_values, a_shape, b = op.inputs
        adj_a, adj_b = op.get_attr("adjoint_a"), op.get_attr("adjoint_b")
        if a_values.dtype.base_dtype.is_complex:
            raise NotImplementedError(
                "SparseTensorDenseMatMul op does not support complex gradients."
            )
        b_grad = SparseTensorDenseMatMul.apply(
            a_indices, a_values, a_shape, dy, adjoint_a=not adj_a, adjoint_b=False
        )
        if adj_b:
            b_grad = array_ops.transpose(b_grad)
        rows, cols = a_indices[:, 0], a_indices[:, 1]
        parts_a = indexing_ops.gather(dy, cols if adj_a else rows)
        parts_b = indexing_ops.gather(
            array_ops.transpose(b) if adj_b else b, rows if adj_a else cols
        )
        return None, reduction_ops.reduce_sum(parts_a * parts_b, axis=1), None, b_grad


def sparse_placeholder(dtype, shape=None, name=None):
    """A SparseTensor made of placeholders; feed it a SparseTensorValue (or a tuple)."""
    rank = None
    if shape is not None and not hasattr(shape, "op"):
        rank = len(shape)
        if None not in list(shape):
            dense_shape = convert_to_tensor(list(shape), dtype=D.int64, name=_part(name, "shape"))
        else:
            dense_shape = placeholder(D.int64, [rank], name=_part(name, "shape"))
    else:
        dense_shape = placeholder(D.int64, [None], name=_part(name, "shape"))
    return SparseTensor(
        values=placeholder(dtype, [None], name=_part(name, "values")),
        indices=placeholder(D.int64, [None, rank], name=_part(name, "indices")),
        dense_shape=dense_shape,
    )


def _part(name, suffix):
    return None if name is None else f"{name}/{suffix}"


def sparse_tensor_to_dense(sp_input, default_value=0, validate_indices=True, name=None):
    """The dense tensor of `sp_input` (default_value where nothing is stored)."""
    with name_scope(name, "SparseToDense", [sp_input]) as scope:
        default = convert_to_tensor(default_value, dtype=sp_input.dtype.base_dtype)
        return SparseToDense.apply(
            sp_input.indices,
            sp_input.dense_shape,
            sp_input.values,
            default,
            name=scope,
            validate_indices=validate_indices,
        )


def sparse_to_dense(
    sparse_indices, output_shape, sparse_values, default_value=0, validate_indices=True, name=None
):
    """The dense tensor of shape `output_shape` with `sparse_values` at `sparse_indices`."""
    with name_scope(name, "SparseToDense", [sparse_indices, sparse_values]) as scope:
        values = convert_to_tensor(sparse_values, name="sparse_values")
        default = convert_to_tensor(default_value, dtype=values.dtype.base_dtype)
        return SparseToDense.apply(
            sparse_indices,
            output_shape,
            values,
            default,
            name=scope,
            validate_indices=validate_indices,
        )


def sparse_tensor_dense_matmul(sp_a, b, adjoint_a=False, adjoint_b=False, name=None):
    """sp_a @ b for a rank-2 SparseTensor sp_a and a dense matrix b."""
    with name_scope(name, "SparseTensorDenseMatMul", [sp_a, b]) as scope:
        b = convert_to_tensor(b, name="b", dtype_hint=sp_a.dtype.base_dtype)
        return SparseTensorDenseMatMul.apply(
            sp_a.indices,
            sp_a.values,
            sp_a.dense_shape,
            b,
            name=scope,
            adjoint_a=adjoint_a,
            adjoint_b=adjoint_b,
        )


# -- helpers of the sparse op modules ---------------------------------------------------------
SPARSE_TYPES = (SparseTensor, SparseTensorValue)


def sparse_error(message):
    return InvalidArgumentError(None, None, message)


def as_sparse(value):
    """A SparseTensor from a SparseTensor or a SparseTensorValue; TypeError otherwise."""
    if isinstance(value, SparseTensorValue):
        return SparseTensor.from_value(value)
    if not isinstance(value, SparseTensor):
        raise TypeError(f"Input must be a SparseTensor, got {type(value).__name__}")
    return value


def rank_of(shape_spec):
    """The static rank of a SparseTensor from the spec of its dense_shape input."""
    return shape_spec.shape[0].value if shape_spec.shape.ndims == 1 else None


def sparse_specs(rank, dtype):
    return [
        TensorSpec(TensorShape([None, rank]), D.int64),
        TensorSpec(TensorShape([None]), dtype),
        TensorSpec(TensorShape([rank]), D.int64),
    ]


def row_major_order(indices):
    """The stable permutation that sorts index rows in row-major order."""
    if len(indices) == 0 or indices.shape[1] == 0:
        return np.arange(len(indices))
    return np.lexsort(indices.T[::-1])


def rows_repeat(indices):
    """For sorted rows: True where a row equals the one before it."""
    same = np.zeros(len(indices), bool)
    if len(indices) > 1:
        same[1:] = np.all(indices[1:] == indices[:-1], axis=1)
    return same


def check_same_shape(a_shape, b_shape):
    if len(a_shape) != len(b_shape):
        raise sparse_error(
            f"Operands do not have the same ranks; got shapes: [{','.join(map(str, a_shape))}]"
            f" and [{','.join(map(str, b_shape))}]"
        )
    for d, (m, n) in enumerate(zip(a_shape.tolist(), b_shape.tolist())):
        if m != n:
            raise sparse_error(f"Operands' shapes do not match: got {m} and {n} for dimension {d}")


def positions_in(rows, table):
    """Where each index row of `rows` is in `table` (both [N, rank]); -1 where absent."""
    lookup = {tuple(r): k for k, r in enumerate(table.tolist())}
    return np.array([lookup.get(tuple(r), -1) for r in rows.tolist()], np.int64)

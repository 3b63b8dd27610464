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

    @classmethod
    def from_value(cls, value):
        return cls(value.indices, value.values, value.dense_shape)


def _check_indices(indices, shape, ordered=True):
    for k, index in enumerate(indices.tolist()):
        if any(i < 0 or i >= n for i, n in zip(index, shape)):
            raise InvalidArgumentError(
                None,
                None,
                f"indices[{k}] = {index} is out of bounds: need 0 <= index < {list(shape)}",
            )
        if ordered and k and tuple(index) <= tuple(indices[k - 1].tolist()):
            word = "repeated" if tuple(index) == tuple(indices[k - 1].tolist()) else "out of order"
            raise InvalidArgumentError(None, None, f"indices[{k}] = {index} is {word}")


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
        indices = (
            np.reshape(indices, (len(indices), -1))
            if np.ndim(indices)
            else np.reshape(indices, (1, 1))
        )
        _check_indices(indices, shape, ordered=validate_indices)
        out = xp.full(shape, default_value, dtype=xp.asarray(default_value).dtype)
        out[tuple(indices.T)] = values
        return out


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

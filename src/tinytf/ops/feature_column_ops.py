"""The two ops TF 1.15's feature columns build that no other family has: Bucketize (the
bucketized column) and SparseCross (the crossed column), with the wrappers feature_column.py
uses (`bucketize`, `sparse_cross_hashed`)."""

import itertools

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.graph import graph_of
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    register_op,
)
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import math_ops
from tinytf.ops.sparse_ops import SparseTensor
from tinytf.ops.string_ops import _fingerprint64

_MASK = (1 << 64) - 1
_K_MUL = 0xC6A4A7935BD1E995
_INT64_MAX = (1 << 63) - 1


@register_op
class Bucketize(OpDef):
    """The index of the bucket each value falls in: the count of `boundaries` <= the value."""

    inputs = ("input",)
    attrs = {"boundaries": None}
    allowed = frozenset({D.int32, D.int64, D.float32, D.float64})

    def infer(x, *, boundaries):
        return TensorSpec(x.shape, D.int32)

    def kernel(xp, x, *, boundaries):
        edges = np.asarray(boundaries, np.float64)
        return np.searchsorted(edges, np.asarray(x, np.float64), side="right").astype(np.int32)


NotDifferentiable("Bucketize")


def bucketize(input, boundaries, name=None):  # noqa: A002 - TF's name
    """Bucket ids (int32) of `input` against the sorted float `boundaries`."""
    return Bucketize.apply(input, boundaries=[float(b) for b in boundaries], name=name)


def _shift_mix(v):
    return v ^ (v >> 47)


def _fingerprint_cat64(fp1, fp2):
    """TF's FingerprintCat64 (tensorflow/core/platform/fingerprint.h) on uint64s."""
    result = fp1 ^ _K_MUL
    result ^= (_shift_mix((fp2 * _K_MUL) & _MASK) * _K_MUL) & _MASK
    result = (result * _K_MUL) & _MASK
    result = (_shift_mix(result) * _K_MUL) & _MASK
    return _shift_mix(result)


def _hash_feature(value):
    if isinstance(value, (bytes, str)):
        return _fingerprint64(value if isinstance(value, bytes) else value.encode())
    return int(value) & _MASK


def _string_feature(value):
    if isinstance(value, bytes):
        return value
    return str(value).encode() if not isinstance(value, str) else value.encode()


def _row_features(indices, values, shapes, dense):
    """Per input column, per batch row, the list of that row's feature values (sparse inputs
    first, then dense ones: TF's kernel orders its columns so)."""
    batches = {int(s[0]) for s in shapes} | {int(d.shape[0]) for d in dense}
    if len(batches) > 1:
        raise InvalidArgumentError(
            None, None, f"Expected batch size {sorted(batches)[0]} got {sorted(batches)[-1]}"
        )
    batch = batches.pop()
    columns = []
    for index, value in zip(indices, values):
        rows = [[] for _ in range(batch)]
        for row, v in zip(index[:, 0].tolist(), value.tolist()):
            rows[row].append(v)
        columns.append(rows)
    for d in dense:
        columns.append([list(d[r].tolist()) for r in range(batch)])
    return batch, columns


@register_op
class SparseCross(OpDef):
    """The cross product of the features of each row of sparse and dense inputs: hashed with
    FingerprintCat64 (hashed_output) or joined with "_X_"."""

    inputs = ("indices*", "values*", "shapes*", "dense_inputs*")
    type_inputs = ()
    attrs = {
        "N": None,
        "hashed_output": None,
        "num_buckets": None,
        "hash_key": None,
        "sparse_types": None,
        "dense_types": None,
        "out_type": None,
        "internal_type": None,
    }

    @classmethod
    def apply(cls, indices, values, shapes, dense_inputs, name=None, **attrs):
        """As OpDef.apply, but any of the four lists may be empty (TF's N >= 0)."""
        flat = [*indices, *values, *shapes, *dense_inputs]
        g = graph_of(flat)
        with g.as_default(), g.name_scope(name or cls.type_name) as scope:
            tensors = [convert_to_tensor(t) for t in flat]
            op = g._create_op(cls, tensors, {**cls.attrs, **attrs}, scope)
        return op.outputs

    def infer(*args, N, out_type, **attrs):
        return [
            TensorSpec(TensorShape([None, 2]), D.int64),
            TensorSpec(TensorShape([None]), D.as_dtype(out_type)),
            TensorSpec(TensorShape([2]), D.int64),
        ]

    def kernel(xp, *args, N, hashed_output, num_buckets, hash_key, out_type, **attrs):
        indices, values, shapes = args[:N], args[N : 2 * N], args[2 * N : 3 * N]
        batch, columns = _row_features(indices, values, shapes, args[3 * N :])
        out_index, out_values, widest = [], [], 0
        for row in range(batch):
            crosses = itertools.product(*(c[row] for c in columns))
            for k, combo in enumerate(crosses):
                out_index.append((row, k))
                out_values.append(_cross(combo, hashed_output, num_buckets, hash_key))
                widest = max(widest, k + 1)
        out_dtype = np.int64 if hashed_output else object
        return (
            np.asarray(out_index, np.int64).reshape(-1, 2),
            np.asarray(out_values, out_dtype).reshape(-1),
            np.asarray([batch, widest], np.int64),
        )


def _cross(combo, hashed_output, num_buckets, hash_key):
    if not hashed_output:
        return b"_X_".join(_string_feature(v) for v in combo)
    hashed = hash_key & _MASK
    for v in combo:
        hashed = _fingerprint_cat64(hashed, _hash_feature(v))
    hashed %= num_buckets if num_buckets > 0 else _INT64_MAX
    return hashed - (1 << 64) if hashed > _INT64_MAX else hashed


NotDifferentiable("SparseCross")


def _sparse_cross(inputs, hashed_output, num_buckets, hash_key, name):
    if not isinstance(inputs, list):
        raise TypeError("Inputs must be a list")
    sparse = [i for i in inputs if isinstance(i, SparseTensor)]
    dense = [convert_to_tensor(i) for i in inputs if not isinstance(i, SparseTensor)]
    values = [s.values for s in sparse]
    internal = D.string
    for group in (values, dense):
        for k, t in enumerate(group):
            if t.dtype != D.string:
                group[k] = math_ops.cast(t, D.int64)
                internal = D.int64
    out_type = D.int64 if hashed_output else D.string
    indices, out_values, shape = SparseCross.apply(
        [s.indices for s in sparse],
        values,
        [s.dense_shape for s in sparse],
        dense,
        N=len(sparse),
        hashed_output=hashed_output,
        num_buckets=num_buckets,
        hash_key=hash_key,
        sparse_types=[t.dtype for t in values],
        dense_types=[t.dtype for t in dense],
        out_type=out_type,
        internal_type=internal,
        name=name,
    )
    return SparseTensor(indices, out_values, shape)


_DEFAULT_HASH_KEY = 0xDECAFCAFFE


def sparse_cross_hashed(inputs, num_buckets=0, hash_key=None, name=None):
    """The hashed cross of `inputs` (SparseTensors and dense Tensors), ids in [0, num_buckets)."""
    key = _DEFAULT_HASH_KEY if hash_key is None else hash_key
    return _sparse_cross(inputs, True, num_buckets, key, name)


def sparse_cross(inputs, name=None):
    """The string cross of `inputs`: each combination joined with "_X_"."""
    return _sparse_cross(inputs, False, 0, 0, name)

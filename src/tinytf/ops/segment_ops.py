"""Segment reductions: segment_* (sorted ids), unsorted_segment_* and sparse_segment_*, with
TF 1.15's kernels' edge values (empty segments: 0, or the dtype's lowest/highest value for the
unsorted max/min) and errors, and math_grad.py's gradients."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.framework.tensor_shape import unknown_shape
from tinytf.ops import array_ops, math_ops, shape_util
from tinytf.ops.indexing_ops import INDEX, gather

# How each reduction combines rows, and what an empty segment holds.
_UFUNC = {"sum": np.add, "prod": np.multiply, "max": np.maximum, "min": np.minimum}


def _empty_value(kind, dtype):
    if kind == "prod":
        return 1
    if kind == "sum":
        return 0
    info = np.finfo(dtype) if np.dtype(dtype).kind in "fc" else np.iinfo(dtype)
    return info.min if kind == "max" else info.max


def _reduce(xp, rows, ids, n, kind, sorted_ids=False):
    """rows[i] combined into out[ids[i]]; ids < 0 are dropped."""
    out = xp.full((n,) + rows.shape[1:], _empty_value(kind, rows.dtype), rows.dtype)
    keep = ids >= 0
    _UFUNC[kind].at(out, ids[keep], rows[keep])
    if sorted_ids and kind in ("max", "min"):
        counts = np.bincount(ids, minlength=n)
        out[counts == 0] = 0  # the sorted kernels zero empty segments
    return out


def _check_sorted(ids):
    if ids.size and ids[0] < 0:
        raise InvalidArgumentError(
            None,
            None,
            f"Segment id {ids[0]} out of range [0, {ids[-1] + 1}), possibly because "
            "'segment_ids' input is not sorted.",
        )
    if ids.size > 1 and np.any(ids[1:] < ids[:-1]):
        raise InvalidArgumentError(None, None, "segment ids are not increasing")


def _rows_after(data, ids):
    """The static shape of data's dims after the segment-id dims, or None."""
    if data.shape.ndims is None or ids.shape.ndims is None:
        return None
    shape_util.merge_pair(data.shape[: ids.shape.ndims], ids.shape)
    return data.shape[ids.shape.ndims :].as_list()


# -- sorted segments -----------------------------------------------------------------------------
class _Segment(OpDef):
    inputs = ("data", "segment_ids")
    type_inputs = ("data",)
    allowed = D.NUMBERS
    kind = None

    @classmethod
    def infer(cls, data, segment_ids):
        shape_util.with_rank(segment_ids.shape, 1)
        _check_index_dtype(cls, segment_ids)
        rest = _rows_after(data, segment_ids)
        return TensorSpec(unknown_shape() if rest is None else [None] + rest, data.dtype)

    @classmethod
    def kernel(cls, xp, data, segment_ids):
        ids = np.asarray(segment_ids)
        if ids.shape[0] != data.shape[0]:
            raise InvalidArgumentError(
                None, None, "segment_ids should be the same size as dimension 0 of input."
            )
        _check_sorted(ids)
        n = int(ids[-1]) + 1 if ids.size else 0
        if cls.kind == "mean":
            total = _reduce(xp, data, ids, n, "sum", True)
            counts = np.bincount(ids, minlength=n).reshape((n,) + (1,) * (data.ndim - 1))
            return (total / np.maximum(counts, 1)).astype(data.dtype)
        return _reduce(xp, data, ids, n, cls.kind, True)


def _check_index_dtype(cls, ids):
    if ids.dtype.base_dtype not in INDEX:
        raise TypeError(
            f"Value passed to parameter 'segment_ids' has DataType {ids.dtype.base_dtype.name} "
            "not in list of allowed values: int32, int64"
        )


@register_op
class SegmentSum(_Segment):
    """Sums of the rows of `data` in each segment of the sorted `segment_ids`."""

    kind = "sum"

    def grad(op, dy):
        return gather(dy, op.inputs[1]), None


@register_op
class SegmentProd(_Segment):
    """Products of the rows of `data` in each segment (sorted ids)."""

    kind = "prod"


@register_op
class SegmentMean(_Segment):
    """Means of the rows of `data` in each segment (sorted ids)."""

    kind = "mean"

    def grad(op, dy):
        data, ids = op.inputs
        ones_shape = array_ops.concat(
            [array_ops.shape(ids), array_ops.ones_like(array_ops.shape(data))[1:]], 0
        )
        ones = array_ops.fill(ones_shape, math_ops.cast(1, dy.dtype))
        return gather(dy / segment_sum(ones, ids), ids), None


def _min_or_max_grad(op, dy):
    """The gradient goes to the rows equal to their segment's extreme, split among ties."""
    data, ids = op.inputs[0], op.inputs[1]
    gathered_out = gather(op.outputs[0], ids)
    selected = math_ops.equal(data, gathered_out)
    count = segment_sum(math_ops.cast(selected, dy.dtype), ids)
    picked = gather(dy / count, ids)
    return math_ops.where(selected, picked, array_ops.zeros_like(data)), None


@register_op
class SegmentMax(_Segment):
    """Maxima of the rows of `data` in each segment (sorted ids; an empty segment gives 0)."""

    allowed = D.REAL_NUMBERS
    kind = "max"
    grad = _min_or_max_grad


@register_op
class SegmentMin(_Segment):
    """Minima of the rows of `data` in each segment (sorted ids; an empty segment gives 0)."""

    allowed = D.REAL_NUMBERS
    kind = "min"
    grad = _min_or_max_grad


# -- unsorted segments ---------------------------------------------------------------------------
class _UnsortedSegment(OpDef):
    inputs = ("data", "segment_ids", "num_segments")
    type_inputs = ("data",)
    allowed = D.REAL_NUMBERS
    kind = None

    def infer(data, segment_ids, num_segments):
        n = shape_util.constant_value(num_segments)
        rest = _rows_after(data, segment_ids)
        if rest is None:
            return TensorSpec(unknown_shape(), data.dtype)
        return TensorSpec([None if n is None else int(n)] + rest, data.dtype)

    @classmethod
    def kernel(cls, xp, data, segment_ids, num_segments):
        ids = np.reshape(segment_ids, -1)
        n = int(num_segments)
        bad = np.flatnonzero(ids >= n)
        if bad.size:
            k = int(bad[0])
            raise InvalidArgumentError(
                None, None, f"segment_ids[{k}] = {ids[k]} is out of range [0, {n})"
            )
        rows = np.reshape(data, (ids.size,) + data.shape[np.ndim(segment_ids) :])
        return _reduce(xp, rows, ids, n, cls.kind)


def _gather_drop_negatives(params, ids, clipped=None, is_positive=None):
    """gather(params, ids) with zero rows where ids < 0 (TF's _GatherDropNegatives)."""
    if clipped is None:
        clipped = math_ops.maximum(ids, array_ops.zeros_like(ids))
    gathered = gather(params, clipped)
    if is_positive is None:
        is_positive = math_ops.greater_equal(ids, 0)
        pos_shape = array_ops.shape(is_positive)
        extra = array_ops.ones(
            array_ops.expand_dims(array_ops.rank(gathered) - array_ops.rank(is_positive), 0),
            dtype=pos_shape.dtype,
        )
        is_positive = array_ops.reshape(is_positive, array_ops.concat([pos_shape, extra], 0))
        is_positive = math_ops.logical_and(is_positive, array_ops.ones_like(gathered, dtype=D.bool))
    zero = array_ops.zeros_like(gathered)
    return math_ops.where(is_positive, gathered, zero), clipped, is_positive


@register_op
class UnsortedSegmentSum(_UnsortedSegment):
    """Sums of the slices of `data` per segment id (ids < 0 dropped; an empty segment: 0)."""

    allowed = D.NUMBERS
    kind = "sum"

    def grad(op, dy):
        return _gather_drop_negatives(dy, op.inputs[1])[0], None, None


def _unsorted_min_or_max_grad(op, dy):
    data, ids, n = op.inputs
    gathered_out, clipped, is_positive = _gather_drop_negatives(op.outputs[0], ids)
    selected = math_ops.logical_and(math_ops.equal(data, gathered_out), is_positive)
    count = unsorted_segment_sum(math_ops.cast(selected, dy.dtype), ids, n)
    picked = _gather_drop_negatives(dy / count, ids, clipped, is_positive)[0]
    return math_ops.where(selected, picked, array_ops.zeros_like(picked)), None, None


@register_op
class UnsortedSegmentMax(_UnsortedSegment):
    """Maxima of the rows of `data` per segment id (an empty segment: the dtype's lowest)."""

    kind = "max"
    grad = _unsorted_min_or_max_grad


@register_op
class UnsortedSegmentMin(_UnsortedSegment):
    """Minima of the rows of `data` per segment id (an empty segment: the dtype's highest)."""

    kind = "min"
    grad = _unsorted_min_or_max_grad


@register_op
class UnsortedSegmentProd(_UnsortedSegment):
    """Products of the rows of `data` per segment id (an empty segment: 1)."""

    allowed = D.NUMBERS
    kind = "prod"

    def grad(op, dy):
        # TF's rule: a segment with two zeros has zero gradient; with one zero, only the zero
        # gets the product of the others.
        data, ids, n = op.inputs
        is_zero = math_ops.equal(data, 0)
        num_zeros = unsorted_segment_sum(math_ops.cast(is_zero, D.int32), ids, n)
        dy = math_ops.where(math_ops.greater(num_zeros, 1), array_ops.zeros_like(dy), dy)
        non_zero = math_ops.where(is_zero, array_ops.ones_like(data), data)
        non_zero_prod = unsorted_segment_prod(non_zero, ids, n)
        clipped = math_ops.maximum(ids, array_ops.zeros_like(ids))
        prod_by_el = gather(op.outputs[0], clipped) / math_ops.where(
            is_zero, array_ops.ones_like(data), data
        )
        partial = math_ops.where(is_zero, gather(non_zero_prod, clipped), prod_by_el)
        return _gather_drop_negatives(dy, ids, clipped)[0] * partial, None, None


# -- sparse segments -----------------------------------------------------------------------------
class _SparseSegment(OpDef):
    inputs = ("data", "indices", "segment_ids")
    type_inputs = ("data",)
    allowed = frozenset({D.float32, D.float64})
    kind = None

    @classmethod
    def infer(cls, data, indices, segment_ids, num_segments=None):
        if segment_ids.dtype.base_dtype != D.int32:
            raise TypeError(
                f"Input 'segment_ids' of '{cls.type_name}' Op has type "
                f"{segment_ids.dtype.base_dtype.name} that does not match expected type of int32."
            )
        shape_util.with_rank(indices.shape, 1)
        shape_util.with_rank(segment_ids.shape, 1)
        shape_util.merge_pair(indices.shape, segment_ids.shape)
        n = None if num_segments is None else shape_util.constant_value(num_segments)
        if data.shape.ndims is None:
            return TensorSpec(unknown_shape(), data.dtype)
        rows = None if n is None else int(n)
        return TensorSpec([rows] + data.shape.as_list()[1:], data.dtype)

    @classmethod
    def kernel(cls, xp, data, indices, segment_ids, num_segments=None):
        idx, ids = np.asarray(indices), np.asarray(segment_ids)
        _check_rows(idx, data.shape[0])
        if ids.size > 1 and np.any(ids[1:] < ids[:-1]):
            raise InvalidArgumentError(None, None, "segment ids are not increasing")
        n = (int(ids[-1]) + 1 if ids.size else 0) if num_segments is None else int(num_segments)
        if ids.size and (ids[0] < 0 or ids[-1] >= n):
            bad = ids[0] if ids[0] < 0 else ids[-1]
            raise InvalidArgumentError(None, None, f"Segment id {bad} out of range [0, {n}).")
        out = _reduce(xp, data[idx], ids, n, "sum", True)
        return out if cls.kind == "sum" else out / _weights(cls.kind, ids, n, data)


def _check_rows(idx, n):
    bad = np.flatnonzero((idx < 0) | (idx >= n))
    if bad.size:
        k = int(bad[0])
        raise InvalidArgumentError(
            None, None, f"Bad: indices[{k}] == {idx[k]} out of range [0, {n})"
        )


def _weights(kind, ids, n, like):
    """Per-segment divisors (1 for sum; the count, or its root, floored at 1)."""
    shape = (n,) + (1,) * (like.ndim - 1)
    if kind == "sum":
        return np.ones(shape, like.dtype)
    counts = np.maximum(np.bincount(ids, minlength=n), 1).astype(like.dtype).reshape(shape)
    return counts if kind == "mean" else np.sqrt(counts)


def _sparse_sum_grad(op, dy):
    data, indices, ids = op.inputs[:3]
    rows = array_ops.shape(data)[0]
    grads = (unsorted_segment_sum(gather(dy, ids), indices, rows), None, None)
    return grads + (None,) * (len(op.inputs) - 3)


def _sparse_scaled_grad(grad_op):
    def grad(op, dy):
        data, indices, ids = op.inputs[:3]
        dim0 = array_ops.shape(data)[0]
        g = grad_op.apply(dy, indices, ids, dim0)
        return (g, None, None) + (None,) * (len(op.inputs) - 3)

    return grad


class _SparseSegmentGrad(OpDef):
    inputs = ("grad", "indices", "segment_ids", "output_dim0")
    type_inputs = ("grad",)
    allowed = frozenset({D.float32, D.float64})
    kind = None

    def infer(grad, indices, segment_ids, output_dim0):
        n = shape_util.constant_value(output_dim0)
        if grad.shape.ndims is None:
            return TensorSpec(unknown_shape(), grad.dtype)
        return TensorSpec([None if n is None else int(n)] + grad.shape.as_list()[1:], grad.dtype)

    @classmethod
    def kernel(cls, xp, grad, indices, segment_ids, output_dim0):
        idx, ids = np.asarray(indices), np.asarray(segment_ids)
        scaled = grad / _weights(cls.kind, ids, grad.shape[0], grad)
        out = xp.zeros((int(output_dim0),) + grad.shape[1:], grad.dtype)
        np.add.at(out, idx, scaled[ids])
        return out


@register_op
class SparseSegmentMeanGrad(_SparseSegmentGrad):
    """The gradient of SparseSegmentMean."""

    kind = "mean"


@register_op
class SparseSegmentSqrtNGrad(_SparseSegmentGrad):
    """The gradient of SparseSegmentSqrtN."""

    kind = "sqrt_n"


def _sparse_op(name, kind, grad, with_num):
    bases = (_SparseSegment,)
    body = {"kind": kind, "grad": grad, "__doc__": f"Sparse segment {kind} of rows of data."}
    if kind == "sum":
        body["allowed"] = D.REAL_NUMBERS
    if with_num:
        body["inputs"] = _SparseSegment.inputs + ("num_segments",)
    return register_op(type(name, bases, body))


SparseSegmentSum = _sparse_op("SparseSegmentSum", "sum", _sparse_sum_grad, False)
SparseSegmentMean = _sparse_op(
    "SparseSegmentMean", "mean", _sparse_scaled_grad(SparseSegmentMeanGrad), False
)
SparseSegmentSqrtN = _sparse_op(
    "SparseSegmentSqrtN", "sqrt_n", _sparse_scaled_grad(SparseSegmentSqrtNGrad), False
)
SparseSegmentSumWithNumSegments = _sparse_op(
    "SparseSegmentSumWithNumSegments", "sum", _sparse_sum_grad, True
)
SparseSegmentMeanWithNumSegments = _sparse_op(
    "SparseSegmentMeanWithNumSegments", "mean", _sparse_scaled_grad(SparseSegmentMeanGrad), True
)
SparseSegmentSqrtNWithNumSegments = _sparse_op(
    "SparseSegmentSqrtNWithNumSegments",
    "sqrt_n",
    _sparse_scaled_grad(SparseSegmentSqrtNGrad),
    True,
)

for _name in ("SparseSegmentMeanGrad", "SparseSegmentSqrtNGrad"):
    NotDifferentiable(_name)


# -- public wrappers -----------------------------------------------------------------------------
def segment_sum(data, segment_ids, name=None):
    """Sums of the rows of `data` per segment of the sorted `segment_ids`."""
    return SegmentSum.apply(data, segment_ids, name=name)


def segment_prod(data, segment_ids, name=None):
    """Products of the rows of `data` per segment of the sorted `segment_ids`."""
    return SegmentProd.apply(data, segment_ids, name=name)


def segment_mean(data, segment_ids, name=None):
    """Means of the rows of `data` per segment of the sorted `segment_ids`."""
    return SegmentMean.apply(data, segment_ids, name=name)


def segment_max(data, segment_ids, name=None):
    """Maxima of the rows of `data` per segment of the sorted `segment_ids`."""
    return SegmentMax.apply(data, segment_ids, name=name)


def segment_min(data, segment_ids, name=None):
    """Minima of the rows of `data` per segment of the sorted `segment_ids`."""
    return SegmentMin.apply(data, segment_ids, name=name)


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """Sums of the slices of `data` per segment id (ids < 0 dropped)."""
    return UnsortedSegmentSum.apply(data, segment_ids, num_segments, name=name)


def unsorted_segment_max(data, segment_ids, num_segments, name=None):
    """Maxima of the slices of `data` per segment id (empty: the dtype's lowest value)."""
    return UnsortedSegmentMax.apply(data, segment_ids, num_segments, name=name)


def unsorted_segment_min(data, segment_ids, num_segments, name=None):
    """Minima of the slices of `data` per segment id (empty: the dtype's highest value)."""
    return UnsortedSegmentMin.apply(data, segment_ids, num_segments, name=name)


def unsorted_segment_prod(data, segment_ids, num_segments, name=None):
    """Products of the slices of `data` per segment id (empty: 1)."""
    return UnsortedSegmentProd.apply(data, segment_ids, num_segments, name=name)


def _segment_counts(data, segment_ids, num_segments):
    """max(1, the number of ids in each segment), shaped to broadcast against the sums."""
    ones = array_ops.ones(array_ops.shape(segment_ids), dtype=data.dtype)
    n = unsorted_segment_sum(ones, segment_ids, num_segments)
    extra = data.shape.ndims - segment_ids.shape.ndims
    n = array_ops.reshape(n, array_ops.concat([[-1], [1] * extra], 0) if extra else [-1])
    return math_ops.maximum(n, math_ops.cast(1, data.dtype))


def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """Means of the slices of `data` per segment id (empty: 0)."""
    with name_scope(name, "UnsortedSegmentMean"):
        data, segment_ids = convert_to_tensor(data), convert_to_tensor(segment_ids)
        n = _segment_counts(data, segment_ids, num_segments)
        return unsorted_segment_sum(data, segment_ids, num_segments) / n


def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    """Sums of the slices of `data` per segment id over sqrt(count) (empty: 0)."""
    with name_scope(name, "UnsortedSegmentSqrtN"):
        data, segment_ids = convert_to_tensor(data), convert_to_tensor(segment_ids)
        n = _segment_counts(data, segment_ids, num_segments)
        return unsorted_segment_sum(data, segment_ids, num_segments) / math_ops.sqrt(n)


_SPARSE = {
    "sum": (SparseSegmentSum, SparseSegmentSumWithNumSegments),
    "mean": (SparseSegmentMean, SparseSegmentMeanWithNumSegments),
    "sqrt_n": (SparseSegmentSqrtN, SparseSegmentSqrtNWithNumSegments),
}


def _sparse(kind, data, indices, segment_ids, name, num_segments):
    plain, with_num = _SPARSE[kind]
    if num_segments is None:
        return plain.apply(data, indices, segment_ids, name=name)
    return with_num.apply(data, indices, segment_ids, num_segments, name=name)


def sparse_segment_sum(data, indices, segment_ids, name=None, num_segments=None):
    """Sums of data[indices] per segment of the sorted `segment_ids`."""
    return _sparse("sum", data, indices, segment_ids, name, num_segments)


def sparse_segment_mean(data, indices, segment_ids, name=None, num_segments=None):
    """Means of data[indices] per segment of the sorted `segment_ids`."""
    return _sparse("mean", data, indices, segment_ids, name, num_segments)


def sparse_segment_sqrt_n(data, indices, segment_ids, name=None, num_segments=None):
    """Sums of data[indices] per segment over sqrt(count), for sorted `segment_ids`."""
    return _sparse("sqrt_n", data, indices, segment_ids, name, num_segments)

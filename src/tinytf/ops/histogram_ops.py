"""Counting ops: bincount, histogram_fixed_width(_bins) and confusion_matrix (TF 1.15's
Bincount and HistogramFixedWidth kernels; the rest composed as TF's Python composes it)."""

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
from tinytf.ops import array_ops, shape_util
from tinytf.ops.clip_ops import clip_by_value
from tinytf.ops.constant_op import constant
from tinytf.ops.math_ops import cast, floor, maximum, minimum, truediv
from tinytf.ops.reduction_ops import reduce_max, reduce_prod

_COUNTED = frozenset({D.int32, D.int64, D.float32, D.float64})


def _static_size(t):
    value = shape_util.constant_value(t)
    return None if value is None else int(value)


@register_op
class Bincount(OpDef):
    """How often each value in [0, size) occurs in arr (weighted when weights is non-empty);
    values >= size are ignored."""

    inputs = ("arr", "size", "weights")
    type_inputs = ("weights",)
    allowed = _COUNTED

    def infer(arr, size, weights):
        shape_util.with_rank(size.shape, 0)
        return TensorSpec([_static_size(size)], weights.dtype)

    def kernel(xp, arr, size, weights):
        size = int(size)
        if size < 0:
            raise InvalidArgumentError(None, None, f"size ({size}) must be non-negative")
        if arr.size and int(arr.min()) < 0:
            raise InvalidArgumentError(None, None, "Input arr must be non-negative!")
        flat = arr.reshape(-1)
        keep = flat < size
        w = weights.reshape(-1)[keep] if weights.size else None
        counts = np.bincount(flat[keep], weights=w, minlength=size)[:size]
        return xp.asarray(counts.astype(weights.dtype))


@register_op
class HistogramFixedWidth(OpDef):
    """Counts of `values` in `nbins` equal bins over value_range; values outside the range
    fall into the first or last bin."""

    inputs = ("values", "value_range", "nbins")
    type_inputs = ("values", "value_range")
    attrs = {"dtype": D.int32}
    allowed = _COUNTED

    def infer(values, value_range, nbins, *, dtype):
        shape_util.with_rank(value_range.shape, 1)
        shape_util.with_rank(nbins.shape, 0)
        return TensorSpec([_static_size(nbins)], dtype)

    def kernel(xp, values, value_range, nbins, *, dtype):
        nbins = int(nbins)
        if nbins <= 0:
            raise InvalidArgumentError(
                None, None, f"nbins should be a positive number, but got '{nbins}'"
            )
        lo, hi = value_range[0], value_range[1]
        if not lo < hi:
            raise InvalidArgumentError(
                None,
                None,
                "value_range should satisfy value_range[0] < value_range[1], "
                f"but got '[{lo:g}, {hi:g}]'",
            )
        step = (float(hi) - float(lo)) / nbins  # in double, as TF's kernel
        scaled = (np.maximum(values, lo) - lo).astype(np.float64) / step
        index = np.minimum(scaled, nbins - 1).astype(np.int32)
        counts = np.bincount(index.reshape(-1), minlength=nbins)
        return xp.asarray(counts.astype(dtype.as_numpy_dtype))


NotDifferentiable("Bincount")
NotDifferentiable("HistogramFixedWidth")


def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=D.int32):
    """Counts of each value of the int32 `arr`: max(arr) + 1 of them, or at least
    `minlength` / at most `maxlength`; with `weights`, sums of the weights instead."""
    with name_scope("bincount"):
        return _bincount(arr, weights, minlength, maxlength, dtype)


def _bincount(arr, weights, minlength, maxlength, dtype):
    arr = convert_to_tensor(arr, name="arr", dtype=D.int32)
    array_is_nonempty = reduce_prod(array_ops.shape(arr)) > 0
    output_size = cast(array_is_nonempty, D.int32) * (reduce_max(arr) + 1)
    if minlength is not None:
        minlength = convert_to_tensor(minlength, name="minlength", dtype=D.int32)
        output_size = maximum(minlength, output_size)
    if maxlength is not None:
        maxlength = convert_to_tensor(maxlength, name="maxlength", dtype=D.int32)
        output_size = minimum(maxlength, output_size)
    if weights is not None:
        from tinytf.ops.segment_ops import unsorted_segment_sum  # TF's op for the weighted case

        weights = convert_to_tensor(weights, name="weights")
        return unsorted_segment_sum(weights, arr, output_size)
    weights = constant([], D.as_dtype(dtype))
    return Bincount.apply(arr, output_size, weights)


def histogram_fixed_width(values, value_range, nbins=100, dtype=D.int32, name=None):
    """Counts of `values` in `nbins` equal-width bins over [value_range[0], value_range[1]]."""
    with name_scope(name, "histogram_fixed_width", [values, value_range, nbins]) as name:
        return HistogramFixedWidth.apply(
            values, value_range, nbins, name=name, dtype=D.as_dtype(dtype)
        )


def histogram_fixed_width_bins(values, value_range, nbins=100, dtype=D.int32, name=None):
    """The bin index (of `nbins` equal bins over value_range) of each of `values`."""
    with name_scope(name, "histogram_fixed_width_bins", [values, value_range, nbins]):
        values = convert_to_tensor(values, name="values")
        shape = array_ops.shape(values)
        values = array_ops.reshape(values, [-1])
        value_range = convert_to_tensor(value_range, name="value_range")
        nbins = convert_to_tensor(nbins, dtype=D.int32, name="nbins")
        nbins_float = cast(nbins, values.dtype)
        scaled_values = truediv(
            values - value_range[0], value_range[1] - value_range[0], name="scaled_values"
        )
        indices = floor(nbins_float * scaled_values, name="indices")
        indices = cast(clip_by_value(indices, 0, nbins_float - 1), D.int32)
        return array_ops.reshape(indices, shape)


def _remove_squeezable_dimensions(labels, predictions):
    """Drops a trailing size-1 dimension of whichever of the two has one more (static ranks)."""
    lr, pr = labels.shape.ndims, predictions.shape.ndims
    if lr is not None and pr is not None:
        if lr == pr + 1 and labels.shape.as_list()[-1] == 1:
            labels = array_ops.squeeze(labels, [-1])
        elif pr == lr + 1 and predictions.shape.as_list()[-1] == 1:
            predictions = array_ops.squeeze(predictions, [-1])
    return labels, predictions


def _checked(tensor, check):
    from tinytf.ops.check_ops import with_dependencies

    return with_dependencies([check], tensor)


def confusion_matrix(labels, predictions, num_classes=None, dtype=D.int32, name=None, weights=None):
    """The [num_classes, num_classes] matrix counting (label, prediction) pairs (or summing
    their weights); negative or out-of-range classes fail at run time as in TF."""
    from tinytf.ops import check_ops
    from tinytf.ops.sparse_math_ops import SparseTensorDenseAdd  # TF's sparse_add(dense, sp)

    dtype = D.as_dtype(dtype)
    with name_scope(name, "confusion_matrix", (predictions, labels, num_classes, weights)):
        labels, predictions = _remove_squeezable_dimensions(
            convert_to_tensor(labels, name="labels"),
            convert_to_tensor(predictions, name="predictions"),
        )
        predictions, labels = cast(predictions, D.int64), cast(labels, D.int64)
        labels = _checked(
            labels,
            check_ops.assert_non_negative(labels, message="`labels` contains negative values"),
        )
        predictions = _checked(
            predictions,
            check_ops.assert_non_negative(
                predictions, message="`predictions` contains negative values"
            ),
        )
        if num_classes is None:
            num_classes = maximum(reduce_max(predictions), reduce_max(labels)) + 1
        else:
            limit = cast(num_classes, D.int64)
            labels = _checked(
                labels, check_ops.assert_less(labels, limit, message="`labels` out of bound")
            )
            predictions = _checked(
                predictions,
                check_ops.assert_less(predictions, limit, message="`predictions` out of bound"),
            )
        if weights is not None:
            weights = convert_to_tensor(weights, name="weights")
            predictions.shape.assert_is_compatible_with(weights.shape)
            weights = cast(weights, dtype)
        shape = array_ops.stack([num_classes, num_classes])
        indices = array_ops.stack([labels, predictions], axis=1)
        values = array_ops.ones_like(predictions, dtype) if weights is None else weights
        zero_matrix = array_ops.zeros(cast(shape, D.int32), dtype)
        return SparseTensorDenseAdd.apply(indices, values, cast(shape, D.int64), zero_matrix)

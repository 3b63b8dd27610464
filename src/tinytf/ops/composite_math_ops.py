"""Math reductions and compositions of tf.math: reduce_logsumexp/_std/_variance/_euclidean_norm,
count_nonzero, norm, log_sigmoid, cumulative_logsumexp, accumulate_n and polyval.
Compositions build the ops TF 1.15's Python builds (math_ops.py, linalg_ops.py, check_ops.py)."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import array_ops, shape_util
from tinytf.ops.constant_op import constant
from tinytf.ops.elementwise_ops import is_finite
from tinytf.ops.math_ops import (
    Add,
    Neg,
    abs,  # noqa: A004 - TF's name
    cast,
    conj,
    exp,
    greater,
    less,
    log,
    not_equal,
    pow,  # noqa: A004 - TF's name
    sqrt,
    square,
    where,
)
from tinytf.ops.reduction_ops import (
    Reduction,
    _axes,
    _reduction_axes,
    _resolve_axis,
    _resolve_keepdims,
    reduce_max,
    reduce_mean,
    reduce_sum,
)
from tinytf.ops.sequence_ops import _Scan, _scan


@register_op
class EuclideanNorm(Reduction):
    """sqrt(sum(|x|**2)) over `reduction_indices` (integers: the root truncated, as C++)."""

    allowed = D.NUMBERS - {D.uint32, D.uint64}

    def kernel(xp, x, axes, *, keep_dims):
        axis = _axes(xp, x, axes)
        if x.dtype.kind == "c":
            total = xp.sum(xp.real(x * xp.conj(x)), axis=axis, keepdims=keep_dims)
            return xp.sqrt(total).astype(x.dtype)
        total = xp.sum(xp.square(x.astype(np.float64)), axis=axis, keepdims=keep_dims)
        return xp.sqrt(total).astype(x.dtype)


NotDifferentiable("EuclideanNorm")  # as TF 1.15


def _cumulative_logsumexp_grad(op, dy):
    """TF's: the incoming gradient split into its positive and negative parts, in log space."""
    x, axis = op.inputs
    y = op.outputs[0]
    exclusive, reverse = op.get_attr("exclusive"), op.get_attr("reverse")
    lowest = constant(dy.dtype.min, dtype=dy.dtype)

    def part(mask, magnitude):
        log_g = where(
            mask,
            log(where(mask, magnitude, array_ops.ones_like(dy))),
            array_ops.fill(array_ops.shape(dy), lowest),
        )
        scan = cumulative_logsumexp(log_g - y, axis, exclusive=exclusive, reverse=not reverse)
        return exp(scan + x)

    zero = array_ops.zeros_like(dy)
    return part(greater(dy, zero), dy) - part(less(dy, zero), -dy), None


@register_op
class CumulativeLogsumexp(_Scan):
    """Running log(sum(exp(x))) along `axis`, from the dtype's lowest value (-3.4e38 for
    float32), not -inf, as TF: exclusive scans start there and no value is below it."""

    allowed = D.FLOATS
    grad = _cumulative_logsumexp_grad

    def kernel(xp, x, axis, *, exclusive, reverse):
        lowest = np.finfo(x.dtype).min
        out = _scan(xp, np.logaddexp.accumulate, lowest, x, axis, exclusive, reverse)
        return xp.maximum(out, lowest)  # TF's accumulator starts at lowest: never below it


@register_op
class AccumulateNV2(OpDef):
    """The element-wise sum of a list of tensors of one dtype (TF's AccumulateN)."""

    inputs = ("inputs*",)
    attrs = {"shape": None}
    allowed = D.NUMBERS - {D.uint32, D.uint64}

    def infer(*inputs, shape):
        merged = shape_util.merge_shapes([shape, *[t.shape for t in inputs]])
        return TensorSpec(merged, inputs[0].dtype)

    def kernel(xp, *inputs, shape):
        total = xp.asarray(inputs[0]).copy()
        for x in inputs[1:]:
            total = total + x
        return total

    def grad(op, dy):
        return [dy] * len(op.inputs)


# -- public wrappers -----------------------------------------------------------------------------
def cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False, name=None):
    """log(cumsum(exp(x))) along `axis`, computed stably."""
    with name_scope(name, "CumulativeLogsumexp", [x]) as name:
        return CumulativeLogsumexp.apply(x, axis, name=name, exclusive=exclusive, reverse=reverse)


def accumulate_n(inputs, shape=None, tensor_dtype=None, name=None):
    """The element-wise sum of a list of tensors (the AccumulateNV2 op)."""
    if not inputs or not isinstance(inputs, (list, tuple)):
        raise ValueError(
            "inputs must be a list of at least one Tensor with the same dtype and shape"
        )
    inputs = [convert_to_tensor(t) for t in inputs]
    if not all(t.dtype == inputs[0].dtype for t in inputs):
        raise ValueError(
            "inputs must be a list of at least one Tensor with the same dtype and shape"
        )
    merged = TensorShape(shape) if shape is not None else TensorShape(None)
    merged = shape_util.merge_shapes([merged, *[t.shape for t in inputs]])
    if tensor_dtype is not None and tensor_dtype != inputs[0].dtype:
        raise TypeError(f"tensor_dtype is {tensor_dtype}, but input is of type {inputs[0].dtype}")
    if len(inputs) == 1:
        return inputs[0] if name is None else array_ops.identity(inputs[0], name=name)
    return AccumulateNV2.apply(inputs, name=name, shape=merged)


def reduce_logsumexp(
    input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None
):
    """log(sum(exp(x))) over `axis`, shifted by the (finite) maximum for stability."""
    axis = _resolve_axis(axis, reduction_indices)
    keep = _resolve_keepdims(keepdims, keep_dims)
    with name_scope(name, "ReduceLogSumExp", [input_tensor]):
        x = convert_to_tensor(input_tensor, name="input_tensor")
        raw_max = reduce_max(x, axis=axis, keepdims=True)
        finite = array_ops.stop_gradient(
            where(is_finite(raw_max), raw_max, array_ops.zeros_like(raw_max))
        )
        result = log(reduce_sum(exp(x - finite), axis, keepdims=keep))
        if not keep:
            finite = array_ops.reshape(finite, array_ops.shape(result))
        return Add.apply(result, finite)


def log_sigmoid(x, name=None):
    """log(sigmoid(x)) = -softplus(-x), stable for large |x|."""
    from tinytf.ops.nn_ops import Softplus

    with name_scope(name, "LogSigmoid", [x]) as name:
        x = convert_to_tensor(x, name="x")
        return Neg.apply(Softplus.apply(-x), name=name)


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """The variance (mean squared deviation) over `axis`."""
    with name_scope(name, "reduce_variance"):
        means = reduce_mean(input_tensor, axis=axis, keepdims=True)
        squared_deviations = square(input_tensor - means)
        return reduce_mean(squared_deviations, axis=axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """The standard deviation over `axis`."""
    with name_scope(name, "reduce_std"):
        return sqrt(reduce_variance(input_tensor, axis=axis, keepdims=keepdims))


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """sqrt(sum(|x|**2)) over `axis` (the EuclideanNorm op, which has no gradient)."""
    x = convert_to_tensor(input_tensor, name="input_tensor")
    return EuclideanNorm.apply(x, _reduction_axes(x, axis), name=name, keep_dims=bool(keepdims))


def count_nonzero(
    input_tensor=None,
    axis=None,
    keepdims=None,
    dtype=D.int64,
    name=None,
    reduction_indices=None,
    keep_dims=None,
    input=None,
):
    """The number of non-zero elements (non-empty strings) over `axis`, as `dtype`."""
    if input is not None:
        if input_tensor is not None:
            raise ValueError("Cannot specify both 'input' and 'input_tensor'.")
        input_tensor = input
    axis = _resolve_axis(axis, reduction_indices)
    keep = _resolve_keepdims(keepdims, keep_dims)
    with name_scope(name, "count_nonzero", [input_tensor]):
        x = convert_to_tensor(input_tensor, name="input_tensor")
        dtype_x = x.dtype.base_dtype
        zero = constant({D.string: b"", D.bool: False}.get(dtype_x, 0), dtype=dtype_x)
        counts = reduce_sum(cast(not_equal(x, zero), D.int64), axis=axis, keepdims=keep)
        return cast(counts, dtype)


def polyval(coeffs, x, name=None):
    """coeffs[0] * x**(n-1) + ... + coeffs[n-1], by Horner's rule."""
    with name_scope(name, "polyval", [*coeffs, x]) as name:
        x = convert_to_tensor(x, name="x")
        if not coeffs:
            return array_ops.zeros_like(x, name=name)
        coeffs = [convert_to_tensor(c, name=f"coeff_{i}") for i, c in enumerate(coeffs)]
        p = coeffs[0]
        for c in coeffs[1:]:
            p = c + p * x
        return p


# -- norm (TF 1.15 linalg_ops.norm) ---------------------------------------------------------------
_AXIS_ERROR = "'axis' must be None, an integer, or a tuple of 2 unique integers"


def _check_norm_args(ord, axis):
    """Returns (is_matrix_norm, axis as a tuple or None), raising TF's ValueErrors."""
    is_matrix = isinstance(axis, (tuple, list)) and len(axis) == 2
    if is_matrix:
        axis = tuple(axis)
        if not all(isinstance(a, int) for a in axis) or axis[0] == axis[1]:
            raise ValueError(_AXIS_ERROR)
        supported = ["euclidean", "fro", 1, 2, np.inf]
        if ord not in supported:
            raise ValueError(f"'ord' must be a supported matrix norm in {supported}, got {ord}")
        return True, axis
    if not (isinstance(axis, int) or axis is None):
        raise ValueError(_AXIS_ERROR)
    is_number = isinstance(ord, (int, float, np.number)) and not isinstance(ord, bool)
    if ord not in ["euclidean", 1, 2, np.inf] and not (is_number and ord > 0):
        raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
    return False, None if axis is None else (axis,)


def _matrix_2_norm(tensor, axis):
    """The largest singular value over the two axes, kept as size-1 dimensions."""
    from tinytf.ops.linalg_decomp_ops import svd  # decompositions are imported on use

    rank = tensor.shape.ndims
    if rank is None:
        raise ValueError("tf.norm with ord=2 over a matrix needs a tensor of known rank")
    pos = [a % rank for a in axis]
    perm_before = [i for i in range(rank) if i not in pos] + pos
    perm_after = [perm_before.index(i) for i in range(rank)]
    permed = array_ops.transpose(tensor, perm=perm_before)
    s = svd(permed, compute_uv=False)
    top = array_ops.expand_dims(reduce_max(abs(s), axis=-1, keepdims=True), axis=-1)
    return array_ops.transpose(top, perm=perm_after)


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None, keep_dims=None):
    """Vector norms (ord 'euclidean', 1, 2, inf or any p > 0) and matrix norms ('fro', 1, 2,
    inf over a pair of axes); the gradient at zero is NaN, as TF's."""
    keep = _resolve_keepdims(keepdims, keep_dims)
    is_matrix, axis = _check_norm_args(ord, axis)
    with name_scope(name, "norm", [tensor]):
        tensor = convert_to_tensor(tensor)
        if ord in ["fro", "euclidean", 2, 2.0]:
            if is_matrix and ord in [2, 2.0]:
                result = _matrix_2_norm(tensor, axis)
            else:
                result = sqrt(reduce_sum(tensor * conj(tensor), axis, keepdims=True))
        else:
            result = abs(tensor)
            if ord == 1:
                result = reduce_sum(result, None if axis is None else axis[0], keepdims=True)
                if is_matrix:
                    result = reduce_max(result, axis[-1], keepdims=True)
            elif ord == np.inf:
                if is_matrix:
                    result = reduce_sum(result, axis[1], keepdims=True)
                result = reduce_max(result, None if axis is None else axis[0], keepdims=True)
            else:
                result = pow(reduce_sum(pow(result, ord), axis, keepdims=True), 1.0 / ord)
        if not keep:
            result = array_ops.squeeze(result, axis)
        return result

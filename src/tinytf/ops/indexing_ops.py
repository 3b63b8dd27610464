"""Indexing ops: gather, slice, and strided slicing (what `tensor[...]` builds)."""

import builtins

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError, ShapeError
from tinytf.framework.op_def import (
    OpDef,
    TensorSpec,
    name_scope,
    register_op,
)
from tinytf.framework.ops import Tensor
from tinytf.framework.tensor_shape import unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.array_ops import ones_like, stack
from tinytf.ops.constant_op import constant

INDEX = frozenset({D.int32, D.int64})


# -- indexing --------------------------------------------------------------------------------------
@register_op
class GatherV2(OpDef):
    """Slices of `params` along `axis` at `indices`."""

    inputs = ("params", "indices", "axis")
    type_inputs = ("params",)
    attrs = {"batch_dims": 0}

    def infer(params, indices, axis, *, batch_dims):
        value = shape_util.constant_value(axis)
        if value is None or params.shape.ndims is None or indices.shape.ndims is None:
            return TensorSpec(unknown_shape(), params.dtype)
        a = shape_util.normalize_axis(int(value), params.shape.ndims)
        b = _batch_dims(batch_dims, indices.shape.ndims, a)
        dims = params.shape.as_list()
        if b:
            shape_util.merge_pair(params.shape[:b], indices.shape[:b])
        return TensorSpec(dims[:a] + indices.shape.as_list()[b:] + dims[a + 1 :], params.dtype)

    def kernel(xp, params, indices, axis, *, batch_dims):
        axis = int(axis) % params.ndim
        n = params.shape[axis]
        if indices.size and (xp.min(indices) < 0 or xp.max(indices) >= n):
            flat = np.ravel(indices)
            k = int(np.flatnonzero((flat < 0) | (flat >= n))[0])
            raise InvalidArgumentError(None, None, f"indices[{k}] = {flat[k]} is not in [0, {n})")
        b = batch_dims % indices.ndim if batch_dims < 0 else batch_dims
        if not b:
            return xp.take(params, indices, axis=axis)
        if params.shape[:b] != indices.shape[:b]:
            raise InvalidArgumentError(
                None, None, f"params.shape[:{b}] {params.shape[:b]} != indices.shape[:{b}]"
            )
        p = xp.reshape(params, (-1,) + params.shape[b:])
        i = xp.reshape(indices, (p.shape[0],) + indices.shape[b:])
        rows = [xp.take(p[j], i[j], axis=axis - b) for j in builtins.range(p.shape[0])]
        out_rest = params.shape[b:axis] + indices.shape[b:] + params.shape[axis + 1 :]
        stacked = xp.stack(rows) if rows else xp.zeros((0,) + out_rest, params.dtype)
        return xp.reshape(stacked, params.shape[:b] + out_rest)

    def grad(op, dy):
        from tinytf.ops import array_ops
        from tinytf.ops.indexed_slices import IndexedSlices
        from tinytf.ops.math_ops import cast

        params, indices, axis = op.inputs
        value = shape_util.constant_value(axis)
        params_shape = cast(array_ops.shape(params, out_type=D.int64), D.int32)
        size = array_ops.expand_dims(array_ops.size(indices), 0)
        if value is not None and int(value) == 0:  # TF: the rows as they are, not densified
            values = array_ops.reshape(dy, array_ops.concat([size, params_shape[1:]], 0))
            return IndexedSlices(values, array_ops.reshape(indices, size), params_shape), None, None
        if op.get_attr("batch_dims"):
            return _batch_gather_grad(op, dy, value), None, None
        return _gather_axis_grad(op, dy, value), None, None


def _batch_dims(batch_dims, indices_rank, axis):
    b = batch_dims + indices_rank if batch_dims < 0 else batch_dims
    if b > indices_rank:
        raise ValueError(
            f"batch_dims ({batch_dims}) must be less than or equal to rank(indices) "
            f"({indices_rank})."
        )
    if b > axis:
        raise ValueError(f"batch_dims ({b}) must be less than or equal to axis ({axis}).")
    return b


def _batch_gather_grad(op, dy, value):
    """The dense gradient of a gather with batch dims: gathered axis moved next to the batch
    dims, the batches flattened into rows (TF's _GetBatchIndices offsets), summed, moved back."""
    from tinytf.ops import array_ops, math_ops, reduction_ops
    from tinytf.ops.segment_ops import unsorted_segment_sum

    params, indices, _ = op.inputs
    rp, ri = params.shape.ndims, indices.shape.ndims
    if value is None or rp is None or ri is None:
        raise NotImplementedError("The gradient of gather needs a known axis and ranks.")
    a = int(value) % rp
    b = _batch_dims(op.get_attr("batch_dims"), ri, a)
    r = builtins.range
    perm = list(r(b)) + [a] + list(r(b, a)) + list(r(a + 1, rp))
    na, ni = a - b, ri - b
    q = list(r(b)) + list(r(b + na, b + na + ni)) + list(r(b, b + na))
    q += list(r(b + na + ni, rp - 1 + ni))  # dy's dims in the order gather(axis=b) gives
    dy_t = array_ops.transpose(dy, q)
    shape_t = gather(array_ops.shape(params), perm)
    shape_i = math_ops.cast(shape_t, indices.dtype)
    flat = indices
    accum = array_ops.ones([], dtype=indices.dtype)
    for dim in r(b, 0, -1):  # the offset of each batch's rows
        accum *= shape_i[dim]
        dim_indices = math_ops.range(0, shape_i[dim - 1], 1, dtype=indices.dtype) * accum
        ones = [array_ops.ones([n], dtype=indices.dtype) for n in (dim - 1, ri - dim)]
        dim_shape = array_ops.concat([ones[0], shape_i[dim - 1 : dim], ones[1]], 0)
        flat += array_ops.reshape(dim_indices, dim_shape)
    rows = array_ops.reshape(dy_t, array_ops.concat([[-1], shape_t[b + 1 :]], 0))
    total = reduction_ops.reduce_prod(shape_t[: b + 1])
    summed = unsorted_segment_sum(rows, array_ops.reshape(flat, [-1]), total)
    inverse = [perm.index(i) for i in r(rp)]
    return array_ops.transpose(array_ops.reshape(summed, shape_t), inverse)


def _gather_axis_grad(op, dy, value):
    """The dense gradient of a gather along a non-leading axis: the gathered dimensions moved
    to the front, summed per index, moved back."""
    from tinytf.ops import array_ops
    from tinytf.ops.segment_ops import unsorted_segment_sum

    params, indices, _ = op.inputs
    ni = indices.shape.ndims
    if value is None or ni is None or dy.shape.ndims is None:
        raise NotImplementedError("The gradient of gather needs a known axis and ranks.")
    k = int(value) % params.shape.ndims
    dims = builtins.range(dy.shape.ndims)
    front = list(dims[k : k + ni]) + list(dims[:k]) + list(dims[k + ni :])
    rows = array_ops.transpose(dy, front)  # the gathered dimensions first
    rows = array_ops.reshape(rows, array_ops.concat([[-1], array_ops.shape(rows)[ni:]], 0))
    ids = array_ops.reshape(indices, [-1])
    summed = unsorted_segment_sum(rows, ids, array_ops.shape(params)[k])
    back = list(builtins.range(1, k + 1)) + [0] + list(builtins.range(k + 1, params.shape.ndims))
    return array_ops.transpose(summed, back)


@register_op
class Slice(OpDef):
    """The block of `input` starting at `begin` with `size` (-1: to the end)."""

    inputs = ("input", "begin", "size")
    type_inputs = ("input",)
    aliases_input = True

    def infer(x, begin, size):
        b, s = shape_util.constant_value(begin), shape_util.constant_value(size)
        rank = x.shape.ndims if x.shape.ndims is not None else begin.shape[0].value
        if s is None or rank is None:
            return TensorSpec(unknown_shape(rank), x.dtype)
        dims = x.shape.as_list() if x.shape.ndims is not None else [None] * rank
        out = []
        for d, bi, si in zip(dims, b if b is not None else [None] * rank, s):
            if si != -1:
                out.append(int(si))
            else:
                out.append(None if d is None or bi is None else d - int(bi))
        return TensorSpec(out, x.dtype)

    def kernel(xp, x, begin, size):
        key = tuple(
            builtins.slice(int(b), None if s == -1 else int(b) + int(s))
            for b, s in zip(begin.tolist(), size.tolist())
        )
        return xp.asarray(x)[key]

    def grad(op, dy):
        from tinytf.ops import array_ops

        x, begin, size = op.inputs
        rank = array_ops.rank(x)
        before = array_ops.reshape(begin, array_ops.stack([rank, 1]))
        after = array_ops.reshape(
            array_ops.shape(x) - array_ops.shape(dy) - begin, array_ops.stack([rank, 1])
        )
        return array_ops.pad(dy, array_ops.concat([before, after], 1)), None, None


@register_op
class StridedSlice(OpDef):
    """Python-style slicing `input[begin:end:strides]`, with TF's masks for `...`, newaxis
    and dimensions indexed by an integer (shrink)."""

    inputs = ("input", "begin", "end", "strides")
    type_inputs = ("input",)
    attrs = {
        "begin_mask": 0,
        "end_mask": 0,
        "ellipsis_mask": 0,
        "new_axis_mask": 0,
        "shrink_axis_mask": 0,
    }
    aliases_input = True

    def infer(x, begin, end, strides, **masks):
        values = [shape_util.constant_value(t) for t in (begin, end, strides)]
        n = begin.shape.dims[0].value if begin.shape.ndims == 1 else None
        if x.shape.ndims is None or (n is None and any(v is None for v in values)):
            return TensorSpec(unknown_shape(), x.dtype)
        if any(v is None for v in values):  # bounds known at run time: what the masks tell
            dims = _partial_dims(x.shape.as_list(), n, values[2], **masks)
            return TensorSpec(dims, x.dtype)
        key = _slice_key(*values, **masks)
        return TensorSpec(_sliced_dims(x.shape.as_list(), key), x.dtype)

    def kernel(xp, x, begin, end, strides, **masks):
        key = _slice_key(begin, end, strides, **masks)
        try:
            return xp.asarray(x)[key]
        except IndexError as e:
            raise InvalidArgumentError(None, None, f"slice index out of bounds: {e}") from None

    def grad(op, dy):
        from tinytf.ops import array_ops

        x, begin, end, strides = op.inputs
        masks = {k: op.get_attr(k) for k in StridedSlice.attrs}
        shape = array_ops.shape(x, out_type=begin.dtype)
        return StridedSliceGrad.apply(shape, begin, end, strides, dy, **masks), None, None, None


@register_op
class StridedSliceGrad(OpDef):
    """Zeros of `shape` with `dy` written where StridedSlice read (its gradient)."""

    inputs = ("shape", "begin", "end", "strides", "dy")
    type_inputs = ("dy",)
    attrs = dict(StridedSlice.attrs)

    def infer(shape, begin, end, strides, dy, **masks):
        return TensorSpec(shape_util.constant_value_as_shape(shape), dy.dtype)

    def grad(op, g):  # TF's _StridedSliceGradGrad: the slice of the incoming gradient
        begin, end, strides = op.inputs[1:4]
        masks = {k: op.get_attr(k) for k in StridedSlice.attrs}
        return None, None, None, None, StridedSlice.apply(g, begin, end, strides, **masks)

    def kernel(xp, shape, begin, end, strides, dy, **masks):
        out = xp.zeros(tuple(shape.tolist()), dtype=dy.dtype)
        out[_slice_key(begin, end, strides, **masks)] = dy
        return out


def _partial_dims(
    dims, n, strides, *, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask
):
    """The static shape of a slice whose bounds are known only at run time, as TF infers it:
    new axes are 1, shrunk dimensions go, full slices (`:`) keep theirs, the rest unknown."""
    out, d = [], 0
    for i in range(n):
        bit = 1 << i
        if ellipsis_mask & bit:
            rest = sum(1 for j in range(i + 1, n) if not new_axis_mask & (1 << j))
            k = len(dims) - d - rest
            out.extend(dims[d : d + k])
            d += k
        elif new_axis_mask & bit:
            out.append(1)
        elif shrink_axis_mask & bit:
            d += 1
        else:
            step = None if strides is None else int(strides[i])
            full = begin_mask & bit and end_mask & bit and step is not None
            out.append(-(-dims[d] // abs(step)) if full and dims[d] is not None else None)
            d += 1
    return out + dims[d:]


def _slice_key(
    begin, end, strides, *, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask
):
    key = []
    for i, (b, e, s) in enumerate(zip(begin.tolist(), end.tolist(), strides.tolist())):
        bit = 1 << i
        if ellipsis_mask & bit:
            key.append(Ellipsis)
        elif new_axis_mask & bit:
            key.append(None)
        elif shrink_axis_mask & bit:
            key.append(int(b))
        else:
            if s == 0:
                raise ShapeError(f"strides[{i}] must be non-zero")
            key.append(
                builtins.slice(
                    None if begin_mask & bit else int(b), None if end_mask & bit else int(e), int(s)
                )
            )
    return tuple(key)


def _sliced_dims(dims, key):
    """Output dims of indexing a tensor of `dims` with a NumPy-style `key` (None: unknown)."""
    used = builtins.sum(1 for k in key if k is not None and k is not Ellipsis)
    if Ellipsis not in key:
        key = key + (Ellipsis,)
    out, i = [], 0
    for k in key:
        if k is Ellipsis:
            n = len(dims) - used
            out.extend(dims[i : i + n])
            i += n
        elif k is None:
            out.append(1)
        elif isinstance(k, int):
            if dims[i] is not None and not -dims[i] <= k < dims[i]:
                raise ShapeError(f"slice index {k} of dimension {i} out of bounds.")
            i += 1
        else:
            out.append(None if dims[i] is None else len(builtins.range(dims[i])[k]))
            i += 1
    return out


def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0):
    """Slices of `params` along `axis` (default: `batch_dims`) at `indices`, the first
    `batch_dims` dimensions of both matched one to one."""
    if axis is None:
        axis = batch_dims
    return GatherV2.apply(params, indices, axis, name=name or "GatherV2", batch_dims=batch_dims)


def slice(input_, begin, size, name=None):
    """The block of `input_` starting at `begin` with `size` (-1 means to the end)."""
    return Slice.apply(input_, begin, size, name=name)


def strided_slice(
    input_,
    begin,
    end,
    strides=None,
    begin_mask=0,
    end_mask=0,
    ellipsis_mask=0,
    new_axis_mask=0,
    shrink_axis_mask=0,
    var=None,
    name=None,
):
    """input_[begin:end:strides] with TF's masks (what `tensor[...]` builds)."""
    if strides is None:
        strides = ones_like(begin)
    return StridedSlice.apply(
        input_,
        begin,
        end,
        strides,
        name=name,
        begin_mask=begin_mask,
        end_mask=end_mask,
        ellipsis_mask=ellipsis_mask,
        new_axis_mask=new_axis_mask,
        shrink_axis_mask=shrink_axis_mask,
    )


def slice_helper(tensor, slice_spec, var=None):
    """`tensor[slice_spec]`: ints, slices, Ellipsis, tf.newaxis and scalar tensors."""
    if not isinstance(slice_spec, (list, tuple)):
        slice_spec = [slice_spec]
    begin, end, strides, masks = (
        [],
        [],
        [],
        dict.fromkeys(
            ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"), 0
        ),
    )
    for i, s in enumerate(slice_spec):
        bit = 1 << i
        if isinstance(s, builtins.slice):
            begin.append(0 if s.start is None else s.start)
            end.append(0 if s.stop is None else s.stop)
            strides.append(1 if s.step is None else s.step)
            masks["begin_mask"] |= bit if s.start is None else 0
            masks["end_mask"] |= bit if s.stop is None else 0
        elif s is Ellipsis or s is None:
            begin.append(0), end.append(0), strides.append(1)
            masks["ellipsis_mask" if s is Ellipsis else "new_axis_mask"] |= bit
        else:
            _check_index(s)
            begin.append(s), end.append(s + 1), strides.append(1)
            masks["shrink_axis_mask"] |= bit
    with name_scope(None, "strided_slice", [tensor]) as scope:
        packed = [stack(v) if v else constant([], dtype=D.int32) for v in (begin, end, strides)]
        return strided_slice(tensor, *packed, name=scope, var=var, **masks)


def _check_index(s):
    if isinstance(s, Tensor):
        if s.dtype.base_dtype not in INDEX:
            raise TypeError(
                f"Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) "
                f"and scalar tf.int32/tf.int64 tensors are valid indices, got {s!r}"
            )
        return
    if not hasattr(s, "__index__") or isinstance(s, bool):
        raise TypeError(
            f"Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) "
            f"and scalar tf.int32/tf.int64 tensors are valid indices, got {s!r}"
        )


"""Ops that rearrange a tensor's layout: space/batch/depth moves, image patches, roll, tensor
diagonals, shape checks, broadcasting shapes, identity over lists, and ConcatOffset."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError, ShapeError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.framework.tensor_shape import TensorShape, as_shape, unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.array_ops import (
    INDEX,
    boolean_mask,
    concat,
    expand_dims,
    reshape,
    shape,
    stack,
    tile,
    transpose,
    zeros,
)
from tinytf.ops.reduction_ops import reduce_max
from tinytf.ops.sequence_ops import scatter_nd, sequence_mask

_FORMATS = ("NHWC",)  # TF 1.15's CPU kernels take NHWC only


def _data_format(data_format):
    if data_format not in _FORMATS:
        raise InvalidArgumentError(
            None, None, f"Only NHWC data_format supported on CPU. Got {data_format}"
        )


# -- depth <-> space -----------------------------------------------------------------------------
class DepthSpaceOp(OpDef):
    inputs = ("input",)
    attrs = {"block_size": None, "data_format": "NHWC"}

    @classmethod
    def infer(cls, x, *, block_size, data_format):
        if block_size < 2:
            raise ShapeError(f"Value for attr 'block_size' of {block_size} must be at least 2")
        dims = shape_util.with_rank(x.shape, 4).as_list() if x.shape.ndims is not None else None
        if dims is None:
            return TensorSpec(unknown_shape(4), x.dtype)
        return TensorSpec(cls.out_dims(dims, block_size), x.dtype)


def _div(d, b, what):
    if d is None:
        return None
    if d % b:
        raise ShapeError(f"Dimension size must be evenly divisible by {b} but is {d} for {what}")
    return d // b


@register_op
class SpaceToDepth(DepthSpaceOp):
    """Moves block_size x block_size spatial blocks into the depth dimension."""

    def out_dims(dims, b):
        n, h, w, c = dims
        return [n, _div(h, b, "height"), _div(w, b, "width"), None if c is None else c * b * b]

    def kernel(xp, x, *, block_size, data_format):
        _data_format(data_format)
        n, h, w, c = x.shape
        b = block_size
        _check_divisible(h, w, b)
        y = x.reshape(n, h // b, b, w // b, b, c).transpose(0, 1, 3, 2, 4, 5)
        return y.reshape(n, h // b, w // b, b * b * c)

    def grad(op, dy):
        return DepthToSpace.apply(dy, **_attrs(op, "block_size", "data_format"))


@register_op
class DepthToSpace(DepthSpaceOp):
    """Moves depth values into block_size x block_size spatial blocks."""

    def out_dims(dims, b):
        n, h, w, c = dims
        mul = [None if d is None else d * b for d in (h, w)]
        return [n, *mul, _div(c, b * b, "depth")]

    def kernel(xp, x, *, block_size, data_format):
        _data_format(data_format)
        n, h, w, c = x.shape
        b = block_size
        if c % (b * b):
            raise InvalidArgumentError(
                None, None, f"Input depth dimension {c} should be divisible by: {b * b}"
            )
        y = x.reshape(n, h, w, b, b, c // (b * b)).transpose(0, 1, 3, 2, 4, 5)
        return y.reshape(n, h * b, w * b, c // (b * b))

    def grad(op, dy):
        return SpaceToDepth.apply(dy, **_attrs(op, "block_size", "data_format"))


def _check_divisible(h, w, b):
    if h % b or w % b:
        raise InvalidArgumentError(
            None,
            None,
            f"Image width {w} and height {h} should be divisible by block_size: {b}",
        )


def _attrs(op, *names):
    return {n: op.get_attr(n) for n in names}


# -- space <-> batch -----------------------------------------------------------------------------
def _space_batch_spec(x, block, pad, to_batch):
    if x.shape.ndims is None or block is None or pad is None:
        return TensorSpec(unknown_shape(x.shape.ndims), x.dtype)
    block, pad = np.asarray(block).reshape(-1), np.asarray(pad).reshape(-1, 2)
    dims = x.shape.as_list()
    m = len(block)
    batch = dims[0]
    prod = int(np.prod(block))
    out = [None if batch is None else (batch * prod if to_batch else batch // prod)]
    for d, b, (p0, p1) in zip(dims[1 : m + 1], block, pad):
        if d is None:
            out.append(None)
        elif to_batch:
            out.append(_div(d + int(p0) + int(p1), int(b), "padded spatial dimension"))
        else:
            out.append(d * int(b) - int(p0) - int(p1))
    return TensorSpec(out + dims[m + 1 :], x.dtype)


def _space_to_batch(xp, x, block, pads):
    block, pads = [int(b) for b in block], pads.reshape(-1, 2).tolist()
    m = len(block)
    full = [(0, 0)] + [tuple(p) for p in pads] + [(0, 0)] * (x.ndim - m - 1)
    y = xp.pad(x, full)
    n, spatial, rest = y.shape[0], y.shape[1 : m + 1], y.shape[m + 1 :]
    for d, b in zip(spatial, block):
        if d % b:
            raise InvalidArgumentError(
                None,
                None,
                f"padded_shape[{block.index(b)}]={d} is not divisible by "
                f"block_shape[{block.index(b)}]={b}",
            )
    split = [n] + [v for d, b in zip(spatial, block) for v in (d // b, b)] + list(rest)
    y = y.reshape(split)
    perm = [2 + 2 * i for i in range(m)] + [0] + [1 + 2 * i for i in range(m)]
    perm += list(range(2 * m + 1, y.ndim))
    y = y.transpose(perm)
    return y.reshape(
        [n * int(np.prod(block))] + [d // b for d, b in zip(spatial, block)] + list(rest)
    )


def _batch_to_space(xp, x, block, crops):
    block, crops = [int(b) for b in block], crops.reshape(-1, 2).tolist()
    m, prod = len(block), int(np.prod(block))
    if x.shape[0] % prod:
        raise InvalidArgumentError(
            None,
            None,
            f"Input batch dimension ({x.shape[0]}) is not divisible by product of "
            f"block sizes ({prod})",
        )
    n, spatial, rest = x.shape[0] // prod, x.shape[1 : m + 1], x.shape[m + 1 :]
    y = x.reshape(block + [n] + list(spatial) + list(rest))
    perm = [m] + [v for i in range(m) for v in (m + 1 + i, i)] + list(range(2 * m + 1, y.ndim))
    y = y.transpose(perm).reshape([n] + [d * b for d, b in zip(spatial, block)] + list(rest))
    index = tuple(slice(c0, y.shape[1 + i] - c1) for i, (c0, c1) in enumerate(crops))
    return y[(slice(None),) + index]


@register_op
class SpaceToBatchND(OpDef):
    """Pads the spatial dimensions and moves block_shape blocks into the batch dimension."""

    inputs = ("input", "block_shape", "paddings")
    type_inputs = ("input",)

    def infer(x, block_shape, paddings):
        value = shape_util.constant_value
        return _space_batch_spec(x, value(block_shape), value(paddings), to_batch=True)

    def kernel(xp, x, block_shape, paddings):
        return _space_to_batch(xp, x, block_shape.reshape(-1), paddings)

    def grad(op, dy):
        return BatchToSpaceND.apply(dy, op.inputs[1], op.inputs[2]), None, None


@register_op
class BatchToSpaceND(OpDef):
    """The inverse of SpaceToBatchND: batch blocks back into space, then cropped."""

    inputs = ("input", "block_shape", "crops")
    type_inputs = ("input",)

    def infer(x, block_shape, crops):
        value = shape_util.constant_value
        return _space_batch_spec(x, value(block_shape), value(crops), to_batch=False)

    def kernel(xp, x, block_shape, crops):
        return _batch_to_space(xp, x, block_shape.reshape(-1), crops)

    def grad(op, dy):
        return SpaceToBatchND.apply(dy, op.inputs[1], op.inputs[2]), None, None


@register_op
class BatchToSpace(OpDef):
    """BatchToSpaceND of a 4-D input with a square block of side block_size."""

    inputs = ("input", "crops")
    type_inputs = ("input",)
    attrs = {"block_size": None}

    def infer(x, crops, *, block_size):
        if x.shape.ndims is not None:
            shape_util.with_rank(x.shape, 4)
        block = np.array([block_size, block_size])
        return _space_batch_spec(x, block, shape_util.constant_value(crops), to_batch=False)

    def kernel(xp, x, crops, *, block_size):
        return _batch_to_space(xp, x, [block_size, block_size], crops)

    def grad(op, dy):
        block = np.array([op.get_attr("block_size")] * 2, np.int32)
        return SpaceToBatchND.apply(dy, block, op.inputs[1]), None


# -- patches -------------------------------------------------------------------------------------
def _patch_geometry(size, k, stride, rate, padding):
    """(output size, padding before) for one spatial dimension, as TF's GetWindowedOutputSize."""
    eff = k + (k - 1) * (rate - 1)
    if padding == "VALID":
        return (size - eff + stride) // stride, 0
    out = -(-size // stride)
    return out, max((out - 1) * stride + eff - size, 0) // 2


def _patches_spec(x, ksizes, strides, rates, padding, what, rank):
    """The static shape of patches of a [N, spatial..., C] input of the given rank."""
    for attr, v in (("ksizes", ksizes), ("strides", strides), ("rates", rates)):
        if len(v) != rank or v[0] != 1 or v[-1] != 1:
            raise ShapeError(
                f"{what} only supports {attr} across space (first and last elements must be 1)"
            )
    if x.shape.ndims is None:
        return TensorSpec(unknown_shape(rank), x.dtype)
    n, *spatial, c = shape_util.with_rank(x.shape, rank).as_list()
    known = None not in spatial  # TF 1.15 infers no spatial size unless it knows them all
    out = [
        _patch_geometry(d, k, s, r, padding)[0] if known else None
        for d, k, s, r in zip(spatial, ksizes[1:-1], strides[1:-1], rates[1:-1])
    ]
    depth = None if c is None else c * int(np.prod(ksizes[1:-1]))
    return TensorSpec([n, *out, depth], x.dtype)


@register_op
class ExtractImagePatches(OpDef):
    """Patches of size ksizes (strided, dilated by rates) as depth: [N, rows, cols, kr*kc*C]."""

    inputs = ("images",)
    attrs = {"ksizes": None, "strides": None, "rates": None, "padding": None}
    allowed = D.REAL_NUMBERS

    def infer(x, *, ksizes, strides, rates, padding):
        return _patches_spec(x, ksizes, strides, rates, padding, "ExtractImagePatches", 4)

    def kernel(xp, x, *, ksizes, strides, rates, padding):
        return _extract_patches(xp, x, ksizes[1:3], strides[1:3], rates[1:3], padding)

    def grad(op, dy):
        rates = op.get_attr("rates")[1:3]
        return _extract_patches_grad(op, dy, rates)


@register_op
class ExtractVolumePatches(OpDef):
    """Patches of size ksizes (strided) of a 5-D input as depth: [N, p, r, c, kp*kr*kc*C]."""

    inputs = ("input",)
    attrs = {"ksizes": None, "strides": None, "padding": None}
    allowed = D.REAL_NUMBERS

    def infer(x, *, ksizes, strides, padding):
        rates = [1] * 5
        return _patches_spec(x, ksizes, strides, rates, padding, "ExtractVolumePatches", 5)

    def kernel(xp, x, *, ksizes, strides, padding):
        return _extract_patches(xp, x, ksizes[1:4], strides[1:4], [1, 1, 1], padding)

    def grad(op, dy):
        return _extract_patches_grad(op, dy, [1, 1, 1])


def _extract_patches(xp, x, ksizes, strides, rates, padding):
    """[N, out..., prod(ksizes) * C]: each window's values in (k_1, ..., k_D, C) order."""
    n, *spatial, c = x.shape
    dims = len(spatial)
    pads, index = [(0, 0)], []
    for axis, (size, k, s, r) in enumerate(zip(spatial, ksizes, strides, rates)):
        out, before = _patch_geometry(size, k, s, r, padding)
        pads.append((before, max((out - 1) * s + k + (k - 1) * (r - 1) - size - before, 0)))
        idx = (xp.arange(out) * s)[:, None] + xp.arange(k)[None, :] * r
        view = [1] * (2 * dims)
        view[axis], view[dims + axis] = out, k  # out_d at axis, k_d at dims + axis
        index.append(idx.reshape(view))
    y = xp.pad(x, pads + [(0, 0)])
    patches = y[(slice(None), *index, slice(None))]  # n, out..., k..., c
    return patches.reshape(patches.shape[: dims + 1] + (-1,))


def _extract_patches_grad(op, dy, rates):
    """Scatters each patch element's gradient back to the pixel it was copied from."""
    x = op.inputs[0]
    _, *spatial, c = x.shape.as_list()
    if None in spatial or c is None:
        raise NotImplementedError(f"{op.type} gradient needs known spatial sizes and depth.")
    ksizes, strides = op.get_attr("ksizes")[1:-1], op.get_attr("strides")[1:-1]
    pixels = int(np.prod(spatial))
    pixel = np.arange(1, pixels + 1, dtype=np.int64).reshape([1, *spatial, 1])  # 0: padding
    ids = _extract_patches(np, pixel, ksizes, strides, rates, op.get_attr("padding"))
    ids = np.repeat(ids.reshape(-1, 1), c, axis=1)  # one id per dy element
    ids = (ids * c + np.arange(c)).reshape(-1)  # one segment per (pixel, channel)
    batch = shape(dy)[0]
    flat = transpose(reshape(dy, stack([batch, -1])), [1, 0])
    summed = scatter_nd(ids.reshape(-1, 1), flat, stack([(pixels + 1) * c, batch]))[c:]
    rank = len(spatial) + 2
    return transpose(reshape(summed, [*spatial, c, -1]), [rank - 1, *range(rank - 1)])


# -- rolls, diagonals, lists ---------------------------------------------------------------------
@register_op
class Roll(OpDef):
    """`input` rolled by `shift` places along each of `axis`."""

    inputs = ("input", "shift", "axis")
    type_inputs = ("input",)

    def infer(x, shift, axis):
        if shift.shape.ndims is not None and shift.shape.ndims > 1:
            raise ShapeError(f"Shape must be at most rank 1 but is rank {shift.shape.ndims}")
        return TensorSpec(x.shape, x.dtype)

    def kernel(xp, x, shift, axis):
        shift, axis = xp.reshape(shift, (-1,)), xp.reshape(axis, (-1,))
        if shift.shape != axis.shape:
            raise InvalidArgumentError(
                None, None, f"shift and axis must have the same size: {shift.size} vs {axis.size}"
            )
        for a in axis.tolist():
            if not -x.ndim <= a < x.ndim:
                raise InvalidArgumentError(None, None, f"axis {a} is out of range")
        return xp.roll(x, tuple(shift.tolist()), tuple(axis.tolist()))

    def grad(op, dy):
        return Roll.apply(dy, -op.inputs[1], op.inputs[2]), None, None


_DIAG_TYPES = frozenset(
    {D.bfloat16, D.float16, D.float32, D.float64, D.int32, D.int64, D.complex64, D.complex128}
)


@register_op
class Diag(OpDef):
    """A tensor of rank 2k with `diagonal` (rank k) on its diagonal and zeros elsewhere."""

    inputs = ("diagonal",)
    allowed = _DIAG_TYPES

    def infer(d):
        if d.shape.ndims is None:
            return TensorSpec(unknown_shape(), d.dtype)
        if d.shape.ndims < 1:
            raise ShapeError("Shape must be at least rank 1 but is rank 0")
        return TensorSpec(d.shape.concatenate(d.shape), d.dtype)

    def kernel(xp, d):
        n = d.size
        out = xp.zeros((n, n), dtype=d.dtype)
        out[xp.arange(n), xp.arange(n)] = d.reshape(-1)
        return out.reshape(d.shape + d.shape)

    def grad(op, dy):
        return DiagPart.apply(dy)


@register_op
class DiagPart(OpDef):
    """The diagonal of a rank-2k tensor whose first and last k dimensions match."""

    inputs = ("input",)
    allowed = _DIAG_TYPES

    def infer(x):
        if x.shape.ndims is None:
            return TensorSpec(unknown_shape(), x.dtype)
        rank = x.shape.ndims
        if rank % 2 or rank == 0:
            raise ShapeError(f"Input must have even and non-zero rank, input rank is {rank}")
        half = x.shape.as_list()
        return TensorSpec(
            shape_util.merge_pair(TensorShape(half[: rank // 2]), TensorShape(half[rank // 2 :])),
            x.dtype,
        )

    def kernel(xp, x):
        half = x.shape[: x.ndim // 2]
        if half != x.shape[x.ndim // 2 :]:
            raise InvalidArgumentError(
                None,
                None,
                f"Invalid shape {list(x.shape)}: dimensions "
                "must match in the first and second halves",
            )
        n = int(np.prod(half, dtype=np.int64))
        return x.reshape(n, n)[xp.arange(n), xp.arange(n)].reshape(half)

    def grad(op, dy):
        return Diag.apply(dy)


@register_op
class IdentityN(OpDef):
    """Each of `input`, unchanged (a list of tensors of any types)."""

    inputs = ("input*",)
    type_inputs = ()
    list_output = True
    aliases_input = True

    def infer(*xs):
        return [TensorSpec(x.shape, x.dtype.base_dtype) for x in xs]

    def kernel(xp, *xs):
        return list(xs)

    def grad(op, *dys):
        return list(dys)


@register_op
class ShapeN(OpDef):
    """The shapes of each of `input` as 1-D tensors."""

    inputs = ("input*",)
    attrs = {"out_type": D.int32}
    list_output = True

    def infer(*xs, out_type):
        return [TensorSpec([x.shape.ndims], out_type) for x in xs]

    def kernel(xp, *xs, out_type):
        return [xp.asarray(x.shape, dtype=out_type.as_numpy_dtype) for x in xs]


@register_op
class BroadcastArgs(OpDef):
    """The shape of broadcasting shapes s0 and s1 together."""

    inputs = ("s0", "s1")
    allowed = INDEX

    def infer(s0, s1):
        n0, n1 = (shape_util.known(s.shape[0]) if s.shape.ndims == 1 else None for s in (s0, s1))
        return TensorSpec([None if n0 is None or n1 is None else max(n0, n1)], s0.dtype)

    def kernel(xp, s0, s1):
        try:
            out = np.broadcast_shapes(tuple(s0.tolist()), tuple(s1.tolist()))
        except ValueError:
            raise InvalidArgumentError(
                None,
                None,
                f"Incompatible shapes: [{','.join(map(str, s0.tolist()))}] vs. "
                f"[{','.join(map(str, s1.tolist()))}]",
            ) from None
        return xp.asarray(out, dtype=s0.dtype)


@register_op
class EnsureShape(OpDef):
    """`input`, checked at run time to have a shape compatible with `shape`."""

    inputs = ("input",)
    attrs = {"shape": None}
    stateful = True  # the error names the checked tensor
    foldable = False

    def infer(x, *, shape):
        try:
            return TensorSpec(shape_util.merge_pair(x.shape, shape), x.dtype)
        except ShapeError:
            raise ShapeError(
                f"Shape must be rank {shape.ndims} but is rank {x.shape.ndims}"
                if x.shape.ndims != shape.ndims
                else f"Dimension mismatch: shapes {x.shape} and {shape} are incompatible"
            ) from None

    def kernel(xp, x, *, ctx, op, shape):
        if not shape.is_compatible_with(x.shape):
            got = ",".join(map(str, x.shape))
            raise InvalidArgumentError(
                None,
                op,
                f"Shape of tensor {op.inputs[0].name} [{got}] is not compatible with "
                f"expected shape {shape._debug()}.",
            )
        return x

    def grad(op, dy):
        return dy


@register_op
class ParallelConcat(OpDef):
    """The inputs (each of shape [1, ...]) concatenated along dimension 0 into `shape`."""

    inputs = ("values*",)
    attrs = {"shape": None}

    def infer(*xs, shape):
        return TensorSpec(shape, xs[0].dtype)

    def kernel(xp, *xs, shape):
        return xp.concatenate(xs, axis=0)


for _name in ("ShapeN", "BroadcastArgs"):
    NotDifferentiable(_name)


# -- public wrappers -----------------------------------------------------------------------------
def space_to_depth(input, block_size, name=None, data_format="NHWC"):
    """Moves spatial blocks of block_size x block_size into the depth dimension."""
    return SpaceToDepth.apply(input, name=name, block_size=int(block_size), data_format=data_format)


def depth_to_space(input, block_size, name=None, data_format="NHWC"):
    """Moves depth values into spatial blocks of block_size x block_size."""
    return DepthToSpace.apply(input, name=name, block_size=int(block_size), data_format=data_format)


def _int32(value, name):
    return convert_to_tensor(value, dtype_hint=D.int32, name=name)


def space_to_batch_nd(input, block_shape, paddings, name=None):
    """Pads the spatial dimensions, then moves blocks of block_shape into the batch."""
    return SpaceToBatchND.apply(
        input, _int32(block_shape, "block_shape"), _int32(paddings, "paddings"), name=name
    )


def batch_to_space_nd(input, block_shape, crops, name=None):
    """Moves batch blocks back into the spatial dimensions, then crops them."""
    return BatchToSpaceND.apply(
        input, _int32(block_shape, "block_shape"), _int32(crops, "crops"), name=name
    )


def space_to_batch(input, paddings, block_size=None, name=None, block_shape=None):
    """SpaceToBatchND with a square block of side block_size over two spatial dimensions."""
    block_size = block_shape if block_size is None else block_size
    block = np.array([block_size, block_size], dtype=np.int64)
    return SpaceToBatchND.apply(input, block, _int32(paddings, "paddings"), name=name)


def batch_to_space(input, crops, block_size, name=None, block_shape=None):
    """The inverse of space_to_batch (TF op BatchToSpace)."""
    block_size = block_shape if block_size is None else block_size
    return BatchToSpace.apply(input, _int32(crops, "crops"), name=name, block_size=int(block_size))


def required_space_to_batch_paddings(input_shape, block_shape, base_paddings=None, name=None):
    """(paddings, crops) making input_shape (plus base_paddings) divisible by block_shape."""
    with name_scope(name, "required_space_to_batch_paddings", [input_shape, block_shape]):
        input_shape = convert_to_tensor(input_shape, dtype=D.int32, name="input_shape")
        block_shape = convert_to_tensor(block_shape, dtype=D.int32, name="block_shape")
        if not block_shape.shape.is_fully_defined() or block_shape.shape.ndims != 1:
            raise ValueError(f"block_shape must be a fully defined vector: {block_shape.shape}")
        m = block_shape.shape.as_list()[0]
        if m == 0:
            return zeros([0, 2], D.int32), zeros([0, 2], D.int32)
        input_shape.shape.assert_is_compatible_with([m])
        if base_paddings is None:
            base_paddings = zeros([m, 2], D.int32)
        base_paddings = convert_to_tensor(base_paddings, dtype=D.int32, name="base_paddings")
        base_paddings.shape.assert_is_compatible_with([m, 2])
        pad_start, orig_pad_end = base_paddings[:, 0], base_paddings[:, 1]
        full = input_shape + pad_start + orig_pad_end
        extra = (block_shape - full % block_shape) % block_shape
        pad_end = orig_pad_end + extra
        paddings = stack([[pad_start[i], pad_end[i]] for i in range(m)], name="paddings")
        crops = stack([[0, extra[i]] for i in range(m)], name="crops")
        return paddings, crops


def extract_volume_patches(input, ksizes, strides, padding, name=None):
    """3-D patches of size ksizes (strided) of a 5-D input, stacked in the depth dimension."""
    return ExtractVolumePatches.apply(
        input, name=name, ksizes=list(ksizes), strides=list(strides), padding=padding
    )


def extract_image_patches(
    images, ksizes=None, strides=None, rates=None, padding=None, name=None, sizes=None
):
    """Image patches of size ksizes (strided, dilated) stacked in the depth dimension."""
    ksizes = sizes if ksizes is None else ksizes
    return ExtractImagePatches.apply(
        images,
        name=name,
        ksizes=list(ksizes),
        strides=list(strides),
        rates=list(rates),
        padding=padding,
    )


def roll(input, shift, axis, name=None):
    """`input` rolled (elements shifted cyclically) by `shift` along `axis`."""
    return Roll.apply(input, _int32(shift, "shift"), _int32(axis, "axis"), name=name)


def diag(diagonal, name=None):
    """A tensor with `diagonal` on its diagonal: rank k in, rank 2k out (TF op Diag)."""
    return Diag.apply(diagonal, name=name)


def diag_part(input, name=None):
    """The diagonal of a rank-2k tensor (TF op DiagPart)."""
    return DiagPart.apply(input, name=name)


def identity_n(input, name=None):
    """Each tensor of the list `input`, unchanged."""
    return IdentityN.apply(list(input), name=name)


def shape_n(input, out_type=D.int32, name=None):
    """The shapes of a list of tensors."""
    return ShapeN.apply(list(input), name=name, out_type=D.as_dtype(out_type))


def broadcast_dynamic_shape(shape_x, shape_y):
    """The shape of broadcasting two shape tensors together."""
    return BroadcastArgs.apply(shape_x, shape_y)


def broadcast_static_shape(shape_x, shape_y):
    """The TensorShape of broadcasting two TensorShapes together (ValueError if they cannot)."""
    try:
        return shape_util.broadcast_shape(as_shape(shape_x), as_shape(shape_y))
    except ShapeError:
        raise ValueError(f"Incompatible shapes for broadcasting: {shape_x} and {shape_y}") from None


def ensure_shape(x, shape, name=None):
    """`x`, checked at run time to have a shape compatible with `shape`."""
    return EnsureShape.apply(x, name=name, shape=as_shape(shape))


def parallel_stack(values, name="parallel_stack"):
    """Stacks a list of same-shaped tensors along a new first dimension (TF op ParallelConcat)."""
    with name_scope(name, "parallel_stack", values) as scope:
        values = [convert_to_tensor(v) for v in values]
        value_shape = shape_util.merge_shapes([v.shape for v in values])
        if not value_shape.is_fully_defined():
            raise ValueError(f"Cannot infer the shape of the output: {value_shape}")
        out_shape = TensorShape([len(values)] + value_shape.as_list())
        return ParallelConcat.apply(
            [expand_dims(v, 0) for v in values], name=scope, shape=out_shape
        )


def _tile_one_dimension(x, axis, multiple, rank):
    ones = [1] * rank
    return tile(x, concat([ones[:axis], [multiple], ones[axis + 1 :]], 0))


def repeat(input, repeats, axis=None, name=None):
    """Each element (or slice along `axis`) of `input` repeated `repeats` times."""
    # Built as TF 1.15 builds it (tile, then boolean_mask), so the gradient is a dense Tensor.
    with name_scope(name, "Repeat", [input, repeats]):
        data = convert_to_tensor(input, name="input")
        repeats = convert_to_tensor(repeats, dtype=D.int32, name="repeats")
        if axis is None:
            data, axis = reshape(data, [-1]), 0
        rank = data.shape.ndims
        if rank is None:
            raise ValueError("repeat needs an input of known rank in tinytf.")
        axis = shape_util.normalize_axis(axis, rank)
        data_shape = shape(data)
        expanded = expand_dims(data, axis + 1)
        if repeats.shape.num_elements() == 1:
            times = reshape(repeats, [])
            tiled = _tile_one_dimension(expanded, axis + 1, times, rank + 1)
            result_shape = concat(
                [data_shape[:axis], [times * data_shape[axis]], data_shape[axis + 1 :]], 0
            )
            return reshape(tiled, result_shape)
        repeats = reshape(repeats, [1] * axis + [-1]) + zeros(data_shape[: axis + 1], D.int32)
        most = reduce_max(concat([reshape(repeats, [-1]), [0]], 0))
        mask = sequence_mask(repeats, most)
        masked = boolean_mask(_tile_one_dimension(expanded, axis + 1, most, rank + 1), mask)
        if axis == 0:
            return masked
        return reshape(masked, concat([data_shape[:axis], [-1], data_shape[axis + 1 :]], 0))


# -- ConcatOffset (the gradient of a concat whose shapes are only known at run time) ----------
@register_op
class ConcatOffset(OpDef):
    """Where each input of a concat along `concat_dim` starts in its output."""

    inputs = ("concat_dim", "shape*")
    type_inputs = ()

    def infer(concat_dim, *shapes):
        return [TensorSpec(s.shape, D.int32) for s in shapes]

    def kernel(xp, concat_dim, *shapes):
        shapes = [np.asarray(s) for s in shapes]
        rank = shapes[0].shape[0]
        axis = int(concat_dim) % rank if rank else 0
        offsets, start = [], 0
        for k, s in enumerate(shapes):
            if s.shape[0] != rank:
                raise InvalidArgumentError(
                    None, None, f"input {k} should contain {rank} elements, but got {s.shape[0]}"
                )
            bad = [d for d in range(rank) if d != axis and s[d] != shapes[0][d]]
            if bad:
                raise InvalidArgumentError(
                    None,
                    None,
                    f"input[{k},{bad[0]}] mismatch: {s[bad[0]]} vs {shapes[0][bad[0]]}",
                )
            offset = np.zeros(rank, np.int32)
            offset[axis] = start
            offsets.append(offset)
            start += int(s[axis])
        return tuple(offsets)

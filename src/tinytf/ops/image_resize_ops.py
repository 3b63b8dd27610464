"""tf.image resizing beyond bilinear and nearest neighbour: TF 1.x's bicubic (its 1024-entry
coefficient table, a = -0.75) and area kernels, resize_images with every method and
preserve_aspect_ratio, and crop_and_resize (TF ops ResizeBicubic, ResizeBicubicGrad,
ResizeArea, CropAndResize)."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError, OutOfRangeError
from tinytf.framework.op_def import OpDef, TensorSpec, convert_to_tensor, name_scope, register_op
from tinytf.ops import array_ops, math_ops, shape_util
from tinytf.ops.image_ops import (
    ResizeBilinear,
    ResizeMethod,
    ResizeNearestNeighbor,
    _Resize,
)

_TABLE_SIZE = 1024
_RESIZE_TYPES = frozenset(
    {
        D.int8,
        D.uint8,
        D.int16,
        D.uint16,
        D.int32,
        D.int64,
        D.bfloat16,
        D.float16,
        D.float32,
        D.float64,
    }
)


def _scale(in_size, out_size, align_corners):
    """TF's CalculateResizeScale, in float32."""
    if align_corners and out_size > 1:
        return np.float32(in_size - 1) / np.float32(out_size - 1)
    return np.float32(in_size) / np.float32(out_size)


def _cubic_table():
    x = np.arange(_TABLE_SIZE + 1, dtype=np.float64) / _TABLE_SIZE
    a = -0.75
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a
    return near.astype(np.float32), far.astype(np.float32)


def _bicubic_matrix(out_size, in_size, align_corners):
    """[out, in] weights of TF 1.x's legacy bicubic sampling (edge taps clamped)."""
    near, far = _cubic_table()
    src = np.arange(out_size, dtype=np.float32) * _scale(in_size, out_size, align_corners)
    base = np.floor(src).astype(np.int64)
    offset = np.rint((src - base) * _TABLE_SIZE).astype(np.int64)
    weights = [far[offset], near[offset], near[_TABLE_SIZE - offset], far[_TABLE_SIZE - offset]]
    matrix = np.zeros((out_size, in_size), np.float64)
    rows = np.arange(out_size)
    for tap, weight in zip(range(-1, 3), weights):
        np.add.at(matrix, (rows, np.clip(base + tap, 0, in_size - 1)), weight)
    return matrix


def _area_matrix(out_size, in_size, align_corners):
    """[out, in] weights of TF's ResizeArea: each output averages the input cells it covers."""
    scale = _scale(in_size, out_size, align_corners)
    matrix = np.zeros((out_size, in_size), np.float64)
    for o in range(out_size):
        lo, hi = np.float32(o * scale), np.float32((o + 1) * scale)
        for i in range(int(np.floor(lo)), int(np.ceil(hi))):
            inside = min(i + 1, hi) - max(i, lo)
            matrix[o, min(i, in_size - 1)] += inside
    return matrix / scale


def _apply_matrices(images, my, mx):
    return np.einsum("oh,bhwc,pw->bopc", my, np.asarray(images, np.float64), mx)


def _out_size(size):
    return tuple(int(s) for s in np.ravel(size))


@register_op
class ResizeBicubic(_Resize):
    """Each output pixel interpolated from the 4x4 input pixels around where it samples."""

    allowed = _RESIZE_TYPES

    def kernel(xp, images, size, *, align_corners, half_pixel_centers):
        (oh, ow), (h, w) = _out_size(size), images.shape[1:3]
        my, mx = _bicubic_matrix(oh, h, align_corners), _bicubic_matrix(ow, w, align_corners)
        return xp.asarray(_apply_matrices(images, my, mx).astype(np.float32))

    def grad(op, dy):
        image = op.inputs[0]
        if image.dtype.base_dtype not in (D.float32, D.float64):
            return None, None
        return ResizeBicubicGrad.apply(dy, image, align_corners=op.get_attr("align_corners")), None


@register_op
class ResizeBicubicGrad(OpDef):
    """The gradient of ResizeBicubic: each output gradient shared out by the same weights."""

    inputs = ("grads", "original_image")
    type_inputs = ("original_image",)
    attrs = {"align_corners": False, "half_pixel_centers": False}
    allowed = frozenset({D.float32, D.float64})

    def infer(grads, original_image, *, align_corners, half_pixel_centers):
        return TensorSpec(original_image.shape, original_image.dtype)

    def kernel(xp, grads, original_image, *, align_corners, half_pixel_centers):
        (oh, ow), (h, w) = grads.shape[1:3], original_image.shape[1:3]
        my, mx = _bicubic_matrix(oh, h, align_corners), _bicubic_matrix(ow, w, align_corners)
        out = _apply_matrices(grads, my.T, mx.T)
        return xp.asarray(out.astype(original_image.dtype))


@register_op
class ResizeArea(OpDef):
    """Each output pixel the average of the input area it covers."""

    inputs = ("images", "size")
    type_inputs = ("images",)
    attrs = {"align_corners": False}
    allowed = _RESIZE_TYPES

    def infer(images, size, *, align_corners):
        dims = shape_util.with_rank(images.shape, 4).as_list()
        hw = shape_util.constant_value_as_shape(size).as_list() if size.shape.ndims else [None] * 2
        return TensorSpec([dims[0], *(hw + [None, None])[:2], dims[3]], D.float32)

    def kernel(xp, images, size, *, align_corners):
        (oh, ow), (h, w) = _out_size(size), images.shape[1:3]
        my, mx = _area_matrix(oh, h, align_corners), _area_matrix(ow, w, align_corners)
        return xp.asarray(_apply_matrices(images, my, mx).astype(np.float32))


def resize_bicubic(images, size, align_corners=False, name=None, half_pixel_centers=False):
    """Images resized by TF 1.x's bicubic interpolation (float32 out)."""
    return ResizeBicubic.apply(
        images,
        size,
        name=name or "ResizeBicubic",
        align_corners=align_corners,
        half_pixel_centers=half_pixel_centers,
    )


def resize_area(images, size, align_corners=False, name=None):
    """Images resized by area averaging (float32 out)."""
    return ResizeArea.apply(images, size, name=name or "ResizeArea", align_corners=align_corners)


_RESIZERS = {
    ResizeMethod.BILINEAR: ResizeBilinear,
    ResizeMethod.NEAREST_NEIGHBOR: ResizeNearestNeighbor,
    ResizeMethod.BICUBIC: ResizeBicubic,
    ResizeMethod.AREA: ResizeArea,
}


def _aspect_size(images, size):
    """The largest size within `size` that keeps the images' aspect ratio (TF's rounding)."""
    hw = [
        d if d is not None else array_ops.shape(images)[i + 1]
        for i, d in enumerate(images.shape.as_list()[1:3])
    ]
    target = shape_util.constant_value_as_shape(size).as_list()
    h, w = (math_ops.cast(d, D.float32) for d in hw)
    factor = math_ops.minimum(
        math_ops.cast(target[0], D.float32) / h, math_ops.cast(target[1], D.float32) / w
    )
    new = [math_ops.cast(math_ops.round(factor * d), D.int32) for d in (h, w)]
    return convert_to_tensor(array_ops.stack(new), D.int32, name="size")


def resize_images(
    images,
    size,
    method=ResizeMethod.BILINEAR,
    align_corners=False,
    preserve_aspect_ratio=False,
    name=None,
):
    """Images resized to `size` [new_height, new_width] by `method` (tf.image.ResizeMethod)."""
    with name_scope(name, "resize", [images, size]):
        images = convert_to_tensor(images, name="images")
        if images.shape.ndims is None:
            raise ValueError("'images' contains no shape.")
        is_batch = images.shape.ndims == 4
        if images.shape.ndims == 3:
            images = array_ops.expand_dims(images, 0)
        elif not is_batch:
            raise ValueError("'images' must have either 3 or 4 dimensions.")
        try:
            size = convert_to_tensor(size, D.int32, name="size")
        except (TypeError, ValueError):
            raise ValueError("'size' must be a 1-D int32 Tensor") from None
        if not size.shape.is_compatible_with([2]):
            raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
        if preserve_aspect_ratio:
            size = _aspect_size(images, size)
        new_hw = shape_util.constant_value_as_shape(size).as_list()
        if None not in new_hw and new_hw == images.shape.as_list()[1:3]:
            return images if is_batch else array_ops.squeeze(images, axis=[0])
        if method not in _RESIZERS:
            raise ValueError("Resize method is not implemented.")
        images = _RESIZERS[method].apply(images, size, align_corners=align_corners)
        images.set_shape([None, *new_hw, None])
        return images if is_batch else array_ops.squeeze(images, axis=[0])


# -- crop_and_resize -----------------------------------------------------------------------------
def _box_samples(lo, hi, crop, extent):
    """Where each of `crop` outputs samples between box edges lo and hi (float32, as TF)."""
    lo, hi = np.float32(lo), np.float32(hi)
    last = np.float32(extent - 1)
    if crop > 1:
        step = (hi - lo) * last / np.float32(crop - 1)
        return lo * last + np.arange(crop, dtype=np.float32) * step
    return np.full(1, np.float32(0.5) * (lo + hi) * last, np.float32)


def _crop_one(image, box, crop_hw, method, extrapolation_value):
    (ch, cw), (h, w) = crop_hw, image.shape[:2]
    ys, xs = _box_samples(box[0], box[2], ch, h), _box_samples(box[1], box[3], cw, w)
    valid = ((ys >= 0) & (ys <= h - 1))[:, None] & ((xs >= 0) & (xs <= w - 1))[None, :]
    yc, xc = np.clip(ys, 0, h - 1), np.clip(xs, 0, w - 1)
    img = image.astype(np.float32)
    if method == "nearest":
        out = img[np.floor(yc + 0.5).astype(np.int64)][:, np.floor(xc + 0.5).astype(np.int64)]
    else:
        y0, x0 = np.floor(yc).astype(np.int64), np.floor(xc).astype(np.int64)
        y1, x1 = np.ceil(yc).astype(np.int64), np.ceil(xc).astype(np.int64)
        dy, dx = (yc - y0)[:, None, None], (xc - x0)[None, :, None]
        top = img[y0][:, x0] + (img[y0][:, x1] - img[y0][:, x0]) * dx
        bottom = img[y1][:, x0] + (img[y1][:, x1] - img[y1][:, x0]) * dx
        out = top + (bottom - top) * dy
    return np.where(valid[..., None], out, extrapolation_value).astype(np.float32)


@register_op
class CropAndResize(OpDef):
    """Boxes [y1, x1, y2, x2] (normalised) cut from the images and resized to crop_size."""

    inputs = ("image", "boxes", "box_ind", "crop_size")
    type_inputs = ("image",)
    attrs = {"method": "bilinear", "extrapolation_value": 0.0}
    allowed = _RESIZE_TYPES

    def infer(image, boxes, box_ind, crop_size, *, method, extrapolation_value):
        if method not in ("bilinear", "nearest"):
            raise ValueError("method must be 'bilinear' or 'nearest'")
        depth = shape_util.with_rank(image.shape, 4)[3].value
        n = shape_util.merge_dim(
            shape_util.with_rank(boxes.shape, 2)[0].value,
            shape_util.with_rank(box_ind.shape, 1)[0].value,
        )
        hw = shape_util.constant_value_as_shape(crop_size).as_list()
        return TensorSpec([n, *(hw + [None, None])[:2], depth], D.float32)

    def kernel(xp, image, boxes, box_ind, crop_size, *, method, extrapolation_value):
        crop_hw = _out_size(crop_size)
        if min(crop_hw) <= 0:
            raise InvalidArgumentError(None, None, "crop dimensions must be positive")
        box_ind = np.asarray(box_ind)
        if box_ind.size and (box_ind.min() < 0 or box_ind.max() >= image.shape[0]):
            raise OutOfRangeError(None, None, "box_index has values outside [0, batch_size)")
        crops = [
            _crop_one(image[b], box, crop_hw, method, extrapolation_value)
            for box, b in zip(np.asarray(boxes), box_ind)
        ]
        shape = (len(crops), *crop_hw, image.shape[3])
        return xp.asarray(np.stack(crops) if crops else np.zeros(shape, np.float32))

    def grad(op, dy):
        image, boxes, box_ind, _ = op.inputs
        size = image.shape.as_list() if image.shape.is_fully_defined() else array_ops.shape(image)
        grad_image = None
        if image.dtype.base_dtype in (D.float16, D.float32, D.float64):
            grad_image = CropAndResizeGradImage.apply(
                dy,
                boxes,
                box_ind,
                convert_to_tensor(size, D.int32),
                T=image.dtype.base_dtype,
                method=op.get_attr("method"),
            )
        return grad_image, CropAndResizeGradBoxes.apply(dy, image, boxes, box_ind), None, None


def _sample_grid(box, crop_hw, hw):
    """Per axis: (floor index, ceil index, lerp, in-range mask), as TF's bilinear crop."""
    grid = []
    for lo, hi, crop, extent in (
        (box[0], box[2], crop_hw[0], hw[0]),
        (box[1], box[3], crop_hw[1], hw[1]),
    ):
        src = _box_samples(lo, hi, crop, extent)
        valid = (src >= 0) & (src <= extent - 1)
        src = np.clip(src, 0, extent - 1)
        low = np.floor(src).astype(np.int64)
        grid.append((low, np.ceil(src).astype(np.int64), (src - low).astype(np.float32), valid))
    return grid


def _box_ratio(crop, extent):
    return np.float32(extent - 1) / np.float32(crop - 1) if crop > 1 else np.float32(0)


@register_op
class CropAndResizeGradImage(OpDef):
    """The gradient of CropAndResize with respect to the image."""

    inputs = ("grads", "boxes", "box_ind", "image_size")
    type_inputs = ()
    attrs = {"T": None, "method": "bilinear"}

    def infer(grads, boxes, box_ind, image_size, *, T, method):  # noqa: N803 - TF's attr
        return TensorSpec(shape_util.constant_value_as_shape(image_size), T)

    def kernel(xp, grads, boxes, box_ind, image_size, *, T, method):  # noqa: N803
        out = np.zeros(_out_size(image_size), np.float64)
        crop_hw = grads.shape[1:3]
        for g, box, b in zip(np.asarray(grads, np.float64), np.asarray(boxes), box_ind):
            (y0, y1, dy, vy), (x0, x1, dx, vx) = _sample_grid(box, crop_hw, out.shape[1:3])
            g = g * (vy[:, None] & vx[None, :])[..., None]
            if method == "nearest":
                ys, xs = np.floor(y0 + dy + 0.5).astype(np.int64), np.floor(x0 + dx + 0.5)
                np.add.at(out[b], (ys[:, None], xs.astype(np.int64)[None, :]), g)
                continue
            for yi, wy in ((y0, 1 - dy), (y1, dy)):
                for xi, wx in ((x0, 1 - dx), (x1, dx)):
                    np.add.at(
                        out[b],
                        (yi[:, None], xi[None, :]),
                        g * (wy[:, None] * wx[None, :])[..., None],
                    )
        return xp.asarray(out.astype(T.as_numpy_dtype))


@register_op
class CropAndResizeGradBoxes(OpDef):
    """The gradient of CropAndResize with respect to the boxes (bilinear sampling)."""

    inputs = ("grads", "image", "boxes", "box_ind")
    type_inputs = ("image",)
    allowed = _RESIZE_TYPES - {D.bfloat16}

    def infer(grads, image, boxes, box_ind):
        return TensorSpec(boxes.shape, D.float32)

    def kernel(xp, grads, image, boxes, box_ind):
        out = np.zeros(np.shape(boxes), np.float64)
        (ch, cw), (h, w) = grads.shape[1:3], image.shape[1:3]
        rh, rw = _box_ratio(ch, h), _box_ratio(cw, w)
        for k, (g, box, b) in enumerate(zip(np.asarray(grads, np.float64), boxes, box_ind)):
            (y0, y1, dy, vy), (x0, x1, dx, vx) = _sample_grid(box, (ch, cw), (h, w))
            img = np.asarray(image[b], np.float64)
            tl, tr = img[y0][:, x0], img[y0][:, x1]
            bl, br = img[y1][:, x0], img[y1][:, x1]
            dyv, dxv = dy[:, None, None], dx[None, :, None]
            mask = (vy[:, None] & vx[None, :])[..., None]
            grad_y = ((1 - dxv) * (bl - tl) + dxv * (br - tr)) * g * mask
            grad_x = ((1 - dyv) * (tr - tl) + dyv * (br - bl)) * g * mask
            gy, gx = grad_y.sum(axis=(1, 2)), grad_x.sum(axis=(0, 2))
            out[k] += _edge_grads(gy, ch, h, rh) + _edge_grads(gx, cw, w, rw)[[1, 0, 3, 2]]
        return xp.asarray(out.astype(np.float32))


def _edge_grads(per_row, crop, extent, ratio):
    """[d lo, 0, d hi, 0] from the gradient of each sampled row (or column) position."""
    if crop > 1:
        pos = np.arange(crop) * ratio
        return np.array([np.sum(per_row * (extent - 1 - pos)), 0, np.sum(per_row * pos), 0])
    half = np.sum(per_row) * 0.5 * (extent - 1)
    return np.array([half, 0, half, 0])


def crop_and_resize(
    image,
    boxes,
    box_ind=None,
    crop_size=None,
    method="bilinear",
    extrapolation_value=0,
    name=None,
    box_indices=None,
):
    """Crops of image[box_ind[i]] at boxes[i], each resized to crop_size (float32)."""
    if box_indices is not None:
        if box_ind is not None:
            raise ValueError("Cannot specify both 'box_indices' and 'box_ind'")
        box_ind = box_indices
    return CropAndResize.apply(
        image,
        boxes,
        box_ind,
        crop_size,
        method=method,
        extrapolation_value=float(extrapolation_value),
        name=name or "CropAndResize",
    )

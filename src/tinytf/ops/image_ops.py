"""tf.image: resizing (TF 1.x's bilinear and nearest-neighbour sampling, with gradients), flips,
per-image standardization, grayscale and dtype conversion, on NHWC batches or HWC images."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import OpDef, TensorSpec, convert_to_tensor, name_scope, register_op
from tinytf.ops import array_ops, clip_ops, math_ops, reduction_ops, shape_util
from tinytf.ops.sequence_ops import reverse


class ResizeMethod:
    BILINEAR, NEAREST_NEIGHBOR, BICUBIC, AREA = 0, 1, 2, 3


def _sources(out_size, in_size, align_corners):
    """Where each output row (or column) samples the input, in TF 1.x's legacy scaling."""
    if align_corners and out_size > 1:
        scale = (in_size - 1) / (out_size - 1)
    else:
        scale = in_size / out_size
    return np.arange(out_size, dtype=np.float64) * scale


def _bilinear_weights(out_size, in_size, align_corners):
    src = _sources(out_size, in_size, align_corners)
    low = np.floor(src).astype(np.int64)
    high = np.minimum(low + 1, in_size - 1)
    return low, high, (src - low).astype(np.float32)


def _nearest(out_size, in_size, align_corners):
    src = _sources(out_size, in_size, align_corners)
    index = np.round(src) if align_corners else np.floor(src)
    return np.minimum(index.astype(np.int64), in_size - 1)


class _Resize(OpDef):
    inputs = ("images", "size")
    type_inputs = ("images",)
    attrs = {"align_corners": False, "half_pixel_centers": False}

    @classmethod
    def infer(cls, images, size, *, align_corners, half_pixel_centers):
        if half_pixel_centers:
            raise NotImplementedError("tinytf resizes as TF 1.x (half_pixel_centers=False)")
        dims = shape_util.with_rank(images.shape, 4).as_list()
        hw = shape_util.constant_value_as_shape(size).as_list() if size.shape.ndims else [None] * 2
        dtype = images.dtype if cls is ResizeNearestNeighbor else D.float32
        return TensorSpec([dims[0], *(hw + [None, None])[:2], dims[3]], dtype)


@register_op
class ResizeBilinear(_Resize):
    """Each output pixel interpolated from the 4 input pixels around where it samples."""

    def kernel(xp, images, size, *, align_corners, half_pixel_centers):
        (oh, ow), (h, w) = (int(s) for s in np.ravel(size)), images.shape[1:3]
        y0, y1, dy = _bilinear_weights(oh, h, align_corners)
        x0, x1, dx = _bilinear_weights(ow, w, align_corners)
        img = images.astype(np.float32)
        rows = img[:, y0] * (1 - dy)[None, :, None, None] + img[:, y1] * dy[None, :, None, None]
        return (
            rows[:, :, x0] * (1 - dx)[None, None, :, None]
            + rows[:, :, x1] * dx[None, None, :, None]
        )

    def grad(op, dy):
        return ResizeBilinearGrad.apply(
            dy, op.inputs[0], align_corners=op.get_attr("align_corners")
        ), None


@register_op
class ResizeBilinearGrad(OpDef):
    """The gradient of ResizeBilinear: each output gradient shared out by the same weights."""

    inputs = ("grads", "original_image")
    type_inputs = ("original_image",)
    attrs = {"align_corners": False, "half_pixel_centers": False}

    def infer(grads, original, *, align_corners, half_pixel_centers):
        return TensorSpec(original.shape, original.dtype)

    def kernel(xp, grads, original, *, align_corners, half_pixel_centers):
        (oh, ow), (h, w) = grads.shape[1:3], original.shape[1:3]
        y0, y1, dy = _bilinear_weights(oh, h, align_corners)
        x0, x1, dx = _bilinear_weights(ow, w, align_corners)
        cols = np.zeros(grads.shape[:2] + (w,) + grads.shape[3:], np.float64)
        np.add.at(cols, (slice(None), slice(None), x0), grads * (1 - dx)[None, None, :, None])
        np.add.at(cols, (slice(None), slice(None), x1), grads * dx[None, None, :, None])
        out = np.zeros(original.shape, np.float64)
        np.add.at(out, (slice(None), y0), cols * (1 - dy)[None, :, None, None])
        np.add.at(out, (slice(None), y1), cols * dy[None, :, None, None])
        return out.astype(original.dtype)


@register_op
class ResizeNearestNeighbor(_Resize):
    """Each output pixel copied from the input pixel where it samples."""

    def kernel(xp, images, size, *, align_corners, half_pixel_centers):
        (oh, ow), (h, w) = (int(s) for s in np.ravel(size)), images.shape[1:3]
        return images[:, _nearest(oh, h, align_corners)][:, :, _nearest(ow, w, align_corners)]

    def grad(op, dy):
        return ResizeNearestNeighborGrad.apply(
            dy, array_ops.shape(op.inputs[0])[1:3], align_corners=op.get_attr("align_corners")
        ), None


@register_op
class ResizeNearestNeighborGrad(OpDef):
    """The gradient of ResizeNearestNeighbor: summed back onto the pixels that were copied."""

    inputs = ("grads", "size")
    type_inputs = ("grads",)
    attrs = {"align_corners": False, "half_pixel_centers": False}

    def infer(grads, size, *, align_corners, half_pixel_centers):
        hw = shape_util.constant_value_as_shape(size).as_list()
        return TensorSpec([grads.shape[0].value, *hw, grads.shape[3].value], grads.dtype)

    def kernel(xp, grads, size, *, align_corners, half_pixel_centers):
        (h, w), (oh, ow) = (int(s) for s in np.ravel(size)), grads.shape[1:3]
        ys, xs = _nearest(oh, h, align_corners), _nearest(ow, w, align_corners)
        out = np.zeros((grads.shape[0], h, w, grads.shape[3]), grads.dtype)
        np.add.at(out, (slice(None), ys[:, None], xs[None, :]), grads)
        return out


def resize_bilinear(images, size, align_corners=False, name=None, half_pixel_centers=False):
    return ResizeBilinear.apply(
        images,
        size,
        name=name or "ResizeBilinear",
        align_corners=align_corners,
        half_pixel_centers=half_pixel_centers,
    )


def resize_nearest_neighbor(images, size, align_corners=False, name=None, half_pixel_centers=False):
    return ResizeNearestNeighbor.apply(
        images,
        size,
        name=name or "ResizeNearestNeighbor",
        align_corners=align_corners,
        half_pixel_centers=half_pixel_centers,
    )


def _flip(axis_3d, default_name):
    def flip(image):
        with name_scope(None, default_name, [image]):
            image = convert_to_tensor(image, name="image")
            return reverse(image, [axis_3d if image.shape.ndims == 3 else axis_3d + 1])

    flip.__name__ = default_name
    return flip


flip_left_right = _flip(1, "flip_left_right")
flip_up_down = _flip(0, "flip_up_down")


def per_image_standardization(image):
    """(image - mean) / max(stddev, 1 / sqrt(number of elements)), per image."""
    with name_scope(None, "per_image_standardization", [image]) as scope:
        image = math_ops.cast(convert_to_tensor(image, name="image"), D.float32)
        axes = list(range(-3, 0))
        n = math_ops.cast(reduction_ops.reduce_prod(array_ops.shape(image)[-3:]), D.float32)
        mean = reduction_ops.reduce_mean(image, axes, keepdims=True)
        stddev = math_ops.sqrt(
            reduction_ops.reduce_mean(math_ops.square(image - mean), axes, keepdims=True)
        )
        adjusted = math_ops.maximum(stddev, math_ops.rsqrt(n))
        return math_ops.divide(image - mean, adjusted, name=scope)


def rgb_to_grayscale(images, name=None):
    """The luma (0.2989 R + 0.5870 G + 0.1140 B) as one channel."""
    with name_scope(name, "rgb_to_grayscale", [images]) as scope:
        images = convert_to_tensor(images, name="images")
        weights = [0.2989, 0.5870, 0.1140]
        floats = convert_image_dtype(images, D.float32)  # as TF: via [0, 1] and back
        gray = math_ops.tensordot(floats, weights, [[-1], [0]])
        gray = array_ops.expand_dims(gray, -1)
        return convert_image_dtype(gray, images.dtype.base_dtype, name=scope)


def convert_image_dtype(image, dtype, saturate=False, name=None):
    """Integers <-> floats in [0, 1] (uint8 255 is 1.0), as TF scales them."""
    dtype = D.as_dtype(dtype)
    with name_scope(name, "convert_image", [image]) as scope:
        image = convert_to_tensor(image, name="image")
        src = image.dtype.base_dtype
        if src == dtype:
            return array_ops.identity(image, name=scope)
        if src.is_integer and dtype.is_integer:
            return _convert_integers(image, src, dtype, saturate, scope)
        if src.is_integer and dtype.is_floating:
            scale = 1.0 / np.iinfo(src.as_numpy_dtype).max
            return math_ops.multiply(math_ops.cast(image, dtype), scale, name=scope)
        if src.is_floating and dtype.is_integer:
            scale = np.iinfo(dtype.as_numpy_dtype).max + 0.5
            return _cast(image * scale, dtype, saturate, scope)
        return math_ops.cast(image, dtype, name=scope)


def _cast(x, dtype, saturate, name=None):
    """cast, or TF's saturate_cast: clipped to the range of `dtype` first."""
    if saturate:
        src = x.dtype.base_dtype
        lo, hi = np.iinfo(dtype.as_numpy_dtype).min, np.iinfo(dtype.as_numpy_dtype).max
        if src.is_integer:
            lo = max(lo, np.iinfo(src.as_numpy_dtype).min)
            hi = min(hi, np.iinfo(src.as_numpy_dtype).max)
        x = clip_ops.clip_by_value(x, math_ops.cast(lo, src), math_ops.cast(hi, src))
    return math_ops.cast(x, dtype, name=name)


def _convert_integers(image, src, dtype, saturate, name):
    """Integer to integer in the larger range: scale down then cast, or cast then scale up."""
    scale_in, scale_out = int(np.iinfo(src.as_numpy_dtype).max), int(
        np.iinfo(dtype.as_numpy_dtype).max
    )
    if scale_in > scale_out:
        scaled = math_ops.floordiv(image, (scale_in + 1) // (scale_out + 1))
        return _cast(scaled, dtype, saturate, name)
    cast = _cast(image, dtype, saturate)
    return math_ops.multiply(cast, (scale_out + 1) // (scale_in + 1), name=name)

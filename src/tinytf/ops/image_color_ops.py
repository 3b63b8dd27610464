"""tf.image colour ops: RGB <-> HSV / YIQ / YUV, grayscale to RGB, and the brightness,
contrast, gamma, hue and saturation adjustments with their random_ versions (TF 1.15's
kernels: AdjustContrastv2, AdjustHue, AdjustSaturation, RGBToHSV, HSVToRGB)."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import ShapeError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    control_dependencies,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.framework.ops import Tensor
from tinytf.ops import array_ops, debug_ops, math_ops, random_ops, shape_util
from tinytf.ops.image_ops import convert_image_dtype

_HALF_FLOAT = frozenset({D.float16, D.float32})
_HSV_TYPES = frozenset({D.float32, D.float64})  # TF's CPU kernels


def _rgb_spec(images):
    shape = shape_util.with_rank_at_least(images.shape, 1)
    if shape.ndims is not None and shape[-1].value not in (None, 3):
        raise ShapeError(f"Dimension must be 3 but is {shape[-1].value}")
    return TensorSpec(shape, images.dtype)


def _hsv(rgb):
    """(h, s, v) in [0, 1] of float64 RGB, as TF's RGBToHSV computes them."""
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    v = np.max(rgb, axis=-1)
    spread = v - np.min(rgb, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(v > 0, spread / v, 0.0)
        norm = 1.0 / (6.0 * spread)
        h = np.where(
            r == v,
            norm * (g - b),
            np.where(g == v, norm * (b - r) + 2.0 / 6.0, norm * (r - g) + 4.0 / 6.0),
        )
    h = np.where(spread > 0, h, 0.0)
    return np.where(h < 0, h + 1, h), s, v


def _rgb(h, s, v):
    """RGB of HSV (float64), as TF's HSVToRGB computes it."""
    dh = h * 6.0
    dr = np.clip(np.abs(dh - 3) - 1, 0, 1)
    dg = np.clip(2 - np.abs(dh - 2), 0, 1)
    db = np.clip(2 - np.abs(dh - 4), 0, 1)
    one_s = 1 - s
    return np.stack([(one_s + s * dr) * v, (one_s + s * dg) * v, (one_s + s * db) * v], -1)


class _ColorOp(OpDef):
    inputs = ("images",)
    allowed = _HSV_TYPES

    def infer(images):
        return _rgb_spec(images)


def _rgb_to_hsv_grad(op, grad):
    """TF 1.15's piecewise derivative of RGBToHSV (image_grad.py), term for term."""
    images, hsv = op.inputs[0], op.outputs[0]
    r, g, b = images[..., 0], images[..., 1], images[..., 2]
    dtype = images.dtype.base_dtype

    def mask(cond):
        return math_ops.cast(cond, dtype)

    def rec(x):
        return math_ops.div_no_nan(math_ops.cast(1.0, dtype), x)

    big_r, big_g, big_b = (
        mask((r >= b) & (r >= g)),
        mask((g > r) & (g >= b)),
        mask((b > r) & (b > g)),
    )
    small_r, small_g = mask((r < b) & (r < g)), mask((g <= r) & (g < b))
    small_b = mask((b <= r) & (b <= g))
    pos_r, pos_g, pos_b = mask(r > 0), mask(g > 0), mask(b > 0)
    sq = math_ops.square
    ds_dr = pos_r * (
        big_r * (small_g * g + small_b * b) * rec(sq(r)) + small_r * -1 * rec(big_g * g + big_b * b)
    )
    ds_dg = pos_g * (
        big_g * (small_r * r + small_b * b) * rec(sq(g)) + small_g * -1 * rec(big_r * r + big_b * b)
    )
    ds_db = pos_b * (
        big_b * (small_g * g + small_r * r) * rec(sq(b)) + small_b * -1 * rec(big_g * g + big_r * r)
    )
    sv = rec(sq(hsv[..., 1])) * rec(sq(hsv[..., 2]))
    dh_dr = (
        60 * (pos_r * big_r * -1 * (g - b) * sv)
        + 60 * (pos_g * big_g * small_r * (b - g) * rec(sq(r - g)))
        + 60 * (pos_g * big_g * small_b * -1 * rec(g - b))
        + 60 * (pos_b * big_b * small_r * (b - g) * rec(sq(b - r)))
        + 60 * (pos_b * big_b * small_g * rec(b - g))
    )
    dh_dg = (
        60 * (pos_g * big_g * -1 * (b - r) * sv)
        + 60 * (pos_r * big_r * small_g * (r - b) * rec(sq(r - g)))
        + 60 * (pos_r * big_r * small_b * rec(r - b))
        + 60 * (pos_b * big_b * small_g * (r - b) * rec(sq(b - g)))
        + 60 * (pos_b * big_b * small_r * -1 * rec(b - r))
    )
    dh_db = (
        60 * (pos_b * big_b * -1 * (r - g) * sv)
        + 60 * (pos_r * big_r * small_b * (g - r) * rec(sq(r - b)))
        + 60 * (pos_r * big_r * small_g * -1 * rec(r - g))
        + 60 * (pos_g * big_g * small_b * (g - r) * rec(sq(g - b)))
        + 60 * (pos_g * big_g * small_r * rec(g - r))
    )

    def stacked(k, parts):
        return array_ops.stack([grad[..., k] * p for p in parts], axis=-1)

    dv = stacked(2, [big_r, big_g, big_b])
    ds = stacked(1, [ds_dr, ds_dg, ds_db])
    dh = stacked(0, [dh_dr / 360, dh_dg / 360, dh_db / 360])
    return math_ops.add(math_ops.add(dv, ds), dh)


@register_op
class RGBToHSV(_ColorOp):
    """RGB images (last dimension 3, values in [0, 1]) as hue, saturation and value."""

    def kernel(xp, images):
        return xp.asarray(np.stack(_hsv(np.asarray(images, np.float64)), -1).astype(images.dtype))

    grad = _rgb_to_hsv_grad


@register_op
class HSVToRGB(_ColorOp):
    """HSV images (last dimension 3) as RGB."""

    def kernel(xp, images):
        hsv = np.asarray(images, np.float64)
        return xp.asarray(_rgb(hsv[..., 0], hsv[..., 1], hsv[..., 2]).astype(images.dtype))


class _AdjustOp(OpDef):
    type_inputs = ("images",)
    allowed = frozenset({D.float32})  # TF registers CPU kernels for float only

    @classmethod
    def infer(cls, images, factor):
        shape_util.with_rank(factor.shape, 0)
        if cls is AdjustContrastv2:
            shape = shape_util.with_rank_at_least(images.shape, 3)
            return TensorSpec(shape, images.dtype)
        return _rgb_spec(images)


@register_op
class AdjustContrastv2(_AdjustOp):
    """(x - mean) * contrast_factor + mean, the mean taken over each image's pixels."""

    inputs = ("images", "contrast_factor")

    def kernel(xp, images, contrast_factor):
        x = np.asarray(images, np.float32)
        mean = np.mean(x, axis=(-3, -2), keepdims=True, dtype=np.float32)
        return xp.asarray(((x - mean) * np.float32(contrast_factor) + mean).astype(images.dtype))


@register_op
class AdjustHue(_AdjustOp):
    """RGB images with `delta` added to the hue (wrapping around)."""

    inputs = ("images", "delta")

    def kernel(xp, images, delta):
        h, s, v = _hsv(np.asarray(images, np.float64))
        h = np.mod(h + float(np.float32(delta)), 1.0)
        return xp.asarray(_rgb(h, s, v).astype(images.dtype))


@register_op
class AdjustSaturation(_AdjustOp):
    """RGB images with the saturation multiplied by `scale` (clipped to [0, 1])."""

    inputs = ("images", "scale")

    def kernel(xp, images, scale):
        h, s, v = _hsv(np.asarray(images, np.float64))
        s = np.clip(s * float(np.float32(scale)), 0.0, 1.0)
        return xp.asarray(_rgb(h, s, v).astype(images.dtype))


NotDifferentiable("HSVToRGB")


def rgb_to_hsv(images, name=None):
    """RGB images (floats in [0, 1]) as HSV."""
    return RGBToHSV.apply(images, name=name)


def hsv_to_rgb(images, name=None):
    """HSV images as RGB."""
    return HSVToRGB.apply(images, name=name)


def _linear_color(kernel_values, images):
    images = convert_to_tensor(images, name="images")
    kernel = convert_to_tensor(kernel_values, dtype=images.dtype, name="kernel")
    ndims = images.shape.ndims
    return math_ops.tensordot(images, kernel, axes=[[ndims - 1], [0]])


_RGB_TO_YIQ = [
    [0.299, 0.59590059, 0.2115],
    [0.587, -0.27455667, -0.52273617],
    [0.114, -0.32134392, 0.31119955],
]
_YIQ_TO_RGB = [
    [1, 1, 1],
    [0.95598634, -0.27201283, -1.10674021],
    [0.6208248, -0.64720424, 1.70423049],
]
_RGB_TO_YUV = [
    [0.299, -0.14714119, 0.61497538],
    [0.587, -0.28886916, -0.51496512],
    [0.114, 0.43601035, -0.10001026],
]
_YUV_TO_RGB = [[1, 1, 1], [0, -0.394642334, 2.03206185], [1.13988303, -0.58062185, 0]]


def rgb_to_yiq(images):
    """RGB images as YIQ (a linear map of the last dimension)."""
    return _linear_color(_RGB_TO_YIQ, images)


def yiq_to_rgb(images):
    """YIQ images as RGB."""
    return _linear_color(_YIQ_TO_RGB, images)


def rgb_to_yuv(images):
    """RGB images as YUV (a linear map of the last dimension)."""
    return _linear_color(_RGB_TO_YUV, images)


def yuv_to_rgb(images):
    """YUV images as RGB."""
    return _linear_color(_YUV_TO_RGB, images)


def grayscale_to_rgb(images, name=None):
    """Grayscale images (last dimension 1) with the channel repeated three times."""
    with name_scope(name, "grayscale_to_rgb", [images]) as scope:
        images = convert_to_tensor(images, name="images")
        shape = images.shape
        if shape.ndims is not None and shape.ndims < 2:
            raise ValueError("A grayscale image must be at least two-dimensional.")
        if shape.ndims is not None and shape[-1].value not in (None, 1):
            raise ValueError("Last dimension of a grayscale image should be size 1.")
        rank_1 = array_ops.expand_dims(array_ops.rank(images) - 1, 0)
        multiples = array_ops.concat(
            [array_ops.ones(rank_1, dtype=D.int32), array_ops.expand_dims(3, 0)], 0
        )
        rgb = array_ops.tile(images, multiples, name=scope)
        if shape.ndims is not None:
            rgb.set_shape(shape[:-1].concatenate([3]))
        return rgb


def _as_float(image):
    """The image as float32 unless it is float16/float32 already, as TF's adjust_* do."""
    if image.dtype.base_dtype in _HALF_FLOAT:
        return image
    return convert_image_dtype(image, D.float32)


def adjust_brightness(image, delta):
    """`delta` added to every value (of the image as floats in [0, 1])."""
    with name_scope(None, "adjust_brightness", [image, delta]) as scope:
        image = convert_to_tensor(image, name="image")
        flt = _as_float(image)
        adjusted = math_ops.add(flt, math_ops.cast(delta, flt.dtype), name=scope)
        return convert_image_dtype(adjusted, image.dtype.base_dtype, saturate=True)


def adjust_contrast(images, contrast_factor):
    """(x - mean) * contrast_factor + mean, per image and channel."""
    with name_scope(None, "adjust_contrast", [images, contrast_factor]) as scope:
        images = convert_to_tensor(images, name="images")
        factor = convert_to_tensor(contrast_factor, D.float32, name="contrast_factor")
        adjusted = AdjustContrastv2.apply(_as_float(images), factor, name=scope)
        return convert_image_dtype(adjusted, images.dtype.base_dtype, saturate=True)


def adjust_gamma(image, gamma=1, gain=1):
    """gain * image ** gamma (gamma must be non-negative)."""
    with name_scope(None, "adjust_gamma", [image, gamma, gain]):
        image = convert_to_tensor(image, name="image")
        flt = _as_float(image)
        if isinstance(gamma, Tensor):
            check = debug_ops.Assert_(gamma >= 0, ["Gamma should be a non-negative real number."])
            with control_dependencies([check]):
                gamma = array_ops.identity(gamma)
        elif gamma < 0:
            raise ValueError("Gamma should be a non-negative real number.")
        adjusted = gain * flt**gamma
        return convert_image_dtype(adjusted, image.dtype.base_dtype, saturate=True)


def _hsv_adjust(opdef, default_name, image, factor, factor_name, name):
    with name_scope(name, default_name, [image]):
        image = convert_to_tensor(image, name="image")
        factor = convert_to_tensor(factor, D.float32, name=factor_name)
        adjusted = opdef.apply(_as_float(image), factor)
        return convert_image_dtype(adjusted, image.dtype.base_dtype)


def adjust_hue(image, delta, name=None):
    """RGB image with `delta` (in [-1, 1]) added to the hue."""
    return _hsv_adjust(AdjustHue, "adjust_hue", image, delta, "delta", name)


def adjust_saturation(image, saturation_factor, name=None):
    """RGB image with the saturation multiplied by `saturation_factor`."""
    return _hsv_adjust(
        AdjustSaturation, "adjust_saturation", image, saturation_factor, "scale", name
    )


def _check_range(lower, upper):
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")


def random_brightness(image, max_delta, seed=None):
    """adjust_brightness by a delta uniform in [-max_delta, max_delta) (each run)."""
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    delta = random_ops.random_uniform([], -max_delta, max_delta, seed=seed)
    return adjust_brightness(image, delta)


def random_contrast(image, lower, upper, seed=None):
    """adjust_contrast by a factor uniform in [lower, upper) (each run)."""
    _check_range(lower, upper)
    factor = random_ops.random_uniform([], lower, upper, seed=seed)
    return adjust_contrast(image, factor)


def random_hue(image, max_delta, seed=None):
    """adjust_hue by a delta uniform in [-max_delta, max_delta) (max_delta <= 0.5)."""
    if max_delta > 0.5:
        raise ValueError("max_delta must be <= 0.5.")
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    delta = random_ops.random_uniform([], -max_delta, max_delta, seed=seed)
    return adjust_hue(image, delta)


def random_saturation(image, lower, upper, seed=None):
    """adjust_saturation by a factor uniform in [lower, upper) (each run)."""
    _check_range(lower, upper)
    factor = random_ops.random_uniform([], lower, upper, seed=seed)
    return adjust_saturation(image, factor)

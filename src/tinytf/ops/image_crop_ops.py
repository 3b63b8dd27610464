"""tf.image geometry composed as TF 1.15 composes it: crops and pads to a bounding box,
central_crop, resize_image_with_crop_or_pad / resize_image_with_pad, rot90, transpose and the
random flips, on HWC images or NHWC batches."""

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import control_dependencies, convert_to_tensor, name_scope
from tinytf.framework.ops import Tensor
from tinytf.ops import array_ops, debug_ops, indexing_ops, layout_ops, math_ops, random_ops
from tinytf.ops.cond import cond
from tinytf.ops.image_ops import ResizeMethod
from tinytf.ops.image_resize_ops import resize_images
from tinytf.ops.sequence_ops import reverse


def _is_tensor(x):
    return isinstance(x, Tensor) or hasattr(x, "_as_graph_element")


def _checks(conditions):
    """TF's _assert: a Python condition raises ValueError now, a tensor one is an Assert op."""
    ops = []
    for ok, message in conditions:
        if _is_tensor(ok):
            ops.append(debug_ops.Assert_(ok, [message]))
        elif not ok:
            raise ValueError(message)
    return ops


def _with_deps(deps, tensor):
    if not deps:
        return tensor
    with control_dependencies(deps):
        return array_ops.identity(tensor)


def _as_batch(image):
    """(4-D image, whether it was a batch) with TF's rank errors."""
    ndims = image.shape.ndims
    if ndims == 4:
        return image, True
    if ndims == 3 or ndims is None:
        image = array_ops.expand_dims(image, 0)
        image.set_shape([None] * 4 if ndims is None else image.shape)
        return image, False
    raise ValueError("'image' must have either 3 or 4 dimensions.")


def _dims(image):
    """Static dimensions where known, else scalar tensors (TF's _ImageDimensions)."""
    static = image.shape.as_list()
    if None not in static:
        return static
    dynamic = array_ops.unstack(array_ops.shape(image), len(static))
    return [s if s is not None else d for s, d in zip(static, dynamic)]


def _positive_dims(image):
    if any(d == 0 for d in image.shape.as_list()):
        raise ValueError(f"all dims of 'image.shape' must be > 0: {image.shape}")
    return []


def _finish(result, static, is_batch):
    result.set_shape([None if _is_tensor(d) else d for d in static])
    return result if is_batch else array_ops.squeeze(result, axis=[0])


def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The image zero-padded to target size, its top-left corner at the offsets."""
    with name_scope(None, "pad_to_bounding_box", [image]):
        image, is_batch = _as_batch(convert_to_tensor(image, name="image"))
        batch, height, width, depth = _dims(image)
        after_w = target_width - offset_width - width
        after_h = target_height - offset_height - height
        deps = _positive_dims(image) + _checks(
            [
                (offset_height >= 0, "offset_height must be >= 0"),
                (offset_width >= 0, "offset_width must be >= 0"),
                (after_w >= 0, "width must be <= target - offset"),
                (after_h >= 0, "height must be <= target - offset"),
            ]
        )
        image = _with_deps(deps, image)
        paddings = array_ops.reshape(
            array_ops.stack([0, 0, offset_height, after_h, offset_width, after_w, 0, 0]), [4, 2]
        )
        padded = array_ops.pad(image, paddings)
        return _finish(padded, [batch, target_height, target_width, depth], is_batch)


def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The target-size window of the image whose top-left corner is at the offsets."""
    with name_scope(None, "crop_to_bounding_box", [image]):
        image, is_batch = _as_batch(convert_to_tensor(image, name="image"))
        batch, height, width, depth = _dims(image)
        deps = _positive_dims(image) + _checks(
            [
                (offset_width >= 0, "offset_width must be >= 0."),
                (offset_height >= 0, "offset_height must be >= 0."),
                (target_width > 0, "target_width must be > 0."),
                (target_height > 0, "target_height must be > 0."),
                (width >= target_width + offset_width, "width must be >= target + offset."),
                (height >= target_height + offset_height, "height must be >= target + offset."),
            ]
        )
        image = _with_deps(deps, image)
        cropped = indexing_ops.slice(
            image,
            array_ops.stack([0, offset_height, offset_width, 0]),
            array_ops.stack([-1, target_height, target_width, -1]),
        )
        return _finish(cropped, [batch, target_height, target_width, depth], is_batch)


def _max(x, y):
    return math_ops.maximum(x, y) if _is_tensor(x) or _is_tensor(y) else max(x, y)


def _min(x, y):
    return math_ops.minimum(x, y) if _is_tensor(x) or _is_tensor(y) else min(x, y)


def resize_image_with_crop_or_pad(image, target_height, target_width):
    """The image centrally cropped and/or zero-padded to the target size."""
    with name_scope(None, "resize_image_with_crop_or_pad", [image]):
        image, is_batch = _as_batch(convert_to_tensor(image, name="image"))
        deps = _positive_dims(image) + _checks(
            [
                (target_width > 0, "target_width must be > 0."),
                (target_height > 0, "target_height must be > 0."),
            ]
        )
        image = _with_deps(deps, image)
        _, height, width, _ = _dims(image)
        width_diff, height_diff = target_width - width, target_height - height
        cropped = crop_to_bounding_box(
            image,
            _max(-height_diff // 2, 0),
            _max(-width_diff // 2, 0),
            _min(target_height, height),
            _min(target_width, width),
        )
        resized = pad_to_bounding_box(
            cropped,
            _max(height_diff // 2, 0),
            _max(width_diff // 2, 0),
            target_height,
            target_width,
        )
        return resized if is_batch else array_ops.squeeze(resized, axis=[0])


def resize_image_with_pad(
    image, target_height, target_width, method=ResizeMethod.BILINEAR, align_corners=False
):
    """The image resized to fit the target size, keeping its aspect ratio, then zero-padded."""
    with name_scope(None, "resize_image_with_pad", [image]):
        image, is_batch = _as_batch(convert_to_tensor(image, name="image"))
        deps = _positive_dims(image) + _checks(
            [
                (target_width > 0, "target_width must be > 0."),
                (target_height > 0, "target_height must be > 0."),
            ]
        )
        image = _with_deps(deps, image)
        _, height, width, _ = _dims(image)
        f_h, f_w, f_th, f_tw = (
            math_ops.cast(v, D.float64) for v in (height, width, target_height, target_width)
        )
        ratio = math_ops.maximum(f_w / f_tw, f_h / f_th)
        new_h, new_w = f_h / ratio, f_w / ratio
        new_size = [math_ops.cast(math_ops.floor(v), D.int32) for v in (new_h, new_w)]
        pad_h = math_ops.maximum(0, math_ops.cast(math_ops.floor((f_th - new_h) / 2), D.int32))
        pad_w = math_ops.maximum(0, math_ops.cast(math_ops.floor((f_tw - new_w) / 2), D.int32))
        resized = resize_images(image, new_size, method, align_corners=align_corners)
        padded = pad_to_bounding_box(resized, pad_h, pad_w, target_height, target_width)
        return padded if is_batch else array_ops.squeeze(padded, axis=[0])


def central_crop(image, central_fraction):
    """The central `central_fraction` of each image dimension (height and width)."""
    with name_scope(None, "central_crop", [image]):
        image = convert_to_tensor(image, name="image")
        if central_fraction <= 0.0 or central_fraction > 1.0:
            raise ValueError("central_fraction must be within (0, 1]")
        if central_fraction == 1.0:
            return image
        rank = image.shape.ndims
        if rank not in (3, 4):
            raise ValueError(
                f"`image` should either be a Tensor with rank = 3 or rank = 4. Had rank = {rank}."
            )
        dims = _dims(image)
        hw = dims[rank - 3 : rank - 1]
        starts = []
        for d in hw:
            if _is_tensor(d):
                df = math_ops.cast(d, D.float64)
                starts.append(math_ops.cast((df - df * central_fraction) / 2, D.int32))
            else:
                starts.append(int((float(d) - float(d) * central_fraction) / 2))
        sizes = [d - s * 2 for d, s in zip(hw, starts)]
        lead_begin, lead_size = ([0], [-1]) if rank == 4 else ([], [])
        out = indexing_ops.slice(
            image,
            array_ops.stack(lead_begin + starts + [0]),
            array_ops.stack(lead_size + sizes + [-1]),
        )
        static = image.shape.as_list()
        static[rank - 3 : rank - 1] = [None if _is_tensor(s) else s for s in sizes]
        out.set_shape(static)
        return out


def _rank_3_or_4(image):
    image = convert_to_tensor(image, name="image")
    ndims = image.shape.ndims
    if ndims is not None and ndims < 3:
        raise ValueError("'image' must be at least three-dimensional.")
    if ndims not in (3, 4, None):
        raise ValueError("'image' must have either 3 or 4 dimensions.")
    return image, 0 if ndims == 4 else None


def rot90(image, k=1, name=None):
    """The image rotated counter-clockwise by k quarter turns."""
    with name_scope(name, "rot90", [image, k]) as scope:
        image, _ = _rank_3_or_4(image)
        k = convert_to_tensor(k, D.int32, name="k")
        if k.shape.ndims != 0:
            raise ValueError(f"Shape {k.shape} must have rank 0")
        k = math_ops.mod(k, 4)
        b = 1 if image.shape.ndims == 4 else 0
        perm = [0, 2, 1, 3] if b else [1, 0, 2]
        turns = [
            lambda: array_ops.transpose(reverse(image, [b + 1]), perm),
            lambda: reverse(image, [b, b + 1]),
            lambda: reverse(array_ops.transpose(image, perm), [b + 1]),
        ]
        result = image
        for quarter in (3, 2, 1):  # nested conds, as TF's control_flow_ops.case
            result = cond(
                math_ops.equal(k, quarter),
                turns[quarter - 1],
                lambda r=result: r,
                name=scope if quarter == 1 else None,
            )
        static = image.shape.as_list()
        if image.shape.ndims is not None:
            static[b : b + 2] = [None, None]
            result.set_shape(static)
        return result


def transpose(image, name=None):
    """The image with height and width swapped."""
    with name_scope(name, "transpose", [image]):
        image, _ = _rank_3_or_4(image)
        perm = [0, 2, 1, 3] if image.shape.ndims == 4 else [1, 0, 2]
        return array_ops.transpose(image, perm, name=name)


def _random_flip(image, flip_index, seed, scope_name):
    with name_scope(None, scope_name, [image]) as scope:
        image, _ = _rank_3_or_4(image)
        if image.shape.ndims == 4:
            batch = array_ops.shape(image)[0]
            draws = random_ops.random_uniform([batch], 0, 1.0, seed=seed)
            flips = math_ops.cast(
                math_ops.round(array_ops.reshape(draws, [batch, 1, 1, 1])), image.dtype
            )
            return flips * reverse(image, [flip_index + 1]) + (1 - flips) * image
        mirror = math_ops.less(random_ops.random_uniform([], 0, 1.0, seed=seed), 0.5)
        result = cond(mirror, lambda: reverse(image, [flip_index]), lambda: image, name=scope)
        result.set_shape(image.shape if image.shape.ndims is not None else [None] * 3)
        return result


def random_flip_up_down(image, seed=None):
    """The image (each image of a batch) flipped upside down with probability 1/2."""
    return _random_flip(image, 0, seed, "random_flip_up_down")


def random_flip_left_right(image, seed=None):
    """The image (each image of a batch) mirrored left-right with probability 1/2."""
    return _random_flip(image, 1, seed, "random_flip_left_right")


def extract_patches(images, sizes, strides, rates, padding, name=None):
    """Image patches of size `sizes` (strided, dilated) stacked in the depth dimension."""
    return layout_ops.extract_image_patches(images, sizes, strides, rates, padding, name)

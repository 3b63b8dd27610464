"""tf.image.combined_non_max_suppression (TF op CombinedNonMaxSuppression): greedy NMS per
batch and class, then the best max_total_size boxes of each batch, as TF 1.15's kernel."""

import collections

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
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import shape_util
from tinytf.ops.image_box_ops import _iou_matrix


def _per_class(boxes, scores, max_size, iou_threshold, score_threshold):
    """TF's DoNMSPerClass: indices kept, best first; a box goes when IOU > the threshold."""
    order = [i for i in np.argsort(-scores, kind="stable") if scores[i] > score_threshold]
    iou = _iou_matrix(boxes)
    selected = []
    for i in order:
        if len(selected) >= max_size:
            break
        if all(iou[i, j] <= iou_threshold for j in selected):
            selected.append(i)
    return selected


def _one_batch(boxes, scores, per_class, total, thresholds, clip):
    """(boxes, scores, classes, count) of one batch, padded to `total` rows."""
    q = boxes.shape[1]
    found = []
    for c in range(scores.shape[1]):
        class_boxes = boxes[:, c if q > 1 else 0]
        for i in _per_class(class_boxes, scores[:, c], per_class, *thresholds):
            found.append((scores[i, c], c, class_boxes[i]))
    found.sort(key=lambda f: -f[0])
    found = found[:total]
    out_boxes = np.zeros((total, 4), np.float32)
    out_scores = np.zeros(total, np.float32)
    out_classes = np.zeros(total, np.float32)
    for k, (score, c, box) in enumerate(found):
        out_boxes[k] = np.clip(box, 0, 1) if clip else box
        out_scores[k], out_classes[k] = score, c
    return out_boxes, out_scores, out_classes, len(found)


def _detections(per_class, total, num_classes, pad_per_class):
    if pad_per_class and None not in (per_class, total, num_classes):
        return min(total, per_class * num_classes)
    return None if pad_per_class else total


@register_op
class CombinedNonMaxSuppression(OpDef):
    """Per-class greedy NMS over a batch, then the best max_total_size detections."""

    inputs = (
        "boxes",
        "scores",
        "max_output_size_per_class",
        "max_total_size",
        "iou_threshold",
        "score_threshold",
    )
    type_inputs = ()
    attrs = {"pad_per_class": False, "clip_boxes": True}

    def infer(boxes, scores, per_class, total, iou, score, *, pad_per_class, clip_boxes):
        b = shape_util.with_rank(boxes.shape, 4).as_list()
        s = shape_util.with_rank(scores.shape, 3).as_list()
        for t in (per_class, total, iou, score):
            shape_util.with_rank(t.shape, 0)
        batch = shape_util.merge_dim(b[0], s[0])
        total = shape_util.constant_value(total)
        if total is not None and total <= 0:
            raise ShapeError("max_total_size should be > 0 ")  # TF's message has two spaces
        n = _detections(shape_util.constant_value(per_class), total, s[2], pad_per_class)
        n = None if n is None else int(n)
        return [
            TensorSpec(TensorShape([batch, n, 4]), D.float32),
            TensorSpec(TensorShape([batch, n]), D.float32),
            TensorSpec(TensorShape([batch, n]), D.float32),
            TensorSpec(TensorShape([batch]), D.int32),
        ]

    def kernel(xp, boxes, scores, per_class, total, iou, score, *, pad_per_class, clip_boxes):
        per_class, total = int(per_class), int(total)
        if total <= 0:
            raise InvalidArgumentError(None, None, "max_total_size must be > 0")
        if not 0 <= iou <= 1:
            raise InvalidArgumentError(None, None, "iou_threshold must be in [0, 1]")
        boxes, scores = np.asarray(boxes, np.float32), np.asarray(scores, np.float32)
        n = _detections(per_class, total, scores.shape[2], pad_per_class)
        thresholds = (np.float32(iou), np.float32(score))
        parts = [
            _one_batch(b, s, per_class, n, thresholds, clip_boxes) for b, s in zip(boxes, scores)
        ]
        stacked = [np.stack([p[k] for p in parts]) for k in range(3)]
        count = np.array([p[3] for p in parts], np.int32)
        return tuple(xp.asarray(a) for a in stacked) + (xp.asarray(count),)


NotDifferentiable("CombinedNonMaxSuppression")

_Combined = collections.namedtuple(
    "CombinedNonMaxSuppression", "nmsed_boxes nmsed_scores nmsed_classes valid_detections"
)


def combined_non_max_suppression(
    boxes,
    scores,
    max_output_size_per_class,
    max_total_size,
    iou_threshold=0.5,
    score_threshold=float("-inf"),
    pad_per_class=False,
    clip_boxes=True,
    name=None,
):
    """(nmsed_boxes, nmsed_scores, nmsed_classes, valid_detections) of per-class NMS."""
    with name_scope(name, "combined_non_max_suppression"):
        iou = convert_to_tensor(iou_threshold, dtype=D.float32, name="iou_threshold")
        score = convert_to_tensor(score_threshold, dtype=D.float32, name="score_threshold")
        out = CombinedNonMaxSuppression.apply(
            boxes,
            scores,
            max_output_size_per_class,
            max_total_size,
            iou,
            score,
            pad_per_class=pad_per_class,
            clip_boxes=clip_boxes,
        )
        return _Combined(*out)


# -- JPEG quality ----------------------------------------------------------------------------------
@register_op
class EncodeJpegVariableQuality(OpDef):
    """A uint8 [height, width, 1 or 3] image as JPEG bytes at a quality given as a tensor."""

    inputs = ("images", "quality")
    type_inputs = ()

    def infer(images, quality):
        shape_util.with_rank(images.shape, 3)
        shape_util.with_rank(quality.shape, 0)
        return TensorSpec(TensorShape([]), D.string)

    def kernel(xp, images, quality):
        from tinytf.platform import image_formats

        data = image_formats.encode_jpeg(
            np.asarray(images), "", int(quality), False, False, True, "in", 300, 300, b""
        )
        return np.asarray(data, dtype=object)


NotDifferentiable("EncodeJpegVariableQuality")


def adjust_jpeg_quality(image, jpeg_quality, name=None):
    """The image after a JPEG encoding at jpeg_quality and decoding, in its own dtype."""
    from tinytf.ops.image_codec_ops import decode_jpeg
    from tinytf.ops.image_ops import convert_image_dtype

    with name_scope(name, "adjust_jpeg_quality", [image]):
        image = convert_to_tensor(image, name="image")
        orig_dtype = image.dtype
        image = convert_image_dtype(image, D.uint8)
        quality = convert_to_tensor(jpeg_quality, dtype=D.int32)
        image = EncodeJpegVariableQuality.apply(image, quality)
        return convert_image_dtype(decode_jpeg(image), orig_dtype)


def random_jpeg_quality(image, min_jpeg_quality, max_jpeg_quality, seed=None):
    """adjust_jpeg_quality at a quality drawn uniformly from [min, max) on each run."""
    from tinytf.ops.random_ops import random_uniform

    if not (0 <= min_jpeg_quality <= 100 and 0 <= max_jpeg_quality <= 100):
        raise ValueError("jpeg encoding range must be between 0 and 100.")
    if min_jpeg_quality >= max_jpeg_quality:
        raise ValueError("`min_jpeg_quality` must be less than `max_jpeg_quality`.")
    quality = random_uniform([], min_jpeg_quality, max_jpeg_quality, seed=seed, dtype=D.int32)
    return adjust_jpeg_quality(image, quality)


# -- glimpses --------------------------------------------------------------------------------------
def _glimpse_corner(offset, size, hw, centered, normalized):
    """Eigen's ExtractGlimpses: the window's top-left pixel, truncated toward zero."""
    corner = []
    for value, n, extent in zip(offset, hw, size):
        value = np.float32(value)
        if normalized:
            value *= np.float32(n)
        if centered:
            value = value / np.float32(2) + np.float32(n / 2)
        corner.append(int(value - np.float32(extent / 2)))
    return corner


def _noise(gen, image, shape, noise):
    if noise == "zero":
        return np.zeros(shape, np.float32)
    if noise == "gaussian":
        return (image.mean() + gen.standard_normal(shape) * image.std()).astype(np.float32)
    lo, hi = image.min(), image.max()
    return (lo + gen.random(shape) * (hi - lo)).astype(np.float32)


def _glimpse(gen, image, corner, size, noise):
    (y, x), (h, w) = corner, size
    rows, cols = image.shape[:2]
    out = image[max(y, 0) : y + h, max(x, 0) : x + w]
    if out.shape[:2] == (h, w):
        return out.copy()
    glimpse = _noise(gen, image, (h, w, image.shape[2]), noise)
    y0, x0 = max(-y, 0), max(-x, 0)
    glimpse[y0 : y0 + out.shape[0], x0 : x0 + out.shape[1]] = out
    return glimpse


@register_op
class ExtractGlimpse(OpDef):
    """Windows of `size` at `offsets` of each image; pixels outside it are noise (TF's uniform
    in the image's [min, max], whatever uniform_noise says, as TF 1.15's kernel)."""

    inputs = ("input", "size", "offsets")
    type_inputs = ()
    attrs = {"centered": True, "normalized": True, "uniform_noise": True, "noise": "uniform"}
    stateful = True  # the noise is drawn anew on each run

    def infer(input, size, offsets, **attrs):
        dims = shape_util.with_rank(input.shape, 4).as_list()
        shape_util.with_rank(size.shape, 1)
        batch = shape_util.merge_dim(dims[0], shape_util.with_rank(offsets.shape, 2)[0].value)
        hw = shape_util.constant_value(size)
        hw = [None, None] if hw is None else [int(v) for v in hw]
        return TensorSpec(TensorShape([batch, *hw, dims[3]]), D.float32)

    def kernel(xp, images, size, offsets, *, ctx, op, centered, normalized, uniform_noise, noise):
        from tinytf.ops.random_ops import _generator

        gen = _generator(ctx, op, 0, 0)
        images, offsets = np.asarray(images, np.float32), np.asarray(offsets, np.float32)
        if offsets.shape != (images.shape[0], 2):
            raise InvalidArgumentError(
                None,
                None,
                "input and offsets must have the same batch size and offsets "
                "must be of shape [batch_size, 2]",
            )
        size = [int(v) for v in size]
        out = [
            _glimpse(
                gen,
                image,
                _glimpse_corner(o, size, image.shape[:2], centered, normalized),
                size,
                noise,
            )
            for image, o in zip(images, offsets)
        ]
        return xp.asarray(np.stack(out) if out else np.zeros([0, *size, images.shape[3]]))


NotDifferentiable("ExtractGlimpse")


def extract_glimpse(
    input, size, offsets, centered=True, normalized=True, uniform_noise=True, name=None
):
    """Glimpses of `size` at `offsets` ([y, x] per image) of a batch of NHWC float images."""
    return ExtractGlimpse.apply(
        input,
        size,
        offsets,
        centered=centered,
        normalized=normalized,
        uniform_noise=uniform_noise,
        name=name,
    )

"""tf.image box ops: greedy non-max suppression (TF ops NonMaxSuppressionV3/V4/V5, soft-NMS
included, and NonMaxSuppressionWithOverlaps), DrawBoundingBoxes(V2) and the seeded
SampleDistortedBoundingBoxV2, following TF 1.15's kernels step by step."""

import collections
import heapq

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
from tinytf.ops import shape_util
from tinytf.ops.random_ops import _generator

_HALF_FLOAT = frozenset({D.float16, D.float32})


def _iou_matrix(boxes):
    """Pairwise intersection over union of [y1, x1, y2, x2] boxes (corners in any order)."""
    b = np.asarray(boxes, np.float32)
    lo, hi = np.minimum(b[:, :2], b[:, 2:]), np.maximum(b[:, :2], b[:, 2:])
    area = np.prod(hi - lo, axis=1)
    inter_lo = np.maximum(lo[:, None], lo[None])
    inter_hi = np.minimum(hi[:, None], hi[None])
    inter = np.prod(np.maximum(inter_hi - inter_lo, 0), axis=2)
    union = area[:, None] + area[None] - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        iou = inter / union
    ok = (area[:, None] > 0) & (area[None] > 0)
    return np.where(ok, iou, 0).astype(np.float32)


def _greedy_nms(similarity, scores, max_output_size, threshold, score_threshold, sigma=0.0):
    """TF's DoNonMaxSuppressionOp: (selected indices, their final scores)."""
    threshold, score_threshold = np.float32(threshold), np.float32(score_threshold)
    scale = np.float32(-0.5 / sigma) if sigma > 0 else np.float32(0)
    scores = np.asarray(scores, np.float32)
    queue = [(-s, i, 0) for i, s in enumerate(scores) if s > score_threshold]
    heapq.heapify(queue)  # highest score first, lower index on ties
    selected, selected_scores = [], []
    while len(selected) < max_output_size and queue:
        neg_score, i, begin = heapq.heappop(queue)
        score = original = np.float32(-neg_score)
        suppressed = False
        for j in range(len(selected) - 1, begin - 1, -1):
            sim = similarity[i, selected[j]]
            score = np.float32(score * np.exp(scale * sim * sim))
            if sim >= threshold:
                suppressed = True
                break
            if score <= score_threshold:
                break
        if suppressed:
            continue
        begin = len(selected)
        if score == original:
            selected.append(i)
            selected_scores.append(score)
        # NOTE: TF 1.15 queues a selected box again too; it is dropped next time by its own
        # overlap, unless that is below the threshold (a zero-area box), which TF then
        # selects again and again: kept, as TF 1.15 gives it.
        if score > score_threshold:
            heapq.heappush(queue, (-score, i, begin))
    return np.asarray(selected, np.int32), np.asarray(selected_scores, np.float32)


def _check_threshold(iou_threshold):
    if not 0 <= iou_threshold <= 1:
        raise InvalidArgumentError(None, None, "iou_threshold must be in [0, 1]")


def _nms_rule(boxes, scores, max_output_size, *thresholds):
    n = shape_util.with_rank(boxes.shape, 2)
    if n[1].value not in (None, 4):
        raise ShapeError(f"Dimension must be 4 but is {n[1].value}")
    m = shape_util.with_rank(scores.shape, 1)
    shape_util.merge_dim(n[0].value, m[0].value)
    for t in (max_output_size, *thresholds):
        shape_util.with_rank(t.shape, 0)


def _padded(selected, max_output_size, pad):
    if pad:
        out = np.zeros(int(max_output_size), selected.dtype)
        out[: len(selected)] = selected
        return out
    return selected


def _padded_size(max_output_size, pad):
    n = shape_util.constant_value(max_output_size) if pad else None
    return [None if n is None else int(n)]


@register_op
class NonMaxSuppressionV3(OpDef):
    """Indices of the boxes kept by greedy non-max suppression, best score first."""

    inputs = ("boxes", "scores", "max_output_size", "iou_threshold", "score_threshold")
    type_inputs = ("boxes", "scores")
    allowed = _HALF_FLOAT

    def infer(boxes, scores, max_output_size, iou_threshold, score_threshold):
        _nms_rule(boxes, scores, max_output_size, iou_threshold, score_threshold)
        return TensorSpec([None], D.int32)

    def kernel(xp, boxes, scores, max_output_size, iou_threshold, score_threshold):
        _check_threshold(iou_threshold)
        sim = _iou_matrix(boxes)
        return xp.asarray(
            _greedy_nms(sim, scores, int(max_output_size), iou_threshold, score_threshold)[0]
        )


@register_op
class NonMaxSuppressionV4(OpDef):
    """NonMaxSuppressionV3 with the count of valid outputs, optionally padded."""

    inputs = NonMaxSuppressionV3.inputs
    type_inputs = ("boxes", "scores")
    attrs = {"pad_to_max_output_size": False}
    allowed = _HALF_FLOAT

    def infer(boxes, scores, max_output_size, iou, score, *, pad_to_max_output_size):
        _nms_rule(boxes, scores, max_output_size, iou, score)
        size = _padded_size(max_output_size, pad_to_max_output_size)
        return [TensorSpec(size, D.int32), TensorSpec([], D.int32)]

    def kernel(xp, boxes, scores, max_output_size, iou, score, *, pad_to_max_output_size):
        _check_threshold(iou)
        selected, _ = _greedy_nms(_iou_matrix(boxes), scores, int(max_output_size), iou, score)
        return (
            xp.asarray(_padded(selected, max_output_size, pad_to_max_output_size)),
            xp.asarray(np.int32(len(selected))),
        )


@register_op
class NonMaxSuppressionV5(OpDef):
    """Non-max suppression (soft when soft_nms_sigma > 0) with the selected scores."""

    inputs = (
        "boxes",
        "scores",
        "max_output_size",
        "iou_threshold",
        "score_threshold",
        "soft_nms_sigma",
    )
    type_inputs = ("boxes", "scores", "iou_threshold", "score_threshold", "soft_nms_sigma")
    attrs = {"pad_to_max_output_size": False}
    allowed = _HALF_FLOAT

    def infer(boxes, scores, max_output_size, iou, score, sigma, *, pad_to_max_output_size):
        _nms_rule(boxes, scores, max_output_size, iou, score, sigma)
        size = _padded_size(max_output_size, pad_to_max_output_size)
        return [TensorSpec(size, D.int32), TensorSpec(size, scores.dtype), TensorSpec([], D.int32)]

    def kernel(xp, boxes, scores, max_output_size, iou, score, sigma, *, pad_to_max_output_size):
        _check_threshold(iou)
        if sigma < 0:
            raise InvalidArgumentError(None, None, "soft_nms_sigma must be >= 0")
        selected, kept = _greedy_nms(
            _iou_matrix(boxes), scores, int(max_output_size), iou, score, float(sigma)
        )
        pad = pad_to_max_output_size
        return (
            xp.asarray(_padded(selected, max_output_size, pad)),
            xp.asarray(_padded(kept, max_output_size, pad).astype(np.asarray(scores).dtype)),
            xp.asarray(np.int32(len(selected))),
        )


@register_op
class NonMaxSuppressionWithOverlaps(OpDef):
    """Greedy non-max suppression on a given [n, n] overlap matrix."""

    inputs = ("overlaps", "scores", "max_output_size", "overlap_threshold", "score_threshold")
    type_inputs = ()

    def infer(overlaps, scores, max_output_size, overlap_threshold, score_threshold):
        n = shape_util.with_rank(overlaps.shape, 2)
        shape_util.merge_dim(n[0].value, n[1].value)
        shape_util.merge_dim(n[0].value, shape_util.with_rank(scores.shape, 1)[0].value)
        for t in (max_output_size, overlap_threshold, score_threshold):
            shape_util.with_rank(t.shape, 0)
        return TensorSpec([None], D.int32)

    def kernel(xp, overlaps, scores, max_output_size, overlap_threshold, score_threshold):
        sim = np.asarray(overlaps, np.float32)
        return xp.asarray(
            _greedy_nms(sim, scores, int(max_output_size), overlap_threshold, score_threshold)[0]
        )


NotDifferentiable("NonMaxSuppressionWithOverlaps")


def non_max_suppression(
    boxes, scores, max_output_size, iou_threshold=0.5, score_threshold=float("-inf"), name=None
):
    """Indices of the boxes greedy non-max suppression keeps, best score first."""
    with name_scope(name, "non_max_suppression"):
        iou_threshold = convert_to_tensor(iou_threshold, name="iou_threshold")
        score_threshold = convert_to_tensor(score_threshold, name="score_threshold")
        return NonMaxSuppressionV3.apply(
            boxes, scores, _size(max_output_size), iou_threshold, score_threshold
        )


def _size(max_output_size):
    return convert_to_tensor(max_output_size, D.int32, name="max_output_size")


_PaddedOut = collections.namedtuple("NonMaxSuppressionV4", "selected_indices valid_outputs")


def non_max_suppression_padded(
    boxes,
    scores,
    max_output_size,
    iou_threshold=0.5,
    score_threshold=float("-inf"),
    pad_to_max_output_size=False,
    name=None,
):
    """(selected indices, number valid); padded with zeros to max_output_size on request."""
    with name_scope(name, "non_max_suppression_padded"):
        iou_threshold = convert_to_tensor(iou_threshold, name="iou_threshold")
        score_threshold = convert_to_tensor(score_threshold, name="score_threshold")
        return _PaddedOut(
            *NonMaxSuppressionV4.apply(
                boxes,
                scores,
                _size(max_output_size),
                iou_threshold,
                score_threshold,
                pad_to_max_output_size=pad_to_max_output_size,
            )
        )


def non_max_suppression_with_scores(
    boxes,
    scores,
    max_output_size,
    iou_threshold=0.5,
    score_threshold=float("-inf"),
    soft_nms_sigma=0.0,
    name=None,
):
    """(selected indices, their scores); soft-NMS decays scores when soft_nms_sigma > 0."""
    with name_scope(name, "non_max_suppression_with_scores"):
        scores = convert_to_tensor(scores, name="scores")
        dtype = scores.dtype.base_dtype
        thresholds = [
            convert_to_tensor(v, dtype, name=n)
            for v, n in (
                (iou_threshold, "iou_threshold"),
                (score_threshold, "score_threshold"),
                (soft_nms_sigma, "soft_nms_sigma"),
            )
        ]
        selected, kept, _ = NonMaxSuppressionV5.apply(
            boxes, scores, _size(max_output_size), *thresholds
        )
        return selected, kept


def non_max_suppression_overlaps(
    overlaps,
    scores,
    max_output_size,
    overlap_threshold=0.5,
    score_threshold=float("-inf"),
    name=None,
):
    """Greedy non-max suppression on an overlap matrix instead of boxes."""
    with name_scope(name, "non_max_suppression_overlaps"):
        overlap_threshold = convert_to_tensor(
            overlap_threshold, D.float32, name="overlap_threshold"
        )
        return NonMaxSuppressionWithOverlaps.apply(
            overlaps, scores, _size(max_output_size), overlap_threshold, score_threshold
        )


# -- drawing boxes -------------------------------------------------------------------------------
_COLORS = np.array(
    [
        [1, 1, 0, 1],
        [0, 0, 1, 1],
        [1, 0, 0, 1],
        [0, 1, 0, 1],
        [0.5, 0, 0.5, 1],
        [0.5, 0.5, 0, 1],
        [0.5, 0, 0, 1],
        [0, 0, 0.5, 1],
        [0, 1, 1, 1],
        [1, 0, 1, 1],
    ],
    np.float32,
)


def _draw_one(canvas, box, color):
    h, w = canvas.shape[:2]
    top, bottom = int(np.float32(box[0]) * (h - 1)), int(np.float32(box[2]) * (h - 1))
    left, right = int(np.float32(box[1]) * (w - 1)), int(np.float32(box[3]) * (w - 1))
    if top > bottom or left > right or top >= h or bottom < 0 or left >= w or right < 0:
        return  # TF logs a warning and skips the box
    rows = slice(max(top, 0), min(bottom, h - 1) + 1)
    cols = slice(max(left, 0), min(right, w - 1) + 1)
    if top >= 0:
        canvas[top, cols] = color
    if bottom < h:
        canvas[bottom, cols] = color
    if left >= 0:
        canvas[rows, left] = color
    if right < w:
        canvas[rows, right] = color


def _draw(images, boxes, colors_given):
    depth = images.shape[3]
    default = colors_given is None or np.size(colors_given) == 0
    colors = np.array(_COLORS if default else colors_given, np.float32)
    if colors.ndim != 2 or colors.shape[1] < depth:
        raise InvalidArgumentError(
            None, None, "Color tensor should have at least as many channels as the image"
        )
    if depth == 1 and default:
        colors[:, 0] = 1  # default-coloured boxes are white on grayscale images
    canvas = np.array(images)
    for b in range(canvas.shape[0]):
        for k, box in enumerate(np.asarray(boxes)[b]):
            _draw_one(canvas[b], box, colors[k % len(colors), :depth])
    return canvas


def _draw_rule(images, boxes):
    depth = shape_util.with_rank(images.shape, 4)[3].value
    if depth not in (None, 1, 3, 4):
        raise ShapeError("Channel depth should be either 1 (GRY), 3 (RGB), or 4 (RGBA)")
    shape_util.with_rank(boxes.shape, 3)
    return TensorSpec(images.shape, images.dtype)


@register_op
class DrawBoundingBoxes(OpDef):
    """The images with each box's outline drawn in the default colour table."""

    inputs = ("images", "boxes")
    type_inputs = ("images",)
    allowed = _HALF_FLOAT

    def infer(images, boxes):
        return _draw_rule(images, boxes)

    def kernel(xp, images, boxes):
        return xp.asarray(_draw(images, boxes, None))


@register_op
class DrawBoundingBoxesV2(OpDef):
    """The images with each box's outline drawn in the given colours."""

    inputs = ("images", "boxes", "colors")
    type_inputs = ("images",)
    allowed = _HALF_FLOAT

    def infer(images, boxes, colors):
        return _draw_rule(images, boxes)

    def kernel(xp, images, boxes, colors):
        return xp.asarray(_draw(images, boxes, colors))


NotDifferentiable("DrawBoundingBoxes")
NotDifferentiable("DrawBoundingBoxesV2")


def draw_bounding_boxes(images, boxes, name=None, colors=None):
    """Box outlines drawn on a batch of images (boxes [batch, n, 4], normalised)."""
    if colors is None:
        return DrawBoundingBoxes.apply(images, boxes, name=name)
    return DrawBoundingBoxesV2.apply(images, boxes, colors, name=name)


# -- sample_distorted_bounding_box ---------------------------------------------------------------
def _random_crop_rect(gen, h, w, area_range, aspect):
    """TF's GenerateRandomCrop: (y, x, height, width) or None."""
    min_area, max_area = area_range[0] * w * h, area_range[1] * w * h
    height = int(np.rint(np.sqrt(min_area / aspect)))
    max_height = int(np.rint(np.sqrt(max_area / aspect)))
    if int(np.rint(max_height * aspect)) > w:
        max_height = int((w + 0.5 - 1e-7) / aspect)
    max_height = min(max_height, h)
    height = min(height, max_height)
    if height < max_height:
        height += int(gen.integers(max_height - height + 1))
    width = int(np.rint(height * aspect))
    area = width * height
    if area < min_area:
        height += 1
        width = int(np.rint(height * aspect))
        area = width * height
    if area > max_area:
        height -= 1
        width = int(np.rint(height * aspect))
        area = width * height
    if area < min_area or area > max_area or width > w or height > h or width <= 0 or height <= 0:
        return None
    y = int(gen.integers(h - height)) if height < h else 0
    x = int(gen.integers(w - width)) if width < w else 0
    return y, x, height, width


def _covers(rect, boxes, min_object_covered):
    y, x, height, width = rect
    for y0, x0, y1, x1 in boxes:
        area = (y1 - y0) * (x1 - x0)
        if area <= 0:
            continue
        inter = max(min(y1, y + height) - max(y0, y), 0) * max(min(x1, x + width) - max(x0, x), 0)
        if inter / area >= min_object_covered:
            return True
    return False


@register_op
class SampleDistortedBoundingBoxV2(OpDef):
    """A random crop (begin, size, box) covering at least min_object_covered of some box."""

    inputs = ("image_size", "bounding_boxes", "min_object_covered")
    type_inputs = ("image_size",)
    attrs = {
        "seed": 0,
        "seed2": 0,
        "aspect_ratio_range": [0.75, 1.33],
        "area_range": [0.05, 1.0],
        "max_attempts": 100,
        "use_image_if_no_bounding_boxes": False,
    }
    allowed = frozenset({D.uint8, D.int8, D.uint16, D.int16, D.int32, D.int64})
    stateful = True

    def infer(image_size, bounding_boxes, min_object_covered, **attrs):
        shape_util.merge_dim(shape_util.with_rank(image_size.shape, 1)[0].value, 3)
        shape_util.merge_dim(shape_util.with_rank(bounding_boxes.shape, 3)[2].value, 4)
        shape_util.with_rank(min_object_covered.shape, 0)
        return [
            TensorSpec([3], image_size.dtype),
            TensorSpec([3], image_size.dtype),
            TensorSpec([1, 1, 4], D.float32),
        ]

    def kernel(
        xp,
        image_size,
        bounding_boxes,
        min_object_covered,
        *,
        ctx,
        op,
        seed,
        seed2,
        aspect_ratio_range,
        area_range,
        max_attempts,
        use_image_if_no_bounding_boxes,
    ):
        h, w = int(image_size[0]), int(image_size[1])
        boxes = np.asarray(bounding_boxes, np.float64).reshape(-1, 4) * [h, w, h, w]
        if len(boxes) == 0:
            if not use_image_if_no_bounding_boxes:
                raise InvalidArgumentError(
                    None,
                    None,
                    "No bounding boxes provided as input. One must enable "
                    "use_image_if_no_bounding_boxes if you wish to not provide any bounding "
                    "boxes.",
                )
            boxes = np.array([[0, 0, h, w]], np.float64)
        gen = _generator(ctx, op, seed, seed2)
        rect = None
        for _ in range(max_attempts):
            aspect = gen.uniform(*aspect_ratio_range)
            rect = _random_crop_rect(gen, h, w, area_range, aspect)
            if rect is not None and _covers(rect, boxes, float(min_object_covered)):
                break
            rect = None
        y, x, height, width = rect or (0, 0, h, w)
        dtype = np.asarray(image_size).dtype
        box = np.array([[[y / h, x / w, (y + height) / h, (x + width) / w]]], np.float32)
        return (
            xp.asarray(np.array([y, x, 0], dtype)),
            xp.asarray(np.array([height, width, -1], dtype)),
            xp.asarray(box),
        )


NotDifferentiable("SampleDistortedBoundingBoxV2")


_DistortedOut = collections.namedtuple("SampleDistortedBoundingBoxV2", "begin size bboxes")


def sample_distorted_bounding_box(
    image_size,
    bounding_boxes,
    seed=None,
    seed2=None,
    min_object_covered=0.1,
    aspect_ratio_range=None,
    area_range=None,
    max_attempts=None,
    use_image_if_no_bounding_boxes=None,
    name=None,
):
    """(begin, size, bboxes) of a random crop for tf.slice; TF 1.15 passes the seeds as given."""
    attrs = {
        "aspect_ratio_range": aspect_ratio_range,
        "area_range": area_range,
        "max_attempts": max_attempts,
        "use_image_if_no_bounding_boxes": use_image_if_no_bounding_boxes,
    }
    attrs = {k: v for k, v in attrs.items() if v is not None}
    with name_scope(name, "sample_distorted_bounding_box"):
        covered = convert_to_tensor(min_object_covered, D.float32, name="min_object_covered")
        return _DistortedOut(
            *SampleDistortedBoundingBoxV2.apply(
                image_size,
                bounding_boxes,
                covered,
                seed=seed or 0,
                seed2=seed2 or 0,
                **attrs,
            )
        )

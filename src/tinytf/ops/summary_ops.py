"""Summary ops: their kernels return serialized `Summary` protobufs (TensorBoard's classes), as
TF's do; tf.summary.FileWriter writes them to event files."""

import struct
import zlib

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.graph_io import protos, tensor_proto
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)


class SummaryOp(OpDef):
    """A summary of `values` under the string tag `tag(s)`: one serialized Summary (string)."""

    inputs = ("tags", "values")
    type_inputs = ("values",)

    @classmethod
    def infer(cls, *inputs, **attrs):
        return TensorSpec([], D.string)


def _serialized(xp, values):
    return xp.asarray(protos().Summary(value=values).SerializeToString(), dtype=object)


def _tag(tags):
    tag = np.asarray(tags).reshape(-1)[0]
    return tag.decode() if isinstance(tag, bytes) else str(tag)


@register_op
class ScalarSummary(SummaryOp):
    """A scalar, for TensorBoard's scalar charts."""

    allowed = D.REAL_NUMBERS

    def kernel(xp, tags, values):
        value = protos().Summary.Value(tag=_tag(tags), simple_value=float(values))
        return _serialized(xp, [value])


def _histogram_limits():
    """TF's default histogram bucket edges: +-1e-12 * 1.1**k up to 1e20, and +-DBL_MAX."""
    positive, v = [], 1e-12
    while v < 1e20:
        positive.append(v)
        v *= 1.1
    limits = [-x for x in reversed(positive)] + [0.0] + positive
    return np.array([-np.finfo(np.float64).max] + limits + [np.finfo(np.float64).max])


_LIMITS = _histogram_limits()


@register_op
class HistogramSummary(SummaryOp):
    """The distribution of `values`, in TF's exponential buckets."""

    inputs = ("tag", "values")
    allowed = D.REAL_NUMBERS

    def kernel(xp, tag, values):
        v = np.asarray(values, dtype=np.float64).ravel()
        p = protos()
        histo = p.Summary.Value(tag=_tag(tag)).histo
        if v.size:
            counts = np.bincount(
                np.searchsorted(_LIMITS, v, side="right"), minlength=len(_LIMITS) + 1
            )[1 : len(_LIMITS) + 1]
            used = np.flatnonzero(counts)
            first, last = max(used[0] - 1, 0), min(used[-1] + 1, len(counts) - 1)
            histo.min, histo.max = float(v.min()), float(v.max())
            histo.num, histo.sum = float(v.size), float(v.sum())
            histo.sum_squares = float(np.dot(v, v))
            histo.bucket_limit.extend(_LIMITS[first : last + 1].tolist())
            histo.bucket.extend(counts[first : last + 1].astype(float).tolist())
        value = p.Summary.Value(tag=_tag(tag), histo=histo)
        return _serialized(xp, [value])


def _png(image):
    """PNG bytes of an HxWxC uint8 image (C = 1 grey, 3 RGB, 4 RGBA)."""
    h, w, c = image.shape
    color = {1: 0, 3: 2, 4: 6}[c]
    rows = b"".join(b"\0" + image[y].tobytes() for y in range(h))

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", w, h, 8, color, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@register_op
class ImageSummary(SummaryOp):
    """Up to max_images images of a [batch, height, width, channels] tensor, as PNG."""

    inputs = ("tag", "tensor")
    attrs = {"max_images": 3, "bad_color": np.array([255, 0, 0, 255], np.uint8)}
    allowed = frozenset({D.uint8, D.float16, D.float32, D.float64})

    def kernel(xp, tag, tensor, *, max_images, bad_color):
        images = np.asarray(tensor)[:max_images]
        if images.dtype != np.uint8:  # floats: scaled to 0..255 as TF does
            lo, hi = images.min(initial=0.0), images.max(initial=0.0)
            scale = 255.0 / hi if lo >= 0 else 127.0 / max(abs(lo), abs(hi), 1e-12)
            offset = 0.0 if lo >= 0 else 128.0
            images = np.clip(np.rint(images * scale + offset), 0, 255).astype(np.uint8)
        base, p = _tag(tag), protos()
        values = []
        for i, img in enumerate(images):
            name = f"{base}/image/{i}" if len(images) > 1 else f"{base}/image"
            picture = p.Summary.Image(
                height=img.shape[0],
                width=img.shape[1],
                colorspace=img.shape[2],
                encoded_image_string=_png(img),
            )
            values.append(p.Summary.Value(tag=name, image=picture))
        return _serialized(xp, values)


@register_op
class TensorSummaryV2(SummaryOp):
    """A tensor with plugin metadata (tf.summary.text uses the 'text' plugin)."""

    inputs = ("tag", "tensor", "serialized_summary_metadata")
    type_inputs = ("tensor",)

    def kernel(xp, tag, tensor, serialized_summary_metadata):
        p = protos()
        metadata = p.Summary.Value().metadata
        metadata.ParseFromString(bytes(np.asarray(serialized_summary_metadata).reshape(-1)[0]))
        array = np.asarray(tensor)
        value = p.Summary.Value(
            tag=_tag(tag), metadata=metadata, tensor=tensor_proto(array, D.as_dtype(array.dtype))
        )
        return _serialized(xp, [value])


@register_op
class MergeSummary(OpDef):
    """The union of the values of several serialized Summary protobufs."""

    inputs = ("inputs*",)

    def infer(*inputs):
        return TensorSpec([], D.string)

    def kernel(xp, *inputs):
        merged = protos().Summary()
        for s in inputs:
            merged.MergeFromString(bytes(np.asarray(s).reshape(-1)[0]))
        return xp.asarray(merged.SerializeToString(), dtype=object)


for _name in (
    "ScalarSummary",
    "HistogramSummary",
    "ImageSummary",
    "TensorSummaryV2",
    "MergeSummary",
):
    NotDifferentiable(_name)


# -- public wrappers -----------------------------------------------------------------------------
def _summary(opdef, name, tensor, collections, family, *extra, **attrs):
    """The summary op, named and tagged by its (unique, scoped) name, as TF 1.x does."""
    protos()  # ImportError with the install hint, at graph-building time
    with name_scope(name, values=[tensor]) as scope:
        tag = f"{family}/{scope[:-1]}" if family else scope[:-1]
        op = opdef.apply(tag, tensor, *extra, name=scope, **attrs)
    for key in [GraphKeys.SUMMARIES] if collections is None else collections:
        get_default_graph().add_to_collection(key, op)
    return op


def scalar(name, tensor, collections=None, family=None):
    """A scalar summary (TensorBoard's Scalars tab).

    >>> tf.summary.scalar("loss", cross_entropy)
    """
    return _summary(ScalarSummary, name, tensor, collections, family)


def histogram(name, values, collections=None, family=None):
    """A histogram summary of `values` (TensorBoard's Histograms and Distributions tabs)."""
    return _summary(HistogramSummary, name, values, collections, family)


def image(name, tensor, max_outputs=3, collections=None, family=None):
    """Up to `max_outputs` images of a [batch, height, width, 1|3|4] tensor."""
    return _summary(ImageSummary, name, tensor, collections, family, max_images=max_outputs)


def text(name, tensor, collections=None):
    """A text summary (TensorBoard's Text tab) of a string tensor."""
    metadata = protos().Summary.Value().metadata
    metadata.plugin_data.plugin_name = "text"
    return _summary(
        TensorSummaryV2,
        name,
        convert_to_tensor(tensor),
        collections,
        None,
        metadata.SerializeToString(),
    )


def merge(inputs, collections=None, name=None):
    """One serialized Summary with the values of all `inputs`."""
    protos()
    op = MergeSummary.apply(list(inputs), name=name)
    for key in collections or []:
        get_default_graph().add_to_collection(key, op)
    return op


def merge_all(key=GraphKeys.SUMMARIES, scope=None, name=None):
    """merge() of every summary in collection `key` (None if there are none)."""
    found = get_default_graph().get_collection(key, scope)
    return merge(found, name=name) if found else None

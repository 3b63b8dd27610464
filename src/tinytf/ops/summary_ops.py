"""Summary ops: their kernels return serialized `Summary` protobufs (TensorBoard's classes), as
TF's do; tf.summary.FileWriter writes them to event files."""

import contextlib
import re
import struct
import zlib

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
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
from tinytf.platform import tf_logging as logging
from tinytf.platform.protos import proto_module


class SummaryOp(OpDef):
    """A summary of `values` under the string tag `tag(s)`: one serialized Summary (string)."""

    inputs = ("tags", "values")
    type_inputs = ("values",)

    @classmethod
    def infer(cls, *inputs, **attrs):
        return TensorSpec([], D.string)


def _summary_pb2():
    protos()  # ImportError with the install hint
    return proto_module("summary_pb2")


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
            # TF names the images by the number requested, not the number produced
            name = f"{base}/image/{i}" if max_images > 1 else f"{base}/image"
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


def _int16(samples):
    """TF's FloatToInt16Sample: x * 2**15 rounded half away from zero, clipped to int16."""
    scaled = np.asarray(samples, np.float32) * np.float32(1 << 15)
    rounded = np.sign(scaled) * np.floor(np.abs(scaled) + np.float32(0.5))
    return np.clip(rounded, -(1 << 15), (1 << 15) - 1).astype("<i2")


def _wav(samples, sample_rate):
    """A 16-bit PCM WAV file of a [frames, channels] float array (TF's EncodeAudioAsS16LEWav)."""
    frames, channels = samples.shape
    data = _int16(samples).tobytes()
    header = struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF",
        36 + len(data),
        b"WAVE",
        b"fmt ",
        16,
        1,  # PCM
        channels,
        sample_rate,
        sample_rate * 2 * channels,
        2 * channels,
        16,
        b"data",
        len(data),
    )
    return header + data


@register_op
class AudioSummaryV2(SummaryOp):
    """Up to max_outputs clips of a [batch, frames(, channels)] float tensor in [-1, 1], as WAV."""

    inputs = ("tag", "tensor", "sample_rate")
    type_inputs = ()
    attrs = {"max_outputs": 3}

    def infer(tag, tensor, sample_rate, *, max_outputs):
        if max_outputs < 1:
            raise ValueError(
                f"Attr 'max_outputs' of 'AudioSummaryV2' Op passed {max_outputs} less than "
                "minimum 1."
            )
        for arg, t in (("tensor", tensor), ("sample_rate", sample_rate)):
            if t.dtype.base_dtype != D.float32:
                raise TypeError(
                    f"Input '{arg}' of 'AudioSummaryV2' Op has type {t.dtype.base_dtype.name} "
                    "that does not match expected type of float32."
                )
        return TensorSpec([], D.string)

    def kernel(xp, tag, tensor, sample_rate, *, max_outputs):
        clips = np.asarray(tensor, np.float32)
        if clips.ndim not in (2, 3):
            shape = ",".join(str(d) for d in clips.shape)
            raise InvalidArgumentError(None, None, f"Tensor must be 3-D or 2-D, got: [{shape}]")
        rate = np.asarray(sample_rate, np.float32)
        if rate.size != 1:
            raise InvalidArgumentError(
                None, None, f"sample_rate must be a scalar, got shape {list(rate.shape)}"
            )
        rate = float(rate.reshape(()))
        clips = clips.reshape(clips.shape[0], clips.shape[1], -1)
        wav_rate = max(int(np.rint(rate)), 1)  # TF's lrintf, then at least 1 Hz
        base, p = _tag(tag), protos()
        values = []
        for i, clip in enumerate(clips[:max_outputs]):
            sound = p.Summary.Audio(
                sample_rate=rate,
                num_channels=clip.shape[1],
                length_frames=clip.shape[0],
                encoded_audio_string=_wav(clip, wav_rate),
                content_type="audio/wav",
            )
            name = f"{base}/audio/{i}" if max_outputs > 1 else f"{base}/audio"
            values.append(p.Summary.Value(tag=name, audio=sound))
        return _serialized(xp, values)


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
    "AudioSummaryV2",
    "MergeSummary",
):
    NotDifferentiable(_name)


# -- public wrappers -----------------------------------------------------------------------------
_INVALID_TAG_CHARACTERS = re.compile(r"[^-/\w\.]")
_SUMMARY_V2 = "_SUMMARY_V2"  # TF's GraphKeys._SUMMARY_COLLECTION: V2 summary ops only


def _clean_tag(name):
    """`name` with characters TensorBoard does not allow replaced by '_' (TF logs the change)."""
    if name is None:
        return None
    clean = _INVALID_TAG_CHARACTERS.sub("_", name).lstrip("/")
    if clean != name:
        logging.info("Summary name %s is illegal; using %s instead.", name, clean)
    return clean


@contextlib.contextmanager
def _summary_scope(name, family, values):
    """(tag, scope) as TF's summary_scope: the family prefixes both the scope and the tag."""
    protos()  # ImportError with the install hint, at graph-building time
    name, family = _clean_tag(name), _clean_tag(family)
    base = name if family is None else f"{family}/{name}"
    with name_scope(base, values=values) as scope:
        yield (scope.rstrip("/") if family is None else f"{family}/{scope.rstrip('/')}"), scope


def _collect(op, collections):
    for key in [GraphKeys.SUMMARIES] if collections is None else collections:
        get_default_graph().add_to_collection(key, op)
    return op


def _summary(opdef, name, tensor, collections, family, *extra, **attrs):
    """The summary op, named and tagged by its (unique, scoped) name, as TF 1.x does."""
    with _summary_scope(name, family, [tensor]) as (tag, scope):
        op = opdef.apply(tag, tensor, *extra, name=scope, **attrs)
    return _collect(op, collections)


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


def audio(name, tensor, sample_rate, max_outputs=3, collections=None, family=None):
    """Up to `max_outputs` clips of a [batch, frames] or [batch, frames, channels] float32
    tensor with values in [-1, 1], as WAV at `sample_rate` Hz (TensorBoard's Audio tab)."""
    with _summary_scope(name, family, [tensor]) as (tag, scope):
        rate = convert_to_tensor(sample_rate, dtype=D.float32, name="sample_rate")
        op = AudioSummaryV2.apply(tag, tensor, rate, max_outputs=max_outputs, name=scope)
    return _collect(op, collections)


def tensor_summary(
    name,
    tensor,
    summary_description=None,
    collections=None,
    summary_metadata=None,
    family=None,
    display_name=None,
):
    """A summary holding the whole `tensor` (a TensorProto), with optional SummaryMetadata
    naming the TensorBoard plugin that reads it."""
    metadata = _summary_pb2().SummaryMetadata()
    if summary_metadata is not None:
        metadata.CopyFrom(summary_metadata)
    if summary_description is not None:
        metadata.summary_description = summary_description
    if display_name is not None:
        metadata.display_name = display_name
    serialized = metadata.SerializeToString()
    return _summary(TensorSummaryV2, name, tensor, collections, family, serialized)


def text(name, tensor, collections=None):
    """A text summary (TensorBoard's Text tab) of a string tensor."""
    if tensor.dtype != D.string:
        raise ValueError(f"Expected tensor {tensor.name} to have dtype string, got {tensor.dtype}")
    metadata = _summary_pb2().SummaryMetadata()
    metadata.plugin_data.plugin_name = "text"
    return tensor_summary(name, tensor, summary_metadata=metadata, collections=collections)


def get_summary_description(node_def):
    """The SummaryDescription a (V1) TensorSummary NodeDef holds in its 'description' attr."""
    from google.protobuf import json_format

    if node_def.op != "TensorSummary":
        raise ValueError(f"Can't get_summary_description on {node_def.op}")
    description = _summary_pb2().SummaryDescription()
    json_format.Parse(node_def.attr["description"].s.decode(), description)
    return description


def all_v2_summary_ops():
    """The V2 (tf.contrib.summary) summary ops of the default graph: TF 1.x's tf.summary ops are
    not among them."""
    return get_default_graph().get_collection(_SUMMARY_V2)


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

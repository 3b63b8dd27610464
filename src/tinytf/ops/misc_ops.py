"""Small top-level ops of TF 1.15: Timestamp, Fingerprint, PrintV2 (tf.print), GuaranteeConst,
CountUpTo and EditDistance, with their public wrappers."""

import os
import pprint
import sys
import time

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError, OutOfRangeError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    register_op,
)
from tinytf.framework.tensor_shape import TensorShape, unknown_shape
from tinytf.ops.shape_util import constant_value
from tinytf.ops.state_ops import _read, _ref


# -- Timestamp -----------------------------------------------------------------------------------
@register_op
class Timestamp(OpDef):
    """Seconds since the epoch, as float64, when the op runs."""

    stateful = True

    def infer():
        return TensorSpec(TensorShape([]), D.float64)

    def kernel(xp, *, ctx, op):
        return np.float64(time.time())


NotDifferentiable("Timestamp")


def timestamp(name=None):
    """A float64 scalar: the time (seconds since the epoch) at which the op runs."""
    return Timestamp.apply(name=name or "Timestamp")


# -- Fingerprint -------------------------------------------------------------------------------
def _fingerprint64(data):
    try:
        import farmhash
    except ImportError as e:  # pragma: no cover - the extra is installed in CI
        raise ImportError("tf.fingerprint needs pyfarmhash: pip install 'tinytf[strings]'") from e
    return np.frombuffer(farmhash.fingerprint64(bytes(data)).to_bytes(8, "little"), np.uint8)


@register_op
class Fingerprint(OpDef):
    """An 8-byte farmhash Fingerprint64 of each row (first dimension) of `data`."""

    inputs = ("data", "method")
    type_inputs = ("data",)

    def infer(data, method):
        data.shape.with_rank_at_least(1)
        value = constant_value(method)
        if value is not None and value != b"farmhash64":
            raise ValueError(f"Unsupported method: {value.item().decode()}")
        width = 8 if value is not None else None  # TF knows the width only for a const method
        return TensorSpec(TensorShape([data.shape[0], width]), D.uint8)

    def kernel(xp, data, method):
        if method != b"farmhash64":
            raise InvalidArgumentError(None, None, f"Unsupported method: {method.item()!r}")
        rows = np.asarray(data).reshape(len(data), -1)
        if rows.dtype == object:  # strings: each row's string fingerprints, hashed again
            prints = [[_fingerprint64(s) for s in row] for row in rows]
            if rows.shape[1] == 1:
                return np.stack([p[0] for p in prints]).reshape(-1, 8)
            return np.stack([_fingerprint64(np.concatenate(p)) for p in prints]).reshape(-1, 8)
        raw = np.ascontiguousarray(rows).view(np.uint8).reshape(len(rows), -1)
        return np.stack([_fingerprint64(r) for r in raw]).reshape(-1, 8)


NotDifferentiable("Fingerprint")


def fingerprint(data, method="farmhash64", name=None):
    """A [N, 8] uint8 fingerprint (farmhash Fingerprint64, little-endian) of each row of data."""
    return Fingerprint.apply(data, method, name=name or "Fingerprint")


# -- PrintV2 (tf.print) ---------------------------------------------------------------------------
@register_op
class PrintV2(OpDef):
    """Writes a scalar string to stderr, stdout, a log level or a file:// path."""

    inputs = ("input",)
    type_inputs = ()
    attrs = {"output_stream": "stderr", "end": "\n"}
    stateful = True

    def infer(x, *, output_stream, end):
        x.shape.with_rank(0)
        if x.dtype.base_dtype != D.string:
            raise TypeError(f"Input 'input' of 'PrintV2' Op has type {x.dtype.name} "
                            "that does not match expected type of string.")
        return []

    def kernel(xp, x, *, ctx, op, output_stream, end):
        text = np.asarray(x).item().decode("utf-8", "surrogateescape") + end
        _write(text, output_stream)
        return []


NotDifferentiable("PrintV2")

_LOG_LEVELS = {"log(info)": 20, "log(warning)": 30, "log(error)": 40}


def _write(text, stream):
    if stream in ("stderr", "stdout"):
        out = sys.stderr if stream == "stderr" else sys.stdout
        out.write(text)
        out.flush()
    elif stream in _LOG_LEVELS:
        from tinytf.platform.tf_logging import get_logger

        get_logger().log(_LOG_LEVELS[stream], text.rstrip("\n"))
    elif stream.startswith("file://"):
        with open(stream[len("file://"):], "a") as f:
            f.write(text)
    else:
        raise InvalidArgumentError(None, None, f"{stream} is not a valid output stream")


def _stream_name(stream):
    import logging

    from tinytf.platform import tf_logging

    if isinstance(stream, str) and stream.startswith("file://"):
        return stream
    table = [
        (sys.stdout, "stdout"), (sys.stderr, "stderr"),
        (logging.INFO, "log(info)"), (tf_logging.info, "log(info)"), (logging.info, "log(info)"),
        (logging.WARNING, "log(warning)"), (tf_logging.warning, "log(warning)"),
        (tf_logging.warn, "log(warning)"), (logging.warning, "log(warning)"),
        (logging.ERROR, "log(error)"), (tf_logging.error, "log(error)"),
        (logging.error, "log(error)"),
    ]
    for key, value in table:
        if stream is key:
            return value
    if isinstance(stream, int) and not isinstance(stream, bool):
        return {20: "log(info)", 30: "log(warning)", 40: "log(error)"}.get(stream)
    return None


def _flatten(x):
    """TF's nest.flatten for lists, tuples and dicts (dict entries in sorted key order)."""
    if isinstance(x, dict):
        return [leaf for k in sorted(x) for leaf in _flatten(x[k])]
    if isinstance(x, (list, tuple)):
        return [leaf for item in x for leaf in _flatten(item)]
    return [x]


def _pack_as(structure, leaves):
    if isinstance(structure, dict):
        return {k: _pack_as(structure[k], leaves) for k in sorted(structure)}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_pack_as(item, leaves) for item in structure)
    return next(leaves)


def _placeholder_for(text):
    import random

    placeholder, rng = "{}", random.Random(5)  # TF's choice: unique from a seeded RNG
    while placeholder in text:
        placeholder += str(rng.randint(0, 9))
    return placeholder


def _is_tensor_like(x):
    from tinytf.ops.misc_util import is_tensor

    return is_tensor(x)


def _format_template(inputs, sep):
    """The StringFormat template and the tensors that fill it, built as TF's tf.print does."""
    from tinytf.ops.sparse_ops import SparseTensor

    free = " ".join(pprint.pformat(_pack_as(x, iter(
        ["" if _is_tensor_like(v) else v for v in _flatten(x)]))) for x in inputs)
    placeholder = _placeholder_for(free)
    templates, tensors = [], []
    for item in inputs:
        pieces = []
        for x in _flatten(item):
            if isinstance(x, SparseTensor):
                tensors += [x.indices, x.values, x.dense_shape]
                pieces.append(f"SparseTensor(indices={placeholder}, values={placeholder}, "
                              f"shape={placeholder})")
            elif _is_tensor_like(x):
                tensors.append(x)
                pieces.append(placeholder)
            else:
                pieces.append(x)
        if isinstance(item, str):
            templates.append(item)
        else:
            templates.append(pprint.pformat(_pack_as(item, iter(pieces))))
    template = sep.join(templates).replace(f"'{placeholder}'", placeholder)
    return template, tensors, placeholder


def print_v2(*inputs, **kwargs):
    """Prints inputs (tensors, sparse tensors, Python values, nests of them) when it runs."""
    from tinytf.ops.string_convert_ops import string_format

    output_stream = kwargs.pop("output_stream", sys.stderr)
    name = kwargs.pop("name", None)
    summarize = kwargs.pop("summarize", 3)
    sep = kwargs.pop("sep", " ")
    end = kwargs.pop("end", os.linesep)
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments for tf.print: {kwargs}")
    stream = _stream_name(output_stream)
    if stream is None:
        raise ValueError(
            f"Unsupported output stream, logging level, or file.{output_stream}. Supported "
            "streams are sys.stdout, sys.stderr, tf.logging.info, tf.logging.warning, "
            "tf.logging.error. File needs to be in the form of 'file://<filepath>'."
        )
    if len(inputs) == 1 and _is_scalar_string(inputs[0]):
        formatted = inputs[0]
    else:
        template, tensors, placeholder = _format_template(inputs, sep)
        if not tensors:  # tinytf's StringFormat needs one input: a template without tensors
            formatted = convert_to_tensor(template, dtype=D.string)
        else:
            formatted = string_format(template, tensors, placeholder=placeholder,
                                      summarize=summarize,
                                      name=name + "_format" if name else None)
    return PrintV2.apply(formatted, output_stream=stream, end=end, name=name or "PrintV2")


def _is_scalar_string(x):
    from tinytf.framework.ops import Tensor

    return isinstance(x, Tensor) and x.shape.ndims == 0 and x.dtype.base_dtype == D.string


# -- GuaranteeConst ----------------------------------------------------------------------------
@register_op
class GuaranteeConst(OpDef):
    """`input` unchanged; tells the runtime its value is constant."""

    inputs = ("input",)
    aliases_input = True

    def infer(x):
        return TensorSpec(x.shape, x.dtype.base_dtype)

    def kernel(xp, x):
        return x


# TF 1.15 registers no gradient for GuaranteeConst: tf.gradients through it is a LookupError


def guarantee_const(input, name=None):  # noqa: A002  (TF's name)
    """`input`, promised to be constant so that the graph may be optimised around it."""
    return GuaranteeConst.apply(input, name=name or "GuaranteeConst")


# -- CountUpTo ---------------------------------------------------------------------------------
@register_op
class CountUpTo(OpDef):
    """Increments an int variable; its old value, or OutOfRangeError at `limit`."""

    inputs = ("ref",)
    attrs = {"limit": None}
    allowed = frozenset([D.int32, D.int64])
    stateful = True
    ref_inputs = (0,)

    def infer(ref, *, limit):
        return TensorSpec(ref.shape.with_rank(0), ref.dtype.base_dtype)

    def kernel(xp, ref, *, ctx, op, limit):
        var = _read(ctx, ref)
        before = var.copy()
        if before >= limit:
            raise OutOfRangeError(None, None, f"Reached limit of {limit}")
        var += 1
        return before


NotDifferentiable("CountUpTo")


def count_up_to(ref, limit, name=None):
    """Increments the int Variable `ref` until `limit`; returns the value before the increment."""
    ref = _ref(ref)
    with ref.graph.colocate_with(ref.op):  # TF colocates an op with its ref inputs (_class)
        return CountUpTo.apply(ref, limit=int(limit), name=name or "CountUpTo")


# -- EditDistance ------------------------------------------------------------------------------
def _levenshtein(a, b):
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def _groups(indices, values, n_batch_dims):
    out = {}
    for idx, v in zip(indices.tolist(), values.tolist()):
        out.setdefault(tuple(idx[:n_batch_dims]), []).append(v)
    return out


@register_op
class EditDistance(OpDef):
    """Levenshtein distance between the sequences of two SparseTensors, per batch entry."""

    inputs = ("hypothesis_indices", "hypothesis_values", "hypothesis_shape",
              "truth_indices", "truth_values", "truth_shape")
    type_inputs = ("hypothesis_values", "truth_values")
    attrs = {"normalize": True}

    def infer(hi, hv, hs, ti, tv, ts, *, normalize):
        h_shape, t_shape = constant_value(hs), constant_value(ts)
        if h_shape is None or t_shape is None:  # TF: unknown unless both shapes are constant
            return TensorSpec(unknown_shape(), D.float32)
        if len(h_shape) != len(t_shape):
            raise ValueError("Num elements of hypothesis_shape does not match truth_shape: "
                             f"{len(h_shape)} vs. {len(t_shape)}")
        dims = np.maximum(h_shape[:-1], t_shape[:-1])
        return TensorSpec(TensorShape([int(d) for d in dims]), D.float32)

    def kernel(xp, hi, hv, hs, ti, tv, ts, *, normalize):
        if len(hs) != len(ts):
            raise InvalidArgumentError(
                None, None, f"Inconsistent rank in hypothesis and truth: {len(hs)} vs {len(ts)}")
        n = len(hs) - 1
        dims = np.maximum(hs[:-1], ts[:-1])
        hyp, truth = _groups(hi, hv, n), _groups(ti, tv, n)
        out = np.zeros(tuple(int(d) for d in dims), np.float32)
        for key in set(hyp) | set(truth):
            h, t = hyp.get(key, []), truth.get(key, [])
            dist = float(_levenshtein(h, t))
            out[key] = dist / len(t) if normalize and t else (
                np.inf if normalize and h else (0.0 if normalize else dist))
        return out


NotDifferentiable("EditDistance")


def edit_distance(hypothesis, truth, normalize=True, name="edit_distance"):
    """The Levenshtein distance between SparseTensor sequences (normalised by truth length)."""
    from tinytf.ops.sparse_ops import SparseTensor

    if not isinstance(hypothesis, SparseTensor):
        raise TypeError("Hypothesis must be a SparseTensor.")
    if not isinstance(truth, SparseTensor):
        raise TypeError("Truth must be a SparseTensor.")
    return EditDistance.apply(
        hypothesis.indices, hypothesis.values, hypothesis.dense_shape,
        truth.indices, truth.values, truth.dense_shape,
        normalize=bool(normalize), name=name,
    )

"""String ops on tf.string tensors (NumPy object arrays of bytes): web-safe base64 as TF writes
it, and Substr, which tf.io.is_jpeg and tf.image.decode_image compose."""

import base64
import binascii

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    register_op,
)
from tinytf.ops import shape_util

_ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def strings(value, name):
    """`value` as a tf.string Tensor (the ops here take strings only, as TF's)."""
    return convert_to_tensor(value, dtype=D.string, name=name)


def as_bytes(value):
    """One element of a string tensor as bytes (a fed Python str is UTF-8 encoded, as TF does)."""
    return value.encode() if isinstance(value, str) else bytes(value)


def _elementwise(fn, array, dtype=object):
    out = np.empty(np.shape(array), dtype=dtype)
    for idx, value in np.ndenumerate(np.asarray(array, dtype=object)):
        out[idx] = fn(as_bytes(value))
    return out


def _b64decode(data):
    if len(data) % 4 == 0 and data.endswith(b"="):
        data = data[:-2] if data.endswith(b"==") else data[:-1]
    whole = len(data) // 4 * 4
    # TF checks the whole 4-character groups before the length of the tail
    if not _ALPHABET.issuperset(data[:whole]):
        raise InvalidArgumentError(None, None, "Invalid character found in base64.")
    if len(data) % 4 == 1:
        raise InvalidArgumentError(None, None, "Base64 string length cannot be 1 modulo 4.")
    if not _ALPHABET.issuperset(data[whole:]):
        raise InvalidArgumentError(None, None, "Invalid character found in base64.")
    try:
        return base64.urlsafe_b64decode(data + b"=" * (-len(data) % 4))
    except binascii.Error as e:  # unreachable for checked input; kept as TF's error class
        raise InvalidArgumentError(None, None, f"Invalid base64: {e}") from None


@register_op
class EncodeBase64(OpDef):
    """Each string in web-safe base64 ('-' and '_'), '='-padded only when `pad`."""

    inputs = ("input",)
    type_inputs = ()
    attrs = {"pad": False}

    def infer(x, *, pad):
        return TensorSpec(x.shape, D.string)

    def kernel(xp, x, *, pad):
        def encode(value):
            out = base64.urlsafe_b64encode(value)
            return out if pad else out.rstrip(b"=")

        return _elementwise(encode, x)


@register_op
class DecodeBase64(OpDef):
    """Each web-safe base64 string decoded; the '=' padding is optional, as in TF."""

    inputs = ("input",)
    type_inputs = ()

    def infer(x):
        return TensorSpec(x.shape, D.string)

    def kernel(xp, x):
        return _elementwise(_b64decode, x)


def _substr(value, pos, length, unit, index):
    text = value.decode("utf-8") if unit == "UTF8_CHAR" else value
    if not -len(text) <= pos <= len(text):
        raise InvalidArgumentError(
            None, None, f"pos {pos} out of range for string {value!r} at index {index}"
        )
    start = pos % len(text) if pos < 0 else pos
    part = text[start : start + max(length, 0)] if length >= 0 else text[start:]
    return part.encode("utf-8") if unit == "UTF8_CHAR" else part


@register_op
class Substr(OpDef):
    """The substring of each string from `pos` (negative: from the end), `len` long."""

    inputs = ("input", "pos", "len")
    type_inputs = ("pos", "len")
    attrs = {"unit": "BYTE"}
    allowed = {D.int32, D.int64}

    def infer(x, pos, length, *, unit):
        if unit not in ("BYTE", "UTF8_CHAR"):
            raise ValueError(
                f"Attr 'unit' of 'Substr' Op passed string '{unit}' not in: "
                '"BYTE", "UTF8_CHAR".'
            )
        if length.shape.ndims is not None:
            shape_util.with_rank(pos.shape, length.shape.ndims)
        shape_util.merge_pair(pos.shape, length.shape)
        return TensorSpec(shape_util.broadcast_shape(x.shape, pos.shape), D.string)

    def kernel(xp, x, pos, length, *, unit):
        x, pos, length = np.broadcast_arrays(np.asarray(x, object), pos, length)
        out = np.empty(x.shape, dtype=object)
        for k, idx in enumerate(np.ndindex(x.shape)):
            out[idx] = _substr(as_bytes(x[idx]), int(pos[idx]), int(length[idx]), unit, k)
        return out


for _name in ("EncodeBase64", "DecodeBase64", "Substr"):
    NotDifferentiable(_name)


def encode_base64(input, pad=False, name=None):  # noqa: A002 - TF's argument name
    """`input` strings encoded in web-safe base64 ('-', '_'); `pad` adds '=' padding."""
    return EncodeBase64.apply(strings(input, "input"), pad=bool(pad), name=name)


def decode_base64(input, name=None):  # noqa: A002 - TF's argument name
    """`input` strings decoded from web-safe base64 (padding optional)."""
    return DecodeBase64.apply(strings(input, "input"), name=name)


def substr(input, pos, len, name=None, unit="BYTE"):  # noqa: A002 - TF's argument names
    """The substrings of `input` from `pos`, `len` long (in bytes or UTF-8 characters)."""
    return Substr.apply(strings(input, "input"), pos, len, unit=unit, name=name)

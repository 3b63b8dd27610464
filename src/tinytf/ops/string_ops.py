"""String ops on tf.string tensors (NumPy object arrays of bytes): web-safe base64 as TF writes
it, Substr, joins, splits, case and whitespace, lengths and hash buckets (TF's Hash64,
farmhash's Fingerprint64, SipHash-2-4). Regexes and number formatting are in
string_convert_ops.py."""

import base64
import binascii

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError, OutOfRangeError
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


def encode_base64(input, pad=False, name=None):  # noqa: A002 - TF's argument name
    """`input` strings encoded in web-safe base64 ('-', '_'); `pad` adds '=' padding."""
    return EncodeBase64.apply(strings(input, "input"), pad=bool(pad), name=name)


def decode_base64(input, name=None):  # noqa: A002 - TF's argument name
    """`input` strings decoded from web-safe base64 (padding optional)."""
    return DecodeBase64.apply(strings(input, "input"), name=name)


def substr(input, pos, len, name=None, unit="BYTE"):  # noqa: A002 - TF's argument names
    """The substrings of `input` from `pos`, `len` long (in bytes or UTF-8 characters)."""
    return Substr.apply(strings(input, "input"), pos, len, unit=unit, name=name)


def _string_input(x, opdef):
    if x.dtype.base_dtype != D.string:
        raise TypeError(
            f"Input 'input' of '{opdef}' Op has type {x.dtype.base_dtype.name} that does not "
            "match expected type of string."
        )


class _StringMap(OpDef):
    """An element-wise op from strings to strings (or to `out`)."""

    inputs = ("input",)
    type_inputs = ()
    out = D.string

    @classmethod
    def infer(cls, x, **attrs):
        _string_input(x, cls.type_name)
        return TensorSpec(x.shape, cls.out)


@register_op
class StringStrip(_StringMap):
    """Each string without leading and trailing whitespace."""

    def kernel(xp, x):
        return _elementwise(bytes.strip, x)


def _case_kernel(ascii_fn, unicode_fn):
    def kernel(xp, x, *, encoding):
        if encoding == "utf-8":
            # as ICU: each invalid UTF-8 sequence becomes U+FFFD
            return _elementwise(lambda v: unicode_fn(v.decode("utf-8", "replace")).encode(), x)
        return _elementwise(ascii_fn, x)

    return kernel


def _check_encoding(encoding):
    if encoding not in ("", "utf-8"):
        raise InvalidArgumentError(None, None, f"encoding '{encoding}' is not supported")


@register_op
class StringLower(_StringMap):
    """Each string in lower case (ASCII; Unicode with encoding='utf-8')."""

    attrs = {"encoding": ""}
    kernel = _case_kernel(bytes.lower, str.lower)


@register_op
class StringUpper(_StringMap):
    """Each string in upper case (ASCII; Unicode with encoding='utf-8')."""

    attrs = {"encoding": ""}
    kernel = _case_kernel(bytes.upper, str.upper)


def _utf8_length(value):
    # TF counts the bytes that do not continue a UTF-8 sequence, valid or not
    return sum(1 for b in value if b & 0xC0 != 0x80)


@register_op
class StringLength(_StringMap):
    """The length of each string in bytes or in UTF-8 characters (int32)."""

    attrs = {"unit": "BYTE"}
    out = D.int32

    def infer(x, *, unit):
        if unit not in ("BYTE", "UTF8_CHAR"):
            raise ValueError(
                f"Attr 'unit' of 'StringLength' Op passed string '{unit}' not in: "
                '"BYTE", "UTF8_CHAR".'
            )
        _string_input(x, "StringLength")
        return TensorSpec(x.shape, D.int32)

    def kernel(xp, x, *, unit):
        return _elementwise(_utf8_length if unit == "UTF8_CHAR" else len, x, np.int32)


@register_op
class StringJoin(OpDef):
    """The inputs joined element-wise with `separator`; scalars broadcast to the others."""

    inputs = ("inputs*",)
    type_inputs = ()
    attrs = {"separator": ""}

    def infer(*inputs, separator):
        wrong = [x.dtype.base_dtype.name for x in inputs if x.dtype.base_dtype != D.string]
        if wrong:
            raise TypeError(
                f"Tensors in list passed to 'inputs' of 'StringJoin' Op have types "
                f"[{', '.join(wrong)}] that do not match expected type string."
            )
        if all(x.shape.ndims == 0 for x in inputs):
            return TensorSpec(TensorShape([]), D.string)
        return TensorSpec(
            shape_util.merge_shapes([x.shape for x in inputs if x.shape.ndims not in (None, 0)]),
            D.string,
        )

    def kernel(xp, *inputs, separator):
        shapes = [np.shape(x) for x in inputs if np.ndim(x)]
        for other in shapes[1:]:
            if other != shapes[0]:
                raise InvalidArgumentError(
                    None, None, f"Input shapes do not match: {_dims(shapes[0])} vs. {_dims(other)}"
                )
        arrays = np.broadcast_arrays(*[np.asarray(x, object) for x in inputs])
        sep = separator.encode()
        out = np.empty(arrays[0].shape, object)
        for idx in np.ndindex(out.shape):
            out[idx] = sep.join(as_bytes(a[idx]) for a in arrays)
        return out


def _dims(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def _reduce_join_axes(axes, rank):
    axes = [int(a) for a in np.reshape(axes, [-1])]
    seen = set()
    for a in axes:
        if not -rank <= a < rank:
            raise OutOfRangeError(
                None, None, f"Invalid reduction dimension {a} for input with {rank} dimension(s)"
            )
        if a % rank in seen:
            raise InvalidArgumentError(None, None, f"Duplicate reduction dimension {a}")
        seen.add(a % rank)
    return [a % rank for a in axes]


@register_op
class ReduceJoin(OpDef):
    """The strings joined with `separator` across `reduction_indices` (the first listed axis
    varies fastest)."""

    inputs = ("inputs", "reduction_indices")
    type_inputs = ()
    attrs = {"keep_dims": False, "separator": ""}

    def infer(x, axes, *, keep_dims, separator):
        _string_input(x, "ReduceJoin")
        value = shape_util.constant_value(axes)
        dims = shape_util.dims_of(x.shape)
        if value is None or dims is None:
            return TensorSpec(TensorShape(None), D.string)
        reduced = set(_reduce_join_axes(value, max(len(dims), 1)) if dims else [])
        if keep_dims:
            return TensorSpec(
                TensorShape([1 if i in reduced else d for i, d in enumerate(dims)]), D.string
            )
        return TensorSpec(
            TensorShape([d for i, d in enumerate(dims) if i not in reduced]), D.string
        )

    def kernel(xp, x, axes, *, keep_dims, separator):
        x = np.asarray(x, object)
        reduced = _reduce_join_axes(axes, x.ndim) if np.size(axes) else []
        kept = [i for i in range(x.ndim) if i not in reduced]
        moved = np.transpose(x, kept + reduced[::-1])
        flat = moved.reshape(moved.shape[: len(kept)] + (-1,))
        sep = separator.encode()
        out = np.empty(flat.shape[:-1], object)
        for idx in np.ndindex(out.shape):
            out[idx] = sep.join(as_bytes(v) for v in flat[idx])
        if keep_dims:
            out = out.reshape([1 if i in reduced else n for i, n in enumerate(x.shape)])
        return out


@register_op
class UnsortedSegmentJoin(OpDef):
    """The strings of each segment joined with `separator`, in input order; negative ids
    are dropped and empty segments give b''."""

    inputs = ("inputs", "segment_ids", "num_segments")
    type_inputs = ()
    attrs = {"separator": ""}

    def infer(x, ids, num, *, separator):
        _string_input(x, "UnsortedSegmentJoin")
        count = shape_util.constant_value(num)
        head = TensorShape([None if count is None else int(count)])
        dims = shape_util.dims_of(x.shape)
        if dims is None or ids.shape.ndims is None:
            return TensorSpec(TensorShape(None), D.string)
        shape_util.merge_pair(TensorShape(dims[: ids.shape.ndims]), ids.shape)
        return TensorSpec(head.concatenate(dims[ids.shape.ndims :]), D.string)

    def kernel(xp, x, ids, num, *, separator):
        x, ids, num = np.asarray(x, object), np.asarray(ids), int(num)
        if x.shape[: ids.ndim] != ids.shape:
            raise InvalidArgumentError(
                None, None, "segment_ids should be the same shape as the prefix of input"
            )
        rows = x.reshape((ids.size,) + x.shape[ids.ndim :])
        parts = [[] for _ in range(num)]
        for row, segment in enumerate(ids.ravel()):
            if not 0 <= segment < num:
                raise InvalidArgumentError(
                    None,
                    None,
                    "segment_ids are not allowed to exceed num_segments or to have "
                    "negative values.",
                )
            parts[segment].append(row)
        out = np.empty((num,) + rows.shape[1:], object)
        sep = separator.encode()
        for k, members in enumerate(parts):
            chosen = rows[members]
            for idx in np.ndindex(rows.shape[1:]):
                out[(k,) + idx] = sep.join(as_bytes(v) for v in chosen[(slice(None),) + idx])
        return out


# -- hash buckets ---------------------------------------------------------------------------
_M64, _MASK = 0xC6A4A7935BD1E995, (1 << 64) - 1


def _hash64(data, seed=0xDECAFCAFFE):
    """TF's Hash64 (core/lib/hash/hash.cc, MurmurHash64A), which StringToHashBucket uses."""
    h = (seed ^ (len(data) * _M64)) & _MASK
    whole = len(data) // 8 * 8
    for k in np.frombuffer(data[:whole], "<u8").tolist():
        k = (k * _M64) & _MASK
        k = ((k ^ (k >> 47)) * _M64) & _MASK
        h = ((h ^ k) * _M64) & _MASK
    tail = data[whole:]
    if tail:
        h = ((h ^ int.from_bytes(tail, "little")) * _M64) & _MASK
    h = ((h ^ (h >> 47)) * _M64) & _MASK
    return h ^ (h >> 47)


def _fingerprint64(data):
    try:
        import farmhash
    except ImportError:
        raise ImportError(
            "tf.strings.to_hash_bucket_fast needs pyfarmhash: pip install 'tinytf[strings]'"
        ) from None
    return farmhash.fingerprint64(data)


def _siphash_fn(key):
    try:
        import siphash24
    except ImportError:
        raise ImportError(
            "tf.strings.to_hash_bucket_strong needs siphash24: pip install 'tinytf[strings]'"
        ) from None
    packed = np.asarray([k & _MASK for k in key], "<u8").tobytes()
    # the little-endian digest is the standard SipHash value (intdigest() is not, for some lengths)
    return lambda data: int.from_bytes(siphash24.siphash24(data, key=packed).digest(), "little")


class _HashBucket(OpDef):
    inputs = ("input",)
    type_inputs = ()
    attrs = {"num_buckets": None}

    @classmethod
    def infer(cls, x, *, num_buckets, **attrs):
        _string_input(x, cls.type_name)
        if num_buckets < 1:
            raise ValueError(
                f"Attr 'num_buckets' of '{cls.type_name}' Op passed {num_buckets} less than "
                "minimum 1."
            )
        return TensorSpec(x.shape, D.int64)


def _buckets(hash_fn, x, num_buckets):
    return _elementwise(lambda v: hash_fn(v) % num_buckets, x, np.int64)


@register_op
class StringToHashBucket(_HashBucket):
    """Each string's TF Hash64 modulo num_buckets (int64)."""

    def kernel(xp, x, *, num_buckets):
        return _buckets(_hash64, x, num_buckets)


@register_op
class StringToHashBucketFast(_HashBucket):
    """Each string's Fingerprint64 (farmhash) modulo num_buckets (int64)."""

    def kernel(xp, x, *, num_buckets):
        return _buckets(_fingerprint64, x, num_buckets)


@register_op
class StringToHashBucketStrong(_HashBucket):
    """Each string's SipHash-2-4 under the 128-bit `key` modulo num_buckets (int64)."""

    attrs = {"num_buckets": None, "key": None}

    def kernel(xp, x, *, num_buckets, key):
        if len(key) != 2:
            raise InvalidArgumentError(None, None, "Key must have 2 elements")
        return _buckets(_siphash_fn(key), x, num_buckets)


# -- splits ---------------------------------------------------------------------------------
class _Split(OpDef):
    """Splits each string of a vector into tokens: SparseTensor parts (indices, values,
    dense_shape)."""

    type_inputs = ()

    @classmethod
    def infer(cls, x, sep, **attrs):
        shape_util.with_rank(x.shape, 1)
        shape_util.with_rank(sep.shape, 0)
        return [
            TensorSpec(TensorShape([None, 2]), D.int64),
            TensorSpec(TensorShape([None]), D.string),
            TensorSpec(TensorShape([2]), D.int64),
        ]

    @classmethod
    def split_all(cls, x, sep, tokens_of):
        if np.ndim(x) != 1:
            raise InvalidArgumentError(
                None, None, f"input must be a vector, got shape: {_dims(np.shape(x))}"
            )
        if np.ndim(sep) != 0:
            raise InvalidArgumentError(
                None, None, f"{cls.inputs[1]} must be a scalar, got shape: {_dims(np.shape(sep))}"
            )
        rows = [tokens_of(as_bytes(v), as_bytes(np.asarray(sep, object).item())) for v in x]
        indices = [(i, j) for i, row in enumerate(rows) for j in range(len(row))]
        values = np.empty(len(indices), object)
        values[:] = [t for row in rows for t in row]
        width = max((len(r) for r in rows), default=0)
        return (
            np.array(indices, np.int64).reshape(-1, 2),
            values,
            np.array([len(rows), width], np.int64),
        )


def _split_on_any(value, delimiter, skip_empty):
    if not value:
        return []  # TF gives an empty string no tokens, skip_empty or not
    if not delimiter:
        return [value[i : i + 1] for i in range(len(value))]
    tokens, start = [], 0
    for i, byte in enumerate(value):
        if byte in delimiter:
            tokens.append(value[start:i])
            start = i + 1
    tokens.append(value[start:])
    return [t for t in tokens if t] if skip_empty else tokens


@register_op
class StringSplit(_Split):
    """Splits on any byte of `delimiter` (each byte when it is empty)."""

    inputs = ("input", "delimiter")
    attrs = {"skip_empty": True}

    def kernel(xp, x, delimiter, *, skip_empty):
        return StringSplit.split_all(x, delimiter, lambda v, d: _split_on_any(v, d, skip_empty))


@register_op
class StringSplitV2(_Split):
    """Splits as Python's str.split: on `sep`, or on runs of whitespace when it is empty."""

    inputs = ("input", "sep")
    attrs = {"maxsplit": -1}

    def kernel(xp, x, sep, *, maxsplit):
        return StringSplitV2.split_all(x, sep, lambda v, s: _split_v2(v, s, maxsplit))


def _split_v2(value, sep, maxsplit):
    if maxsplit == 0:
        return [value]
    if sep:
        return value.split(sep, maxsplit)
    # TF's whitespace split keeps the rest after maxsplit tokens even when it is empty
    tokens = []
    rest = value.lstrip(_WHITESPACE)
    while rest:
        end = next((i for i, b in enumerate(rest) if b in _WHITESPACE), len(rest))
        tokens.append(rest[:end])
        rest = rest[end:].lstrip(_WHITESPACE)
        if len(tokens) == maxsplit:
            tokens.append(rest)
            break
    return tokens


_WHITESPACE = b" \t\n\v\f\r"


for _name in (
    "EncodeBase64",
    "DecodeBase64",
    "Substr",
    "StringStrip",
    "StringLower",
    "StringUpper",
    "StringLength",
    "StringJoin",
    "ReduceJoin",
    "UnsortedSegmentJoin",
    "StringToHashBucket",
    "StringToHashBucketFast",
    "StringToHashBucketStrong",
    "StringSplit",
    "StringSplitV2",
):
    NotDifferentiable(_name)


# -- public wrappers ------------------------------------------------------------------------
def _sparse(parts):
    from tinytf.ops.sparse_ops import SparseTensor

    return SparseTensor(*parts)


def string_split(
    source, sep=None, skip_empty=True, delimiter=None, result_type="SparseTensor", name=None
):
    """Splits each string of the vector `source` on any byte of `sep` (a SparseTensor, or a
    RaggedTensor with result_type='RaggedTensor')."""
    if sep is not None and delimiter is not None:
        raise ValueError("Cannot specify both 'sep' and 'delimiter'")
    sep = " " if sep is None and delimiter is None else (sep if sep is not None else delimiter)
    with name_scope(name, "StringSplit", [source]):
        sep_t = strings(sep, "delimiter")
        source = strings(source, "source")
        parts = StringSplit.apply(source, sep_t, skip_empty=bool(skip_empty))
        if result_type == "RaggedTensor":
            from tinytf.ops.ragged_string_ops import _rows_of_sparse

            return _rows_of_sparse(*parts, source)
        if result_type != "SparseTensor":
            raise ValueError("result_type must be 'RaggedTensor' or 'SparseTensor'.")
        return _sparse(parts)


def strings_split(
    input=None,
    sep=None,
    maxsplit=-1,
    result_type="SparseTensor",
    source=None,
    name=None,
):
    """Splits each string of `input` on `sep` as str.split does (a SparseTensor, or a
    RaggedTensor with result_type='RaggedTensor')."""
    if input is not None and source is not None:
        raise ValueError("Cannot specify both 'input' and 'source'")
    input = source if input is None else input  # noqa: A001 - TF's argument name
    with name_scope(name, "StringSplit", [input]):
        from tinytf.ops import ragged_string_ops as rs

        x = rs.convert_to_tensor_or_ragged_tensor(input, D.string, "input")
        if isinstance(x, rs.RaggedTensor) or result_type != "SparseTensor":
            ragged = rs.string_split_v2(x, sep, maxsplit)
            if result_type == "SparseTensor":
                return ragged.to_sparse()
            if result_type != "RaggedTensor":
                raise ValueError("result_type must be 'RaggedTensor' or 'SparseTensor'.")
            return ragged
        if not x.shape.ndims:
            raise ValueError(
                "tf.strings.split needs an input of known rank >= 1 (TF 1.15 fails on scalars); "
                f"got shape {x.shape}"
            )
        sep = strings("" if sep is None else sep, "sep")
        if x.shape.ndims == 1:
            return _sparse(StringSplitV2.apply(x, sep, maxsplit=int(maxsplit)))
        return _split_rows(x, sep, int(maxsplit))


def _split_rows(x, sep, maxsplit):
    """The split of a rank-k input as TF's RaggedTensor.to_sparse gives it: the first k index
    columns locate the string, the last the token."""
    from tinytf.ops.array_ops import concat, reshape, shape, stack
    from tinytf.ops.reduction_ops import reduce_prod

    indices, values, dense = StringSplitV2.apply(reshape(x, [-1]), sep, maxsplit=maxsplit)
    dims = shape(x, out_type=D.int64)
    rows, token = indices[:, 0], indices[:, 1]
    rank = x.shape.ndims
    columns = [(rows // reduce_prod(dims[k + 1 :])) % dims[k] for k in range(rank)]
    return _sparse([stack(columns + [token], axis=1), values, concat([dims, dense[1:]], 0)])


def string_join(inputs, separator="", name=None):
    """The `inputs` joined element-wise with `separator` (scalars broadcast)."""
    return StringJoin.apply(
        [convert_to_tensor(x, preferred_dtype=D.string) for x in inputs],
        separator=separator,
        name=name,
    )


def _axes_or_all(x, axis):
    if axis is not None:
        return axis
    from tinytf.ops.array_ops import rank
    from tinytf.ops.math_ops import range as range_

    if x.shape.ndims is not None:
        return np.arange(x.shape.ndims - 1, -1, -1, dtype=np.int32)
    return range_(rank(x) - 1, -1, -1)


def reduce_join(
    inputs,
    axis=None,
    keep_dims=None,
    separator="",
    name=None,
    reduction_indices=None,
    keepdims=None,
):
    """The strings joined with `separator` across `axis` (all axes when None)."""
    if keepdims is not None and keep_dims is not None:
        raise ValueError("Cannot specify both 'keepdims' and 'keep_dims'")
    if axis is not None and reduction_indices is not None:
        raise ValueError("Cannot specify both 'axis' and 'reduction_indices'")
    keepdims = keep_dims if keepdims is None else keepdims
    axis = reduction_indices if axis is None else axis
    with name_scope(None, "ReduceJoin", [inputs, axis]):
        x = convert_to_tensor(inputs)
        axes = convert_to_tensor(_axes_or_all(x, axis), D.int32)
        return ReduceJoin.apply(x, axes, keep_dims=bool(keepdims), separator=separator, name=name)


def unsorted_segment_join(inputs, segment_ids, num_segments, separator="", name=None):
    """The strings of each of `num_segments` segments joined with `separator`."""
    return UnsortedSegmentJoin.apply(
        strings(inputs, "inputs"), segment_ids, num_segments, separator=separator, name=name
    )


def string_strip(input, name=None):  # noqa: A002 - TF's argument name
    """Each string without leading and trailing whitespace."""
    return StringStrip.apply(strings(input, "input"), name=name)


def lower(input, encoding="", name=None):  # noqa: A002 - TF's argument name
    """Each string in lower case (ASCII; all of Unicode with encoding='utf-8')."""
    return StringLower.apply(strings(input, "input"), encoding=encoding, name=name)


def upper(input, encoding="", name=None):  # noqa: A002 - TF's argument name
    """Each string in upper case (ASCII; all of Unicode with encoding='utf-8')."""
    return StringUpper.apply(strings(input, "input"), encoding=encoding, name=name)


def string_length(input, name=None, unit="BYTE"):  # noqa: A002 - TF's argument name
    """The length of each string in bytes or UTF-8 characters (unit='UTF8_CHAR')."""
    return StringLength.apply(strings(input, "input"), unit=unit, name=name)


def _one_of(first, first_name, second, second_name):
    if first is not None and second is not None:
        raise ValueError(f"Cannot specify both '{first_name}' and '{second_name}'")
    return first if first is not None else second


def string_to_hash_bucket(string_tensor=None, num_buckets=None, name=None, input=None):  # noqa: A002
    """Each string's TF Hash64 modulo num_buckets (prefer the _fast or _strong ones)."""
    x = _one_of(input, "input", string_tensor, "string_tensor")
    return StringToHashBucket.apply(strings(x, "input"), num_buckets=num_buckets, name=name)


def string_to_hash_bucket_fast(input, num_buckets, name=None):  # noqa: A002
    """Each string's Fingerprint64 (farmhash, as TF) modulo num_buckets."""
    return StringToHashBucketFast.apply(strings(input, "input"), num_buckets=num_buckets, name=name)


def string_to_hash_bucket_strong(input, num_buckets, key, name=None):  # noqa: A002
    """Each string's SipHash-2-4 under `key` (two uint64s) modulo num_buckets."""
    return StringToHashBucketStrong.apply(
        strings(input, "input"), num_buckets=num_buckets, key=tuple(int(k) for k in key), name=name
    )

"""The string ops that give RaggedTensors: TF's UnicodeDecode, UnicodeDecodeWithOffsets and
StringNGrams op types, and tf.strings.unicode_decode / unicode_split (+ _with_offsets),
bytes_split, ngrams and the ragged tf.strings.split, composed as TF 1.15's
ragged_string_ops.py composes them."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    name_scope,
    register_op,
)
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import array_ops, shape_util
from tinytf.ops.string_convert_ops import UnicodeEncode, _codec
from tinytf.ops.string_ops import StringSplit, StringSplitV2, as_bytes, strings
from tinytf.ragged.ragged_tensor import RaggedTensor, convert_to_tensor_or_ragged_tensor

_ERRORS = ("strict", "replace", "ignore")


# -- decoding ---------------------------------------------------------------------------------
def _decode(value, codec, errors, replacement, controls):
    """(code points, byte offset of each) of one string; invalid sequences per `errors`."""
    chars, starts, pos = [], [], 0
    while pos <= len(value):
        try:
            text, bad = value[pos:].decode(codec), None
        except UnicodeDecodeError as e:
            text, bad = value[pos : pos + e.start].decode(codec), (pos + e.start, pos + e.end)
        for ch in text:
            chars.append(ord(ch))
            starts.append(pos)
            pos += len(ch.encode(codec, "surrogatepass"))
        if bad is None:
            break
        if errors == "strict":
            raise InvalidArgumentError(None, None, "Invalid formatting on input string")
        if errors == "replace":
            chars.append(replacement)
            starts.append(bad[0])
        pos = bad[1]
    if controls:
        chars = [replacement if c < 0x20 else c for c in chars]
    return chars, starts


class _Decode(OpDef):
    """Each string of a vector decoded to code points: row_splits and char_values."""

    inputs = ("input",)
    type_inputs = ()
    attrs = {
        "input_encoding": None,
        "errors": "replace",
        "replacement_char": 65533,
        "replace_control_characters": False,
        "Tsplits": D.int64,
    }

    @classmethod
    def infer(cls, x, *, errors, Tsplits, **attrs):  # noqa: N803 - TF's attr name
        if x.dtype.base_dtype != D.string:
            raise TypeError(
                f"Input 'input' of '{cls.type_name}' Op has type "
                f"{x.dtype.base_dtype.name} that does not match expected type of "
                "string."
            )
        if errors not in _ERRORS:
            raise ValueError(
                f"Attr 'errors' of '{cls.type_name}' Op passed string '{errors}' "
                'not in: "strict", "replace", "ignore".'
            )
        count = x.shape.num_elements()
        rows = None if count is None else count + 1
        specs = [TensorSpec(TensorShape([rows]), Tsplits), TensorSpec([None], D.int32)]
        return specs + [TensorSpec([None], D.int64)] * (cls.type_name.endswith("Offsets"))

    @classmethod
    def decode_all(
        cls, x, input_encoding, errors, replacement_char, replace_control_characters, Tsplits
    ):  # noqa: N803
        codec = _codec(input_encoding)
        rows = [
            _decode(as_bytes(v), codec, errors, replacement_char, replace_control_characters)
            for v in np.reshape(x, -1)
        ]
        lengths = [len(chars) for chars, _ in rows]
        splits = np.concatenate([[0], np.cumsum(lengths)]).astype(Tsplits.as_numpy_dtype)
        chars = np.array([c for row, _ in rows for c in row], np.int32)
        starts = np.array([s for _, row in rows for s in row], np.int64)
        return splits, chars, starts


@register_op
class UnicodeDecode(_Decode):
    """The code points of each string (TF op UnicodeDecode)."""

    def kernel(xp, x, **attrs):
        return UnicodeDecode.decode_all(x, **attrs)[:2]


@register_op
class UnicodeDecodeWithOffsets(_Decode):
    """The code points of each string and the byte offset where each starts."""

    def kernel(xp, x, **attrs):
        return UnicodeDecodeWithOffsets.decode_all(x, **attrs)


def _as_ragged_rows(x):
    """`x` (rank >= 2) as a RaggedTensor of ragged rank rank - 1 over its strings."""
    rank = x.shape.ndims
    if not isinstance(x, RaggedTensor):
        return RaggedTensor.from_tensor(x, ragged_rank=rank - 1)
    if x.ragged_rank < rank - 1:
        return x.with_flat_values(
            RaggedTensor.from_tensor(x.flat_values, ragged_rank=rank - x.ragged_rank - 1)
        )
    return x


def _unicode_decode(
    input,
    input_encoding,
    errors,
    replacement_char,  # noqa: A002
    replace_control_characters,
    with_offsets,
):
    x = convert_to_tensor_or_ragged_tensor(input, name="input")
    rank = x.shape.ndims
    if rank is None:
        raise ValueError("Rank of `input` must be statically known.")
    if rank > 1:
        x = _as_ragged_rows(x)
    flat = array_ops.reshape(x.flat_values if isinstance(x, RaggedTensor) else x, [-1])
    op = UnicodeDecodeWithOffsets if with_offsets else UnicodeDecode
    splits, chars, *offsets = op.apply(
        flat,
        input_encoding=input_encoding,
        errors=errors,
        replacement_char=int(replacement_char),
        replace_control_characters=bool(replace_control_characters),
    )
    results = [chars] + offsets
    if rank == 0:
        return results if with_offsets else chars
    results = [RaggedTensor.from_row_splits(r, splits, validate=False) for r in results]
    if rank > 1:
        results = [x.with_flat_values(r) for r in results]
    return results if with_offsets else results[0]


def unicode_decode(
    input,
    input_encoding,
    errors="replace",  # noqa: A002
    replacement_char=65533,
    replace_control_characters=False,
    name=None,
):
    """The code points of each string of `input`: a RaggedTensor one rank up."""
    with name_scope(name, "UnicodeDecode", [input]):
        return _unicode_decode(
            input, input_encoding, errors, replacement_char, replace_control_characters, False
        )


def unicode_decode_with_offsets(
    input,
    input_encoding,
    errors="replace",  # noqa: A002
    replacement_char=65533,
    replace_control_characters=False,
    name=None,
):
    """(code points, byte offset of each) of each string of `input`."""
    with name_scope(name, "UnicodeDecodeWithOffsets", [input]):
        return tuple(
            _unicode_decode(
                input, input_encoding, errors, replacement_char, replace_control_characters, True
            )
        )


def _split_chars(codepoints, input_encoding, errors, replacement_char):
    """Each code point encoded alone (TF: unicode_encode of expand_dims(codepoints, -1))."""
    from tinytf.ops.math_ops import range as range_

    flat = codepoints.flat_values if isinstance(codepoints, RaggedTensor) else codepoints
    splits = range_(array_ops.size(flat, out_type=D.int64) + 1)
    chars = UnicodeEncode.apply(
        flat,
        splits,
        errors=errors,
        output_encoding=input_encoding,
        replacement_char=int(replacement_char),
    )
    return codepoints.with_flat_values(chars) if isinstance(codepoints, RaggedTensor) else chars


def unicode_split(
    input,
    input_encoding,
    errors="replace",
    replacement_char=65533,  # noqa: A002
    name=None,
):
    """The characters of each string of `input`, each as its own string."""
    with name_scope(name, "UnicodeSplit", [input]):
        codepoints = _unicode_decode(input, input_encoding, errors, replacement_char, False, False)
        return _split_chars(codepoints, input_encoding, errors, replacement_char)


def unicode_split_with_offsets(
    input,
    input_encoding,
    errors="replace",  # noqa: A002
    replacement_char=65533,
    name=None,
):
    """(characters, byte offset of each) of each string of `input`."""
    with name_scope(name, "UnicodeSplitWithOffsets", [input]):
        codepoints, offsets = _unicode_decode(
            input, input_encoding, errors, replacement_char, False, True
        )
        return _split_chars(codepoints, input_encoding, errors, replacement_char), offsets


# -- splitting --------------------------------------------------------------------------------
def _rows_of_sparse(indices, values, dense_shape, source=None):
    """The rows of a split's SparseTensor parts; one per string of the vector `source`."""
    rt = RaggedTensor.from_value_rowids(values, indices[:, 0], dense_shape[0], validate=False)
    if source is not None:  # TF's C++ shape inference folds the split to find the row count
        rt.row_splits.set_shape(
            [None if source.shape[0].value is None else source.shape[0].value + 1]
        )
    return rt


def _per_string(fn, x, recurse):
    """`fn` on a vector of strings; scalars, higher ranks and ragged inputs as TF treats them."""
    if isinstance(x, RaggedTensor):
        return x.with_flat_values(recurse(x.flat_values))
    rank = x.shape.ndims
    if rank == 0:
        return recurse(array_ops.stack([x]))[0]
    if rank == 1 or rank is None:
        return fn(x)
    return recurse(RaggedTensor.from_tensor(x))


def bytes_split(input, name=None):  # noqa: A002
    """The bytes of each string of `input`: a RaggedTensor one rank up."""
    with name_scope(name, "StringsByteSplit", [input]):
        x = convert_to_tensor_or_ragged_tensor(input, name="input")
        if not isinstance(x, RaggedTensor) and x.shape.ndims is None:
            raise ValueError("input must have a statically-known rank.")
        return _per_string(
            lambda v: _rows_of_sparse(
                *StringSplit.apply(v, strings("", "delimiter"), skip_empty=False), v
            ),
            x,
            lambda v: bytes_split(v),
        )


def string_split_v2(input, sep=None, maxsplit=-1):  # noqa: A002
    """tf.strings.split's RaggedTensor result (StringSplitV2 rows, rank N + 1)."""
    x = convert_to_tensor_or_ragged_tensor(input, dtype=D.string, name="input")
    return _per_string(
        lambda v: _rows_of_sparse(
            *StringSplitV2.apply(
                v, strings("" if sep is None else sep, "sep"), maxsplit=int(maxsplit)
            ),
            v,
        ),
        x,
        lambda v: string_split_v2(v, sep, maxsplit),
    )


# -- ngrams -----------------------------------------------------------------------------------
def _ngrams_of(row, widths, separator, left, right, pad_width, preserve):
    """TF's StringNGrams kernel on one row of tokens."""
    out = []

    def pad_of(width):
        return min(width - 1 if pad_width < 0 else pad_width, width - 1)

    def make(count, width):
        pad = pad_of(width)
        for k in range(count):
            lpad = max(0, pad - k)
            rpad = max(0, pad - (count - (k + 1)))
            start = 0 if lpad > 0 else k - pad
            tokens = row[start : start + width - lpad - rpad]
            out.append(separator.join([left] * lpad + tokens + [right] * rpad))

    for width in widths:
        make(max(0, len(row) + 2 * pad_of(width) - width + 1), width)
    if preserve and not out and row:
        make(1, len(row) + 2 * pad_width)
    return out


@register_op
class StringNGrams(OpDef):
    """The n-grams of each row of `data` (rows bounded by `data_splits`)."""

    inputs = ("data", "data_splits")
    type_inputs = ("data_splits",)
    allowed = {D.int32, D.int64}
    attrs = {
        "separator": None,
        "ngram_widths": None,
        "left_pad": None,
        "right_pad": None,
        "pad_width": None,
        "preserve_short_sequences": None,
    }

    def infer(data, splits, **attrs):
        shape_util.with_rank(data.shape, 1)
        shape_util.with_rank(splits.shape, 1)
        return [TensorSpec(TensorShape([None]), D.string), TensorSpec(splits.shape, splits.dtype)]

    def kernel(
        xp,
        data,
        splits,
        *,
        separator,
        ngram_widths,
        left_pad,
        right_pad,
        pad_width,
        preserve_short_sequences,
    ):
        enc = [as_bytes(s) for s in (separator, left_pad, right_pad)]
        tokens = [as_bytes(v) for v in data]
        rows = [
            _ngrams_of(tokens[a:b], list(ngram_widths), *enc, pad_width, preserve_short_sequences)
            for a, b in zip(splits[:-1], splits[1:])
        ]
        values = np.empty(sum(len(r) for r in rows), object)
        values[:] = [g for r in rows for g in r]
        lengths = [len(r) for r in rows]
        return values, np.concatenate([[0], np.cumsum(lengths)]).astype(splits.dtype)


def _pads(pad_values, padding_width):
    if pad_values is None:
        left = right = ""
    elif isinstance(pad_values, (list, tuple)):
        if not all(isinstance(p, (str, bytes)) for p in pad_values[:2]):
            raise TypeError("pad_values must be a string, tuple of strings, or None.")
        left, right = pad_values[0], pad_values[1]
    elif isinstance(pad_values, (str, bytes)):
        left = right = pad_values
    else:
        raise TypeError("pad_values must be a string, tuple of strings, or None.")
    if padding_width is not None and padding_width < 1:
        raise ValueError("padding_width must be greater than 0.")
    if padding_width is not None and pad_values is None:
        raise ValueError("pad_values must be provided if padding_width is set.")
    return left, right


def ngrams(
    data,
    ngram_width,
    separator=" ",
    pad_values=None,
    padding_width=None,
    preserve_short_sequences=False,
    name=None,
):
    """The n-grams of the innermost rows of `data`: `ngram_width` (or each width of a list)
    adjacent strings joined by `separator`, padded with `pad_values`."""
    with name_scope(name, "StringNGrams", [data]):
        left, right = _pads(pad_values, padding_width)
        data = convert_to_tensor_or_ragged_tensor(data, name="data", dtype=D.string)
        dense_shape = None
        if not isinstance(data, RaggedTensor):
            if data.shape.ndims is None:
                raise ValueError("Rank of data must be known.")
            if data.shape.ndims == 0:
                raise ValueError("Data must have rank>0")
            if data.shape.ndims == 1:
                rt = RaggedTensor.from_row_starts(data, [0], validate=False)
                return ngrams(
                    rt,
                    ngram_width,
                    separator,
                    pad_values,
                    padding_width,
                    preserve_short_sequences,
                    name,
                )[0]
            dense_shape = array_ops.concat([array_ops.shape(data)[:-1], [-1]], axis=0)
            data = RaggedTensor.from_tensor(data, ragged_rank=data.shape.ndims - 1)
        if data.ragged_rank > 1:
            output = data.with_values(
                ngrams(
                    data.values,
                    ngram_width,
                    separator,
                    pad_values,
                    padding_width,
                    preserve_short_sequences,
                    name,
                )
            )
        else:
            width = 0 if pad_values is None else (-1 if padding_width is None else padding_width)
            widths = list(ngram_width) if isinstance(ngram_width, (list, tuple)) else [ngram_width]
            if any(w < 1 for w in widths):
                raise ValueError(f"All ngram_widths must be greater than 0. Got {ngram_width}")
            values, splits = StringNGrams.apply(
                data.flat_values,
                data.row_splits,
                separator=separator,
                ngram_widths=widths,
                left_pad=left,
                right_pad=right,
                pad_width=width,
                preserve_short_sequences=bool(preserve_short_sequences),
            )
            output = RaggedTensor.from_row_splits(values, splits, validate=False)
        if dense_shape is not None:
            return array_ops.reshape(output.flat_values, dense_shape)
        return output


for _name in ("UnicodeDecode", "UnicodeDecodeWithOffsets", "StringNGrams"):
    NotDifferentiable(_name)

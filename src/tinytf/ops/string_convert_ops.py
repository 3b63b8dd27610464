"""Regexes and numbers on tf.string tensors: RegexReplace / RegexFullMatch (and their Static
forms), StringToNumber and AsString, with TF's parsing and printf formatting.

TF matches with RE2; tinytf uses Python's `re`, which agrees on RE2's syntax except where
`_translate` says: `$` means the end of the text (Python's `\\Z`, not before a last newline),
RE2's `\\z` is `\\Z`, and what RE2 lacks or spells otherwise (lookarounds, backreferences,
`\\p{..}`, POSIX classes `[[:alpha:]]`, `\\Q..\\E`, `\\C`, `(?U)`) is refused with an
InvalidArgumentError, as RE2 refuses most of them."""

import codecs
import re

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
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
from tinytf.ops.string_ops import _elementwise, _string_input, as_bytes, strings

# -- RE2 patterns in Python's re ------------------------------------------------------------
_REFUSED = (
    ("(?=", "lookahead"),
    ("(?!", "negative lookahead"),
    ("(?<=", "lookbehind"),
    ("(?<!", "negative lookbehind"),
    ("(?#", "comments"),
    ("(?(", "conditionals"),
    ("(?>", "atomic groups"),
    ("[[:", "POSIX classes"),
    ("\\p", "Unicode classes"),
    ("\\P", "Unicode classes"),
    ("\\Q", "\\Q...\\E quoting"),
    ("\\C", "\\C"),
    ("\\Z", "\\Z (RE2 spells the end of text \\z)"),
)


def _invalid(pattern, why):
    return InvalidArgumentError(None, None, f"Invalid pattern: {pattern}, error: {why}")


def _translate(pattern):
    """`pattern` (RE2 syntax) as a Python regex, or InvalidArgumentError."""
    for token, what in _REFUSED:
        if token in pattern:
            raise _invalid(pattern, f"{what} are not supported (RE2 syntax)")
    if re.search(r"\(\?[a-zA-Z]*[Ux]", pattern):
        raise _invalid(pattern, "the U and x flags are not supported (RE2 syntax)")
    multiline = re.search(r"\(\?[a-zA-Z]*m", pattern) is not None
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt.isdigit() and nxt != "0" and not in_class:
                raise _invalid(pattern, "backreferences are not supported (RE2 syntax)")
            out.append("\\Z" if nxt == "z" else c + nxt)
            i += 2
            continue
        if in_class:
            in_class = c != "]" or out[-1] in ("[", "[^")
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                out.append("[^")
                i += 2
                continue
        elif c == "$" and not multiline:
            c = "\\Z"
        out.append(c)
        i += 1
    return "".join(out)


def _compile(pattern):
    text = pattern.decode("utf-8", "surrogateescape") if isinstance(pattern, bytes) else pattern
    try:
        return re.compile(_translate(text), re.ASCII)  # RE2: \\w, \\d, \\s, \\b are ASCII
    except re.error as e:
        raise _invalid(text, e) from None


def _text(value):
    return as_bytes(value).decode("utf-8", "surrogateescape")


def _rewriter(rewrite, regex):
    """RE2's rewrite string (\\0-\\9 groups, \\\\ a backslash) as a match -> text function."""
    parts, i = [], 0
    while i < len(rewrite):
        c = rewrite[i]
        if c != "\\":
            parts.append(c)
        elif i + 1 < len(rewrite) and rewrite[i + 1].isdigit():
            group = int(rewrite[i + 1])
            if group > regex.groups:
                return None  # RE2 refuses the rewrite and TF's kernel then gives b''
            parts.append(group)
            i += 1
        elif rewrite[i + 1 : i + 2] == "\\":
            parts.append("\\")
            i += 1
        else:
            return None
        i += 1
    return lambda m: "".join(p if isinstance(p, str) else (m.group(p) or "") for p in parts)


def _next_char(text, pos):
    return text[pos : pos + 1]


def _replace(text, regex, rewrite, replace_global):
    """RE2's Replace / GlobalReplace: an empty match right after a match is skipped."""
    out, pos, last_end, count = [], 0, -1, 0
    while pos <= len(text):
        m = regex.search(text, pos)
        if m is None:
            break
        out.append(text[pos : m.start()])
        if m.start() == m.end() == last_end:
            out.append(_next_char(text, pos))
            pos += 1
            continue
        out.append(rewrite(m))
        pos = last_end = m.end()
        count += 1
        if not replace_global:
            break
    out.append(text[pos:])
    return "".join(out)


def _replace_all(x, pattern, rewrite, replace_global):
    regex = _compile(pattern)
    fn = _rewriter(_text(rewrite), regex)
    if fn is None:
        return _elementwise(lambda v: b"", x)
    return _elementwise(
        lambda v: _replace(_text(v), regex, fn, replace_global).encode("utf-8", "surrogateescape"),
        x,
    )


def _scalar_input(t):
    shape_util.with_rank(t.shape, 0)


@register_op
class StaticRegexReplace(OpDef):
    """Each string with the matches of the RE2 `pattern` replaced by `rewrite`."""

    inputs = ("input",)
    type_inputs = ()
    attrs = {"pattern": None, "rewrite": None, "replace_global": True}

    def infer(x, *, pattern, rewrite, replace_global):
        _string_input(x, "StaticRegexReplace")
        return TensorSpec(x.shape, D.string)

    def kernel(xp, x, *, pattern, rewrite, replace_global):
        return _replace_all(x, pattern, rewrite, replace_global)


@register_op
class RegexReplace(OpDef):
    """StaticRegexReplace with `pattern` and `rewrite` as scalar string tensors."""

    inputs = ("input", "pattern", "rewrite")
    type_inputs = ()
    attrs = {"replace_global": True}

    def infer(x, pattern, rewrite, *, replace_global):
        _string_input(x, "RegexReplace")
        _scalar_input(pattern)
        _scalar_input(rewrite)
        return TensorSpec(x.shape, D.string)

    def kernel(xp, x, pattern, rewrite, *, replace_global):
        pattern = as_bytes(np.asarray(pattern, object).item())
        return _replace_all(x, pattern, np.asarray(rewrite, object).item(), replace_global)


def _full_match(x, pattern):
    regex = _compile(pattern)
    return _elementwise(lambda v: regex.fullmatch(_text(v)) is not None, x, bool)


@register_op
class StaticRegexFullMatch(OpDef):
    """Whether each string matches the RE2 `pattern` entirely (bool)."""

    inputs = ("input",)
    type_inputs = ()
    attrs = {"pattern": None}

    def infer(x, *, pattern):
        _string_input(x, "StaticRegexFullMatch")
        return TensorSpec(x.shape, D.bool)

    def kernel(xp, x, *, pattern):
        return _full_match(x, pattern)


@register_op
class RegexFullMatch(OpDef):
    """StaticRegexFullMatch with `pattern` as a scalar string tensor."""

    inputs = ("input", "pattern")
    type_inputs = ()

    def infer(x, pattern):
        _string_input(x, "RegexFullMatch")
        _scalar_input(pattern)
        return TensorSpec(x.shape, D.bool)

    def kernel(xp, x, pattern):
        return _full_match(x, as_bytes(np.asarray(pattern, object).item()))


# -- numbers --------------------------------------------------------------------------------
_FLOAT = re.compile(
    rb"[ \t\n\v\f\r]*([+-]?(?:0[xX][0-9a-fA-F]+|\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?"
    rb"|inf|nan|infinity))[ \t\n\v\f\r]*",
    re.IGNORECASE,
)
_INT = re.compile(rb"[ \t\n\v\f\r]*(-?\d+)[ \t\n\v\f\r]*")


def _parse_number(value, np_type):
    """TF's safe_strto32/64 (an optional '-', digits, surrounding spaces) and safe_strtof/d."""
    is_int = np.issubdtype(np_type, np.integer)
    m = (_INT if is_int else _FLOAT).fullmatch(value)
    if m is not None and is_int:
        number = int(m.group(1))
        info = np.iinfo(np_type)
        if info.min <= number <= info.max:
            return number
    elif m is not None and len(value) < 32:  # TF's kFastToBufferSize
        text = m.group(1)
        hex_digits = text.lstrip(b"+-")[2:] if b"x" in text.lower() else None
        number = float(int(hex_digits, 16)) if hex_digits is not None else float(text)
        with np.errstate(over="ignore"):
            return np_type(-number if text.startswith(b"-") and hex_digits else number)
    raise InvalidArgumentError(
        None,
        None,
        f"StringToNumberOp could not correctly convert string: {value.decode('latin-1')}",
    )


@register_op
class StringToNumber(OpDef):
    """Each string parsed as a number of `out_type`."""

    inputs = ("string_tensor",)
    type_inputs = ()
    attrs = {"out_type": D.float32}

    def infer(x, *, out_type):
        _string_input(x, "StringToNumber")
        if out_type not in (D.float32, D.float64, D.int32, D.int64):
            raise TypeError(
                f"Value passed to parameter 'out_type' has DataType {out_type.name} not in list "
                "of allowed values: float32, float64, int32, int64"
            )
        return TensorSpec(x.shape, out_type)

    def kernel(xp, x, *, out_type):
        np_type = out_type.as_numpy_dtype
        return _elementwise(lambda v: _parse_number(v, np_type), x, np_type)


# in TF's order, which its message keeps
_AS_STRING_TYPES = (
    D.int8,
    D.int16,
    D.int32,
    D.int64,
    D.complex64,
    D.complex128,
    D.float32,
    D.float64,
    D.bool,
)


def _as_string_format(dtype, precision, scientific, shortest, width, fill):
    """TF's printf format for AsString, or InvalidArgumentError as its kernel raises."""
    if len(fill) > 1:
        raise InvalidArgumentError(None, None, "Fill string must be one or fewer characters")
    if scientific and shortest:
        raise InvalidArgumentError(
            None, None, "Cannot select both scientific and shortest notation"
        )
    # TF's kernel uses the fill only with a width, and drops one it does not support
    fmt = "%" + (f"{fill if fill in ' +-0#' else ''}{width}" if width > -1 else "")
    fmt += f".{precision}" if precision > -1 else ""
    if dtype.is_integer:
        if precision > -1:
            raise InvalidArgumentError(
                None, None, f"precision not supported for datatype {dtype.name}"
            )
        return fmt + "d"
    if dtype == D.bool:
        return None
    fmt += "g" if shortest else "e" if scientific else "f"
    return f"({fmt},{fmt})" if dtype.is_complex else fmt


@register_op
class AsString(OpDef):
    """Each number as text, formatted as TF's printf format (precision, width, fill...)."""

    inputs = ("input",)
    attrs = {"precision": -1, "scientific": False, "shortest": False, "width": -1, "fill": ""}

    def infer(x, **attrs):
        if x.dtype.base_dtype not in _AS_STRING_TYPES:
            raise TypeError(
                f"Value passed to parameter 'input' has DataType {x.dtype.base_dtype.name} not "
                f"in list of allowed values: {', '.join(d.name for d in _AS_STRING_TYPES)}"
            )
        return TensorSpec(x.shape, D.string)

    def kernel(xp, x, *, precision, scientific, shortest, width, fill):
        dtype = D.as_dtype(np.asarray(x).dtype)
        fmt = _as_string_format(dtype, precision, scientific, shortest, width, fill)
        out = np.empty(np.shape(x), object)
        for idx, v in np.ndenumerate(np.asarray(x)):
            if fmt is None:
                out[idx] = b"true" if v else b"false"
            elif dtype.is_complex:
                out[idx] = (fmt % (v.real, v.imag)).encode()
            else:
                out[idx] = (fmt % (int(v) if dtype.is_integer else float(v))).encode()
        return out


# -- StringFormat: tensors summarized as TF's print_v2 summarizes them ------------------------
_C_ESCAPES = {
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    ord('"'): '\\"',
    ord("'"): "\\'",
    ord("\\"): "\\\\",
}


def _c_escape(data):
    return "".join(
        _C_ESCAPES.get(b) or (chr(b) if 0x20 <= b < 0x7F else f"\\{b:03o}") for b in data
    )


def _shortest_float(value, single):
    """TF's FloatToBuffer / DoubleToBuffer: %.6g (%.15g) unless it does not read back."""
    short, full = (6, 9) if single else (15, 17)
    text = f"{value:.{short}g}"
    cast = np.float32 if single else np.float64
    if np.isfinite(value) and cast(float(text)) != cast(value):
        text = f"{value:.{full}g}"
    return text


def _element_text(value, dtype):
    if dtype == D.string:
        return '"' + _c_escape(as_bytes(value)) + '"'
    if dtype == D.bool:
        return "1" if value else "0"
    if dtype.is_complex:
        return "?"
    if dtype.is_floating:
        return _shortest_float(float(value), dtype != D.float64)
    return str(int(value))


def _dim_spacing(dim, ndim):
    return " " if dim == ndim - 1 else "\n" * (ndim - dim - 1) + " " * (dim + 1)


def _summarize(array, dtype, ends, ndim):
    """TF's PrintOneDimV2: `ends` items at each end of every dimension, '...' between."""
    if not isinstance(array, np.ndarray) or array.ndim == 0:
        return _element_text(np.asarray(array, object)[()], dtype)
    dim, count = ndim - array.ndim, array.shape[0]
    space = _dim_spacing(dim, ndim)
    head = [_summarize(array[i], dtype, ends, ndim) for i in range(min(ends, count))]
    text = "[" + space.join(head)
    if count > 2 * ends:  # TF spaces the '...' and every tail item, even with no head
        text += space + "..."
    for i in range(max(ends, count - ends), count):
        text += space + _summarize(array[i], dtype, ends, ndim)
    return text + "]"


def _format_one(value, dtype, summarize):
    array = np.asarray(value, object if dtype == D.string else None)
    ends = array.size if summarize < 0 else min(summarize, array.size)
    return _summarize(array, dtype, ends, array.ndim)


@register_op
class StringFormat(OpDef):
    """The template with each placeholder replaced by a summary of one input tensor."""

    inputs = ("inputs*",)
    type_inputs = ()
    attrs = {"template": "%s", "placeholder": "%s", "summarize": 3}

    def infer(*inputs, template, placeholder, summarize):
        if template.count(placeholder) != len(inputs):
            raise ValueError(
                f"{template.count(placeholder)} placeholder(s) in template does not match "
                f"{len(inputs)} tensor(s) provided as input"
            )
        return TensorSpec(TensorShape([]), D.string)

    def kernel(xp, *inputs, template, placeholder, summarize):
        pieces = template.split(placeholder)
        out = [pieces[0]]
        for value, piece in zip(inputs, pieces[1:]):
            kind = np.asarray(value).dtype
            dtype = D.string if kind.kind == "O" else D.as_dtype(kind)
            out += [_format_one(value, dtype, summarize), piece]
        return np.asarray("".join(out).encode("utf-8", "surrogateescape"), object)


# -- UnicodeTranscode ------------------------------------------------------------------------
_ENCODINGS = {"UTF-8": "utf-8", "UTF-16-BE": "utf-16-be", "UTF-32-BE": "utf-32-be"}
_BAD_SEQUENCE = "\ud800"  # a lone surrogate: no decoder gives one for valid input
codecs.register_error("tinytf.transcode", lambda e: (_BAD_SEQUENCE, e.end))


def _codec(name):
    if name not in _ENCODINGS:
        raise InvalidArgumentError(
            None, None, f"tinytf transcodes UTF-8, UTF-16-BE and UTF-32-BE only, not {name}"
        )
    return _ENCODINGS[name]


def _transcode(value, source, target, errors, replacement, controls):
    text = value.decode(source, "tinytf.transcode")
    if _BAD_SEQUENCE in text and errors == "strict":
        raise InvalidArgumentError(None, None, "Invalid formatting on input string")
    text = text.replace(_BAD_SEQUENCE, "" if errors == "ignore" else chr(replacement))
    if controls:
        text = "".join(chr(replacement) if ord(c) < 0x20 else c for c in text)
    return text.encode(target)


@register_op
class UnicodeTranscode(OpDef):
    """Each string re-encoded from `input_encoding` to `output_encoding`."""

    inputs = ("input",)
    type_inputs = ()
    attrs = {
        "input_encoding": None,
        "output_encoding": None,
        "errors": "replace",
        "replacement_char": 65533,
        "replace_control_characters": False,
    }

    def infer(x, *, input_encoding, output_encoding, errors, **attrs):
        _string_input(x, "UnicodeTranscode")
        if output_encoding not in _ENCODINGS:
            raise ValueError(
                f"Attr 'output_encoding' of 'UnicodeTranscode' Op passed string "
                f'\'{output_encoding}\' not in: "UTF-8", "UTF-16-BE", "UTF-32-BE".'
            )
        if errors not in ("strict", "replace", "ignore"):
            raise ValueError(
                f"Attr 'errors' of 'UnicodeTranscode' Op passed string '{errors}' not in: "
                '"strict", "replace", "ignore".'
            )
        return TensorSpec(x.shape, D.string)

    def kernel(
        xp,
        x,
        *,
        input_encoding,
        output_encoding,
        errors,
        replacement_char,
        replace_control_characters,
    ):
        source, target = _codec(input_encoding), _ENCODINGS[output_encoding]
        return _elementwise(
            lambda v: _transcode(
                v, source, target, errors, replacement_char, replace_control_characters
            ),
            x,
        )


def _encode_codepoint(c, codec, errors, replacement):
    if not 0 <= c <= 0x10FFFF:
        if errors == "strict":
            raise InvalidArgumentError(None, None, "Code point value out of valid Unicode range.")
        return b"" if errors == "ignore" else chr(replacement).encode(codec)
    if 0xD800 <= c <= 0xDFFF:  # as ICU: U+FFFD in UTF-8, the bare code unit in UTF-16/32
        return "\ufffd".encode(codec) if codec == "utf-8" else chr(c).encode(codec, "surrogatepass")
    return chr(c).encode(codec)


@register_op
class UnicodeEncode(OpDef):
    """The code points of each row (`input_splits` bounds the rows) encoded as one string."""

    inputs = ("input_values", "input_splits")
    type_inputs = ("input_splits",)
    allowed = {D.int32, D.int64}
    attrs = {"errors": "replace", "output_encoding": None, "replacement_char": 65533}

    def infer(values, splits, *, errors, output_encoding, replacement_char):
        if values.dtype.base_dtype != D.int32:
            raise TypeError(
                f"Input 'input_values' of 'UnicodeEncode' Op has type "
                f"{values.dtype.base_dtype.name} that does not match expected type of int32."
            )
        shape_util.with_rank(values.shape, 1)
        shape_util.with_rank(splits.shape, 1)
        rows = splits.shape[0].value
        return TensorSpec(TensorShape([None if rows is None else max(rows - 1, 0)]), D.string)

    def kernel(xp, values, splits, *, errors, output_encoding, replacement_char):
        codec = _codec(output_encoding)
        out = np.empty(max(len(splits) - 1, 0), object)
        for row, (start, end) in enumerate(zip(splits[:-1], splits[1:])):
            out[row] = b"".join(
                _encode_codepoint(int(c), codec, errors, replacement_char)
                for c in values[start:end]
            )
        return out


for _name in (
    "UnicodeEncode",
    "UnicodeTranscode",
    "StaticRegexReplace",
    "RegexReplace",
    "StaticRegexFullMatch",
    "RegexFullMatch",
    "StringToNumber",
    "AsString",
    "StringFormat",
):
    NotDifferentiable(_name)


# -- public wrappers ------------------------------------------------------------------------
def _is_text(value):
    return isinstance(value, (str, bytes))


def _attr_text(value):
    return value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value


def regex_replace(input, pattern, rewrite, replace_global=True, name=None):  # noqa: A002
    """Replaces the matches of the RE2 `pattern` in each string with `rewrite` (\\1: group)."""
    x = strings(input, "input")
    if _is_text(pattern) and _is_text(rewrite):
        return StaticRegexReplace.apply(
            x,
            pattern=_attr_text(pattern),
            rewrite=_attr_text(rewrite),
            replace_global=bool(replace_global),
            name=name,
        )
    return RegexReplace.apply(
        x,
        strings(pattern, "pattern"),
        strings(rewrite, "rewrite"),
        replace_global=bool(replace_global),
        name=name,
    )


def regex_full_match(input, pattern, name=None):  # noqa: A002 - TF's argument name
    """Whether each string matches the RE2 `pattern` entirely."""
    x = strings(input, "input")
    if _is_text(pattern):
        return StaticRegexFullMatch.apply(x, pattern=_attr_text(pattern), name=name)
    return RegexFullMatch.apply(x, strings(pattern, "pattern"), name=name)


def string_to_number(string_tensor=None, out_type=D.float32, name=None, input=None):  # noqa: A002
    """Each string parsed as a number of `out_type` (float32, float64, int32, int64)."""
    if string_tensor is not None and input is not None:
        raise ValueError("Cannot specify both 'input' and 'string_tensor'")
    x = input if string_tensor is None else string_tensor
    return StringToNumber.apply(
        strings(x, "string_tensor"), out_type=D.as_dtype(out_type), name=name
    )


def as_string(
    input,
    precision=-1,
    scientific=False,
    shortest=False,
    width=-1,
    fill="",
    name=None,
):
    """Each number (or bool) as a string, formatted as TF's printf format."""
    return AsString.apply(
        input,
        precision=int(precision),
        scientific=bool(scientific),
        shortest=bool(shortest),
        width=int(width),
        fill=fill,
        name=name,
    )


def string_format(template, inputs, placeholder="{}", summarize=3, name=None):
    """`template` with each `placeholder` replaced by a summary of one of `inputs` (as
    tf.print shows tensors: `summarize` items at each end of each dimension)."""
    from tinytf.framework.ops import Tensor

    if isinstance(inputs, Tensor):
        inputs = [inputs]
    if template.count(placeholder) != len(inputs):
        raise ValueError(
            f"{template.count(placeholder)} placeholder(s) in template does not match "
            f"{len(inputs)} tensor(s) provided as input"
        )
    return StringFormat.apply(
        list(inputs),
        template=template,
        placeholder=placeholder,
        summarize=int(summarize),
        name=name,
    )


def unicode_transcode(
    input,
    input_encoding,
    output_encoding,
    errors="replace",  # noqa: A002
    replacement_char=65533,
    replace_control_characters=False,
    name=None,
):
    """Each string re-encoded from `input_encoding` to `output_encoding` (UTF-8, UTF-16-BE,
    UTF-32-BE); `errors` (strict, replace, ignore) decides what invalid input becomes."""
    return UnicodeTranscode.apply(
        strings(input, "input"),
        input_encoding=input_encoding,
        output_encoding=output_encoding,
        errors=errors,
        replacement_char=int(replacement_char),
        replace_control_characters=bool(replace_control_characters),
        name=name,
    )


def unicode_encode(
    input,
    output_encoding,
    errors="replace",
    replacement_char=65533,  # noqa: A002
    name=None,
):
    """Each innermost row of code points (int32, rank >= 1) encoded as one string of
    `output_encoding`; the result has one dimension fewer."""
    from tinytf.ops.array_ops import reshape, shape
    from tinytf.ops.math_ops import cast
    from tinytf.ops.math_ops import range as range_
    from tinytf.ops.reduction_ops import reduce_prod

    with name_scope(name, "UnicodeEncode", [input]):
        x = convert_to_tensor(input, D.int32, name="input")
        if x.shape.ndims is None:
            raise ValueError("Rank of input_tensor must be statically known.")
        if x.shape.ndims == 0:
            raise ValueError("input_tensor's rank must be at least 1.")
        dims = shape(x)
        rows = reduce_prod(dims[:-1]) if x.shape.ndims > 1 else 1
        splits = cast(range_(rows + 1) * dims[-1], D.int64)
        out = UnicodeEncode.apply(
            reshape(x, [-1]),
            splits,
            errors=errors,
            output_encoding=output_encoding,
            replacement_char=int(replacement_char),
        )
        if x.shape.ndims == 1:
            return reshape(out, [])
        result = reshape(out, dims[:-1])
        result.set_shape(x.shape[:-1])
        return result

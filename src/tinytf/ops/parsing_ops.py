"""Parsing ops on tf.string tensors: raw bytes to numbers (DecodeRaw), CSV records to columns
(DecodeCSV, TF's own RFC 4180 reader and number syntax), zlib/gzip (DecodeCompressed) and
TensorProto bytes (SerializeTensor / ParseTensor)."""

import re
import zlib

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework import graph_io
from tinytf.framework.errors import DataLossError, InvalidArgumentError, ShapeError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    register_op,
)
from tinytf.framework.tensor_shape import unknown_shape
from tinytf.ops.attr_memo import by_attr_identity
from tinytf.ops.string_ops import as_bytes, strings
from tinytf.platform.table import read_varint, varint


def _error(message):
    return InvalidArgumentError(None, None, message)


# -- DecodeRaw ---------------------------------------------------------------------------------
# in the order of TF's OpDef (its error message lists them so)
_RAW_TYPES = (
    D.float16,
    D.float32,
    D.float64,
    D.int32,
    D.uint16,
    D.uint8,
    D.int16,
    D.int8,
    D.int64,
    D.complex64,
    D.complex128,
    D.bool,
)


@register_op
class DecodeRaw(OpDef):
    """Each string's bytes read as a vector of `out_type` (all strings the same length)."""

    inputs = ("bytes",)
    type_inputs = ()
    attrs = {"out_type": None, "little_endian": True}

    def infer(data, *, out_type, little_endian):
        shape = data.shape.as_list() + [None] if data.shape.ndims is not None else None
        return TensorSpec(unknown_shape() if shape is None else shape, D.as_dtype(out_type))

    def kernel(xp, data, *, out_type, little_endian):
        dtype = D.as_dtype(out_type)
        flat = [as_bytes(v) for v in np.ravel(data)]
        size = dtype.size
        width = len(flat[0]) if flat else 0
        for k, value in enumerate(flat):
            if len(value) != width:
                raise _error(
                    "DecodeRaw requires input strings to all be the same size, but element "
                    f"{k} has size {width} != {len(value)}"
                )
        if width % size:
            raise _error(
                f"Input to DecodeRaw has length {width} that is not a multiple of {size}, "
                f"the size of {dtype._tf_name}"
            )
        if dtype == D.bool:
            values = np.frombuffer(b"".join(flat), np.uint8) != 0
        elif dtype.is_complex and not little_endian:
            # TF 1.15 reverses each complex's bytes whole, so real and imaginary swap places
            raw = np.frombuffer(b"".join(flat), np.uint8).reshape(-1, size)[:, ::-1]
            values = np.ascontiguousarray(raw).view(dtype.as_numpy_dtype).reshape(-1)
        else:
            wire = np.dtype(dtype.as_numpy_dtype).newbyteorder("<" if little_endian else ">")
            values = np.frombuffer(b"".join(flat), wire).astype(dtype.as_numpy_dtype)
        return xp.asarray(values.reshape(np.shape(data) + (width // size,)))


# -- DecodeCSV ---------------------------------------------------------------------------------
class _CsvReader:
    """TF's field splitter (kernels/decode_csv_op.cc ExtractFields), select_cols included."""

    def __init__(self, delim, use_quote, select_cols):
        self.delim, self.use_quote, self.select = ord(delim), use_quote, list(select_cols)
        self.delim_byte = delim.encode() if isinstance(delim, str) else bytes(delim)

    def _wanted(self, n, picked):
        return not self.select or self.select[picked] == n

    def fields(self, record):
        if (
            not self.select
            and (not self.use_quote or b'"' not in record)
            and b"\r" not in record
            and b"\n" not in record
        ):  # the common line: the general walk below gives the same fields
            return record.split(self.delim_byte) if record else []
        out, i, n, size = [], 0, 0, len(record)
        while i < size:
            if record[i] in b"\r\n":
                i += 1
                continue
            include = self._wanted(n, len(out))
            if self.use_quote and record[i] == ord('"'):
                field, i = self._quoted(record, i + 1)
            else:
                field, i = self._unquoted(record, i)
            n += 1
            if include:
                out.append(field)
                if len(out) == len(self.select):
                    return out
        if record and record[-1] == self.delim and self._wanted(n, len(out)):
            out.append(b"")
        return out

    def _unquoted(self, record, i):
        end = record.find(self.delim_byte, i)
        end = len(record) if end < 0 else end
        field = record[i:end]
        if b"\r" in field or b"\n" in field or (self.use_quote and b'"' in field):
            raise _error("Unquoted fields cannot have quotes/CRLFs inside")
        return field, end + 1

    def _quoted(self, record, i):
        field = bytearray()
        while i < len(record) - 1 and (record[i] != ord('"') or record[i + 1] != self.delim):
            if record[i] != ord('"'):
                field.append(record[i])
                i += 1
                continue
            if record[i + 1] != ord('"'):
                raise _error("Quote inside a string has to be escaped by another quote")
            field.append(ord('"'))
            i += 2
        if not (i < len(record) and record[i] == ord('"')):
            raise _error("Quoted field has to end with quote followed by delim or end")
        return bytes(field), i + 2


_SPACE = b" \t\n\v\f\r"
_FLOAT = re.compile(
    rb"[+-]?(?:inf|nan|0x[0-9a-f]+|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)", re.IGNORECASE
)
_INT = re.compile(rb"-?\d+")


def _parse_float(text):
    # TF's safe_strtof/strtod: at most 31 characters, blanks around, hex integers, inf/nan
    # in any case, and a blank field reads as 0
    body = text.strip(_SPACE)
    if len(text) >= 32 or (body and not _FLOAT.fullmatch(body)):
        return None
    if b"x" in body or b"X" in body:
        digits = body.lower().lstrip(b"+-")
        return float(int(digits[2:], 16)) * (-1.0 if body.startswith(b"-") else 1.0)
    return float(body) if body else 0.0


def _parse_int(text, dtype):
    body = text.strip(_SPACE)
    if not _INT.fullmatch(body):
        return None
    value = int(body)
    limits = np.iinfo(dtype.as_numpy_dtype)
    return value if limits.min <= value <= limits.max else None


def _csv_value(field, dtype, default, f, r, na_value):
    if not field or field == na_value:
        if np.size(default) != 1:
            raise _error(f"Field {f} is required but missing in record {r}!")
        return np.ravel(default)[0]
    if dtype == D.string:
        return field
    value = _parse_int(field, dtype) if dtype.is_integer else _parse_float(field)
    if value is None:
        text = field.decode("utf-8", "backslashreplace")
        raise _error(f"Field {f} in record {r} is not a valid {dtype._tf_name}: {text}")
    return value


@register_op
class DecodeCSV(OpDef):
    """CSV `records` to one tensor per column, typed and defaulted by `record_defaults`."""

    inputs = ("records", "record_defaults*")
    type_inputs = ()
    attrs = {
        "OUT_TYPE": None,
        "field_delim": ",",
        "use_quote_delim": True,
        "na_value": "",
        "select_cols": (),
    }
    list_output = True

    def infer(records, *defaults, **attrs):
        for d in defaults:
            shape = d.shape
            if shape.ndims is not None and shape.ndims > 1:
                raise ShapeError(f"Shape must be at most rank 1 but is rank {shape.ndims}")
            if shape.ndims == 1 and (shape.as_list()[0] or 0) > 1:
                raise ShapeError(
                    "Shape of a default must be a length-0 or length-1 vector, or a scalar."
                )
        return [TensorSpec(records.shape, D.as_dtype(t)) for t in attrs["OUT_TYPE"]]

    def kernel(xp, records, *defaults, **attrs):
        types, reader, plain = _csv_setup(attrs["OUT_TYPE"], attrs["field_delim"],
                                          attrs["use_quote_delim"], attrs["select_cols"])
        _check_defaults(defaults)
        na = as_bytes(attrs["na_value"])
        if na:  # a field equal to na_value reads as its default: the general reader's part
            plain = None
        with np.errstate(over="ignore"):  # float32 overflow saturates to inf, as TF's strtof
            if plain is not None and np.ndim(records) == 0:  # one record, as a reader's
                values = plain(as_bytes(records[()]))
                if values is not None:
                    return [np.array(v, t.as_numpy_dtype) for v, t in zip(values, types)]
            columns = [np.empty(np.shape(records), t.as_numpy_dtype) for t in types]
            for r, (idx, record) in enumerate(np.ndenumerate(records)):
                record = as_bytes(record)
                values = plain(record) if plain is not None else None
                if values is not None:
                    for column, value in zip(columns, values):
                        column[idx] = value
                    continue
                fields = reader.fields(record)
                if len(fields) != len(types):
                    raise _error(
                        f"Expect {len(types)} fields but have {len(fields)} in record {r}"
                    )
                for f, (field, dtype) in enumerate(zip(fields, types)):
                    columns[f][idx] = _csv_value(field, dtype, defaults[f], f, r, na)
        return [xp.asarray(c) if c.dtype != object else c for c in columns]


@by_attr_identity
def _csv_setup(out_types, delim, use_quote, select_cols):
    """(dtypes, the field reader, the plain-record parser or None) of one DecodeCSV's attrs,
    checked as TF checks them (errors are not cached: each run raises them again)."""
    types, select_cols = [D.as_dtype(t) for t in out_types], list(select_cols)
    if len(delim) != 1:
        raise _error("field_delim should be only 1 char")
    if select_cols and len(select_cols) != len(types):
        raise _error("select_cols should match output size")
    if any(a >= b for a, b in zip(select_cols, select_cols[1:])):
        raise _error("select_cols should be strictly increasing indices")
    if select_cols and select_cols[0] < 0:
        raise _error("select_cols should be non-negative indices")
    reader = _CsvReader(delim, use_quote, select_cols)
    return types, reader, None if select_cols else _plain_parser(types, reader.delim_byte)


def _check_defaults(defaults):
    for i, d in enumerate(defaults):
        if d.ndim > 1:
            raise _error("Each record default should be at most rank 1")
        if d.size > 1:
            raise _error(f"There should only be 1 default per field but field {i} has {d.size}")


# the field syntax of plain records, where Python's float() and int() read what TF reads
_PLAIN = {"float": rb"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", "int32": rb"-?\d{1,9}",
          "int64": rb"-?\d{1,18}", "string": rb'[^"\r\n%s]+'}


def _plain_parser(types, delim):
    """record -> its values, for a record of plain fields only (numbers in the common
    notation, no blanks, quotes or empty fields, each under TF's 32 characters); None for any
    other record, which the general reader then reads with TF's errors."""
    kinds = ["float" if t.is_floating else t.name if t.name in _PLAIN else None for t in types]
    if None in kinds or not types:
        return None
    sep = re.escape(delim)
    pattern = re.compile(sep.join(_PLAIN[k].replace(b"%s", sep) for k in kinds))
    convert = [bytes if k == "string" else int if k.startswith("int") else float for k in kinds]

    def parse(record):
        if len(record) >= 32 * len(types) or not pattern.fullmatch(record):
            return None
        fields = record.split(delim)
        if max(map(len, fields)) >= 32:
            return None
        return [c(f) for c, f in zip(convert, fields)]

    return parse


# -- DecodeCompressed --------------------------------------------------------------------------
_WBITS = {"ZLIB": zlib.MAX_WBITS, "GZIP": 16 + zlib.MAX_WBITS}


def _inflate(data, wbits):
    try:
        # one stream only: TF stops at the end of the first gzip member
        return zlib.decompressobj(wbits).decompress(data)
    except zlib.error as e:
        match = re.match(r"Error (-?\d+) while decompressing data: (.*)", str(e))
        code, reason = match.groups() if match else ("-3", str(e))
        raise DataLossError(None, None, f"inflate() failed with error {code}: {reason}") from None


@register_op
class DecodeCompressed(OpDef):
    """Each string decompressed: `compression_type` '' (none), 'ZLIB' or 'GZIP'."""

    inputs = ("bytes",)
    type_inputs = ()
    attrs = {"compression_type": ""}

    def infer(data, *, compression_type):
        return TensorSpec(data.shape, D.string)

    def kernel(xp, data, *, compression_type):
        if compression_type == "":
            return data
        if compression_type not in _WBITS:
            raise _error("Only ZLIB, GZIP or NONE are supported compressions")
        out = np.empty(np.shape(data), dtype=object)
        for idx, value in np.ndenumerate(data):
            out[idx] = _inflate(as_bytes(value), _WBITS[compression_type])
        return out


# -- SerializeTensor / ParseTensor -------------------------------------------------------------
def content_proto(array, dtype):
    """The TensorProto of TF's AsProtoTensorContent: every dtype in tensor_content, strings as
    their varint lengths followed by their bytes (what SerializeSparse writes)."""
    proto = graph_io.tensor_proto(array, dtype)
    if dtype == D.string:
        items = [bytes(v) for v in proto.string_val]
        del proto.string_val[:]
        proto.tensor_content = b"".join(varint(len(v)) for v in items) + b"".join(items)
    return proto


def array_from_proto(proto):
    """The value of a TensorProto in any of TF's encodings (strings in tensor_content too)."""
    if proto.dtype != D.string.as_datatype_enum or not proto.tensor_content:
        return graph_io.array_from_proto(proto)
    shape = tuple(graph_io.shape_from_proto(proto.tensor_shape).as_list())
    data, pos, sizes = proto.tensor_content, 0, []
    for _ in range(int(np.prod(shape, dtype=np.int64))):
        size, pos = read_varint(data, pos)
        sizes.append(size)
    out = np.empty(len(sizes), dtype=object)
    for k, size in enumerate(sizes):
        out[k], pos = data[pos : pos + size], pos + size
    if pos != len(data):
        raise ValueError("string tensor_content of the wrong size")
    return out.reshape(shape)


@register_op
class SerializeTensor(OpDef):
    """The TensorProto of `tensor`, serialized (TF's bytes: tensor_content or string_val)."""

    inputs = ("tensor",)
    type_inputs = ()
    attrs = {"T": None}

    def infer(tensor, *, T):  # noqa: N803
        return TensorSpec([], D.string)

    def kernel(xp, tensor, *, T):  # noqa: N803
        proto = graph_io.tensor_proto(np.asarray(tensor), D.as_dtype(T))
        return np.asarray(proto.SerializeToString(), dtype=object)


@register_op
class ParseTensor(OpDef):
    """The tensor in a serialized TensorProto; its dtype must be `out_type`."""

    inputs = ("serialized",)
    type_inputs = ()
    attrs = {"out_type": None}

    def infer(serialized, *, out_type):
        return TensorSpec(unknown_shape(), D.as_dtype(out_type))

    def kernel(xp, serialized, *, out_type):
        if np.ndim(serialized):
            raise _error(
                f"Expected `serialized` to be a scalar, got shape: {list(np.shape(serialized))}"
            )
        data = as_bytes(np.ravel(serialized)[0])
        proto = graph_io.protos().TensorProto()
        try:
            proto.ParseFromString(data)
        except Exception:  # protobuf's DecodeError, whose module depends on the backend
            raise _error(f"Could not parse `serialized` as TensorProto: '{data!r}'") from None
        try:
            value = array_from_proto(proto)
        except (TypeError, ValueError, KeyError, IndexError):
            raise _error(f"Cannot parse tensor from proto: {proto}") from None
        want = D.as_dtype(out_type)
        got = D.as_dtype(proto.dtype)
        if got != want:
            raise _error(
                f"Type mismatch between parsed tensor ({got._tf_name}) and dtype ({want._tf_name})"
            )
        return value if want == D.string else xp.asarray(value)


for _name in ("DecodeRaw", "DecodeCSV", "DecodeCompressed", "SerializeTensor", "ParseTensor"):
    NotDifferentiable(_name)


# -- public wrappers ---------------------------------------------------------------------------
def decode_raw(input_bytes=None, out_type=None, little_endian=True, name=None, bytes=None):  # noqa: A002
    """The bytes of each string of `input_bytes` as a vector of `out_type`."""
    if bytes is not None:
        if input_bytes is not None:
            raise ValueError("Cannot specify both 'bytes' and 'input_bytes'")
        input_bytes = bytes
    if out_type is None:
        raise ValueError("decode_raw_v1() missing 1 positional argument: 'out_type'")
    out_type = D.as_dtype(out_type)
    if out_type not in _RAW_TYPES:
        names = ", ".join(d.name for d in _RAW_TYPES)
        raise TypeError(
            f"Value passed to parameter 'out_type' has DataType {out_type.name} not in list of "
            f"allowed values: {names}"
        )
    return DecodeRaw.apply(
        strings(input_bytes, "bytes"),
        out_type=out_type,
        little_endian=bool(little_endian),
        name=name,
    )


def decode_csv(
    records,
    record_defaults,
    field_delim=",",
    use_quote_delim=True,
    name=None,
    na_value="",
    select_cols=None,
):
    """CSV `records` parsed into one tensor per column, typed by `record_defaults`.

    >>> a, b = tf.decode_csv(["1,x", "2,"], record_defaults=[[0], ["none"]])
    """
    if select_cols is not None:
        if any(a >= b for a, b in zip(select_cols, select_cols[1:])):
            raise ValueError("select_cols is not strictly increasing.")
        if select_cols and select_cols[0] < 0:
            raise ValueError("select_cols contains negative values.")
        if len(select_cols) != len(record_defaults):
            raise ValueError("Length of select_cols and record_defaults do not match.")
    defaults = [convert_to_tensor(d, name="record_defaults") for d in record_defaults]
    allowed = {D.float32, D.float64, D.int32, D.int64, D.string}
    for d in defaults:
        if d.dtype.base_dtype not in allowed:
            raise TypeError(
                f"Value passed to parameter 'record_defaults' has DataType {d.dtype.name} not "
                "in list of allowed values: float32, float64, int32, int64, string"
            )
    return DecodeCSV.apply(
        strings(records, "records"),
        defaults,
        OUT_TYPE=tuple(d.dtype.base_dtype for d in defaults),
        field_delim=field_delim,
        use_quote_delim=bool(use_quote_delim),
        na_value=na_value,
        select_cols=tuple(int(c) for c in select_cols or ()),
        name=name,
    )


def decode_compressed(bytes, compression_type="", name=None):  # noqa: A002 - TF's name
    """Each string of `bytes` decompressed ('' none, 'ZLIB' or 'GZIP')."""
    return DecodeCompressed.apply(
        strings(bytes, "bytes"), compression_type=compression_type, name=name
    )


def serialize_tensor(tensor, name=None):
    """`tensor` as a serialized TensorProto (a scalar string)."""
    tensor = convert_to_tensor(tensor, name="tensor")
    return SerializeTensor.apply(tensor, T=tensor.dtype.base_dtype, name=name)


def parse_tensor(serialized, out_type, name=None):
    """The tensor of dtype `out_type` held in a serialized TensorProto."""
    return ParseTensor.apply(
        strings(serialized, "serialized"), out_type=D.as_dtype(out_type), name=name
    )

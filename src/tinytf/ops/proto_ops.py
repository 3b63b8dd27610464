"""tf.io.decode_proto / encode_proto (TF ops DecodeProtoV2, EncodeProto): fields of serialized
protobuf messages as tensors, and back. Message types come from protobuf descriptors: with
descriptor_source 'local://', those tinytf ships (tensorflow.Example and its parts, the
checkpoint protos, and TensorBoard's copies of TF's protos: tensorflow.ConfigProto, ...); else a
serialized FileDescriptorSet, in a file or after 'bytes://'.

    sizes, (threads,) = tf.io.decode_proto(config_bytes, "tensorflow.ConfigProto",
                                           ["inter_op_parallelism_threads"], [tf.int32])

As TF's kernels, they read and write the wire format field by field (a field's every
occurrence is counted, a sub-message stays serialized), so protobuf's parser is not used.
"""

import collections
import struct

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import DataLossError, InvalidArgumentError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    register_op,
)
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops.string_ops import as_bytes

_MASK64 = (1 << 64) - 1
# protobuf field type -> (wire type, the dtypes TF accepts for it, TF's name of the type)
_TYPES = {
    1: (1, (D.float64,), "double"),
    2: (5, (D.float32, D.float64), "float"),
    3: (0, (D.int64,), "int64"),
    4: (0, (D.uint64,), "uint64"),
    5: (0, (D.int32, D.int64), "int32"),
    6: (1, (D.uint64,), "fixed64"),
    7: (5, (D.uint32, D.uint64), "fixed32"),
    8: (0, (D.bool,), "bool"),
    9: (2, (D.string,), "string"),
    11: (2, (D.string,), "message"),
    12: (2, (D.string,), "bytes"),
    13: (0, (D.uint32, D.uint64), "uint32"),
    14: (0, (D.int32,), "enum"),
    15: (5, (D.int32, D.int64), "sfixed32"),
    16: (1, (D.int64,), "sfixed64"),
    17: (0, (D.int32, D.int64), "sint32"),
    18: (0, (D.int64,), "sint64"),
}
_FIXED = {1: "<d", 2: "<f", 6: "<Q", 7: "<I", 15: "<i", 16: "<q"}
_TF_DTYPE_NAMES = {D.float32: "float", D.float64: "double"}


# -- descriptors --------------------------------------------------------------------------------
def _local_descriptor(message_type):
    from tinytf.platform import checkpoint_protos, example_protos, protos

    for module in (example_protos, checkpoint_protos):
        for cls in module._CLASSES.values():
            if cls.DESCRIPTOR.full_name == message_type:
                return cls.DESCRIPTOR
    from google.protobuf import descriptor_pool

    for module in sorted({m for m, _ in protos.MESSAGES.values()}):
        protos.proto_module(module)  # TensorBoard's copies: package "tensorboard", not "tensorflow"
    name = message_type.replace("tensorflow.", "tensorboard.", 1)
    try:
        return descriptor_pool.Default().FindMessageTypeByName(name)
    except KeyError:
        return None


_NOT_A_SET = "Source does not represent serialized file descriptor set proto."


def _set_descriptor(data, message_type):
    from google.protobuf import descriptor_pb2, descriptor_pool

    files = descriptor_pb2.FileDescriptorSet()
    try:
        files.ParseFromString(data)
        pool = descriptor_pool.DescriptorPool()
        for file in files.file:
            pool.Add(file)
    except Exception:  # noqa: BLE001 - whatever protobuf refuses is not a descriptor set
        raise InvalidArgumentError(None, None, _NOT_A_SET) from None
    try:
        return pool.FindMessageTypeByName(message_type)
    except KeyError:
        return None


def _descriptor(message_type, descriptor_source):
    if descriptor_source == "local://":
        found = _local_descriptor(message_type)
    elif descriptor_source.startswith("bytes://"):
        found = _set_descriptor(
            descriptor_source[len("bytes://") :].encode("latin-1"), message_type
        )
    else:
        try:
            with open(descriptor_source, "rb") as f:
                data = f.read()
        except OSError:
            data = None
        if not data:
            raise InvalidArgumentError(None, None, _NOT_A_SET)
        found = _set_descriptor(data, message_type)
    if found is None:
        raise InvalidArgumentError(
            None, None, f"No descriptor found for message type {message_type}"
        )
    return found


def _fields(descriptor, message_type, field_names, dtypes, check):
    # messages name the type as asked for (TensorBoard's copies live in package "tensorboard")
    fields = []
    for name, dtype in zip(field_names, dtypes):
        field = descriptor.fields_by_name.get(name)
        if field is None:
            raise InvalidArgumentError(
                None, None, f"Unknown field: {name} in message type {message_type}"
            )
        if field.type not in _TYPES or D.as_dtype(dtype) not in _TYPES[field.type][1]:
            raise InvalidArgumentError(None, None, check(message_type, field, D.as_dtype(dtype)))
        fields.append(field)
    return fields


# -- the wire format ----------------------------------------------------------------------------
class _TruncatedError(Exception):
    pass


def _varint(data, pos):
    result = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise _TruncatedError
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def _skip(data, pos, wire):
    """The position after a value of `wire` type at `pos`, and the value's raw span."""
    if wire == 0:
        end = _varint(data, pos)[1]
    elif wire in (1, 5):
        end = pos + (8 if wire == 1 else 4)
    elif wire == 2:
        size, pos = _varint(data, pos)
        end = pos + size
    else:
        raise _TruncatedError
    if end > len(data):
        raise _TruncatedError
    return end, pos


def _scalar(field_type, raw, wire):
    """The value of one occurrence (its raw bytes, or its varint) as a Python value."""
    if wire == 0:
        value = raw
        if field_type in (17, 18):
            return (value >> 1) ^ -(value & 1)
        if field_type == 8:
            return bool(value)
        if field_type in (3, 5, 14):
            value = value - (1 << 64) if value >= 1 << 63 else value
            return value if field_type == 3 else (value + (1 << 31)) % (1 << 32) - (1 << 31)
        return value & (0xFFFFFFFF if field_type == 13 else _MASK64)
    if wire == 2:
        return bytes(raw)
    return struct.unpack(_FIXED[field_type], raw)[0]


def _packed(field_type, data):
    wire, values, pos = _TYPES[field_type][0], [], 0
    while pos < len(data):
        end, start = _skip(data, pos, wire)
        values.append(
            _scalar(field_type, _varint(data, start)[0] if wire == 0 else data[start:end], wire)
        )
        pos = end
    return values


_TRUNCATED = {  # TF's words for a message that ends inside a field's value
    "unrequested": "Failed skipping unrequested field",
    "packed": "ReadPackedValues: Skipping packed field failed",
    "value": "ReadValue: Failed skipping field when counting",
}


def _parse(data, wanted):
    """{field number: [values]} of the `wanted` fields ({number: field}) in one message."""
    found, pos = collections.defaultdict(list), 0
    while pos < len(data):
        try:
            tag, pos = _varint(data, pos)
        except _TruncatedError:
            raise DataLossError(
                None, None, "CountFields: Failed to consume entire buffer"
            ) from None
        number, wire = tag >> 3, tag & 7
        field = wanted.get(number)
        packed = (
            field is not None and field.is_repeated and wire == 2 and _TYPES[field.type][0] != 2
        )
        try:
            end, start = _skip(data, pos, wire)
        except _TruncatedError:
            what = _TRUNCATED["unrequested" if field is None else "packed" if packed else "value"]
            raise DataLossError(None, None, what) from None
        if field is not None:
            if packed:
                found[number].extend(_packed(field.type, data[start:end]))
            else:
                raw = _varint(data, start)[0] if wire == 0 else data[start:end]
                found[number].append(_scalar(field.type, raw, wire))
        pos = end
    return found


def _default(field):
    """The value a missing field pads with: its declared default (a repeated field has none:
    its type's zero, or an enum's first value)."""
    if field.type in (9, 11, 12):
        value = b"" if field.is_repeated or field.type == 11 else field.default_value
        return value.encode() if isinstance(value, str) else value
    if not field.is_repeated:
        return field.default_value
    if field.type == 14:
        return field.enum_type.values[0].number
    return False if field.type == 8 else 0


def _decode_check(message_type, field, dtype):
    # TF names the dtype and the field's C++ type by their enum numbers
    where = f"{message_type}.{field.name}"
    return f"Unexpected output type for {where}: {dtype.as_datatype_enum} to {field.cpp_type}"


def _batch_messages(data, message_format, descriptor):
    """The messages of `data` (a string array) in the binary format."""
    flat = [as_bytes(v) for v in np.asarray(data, dtype=object).ravel()]
    if message_format == "binary":
        return flat
    from google.protobuf import message_factory, text_format

    cls = message_factory.GetMessageClass(descriptor)
    out = []
    for text in flat:
        try:
            out.append(text_format.Parse(text.decode("utf-8"), cls()).SerializeToString())
        except Exception:  # noqa: BLE001 - TF's error whatever protobuf's was
            raise DataLossError(None, None, "Unable to parse text protobuf") from None
    return out


@register_op
class DecodeProtoV2(OpDef):
    """The `field_names` fields of the serialized messages `bytes`: sizes (the count of each
    field) and one values tensor per field, padded with the field's default."""

    inputs = ("bytes",)
    type_inputs = ()
    list_output = True
    attrs = {
        "message_type": None,
        "field_names": None,
        "output_types": None,
        "descriptor_source": "local://",
        "message_format": "binary",
        "sanitize": False,
    }

    def infer(bytes, *, field_names, output_types, **attrs):  # noqa: A002 - TF's input name
        batch = bytes.shape
        sizes = TensorSpec(batch.concatenate([len(field_names)]), D.int32)
        return [sizes] + [
            TensorSpec(batch.concatenate([None]), D.as_dtype(t)) for t in output_types
        ]

    def kernel(xp, bytes, *, message_type, field_names, output_types, **attrs):  # noqa: A002
        if len(field_names) != len(output_types):
            raise InvalidArgumentError(
                None, None, "field_names and output_types attributes must have the same length"
            )
        if attrs["message_format"] not in ("binary", "text"):
            raise InvalidArgumentError(None, None, "format must be one of binary or text")
        descriptor = _descriptor(message_type, attrs["descriptor_source"])
        if np.size(bytes) == 0:
            raise InvalidArgumentError(None, None, "Bufs argument must contain at least one value")
        fields = _fields(descriptor, message_type, field_names, output_types, _decode_check)
        wanted = {f.number: f for f in fields}
        parsed = [
            _parse(m, wanted) for m in _batch_messages(bytes, attrs["message_format"], descriptor)
        ]
        batch = np.shape(bytes)
        counts = np.zeros((len(parsed), len(fields)), np.int32)
        outputs = []
        for i, (field, dtype) in enumerate(zip(fields, output_types)):
            per = [
                m.get(field.number, [])[-1:] if not field.is_repeated else m.get(field.number, [])
                for m in parsed
            ]
            counts[:, i] = [len(v) for v in per]
            width = max([1] + [len(v) for v in per])
            dtype = D.as_dtype(dtype)
            np_type = object if dtype == D.string else dtype.as_numpy_dtype
            values = np.full((len(parsed), width), _default(field), dtype=np_type)
            for row, v in enumerate(per):
                values[row, : len(v)] = v
            outputs.append(values.reshape(batch + (width,)))
        return [counts.reshape(batch + (len(fields),))] + outputs


# -- encoding -----------------------------------------------------------------------------------
def _encode_check(message_type, field, dtype):
    return (
        f"Incompatible type for field {field.name}.  Saw dtype: "
        f"{_TF_DTYPE_NAMES.get(dtype, dtype.name)} but field type is: {_TYPES[field.type][2]}"
        if field.type in _TYPES
        else f"Unsupported type for field {field.name}"
    )


def _varint_bytes(value):
    value &= _MASK64
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _value_bytes(field_type, value):
    wire = _TYPES[field_type][0]
    if wire == 0:
        value = int(value)
        if field_type in (17, 18):
            value = (value << 1) ^ (value >> 63)
        return _varint_bytes(value)
    if wire == 2:
        data = as_bytes(value)
        return _varint_bytes(len(data)) + data
    return struct.pack(_FIXED[field_type], value)


def _field_bytes(field, values):
    if not values:
        return b""
    if field.is_packed:
        data = b"".join(_value_bytes(field.type, v) for v in values)
        return _varint_bytes(field.number << 3 | 2) + _varint_bytes(len(data)) + data
    tag = _varint_bytes(field.number << 3 | _TYPES[field.type][0])
    return b"".join(tag + _value_bytes(field.type, v) for v in values)


@register_op
class EncodeProto(OpDef):
    """Serialized messages of `message_type` holding the first sizes[..., i] values of
    values[i] in field field_names[i] (fields written in field-number order)."""

    inputs = ("sizes", "values*")
    type_inputs = ()
    attrs = {
        "field_names": None,
        "message_type": None,
        "descriptor_source": "local://",
        "Tinput_types": None,
    }

    def infer(sizes, *values, field_names, message_type, descriptor_source, Tinput_types):  # noqa: N803
        return TensorSpec(sizes.shape[:-1] if sizes.shape.ndims else TensorShape(None), D.string)

    def kernel(xp, sizes, *values, field_names, message_type, descriptor_source, Tinput_types):  # noqa: N803
        batch = tuple(np.shape(values[0])[:-1])
        if tuple(np.shape(sizes)) != batch + (len(field_names),):
            raise InvalidArgumentError(
                None,
                None,
                f"sizes should be batch_size + [len(field_names)].  Saw: {_dims(np.shape(sizes))}"
                f" but expected: {_dims(batch + (len(field_names),))}",
            )
        descriptor = _descriptor(message_type, descriptor_source)
        fields = _fields(descriptor, message_type, field_names, Tinput_types, _encode_check)
        counts = np.reshape(sizes, (-1, len(fields)))
        flat = [np.reshape(v, (counts.shape[0], -1)) for v in values]
        order = sorted(range(len(fields)), key=lambda i: fields[i].number)
        out = np.empty(counts.shape[0], dtype=object)
        for row in range(counts.shape[0]):
            out[row] = b"".join(
                _field_bytes(fields[i], flat[i][row, : counts[row, i]].tolist()) for i in order
            )
        return out.reshape(batch)


def _dims(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


NotDifferentiable("DecodeProtoV2")
NotDifferentiable("EncodeProto")


def decode_proto(
    bytes,
    message_type,
    field_names,
    output_types,  # noqa: A002 - TF's names
    descriptor_source="local://",
    message_format="binary",
    sanitize=False,
    name=None,
):
    """(sizes, values): the `field_names` fields (of `output_types`) of the serialized
    `message_type` messages in the string tensor `bytes`."""
    outputs = DecodeProtoV2.apply(
        convert_to_tensor(bytes, dtype=D.string),
        message_type=message_type,
        field_names=list(field_names),
        output_types=[D.as_dtype(t) for t in output_types],
        descriptor_source=descriptor_source,
        message_format=message_format,
        sanitize=sanitize,
        name=name,
    )
    return DecodeProtoResult(outputs[0], list(outputs[1:]))


DecodeProtoResult = collections.namedtuple("DecodeProtoV2", ["sizes", "values"])


def encode_proto(sizes, values, field_names, message_type, descriptor_source="local://", name=None):
    """Serialized `message_type` messages whose field field_names[i] holds the first
    sizes[..., i] values of values[i]."""
    values = [convert_to_tensor(v) for v in values]
    return EncodeProto.apply(
        convert_to_tensor(sizes, dtype=D.int32),
        values,
        field_names=list(field_names),
        message_type=message_type,
        descriptor_source=descriptor_source,
        Tinput_types=[v.dtype.base_dtype for v in values],
        name=name,
    )

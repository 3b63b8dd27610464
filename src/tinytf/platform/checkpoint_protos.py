"""The protos of TF's checkpoint files, which no pip package but TF itself ships: the bundle
header and entries of a `.index` file, the `checkpoint` state file, the SaverDef (so that
saving needs no TensorBoard) and the SavedModel wrapper of `saved_model.pb`. Declared here field by
field (numbers and types as in TF's tensor_bundle.proto and checkpoint_state.proto), built with
protobuf's own descriptor machinery in a private pool, so the wire and text formats are
protobuf's, not ours.

    entry = BundleEntryProto(dtype=1, size=24); entry.shape.dim.add(size=6)
"""

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

_F = descriptor_pb2.FieldDescriptorProto
_TYPES = {
    "int32": _F.TYPE_INT32,
    "int64": _F.TYPE_INT64,
    "bool": _F.TYPE_BOOL,
    "string": _F.TYPE_STRING,
    "fixed32": _F.TYPE_FIXED32,
    "fixed64": _F.TYPE_FIXED64,
    "double": _F.TYPE_DOUBLE,
    "float": _F.TYPE_FLOAT,
    "bytes": _F.TYPE_BYTES,
}
_PACKAGE = "tinytf.checkpoint"

# message -> [(field name, number, type or message name, repeated)]
_MESSAGES = {
    "VersionDef": [
        ("producer", 1, "int32", False),
        ("min_consumer", 2, "int32", False),
        ("bad_consumers", 3, "int32", True),
    ],
    "Dim": [("size", 1, "int64", False), ("name", 2, "string", False)],
    "TensorShapeProto": [("dim", 2, "Dim", True), ("unknown_rank", 3, "bool", False)],
    "Extent": [("start", 1, "int64", False), ("length", 2, "int64", False)],
    "TensorSliceProto": [("extent", 1, "Extent", True)],
    "BundleHeaderProto": [
        ("num_shards", 1, "int32", False),
        ("endianness", 2, "int32", False),  # an enum on the wire: LITTLE = 0, BIG = 1
        ("version", 3, "VersionDef", False),
    ],
    "BundleEntryProto": [
        ("dtype", 1, "int32", False),  # DataType enum
        ("shape", 2, "TensorShapeProto", False),
        ("shard_id", 3, "int32", False),
        ("offset", 4, "int64", False),
        ("size", 5, "int64", False),
        ("crc32c", 6, "fixed32", False),
        ("slices", 7, "TensorSliceProto", True),
    ],
    "SaverDef": [
        ("filename_tensor_name", 1, "string", False),
        ("save_tensor_name", 2, "string", False),
        ("restore_op_name", 3, "string", False),
        ("max_to_keep", 4, "int32", False),
        ("sharded", 5, "bool", False),
        ("keep_checkpoint_every_n_hours", 6, "float", False),
        ("version", 7, "int32", False),  # an enum on the wire: LEGACY = 0, V1 = 1, V2 = 2
    ],
    # SavedModel's meta graphs are MetaGraphDefs (TensorBoard's class): as bytes, which is the
    # same wire format as an embedded message
    "SavedModel": [
        ("saved_model_schema_version", 1, "int64", False),
        ("meta_graphs", 2, "bytes", True),
    ],
    "CheckpointState": [
        ("model_checkpoint_path", 1, "string", False),
        ("all_model_checkpoint_paths", 2, "string", True),
        ("all_model_checkpoint_timestamps", 3, "double", True),
        ("last_preserved_timestamp", 4, "double", False),
    ],
}


def declare(messages, package=_PACKAGE, filename="tinytf/checkpoint.proto"):
    """{name: message class} for messages declared as {name: [(field, number, type, repeated)]}
    in a private pool (TF protos that no package ships)."""
    file_proto = descriptor_pb2.FileDescriptorProto(
        name=filename, package=package, syntax="proto3"
    )
    for name, fields in messages.items():
        message = file_proto.message_type.add(name=name)
        for field_name, number, kind, repeated in fields:
            field = message.field.add(name=field_name, number=number)
            field.label = _F.LABEL_REPEATED if repeated else _F.LABEL_OPTIONAL
            if kind in _TYPES:
                field.type = _TYPES[kind]
            else:
                field.type, field.type_name = _F.TYPE_MESSAGE, f".{package}.{kind}"
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file_proto)
    return {
        name: message_factory.GetMessageClass(pool.FindMessageTypeByName(f"{package}.{name}"))
        for name in messages
    }


_CLASSES = declare(_MESSAGES)
BundleHeaderProto = _CLASSES["BundleHeaderProto"]
BundleEntryProto = _CLASSES["BundleEntryProto"]
CheckpointState = _CLASSES["CheckpointState"]
SaverDef = _CLASSES["SaverDef"]
SavedModel = _CLASSES["SavedModel"]
SAVER_V2 = 2

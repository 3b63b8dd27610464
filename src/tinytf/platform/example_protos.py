"""tf.train.Example and its parts (TF's example.proto and feature.proto), which no pip package
but TF itself ships. Declared here field by field with TF's full names (tensorflow.Example, ...),
numbers and types, in a private descriptor pool, so the message classes, wire format and text
format are protobuf's own and byte-identical to TF's:

    Example(features=Features(feature={"x": Feature(float_list=FloatList(value=[1.0]))}))

Importing this module imports protobuf: tinytf resolves `tf.train.Example` on first use.
"""

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

from tinytf.platform.checkpoint_protos import _TYPES

_F = descriptor_pb2.FieldDescriptorProto
_PACKAGE = "tensorflow"

# message -> [(field name, number, type or message name, label)]; label "repeated", "optional",
# "map" (protobuf's map<string, type>: a repeated nested entry message) or "kind" (oneof kind)
_MESSAGES = {
    "BytesList": [("value", 1, "bytes", "repeated")],
    "FloatList": [("value", 1, "float", "repeated")],
    "Int64List": [("value", 1, "int64", "repeated")],
    "Feature": [
        ("bytes_list", 1, "BytesList", "kind"),
        ("float_list", 2, "FloatList", "kind"),
        ("int64_list", 3, "Int64List", "kind"),
    ],
    "Features": [("feature", 1, "Feature", "map")],
    "FeatureList": [("feature", 1, "Feature", "repeated")],
    "FeatureLists": [("feature_list", 1, "FeatureList", "map")],
    "Example": [("features", 1, "Features", "optional")],
    "SequenceExample": [
        ("context", 1, "Features", "optional"),
        ("feature_lists", 2, "FeatureLists", "optional"),
    ],
}
NAMES = tuple(_MESSAGES)


def _set_type(field, kind):
    if kind in _TYPES:
        field.type = _TYPES[kind]
    else:
        field.type, field.type_name = _F.TYPE_MESSAGE, f".{_PACKAGE}.{kind}"


def _add_map_field(message, field_name, number, kind):
    entry_name = "".join(part.capitalize() for part in field_name.split("_")) + "Entry"
    entry = message.nested_type.add(name=entry_name)
    entry.options.map_entry = True
    for name, num, entry_kind in (("key", 1, "string"), ("value", 2, kind)):
        _set_type(entry.field.add(name=name, number=num, label=_F.LABEL_OPTIONAL), entry_kind)
    field = message.field.add(name=field_name, number=number, label=_F.LABEL_REPEATED)
    field.type = _F.TYPE_MESSAGE
    field.type_name = f".{_PACKAGE}.{message.name}.{entry_name}"


def _file_proto():
    file_proto = descriptor_pb2.FileDescriptorProto(
        name="tensorflow/core/example/example.proto", package=_PACKAGE, syntax="proto3"
    )
    for name, fields in _MESSAGES.items():
        message = file_proto.message_type.add(name=name)
        for field_name, number, kind, label in fields:
            if label == "map":
                _add_map_field(message, field_name, number, kind)
                continue
            field = message.field.add(name=field_name, number=number)
            field.label = _F.LABEL_REPEATED if label == "repeated" else _F.LABEL_OPTIONAL
            _set_type(field, kind)
            if label == "kind":
                if not message.oneof_decl:
                    message.oneof_decl.add(name="kind")
                field.oneof_index = 0
    return file_proto


def _classes():
    pool = descriptor_pool.DescriptorPool()
    pool.Add(_file_proto())
    return {
        name: message_factory.GetMessageClass(pool.FindMessageTypeByName(f"{_PACKAGE}.{name}"))
        for name in _MESSAGES
    }


_CLASSES = _classes()
BytesList = _CLASSES["BytesList"]
FloatList = _CLASSES["FloatList"]
Int64List = _CLASSES["Int64List"]
Feature = _CLASSES["Feature"]
Features = _CLASSES["Features"]
FeatureList = _CLASSES["FeatureList"]
FeatureLists = _CLASSES["FeatureLists"]
Example = _CLASSES["Example"]
SequenceExample = _CLASSES["SequenceExample"]

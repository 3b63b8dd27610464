"""GraphDef export and import through TensorBoard's protobuf classes (tensorboard.compat.proto).

Node attributes follow TF's own OpDefs, recorded from real TF into tf_op_defs.json
(tools/record_op_defs.py): type attrs (T, Tidx, ...) come from the input and output dtypes,
number attrs (N) from list lengths, the rest from the op's attrs or TF's defaults. Bookkeeping
only: no kernel runs here.
"""

import functools
import json
import os

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.tensor_shape import TensorShape

GRAPH_DEF_VERSION = 134  # TF 1.15's producer version
GRAPH_DEF_VERSION_MIN_CONSUMER = 0


def protos():
    """TensorBoard's protobuf modules; a clear ImportError when tensorboard is missing."""
    try:
        from tensorboard.compat.proto import (
            attr_value_pb2,
            event_pb2,
            graph_pb2,
            node_def_pb2,
            summary_pb2,
            tensor_pb2,
            tensor_shape_pb2,
        )
    except ImportError as e:
        raise ImportError(
            "GraphDef export and summaries need the `tensorboard` package: "
            "pip install 'tinytf[tensorboard]' (or pip install tensorboard)"
        ) from e
    return _Protos(
        attr_value_pb2,
        event_pb2,
        graph_pb2,
        node_def_pb2,
        summary_pb2,
        tensor_pb2,
        tensor_shape_pb2,
    )


class _Protos:
    def __init__(self, attr, event, graph, node, summary, tensor, shape):
        self.AttrValue = attr.AttrValue
        self.Event, self.SessionLog = event.Event, event.SessionLog
        self.TaggedRunMetadata = event.TaggedRunMetadata
        self.GraphDef = graph.GraphDef
        self.NodeDef = node.NodeDef
        self.Summary = summary.Summary
        self.TensorProto = tensor.TensorProto
        self.TensorShapeProto = shape.TensorShapeProto


@functools.lru_cache(maxsize=1)
def tf_op_defs():
    with open(os.path.join(os.path.dirname(__file__), "tf_op_defs.json")) as f:
        return json.load(f)


# -- values <-> protos -------------------------------------------------------------------------
def shape_proto(shape):
    p = protos()
    shape = TensorShape(shape) if not isinstance(shape, TensorShape) else shape
    if shape.ndims is None:
        return p.TensorShapeProto(unknown_rank=True)
    return p.TensorShapeProto(
        dim=[p.TensorShapeProto.Dim(size=-1 if d is None else d) for d in shape.as_list()]
    )


def shape_from_proto(proto):
    if proto.unknown_rank:
        return TensorShape(None)
    return TensorShape([None if d.size < 0 else d.size for d in proto.dim])


def tensor_proto(array, dtype=None):
    """A TensorProto holding `array` (numbers in tensor_content, strings in string_val)."""
    p = protos()
    array = np.asarray(array)
    dtype = dtypes.as_dtype(dtype or array.dtype).base_dtype
    proto = p.TensorProto(dtype=dtype.as_datatype_enum, tensor_shape=shape_proto(array.shape))
    if dtype == dtypes.string:
        proto.string_val.extend(
            v if isinstance(v, bytes) else str(v).encode() for v in array.ravel()
        )
    else:
        proto.tensor_content = np.ascontiguousarray(array, dtype.as_numpy_dtype).tobytes()
    return proto


_VALUE_FIELDS = {
    dtypes.float16: "half_val",
    dtypes.bfloat16: "half_val",  # TF stores both 16-bit floats' bits in half_val
    dtypes.float32: "float_val",
    dtypes.float64: "double_val",
    dtypes.int8: "int_val",
    dtypes.int16: "int_val",
    dtypes.int32: "int_val",
    dtypes.uint8: "int_val",
    dtypes.uint16: "int_val",
    dtypes.int64: "int64_val",
    dtypes.bool: "bool_val",
    dtypes.complex64: "scomplex_val",
    dtypes.complex128: "dcomplex_val",
    dtypes.uint32: "uint32_val",
    dtypes.uint64: "uint64_val",
}


def array_from_proto(proto):
    """The NumPy value of a TensorProto, in any of the encodings TF writes."""
    dtype = dtypes.as_dtype(proto.dtype)
    shape = tuple(shape_from_proto(proto.tensor_shape).as_list())
    n = int(np.prod(shape, dtype=np.int64))
    if dtype == dtypes.string:
        values = np.array(list(proto.string_val), dtype=object)
    elif proto.tensor_content:
        return np.frombuffer(proto.tensor_content, dtype=dtype.as_numpy_dtype).reshape(shape).copy()
    else:
        raw = list(getattr(proto, _VALUE_FIELDS[dtype]))
        if dtype in (dtypes.float16, dtypes.bfloat16):
            raw = np.array(raw, np.uint16).view(dtype.as_numpy_dtype)
        if dtype.is_complex:
            raw = np.array(raw, dtype.real_dtype.as_numpy_dtype).view(dtype.as_numpy_dtype)
        values = np.array(raw, dtype=dtype.as_numpy_dtype)
    if values.size == n:
        return values.reshape(shape)
    if values.size == 0:
        return np.zeros(shape, dtype=values.dtype)
    # TF stores a constant fill as its single value (or a short prefix padded with the last)
    padded = np.concatenate([values, np.repeat(values[-1:], n - values.size)])
    return padded.reshape(shape)


def attr_value(value, kind):
    """An AttrValue for a Python value of TF attr type `kind` ('int', 'list(int)', ...)."""
    p = protos()
    if kind.startswith("list("):
        inner = kind[5:-1]
        items = [attr_value(v, inner) for v in value]
        lst = p.AttrValue.ListValue()
        field = _ATTR_FIELDS[inner]
        for item in items:
            if inner in ("shape", "tensor"):
                getattr(lst, field).add().CopyFrom(getattr(item, field))
            else:
                getattr(lst, field).append(getattr(item, field))
        return p.AttrValue(list=lst)
    if kind == "type":
        return p.AttrValue(type=dtypes.as_dtype(value).base_dtype.as_datatype_enum)
    if kind == "shape":
        return p.AttrValue(shape=shape_proto(value))
    if kind == "tensor":
        return p.AttrValue(tensor=tensor_proto(value))
    if kind == "string":
        return p.AttrValue(s=value.encode() if isinstance(value, str) else bytes(value))
    if kind == "bool":
        return p.AttrValue(b=bool(value))
    if kind == "float":
        return p.AttrValue(f=float(value))
    if kind == "int":
        return p.AttrValue(i=int(value))
    raise TypeError(f"Unsupported attr type {kind!r}")


_ATTR_FIELDS = {
    "type": "type",
    "shape": "shape",
    "tensor": "tensor",
    "string": "s",
    "bool": "b",
    "float": "f",
    "int": "i",
}


def attr_from_proto(proto):
    """The Python value of an AttrValue (DType, TensorShape, ndarray, str, tuples, ...)."""
    which = proto.WhichOneof("value")
    if which == "list":
        lst = proto.list
        for field, convert in (
            ("i", int),
            ("f", float),
            ("b", bool),
            ("s", lambda v: v.decode()),
            ("type", dtypes.as_dtype),
            ("shape", shape_from_proto),
            ("tensor", array_from_proto),
        ):
            if len(getattr(lst, field)):
                return tuple(convert(v) for v in getattr(lst, field))
        return ()
    if which == "type":
        return dtypes.as_dtype(proto.type)
    if which == "shape":
        return shape_from_proto(proto.shape)
    if which == "tensor":
        return array_from_proto(proto.tensor)
    if which == "s":
        return proto.s.decode()
    return getattr(proto, which) if which else None


# -- export ------------------------------------------------------------------------------------
def _input_name(t):
    return t.op.name if t.value_index == 0 else f"{t.op.name}:{t.value_index}"


def _arg_tensors(args, tensors):
    """Splits an op's flat tensors among TF's input (or output) args; list args share the
    surplus equally (SparseConcat's N indices, N values, N shapes)."""
    lists = sum(1 for a in args if "number_attr" in a or "type_list_attr" in a)
    surplus = (len(tensors) - (len(args) - lists)) // max(lists, 1)
    out, i = [], 0
    for a in args:
        n = surplus if ("number_attr" in a or "type_list_attr" in a) else 1
        out.append((a, tensors[i : i + n]))
        i += n
    return out


def tf_attrs(op):
    """{attr name: (value, TF attr type)} as TF's OpDef of op.type names them."""
    spec = tf_op_defs().get(op.type)
    if spec is None:
        return {}
    kinds = {a["name"]: a["type"] for a in spec["attrs"]}
    values = {}
    for args, tensors in ((spec["inputs"], list(op.inputs)), (spec["outputs"], op.outputs)):
        for arg, ts in _arg_tensors(args, tensors):
            if "type_attr" in arg and ts:
                values.setdefault(arg["type_attr"], ts[0].dtype.base_dtype)
            if "number_attr" in arg:
                values.setdefault(arg["number_attr"], len(ts))
            if "type_list_attr" in arg:
                values.setdefault(arg["type_list_attr"], [t.dtype.base_dtype for t in ts])
    for name in kinds:
        if name in op._attrs and op._attrs[name] is not None:
            values[name] = op._attrs[name]
    out = {name: (values[name], kinds[name]) for name in kinds if name in values}
    for a in spec["attrs"]:
        if a["name"] not in out and "default" in a:
            out[a["name"]] = (a["default"], None)
    return out


def node_def(op):
    """The NodeDef of an Operation: name, op type, inputs ('name:index', '^control'), attrs."""
    p = protos()
    node = p.NodeDef(name=op.name, op=op.type, device=op.device)
    node.input.extend(_input_name(t) for t in op.inputs)
    node.input.extend(f"^{c.name}" for c in op.control_inputs)
    for name, (value, kind) in sorted(tf_attrs(op).items()):
        if kind is None:
            from google.protobuf import json_format

            json_format.ParseDict(value, node.attr[name])
        else:
            node.attr[name].CopyFrom(attr_value(value, kind))
    if op._colocation:
        node.attr["_class"].list.s.extend(op._colocation)
    return node


def as_graph_def(graph, from_version=None, add_shapes=False):
    """The graph as a GraphDef protobuf (ops in creation order)."""
    p = protos()
    graph_def = p.GraphDef()
    graph_def.versions.producer = GRAPH_DEF_VERSION
    graph_def.versions.min_consumer = GRAPH_DEF_VERSION_MIN_CONSUMER
    for op in graph.get_operations():
        if from_version is not None and op._id <= from_version:
            continue
        node = graph_def.node.add()
        node.CopyFrom(node_def(op))
        if add_shapes:
            node.attr["_output_shapes"].CopyFrom(
                attr_value([t.shape for t in op.outputs], "list(shape)")
            )
    return graph_def

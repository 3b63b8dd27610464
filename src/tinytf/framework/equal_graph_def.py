"""GraphDef equality as TF 1.15's core/util/equal_graph_def.cc decides it, with its messages.

Nodes are matched by name, so node order does not matter; versions and the function library
are not compared; control inputs compare as a set; attrs whose names start with '_' are
ignored; tensor attrs compare by value. The first difference found is described the way TF
describes it ("Node named 'a' has op 'Const' that is not expected 'Placeholder'").
"""

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.graph_io import array_from_proto
from tinytf.platform.protos import proto_module

_MAX_STRING_SUMMARY = 80
_MAX_LIST_SUMMARY = 50
_TENSOR_SUMMARY_VALUES = 3
_SUMMARIZED_DTYPES = dtypes.REAL_NUMBERS | {dtypes.bool, dtypes.string}
_CPP_DTYPE_NAMES = {dtypes.float16: "half", dtypes.float32: "float", dtypes.float64: "double"}


def equal_graph_def(actual, expected):
    """'' when the two GraphDefs are equal, else TF's description of the first difference."""
    actual_index = {node.name: node for node in actual.node}
    for expected_node in expected.node:
        actual_node = actual_index.pop(expected_node.name, None)
        if actual_node is None:
            return f"Did not find expected node '{summarize_node_def(expected_node)}'"
        diff = equal_node_def(actual_node, expected_node)
        if diff:
            return diff
    if actual_index:
        return f"Found unexpected node '{summarize_node_def(next(iter(actual_index.values())))}'"
    return ""


def equal_node_def(actual, expected):
    """'' when the two NodeDefs are equal, else TF's description of the difference."""
    where = f"Node named '{actual.name}'"
    if actual.name != expected.name:
        return f"Actual node name '{actual.name}' is not expected '{expected.name}'"
    if actual.op != expected.op:
        return f"{where} has op '{actual.op}' that is not expected '{expected.op}'"
    if actual.device != expected.device:
        return f"{where} has device '{actual.device}' that is not expected '{expected.device}'"
    if len(actual.input) != len(expected.input):
        return (
            f"{where} has inputs '{', '.join(actual.input)}' that don't match expected "
            f"'{', '.join(expected.input)}'"
        )
    return _input_diff(where, actual.input, expected.input) or _attr_diff(where, actual, expected)


def _input_diff(where, actual, expected):
    for i, (a, e) in enumerate(zip(actual, expected)):
        if a.startswith("^"):  # control inputs follow the data inputs and compare as a set
            return _control_diff(where, set(actual[i:]), set(expected[i:]))
        if a != e and a != e + ":0" and a + ":0" != e:
            return f"{where} has input {i} '{a}' that doesn't match expected '{e}'"
    return ""


def _control_diff(where, actual, expected):
    for e in sorted(expected):
        if e not in actual:
            return f"{where} missing expected control input '{e}'"
    extra = sorted(actual - expected)
    return f"{where} has unexpected control input '{extra[0]}'" if extra else ""


def _attr_diff(where, actual, expected):
    actual_keys = {k for k in actual.attr if not k.startswith("_")}
    for key, e in expected.attr.items():
        if key.startswith("_"):
            continue
        if key not in actual_keys:
            return f"{where} missing expected attr '{key}' with value: {summarize_attr_value(e)}"
        actual_keys.discard(key)
        a = actual.attr[key]
        if not _attr_values_equal(a, e):
            return (
                f"{where} has attr '{key}' with value: {summarize_attr_value(a)} that does not "
                f"match expected: {summarize_attr_value(e)}"
            )
    if actual_keys:
        key = sorted(actual_keys)[0]
        return f"{where} has unexpected attr '{key}' with value: " + summarize_attr_value(
            actual.attr[key]
        )
    return ""


def _attr_values_equal(a, b):
    # A tensor can be written several ways (one repeated value, or tensor_content): TF
    # compares what they hold.
    if a.WhichOneof("value") == b.WhichOneof("value") == "tensor":
        return _tensors_equal(a.tensor, b.tensor)
    return a == b


def _tensors_equal(a, b):
    try:
        x, y = array_from_proto(a), array_from_proto(b)
    except (TypeError, ValueError, KeyError):
        return a == b
    if a.dtype != b.dtype or x.shape != y.shape:
        return False
    return x.tolist() == y.tolist() if x.dtype == object else x.tobytes() == y.tobytes()


# -- TF's summaries of nodes and attr values ----------------------------------------------------
def summarize_node_def(node):
    """TF's one-line summary: {{node name}} = Op[attr=value, _device="..."](inputs)."""
    attrs = [f"{k}={summarize_attr_value(node.attr[k])}" for k in sorted(node.attr)]
    if node.device:
        attrs.append(f'_device="{node.device}"')
    return f"{{{{node {node.name}}}}} = {node.op}[{', '.join(attrs)}]({', '.join(node.input)})"


def summarize_attr_value(value):
    """An AttrValue as TF writes it in messages: "s", 3, DT_FLOAT, [2,?], Tensor<...>, [...]."""
    kind = value.WhichOneof("value")
    if kind is None:
        return "<Unknown AttrValue type>"
    if kind == "list":
        return _summarize_list(value.list)
    if kind == "placeholder":
        return f"${value.placeholder}"
    return _SUMMARIZE[kind](getattr(value, kind))


def _summarize_list(values):
    pieces = []
    for field in ("s", "i", "f", "b", "type", "shape", "tensor", "func"):
        items = getattr(values, field)
        if len(items):
            pieces = [_SUMMARIZE[field](v) for v in items]
            break
    if len(pieces) >= _MAX_LIST_SUMMARY:
        pieces = [*pieces[:5], "...", *pieces[-5:]]
    return f"[{', '.join(pieces)}]"


def _c_escape(data):
    out = []
    for byte in data:
        char = chr(byte)
        if char in "\n\r\t\"'\\":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, "\\" + char))
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return "".join(out)


def _summarize_string(data):
    escaped = _c_escape(data)
    if len(escaped) >= _MAX_STRING_SUMMARY:
        escaped = f"{escaped[:10]}...{escaped[-10:]}"
    return f'"{escaped}"'


def _float_str(value, double=False):
    """C++ StrCat's float: %g with FLT_DIG (DBL_DIG) digits, more if that does not round-trip."""
    digits, more, kind = (15, 17, np.float64) if double else (6, 9, np.float32)
    text = f"{value:.{digits}g}"
    return text if kind(text) == kind(value) else f"{value:.{more}g}"


def _summarize_shape(shape):
    if shape.unknown_rank:
        return "<unknown>"
    return "[" + ",".join("?" if d.size < 0 else str(d.size) for d in shape.dim) + "]"


def _summarize_element(value, dtype):
    if dtype == dtypes.string:
        return _c_escape(value if isinstance(value, bytes) else str(value).encode())
    if dtype.is_floating:
        return _float_str(float(value), double=dtype == dtypes.float64)
    return str(int(value))


def _summarize_tensor(proto):
    try:
        dtype = dtypes.as_dtype(proto.dtype)
        array = array_from_proto(proto)
    except (TypeError, ValueError, KeyError):
        return f"<Invalid TensorProto: {proto}>"
    name = _CPP_DTYPE_NAMES.get(dtype.base_dtype, dtype.base_dtype.name)
    shape = _summarize_shape(proto.tensor_shape)
    return f"Tensor<type: {name} shape: {shape} values: {_tensor_values(array, dtype)}>"


def _tensor_values(array, dtype):
    """Tensor::SummarizeValue(3): the first three values, nested in brackets by dimension."""
    limit = min(_TENSOR_SUMMARY_VALUES, array.size)
    if dtype not in _SUMMARIZED_DTYPES:
        return " ".join("?" * limit) + ("..." if limit < array.size else "")
    flat = [_summarize_element(v, dtype) for v in array.ravel()[:limit]]
    if array.ndim == 0:
        text = " ".join(flat)
    else:
        out, cursor = [], [0]
        _print_dim(0, array.shape, limit, flat, cursor, out)
        text = "".join(out)
    return text + ("..." if array.size > limit else "")


def _print_dim(dim, shape, limit, flat, cursor, out):
    if cursor[0] >= limit:
        return
    if dim == len(shape) - 1:
        for i in range(shape[dim]):
            if cursor[0] >= limit:
                if dim != 0:
                    out.append("...")
                return
            out.append((" " if i else "") + flat[cursor[0]])
            cursor[0] += 1
        return
    for _ in range(shape[dim]):
        opened = cursor[0] < limit
        if opened:
            out.append("[")
        _print_dim(dim + 1, shape, limit, flat, cursor, out)
        if opened or cursor[0] < limit:
            out.append("]")


def _summarize_func(func):
    attrs = sorted(f"{k}={summarize_attr_value(v)}" for k, v in func.attr.items())
    return f"{func.name}[{', '.join(attrs)}]"


_SUMMARIZE = {
    "s": _summarize_string,
    "i": str,
    "f": _float_str,
    "b": lambda b: "true" if b else "false",
    "type": lambda t: proto_module("types_pb2").DataType.Name(t),
    "shape": _summarize_shape,
    "tensor": _summarize_tensor,
    "func": _summarize_func,
}

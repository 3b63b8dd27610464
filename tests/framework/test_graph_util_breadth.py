"""tf.graph_util's must_run_on_cpu, tensor_shape_from_node_def_name and import_graph_def against
real TF 1.15 (tools/make_saved_model_summary_fixtures.py recorded them in
tests/saved_model/golden/graph_util_resource_loader.json; the recipes below mirror its)."""

import json
import pathlib

import pytest

import tinytf as tf

pytest.importorskip("tensorboard.compat.proto.node_def_pb2")

GOLDEN = json.loads(
    (
        pathlib.Path(__file__).parent.parent / "saved_model/golden/graph_util_resource_loader.json"
    ).read_text()
)["graph_util"]

# (op type, {attr: DataType enum}, pin_variables_on_cpu), as the fixture script's CPU_CASES
CPU_CASES = [
    ("Const", {"dtype": 7}, False),
    ("Const", {"dtype": 3}, False),
    ("Const", {"dtype": 1}, False),
    ("DynamicStitch", {"T": 3}, False),
    ("ParallelDynamicStitch", {"T": 1}, False),
    ("Cast", {"SrcT": 3}, False),
    ("Cast", {"SrcT": 1}, False),
    ("VariableV2", {"dtype": 1}, False),
    ("VariableV2", {"dtype": 1}, True),
    ("Assign", {"T": 1}, True),
    ("MatMul", {"T": 1}, True),
]


def test_must_run_on_cpu_of_node_defs_as_tf():
    found = []
    for op, attrs, pin in CPU_CASES:
        node = tf.NodeDef(name="n", op=op)
        for key, enum in attrs.items():
            node.attr[key].type = enum
        found.append(tf.graph_util.must_run_on_cpu(node, pin))
    assert found == GOLDEN["node_defs"]


def _operations():
    return [
        tf.constant("s", name="s").op,
        tf.constant(1, name="i").op,
        tf.cast(tf.constant(1, name="j"), tf.float32, name="cast").op,
        tf.Variable(1.0, name="v").op,
    ]


def test_must_run_on_cpu_of_operations_as_tf():
    with tf.Graph().as_default():
        ops = _operations()
        assert [tf.graph_util.must_run_on_cpu(o) for o in ops] == GOLDEN["operations"]
        pinned = [tf.graph_util.must_run_on_cpu(o, pin_variables_on_cpu=True) for o in ops]
        assert pinned == GOLDEN["pinned"]


def test_must_run_on_cpu_of_a_string_raises_as_tf():
    with pytest.raises(AssertionError):
        tf.graph_util.must_run_on_cpu("s")
    assert GOLDEN["not_a_node"] == "AssertionError"


def test_tensor_shape_from_node_def_name_as_tf():
    with tf.Graph().as_default() as graph:
        tf.split(tf.placeholder(tf.float32, [4, None], name="x"), 2, name="halves")
        shape = tf.graph_util.tensor_shape_from_node_def_name
        assert [shape(graph, n).as_list() for n in ("x", "x:0", "halves:1")] == GOLDEN["shapes"]
        with pytest.raises(KeyError) as e:
            shape(graph, "nope")
    assert GOLDEN["shape_missing"] == ["error", "KeyError", e.value.args[0]]


def test_import_graph_def_is_tf_import_graph_def():
    assert (tf.graph_util.import_graph_def is tf.import_graph_def) is GOLDEN[
        "import_graph_def_alias"
    ]

"""GraphDef export and import, and interop with real TF through committed .pb files
(tools/make_graphdef_fixtures.py made them with real TF and checked tinytf's exports there)."""

from pathlib import Path

import numpy as np
import pytest

import tinytf as tf
from tests.framework.graphdef_cases import CASES

graph_pb2 = pytest.importorskip("tensorboard.compat.proto.graph_pb2")
HERE = Path(__file__).parent / "graphdefs"
EXPECTED = np.load(HERE / "expected.npz", allow_pickle=False)


def _run_imported(graph_def, outputs, feeds):
    with tf.Graph().as_default() as g, tf.Session(graph=g) as sess:
        tf.import_graph_def(graph_def, name="")
        return sess.run(outputs, {f"{k}:0": v for k, v in feeds.items()})


@pytest.mark.parametrize("name", sorted(CASES))
def test_graph_made_by_real_tf_imports_and_runs(name):
    graph_def = graph_pb2.GraphDef.FromString((HERE / f"tf_{name}.pb").read_bytes())
    outputs, feeds = CASES[name](_Recorder())
    got = _run_imported(graph_def, outputs, feeds)
    for i, value in enumerate(got):
        np.testing.assert_allclose(value, EXPECTED[f"tf_{name}_{i}"], rtol=1e-5, atol=1e-6)


def test_frozen_softmax_trained_by_real_tf_gives_its_outputs():
    graph_def = graph_pb2.GraphDef.FromString((HERE / "tf_softmax_frozen.pb").read_bytes())
    (probs,) = _run_imported(graph_def, ["probs:0"], {"x": EXPECTED["softmax_x"]})
    np.testing.assert_allclose(probs, EXPECTED["tf_softmax_frozen_0"], rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", sorted(CASES))
def test_graph_exported_by_tinytf_ran_in_real_tf_with_the_same_results(name):
    """Real TF ran tinytf's export (its results are in expected.npz); tinytf's own run of the
    same graph, re-exported now, must agree with them."""
    with tf.Graph().as_default() as g, tf.Session(graph=g) as sess:
        outputs, feeds = CASES[name](tf)
        sess.run(tf.global_variables_initializer())
        frozen = tf.graph_util.convert_variables_to_constants(
            sess, g.as_graph_def(), [o.split(":")[0] for o in outputs]
        )
    committed = graph_pb2.GraphDef.FromString((HERE / f"tinytf_{name}.pb").read_bytes())
    assert [n.op for n in frozen.node] == [n.op for n in committed.node]
    for graph_def in (frozen, committed):
        got = _run_imported(graph_def, outputs, feeds)
        for i, value in enumerate(got):
            np.testing.assert_allclose(value, EXPECTED[f"tinytf_{name}_{i}"], rtol=1e-5, atol=1e-6)


def test_node_defs_as_tf_1x_writes_them():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable(tf.zeros([3, 2]), name="w")
    with tf.control_dependencies([w.initializer]):
        tf.matmul(x, w, transpose_b=False, name="y")
    nodes = {n.name: n for n in tf.get_default_graph().as_graph_def().node}
    assert nodes["x"].op == "Placeholder" and nodes["x"].attr["dtype"].type == 1
    assert [d.size for d in nodes["x"].attr["shape"].shape.dim] == [-1, 3]
    assert nodes["y"].op == "MatMul" and list(nodes["y"].input) == ["x", "w/read", "^w/Assign"]
    assert nodes["y"].attr["T"].type == 1 and nodes["y"].attr["transpose_a"].b is False
    assert nodes["w"].op == "VariableV2" and nodes["w/read"].op == "Identity"
    assert nodes["zeros"].op in ("Const", "Fill")


def test_roundtrip_keeps_names_scopes_and_values():
    with tf.name_scope("layer"):
        a = tf.constant([[1.0, 2.0]], name="a")
        b = tf.nn.relu(tf.matmul(a, [[1.0], [-3.0]]))
        parts = tf.split(tf.concat([a, a], 1), 2, axis=1)
    graph_def = tf.get_default_graph().as_graph_def()
    with tf.Graph().as_default() as g:
        b2, p1 = tf.import_graph_def(graph_def, return_elements=[b.name, parts[1].name])
        assert b2.name == "import/" + b.name and b2.op.type == "Relu"
        with tf.Session(graph=g) as sess:
            assert sess.run(b2).tolist() == [[0.0]]
            assert sess.run(p1).tolist() == [[1.0, 2.0]]


def test_input_map_replaces_tensors():
    x = tf.placeholder(tf.float32, name="x")
    tf.multiply(x, 2.0, name="double")
    graph_def = tf.get_default_graph().as_graph_def()
    with tf.Graph().as_default() as g:
        (out,) = tf.import_graph_def(
            graph_def, input_map={"x:0": tf.constant(21.0)}, return_elements=["double:0"], name="m"
        )
        with tf.Session(graph=g) as sess:
            assert sess.run(out) == 42.0


def test_unknown_ops_are_listed():
    graph_def = graph_pb2.GraphDef()
    graph_def.node.add(name="q", op="QuantizedReluX")
    graph_def.node.add(name="w", op="LMDBReader")
    with pytest.raises(ValueError, match="LMDBReader, QuantizedReluX"):
        tf.import_graph_def(graph_def)


def test_write_graph_text_and_binary(tmp_path):
    tf.constant(1.0, name="c")
    text = tf.train.write_graph(tf.get_default_graph(), str(tmp_path), "g.pbtxt")
    binary = tf.train.write_graph(tf.get_default_graph(), str(tmp_path), "g.pb", as_text=False)
    assert 'name: "c"' in Path(text).read_text()
    assert graph_pb2.GraphDef.FromString(Path(binary).read_bytes()).node[0].name == "c"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.pb", "g.pbtxt"]


class _Recorder:
    """Builds nothing: CASES are called only for their output names and feeds."""

    def __getattr__(self, name):
        return _Recorder()

    def __call__(self, *args, **kwargs):
        return _Recorder()

    def __truediv__(self, other):
        return self

    __add__ = __sub__ = __mul__ = __rmul__ = __radd__ = __gt__ = __truediv__


def test_every_registered_op_has_tfs_recorded_op_def():
    """GraphDef export takes attrs from TF's OpDefs: rerun tools/record_op_defs.py after adding
    an op."""
    import tinytf  # noqa: F401 (registers every op)
    from tinytf.framework.graph_io import tf_op_defs
    from tinytf.framework.op_def import REGISTRY

    assert sorted(set(REGISTRY) - set(tf_op_defs())) == []

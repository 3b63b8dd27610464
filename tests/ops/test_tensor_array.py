"""tf.TensorArray and the TensorArray ops against real TF 1.15: the cases of
tests/ops/tensor_array_cases.py, compared with golden/tensor_array.json (written by
tools/make_tensor_array_fixtures.py), plus numeric gradient checks and run-state checks."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import tinytf as tf
from tests.ops import tensor_array_cases as cases
from tests.ops.packed_values import assert_equal, unpack
from tests.optest import check_gradients
from tinytf.ops import tensor_array
from tinytf.ops.tensor_array_ops import _Array

GOLDEN_DIR = Path(__file__).parent / "golden"
GOLDEN = json.loads((GOLDEN_DIR / "tensor_array.json").read_text())


def _assert_equal(got, want):
    assert_equal(got, want, exact_dtype=False)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_matches_tf(name):
    want = GOLDEN["cases"][name]
    with tf.Graph().as_default(), tf.Session() as sess:
        outs = cases.CASES[name](tf)
        values = sess.run(outs)
    assert [t.dtype.name for t in outs] == want["dtypes"]
    assert [str(t.shape) for t in outs] == want["static"]
    for got, packed in zip(values, want["values"], strict=True):
        _assert_equal(got, unpack(packed))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(cases.GRADS))
def test_gradient_matches_tf(name, dtype):
    want = GOLDEN["grads"][name][dtype]
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.constant(cases.X.astype(dtype))
        y = cases.GRADS[name](tf, x)
        w = tf.constant(cases.weights(sess.run(y).shape).astype(dtype))
        (g,) = tf.gradients(tf.reduce_sum(w * y), x)
        y_value, g_value = sess.run([y, g])
    _assert_equal(y_value, unpack(want["y"]))
    _assert_equal(g_value, unpack(want["grad"]))
    assert str(g.shape) == want["grad_static"]


@pytest.mark.parametrize("name", sorted(cases.GRADS))
def test_gradient_numerically(name):
    check_gradients(lambda x: cases.GRADS[name](tf, x), [cases.X])


def test_two_gradient_calls_use_separate_gradient_arrays():
    with tf.Graph().as_default(), tf.Session() as sess:
        values = sess.run(cases.two_gradient_calls(tf))
    for got, packed in zip(values, GOLDEN["two_gradient_calls"], strict=True):
        _assert_equal(got, unpack(packed))


@pytest.mark.parametrize("name", sorted(cases.BAD))
def test_bad_input_raises_as_tf(name):
    want = GOLDEN["bad"][name]
    exc = (
        getattr(tf.errors, want["error"], None)
        or {
            "ValueError": ValueError,
            "TypeError": TypeError,
        }[want["error"]]
    )
    with tf.Graph().as_default():
        if want["stage"] == "build":
            with pytest.raises(exc) as info:
                cases.BAD[name](tf)
            assert str(info.value) == want["message"]
            return
        out = cases.BAD[name](tf)
        with tf.Session() as sess, pytest.raises(exc) as info:
            sess.run(out)
    assert type(info.value) is exc
    assert cases.normalize(info.value.message.split("\n")[0]) == want["message"]


@pytest.mark.parametrize("name", sorted(cases.GRAPHS))
def test_op_names_and_types_match_tf(name):
    with tf.Graph().as_default() as g:
        cases.GRAPHS[name](tf)
        got = [[op.name, op.type] for op in g.get_operations() if "TensorArray" in op.type]
    # as a set: tinytf's tf.gradients visits ready ops in another order than TF's queue
    assert sorted(got) == sorted(GOLDEN["graphs"][name])


def test_each_run_gets_fresh_arrays():
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.placeholder(tf.float32, [None])
        y = tf.TensorArray(tf.float32, 2).write(0, x).write(1, x * 2).stack()
        np.testing.assert_allclose(sess.run(y, {x: [1.0]}), [[1.0], [2.0]])
        np.testing.assert_allclose(sess.run(y, {x: [3.0, 4.0]}), [[3, 4], [6, 8]])


def test_handle_value_is_one_storage_object_per_run():
    with tf.Graph().as_default(), tf.Session() as sess:
        ta = tf.TensorArray(tf.float32, 3, tensor_array_name="named")
        first, second = sess.run(ta.handle), sess.run(ta.handle)
    assert isinstance(first, _Array) and isinstance(second, _Array)
    assert first is not second
    assert re.fullmatch(r"named_\d+", first.name)


def test_gradient_array_aggregates_writes():
    with tf.Graph().as_default(), tf.Session() as sess:
        ta = tf.TensorArray(tf.float32, 2).write(0, [1.0, 2.0]).write(1, [0.0, 0.0])
        g = ta.grad("gradients_test")
        g = g.write(0, [1.0, 1.0]).write(0, [2.0, 3.0])
        value, unwritten = sess.run([g.read(0), g.read(1)])
    np.testing.assert_allclose(value, [3.0, 4.0])
    np.testing.assert_allclose(unwritten, [0.0, 0.0])  # the forward element's shape


def test_grad_source_needs_a_gradients_scope():
    with tf.Graph().as_default():
        x = tf.constant(cases.X)
        y = tf.reduce_sum(tf.TensorArray(tf.float32, 3).unstack(x).stack())
        with pytest.raises(ValueError, match="Expected op/tensor name to start with gradients"):
            tf.gradients(y, x, name="grads")


def test_build_ta_with_new_flow_shares_handle_and_element_shape():
    with tf.Graph().as_default():
        ta = tf.TensorArray(tf.float32, 2, dynamic_size=True)
        flow = tf.identity(ta.flow)
        new = tensor_array.build_ta_with_new_flow(ta, flow)
        assert new.handle is ta.handle and new.flow is flow and new.dynamic_size
        new.write(0, [1.0, 2.0])
        assert ta.element_shape.as_list() == [2]


def test_properties():
    with tf.Graph().as_default():
        ta = tf.TensorArray(tf.int32, 2, element_shape=[None, 3])
        assert ta.dtype == tf.int32 and not ta.dynamic_size
        assert ta.element_shape.as_list() == [None, 3]
        assert ta.handle.dtype == tf.resource and ta.handle.shape.as_list() == [2]
        assert ta.flow.dtype == tf.float32 and ta.flow.shape.as_list() == []
        assert ta.handle.op.get_attr("identical_element_shapes") is True
        assert isinstance(ta.close(), tf.Operation)


def test_inside_tf_cond_branch():
    with tf.Graph().as_default(), tf.Session() as sess:
        p = tf.placeholder(tf.bool, [])
        ta = tf.TensorArray(tf.float32, 2).unstack(cases.X[:2])
        y = tf.cond(p, lambda: ta.read(0), lambda: ta.read(1) * 10.0)
        np.testing.assert_allclose(sess.run(y, {p: True}), cases.X[0])
        np.testing.assert_allclose(sess.run(y, {p: False}), cases.X[1] * 10)


class _LoopTF:
    """tinytf with the lead's while_loop as tf.while_loop (not yet a top-level name)."""

    def __init__(self, while_loop):
        self.while_loop = while_loop

    def __getattr__(self, name):
        return getattr(tf, name)


@pytest.mark.parametrize("name", sorted(cases.LOOPS))
def test_inside_while_loop_matches_tf(name):
    while_loop = pytest.importorskip("tinytf.ops.while_loop").while_loop
    want = GOLDEN["loops"][name]
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.constant(cases.X)
        outs = cases.LOOPS[name](_LoopTF(while_loop), x)
        floats = [y for y in outs if y.dtype.is_floating]
        (g,) = tf.gradients([tf.reduce_sum(y) for y in floats], x)
        values = sess.run(outs + [g])
    for got, packed in zip(values[:-1], want["values"], strict=True):
        _assert_equal(got, unpack(packed))
    _assert_equal(values[-1], unpack(want["grad"]))
    # compatible, not equal: x[i] with a loop index has an unknown static shape in tinytf
    for t, static in zip(outs, want["static"], strict=True):
        dims = (
            None
            if static == "<unknown>"
            else [
                None if d.strip() == "?" else int(d)
                for d in static.strip("()").split(",")
                if d.strip()
            ]
        )
        assert t.shape.is_compatible_with(tf.TensorShape(dims))


@pytest.mark.parametrize("name", sorted(cases.GRAPHDEFS))
def test_tf_graphdef_imports_and_runs(name):
    if name == "loop":
        pytest.importorskip("tinytf.ops.while_loop")
    fetches = cases.GRAPHDEFS[name][1]
    graph_def = tf.GraphDef()
    graph_def.ParseFromString((GOLDEN_DIR / f"tensor_array_{name}.pb").read_bytes())
    with tf.Graph().as_default() as g, tf.Session(graph=g) as sess:
        tf.import_graph_def(graph_def, name="")
        values = sess.run(fetches)
    for got, packed in zip(values, GOLDEN["graphdefs"][name], strict=True):
        _assert_equal(got, unpack(packed))


def test_exported_graphdef_has_tf_attrs():
    with tf.Graph().as_default() as g:
        ta = tf.TensorArray(tf.float32, 3, element_shape=[2], tensor_array_name="t")
        ta.unstack(cases.X).stack()
        nodes = {n.op: n for n in g.as_graph_def().node}
    attrs = nodes["TensorArrayV3"].attr
    assert attrs["tensor_array_name"].s == b"t"
    assert attrs["identical_element_shapes"].b and not attrs["dynamic_size"].b
    assert [d.size for d in attrs["element_shape"].shape.dim] == [2]
    assert nodes["TensorArrayScatterV3"].attr["T"].type == tf.float32.as_datatype_enum
    assert [d.size for d in nodes["TensorArrayGatherV3"].attr["element_shape"].shape.dim] == [2]

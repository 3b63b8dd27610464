"""tf.map_fn, tf.scan, tf.foldl, tf.foldr and tf.hessians against real TF 1.15: the cases of
tests/ops/functional_cases.py, compared with golden/functional.json (written by
tools/make_functional_fixtures.py), plus numeric gradient checks."""

import json
from pathlib import Path

import numpy as np
import pytest

import tinytf as tf
from tests.ops import functional_cases as cases
from tests.ops.packed_values import assert_equal, unpack
from tests.optest import check_gradients
from tinytf.ops import functional_ops

graph_pb2 = pytest.importorskip("tensorboard.compat.proto.graph_pb2")
GOLDEN = json.loads((Path(__file__).parent / "golden" / "functional.json").read_text())


def _exception_class(name):
    return (
        getattr(tf.errors, name, None)
        or {
            "ValueError": ValueError,
            "TypeError": TypeError,
            "IndexError": IndexError,
        }[name]
    )


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_matches_tf(name):
    want = GOLDEN["cases"][name]
    with tf.Graph().as_default(), tf.Session() as sess:
        outs = cases.CASES[name](tf)
        values = sess.run(outs)
    assert [t.dtype.name for t in outs] == want["dtypes"]
    assert [str(t.shape) for t in outs] == want["static"]
    for got, packed in zip(values, want["values"], strict=True):
        assert_equal(got, unpack(packed))


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
    assert_equal(y_value, unpack(want["y"]), rtol=1e-5)
    assert_equal(g_value, unpack(want["grad"]), rtol=1e-5)
    assert str(g.shape) == want["grad_static"]


@pytest.mark.parametrize("name", sorted(cases.GRADS))
def test_gradient_numerically(name):
    check_gradients(lambda x: cases.GRADS[name](tf, x), [cases.X])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(cases.HESSIANS))
def test_hessians_match_tf(name, dtype):
    want = GOLDEN["hessians"][name][dtype]
    with tf.Graph().as_default(), tf.Session() as sess:
        hs = cases.HESSIANS[name](tf, tf.constant(cases.X.astype(dtype)))
        values = sess.run(hs)
    assert [str(h.shape) for h in hs] == want["static"]
    for got, packed in zip(values, want["values"], strict=True):
        assert_equal(got, unpack(packed), rtol=1e-5)


def test_hessian_is_the_jacobian_of_the_gradient_numerically():
    def loss(x):
        return tf.reduce_sum(tf.sin(tf.matmul(tf.transpose(x), x)))

    x64 = cases.X.astype(np.float64)
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.placeholder(tf.float64, x64.shape)
        (h,) = functional_ops.hessians(loss(x), x)
        (g,) = tf.gradients(loss(x), x)
        hessian = sess.run(h, {x: x64}).reshape(x64.size, x64.size)
        eps, columns = 1e-6, []
        for k in range(x64.size):
            step = np.zeros(x64.size)
            step[k] = eps
            plus = sess.run(g, {x: x64 + step.reshape(x64.shape)})
            minus = sess.run(g, {x: x64 - step.reshape(x64.shape)})
            columns.append(((plus - minus) / (2 * eps)).ravel())
    np.testing.assert_allclose(hessian, np.stack(columns, axis=1), rtol=1e-5, atol=1e-7)


def _first_line(message):
    # TF's shape functions add "and with computed input tensors: ..." to the message
    return message.split("\n")[0].split(" and with computed input tensors:")[0].rstrip(".")


@pytest.mark.parametrize("name", sorted(cases.BAD))
def test_bad_input_raises_as_tf(name):
    want = GOLDEN["bad"][name]
    with tf.Graph().as_default(), pytest.raises(_exception_class(want["class"])) as info:
        cases.BAD[name](tf)
    assert type(info.value).__name__ == want["class"]
    assert _first_line(str(info.value)) == _first_line(want["message"])


# TF 1.15 finds a loop variable whose dtype changes when the session runs the graph; tinytf's
# while_loop already refuses it, with TF's class and message, when the loop is built
CHECKED_AT_BUILD = {"foldl_dtype_change", "scan_dtype_change"}


@pytest.mark.parametrize("name", sorted(cases.BAD_RUN))
def test_bad_run_raises_as_tf(name):
    want = GOLDEN["bad_run"][name]
    with tf.Graph().as_default(), tf.Session() as sess:
        with pytest.raises(_exception_class(want["class"])) as info:
            outs = cases.BAD_RUN[name](tf)
            assert name not in CHECKED_AT_BUILD
            sess.run(outs)
    assert type(info.value).__name__ == want["class"]
    assert info.value.message.split("\n")[0] == want["message"]


def _compared(name, graph):
    """The ops compared: tinytf's `+` makes TF 1.x's Add where TF 1.15 writes AddV2 (the same
    op); for hessians, only the loop and arrays it builds (the gradient ops are tf.gradients')."""
    if name == "hessians":
        graph = [
            [n, kind]
            for n, kind in graph
            if n.startswith(("while/", "TensorArray")) and not n.startswith("while/gradients/")
        ]
    return sorted([n, "Add" if kind == "AddV2" else kind] for n, kind in graph)


@pytest.mark.parametrize("name", [n for n in sorted(cases.GRAPHS)])
def test_op_names_and_types_match_tf(name):
    with tf.Graph().as_default() as g:
        cases.GRAPHS[name](tf)
        got = [[op.name, op.type] for op in g.get_operations()]
    # as a set: the order in which while_loop makes its frame ops is while_loop's own
    assert _compared(name, got) == _compared(name, GOLDEN["graphs"][name])


def test_second_order_gradient_through_map_fn():
    # TF 1.15 refuses it (TypeError); tinytf may support it, and then it must be right
    x64 = cases.X.astype(np.float64)
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.constant(x64)
        (g,) = tf.gradients(tf.reduce_sum(tf.map_fn(lambda r: r * r * r, x)), x)
        try:
            (gg,) = tf.gradients(tf.reduce_sum(g), x)
        except TypeError as e:
            assert str(e) == GOLDEN["second_order"]["message"]
            return
        np.testing.assert_allclose(sess.run(gg), 6 * x64)


def test_unknown_length_is_fed_at_run_time():
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.placeholder(tf.float32, [None, 2])
        y = tf.map_fn(lambda r: r * 2.0, x)
        s = tf.scan(lambda a, r: a + r, x)
        assert str(y.shape) == "(?, 2)" and str(s.shape) == "(?, 2)"
        for n in (1, 4):
            value = np.arange(2 * n, dtype=np.float32).reshape(n, 2)
            got_y, got_s = sess.run([y, s], {x: value})
            np.testing.assert_allclose(got_y, value * 2)
            np.testing.assert_allclose(got_s, np.cumsum(value, axis=0))


def test_back_prop_false_stops_the_gradient():
    with tf.Graph().as_default():
        x = tf.constant(cases.X)
        y = tf.map_fn(lambda r: r * r, x, back_prop=False)
        assert tf.gradients(tf.reduce_sum(y), x) == [None]


def test_map_fn_builds_a_while_loop_over_tensor_arrays():
    with tf.Graph().as_default() as g:
        tf.map_fn(lambda r: r + 1.0, tf.constant(cases.X), parallel_iterations=4, name="m")
        enters = [op for op in g.get_operations() if op.type == "Enter"]
    assert enters and all(op.get_attr("parallel_iterations") == 4 for op in enters)
    assert {op.get_attr("frame_name") for op in enters} == {"m/while/while_context"}


def test_public_names_are_the_functional_ops():
    assert tf.map_fn is functional_ops.map_fn and tf.compat.v1.scan is functional_ops.scan
    assert (tf.foldl, tf.foldr) == (functional_ops.foldl, functional_ops.foldr)


def test_gradient_reaches_a_variable_read_in_fn():
    v0 = np.array([2.0, -1.0], np.float32)
    with tf.Graph().as_default(), tf.Session() as sess:
        v = tf.Variable(v0)
        y = tf.scan(lambda a, r: a + r * v * v, tf.constant(cases.X))
        (g,) = tf.gradients(tf.reduce_sum(y), v)
        sess.run(tf.global_variables_initializer())
        got = sess.run(g)
    # y[k] = sum_{i <= k} X[i] * v^2 (y[0] = X[0], untouched by v)
    rows = np.array([2, 1], np.float32)[:, None] * cases.X[1:]
    np.testing.assert_allclose(got, rows.sum(0) * 2 * v0, rtol=1e-6)


def _graph_def(tf_module, name):
    with tf_module.Graph().as_default() as g:
        for k, t in enumerate(cases.ROUND_TRIP[name](tf_module)):
            tf_module.identity(t, name=f"out{k}")
        return g.as_graph_def()


def _run_graph_def(graph_def, n_outputs):
    with tf.Graph().as_default() as g, tf.Session(graph=g) as sess:
        tf.import_graph_def(graph_def, name="")
        return sess.run([f"out{k}:0" for k in range(n_outputs)])


@pytest.mark.parametrize("name", sorted(cases.ROUND_TRIP))
def test_graph_built_by_tf_imports_and_runs(name):
    want = GOLDEN["round_trip"][name]["tf_values"]
    path = Path(__file__).parent / "golden" / f"functional_{name}.pb"
    graph_def = graph_pb2.GraphDef.FromString(path.read_bytes())
    for got, packed in zip(_run_graph_def(graph_def, len(want)), want, strict=True):
        assert_equal(got, unpack(packed), rtol=1e-5)


@pytest.mark.parametrize("name", sorted(cases.ROUND_TRIP))
def test_graph_exported_by_tinytf_ran_in_tf(name):
    """Real TF ran the export tinytf made when the fixture was written (its nodes and results
    are in the golden file); today's export must be that graph, and give TF's results."""
    want = GOLDEN["round_trip"][name]
    now = _graph_def(tf, name)
    assert [[n.name, n.op, list(n.input)] for n in now.node] == want["tinytf_export_nodes"]
    for ran_in_tf, tf_own in zip(want["tinytf_export_values"], want["tf_values"], strict=True):
        assert_equal(unpack(ran_in_tf), unpack(tf_own), rtol=1e-5)
    for got, packed in zip(_run_graph_def(now, len(want["tf_values"])), want["tf_values"]):
        assert_equal(got, unpack(packed), rtol=1e-5)

"""tf.while_loop against real TF 1.15: the cases of tests/ops/while_cases.py (values and
gradients), TF-built loop graphs imported and run, tinytf's exports (which real TF ran with the
same results), TF's errors. Golden files: tools/export_while_graphs.py, then
tools/make_while_fixtures.py. Plus numeric gradients and the executor's promises."""

import json
from pathlib import Path

import numpy as np
import pytest
from tools.export_while_graphs import export

import tinytf as tf
from tests.ops import while_cases

graph_pb2 = pytest.importorskip("tensorboard.compat.proto.graph_pb2")
HERE = Path(__file__).parent / "golden"
GOLDEN = json.loads((HERE / "while.json").read_text())


def _assert_values(got, want):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        g = np.asarray(g)
        assert list(g.shape) == w["shape"]
        if w["dtype"] != "bool":
            assert g.dtype == np.dtype(w["dtype"]), (g.dtype, w["dtype"])
        np.testing.assert_allclose(g, np.asarray(w["value"]), rtol=2e-6, atol=1e-6)


def _feed(feeds):
    return {f"{k}:0": v for k, v in feeds.items()}


@pytest.mark.parametrize("name", sorted(while_cases.CASES))
def test_case_matches_tf(name):
    with tf.Graph().as_default(), tf.Session() as sess:
        outputs, feeds = while_cases.CASES[name](tf)
        sess.run(tf.global_variables_initializer())
        _assert_values(sess.run(outputs, _feed(feeds)), GOLDEN["cases"][name])


def _run_graph_def(graph_def, n_outputs, feeds):
    with tf.Graph().as_default() as g, tf.Session(graph=g) as sess:
        tf.import_graph_def(graph_def, name="")
        if any(n.name == "init" for n in graph_def.node):
            sess.run("init")
        return sess.run([f"out{k}:0" for k in range(n_outputs)], _feed(feeds))


@pytest.mark.parametrize("name", sorted(while_cases.CASES))
def test_loop_graph_built_by_tf_imports_and_runs(name):
    graph_def = graph_pb2.GraphDef.FromString((HERE / "while" / f"tf_{name}.pb").read_bytes())
    with tf.Graph().as_default():
        _, feeds = while_cases.CASES[name](tf)
    want = GOLDEN["cases"][name]
    _assert_values(_run_graph_def(graph_def, len(want), feeds), want)


@pytest.mark.parametrize("name", sorted(while_cases.CASES))
def test_loop_graph_exported_by_tinytf_ran_in_tf(name):
    """Real TF ran the committed export (results in the golden file); today's export must be
    the same graph, and tinytf must run it with TF's results too."""
    committed = (HERE / "while" / f"tinytf_{name}.pb").read_bytes()
    committed = graph_pb2.GraphDef.FromString(committed)
    now = export(name)
    assert [(n.name, n.op, list(n.input)) for n in now.node] == [
        (n.name, n.op, list(n.input)) for n in committed.node
    ]
    want = GOLDEN["exported"][name]
    assert want == GOLDEN["cases"][name]  # TF ran tinytf's graph with TF's own results
    with tf.Graph().as_default():
        _, feeds = while_cases.CASES[name](tf)
    _assert_values(_run_graph_def(now, len(want), feeds), want)


@pytest.mark.parametrize("name", sorted(while_cases.ERRORS))
def test_error_matches_tf(name):
    exc_name, message = GOLDEN["errors"][name]
    with tf.Graph().as_default(), tf.Session() as sess:
        with pytest.raises(Exception) as info:
            sess.run(while_cases.ERRORS[name](tf))
    assert type(info.value).__name__ == exc_name
    assert str(info.value).split("\n")[0] == message


def test_loop_graph_matches_tf_node_for_node():
    """The frame ops with their attrs, as TF 1.15 names and wires them (counter case)."""
    graph_def = graph_pb2.GraphDef.FromString((HERE / "while" / "tf_counter.pb").read_bytes())
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [], name="x")
        c = tf.constant(3.0, name="c")
        tf.while_loop(lambda i, a: i < 5, lambda i, a: (i + 1, a * c + x), [tf.constant(0), x])
        mine = {n.name: n for n in g.as_graph_def().node}
    loop = [n for n in graph_def.node if n.name.startswith("while/")]
    assert loop and all(n.name in mine for n in loop)
    for n in loop:
        m = mine[n.name]
        assert (m.op, list(m.input)) == (n.op if n.op != "AddV2" else "Add", list(n.input))
        for key in ("frame_name", "is_constant", "parallel_iterations"):
            assert m.attr[key] == n.attr[key]


def _numeric_grad(f, x, eps=1e-6):
    out = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += eps
        down[i] -= eps
        out[i] = (f(up) - f(down)) / (2 * eps)
    return out


def test_gradients_through_loops_match_central_differences():
    w0 = np.random.default_rng(2).standard_normal((3, 3)) * 0.5
    v0 = np.random.default_rng(3).standard_normal((3, 1))
    with tf.Graph().as_default(), tf.Session() as sess:
        w = tf.placeholder(tf.float64, [3, 3])
        v = tf.placeholder(tf.float64, [3, 1])
        n = tf.placeholder(tf.int32, [])

        def outer(k, v):  # a nested loop, a cond and a loop-invariant weight
            _, v = tf.while_loop(lambda j, u: j < 2, lambda j, u: (j + 1, tf.tanh(w @ u)), [0, v])
            return k + 1, tf.cond(k > 0, lambda: v * v, lambda: v + 1.0)

        _, out = tf.while_loop(lambda k, v: k < n, outer, [0, v])
        loss = tf.reduce_sum(out * np.arange(1.0, 4.0).reshape(3, 1))
        gw, gv = tf.gradients(loss, [w, v])

        def f_w(a):
            return sess.run(loss, {w: a, v: v0, n: 3})

        def f_v(a):
            return sess.run(loss, {w: w0, v: a, n: 3})

        got_w, got_v = sess.run([gw, gv], {w: w0, v: v0, n: 3})
        np.testing.assert_allclose(got_w, _numeric_grad(f_w, w0), rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(got_v, _numeric_grad(f_v, v0), rtol=1e-6, atol=1e-8)


def test_plan_is_compiled_once_whatever_the_iteration_count():
    with tf.Graph().as_default(), tf.Session() as sess:
        n = tf.placeholder(tf.int32, [])
        r = tf.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, a + 2.0), [0, 0.0])
        got = [sess.run(r, {n: k})[1] for k in (0, 1, 7, 1000)]
        assert got == [0.0, 2.0, 14.0, 2000.0]
        assert len(sess._plans) == 1


def test_gradient_memory_grows_with_iterations_one_value_per_iteration():
    """The backward loop pops one value per forward iteration from each stack."""
    with tf.Graph().as_default(), tf.Session() as sess:
        n = tf.placeholder(tf.int32, [])
        x = tf.placeholder(tf.float32, [4])
        _, y = tf.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, tf.sin(a)), [0, x])
        (g,) = tf.gradients(tf.reduce_sum(y), x)
        pushes = [op for op in tf.get_default_graph().get_operations() if op.type == "StackPushV2"]
        assert len(pushes) == 1  # sin's gradient keeps its input, nothing else is kept
        value = np.float32([0.1, 0.5, 1.0, 2.0])
        want = value.copy().astype(np.float64)
        d = np.ones(4)
        for _ in range(50):
            d *= np.cos(want)
            want = np.sin(want)
        np.testing.assert_allclose(sess.run(g, {n: 50, x: value}), d, rtol=1e-5)


def test_second_order_gradients_through_loops_as_in_tf():
    """TF 1.15: None where the first gradient depends on x only through its stacks, and a
    TypeError where the backward loop uses x itself."""
    x = tf.constant(2.0)
    y = tf.while_loop(lambda v: v < 10.0, lambda v: v * v, [x])
    (g,) = tf.gradients(y, x)
    assert tf.gradients(g, x) == [None]
    x2 = tf.placeholder(tf.float32, [])
    _, y2 = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * x2), [0, x2])
    (g2,) = tf.gradients(y2, x2)
    with pytest.raises(TypeError, match="^Second-order gradient for while loops not supported.$"):
        tf.gradients(g2, x2)


def test_frozen_dynamic_rnn_made_by_tf_runs_with_tfs_values():
    """A dynamic_rnn (LSTM + GRU, sequence lengths, unknown batch and time) and its gradients,
    frozen by TF 1.15's convert_variables_to_constants."""
    frozen = (HERE / "while" / "tf_dynamic_rnn_frozen.pb").read_bytes()
    graph_def = graph_pb2.GraphDef.FromString(frozen)
    assert not any(n.op == "VariableV2" for n in graph_def.node)
    with tf.Graph().as_default():
        _, feeds = while_cases.CASES["dynamic_rnn_lstm"](tf)
    want = GOLDEN["cases"]["dynamic_rnn_lstm"]
    _assert_values(_run_graph_def(graph_def, len(want), feeds), want)


def test_gradient_accumulators_start_from_zero_every_run():
    """The backward loop adds captured values' gradients in place, into zeros made anew each
    run: a captured constant's gradient is the same in every run."""
    with tf.Graph().as_default(), tf.Session() as sess:
        w = tf.constant([[0.5, -1.0], [2.0, 0.25]])
        n = tf.placeholder(tf.int32, [])
        _, v = tf.while_loop(lambda k, v: k < n, lambda k, v: (k + 1, tf.matmul(w, v)),
                             [0, tf.ones([2, 1])])  # fmt: skip
        (gw,) = tf.gradients(tf.reduce_sum(v), w)
        first, second = sess.run(gw, {n: 3}), sess.run(gw, {n: 3})
        np.testing.assert_array_equal(first, second)
        wv = np.array([[0.5, -1.0], [2.0, 0.25]])
        want = sum(
            np.linalg.matrix_power(wv.T, 2 - t)
            @ np.ones((2, 1))
            @ (np.linalg.matrix_power(wv, t) @ np.ones((2, 1))).T
            for t in range(3)
        )
        np.testing.assert_allclose(first, want, rtol=1e-6)


def test_a_gradient_loops_pops_are_not_treated_as_maybe_dead_without_a_cond():
    """Only a tf.cond's untaken branch makes dead values for a loop's pushes; without one, the
    backward loop's ops run unwrapped (runtime/plan.py's _maybe_dead)."""
    from tinytf.runtime import plan

    with tf.Graph().as_default() as g:
        x = tf.Variable(2.0)
        y = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * x), [0, tf.constant(1.0)])
        grad = tf.gradients(y[1], x)[0]
        structure = ("Switch", "Merge", "Enter", "Exit", "NextIteration", "LoopCond")
        body = [op for op in g.get_operations() if op.type not in structure]  # as frames see it
        assert any(op.type == "StackPopV2" for op in body)
        assert not plan._maybe_dead(body, set())
        with tf.Session() as sess:
            sess.run(x.initializer)
            assert sess.run(grad) == 12.0  # d(x^3)/dx at 2
        tf.cond(x > 0, lambda: x, lambda: -x)
        assert any(op.type == "StackPopV2" for op in plan._maybe_dead(body, set()))

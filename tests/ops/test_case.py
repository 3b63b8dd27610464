"""tf.case and tf.switch_case (src/tinytf/ops/case_ops.py) against real TF 1.15: the cases of
tests/ops/case_cases.py (each branch taken, defaults, exclusive violations, dicts, structures,
nesting in conds, gradients, bad calls), whose TF results tools/make_case_fixtures.py wrote to
golden/case.json; then what the graph looks like and finite-difference gradients."""

import json
from pathlib import Path

import numpy as np
import pytest

import tinytf as tf
from tests.ops import case_cases
from tests.optest import check_gradients

GOLDEN = json.loads((Path(__file__).parent / "golden" / "case.json").read_text())


def run_case(name):
    """The case's result with tinytf, as JSON would give it back."""
    with tf.Graph().as_default():
        return json.loads(json.dumps(case_cases.CASES[name](tf)))


_CASES = sorted(n for n in case_cases.CASES if "case" in n.split("_")[:2])


@pytest.mark.parametrize("name", _CASES)
def test_case_matches_tf(name):
    got, want = run_case(name), GOLDEN[name]
    assert case_cases.close(got, want), (got, want)


def test_the_chain_tests_the_predicates_in_order_with_conds():
    x = tf.placeholder(tf.float32, [])
    r = tf.case([(x < 0, lambda: x * 2), (x < 10, lambda: x * 3)], default=lambda: x * 4)
    assert r.name == "case/cond/Merge:0" and r.op.type == "Merge"
    inner = tf.get_default_graph().get_operation_by_name("case/cond/cond/Merge")
    assert inner.type == "Merge"


def test_switch_case_runs_only_the_chosen_branch():
    v = tf.Variable(0.0)
    i = tf.placeholder(tf.int32, [])
    r = tf.switch_case(i, [lambda: tf.assign_add(v, 1.0), lambda: tf.assign_add(v, 10.0)])
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert [sess.run(r, {i: k}) for k in (0, 1, 0, 7)] == [1.0, 11.0, 12.0, 22.0]


def test_case_exclusive_error_names_the_predicates():
    x = tf.placeholder(tf.float32, [])
    p, q = tf.less(x, 0.0, name="p"), tf.less(x, 1.0, name="q")
    r = tf.case([(p, lambda: x), (q, lambda: -x)], default=lambda: x * 0, exclusive=True)
    with tf.Session() as sess:
        assert sess.run(r, {x: 0.5}) == -0.5
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"\(p:0, q:0\)"):
            sess.run(r, {x: -1.0})


@pytest.mark.parametrize("taken", [-1.0, 1.0, 20.0])
def test_case_gradients_by_finite_differences(taken):
    w = np.array([0.5, -1.0, 2.0])

    def fn(x):
        t = tf.constant(taken, tf.float64)
        return tf.case([(t < 0, lambda: tf.sin(x) * w), (t < 10, lambda: x * x)], lambda: x * w)

    check_gradients(fn, [np.array([1.5, -2.0, 0.5])], rtol=1e-6)


@pytest.mark.parametrize("index", [0, 1, 5])
def test_switch_case_gradients_by_finite_differences(index):
    def fn(x):
        branches = [lambda: tf.exp(x), lambda: x * x * x]
        return tf.switch_case(tf.constant(index), branches, default=lambda: tf.tanh(x))

    check_gradients(fn, [np.array([0.25, -0.5])], rtol=1e-6)


def test_public_names():
    assert tf.compat.v1.case is tf.case and tf.compat.v1.switch_case is tf.switch_case
    assert tf.case.__doc__ and tf.switch_case.__doc__


def test_tf_graph_def_with_case_imports_and_runs():
    want = GOLDEN["graph_def"]
    with tf.Graph().as_default() as g:
        tf.import_graph_def(tf.GraphDef.FromString(bytes.fromhex(want["pb"])), name="")
        with tf.Session() as sess:
            got = [
                case_cases._runs(sess, g.get_tensor_by_name(f), case_cases.GRAPH_FEEDS)
                for f in want["fetches"]
            ]
    assert case_cases.close(json.loads(json.dumps(got)), want["values"]), got


def test_a_dict_of_pairs_warns_unless_exclusive(caplog):
    x = tf.placeholder(tf.float32, [])
    pairs = {tf.less(x, 0.0): lambda: x, tf.less(x, 1.0): lambda: -x}
    with caplog.at_level("WARNING", logger="tensorflow"):
        tf.case(pairs, default=lambda: x * 0, name="warned")
        tf.case(pairs, default=lambda: x * 0, exclusive=True, name="quiet")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        "warned: An unordered dictionary of predicate/fn pairs was provided, but "
        "exclusive=False. The order of conditional tests is deterministic but not guaranteed."
    ]


def test_case_v2_is_case_in_graph_mode():
    from tinytf.ops.case_ops import case_v2  # TF's control_flow_ops.case_v2

    x = tf.constant(-3.0)
    r = case_v2([(x < 0, lambda: x * 2)], default=lambda: x, name="v2")
    with tf.Session() as sess:
        assert r.name == "v2/cond/Merge:0" and sess.run(r) == -6.0

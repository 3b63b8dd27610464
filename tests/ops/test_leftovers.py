"""Issue 10's last leftovers against real TF 1.15: the cases of tests/ops/leftover_cases.py
(tf.nn.static_state_saving_rnn over two runs, TF's namedtuple results, tf.data's dtypes of
Python values, tf.nn.in_top_k's graph), whose values, names, dtypes, static shapes and errors
tools/make_leftover_fixtures.py recorded in golden/leftovers.json / .npz."""

import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests import fixture_runner
from tests.ops.leftover_cases import CASES, VariableStateSaver

GOLDEN = fixture_runner.load_golden(pathlib.Path(__file__).parent / "golden", "leftovers")
GOOD = sorted(n for n in CASES if not n.startswith("bad_"))
BAD = sorted(n for n in CASES if n.startswith("bad_"))

# The outputs before the last are static_rnn's own (TF names a step with sequence_length
# "cond/Merge", tinytf's masks without a cond): compared apart, by shape and dtype.
APART = {n: ("outputs",) for n in CASES if n.startswith("ssrnn_")}


@pytest.mark.parametrize("name", GOOD)
def test_matches_tf(name):
    apart = APART.get(name, ())
    facts = fixture_runner.check_case(tf, CASES, name, GOLDEN, apart=apart)
    if "outputs" in apart:
        want = GOLDEN[0][name]["outputs"]
        assert [f[1:] for f in facts["outputs"]] == [w[1:] for w in want]
        assert facts["outputs"][-1] == want[-1]  # the identity after the saves


@pytest.mark.parametrize("name", BAD)
def test_errors_match_tf(name):
    """TF's exception class and message."""
    want = GOLDEN[0][name]["error"]
    got = fixture_runner.record(tf, CASES[name])[1]["error"]
    assert got == want


def test_state_saving_rnn_saves_only_when_the_output_runs():
    """The saved state moves on once per run of the last output, from what the saver held."""
    with tf.Graph().as_default():
        saver = VariableStateSaver(tf, {"h": 2}, batch=1)
        x = tf.placeholder(tf.float32, [1, 1])
        cell = tf.nn.rnn_cell.BasicRNNCell(2, activation=tf.identity)
        outputs, state = tf.nn.static_state_saving_rnn(cell, [x], saver, "h")
        kernel, bias = cell.variables
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run([kernel.assign([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]), bias.assign([0.0, 0.0])])
            first = sess.run(outputs[-1], {x: [[1.0]]})
            second = sess.run(state, {x: [[0.0]]})
            held = sess.run(saver.state("h"))
    np.testing.assert_allclose(first, [[1.0, 0.0]])
    np.testing.assert_allclose(second, [[1.0, 1.0]])  # h @ [[1, 1], [0, 1]] from h = [1, 0]
    np.testing.assert_allclose(held, second)


def test_namedtuple_results_unpack_and_fetch_by_field():
    """TF's namedtuples unpack as tuples, index by field, and Session.run keeps the fields."""
    with tf.Graph().as_default():
        y, idx = tf.unique([3, 1, 3])
        top = tf.nn.top_k([[1.0, 4.0, 2.0]], 2)
        with tf.Session() as sess:
            got = sess.run(top)
            np.testing.assert_array_equal(sess.run(y), [3, 1])
            np.testing.assert_array_equal(sess.run(idx), [0, 1, 0])
    np.testing.assert_array_equal(got.values, [[4.0, 2.0]])
    np.testing.assert_array_equal(got.indices, [[1, 2]])

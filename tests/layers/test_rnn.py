"""RNN cells and unrolling beyond the TF-recorded cases (tests/layers/test_layers.py has those):
zero states, time-major inputs, sequence lengths, what is not supported."""

import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests.fixture_runner import check_case, load_golden
from tests.layers import rnn_cell_cases
from tests.layers.user_layer_cases import CASES

USER_GOLDEN = load_golden(pathlib.Path(__file__).parent / "golden", "user_layers")
CELL_GOLDEN = load_golden(pathlib.Path(__file__).parent / "golden", "rnn_cells")

SEQ = np.random.default_rng(2).standard_normal((3, 4, 2)).astype(np.float32)


def test_zero_state_structure():
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(3), tf.nn.rnn_cell.GRUCell(2)])
    state = cell.zero_state(5, tf.float32)
    assert isinstance(state[0], tf.nn.rnn_cell.LSTMStateTuple)
    with tf.Session() as sess:
        c, h = sess.run(state[0])
        assert c.shape == h.shape == (5, 3) and sess.run(state[1]).shape == (5, 2)


def test_time_major_equals_batch_major():
    x = tf.constant(SEQ)
    with tf.variable_scope("a", initializer=tf.constant_initializer(0.3)):
        out, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(3), x, dtype=tf.float32)
    with tf.variable_scope("b", initializer=tf.constant_initializer(0.3)):
        out_t, _ = tf.nn.dynamic_rnn(
            tf.nn.rnn_cell.BasicRNNCell(3),
            tf.transpose(x, [1, 0, 2]),
            dtype=tf.float32,
            time_major=True,
        )
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        a, b = sess.run([out, out_t])
    np.testing.assert_allclose(a, b.transpose(1, 0, 2), rtol=1e-6)


def test_sequence_length_zeroes_outputs_and_keeps_state():
    x = tf.constant(SEQ)
    out, state = tf.nn.dynamic_rnn(
        tf.nn.rnn_cell.GRUCell(3), x, sequence_length=[4, 2, 0], dtype=tf.float32
    )
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        o, s = sess.run([out, state])
    assert np.all(o[1, 2:] == 0) and np.all(o[2] == 0) and np.any(o[0, 3] != 0)
    np.testing.assert_allclose(s[1], o[1, 1], rtol=1e-6)  # the state at its last step
    assert np.all(s[2] == 0)  # never stepped: the zero state


def test_dynamic_rnn_runs_over_batch_and_time_known_only_at_run_time():
    """A while loop: one graph for every batch size and length; the reference is the cell's
    exact math, tanh([x, h] @ kernel + bias) (bias initialized to zeros), in NumPy."""
    x = tf.placeholder(tf.float32, [None, None, 3])
    lengths = tf.placeholder(tf.int32, [None])
    with tf.variable_scope("u", initializer=tf.constant_initializer(0.1)):
        out, state = tf.nn.dynamic_rnn(
            tf.nn.rnn_cell.BasicRNNCell(2), x, sequence_length=lengths, dtype=tf.float32
        )
    assert out.shape.as_list() == [None, None, 2] and state.shape.as_list() == [None, 2]
    (gx,) = tf.gradients(tf.reduce_sum(out) + tf.reduce_sum(state), x)
    kernel = np.full((5, 2), 0.1, np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for batch, time in ((1, 1), (3, 5), (2, 9)):
            value = np.random.default_rng(batch).standard_normal((batch, time, 3), np.float32)
            lens = np.minimum(np.arange(batch) + time - 1, time).astype(np.int32)
            o, s, g = sess.run([out, state, gx], {x: value, lengths: lens})
            h = np.zeros((batch, 2), np.float32)
            want = np.zeros((batch, time, 2), np.float32)
            for t in range(time):
                new = np.tanh(np.concatenate([value[:, t], h], 1) @ kernel)  # bias: zeros
                alive = (t < lens)[:, None]
                want[:, t] = np.where(alive, new, 0.0)
                h = np.where(alive, new, h)
            np.testing.assert_allclose(o, want, rtol=1e-5, atol=1e-6)
            np.testing.assert_allclose(s, h, rtol=1e-5, atol=1e-6)
            assert g.shape == value.shape and np.all(g[lens == 0] == 0)


def test_dynamic_rnn_needs_a_dtype_or_a_state():
    with pytest.raises(ValueError, match="you must give a dtype"):
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), tf.zeros([1, 2, 3]))
    with pytest.raises(ValueError, match="you must give a dtype"):
        tf.nn.static_rnn(tf.nn.rnn_cell.BasicRNNCell(2), [tf.zeros([1, 3])])


def test_a_user_rnn_cell_subclass_works_as_in_tf():
    """A user LSTM cell (build with add_variable/add_weight, a namedtuple state) through
    dynamic_rnn, static_rnn and a direct call with `scope`, and an old-style cell that calls
    tf.get_variable in call(): TF 1.15's variable names, weights lists and values."""
    facts = check_case(tf, CASES, "user_rnn_cells", USER_GOLDEN, apart=("outputs",))
    want = USER_GOLDEN[0]["user_rnn_cells"]["outputs"]
    # op names differ inside the unrolled loops (TF's is a while_loop); shapes and dtypes do not
    assert [o[1:] for o in facts["outputs"]] == [o[1:] for o in want]


def test_zero_state_of_a_user_namedtuple_state_keeps_its_type():
    import collections

    Pair = collections.namedtuple("Pair", ["a", "b"])

    class PairCell(tf.nn.rnn_cell.RNNCell):
        state_size = Pair(2, tf.TensorShape([3, 4]))
        output_size = 2

    state = PairCell().zero_state(5, tf.float32)
    assert isinstance(state, Pair)
    assert state.a.shape.as_list() == [5, 2] and state.b.shape.as_list() == [5, 3, 4]


def test_lstm_options_and_flat_states_match_tf():
    """LSTMCell's peepholes, cell_clip, num_proj and proj_clip; state_is_tuple=False for the
    LSTM cells and MultiRNNCell: TF 1.15's variables, state sizes and values."""
    check_case(tf, rnn_cell_cases.CASES, "lstm_options", CELL_GOLDEN)


@pytest.fixture
def wrappers_in_nn(monkeypatch):
    """tf.nn.rnn_cell's wrappers, where the namespace does not list them yet."""
    from tinytf.layers import rnn_cell

    for name in ("DropoutWrapper", "ResidualWrapper", "DeviceWrapper"):
        monkeypatch.setattr(tf.nn.rnn_cell, name, getattr(rnn_cell, name), raising=False)
    return rnn_cell


def test_cell_wrappers_match_tf(wrappers_in_nn):
    check_case(tf, rnn_cell_cases.CASES, "wrappers", CELL_GOLDEN)


def test_dropout_wrapper_drops_outputs_and_h_but_not_c(wrappers_in_nn):
    cell = wrappers_in_nn.DropoutWrapper(
        tf.nn.rnn_cell.BasicRNNCell(400), output_keep_prob=0.5, seed=1
    )
    x = tf.ones([5, 3])
    out, state = cell(x, cell.zero_state(5, tf.float32))
    lstm = wrappers_in_nn.DropoutWrapper(tf.nn.rnn_cell.BasicLSTMCell(400), state_keep_prob=0.5)
    _, (c, h) = lstm(x, lstm.zero_state(5, tf.float32))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        o, s, cv, hv = sess.run([out, state, c, h])
    assert 0.4 < (o == 0).mean() < 0.6 and not (s == 0).any()  # the state passes untouched
    np.testing.assert_allclose(o[o != 0], 2 * s[o != 0], rtol=1e-6)
    assert 0.4 < (hv == 0).mean() < 0.6 and (cv == 0).mean() < 0.01


def test_variational_dropout_keeps_one_mask_for_all_steps(wrappers_in_nn):
    cell = wrappers_in_nn.DropoutWrapper(
        tf.nn.rnn_cell.BasicRNNCell(50),
        output_keep_prob=0.5,
        variational_recurrent=True,
        dtype=tf.float32,
    )
    outputs, _ = tf.nn.static_rnn(cell, [tf.ones([1, 2])] * 4, dtype=tf.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        masks = [v != 0 for v in sess.run(outputs)]
    assert all((m == masks[0]).all() for m in masks) and 0 < masks[0].mean() < 1

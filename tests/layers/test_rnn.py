"""RNN cells and unrolling beyond the TF-recorded cases (tests/layers/test_layers.py has those):
zero states, time-major inputs, sequence lengths, what is not supported."""

import numpy as np
import pytest

import tinytf as tf

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


def test_unknown_time_steps_and_missing_dtype():
    with pytest.raises(NotImplementedError, match="tf.while_loop is not implemented"):
        tf.nn.dynamic_rnn(
            tf.nn.rnn_cell.BasicRNNCell(2),
            tf.placeholder(tf.float32, [None, None, 3]),
            dtype=tf.float32,
        )
    with pytest.raises(ValueError, match="you must give a dtype"):
        tf.nn.static_rnn(tf.nn.rnn_cell.BasicRNNCell(2), [tf.zeros([1, 3])])

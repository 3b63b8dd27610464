"""tf.contrib.rnn: TF 1.15 exports tf.nn.rnn_cell's cells and tf.nn's static RNNs there as the
same objects; LayerNormBasicLSTMCell and the stacked bidirectional RNNs are checked against TF
in test_contrib_cases.py (values and variable names); here: the aliases, the cell's recurrent
dropout and its variables' reuse across steps."""

import numpy as np
import pytest

import tinytf as tf

R = tf.contrib.rnn


@pytest.mark.parametrize(
    "name",
    ["BasicLSTMCell", "BasicRNNCell", "DeviceWrapper", "DropoutWrapper", "GRUCell", "LSTMCell",
     "LSTMStateTuple", "MultiRNNCell", "RNNCell", "ResidualWrapper"],
)
def test_cells_are_tf_nn_rnn_cells(name):
    assert getattr(R, name) is getattr(tf.nn.rnn_cell, name)


def test_static_rnns_are_tf_nns():
    assert R.static_rnn is tf.nn.static_rnn
    assert R.static_bidirectional_rnn is tf.nn.static_bidirectional_rnn


def test_layer_norm_lstm_shares_its_variables_across_steps():
    cell = R.LayerNormBasicLSTMCell(3)
    steps = [tf.zeros([2, 4]) for _ in range(4)]
    outputs, state = R.static_rnn(cell, steps, dtype=tf.float32)
    assert len(tf.trainable_variables()) == 11  # kernel + 5 x (gamma, beta)
    assert cell.state_size == R.LSTMStateTuple(3, 3) and cell.output_size == 3
    assert [o.shape.as_list() for o in outputs] == [[2, 3]] * 4
    assert state.c.shape.as_list() == [2, 3]


def test_layer_norm_lstm_recurrent_dropout_scales_the_candidate():
    n = 50
    cell = R.LayerNormBasicLSTMCell(n, layer_norm=False, dropout_keep_prob=0.5,
                                    dropout_prob_seed=3, forget_bias=0.0)
    _, state = cell(tf.ones([4, 2]), cell.zero_state(4, tf.float32))
    kernel, bias = tf.trainable_variables()
    assert [kernel.op.name, bias.op.name] == [
        "layer_norm_basic_lstm_cell/kernel", "layer_norm_basic_lstm_cell/bias"]
    gates = np.zeros(4 * n, np.float32)
    gates[n : 2 * n] = 1.0  # i, f, o = 0 and j = 1: c = 0.5 * dropout(tanh(1))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run([kernel.assign(tf.zeros_like(kernel)), bias.assign(gates)])
        c = sess.run(state.c)
    kept = np.isclose(c, np.tanh(1.0))  # dropout's 1 / keep_prob doubles the kept ones
    assert np.all(kept | (c == 0.0))
    assert 0.35 < kept.mean() < 0.65


def test_stack_bidirectional_dynamic_rnn_outputs_concatenate_both_directions():
    x = tf.zeros([2, 5, 3])
    out, fw, bw = R.stack_bidirectional_dynamic_rnn(
        [R.GRUCell(4), R.GRUCell(2)], [R.GRUCell(3), R.GRUCell(1)], x, dtype=tf.float32)
    assert out.shape.as_list() == [2, 5, 3]
    assert [s.shape.as_list() for s in fw] == [[2, 4], [2, 2]]
    assert [s.shape.as_list() for s in bw] == [[2, 3], [2, 1]]

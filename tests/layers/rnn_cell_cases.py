"""TF 1.x's RNN cell options, built the same way by real TF 1.15 (tools/make_bugfix_fixtures.py ->
tests/layers/golden/rnn_cells.json, .npz) and by tinytf (tests/layers/test_rnn.py): LSTMCell's
peepholes, clipping and projection, concatenated states (state_is_tuple=False). Python 3.7."""

import numpy as np

from tests.fixture_runner import describe, error_of

X = np.cos(np.arange(2 * 3 * 2, dtype=np.float32)).reshape(2, 3, 2)


def _sine(tf):
    """A deterministic initializer for any shape: sin(0.37 k + 0.1) for k = 0, 1, ..."""

    def init(shape, dtype=None, partition_info=None):
        n = int(np.prod(shape))
        return tf.reshape(tf.sin(tf.range(n, dtype=tf.float32) * 0.37 + 0.1), shape)

    return init


def _run(tf, cell, scope):
    steps = tf.unstack(tf.constant(X), axis=1)
    outputs, state = tf.nn.static_rnn(cell, steps, dtype=tf.float32, scope=scope)
    return outputs[-1], state


def lstm_options(tf):
    """LSTMCell with every option, and the LSTM cells and MultiRNNCell with flat states."""
    sine = _sine(tf)
    cells = {
        "full": tf.nn.rnn_cell.LSTMCell(
            4, use_peepholes=True, cell_clip=0.3, initializer=sine, num_proj=3, proj_clip=0.2
        ),
        "flat": tf.nn.rnn_cell.LSTMCell(3, initializer=sine, state_is_tuple=False),
        "basic_flat": tf.nn.rnn_cell.BasicLSTMCell(2, state_is_tuple=False),
        "multi_flat": tf.nn.rnn_cell.MultiRNNCell(
            [
                tf.nn.rnn_cell.BasicLSTMCell(2, state_is_tuple=False),
                tf.nn.rnn_cell.GRUCell(3, kernel_initializer=sine),
            ],
            state_is_tuple=False,
        ),
    }
    fetches, facts = {}, {}
    with tf.variable_scope("model", initializer=sine):
        for label, cell in cells.items():
            out, state = _run(tf, cell, label)
            fetches[label + "_out"] = out
            flat = list(state) if isinstance(state, tuple) else [state]
            for k, part in enumerate(flat):
                fetches[f"{label}_state{k}"] = part
            facts[label] = {
                "sizes": [str(cell.state_size), cell.output_size],
                "state": [describe(part)[1:] for part in flat],
                "zero_state": describe(cell.zero_state(2, tf.float32))[1]
                if not isinstance(cell.state_size, tuple)
                else None,
            }
    facts["variables"] = [[v.op.name, v.shape.as_list()] for v in tf.global_variables()]
    facts["tuple_sizes_refused"] = error_of(
        lambda: tf.nn.rnn_cell.MultiRNNCell([cells["full"]], state_is_tuple=False)
    )[0]
    return {"facts": facts, "runs": [(fetches, {})]}


def wrappers(tf):
    """DropoutWrapper (keep probabilities fed as 1, and its errors), ResidualWrapper and
    DeviceWrapper: the wrapped cell's variables, names, sizes and values."""
    rnn = tf.nn.rnn_cell
    sine = _sine(tf)
    keep = tf.placeholder_with_default(1.0, [], name="keep")
    with tf.variable_scope("model", initializer=sine):
        lstm = rnn.BasicLSTMCell(3)
        dropped = rnn.DropoutWrapper(lstm, keep, keep, keep, seed=3)
        out_d, state_d = _run(tf, dropped, "dropped")
        gru = rnn.GRUCell(2, kernel_initializer=sine)
        residual = rnn.ResidualWrapper(gru)
        out_r, state_r = _run(tf, residual, "residual")
        placed = rnn.DeviceWrapper(rnn.BasicRNNCell(2), "/cpu:0")
        out_p, _ = _run(tf, placed, "placed")
        zero = placed.zero_state(2, tf.float32)
        variational = rnn.DropoutWrapper(
            rnn.BasicLSTMCell(3, name="v"), 0.5, 0.5, 0.5, True, 2, tf.float32
        )
    facts = {
        "names": [w.name for w in [dropped, residual, placed, variational]],
        "sizes": [[str(w.state_size), w.output_size] for w in [dropped, residual, placed]],
        "own_weights": [len(w.weights) for w in [dropped, residual, placed]],
        "wrapped": dropped.wrapped_cell is lstm,
        "variables": [[v.op.name, v.shape.as_list()] for v in tf.global_variables()],
        "zero_state": [describe(zero), zero.device],
        "out_device": out_p.device,
        "errors": [
            error_of(lambda: rnn.DropoutWrapper(lstm, output_keep_prob=1.5)),
            error_of(lambda: rnn.DropoutWrapper(lstm, variational_recurrent=True)),
            error_of(
                lambda: rnn.DropoutWrapper(
                    lstm, input_keep_prob=0.5, variational_recurrent=True, dtype=tf.float32
                )
            ),
        ],
    }
    fetches = {"dropped": out_d, "dropped_c": state_d.c, "residual": out_r, "residual_h": state_r,
               "placed": out_p}  # fmt: skip
    return {"facts": facts, "runs": [(fetches, {})]}


CASES = {"lstm_options": lstm_options, "wrappers": wrappers}

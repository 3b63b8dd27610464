"""tf.contrib.rnn's stacked bidirectional RNNs: layer i's forward and backward cells read layer
i-1's concatenated outputs, in scopes `stack_bidirectional_rnn/cell_<i>`."""

from tinytf.layers import rnn, static_bidirectional_rnn
from tinytf.ops import array_ops
from tinytf.ops import variable_scope as vs


def _check(cells_fw, cells_bw, initial_states_fw, initial_states_bw):
    if not cells_fw:
        raise ValueError("Must specify at least one fw cell for BidirectionalRNN.")
    if not cells_bw:
        raise ValueError("Must specify at least one bw cell for BidirectionalRNN.")
    if not isinstance(cells_fw, list):
        raise ValueError("cells_fw must be a list of RNNCells (one per layer).")
    if not isinstance(cells_bw, list):
        raise ValueError("cells_bw must be a list of RNNCells (one per layer).")
    if len(cells_fw) != len(cells_bw):
        raise ValueError("Forward and Backward cells must have the same depth.")
    for states, which in ((initial_states_fw, "fw"), (initial_states_bw, "bw")):
        if states is not None and (not isinstance(states, list) or len(states) != len(cells_fw)):
            raise ValueError(
                f"initial_states_{which} must be a list of state tensors (one per layer)."
            )


def _layers(cells_fw, cells_bw, initial_states_fw, initial_states_bw, scope, run_layer, inputs):
    _check(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw = [], []
    prev_layer = inputs
    with vs.variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            state_fw = initial_states_fw[i] if initial_states_fw else None
            state_bw = initial_states_bw[i] if initial_states_bw else None
            with vs.variable_scope(f"cell_{i}") as cell_scope:
                prev_layer, state_fw, state_bw = run_layer(
                    cell_fw, cell_bw, prev_layer, state_fw, state_bw, cell_scope
                )
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return prev_layer, tuple(states_fw), tuple(states_bw)


def stack_bidirectional_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None,
                            initial_states_bw=None, dtype=None, sequence_length=None,
                            scope=None):
    """Stacked static_bidirectional_rnn: (outputs: a list per step, states_fw, states_bw)."""

    def run_layer(cell_fw, cell_bw, prev, state_fw, state_bw, cell_scope):
        return static_bidirectional_rnn.static_bidirectional_rnn(
            cell_fw, cell_bw, prev, initial_state_fw=state_fw, initial_state_bw=state_bw,
            sequence_length=sequence_length, dtype=dtype, scope=cell_scope,
        )

    return _layers(cells_fw, cells_bw, initial_states_fw, initial_states_bw, scope, run_layer,
                   inputs)


def stack_bidirectional_dynamic_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None,
                                    initial_states_bw=None, dtype=None, sequence_length=None,
                                    parallel_iterations=None, time_major=False, scope=None,
                                    swap_memory=False):
    """Stacked bidirectional_dynamic_rnn: (outputs [batch, time, 2 units], states_fw,
    states_bw)."""

    def run_layer(cell_fw, cell_bw, prev, state_fw, state_bw, cell_scope):
        outputs, (out_fw, out_bw) = rnn.bidirectional_dynamic_rnn(
            cell_fw, cell_bw, prev, initial_state_fw=state_fw, initial_state_bw=state_bw,
            sequence_length=sequence_length, parallel_iterations=parallel_iterations,
            dtype=dtype, swap_memory=swap_memory, time_major=time_major,
        )
        return array_ops.concat(outputs, 2), out_fw, out_bw

    return _layers(cells_fw, cells_bw, initial_states_fw, initial_states_bw, scope, run_layer,
                   inputs)

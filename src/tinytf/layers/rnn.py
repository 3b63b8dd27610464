"""tf.nn.static_rnn and tf.nn.dynamic_rnn, unrolled into the graph one step per time step
(dynamic_rnn needs the number of steps in the static shape: tinytf has no tf.while_loop yet).
With sequence_length, steps past an example's length output zeros and keep its state."""

from tinytf.framework.op_def import convert_to_tensor
from tinytf.layers.rnn_cell import LSTMStateTuple
from tinytf.ops import array_ops, math_ops
from tinytf.ops import variable_scope as vs


def _map(fn, *structures):
    first = structures[0]
    if isinstance(first, LSTMStateTuple):
        return LSTMStateTuple(*(_map(fn, *parts) for parts in zip(*structures)))
    if isinstance(first, tuple):
        return tuple(_map(fn, *parts) for parts in zip(*structures))
    return fn(*structures)


def _unroll(cell, steps, initial_state, dtype, sequence_length):
    batch = steps[0].shape[0].value
    if batch is None:
        batch = array_ops.shape(steps[0])[0]
    if initial_state is None:
        if dtype is None:
            raise ValueError("If there is no initial_state, you must give a dtype.")
        initial_state = cell.zero_state(batch, dtype)
    state, outputs = initial_state, []
    length = None if sequence_length is None else convert_to_tensor(sequence_length)
    for t, x in enumerate(steps):
        output, new_state = cell(x, state)
        if length is not None:  # finished examples: zero output, state kept
            alive = math_ops.less(math_ops.cast(t, length.dtype), length)
            output = math_ops.where(alive, output, array_ops.zeros_like(output))
            new_state = _map(
                lambda new, old, alive=alive: math_ops.where(alive, new, old), new_state, state
            )
        outputs.append(output)
        state = new_state
    return outputs, state


def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """(outputs: one per input step, final state) of `cell` over the list `inputs`."""
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise TypeError("inputs must be a non-empty sequence")
    with vs.variable_scope(scope or "rnn"):
        steps = [convert_to_tensor(x) for x in inputs]
        return _unroll(cell, steps, initial_state, dtype, sequence_length)


def dynamic_rnn(
    cell,
    inputs,
    sequence_length=None,
    initial_state=None,
    dtype=None,
    parallel_iterations=None,
    swap_memory=False,
    time_major=False,
    scope=None,
):
    """(outputs [batch, time, units] (time-major if asked), final state) of `cell` over
    `inputs` [batch, time, depth]."""
    with vs.variable_scope(scope or "rnn"):
        x = convert_to_tensor(inputs, name="inputs")
        if x.shape.ndims != 3:
            raise ValueError(f"dynamic_rnn takes [batch, time, depth] inputs, got {x.shape}")
        if not time_major:
            x = array_ops.transpose(x, [1, 0, 2])
        steps = x.shape[0].value
        if steps is None:
            raise NotImplementedError(
                "tinytf's dynamic_rnn unrolls the time steps, which must be known in the "
                "static shape (tf.while_loop is not implemented yet)"
            )
        outputs, state = _unroll(
            cell, array_ops.unstack(x, steps, axis=0), initial_state, dtype, sequence_length
        )
        out = array_ops.stack(outputs, axis=0)
        return (out if time_major else array_ops.transpose(out, [1, 0, 2])), state


def bidirectional_dynamic_rnn(
    cell_fw,
    cell_bw,
    inputs,
    sequence_length=None,
    initial_state_fw=None,
    initial_state_bw=None,
    dtype=None,
    parallel_iterations=None,
    swap_memory=False,
    time_major=False,
    scope=None,
):
    """((outputs_fw, outputs_bw), (state_fw, state_bw)): cell_fw over the inputs, cell_bw over
    each sequence reversed (within its length), its outputs reversed back."""
    from tinytf.ops.sequence_ops import reverse, reverse_sequence

    time_axis, batch_axis = (0, 1) if time_major else (1, 0)

    def backwards(x):
        if sequence_length is None:
            return reverse(x, [time_axis])
        return reverse_sequence(x, sequence_length, seq_axis=time_axis, batch_axis=batch_axis)

    with vs.variable_scope(scope or "bidirectional_rnn"):
        with vs.variable_scope("fw") as fw_scope:
            out_fw, state_fw = dynamic_rnn(
                cell_fw,
                inputs,
                sequence_length,
                initial_state_fw,
                dtype,
                time_major=time_major,
                scope=fw_scope,
            )
        with vs.variable_scope("bw") as bw_scope:
            out_bw, state_bw = dynamic_rnn(
                cell_bw,
                backwards(convert_to_tensor(inputs)),
                sequence_length,
                initial_state_bw,
                dtype,
                time_major=time_major,
                scope=bw_scope,
            )
    return (out_fw, backwards(out_bw)), (state_fw, state_bw)

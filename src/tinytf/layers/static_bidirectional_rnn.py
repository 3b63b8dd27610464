"""tf.nn.static_bidirectional_rnn as TF 1.15 builds it: static_rnn forwards in scope 'fw', over
the reversed steps in scope 'bw' (each sequence reversed within its length), the backward
outputs reversed back and concatenated with the forward ones step by step."""

from tinytf.framework.op_def import convert_to_tensor
from tinytf.layers.rnn import static_rnn
from tinytf.ops import array_ops
from tinytf.ops import variable_scope as vs
from tinytf.ops.sequence_ops import reverse_sequence


def _reverse_seq(steps, lengths):
    """The list of time steps reversed; with lengths, each example reversed within its own."""
    if lengths is None:
        return list(reversed(steps))
    steps = [convert_to_tensor(s) for s in steps]
    shape = steps[0].shape
    for s in steps[1:]:
        shape = shape.merge_with(s.shape)
    reversed_steps = array_ops.unstack(
        reverse_sequence(array_ops.stack(steps), lengths, seq_axis=0, batch_axis=1)
    )
    for r in reversed_steps:
        r.set_shape(shape)
    return reversed_steps


def static_bidirectional_rnn(
    cell_fw,
    cell_bw,
    inputs,
    initial_state_fw=None,
    initial_state_bw=None,
    dtype=None,
    sequence_length=None,
    scope=None,
):
    """(outputs: [fw; bw] per step, final fw state, final bw state) over the list `inputs`."""
    if not isinstance(inputs, (list, tuple)):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    with vs.variable_scope(scope or "bidirectional_rnn"):
        with vs.variable_scope("fw") as fw_scope:
            out_fw, state_fw = static_rnn(
                cell_fw, inputs, initial_state_fw, dtype, sequence_length, scope=fw_scope
            )
        with vs.variable_scope("bw") as bw_scope:
            reversed_inputs = _reverse_seq(inputs, sequence_length)
            tmp, state_bw = static_rnn(
                cell_bw, reversed_inputs, initial_state_bw, dtype, sequence_length, scope=bw_scope
            )
    out_bw = _reverse_seq(tmp, sequence_length)
    outputs = [array_ops.concat([fw, bw], 1) for fw, bw in zip(out_fw, out_bw)]
    return outputs, state_fw, state_bw

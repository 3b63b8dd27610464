"""tf.nn.static_state_saving_rnn as TF 1.15 builds it: static_rnn from the state saver's
state(name), the final state given to save_state(name, value), and the last output and the state
passed through identities that run only after the saves."""

from tinytf.framework.op_def import control_dependencies
from tinytf.layers.rnn import static_rnn
from tinytf.ops.array_ops import identity
from tinytf.util import nest


def _initial_state(state_saver, state_name, state_size):
    """state_saver.state(name) for each name, packed like cell.state_size (TF's checks)."""
    state_is_tuple = nest.is_sequence(state_size)
    if state_is_tuple != nest.is_sequence(state_name):
        raise ValueError(
            "state_name should be the same type as cell.state_size.  "
            f"state_name: {state_name}, cell.state_size: {state_size}"
        )
    if not state_is_tuple:
        return state_saver.state(state_name)
    names, sizes = nest.flatten(state_name), nest.flatten(state_size)
    if len(names) != len(sizes):
        raise ValueError(f"#elems(state_name) != #elems(state_size): {len(names)} vs. {len(sizes)}")
    return nest.pack_sequence_as(state_size, [state_saver.state(s) for s in names])


def _identities(structure):
    """The structure with each tensor passed through tf.identity."""
    return nest.pack_sequence_as(structure, [identity(t) for t in nest.flatten(structure)])


def static_state_saving_rnn(
    cell, inputs, state_saver, state_name, sequence_length=None, scope=None
):
    """(outputs, state) of static_rnn over `inputs`, its state kept across runs by
    `state_saver` (an object with state(name) and save_state(name, value))."""
    initial_state = _initial_state(state_saver, state_name, cell.state_size)
    outputs, state = static_rnn(
        cell, inputs, initial_state=initial_state, sequence_length=sequence_length, scope=scope
    )
    if nest.is_sequence(state_name):
        pairs = zip(nest.flatten(state_name), nest.flatten(state))
    else:
        pairs = [(state_name, state)]
    saves = [state_saver.save_state(name, value) for name, value in pairs]
    with control_dependencies(saves):
        outputs[-1] = _identities(outputs[-1])
        state = _identities(state)
    return outputs, state

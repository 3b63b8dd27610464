"""tf.nn.static_rnn (unrolled into the graph one step per time step) and tf.nn.dynamic_rnn
(a tf.while_loop over the time steps, as TF 1.x builds it). With sequence_length, steps past an
example's length output zeros and keep its state."""

from tinytf.framework import dtypes as D
from tinytf.framework.graph import get_default_graph
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.tensor_shape import TensorShape, as_shape
from tinytf.layers.rnn_cell import LSTMStateTuple
from tinytf.ops import array_ops, math_ops, reduction_ops
from tinytf.ops import variable_scope as vs
from tinytf.ops.constant_op import constant
from tinytf.util import nest


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
    `inputs` [batch, time, depth], in a tf.while_loop as TF 1.x builds it: the batch and time
    dimensions may be unknown until run time. With `sequence_length`, outputs past each
    example's length are zeros and its final state is the one at its length."""
    with vs.variable_scope(scope or "rnn"):
        flat_input = [convert_to_tensor(x) for x in nest.flatten(inputs)]
        if not time_major:  # (B,T,D) => (T,B,D)
            flat_input = [_transpose_batch_time(x) for x in flat_input]
        parallel_iterations = parallel_iterations or 32
        if sequence_length is not None:
            sequence_length = math_ops.cast(sequence_length, D.int32)
            if sequence_length.shape.ndims not in (None, 1):
                raise ValueError(
                    "sequence_length must be a vector of length batch_size, but saw shape: "
                    f"{sequence_length.shape}"
                )
            sequence_length = array_ops.identity(sequence_length, name="sequence_length")
        batch_size = _best_effort_batch_size(flat_input)
        if initial_state is not None:
            state = initial_state
        else:
            if not dtype:
                raise ValueError("If there is no initial_state, you must give a dtype.")
            state = cell.zero_state(batch_size, dtype)
        if sequence_length is not None:
            sequence_length = _checked_length(sequence_length, batch_size)
        inputs = nest.pack_sequence_as(inputs, flat_input)
        outputs, final_state = _dynamic_rnn_loop(
            cell, inputs, state, parallel_iterations, swap_memory, sequence_length, dtype
        )
        if not time_major:  # (T,B,D) => (B,T,D)
            outputs = nest.map_structure(_transpose_batch_time, outputs)
        return outputs, final_state


def _transpose_batch_time(x):
    shape = x.shape
    if shape.ndims is not None and shape.ndims < 2:
        return x
    perm = array_ops.concat(([1, 0], math_ops.range(2, array_ops.rank(x))), axis=0)
    x_t = array_ops.transpose(x, perm)
    if shape.ndims is not None:
        x_t.set_shape(
            TensorShape([shape.dims[1].value, shape.dims[0].value]).concatenate(shape[2:])
        )
    return x_t


def _best_effort_batch_size(flat_input):
    for x in flat_input:
        if x.shape.ndims is None:
            continue
        if x.shape.ndims < 2:
            raise ValueError(f"Expected input tensor {x} to have rank at least 2")
        if x.shape.dims[1].value is not None:
            return x.shape.dims[1].value
    return array_ops.shape(flat_input[0])[1]


def _checked_length(sequence_length, batch_size):
    from tinytf.ops.check_ops import Assert_ as Assert

    x_shape = array_ops.shape(sequence_length)
    packed = array_ops.stack([batch_size])
    check = Assert(
        reduction_ops.reduce_all(math_ops.equal(x_shape, packed)),
        [
            f"Expected shape for Tensor {sequence_length.name} is ",
            packed,
            " but saw shape: ",
            x_shape,
        ],
    )
    with get_default_graph().control_dependencies([check]):
        return array_ops.identity(sequence_length, name="CheckSeqLen")


def _size_shape(batch, size):
    """[batch, *size] for a cell's int or TensorShape size."""
    dims = [size] if isinstance(size, int) else as_shape(size).as_list()
    return [batch, *dims]


def _dynamic_rnn_loop(cell, inputs, state, parallel_iterations, swap_memory, length, dtype):
    """TF's _dynamic_rnn_loop: the inputs unstacked into TensorArrays, one while_loop
    iteration per time step writing the outputs into TensorArrays, stacked at the end."""
    from tinytf.ops.tensor_array import TensorArray
    from tinytf.ops.while_loop import while_loop

    flat_input = nest.flatten(inputs)
    flat_output_size = nest.flatten(cell.output_size)
    time_steps = array_ops.shape(flat_input[0])[0]
    batch_size = _best_effort_batch_size(flat_input)
    got_shapes = [x.shape.with_rank_at_least(3) for x in flat_input]
    const_time, const_batch = got_shapes[0].as_list()[:2]
    for shape in got_shapes:
        if not shape[2:].is_fully_defined():
            raise ValueError(
                "Input size (depth of inputs) must be accessible via shape inference, but saw "
                "value None."
            )
        if shape.dims[0].value != const_time:
            raise ValueError(
                "Time steps is not the same for all the elements in the input in a batch."
            )
        if shape.dims[1].value != const_batch:
            raise ValueError("Batch_size is not the same for all the elements in the input.")
    state_dtype = dtype or nest.flatten(state)[0].dtype
    zero_output = nest.pack_sequence_as(
        cell.output_size,
        [
            array_ops.zeros(array_ops.stack(_size_shape(batch_size, s)), state_dtype)
            for s in flat_output_size
        ],
    )
    if length is not None:
        reduction_ops.reduce_min(length)  # TF makes it (its conditional steps would use it)
        max_length = reduction_ops.reduce_max(length)
    else:
        max_length = time_steps
    time = constant(0, dtype=D.int32, name="time")
    with name_scope("dynamic_rnn") as base_name:
        pass
    output_ta = tuple(
        TensorArray(
            dtype=state_dtype,
            size=time_steps,
            element_shape=TensorShape([const_batch]).concatenate(as_shape(_dims(s))),
            tensor_array_name=f"{base_name}output_{i}",
        )
        for i, s in enumerate(flat_output_size)
    )
    input_ta = tuple(
        TensorArray(
            dtype=x.dtype,
            size=time_steps,
            element_shape=x.shape[1:],
            tensor_array_name=f"{base_name}input_{i}",
        ).unstack(x)
        for i, x in enumerate(flat_input)
    )

    def time_step(time, output_ta_t, state):
        input_t = tuple(ta.read(time) for ta in input_ta)
        for x, shape in zip(input_t, got_shapes):
            x.set_shape(shape[1:])
        input_t = nest.pack_sequence_as(inputs, input_t)
        if length is not None:
            output, new_state = _rnn_step(
                time, length, zero_output, state, lambda: cell(input_t, state)
            )
        else:
            output, new_state = cell(input_t, state)
        output = nest.flatten(output)
        output_ta_t = tuple(ta.write(time, out) for ta, out in zip(output_ta_t, output))
        return time + 1, output_ta_t, new_state

    # at least one step, so that the TensorArrays learn the dynamic shape
    loop_bound = math_ops.minimum(time_steps, math_ops.maximum(1, max_length))
    _, final_ta, final_state = while_loop(
        lambda time, *_: time < loop_bound,
        time_step,
        (time, output_ta, state),
        parallel_iterations=parallel_iterations,
        maximum_iterations=time_steps,
        swap_memory=swap_memory,
    )
    final_outputs = tuple(ta.stack() for ta in final_ta)
    for out, s in zip(final_outputs, flat_output_size):
        out.set_shape([const_time, const_batch, *_dims(s)])
    return nest.pack_sequence_as(cell.output_size, final_outputs), final_state


def _dims(size):
    return [size] if isinstance(size, int) else as_shape(size).as_list()


def _rnn_step(time, length, zero_output, state, call_cell):
    """TF's _rnn_step without conditionals: examples past their length get the zero output
    and keep their state."""
    copy = time >= length

    def through(old, new):
        if old.shape.ndims == 0:
            return new
        return math_ops.where(copy, old, new)

    new_output, new_state = call_cell()
    nest.assert_same_structure(zero_output, new_output)
    nest.assert_same_structure(state, new_state)
    flat_out = [through(z, n) for z, n in zip(nest.flatten(zero_output), nest.flatten(new_output))]
    flat_state = [through(o, n) for o, n in zip(nest.flatten(state), nest.flatten(new_state))]
    for out, z in zip(flat_out, nest.flatten(zero_output)):
        out.set_shape(z.shape)
    for sub, old in zip(flat_state, nest.flatten(state)):
        sub.set_shape(old.shape)
    return (
        nest.pack_sequence_as(zero_output, flat_out),
        nest.pack_sequence_as(state, flat_state),
    )


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

"""tf.nn.raw_rnn: an RNN whose every step a user function (loop_fn) drives, in a tf.while_loop
as TF 1.15 builds it. loop_fn(time, cell_output, cell_state, loop_state) returns
(elements_finished, next_input, next_cell_state, emit_output, next_loop_state); the loop runs
until every element is finished, emitting into TensorArrays."""

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import convert_to_tensor
from tinytf.framework.tensor_shape import Dimension, TensorShape, as_shape
from tinytf.ops import array_ops, math_ops, reduction_ops
from tinytf.ops import variable_scope as vs
from tinytf.ops.constant_op import constant
from tinytf.util import nest


def raw_rnn(cell, loop_fn, parallel_iterations=None, swap_memory=False, scope=None):
    """(emit_ta, final_state, final_loop_state) of `cell` stepped as `loop_fn` directs."""
    from tinytf.ops.tensor_array import TensorArray
    from tinytf.ops.while_loop import while_loop

    if not callable(loop_fn):
        raise TypeError("loop_fn must be a callable")
    parallel_iterations = parallel_iterations or 32
    with vs.variable_scope(scope or "rnn"):
        time = constant(0, dtype=D.int32)
        finished, next_input, initial_state, emit_structure, init_loop_state = loop_fn(
            time=time, cell_output=None, cell_state=None, loop_state=None
        )
        flat_input = nest.flatten(next_input)
        loop_state = init_loop_state if init_loop_state is not None else constant(0, D.int32)
        static_batch = Dimension(None)
        for x in flat_input:
            static_batch = static_batch.merge_with(x.shape.with_rank_at_least(1).dims[0])
        const_batch = batch = static_batch.value
        if batch is None:
            batch = array_ops.shape(flat_input[0])[0]
        nest.assert_same_structure(initial_state, cell.state_size)
        flat_state = [convert_to_tensor(s) for s in nest.flatten(initial_state)]
        state = nest.pack_sequence_as(initial_state, flat_state)
        if emit_structure is not None:
            flat_emit = nest.flatten(emit_structure)
            sizes = [
                e.shape if e.shape.is_fully_defined() else array_ops.shape(e) for e in flat_emit
            ]
            dtypes = [e.dtype for e in flat_emit]
        else:
            emit_structure = cell.output_size
            sizes = nest.flatten(emit_structure)
            dtypes = [flat_state[0].dtype] * len(sizes)
        emit_ta = nest.pack_sequence_as(
            emit_structure,
            [
                TensorArray(
                    dtype=dtype,
                    dynamic_size=True,
                    element_shape=TensorShape([const_batch]).concatenate(_static(size)),
                    size=0,
                    name=f"rnn_output_{i}",
                )
                for i, (dtype, size) in enumerate(zip(dtypes, sizes))
            ],
        )
        zero_emit = nest.pack_sequence_as(
            emit_structure,
            [array_ops.zeros(_concat(batch, s), dtype) for s, dtype in zip(sizes, dtypes)],
        )

        def condition(unused_time, elements_finished, *_):
            return math_ops.logical_not(reduction_ops.reduce_all(elements_finished))

        def body(time, elements_finished, current_input, emit_ta, state, loop_state):
            next_output, cell_state = cell(current_input, state)
            nest.assert_same_structure(state, cell_state)
            nest.assert_same_structure(cell.output_size, next_output)
            next_time = time + 1
            next_finished, next_input, next_state, emit, next_loop_state = loop_fn(
                next_time, next_output, cell_state, loop_state
            )
            nest.assert_same_structure(state, next_state)
            nest.assert_same_structure(current_input, next_input)
            nest.assert_same_structure(emit_ta, emit)
            loop_state = loop_state if next_loop_state is None else next_loop_state

            def copy(cur, cand):
                if cur.shape.ndims == 0:
                    return cand
                return math_ops.where(elements_finished, cur, cand)

            emit = nest.map_structure(copy, zero_emit, emit)
            next_state = nest.map_structure(copy, state, next_state)
            emit_ta = nest.map_structure(lambda ta, e: ta.write(time, e), emit_ta, emit)
            elements_finished = math_ops.logical_or(elements_finished, next_finished)
            return next_time, elements_finished, next_input, emit_ta, next_state, loop_state

        returned = while_loop(
            condition,
            body,
            loop_vars=[time, finished, next_input, emit_ta, state, loop_state],
            parallel_iterations=parallel_iterations,
            swap_memory=swap_memory,
        )
        emit_ta, final_state, final_loop_state = returned[-3:]
        if init_loop_state is None:
            final_loop_state = None
        return emit_ta, final_state, final_loop_state


def _static(size):
    if isinstance(size, int):
        return TensorShape([size])
    if isinstance(size, TensorShape):
        return size
    try:
        return as_shape(size)
    except (TypeError, ValueError):  # a shape known only at run time
        return TensorShape(None)


def _concat(batch, size):
    if isinstance(size, int):
        size = [size]
    elif isinstance(size, TensorShape):
        size = size.as_list()
    else:
        return array_ops.concat([array_ops.reshape(batch, [1]), size], 0)
    return array_ops.stack([batch, *size])

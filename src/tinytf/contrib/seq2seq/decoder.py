"""tf.contrib.seq2seq.Decoder and dynamic_decode, as TF 1.15 builds them: the decoder's
initialize() once, then step() in a tf.while_loop, each step's outputs written to TensorArrays
(stacked after the loop, transposed to batch major unless output_time_major)."""

import abc

import numpy as np

from tinytf.framework import dtypes, tensor_shape
from tinytf.framework.op_def import convert_to_tensor
from tinytf.framework.ops import Tensor
from tinytf.ops import array_ops, constant_op, math_ops, reduction_ops, shape_util
from tinytf.ops import variable_scope as vs
from tinytf.ops.tensor_array import TensorArray
from tinytf.ops.while_loop import while_loop
from tinytf.util import nest


def _transpose_batch_time(x):
    """x [batch, time, ...] <-> [time, batch, ...] (TF's rnn._transpose_batch_time)."""
    static = x.shape
    if static.ndims is not None and static.ndims < 2:
        return x
    perm = array_ops.concat(([1, 0], math_ops.range(2, array_ops.rank(x))), axis=0)
    x_t = array_ops.transpose(x, perm)
    x_t.set_shape(
        tensor_shape.TensorShape([static.dims[1].value, static.dims[0].value]).concatenate(
            static[2:]
        )
        if static.ndims is not None
        else None
    )
    return x_t


def _static_batch(batch_size):
    if isinstance(batch_size, int):
        return batch_size
    return shape_util.constant_value(convert_to_tensor(batch_size, name="batch_size"))


def _shape_part(x, what):
    """(x as an int32 vector or None, its static dims or None): x a batch size or a state
    size (an int, a TensorShape or a scalar or vector tensor), as TF's rnn_cell_impl._concat."""
    if isinstance(x, Tensor):
        if x.shape.ndims not in (0, 1):
            raise ValueError(
                f"{what} tensor must be either a scalar or vector, but saw tensor: {x}"
            )
        static = shape_util.constant_value(x)
        static = None if static is None else np.reshape(static, [-1]).tolist()
        return (array_ops.expand_dims(x, 0) if x.shape.ndims == 0 else x), static
    shape = tensor_shape.as_shape(x)
    static = shape.as_list() if shape.ndims is not None else None
    if not shape.is_fully_defined():
        return None, static
    return constant_op.constant(shape.as_list(), dtype=dtypes.int32), static


def _zero_state_tensors(state_size, batch_size, dtype):
    """Zeros [batch_size, *s] for each size s of the structure (TF's rnn_cell_impl helper)."""

    def zeros(s):
        (p, p_static), (q, q_static) = _shape_part(batch_size, "prefix"), _shape_part(s, "suffix")
        if p is None or q is None:
            raise ValueError(f"Provided a prefix or suffix of None: {batch_size} and {s}")
        out = array_ops.zeros(array_ops.concat((p, q), 0), dtype=dtype)
        if p_static is not None and q_static is not None:
            out.set_shape(p_static + q_static)
        return out

    return nest.map_structure(zeros, state_size)


class Decoder(metaclass=abc.ABCMeta):
    """An RNN decoder: initialize() -> (finished, inputs, state); step(time, inputs, state) ->
    (outputs, next_state, next_inputs, finished); finalize(outputs, state, lengths)."""

    @property
    def batch_size(self):
        """The batch size of input values."""
        raise NotImplementedError

    @property
    def output_size(self):
        """A (nested) structure of ints or TensorShapes: each output's shape without batch."""
        raise NotImplementedError

    @property
    def output_dtype(self):
        """A (nested) structure of dtypes."""
        raise NotImplementedError

    @abc.abstractmethod
    def initialize(self, name=None):
        """(finished, initial_inputs, initial_state) before the first step."""
        raise NotImplementedError

    @abc.abstractmethod
    def step(self, time, inputs, state, name=None):
        """(outputs, next_state, next_inputs, finished) of one decoding step."""
        raise NotImplementedError

    def finalize(self, outputs, final_state, sequence_lengths):
        """(final_outputs, final_state) after the loop (the default: none, outputs kept)."""
        raise NotImplementedError

    @property
    def tracks_own_finished(self):
        """Whether the decoder keeps its own finished flags (beams reshuffle between steps)."""
        return False


def _create_zero_outputs(size, dtype, batch_size):
    return nest.map_structure(lambda s, d: _zero_state_tensors(s, batch_size, d), size, dtype)


def _element_shape(batch_size, from_shape):
    if not isinstance(from_shape, tensor_shape.TensorShape) or from_shape.ndims == 0:
        return None
    return tensor_shape.TensorShape([_static_batch(batch_size)]).concatenate(from_shape)


def _initial_values(decoder, maximum_iterations):
    """(maximum_iterations, zero_outputs, loop_vars) in the order TF builds them."""
    if maximum_iterations is not None:
        maximum_iterations = convert_to_tensor(
            maximum_iterations, dtype=dtypes.int32, name="maximum_iterations"
        )
        if maximum_iterations.shape.ndims != 0:
            raise ValueError("maximum_iterations must be a scalar")
    finished, inputs, state = decoder.initialize()
    zero_outputs = _create_zero_outputs(
        decoder.output_size, decoder.output_dtype, decoder.batch_size
    )
    if maximum_iterations is not None:
        finished = math_ops.logical_or(finished, 0 >= maximum_iterations)
    lengths = array_ops.zeros_like(finished, dtype=dtypes.int32)
    time = constant_op.constant(0, dtype=dtypes.int32)
    outputs_ta = nest.map_structure(
        lambda s, d: TensorArray(
            dtype=d, size=0, dynamic_size=True,
            element_shape=_element_shape(decoder.batch_size, s),
        ),
        decoder.output_size,
        decoder.output_dtype,
    )  # fmt: skip
    return maximum_iterations, zero_outputs, (time, outputs_ta, state, inputs, finished, lengths)


def _loop_body(decoder, impute_finished, zero_outputs):
    """The while_loop body of dynamic_decode."""

    def body(time, outputs_ta, state, inputs, finished, sequence_lengths):
        next_outputs, decoder_state, next_inputs, decoder_finished = decoder.step(
            time, inputs, state
        )
        if decoder.tracks_own_finished:
            next_finished = decoder_finished
        else:
            next_finished = math_ops.logical_or(decoder_finished, finished)
        next_sequence_lengths = math_ops.where(
            math_ops.logical_not(finished),
            array_ops.fill(array_ops.shape(sequence_lengths), time + 1),
            sequence_lengths,
        )
        nest.assert_same_structure(state, decoder_state)
        nest.assert_same_structure(outputs_ta, next_outputs)
        nest.assert_same_structure(inputs, next_inputs)
        emit, next_state = next_outputs, decoder_state
        if impute_finished:
            emit = nest.map_structure(
                lambda out, zero: math_ops.where(finished, zero, out), next_outputs, zero_outputs
            )

            def maybe_copy_state(new, cur):
                if isinstance(cur, TensorArray):
                    return new
                new.set_shape(cur.shape)
                return new if new.shape.ndims == 0 else math_ops.where(finished, cur, new)

            next_state = nest.map_structure(maybe_copy_state, decoder_state, state)
        outputs_ta = nest.map_structure(lambda ta, out: ta.write(time, out), outputs_ta, emit)
        return (time + 1, outputs_ta, next_state, next_inputs, next_finished,
                next_sequence_lengths)  # fmt: skip

    return body


def dynamic_decode(
    decoder,
    output_time_major=False,
    impute_finished=False,
    maximum_iterations=None,
    parallel_iterations=32,
    swap_memory=False,
    scope=None,
    **kwargs,
):
    """Decodes with `decoder` in a while_loop: (final_outputs, final_state,
    final_sequence_lengths)."""
    if not isinstance(decoder, Decoder):
        raise TypeError(f"Expected decoder to be type Decoder, but saw: {type(decoder)}")
    with vs.variable_scope(scope, "decoder"):
        maximum_iterations, zero_outputs, loop_vars = _initial_values(decoder, maximum_iterations)
        res = while_loop(
            lambda *args: math_ops.logical_not(reduction_ops.reduce_all(args[4])),
            _loop_body(decoder, impute_finished, zero_outputs),
            loop_vars=loop_vars,
            parallel_iterations=parallel_iterations,
            maximum_iterations=maximum_iterations,
            swap_memory=swap_memory,
        )
        final_outputs = nest.map_structure(lambda ta: ta.stack(), res[1])
        final_state, final_sequence_lengths = res[2], res[5]
        try:
            final_outputs, final_state = decoder.finalize(
                final_outputs, final_state, final_sequence_lengths
            )
        except NotImplementedError:
            pass
        if not output_time_major:
            final_outputs = nest.map_structure(_transpose_batch_time, final_outputs)
    return final_outputs, final_state, final_sequence_lengths

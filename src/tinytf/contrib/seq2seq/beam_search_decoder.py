"""tf.contrib.seq2seq.BeamSearchDecoder (TF 1.15's beam_search_decoder.py): beam_width
hypotheses per batch entry, each step keeping the best total log probabilities (divided by the
length penalty ((5 + length) / 6) ** length_penalty_weight, plus a coverage penalty over the
attention); finalize() traces the beams back with GatherTree.

    cell_state = tf.contrib.seq2seq.tile_batch(encoder_state, multiplier=beam_width)
    decoder = tf.contrib.seq2seq.BeamSearchDecoder(cell, embedding, start_tokens, end_token,
                                                   cell_state, beam_width, output_layer)
"""

import collections

import numpy as np

from tinytf import logging as tf_logging
from tinytf.contrib.seq2seq import attention_wrapper, decoder
from tinytf.contrib.seq2seq.basic_decoder import assert_like_rnncell, layer_output_size
from tinytf.contrib.seq2seq.beam_search_ops import gather_tree
from tinytf.contrib.seq2seq.helper import _embedding_fn
from tinytf.framework import dtypes, tensor_shape
from tinytf.framework.op_def import control_dependencies, convert_to_tensor, name_scope
from tinytf.framework.ops import Tensor
from tinytf.layers import base as layers_base
from tinytf.ops import (
    array_ops,
    check_ops,
    indexing_ops,
    math_ops,
    nn_ops,
    reduction_ops,
    sequence_ops,
    shape_util,
)
from tinytf.ops.cond import cond
from tinytf.ops.tensor_array import TensorArray
from tinytf.util import nest


class BeamSearchDecoderState(
    collections.namedtuple(
        "BeamSearchDecoderState",
        ("cell_state", "log_probs", "finished", "lengths", "accumulated_attention_probs"),
    )
):
    """The beams' cell states, total log probabilities, finished flags, lengths and (with a
    coverage penalty) accumulated attention."""


class BeamSearchDecoderOutput(
    collections.namedtuple("BeamSearchDecoderOutput", ("scores", "predicted_ids", "parent_ids"))
):
    """A step's beam scores, word ids and parent beam ids, each [batch, beam_width]."""


class FinalBeamSearchDecoderOutput(
    collections.namedtuple(
        "FinalBeamDecoderOutput", ["predicted_ids", "beam_search_decoder_output"]
    )
):
    """The traced-back predicted_ids [batch, time, beam_width] and the steps' outputs."""


def _tile_batch(t, multiplier):
    t = convert_to_tensor(t, name="t")
    shape_t = array_ops.shape(t)
    if t.shape.ndims is None or t.shape.ndims < 1:
        raise ValueError("t must have statically known rank")
    tiling = [1] * (t.shape.ndims + 1)
    tiling[1] = multiplier
    batch = t.shape.dims[0].value
    tiled = array_ops.tile(array_ops.expand_dims(t, 1), tiling)
    tiled = array_ops.reshape(tiled, array_ops.concat(([shape_t[0] * multiplier], shape_t[1:]), 0))
    tiled.set_shape(
        tensor_shape.TensorShape([None if batch is None else batch * multiplier]).concatenate(
            t.shape[1:]
        )
    )
    return tiled


def tile_batch(t, multiplier, name=None):
    """Each batch entry of each tensor in `t` repeated `multiplier` times (in place: entry b
    becomes rows b * multiplier ... b * multiplier + multiplier - 1)."""
    flat_t = nest.flatten(t)
    with name_scope(name, "tile_batch", flat_t + [multiplier]):
        return nest.map_structure(lambda t_: _tile_batch(t_, multiplier), t)


def _dim(t, axis):
    return t.shape.dims[axis].value or array_ops.shape(t)[axis]


def gather_tree_from_array(t, parent_ids, sequence_length):
    """t [time, batch, beam, ...] reordered along the beams that parent_ids trace back."""
    max_time, batch_size = _dim(parent_ids, 0), _dim(parent_ids, 1)
    beam_width = _dim(parent_ids, 2)
    beam_ids = array_ops.expand_dims(array_ops.expand_dims(math_ops.range(beam_width), 0), 0)
    beam_ids = array_ops.tile(beam_ids, [max_time, batch_size, 1])
    max_sequence_lengths = math_ops.cast(
        reduction_ops.reduce_max(sequence_length, axis=1), dtypes.int32
    )
    sorted_beam_ids = gather_tree(
        step_ids=beam_ids, parent_ids=parent_ids, max_sequence_lengths=max_sequence_lengths,
        end_token=beam_width + 1,
    )  # fmt: skip
    in_bound_steps = array_ops.transpose(
        sequence_ops.sequence_mask(sequence_length, maxlen=max_time), perm=[2, 0, 1]
    )
    sorted_beam_ids = math_ops.where(in_bound_steps, x=sorted_beam_ids, y=beam_ids)
    time_ind = array_ops.tile(
        array_ops.reshape(math_ops.range(max_time), [-1, 1, 1]), [1, batch_size, beam_width]
    )
    batch_ind = array_ops.tile(
        array_ops.reshape(math_ops.range(batch_size), [-1, 1, 1]), [1, max_time, beam_width]
    )
    batch_ind = array_ops.transpose(batch_ind, perm=[1, 0, 2])
    indices = array_ops.stack([time_ind, batch_ind, sorted_beam_ids], -1)
    final_shape = array_ops.shape(t)
    gather_from = array_ops.reshape(t, [max_time, batch_size, beam_width, -1])
    ordered = sequence_ops.gather_nd(gather_from, indices)
    return array_ops.reshape(ordered, final_shape)


def _check_ndims(t):
    if t.shape.ndims is None:
        raise ValueError(f"Expected tensor ({t}) to have known rank, but ndims == None.")


def _check_static_batch_beam_maybe(shape, batch_size, beam_width):
    reshaped_shape = tensor_shape.TensorShape([batch_size, beam_width, None])
    if (
        batch_size is not None
        and shape.dims[0].value is not None
        and (
            shape[0] != batch_size * beam_width
            or (shape.ndims >= 2 and shape.dims[1].value is not None
                and (shape[0] != batch_size or shape[1] != beam_width))
        )
    ):  # fmt: skip
        tf_logging.warn(
            "TensorArray reordering expects elements to be reshapable to %s which is "
            "incompatible with the current shape %s. Consider setting reorder_tensor_arrays "
            "to False to disable TensorArray reordering during the beam search.",
            reshaped_shape, shape,
        )  # fmt: skip
        return False
    return True


def _check_batch_beam(t, batch_size, beam_width):
    message = (
        "TensorArray reordering expects elements to be reshapable to [batch_size, beam_size, "
        f"-1] which is incompatible with the dynamic shape of {t.name} elements. Consider "
        "setting reorder_tensor_arrays to False to disable TensorArray reordering during the "
        "beam search."
    )
    shape = array_ops.shape(t)
    condition = math_ops.equal(shape[1], batch_size * beam_width)
    if t.shape.ndims != 2:
        condition = math_ops.logical_or(
            condition,
            math_ops.logical_and(
                math_ops.equal(shape[1], batch_size), math_ops.equal(shape[2], beam_width)
            ),
        )
    return check_ops.Assert_(condition, [message])


def _static(value):
    return shape_util.constant_value(convert_to_tensor(value)) if value is not None else None


class BeamSearchDecoder(decoder.Decoder):
    """Beam search over an RNN cell (the cell state tiled to batch * beam_width, e.g. with
    tile_batch), feeding back the embedding of each beam's word."""

    def __init__(self, cell, embedding, start_tokens, end_token, initial_state, beam_width,
                 output_layer=None, length_penalty_weight=0.0, coverage_penalty_weight=0.0,
                 reorder_tensor_arrays=True):  # fmt: skip
        """initial_state: the cell's state for batch * beam_width entries; end_token ends a
        beam; reorder_tensor_arrays: TensorArrays in the final cell state follow the beams."""
        assert_like_rnncell("cell", cell)
        if output_layer is not None and not isinstance(output_layer, layers_base.Layer):
            raise TypeError(f"output_layer must be a Layer, received: {type(output_layer)}")
        self._cell, self._output_layer = cell, output_layer
        self._reorder_tensor_arrays = reorder_tensor_arrays
        self._beam_width = beam_width
        self._length_penalty_weight = length_penalty_weight
        self._coverage_penalty_weight = coverage_penalty_weight
        self._embedding_fn = _embedding_fn(embedding)
        self._start_tokens = convert_to_tensor(
            start_tokens, dtype=dtypes.int32, name="start_tokens"
        )
        if self._start_tokens.shape.ndims != 1:
            raise ValueError("start_tokens must be a vector")
        self._end_token = convert_to_tensor(end_token, dtype=dtypes.int32, name="end_token")
        if self._end_token.shape.ndims != 0:
            raise ValueError("end_token must be a scalar")
        self._batch_size = array_ops.size(start_tokens)
        self._initial_cell_state = nest.map_structure(
            self._maybe_split_batch_beams, initial_state, self._cell.state_size
        )
        self._start_tokens = array_ops.tile(
            array_ops.expand_dims(self._start_tokens, 1), [1, self._beam_width]
        )
        self._start_inputs = self._embedding_fn(self._start_tokens)
        self._finished = array_ops.one_hot(
            array_ops.zeros([self._batch_size], dtype=dtypes.int32),
            depth=self._beam_width, on_value=False, off_value=True, dtype=dtypes.bool,
        )  # fmt: skip

    @property
    def batch_size(self):
        return self._batch_size

    def _rnn_output_size(self):
        size = self._cell.output_size
        if self._output_layer is None:
            return size
        return layer_output_size(self._output_layer, size)

    @property
    def tracks_own_finished(self):
        """True: beams are reordered between steps, so the decoder keeps its own flags."""
        return True

    @property
    def output_size(self):
        shape = tensor_shape.TensorShape([self._beam_width])
        return BeamSearchDecoderOutput(scores=shape, predicted_ids=shape, parent_ids=shape)

    @property
    def output_dtype(self):
        dtype = nest.flatten(self._initial_cell_state)[0].dtype
        return BeamSearchDecoderOutput(
            scores=nest.map_structure(lambda _: dtype, self._rnn_output_size()),
            predicted_ids=dtypes.int32,
            parent_ids=dtypes.int32,
        )

    def initialize(self, name=None):
        """(finished, start inputs, the initial BeamSearchDecoderState): only beam 0 of each
        batch entry starts alive (log prob 0, the others -inf)."""
        finished, start_inputs = self._finished, self._start_inputs
        dtype = nest.flatten(self._initial_cell_state)[0].dtype
        log_probs = array_ops.one_hot(
            array_ops.zeros([self._batch_size], dtype=dtypes.int32),
            depth=self._beam_width,
            on_value=convert_to_tensor(0.0, dtype=dtype),
            off_value=convert_to_tensor(-np.inf, dtype=dtype),
            dtype=dtype,
        )
        init_attention_probs = get_attention_probs(
            self._initial_cell_state, self._coverage_penalty_weight
        )
        if init_attention_probs is None:
            init_attention_probs = ()
        initial_state = BeamSearchDecoderState(
            cell_state=self._initial_cell_state,
            log_probs=log_probs,
            finished=finished,
            lengths=array_ops.zeros([self._batch_size, self._beam_width], dtype=dtypes.int64),
            accumulated_attention_probs=init_attention_probs,
        )
        return finished, start_inputs, initial_state

    def finalize(self, outputs, final_state, sequence_lengths):
        """The predicted ids traced back through the parents (GatherTree); TensorArrays in
        the cell state reordered along the beams."""
        max_sequence_lengths = math_ops.cast(
            reduction_ops.reduce_max(final_state.lengths, axis=1), dtypes.int32
        )
        predicted_ids = gather_tree(
            outputs.predicted_ids, outputs.parent_ids,
            max_sequence_lengths=max_sequence_lengths, end_token=self._end_token,
        )  # fmt: skip
        if self._reorder_tensor_arrays:
            final_state = final_state._replace(
                cell_state=nest.map_structure(
                    lambda t: self._maybe_sort_array_beams(
                        t, outputs.parent_ids, final_state.lengths
                    ),
                    final_state.cell_state,
                )
            )
        outputs = FinalBeamSearchDecoderOutput(
            beam_search_decoder_output=outputs, predicted_ids=predicted_ids
        )
        return outputs, final_state

    def _merge_batch_beams(self, t, s=None):
        s = (
            tensor_shape.as_shape(_static(s))
            if isinstance(s, Tensor)
            else (tensor_shape.TensorShape(s))
        )
        static_batch_size = _static(self._batch_size)
        merged = None if static_batch_size is None else static_batch_size * self._beam_width
        reshaped_t = array_ops.reshape(
            t,
            array_ops.concat(([self._batch_size * self._beam_width], array_ops.shape(t)[2:]), 0),
        )
        reshaped_t.set_shape(tensor_shape.TensorShape([merged]).concatenate(s))
        return reshaped_t

    def _split_batch_beams(self, t, s=None):
        s = (
            tensor_shape.TensorShape(_static(s))
            if isinstance(s, Tensor)
            else (tensor_shape.TensorShape(s))
        )
        reshaped_t = array_ops.reshape(
            t,
            array_ops.concat(([self._batch_size, self._beam_width], array_ops.shape(t)[1:]), 0),
        )
        expected = tensor_shape.TensorShape(
            [_static(self._batch_size), self._beam_width]
        ).concatenate(s)
        if not reshaped_t.shape.is_compatible_with(expected):
            raise ValueError(
                "Unexpected behavior when reshaping between beam width and batch size.  The "
                f"reshaped tensor has shape: {reshaped_t.shape}.  We expected it to have "
                f"shape (batch_size, beam_width, depth) == {expected}.  Perhaps you forgot "
                "to create a zero_state with batch_size=encoder_batch_size * beam_width?"
            )
        reshaped_t.set_shape(expected)
        return reshaped_t

    def _maybe_split_batch_beams(self, t, s):
        if isinstance(t, TensorArray):
            return t
        _check_ndims(t)
        return self._split_batch_beams(t, s) if t.shape.ndims >= 1 else t

    def _maybe_merge_batch_beams(self, t, s):
        if isinstance(t, TensorArray):
            return t
        _check_ndims(t)
        return self._merge_batch_beams(t, s) if t.shape.ndims >= 2 else t

    def _maybe_sort_array_beams(self, t, parent_ids, sequence_length):
        if not isinstance(t, TensorArray):
            return t
        element_shape = t.element_shape
        if element_shape.ndims is None or element_shape.ndims < 1:
            tf_logging.warn(
                "The TensorArray %s in the cell state is not amenable to sorting based on the "
                "beam search result. For a TensorArray to be sorted, its elements shape must "
                "be defined and have at least a rank of 1, but saw shape: %s",
                t.handle.name, element_shape,
            )  # fmt: skip
            return t
        if not _check_static_batch_beam_maybe(
            element_shape, _static(self._batch_size), self._beam_width
        ):
            return t
        t = t.stack()
        with control_dependencies([_check_batch_beam(t, self._batch_size, self._beam_width)]):
            return gather_tree_from_array(t, parent_ids, sequence_length)

    def step(self, time, inputs, state, name=None):
        """(BeamSearchDecoderOutput, next BeamSearchDecoderState, next inputs, finished)."""
        with name_scope(name, "BeamSearchDecoderStep", (time, inputs, state)):
            inputs = nest.map_structure(
                lambda inp: self._merge_batch_beams(inp, s=inp.shape[2:]), inputs
            )
            cell_state = nest.map_structure(
                self._maybe_merge_batch_beams, state.cell_state, self._cell.state_size
            )
            cell_outputs, next_cell_state = self._cell(inputs, cell_state)
            cell_outputs = nest.map_structure(
                lambda out: self._split_batch_beams(out, out.shape[1:]), cell_outputs
            )
            next_cell_state = nest.map_structure(
                self._maybe_split_batch_beams, next_cell_state, self._cell.state_size
            )
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            beam_search_output, beam_search_state = _beam_search_step(
                time=time, logits=cell_outputs, next_cell_state=next_cell_state,
                beam_state=state, batch_size=self._batch_size, beam_width=self._beam_width,
                end_token=self._end_token, length_penalty_weight=self._length_penalty_weight,
                coverage_penalty_weight=self._coverage_penalty_weight,
            )  # fmt: skip
            finished = beam_search_state.finished
            sample_ids = beam_search_output.predicted_ids
            next_inputs = cond(
                reduction_ops.reduce_all(finished),
                lambda: self._start_inputs,
                lambda: self._embedding_fn(sample_ids),
            )
        return beam_search_output, beam_search_state, next_inputs, finished


def _lengths_to_add(batch_size, beam_width, end_token, vocab_size, not_finished):
    """1 for every word but end_token, for the beams not yet finished: [batch, beam, vocab]."""
    lengths = array_ops.one_hot(
        indices=array_ops.fill([batch_size, beam_width], end_token), depth=vocab_size,
        on_value=math_ops.to_int64(0), off_value=math_ops.to_int64(1), dtype=dtypes.int64,
    )  # fmt: skip
    return lengths * array_ops.expand_dims(math_ops.cast(not_finished, dtypes.int64), 2)


def _beam_search_step(time, logits, next_cell_state, beam_state, batch_size, beam_width,
                      end_token, length_penalty_weight, coverage_penalty_weight):  # fmt: skip
    """One beam search step: the beam_width best (beam, word) continuations of each entry."""
    static_batch_size = _static(batch_size)
    previously_finished = beam_state.finished
    not_finished = math_ops.logical_not(previously_finished)
    step_log_probs = _mask_probs(nn_ops.log_softmax(logits), end_token, previously_finished)
    total_probs = array_ops.expand_dims(beam_state.log_probs, 2) + step_log_probs
    vocab_size = logits.shape.dims[-1].value or array_ops.shape(logits)[-1]
    new_prediction_lengths = _lengths_to_add(
        batch_size, beam_width, end_token, vocab_size, not_finished
    ) + array_ops.expand_dims(beam_state.lengths, 2)
    accumulated_attention_probs = None
    attention_probs = get_attention_probs(next_cell_state, coverage_penalty_weight)
    if attention_probs is not None:
        attention_probs *= array_ops.expand_dims(math_ops.cast(not_finished, dtypes.float32), 2)
        accumulated_attention_probs = beam_state.accumulated_attention_probs + attention_probs
    scores = _get_scores(
        log_probs=total_probs, sequence_lengths=new_prediction_lengths,
        length_penalty_weight=length_penalty_weight,
        coverage_penalty_weight=coverage_penalty_weight, finished=previously_finished,
        accumulated_attention_probs=accumulated_attention_probs,
    )  # fmt: skip
    time = convert_to_tensor(time, name="time")
    scores_flat = array_ops.reshape(scores, [batch_size, -1])
    next_beam_size = convert_to_tensor(beam_width, dtype=dtypes.int32, name="beam_width")
    next_beam_scores, word_indices = nn_ops.top_k(scores_flat, k=next_beam_size)
    next_beam_scores.set_shape([static_batch_size, beam_width])
    word_indices.set_shape([static_batch_size, beam_width])
    gather = _gatherer(batch_size, beam_width)
    next_beam_probs = _tensor_gather_helper(
        word_indices, total_probs, batch_size, beam_width * vocab_size, [-1],
        name="next_beam_probs",
    )  # fmt: skip
    raw_next_word_ids = math_ops.mod(word_indices, vocab_size, name="next_beam_word_ids")
    next_word_ids = math_ops.cast(raw_next_word_ids, dtypes.int32)
    next_beam_ids = math_ops.cast(
        word_indices / vocab_size, dtypes.int32, name="next_beam_parent_ids"
    )
    previously_finished = gather(next_beam_ids, previously_finished, [-1])
    next_finished = math_ops.logical_or(
        previously_finished, math_ops.equal(next_word_ids, end_token), name="next_beam_finished"
    )
    lengths_to_add = math_ops.cast(math_ops.logical_not(previously_finished), dtypes.int64)
    next_prediction_len = gather(next_beam_ids, beam_state.lengths, [-1]) + lengths_to_add
    next_accumulated_attention_probs = ()
    if accumulated_attention_probs is not None:
        next_accumulated_attention_probs = gather(
            next_beam_ids, accumulated_attention_probs, [batch_size * beam_width, -1],
            name="next_accumulated_attention_probs",
        )  # fmt: skip
    next_cell_state = nest.map_structure(
        lambda gather_from: _maybe_tensor_gather_helper(
            next_beam_ids, gather_from, batch_size, beam_width, [batch_size * beam_width, -1]
        ),
        next_cell_state,
    )
    next_state = BeamSearchDecoderState(
        cell_state=next_cell_state, log_probs=next_beam_probs, lengths=next_prediction_len,
        finished=next_finished, accumulated_attention_probs=next_accumulated_attention_probs,
    )  # fmt: skip
    output = BeamSearchDecoderOutput(
        scores=next_beam_scores, predicted_ids=next_word_ids, parent_ids=next_beam_ids
    )
    return output, next_state


def _gatherer(batch_size, beam_width):
    def gather(indices, gather_from, gather_shape, name=None):
        return _tensor_gather_helper(
            indices, gather_from, batch_size, beam_width, gather_shape, name=name
        )

    return gather


def get_attention_probs(next_cell_state, coverage_penalty_weight):
    """The attention probabilities of the (attention-wrapped) cell state (averaged over the
    mechanisms and wrapped cells), or None without a coverage penalty."""
    if coverage_penalty_weight == 0.0:
        return None
    probs = []
    if isinstance(next_cell_state, attention_wrapper.AttentionWrapperState):
        probs = [attention_probs_from_attn_state(next_cell_state)]
    elif isinstance(next_cell_state, tuple):
        probs = [attention_probs_from_attn_state(s) for s in next_cell_state
                 if isinstance(s, attention_wrapper.AttentionWrapperState)]  # fmt: skip
    if not probs:
        raise ValueError("coverage_penalty_weight must be 0.0 if no cell is attentional.")
    return probs[0] if len(probs) == 1 else _mean_last(probs)


def _mean_last(probs):
    stacked = array_ops.concat([array_ops.expand_dims(p, -1) for p in probs], -1)
    return reduction_ops.reduce_mean(stacked, -1)


def attention_probs_from_attn_state(attention_state):
    """The state's alignments (averaged over several mechanisms)."""
    probs = attention_state.alignments
    return _mean_last(probs) if isinstance(probs, tuple) else probs


def _get_scores(log_probs, sequence_lengths, length_penalty_weight, coverage_penalty_weight,
                finished, accumulated_attention_probs):  # fmt: skip
    length_penalty_ = math_ops.cast(
        _length_penalty(sequence_lengths, length_penalty_weight), dtype=log_probs.dtype
    )
    scores = log_probs / length_penalty_
    coverage_penalty_weight = convert_to_tensor(
        coverage_penalty_weight, name="coverage_penalty_weight"
    )
    if coverage_penalty_weight.shape.ndims != 0:
        raise ValueError(
            "coverage_penalty_weight should be a scalar, but saw shape: "
            f"{coverage_penalty_weight.shape}"
        )
    if _static(coverage_penalty_weight) == 0.0:
        return scores
    if accumulated_attention_probs is None:
        raise ValueError(
            "accumulated_attention_probs can be None only if coverage penalty is disabled."
        )
    accumulated = math_ops.where(
        math_ops.equal(accumulated_attention_probs, 0.0),
        array_ops.ones_like(accumulated_attention_probs),
        accumulated_attention_probs,
    )
    coverage_penalty = reduction_ops.reduce_sum(math_ops.log(math_ops.minimum(accumulated, 1.0)), 2)
    coverage_penalty *= math_ops.cast(finished, dtypes.float32)
    weighted = array_ops.expand_dims(coverage_penalty * coverage_penalty_weight, 2)
    return scores + weighted


def _length_penalty(sequence_lengths, penalty_factor):
    """((5 + length) / 6) ** penalty_factor (Wu et al., 2016), or 1.0 for a constant 0."""
    penalty_factor = convert_to_tensor(penalty_factor, name="penalty_factor")
    penalty_factor.set_shape(())
    static_penalty = _static(penalty_factor)
    if static_penalty is not None and static_penalty == 0:
        return 1.0
    return math_ops.div(
        (5.0 + math_ops.cast(sequence_lengths, dtypes.float32)) ** penalty_factor,
        (5.0 + 1.0) ** penalty_factor,
    )


def _mask_probs(probs, eos_token, finished):
    """Finished beams' log probs: 0 for eos_token, the dtype's lowest value for the rest."""
    vocab_size = array_ops.shape(probs)[2]
    finished_row = array_ops.one_hot(
        eos_token, vocab_size, dtype=probs.dtype,
        on_value=convert_to_tensor(0.0, dtype=probs.dtype), off_value=probs.dtype.min,
    )  # fmt: skip
    finished_probs = array_ops.tile(
        array_ops.reshape(finished_row, [1, 1, -1]),
        array_ops.concat([array_ops.shape(finished), [1]], 0),
    )
    finished_mask = array_ops.tile(array_ops.expand_dims(finished, 2), [1, 1, vocab_size])
    return math_ops.where(finished_mask, finished_probs, probs)


def _maybe_tensor_gather_helper(gather_indices, gather_from, batch_size, range_size,
                                gather_shape):  # fmt: skip
    if isinstance(gather_from, TensorArray):
        return gather_from
    _check_ndims(gather_from)
    if gather_from.shape.ndims >= len(gather_shape):
        return _tensor_gather_helper(
            gather_indices, gather_from, batch_size, range_size, gather_shape
        )
    return gather_from


def _tensor_gather_helper(gather_indices, gather_from, batch_size, range_size, gather_shape,
                          name=None):  # fmt: skip
    """gather_from's rows picked per batch entry by gather_indices (beam or word ids)."""
    with name_scope(name, "tensor_gather_helper"):
        range_ = array_ops.expand_dims(math_ops.range(batch_size) * range_size, 1)
        gather_indices = array_ops.reshape(gather_indices + range_, [-1])
        output = indexing_ops.gather(array_ops.reshape(gather_from, gather_shape), gather_indices)
        final_shape = array_ops.shape(gather_from)[: 1 + len(gather_shape)]
        final_static_shape = tensor_shape.TensorShape([_static(batch_size)]).concatenate(
            gather_from.shape[1 : 1 + len(gather_shape)]
        )
        output = array_ops.reshape(output, final_shape, name="output")
        output.set_shape(final_static_shape)
        return output

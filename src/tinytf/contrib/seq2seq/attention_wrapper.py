"""The attention of tf.contrib.seq2seq (TF 1.15's attention_wrapper.py): the Bahdanau (additive)
and Luong (multiplicative) mechanisms over a memory, and AttentionWrapper, an RNNCell that
attends with its cell's output at every step and feeds the attention to the next step.

    attention = tf.contrib.seq2seq.LuongAttention(16, encoder_outputs, source_lengths)
    cell = tf.contrib.seq2seq.AttentionWrapper(cell, attention, attention_layer_size=16)
"""

import collections
import math

import numpy as np

from tinytf.contrib.seq2seq.basic_decoder import assert_like_rnncell
from tinytf.contrib.seq2seq.decoder import _zero_state_tensors
from tinytf.framework import dtypes, tensor_shape
from tinytf.framework.op_def import control_dependencies, convert_to_tensor, name_scope
from tinytf.framework.ops import Tensor
from tinytf.layers import base as layers_base
from tinytf.layers.core import Dense
from tinytf.layers.rnn_cell import RNNCell
from tinytf.ops import (
    array_ops,
    check_ops,
    clip_ops,
    init_ops,
    math_ops,
    nn_ops,
    reduction_ops,
    sequence_ops,
)
from tinytf.ops import variable_scope as vs
from tinytf.ops.tensor_array import TensorArray
from tinytf.util import nest


class AttentionMechanism:
    """The base of attention mechanisms (what AttentionWrapper accepts)."""

    @property
    def alignments_size(self):
        """The number of memory positions attended over."""
        raise NotImplementedError

    @property
    def state_size(self):
        """The size of the mechanism's state (its previous alignments)."""
        raise NotImplementedError


class _Dense(Dense):
    """A Dense whose given name is made unique as TF 1.15's layers make it (memory_layer,
    memory_layer_1, ...: tinytf's base Layer uses a given name as is)."""

    def _enter_scope(self, scope=None):
        if self._scope is None and scope is None and not self._reuse:
            return vs.variable_scope(None, default_name=self._base_name)
        return super()._enter_scope(scope)


def _prepare_memory(memory, memory_sequence_length, check_inner_dims_defined):
    """The memory as tensors, zeroed past each memory_sequence_length."""
    memory = nest.map_structure(lambda m: convert_to_tensor(m, name="memory"), memory)
    if memory_sequence_length is not None:
        memory_sequence_length = convert_to_tensor(
            memory_sequence_length, name="memory_sequence_length"
        )
    if check_inner_dims_defined:
        for m in nest.flatten(memory):
            if not m.shape[2:].is_fully_defined():
                raise ValueError(
                    f"Expected memory {m.name} to have fully defined inner dims, but saw "
                    f"shape: {m.shape}"
                )
    if memory_sequence_length is None:
        return memory
    first = nest.flatten(memory)[0]
    mask = sequence_ops.sequence_mask(
        memory_sequence_length, maxlen=array_ops.shape(first)[1], dtype=first.dtype
    )

    def maybe_mask(m):
        rank = m.shape.ndims if m.shape.ndims is not None else array_ops.rank(m)
        extra_ones = array_ops.ones(rank - 2, dtype=dtypes.int32)
        return m * array_ops.reshape(mask, array_ops.concat((array_ops.shape(mask), extra_ones), 0))

    return nest.map_structure(maybe_mask, memory)


def _maybe_mask_score(score, memory_sequence_length, score_mask_value):
    if memory_sequence_length is None:
        return score
    message = "All values in memory_sequence_length must be greater than zero."
    with control_dependencies([check_ops.assert_positive(memory_sequence_length,
                                                         message=message)]):  # fmt: skip
        memory_mask = sequence_ops.sequence_mask(
            memory_sequence_length, maxlen=array_ops.shape(score)[1]
        )
    score_mask_values = score_mask_value * array_ops.ones_like(score)
    return math_ops.where(memory_mask, score, score_mask_values)


def _dim(tensor, axis):
    return tensor.shape[axis].value or array_ops.shape(tensor)[axis]


class _BaseAttentionMechanism(AttentionMechanism):
    """Keys (the memory through memory_layer) and values (the masked memory) of a memory."""

    def __init__(self, query_layer, memory, probability_fn, memory_sequence_length=None,
                 memory_layer=None, check_inner_dims_defined=True, score_mask_value=None,
                 custom_key_value_fn=None, name=None):  # fmt: skip
        for layer, what in ((query_layer, "query_layer"), (memory_layer, "memory_layer")):
            if layer is not None and not isinstance(layer, layers_base.Layer):
                raise TypeError(f"{what} is not a Layer: {type(layer).__name__}")
        self._query_layer, self._memory_layer = query_layer, memory_layer
        self.dtype = memory_layer.dtype
        if not callable(probability_fn):
            raise TypeError(
                f"probability_fn must be callable, saw type: {type(probability_fn).__name__}"
            )
        if score_mask_value is None:
            score_mask_value = dtypes.as_dtype(memory_layer.dtype).as_numpy_dtype(-np.inf)
        self._probability_fn = lambda score, prev: probability_fn(
            _maybe_mask_score(score, memory_sequence_length, score_mask_value), prev
        )
        with name_scope(name, "BaseAttentionMechanismInit", nest.flatten(memory)):
            self._values = _prepare_memory(memory, memory_sequence_length, check_inner_dims_defined)
            self._keys = self.memory_layer(self._values) if self.memory_layer else self._values
            if custom_key_value_fn is not None:
                self._keys, self._values = custom_key_value_fn(self._keys, self._values)
            self._batch_size = _dim(self._keys, 0)
            self._alignments_size = _dim(self._keys, 1)

    memory_layer = property(lambda self: self._memory_layer)
    query_layer = property(lambda self: self._query_layer)
    values = property(lambda self: self._values)
    keys = property(lambda self: self._keys)
    batch_size = property(lambda self: self._batch_size)
    alignments_size = property(lambda self: self._alignments_size)
    state_size = property(lambda self: self._alignments_size)

    def initial_alignments(self, batch_size, dtype):
        """Zeros [batch_size, alignments_size]."""
        return _zero_state_tensors(self._alignments_size, batch_size, dtype)

    def initial_state(self, batch_size, dtype):
        """The initial alignments."""
        return self.initial_alignments(batch_size, dtype)


def _luong_score(query, keys, scale):
    depth, key_units = query.shape[-1], keys.shape[-1]
    if depth != key_units:
        raise ValueError(
            "Incompatible or unknown inner dimensions between query and keys.  "
            f"Query ({query}) has units: {depth}.  Keys ({keys}) have units: {key_units}.  "
            f"Perhaps you need to set num_units to the keys' dimension ({key_units})?"
        )
    score = math_ops.matmul(array_ops.expand_dims(query, 1), keys, transpose_b=True)
    score = array_ops.squeeze(score, [1])
    return score if scale is None else scale * score


class LuongAttention(_BaseAttentionMechanism):
    """Multiplicative attention: score = query . (memory W), optionally scaled by a learned g."""

    def __init__(self, num_units, memory, memory_sequence_length=None, scale=False,
                 probability_fn=None, score_mask_value=None, dtype=None,
                 custom_key_value_fn=None, name="LuongAttention"):  # fmt: skip
        """num_units: the keys' depth (the query's depth must equal it)."""
        probability_fn = probability_fn or nn_ops.softmax
        super().__init__(
            query_layer=None,
            memory_layer=_Dense(
                num_units, name="memory_layer", use_bias=False, dtype=dtype or dtypes.float32
            ),  # fmt: skip
            memory=memory,
            probability_fn=lambda score, _: probability_fn(score),
            memory_sequence_length=memory_sequence_length,
            score_mask_value=score_mask_value,
            custom_key_value_fn=custom_key_value_fn,
            name=name,
        )
        self._num_units, self._scale, self._name = num_units, scale, name

    def __call__(self, query, state):
        """(alignments, next_state) for `query` [batch, num_units]."""
        with vs.variable_scope(None, "luong_attention", [query]):
            attention_g = None
            if self._scale:
                attention_g = vs.get_variable(
                    "attention_g", dtype=query.dtype,
                    initializer=init_ops.ones_initializer(), shape=(),
                )  # fmt: skip
            score = _luong_score(query, self._keys, attention_g)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def _bahdanau_score(processed_query, keys, attention_v, attention_g=None, attention_b=None):
    processed_query = array_ops.expand_dims(processed_query, 1)
    if attention_g is not None and attention_b is not None:
        normed_v = (
            attention_g
            * attention_v
            * math_ops.rsqrt(reduction_ops.reduce_sum(math_ops.square(attention_v)))
        )
        return reduction_ops.reduce_sum(
            normed_v * math_ops.tanh(keys + processed_query + attention_b), [2]
        )
    return reduction_ops.reduce_sum(attention_v * math_ops.tanh(keys + processed_query), [2])


class BahdanauAttention(_BaseAttentionMechanism):
    """Additive attention: score = v . tanh(memory W1 + query W2) (weight-normalized with
    normalize=True)."""

    def __init__(self, num_units, memory, memory_sequence_length=None, normalize=False,
                 probability_fn=None, score_mask_value=None, dtype=None,
                 custom_key_value_fn=None, name="BahdanauAttention"):  # fmt: skip
        """num_units: the depth of the query and memory projections."""
        probability_fn = probability_fn or nn_ops.softmax
        dtype = dtype or dtypes.float32
        super().__init__(
            query_layer=_Dense(num_units, name="query_layer", use_bias=False, dtype=dtype),
            memory_layer=_Dense(num_units, name="memory_layer", use_bias=False, dtype=dtype),
            memory=memory,
            probability_fn=lambda score, _: probability_fn(score),
            custom_key_value_fn=custom_key_value_fn,
            memory_sequence_length=memory_sequence_length,
            score_mask_value=score_mask_value,
            name=name,
        )
        self._num_units, self._normalize, self._name = num_units, normalize, name

    def __call__(self, query, state):
        """(alignments, next_state) for `query` [batch, query depth]."""
        with vs.variable_scope(None, "bahdanau_attention", [query]):
            processed_query = self.query_layer(query) if self.query_layer else query
            attention_v = vs.get_variable("attention_v", [self._num_units], dtype=query.dtype)
            attention_g = attention_b = None
            if self._normalize:
                attention_g = vs.get_variable(
                    "attention_g", dtype=query.dtype, shape=(),
                    initializer=init_ops.constant_initializer(math.sqrt(1.0 / self._num_units)),
                )  # fmt: skip
                attention_b = vs.get_variable(
                    "attention_b", [self._num_units], dtype=query.dtype,
                    initializer=init_ops.zeros_initializer(),
                )  # fmt: skip
            score = _bahdanau_score(processed_query, self._keys, attention_v, attention_g,
                                    attention_b)  # fmt: skip
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def hardmax(logits, name=None):
    """One-hot of the argmax of logits along the last axis (in logits' dtype)."""
    with name_scope(name, "Hardmax", [logits]):
        logits = convert_to_tensor(logits, name="logits")
        depth = logits.shape[-1].value
        if depth is None:
            depth = array_ops.shape(logits)[-1]
        return array_ops.one_hot(reduction_ops.argmax(logits, -1), depth, dtype=logits.dtype)


def safe_cumprod(x, *args, **kwargs):
    """cumprod computed as exp(cumsum(log(x))) with x clipped to [tiny, 1] (no underflow)."""
    with name_scope(None, "SafeCumprod", [x]):
        x = convert_to_tensor(x, name="x")
        tiny = np.finfo(x.dtype.as_numpy_dtype).tiny
        return math_ops.exp(
            sequence_ops.cumsum(math_ops.log(clip_ops.clip_by_value(x, tiny, 1)), *args, **kwargs)
        )


def _with_shape(old, new):
    """`new`, checked to have `old`'s shape (TF's contrib tensor_util.with_same_shape)."""
    if not (isinstance(old, Tensor) and isinstance(new, Tensor)):
        return new
    with name_scope(f"{new.op.name}/", values=[old, new]):
        expected = old.shape.as_list() if old.shape.is_fully_defined() else None
        if expected is not None and new.shape.is_fully_defined():
            if new.shape.is_compatible_with(expected):
                return new
            if not expected and new.shape.is_compatible_with([1]):
                return array_ops.reshape(new, [])
            raise ValueError(
                f"Invalid shape for tensor {new.name}, expected {np.asarray(expected)}, got "
                f"{new.shape}."
            )
        if expected == []:
            return array_ops.reshape(new, [])
        want = array_ops.shape(old, name="expected_shape") if expected is None else expected
        check = check_ops.assert_equal(
            array_ops.shape(new), want, message=f"Wrong shape for {new.name} [expected] [actual]."
        )
        with control_dependencies([check]):
            result = array_ops.identity(new)
        if expected is not None:
            result.set_shape(expected)
        return result


class AttentionWrapperState(
    collections.namedtuple(
        "AttentionWrapperState",
        ("cell_state", "attention", "time", "alignments", "alignment_history",
         "attention_state"),
    )
):  # fmt: skip
    """An AttentionWrapper's state: the wrapped cell's state, the last attention, the time,
    the alignments, their history (TensorArrays, or () without alignment_history) and the
    mechanisms' states."""

    def clone(self, **kwargs):
        """A copy with some fields replaced (each checked to keep its shape)."""
        return nest.map_structure(_with_shape, self, super()._replace(**kwargs))


def _compute_attention(attention_mechanism, cell_output, attention_state, attention_layer):
    """(attention, alignments, next_attention_state) of one mechanism."""
    alignments, next_attention_state = attention_mechanism(cell_output, state=attention_state)
    context = math_ops.matmul(array_ops.expand_dims(alignments, 1), attention_mechanism.values)
    context = array_ops.squeeze(context, [1])
    if attention_layer is not None:
        attention = attention_layer(array_ops.concat([cell_output, context], 1))
    else:
        attention = context
    return attention, alignments, next_attention_state


_BATCH_MISMATCH = (
    "Non-matching batch sizes between the memory (encoder output) and {what}.  Are you using "
    "the BeamSearchDecoder?  {hint}"
)
_TILE_HINT = (
    "You may need to tile your {what} via the tf.contrib.seq2seq.tile_batch function with "
    "argument multiple=beam_width."
)


def _mechanisms(attention_mechanism):
    """(is_multi, the mechanisms as a tuple), with TF's TypeErrors."""
    if isinstance(attention_mechanism, (list, tuple)):
        for m in attention_mechanism:
            if not isinstance(m, AttentionMechanism):
                raise TypeError(
                    "attention_mechanism must contain only instances of AttentionMechanism, "
                    f"saw type: {type(m).__name__}"
                )
        return True, tuple(attention_mechanism)
    if not isinstance(attention_mechanism, AttentionMechanism):
        raise TypeError(
            "attention_mechanism must be an AttentionMechanism or list of multiple "
            f"AttentionMechanism instances, saw type: {type(attention_mechanism).__name__}"
        )
    return False, (attention_mechanism,)


def _attention_layers(cell, mechanisms, attention_layer_size, attention_layer):
    """(the attention layers or None, the attention's total size)."""
    if attention_layer_size is not None and attention_layer is not None:
        raise ValueError("Only one of attention_layer_size and attention_layer should be set")
    if attention_layer_size is not None:
        sizes = tuple(
            attention_layer_size
            if isinstance(attention_layer_size, (list, tuple))
            else (attention_layer_size,)
        )
        if len(sizes) != len(mechanisms):
            raise ValueError(
                "If provided, attention_layer_size must contain exactly one integer per "
                f"attention_mechanism, saw: {len(sizes)} vs {len(mechanisms)}"
            )
        layers = tuple(
            _Dense(size, name="attention_layer", use_bias=False, dtype=m.dtype)
            for size, m in zip(sizes, mechanisms)
        )
        return layers, sum(sizes)
    if attention_layer is not None:
        from tinytf.contrib.seq2seq.basic_decoder import layer_output_size

        layers = tuple(
            attention_layer if isinstance(attention_layer, (list, tuple)) else (attention_layer,)
        )
        if len(layers) != len(mechanisms):
            raise ValueError(
                "If provided, attention_layer must contain exactly one layer per "
                f"attention_mechanism, saw: {len(layers)} vs {len(mechanisms)}"
            )
        size = sum(
            layer_output_size(layer, [cell.output_size + m.values.shape[-1].value])[-1].value
            for layer, m in zip(layers, mechanisms)
        )
        return layers, size
    return None, sum(m.values.shape[-1].value for m in mechanisms)


class AttentionWrapper(RNNCell):
    """An RNNCell that attends over the mechanisms' memories with its cell's output at each
    step; the cell's inputs get the previous attention (cell_input_fn)."""

    def __init__(self, cell, attention_mechanism, attention_layer_size=None,
                 alignment_history=False, cell_input_fn=None, output_attention=True,
                 initial_cell_state=None, name=None, attention_layer=None, attention_fn=None,
                 dtype=None):  # fmt: skip
        """attention_layer_size: a Dense (no bias) of [cell output, context] per mechanism;
        alignment_history: keep each step's alignments in TensorArrays; output_attention:
        output the attention (Luong) rather than the cell output (Bahdanau)."""
        super().__init__(name=name, dtype=dtype)
        assert_like_rnncell("cell", cell)
        self._is_multi, mechanisms = _mechanisms(attention_mechanism)
        if cell_input_fn is None:
            cell_input_fn = lambda inputs, attention: array_ops.concat([inputs, attention], -1)  # noqa: E731
        elif not callable(cell_input_fn):
            raise TypeError(
                f"cell_input_fn must be callable, saw type: {type(cell_input_fn).__name__}"
            )
        self._attention_layers, self._attention_layer_size = _attention_layers(
            cell, mechanisms, attention_layer_size, attention_layer
        )
        self._attention_fn = attention_fn or _compute_attention
        self._cell, self._attention_mechanisms = cell, mechanisms
        self._cell_input_fn, self._output_attention = cell_input_fn, output_attention
        self._alignment_history = alignment_history
        with name_scope(name, "AttentionWrapperInit"):
            self._initial_cell_state = None
            if initial_cell_state is not None:
                batch_size = _dim(nest.flatten(initial_cell_state)[-1], 0)
                self._initial_cell_state = self._checked(
                    initial_cell_state, batch_size, "check_initial_cell_state",
                    f"When constructing AttentionWrapper {self._base_name}: "
                    + _BATCH_MISMATCH.format(
                        what="initial_cell_state", hint=_TILE_HINT.format(what="initial state")
                    ),
                )  # fmt: skip

    def _batch_size_checks(self, batch_size, error_message):
        return [
            check_ops.assert_equal(batch_size, m.batch_size, message=error_message)
            for m in self._attention_mechanisms
        ]

    def _checked(self, structure, batch_size, name, message):
        """Identities of `structure` that first check `batch_size` against the memories'."""
        with control_dependencies(self._batch_size_checks(batch_size, message)):
            return nest.map_structure(lambda s: array_ops.identity(s, name=name), structure)

    def _item_or_tuple(self, seq):
        t = tuple(seq)
        return t if self._is_multi else t[0]

    @property
    def output_size(self):
        if self._output_attention:
            return self._attention_layer_size
        return self._cell.output_size

    @property
    def state_size(self):
        """An AttentionWrapperState of the sizes (alignment_history: () when not kept)."""
        mechanisms = self._attention_mechanisms
        return AttentionWrapperState(
            cell_state=self._cell.state_size,
            time=tensor_shape.TensorShape([]),
            attention=self._attention_layer_size,
            alignments=self._item_or_tuple(a.alignments_size for a in mechanisms),
            attention_state=self._item_or_tuple(a.state_size for a in mechanisms),
            alignment_history=self._item_or_tuple(
                a.alignments_size if self._alignment_history else () for a in mechanisms
            ),
        )

    def zero_state(self, batch_size, dtype):
        """The initial AttentionWrapperState: the cell's zero (or initial_cell_state) state,
        zero attention and alignments, empty alignment histories."""
        with name_scope(f"{type(self).__name__}ZeroState", values=[batch_size]):
            cell_state = self._initial_cell_state
            if cell_state is None:
                cell_state = self._cell.zero_state(batch_size, dtype)
            message = f"When calling zero_state of AttentionWrapper {self._base_name}: " + (
                _BATCH_MISMATCH.format(
                    what="the requested batch size",
                    hint="If so, make sure your encoder output has been tiled to beam_width "
                    "via tf.contrib.seq2seq.tile_batch, and the batch_size= argument passed "
                    "to zero_state is batch_size * beam_width.",
                )
            )
            cell_state = self._checked(cell_state, batch_size, "checked_cell_state", message)
            alignments = [m.initial_alignments(batch_size, dtype)
                          for m in self._attention_mechanisms]  # fmt: skip
            return AttentionWrapperState(
                cell_state=cell_state,
                time=array_ops.zeros([], dtype=dtypes.int32),
                attention=_zero_state_tensors(self._attention_layer_size, batch_size, dtype),
                alignments=self._item_or_tuple(alignments),
                attention_state=self._item_or_tuple(
                    m.initial_state(batch_size, dtype) for m in self._attention_mechanisms
                ),
                alignment_history=self._item_or_tuple(
                    TensorArray(dtype, size=0, dynamic_size=True, element_shape=a.shape)
                    if self._alignment_history
                    else ()
                    for a in alignments
                ),
            )

    def call(self, inputs, state):
        """(output, next AttentionWrapperState) of one step."""
        if not isinstance(state, AttentionWrapperState):
            raise TypeError(
                "Expected state to be instance of AttentionWrapperState. Received type "
                f"{type(state)} instead."
            )
        cell_inputs = self._cell_input_fn(inputs, state.attention)
        cell_output, next_cell_state = self._cell(cell_inputs, state.cell_state)
        message = f"When applying AttentionWrapper {self.name}: " + _BATCH_MISMATCH.format(
            what="the query (decoder output)", hint=_TILE_HINT.format(what="memory input")
        )
        cell_output = self._checked(
            cell_output, _dim(cell_output, 0), "checked_cell_output", message
        )
        states, histories = state.attention_state, state.alignment_history
        if not self._is_multi:
            states, histories = [states], [histories]
        attentions, all_alignments, next_states, next_histories = [], [], [], []
        for i, mechanism in enumerate(self._attention_mechanisms):
            layer = self._attention_layers[i] if self._attention_layers else None
            attention, alignments, next_attention_state = self._attention_fn(
                mechanism, cell_output, states[i], layer
            )
            if self._alignment_history:
                next_histories.append(histories[i].write(state.time, alignments))
            else:
                next_histories.append(())
            next_states.append(next_attention_state)
            all_alignments.append(alignments)
            attentions.append(attention)
        attention = array_ops.concat(attentions, 1)
        next_state = AttentionWrapperState(
            time=state.time + 1,
            cell_state=next_cell_state,
            attention=attention,
            attention_state=self._item_or_tuple(next_states),
            alignments=self._item_or_tuple(all_alignments),
            alignment_history=self._item_or_tuple(next_histories),
        )
        return (attention if self._output_attention else cell_output), next_state

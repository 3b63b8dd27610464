"""Monotonic attention (Raffel et al., 2017) of tf.contrib.seq2seq, as TF 1.15's
attention_wrapper.py has it: each step's alignments move forward from the previous ones with
the choosing probabilities sigmoid(score) (computed recursively, in parallel, or hard)."""

import functools
import math

from tinytf.contrib.seq2seq.attention_wrapper import (
    _bahdanau_score,
    _BaseAttentionMechanism,
    _Dense,
    _luong_score,
    safe_cumprod,
)
from tinytf.framework import dtypes
from tinytf.framework.op_def import convert_to_tensor
from tinytf.ops import (
    array_ops,
    clip_ops,
    init_ops,
    math_ops,
    random_ops,
    sequence_ops,
)
from tinytf.ops import variable_scope as vs
from tinytf.ops.functional_ops import scan


def _recursive(p_choose_i, previous_attention):
    batch_size = p_choose_i.shape[0].value or array_ops.shape(p_choose_i)[0]
    shifted_1mp_choose_i = array_ops.concat(
        [array_ops.ones((batch_size, 1)), 1 - p_choose_i[:, :-1]], 1
    )
    scanned = scan(
        lambda x, yz: array_ops.reshape(yz[0] * x + yz[1], (batch_size,)),
        [array_ops.transpose(shifted_1mp_choose_i), array_ops.transpose(previous_attention)],
        array_ops.zeros((batch_size,)),
    )
    return p_choose_i * array_ops.transpose(scanned)


def monotonic_attention(p_choose_i, previous_attention, mode):
    """The attention distribution [batch, memory time] that monotonic attention induces from
    the choosing probabilities and the previous attention; mode: 'recursive', 'parallel'
    (cumprod, may be unstable) or 'hard' (0/1 probabilities)."""
    p_choose_i = convert_to_tensor(p_choose_i, name="p_choose_i")
    previous_attention = convert_to_tensor(previous_attention, name="previous_attention")
    if mode == "recursive":
        return _recursive(p_choose_i, previous_attention)
    if mode == "parallel":
        cumprod_1mp_choose_i = safe_cumprod(1 - p_choose_i, axis=1, exclusive=True)
        return (
            p_choose_i
            * cumprod_1mp_choose_i
            * sequence_ops.cumsum(
                previous_attention / clip_ops.clip_by_value(cumprod_1mp_choose_i, 1e-10, 1.0),
                axis=1,
            )
        )
    if mode == "hard":
        p_choose_i *= sequence_ops.cumsum(previous_attention, axis=1)
        return p_choose_i * sequence_ops.cumprod(1 - p_choose_i, axis=1, exclusive=True)
    raise ValueError("mode must be 'recursive', 'parallel', or 'hard'.")


def _monotonic_probability_fn(score, previous_alignments, sigmoid_noise, mode, seed=None):
    if sigmoid_noise > 0:
        noise = random_ops.random_normal(array_ops.shape(score), dtype=score.dtype, seed=seed)
        score += sigmoid_noise * noise
    if mode == "hard":
        p_choose_i = math_ops.cast(score > 0, score.dtype)
    else:
        p_choose_i = math_ops.sigmoid(score)
    return monotonic_attention(p_choose_i, previous_alignments, mode)


class _BaseMonotonicAttentionMechanism(_BaseAttentionMechanism):
    """Monotonic mechanisms start attending at the memory's first position."""

    def initial_alignments(self, batch_size, dtype):
        """One-hot [batch_size, alignments_size] at position 0."""
        return array_ops.one_hot(
            array_ops.zeros((batch_size,), dtype=dtypes.int32), self._alignments_size, dtype=dtype
        )


def _probability_fn(sigmoid_noise, mode, seed):
    return functools.partial(
        _monotonic_probability_fn, sigmoid_noise=sigmoid_noise, mode=mode, seed=seed
    )


def _score_bias(dtype, init):
    return vs.get_variable("attention_score_bias", dtype=dtype, initializer=init)


class BahdanauMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Bahdanau's additive score (plus a learned bias) through monotonic attention."""

    def __init__(self, num_units, memory, memory_sequence_length=None, normalize=False,
                 score_mask_value=None, sigmoid_noise=0.0, sigmoid_noise_seed=None,
                 score_bias_init=0.0, mode="parallel", dtype=None,
                 name="BahdanauMonotonicAttention"):  # fmt: skip
        """sigmoid_noise: stddev of the noise added to the scores before the sigmoid."""
        dtype = dtype or dtypes.float32
        super().__init__(
            query_layer=_Dense(num_units, name="query_layer", use_bias=False, dtype=dtype),
            memory_layer=_Dense(num_units, name="memory_layer", use_bias=False, dtype=dtype),
            memory=memory,
            probability_fn=_probability_fn(sigmoid_noise, mode, sigmoid_noise_seed),
            memory_sequence_length=memory_sequence_length,
            score_mask_value=score_mask_value,
            name=name,
        )
        self._num_units, self._normalize, self._name = num_units, normalize, name
        self._score_bias_init = score_bias_init

    def __call__(self, query, state):
        """(alignments, next_state) for `query`, from the previous alignments `state`."""
        with vs.variable_scope(None, "bahdanau_monotonic_attention", [query]):
            processed_query = self.query_layer(query) if self.query_layer else query
            attention_v = vs.get_variable("attention_v", [self._num_units], dtype=query.dtype)
            attention_g = attention_b = None
            if self._normalize:
                attention_g = vs.get_variable(
                    "attention_g",
                    dtype=query.dtype,
                    shape=(),
                    initializer=init_ops.constant_initializer(math.sqrt(1.0 / self._num_units)),
                )
                attention_b = vs.get_variable(
                    "attention_b",
                    [self._num_units],
                    dtype=query.dtype,
                    initializer=init_ops.zeros_initializer(),
                )
            score = _bahdanau_score(
                processed_query, self._keys, attention_v, attention_g, attention_b
            )
            score += _score_bias(processed_query.dtype, self._score_bias_init)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


class LuongMonotonicAttention(_BaseMonotonicAttentionMechanism):
    """Luong's multiplicative score (plus a learned bias) through monotonic attention."""

    def __init__(self, num_units, memory, memory_sequence_length=None, scale=False,
                 score_mask_value=None, sigmoid_noise=0.0, sigmoid_noise_seed=None,
                 score_bias_init=0.0, mode="parallel", dtype=None,
                 name="LuongMonotonicAttention"):  # fmt: skip
        """sigmoid_noise: stddev of the noise added to the scores before the sigmoid."""
        super().__init__(
            query_layer=None,
            memory_layer=_Dense(
                num_units, name="memory_layer", use_bias=False, dtype=dtype or dtypes.float32
            ),
            memory=memory,
            probability_fn=_probability_fn(sigmoid_noise, mode, sigmoid_noise_seed),
            memory_sequence_length=memory_sequence_length,
            score_mask_value=score_mask_value,
            name=name,
        )
        self._num_units, self._scale, self._name = num_units, scale, name
        self._score_bias_init = score_bias_init

    def __call__(self, query, state):
        """(alignments, next_state) for `query`, from the previous alignments `state`."""
        with vs.variable_scope(None, "luong_monotonic_attention", [query]):
            attention_g = None
            if self._scale:
                attention_g = vs.get_variable(
                    "attention_g",
                    dtype=query.dtype,
                    initializer=init_ops.ones_initializer(),
                    shape=(),
                )
            score = _luong_score(query, self._keys, attention_g)
            score += _score_bias(query.dtype, self._score_bias_init)
        alignments = self._probability_fn(score, state)
        return alignments, alignments

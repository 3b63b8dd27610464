"""The decoding helpers of tf.contrib.seq2seq (TF 1.15's helper.py): what a BasicDecoder feeds
its cell at each step and when each sequence is finished. TrainingHelper reads the given inputs;
GreedyEmbeddingHelper and SampleEmbeddingHelper feed back the embedding of the argmax or of a
sample of the outputs; CustomHelper and InferenceHelper take the steps as functions."""

import abc

from tinytf.contrib.seq2seq.decoder import _transpose_batch_time
from tinytf.framework import dtypes, tensor_shape
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.ops import Tensor
from tinytf.ops import (
    array_ops,
    embedding_ops,
    math_ops,
    random_ops,
    reduction_ops,
    sequence_ops,
)
from tinytf.ops.cond import cond
from tinytf.ops.tensor_array import TensorArray
from tinytf.util import nest


def _call_sampler(sample_n_fn, sample_shape, name=None):
    """sample_n_fn(n) reshaped to sample_shape + the batch and event shape."""
    with name_scope(name, "call_sampler", values=[sample_shape]):
        sample_shape = convert_to_tensor(sample_shape, dtype=dtypes.int32, name="sample_shape")
        pad = math_ops.cast(math_ops.equal(array_ops.rank(sample_shape), 0), dtypes.int32)
        sample_shape = array_ops.reshape(
            sample_shape,
            array_ops.pad(array_ops.shape(sample_shape), paddings=[[pad, 0]], constant_values=1),
        )
        samples = sample_n_fn(reduction_ops.reduce_prod(sample_shape))
        final_shape = array_ops.concat([sample_shape, array_ops.shape(samples)[1:]], 0)
        return array_ops.reshape(samples, final_shape)


def bernoulli_sample(probs=None, logits=None, dtype=dtypes.int32, sample_shape=(), seed=None):
    """Draws of 1 with probability `probs` (or sigmoid(logits)), 0 otherwise."""
    if probs is None:
        probs = math_ops.sigmoid(logits, name="probs")
    else:
        probs = convert_to_tensor(probs, name="probs")
    batch_shape_tensor = array_ops.shape(probs)

    def sample_n(n):
        new_shape = array_ops.concat([[n], batch_shape_tensor], 0)
        uniform = random_ops.random_uniform(new_shape, seed=seed, dtype=probs.dtype)
        return math_ops.cast(math_ops.less(uniform, probs), dtype)

    return _call_sampler(sample_n, sample_shape)


def categorical_sample(logits, dtype=dtypes.int32, sample_shape=(), seed=None):
    """Draws of ids from the categorical distributions of `logits` (the last axis)."""
    logits = convert_to_tensor(logits, name="logits")
    event_size = array_ops.shape(logits)[-1]
    batch_shape_tensor = array_ops.shape(logits)[:-1]

    def sample_n(n):
        logits_2d = (
            logits if logits.shape.ndims == 2 else array_ops.reshape(logits, [-1, event_size])
        )
        sample_dtype = dtypes.int64 if logits.dtype.size > 4 else dtypes.int32
        draws = random_ops.multinomial(logits_2d, n, seed=seed, output_dtype=sample_dtype)
        draws = array_ops.reshape(
            array_ops.transpose(draws), array_ops.concat([[n], batch_shape_tensor], 0)
        )
        return math_ops.cast(draws, dtype)

    return _call_sampler(sample_n, sample_shape)


def _unstack_ta(inp):
    return TensorArray(
        dtype=inp.dtype, size=array_ops.shape(inp)[0], element_shape=inp.shape[1:]
    ).unstack(inp)


def _embedding_fn(embedding):
    if callable(embedding):
        return embedding
    return lambda ids: embedding_ops.embedding_lookup(embedding, ids)


class Helper(metaclass=abc.ABCMeta):
    """Interface for sampling and input-feeding in a BasicDecoder."""

    @property
    @abc.abstractmethod
    def batch_size(self):
        """The batch size (a scalar int32 tensor)."""

    @property
    @abc.abstractmethod
    def sample_ids_shape(self):
        """The shape of each sample id, without the batch (a TensorShape)."""

    @property
    @abc.abstractmethod
    def sample_ids_dtype(self):
        """The dtype of the sample ids."""

    @abc.abstractmethod
    def initialize(self, name=None):
        """(initial_finished, initial_inputs)."""

    @abc.abstractmethod
    def sample(self, time, outputs, state, name=None):
        """The sample ids of one step."""

    @abc.abstractmethod
    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        """(finished, next_inputs, next_state)."""


class CustomHelper(Helper):
    """A Helper made of initialize_fn, sample_fn and next_inputs_fn."""

    def __init__(self, initialize_fn, sample_fn, next_inputs_fn, sample_ids_shape=None,
                 sample_ids_dtype=None):  # fmt: skip
        """initialize_fn() -> (finished, inputs); sample_fn(time, outputs, state) -> ids;
        next_inputs_fn(time, outputs, state, sample_ids) -> (finished, inputs, state)."""
        self._initialize_fn, self._sample_fn = initialize_fn, sample_fn
        self._next_inputs_fn = next_inputs_fn
        self._batch_size = None
        self._sample_ids_shape = tensor_shape.TensorShape(sample_ids_shape or [])
        self._sample_ids_dtype = sample_ids_dtype or dtypes.int32

    @property
    def batch_size(self):
        if self._batch_size is None:
            raise ValueError("batch_size accessed before initialize was called")
        return self._batch_size

    sample_ids_shape = property(lambda self: self._sample_ids_shape)
    sample_ids_dtype = property(lambda self: self._sample_ids_dtype)

    def initialize(self, name=None):
        with name_scope(name, f"{type(self).__name__}Initialize"):
            finished, next_inputs = self._initialize_fn()
            if self._batch_size is None:
                self._batch_size = array_ops.size(finished)
        return finished, next_inputs

    def sample(self, time, outputs, state, name=None):
        with name_scope(name, f"{type(self).__name__}Sample", (time, outputs, state)):
            return self._sample_fn(time=time, outputs=outputs, state=state)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with name_scope(name, f"{type(self).__name__}NextInputs", (time, outputs, state)):
            return self._next_inputs_fn(
                time=time, outputs=outputs, state=state, sample_ids=sample_ids
            )


class TrainingHelper(Helper):
    """Feeds the given inputs (teacher forcing): step t reads inputs[:, t] until each
    sequence_length is reached."""

    def __init__(self, inputs, sequence_length, time_major=False, name=None):
        """inputs [batch, time, ...] ([time, batch, ...] if time_major), sequence_length
        [batch]."""
        with name_scope(name, "TrainingHelper", [inputs, sequence_length]):
            inputs = convert_to_tensor(inputs, name="inputs")
            self._inputs = inputs
            if not time_major:
                inputs = nest.map_structure(_transpose_batch_time, inputs)
            self._input_tas = nest.map_structure(_unstack_ta, inputs)
            self._sequence_length = convert_to_tensor(sequence_length, name="sequence_length")
            if self._sequence_length.shape.ndims != 1:
                raise ValueError(
                    "Expected sequence_length to be a vector, but received shape: "
                    f"{self._sequence_length.shape}"
                )
            self._zero_inputs = nest.map_structure(
                lambda inp: array_ops.zeros_like(inp[0, :]), inputs
            )
            self._batch_size = array_ops.size(sequence_length)

    inputs = property(lambda self: self._inputs)
    sequence_length = property(lambda self: self._sequence_length)
    batch_size = property(lambda self: self._batch_size)
    sample_ids_shape = property(lambda self: tensor_shape.TensorShape([]))
    sample_ids_dtype = property(lambda self: dtypes.int32)

    def initialize(self, name=None):
        with name_scope(name, "TrainingHelperInitialize"):
            finished = math_ops.equal(0, self._sequence_length)
            all_finished = reduction_ops.reduce_all(finished)
            next_inputs = cond(
                all_finished,
                lambda: self._zero_inputs,
                lambda: nest.map_structure(lambda inp: inp.read(0), self._input_tas),
            )
            return finished, next_inputs

    def sample(self, time, outputs, name=None, **unused_kwargs):
        with name_scope(name, "TrainingHelperSample", [time, outputs]):
            return math_ops.cast(reduction_ops.argmax(outputs, axis=-1), dtypes.int32)

    def next_inputs(self, time, outputs, state, name=None, **unused_kwargs):
        with name_scope(name, "TrainingHelperNextInputs", [time, outputs, state]):
            next_time = time + 1
            finished = next_time >= self._sequence_length
            all_finished = reduction_ops.reduce_all(finished)
            next_inputs = cond(
                all_finished,
                lambda: self._zero_inputs,
                lambda: nest.map_structure(lambda inp: inp.read(next_time), self._input_tas),
            )
            return finished, next_inputs, state


def _sampling_probability(sampling_probability):
    probability = convert_to_tensor(sampling_probability, name="sampling_probability")
    if probability.shape.ndims not in (0, 1):
        raise ValueError(
            f"sampling_probability must be either a scalar or a vector. saw shape: "
            f"{probability.shape}"
        )
    return probability


def _scatter_merge(where_a, updates_a, where_b, updates_b, shape):
    """scatter_nd of two disjoint sets of rows into one tensor of `shape`."""
    return sequence_ops.scatter_nd(indices=where_a, updates=updates_a, shape=shape) + (
        sequence_ops.scatter_nd(indices=where_b, updates=updates_b, shape=shape)
    )


def _where(condition):
    return math_ops.cast(math_ops.where(condition), dtypes.int32)


class ScheduledEmbeddingTrainingHelper(TrainingHelper):
    """A TrainingHelper that, with sampling_probability per entry and step, feeds the embedding
    of an id sampled from the outputs instead of the given input (scheduled sampling)."""

    def __init__(self, inputs, sequence_length, embedding, sampling_probability,
                 time_major=False, seed=None, scheduling_seed=None, name=None):  # fmt: skip
        """sampling_probability: a scalar or a [batch] vector in [0, 1]."""
        with name_scope(name, "ScheduledEmbeddingSamplingWrapper",
                        [embedding, sampling_probability]):  # fmt: skip
            self._embedding_fn = _embedding_fn(embedding)
            self._sampling_probability = _sampling_probability(sampling_probability)
            self._seed, self._scheduling_seed = seed, scheduling_seed
            super().__init__(inputs=inputs, sequence_length=sequence_length,
                             time_major=time_major, name=name)  # fmt: skip

    def sample(self, time, outputs, state, name=None):
        """Sampled ids where scheduled, -1 elsewhere."""
        with name_scope(name, "ScheduledEmbeddingTrainingHelperSample",
                        [time, outputs, state]):  # fmt: skip
            select_sample = bernoulli_sample(
                probs=self._sampling_probability, dtype=dtypes.bool,
                sample_shape=self.batch_size, seed=self._scheduling_seed,
            )  # fmt: skip
            return math_ops.where(
                select_sample,
                categorical_sample(logits=outputs, seed=self._seed),
                array_ops.fill([self.batch_size], -1),
            )

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with name_scope(name, "ScheduledEmbeddingTrainingHelperNextInputs",
                        [time, outputs, state, sample_ids]):  # fmt: skip
            finished, base_next_inputs, state = super().next_inputs(
                time=time, outputs=outputs, state=state, sample_ids=sample_ids, name=name
            )

            def maybe_sample():
                where_sampling = _where(sample_ids > -1)
                where_not_sampling = _where(sample_ids <= -1)
                sampled_next_inputs = self._embedding_fn(
                    sequence_ops.gather_nd(sample_ids, where_sampling)
                )
                inputs_not_sampling = sequence_ops.gather_nd(base_next_inputs, where_not_sampling)
                return _scatter_merge(
                    where_sampling,
                    sampled_next_inputs,
                    where_not_sampling,
                    inputs_not_sampling,
                    array_ops.shape(base_next_inputs),
                )

            all_finished = reduction_ops.reduce_all(finished)
            next_inputs = cond(all_finished, lambda: base_next_inputs, maybe_sample)
            return finished, next_inputs, state


class ScheduledOutputTrainingHelper(TrainingHelper):
    """A TrainingHelper that, with sampling_probability, feeds the previous outputs (through
    next_inputs_fn, with auxiliary_inputs concatenated) instead of the given inputs."""

    def __init__(self, inputs, sequence_length, sampling_probability, time_major=False,
                 seed=None, next_inputs_fn=None, auxiliary_inputs=None, name=None):  # fmt: skip
        """auxiliary_inputs: concatenated to the inputs and to the sampled outputs."""
        with name_scope(name, "ScheduledOutputTrainingHelper",
                        [inputs, auxiliary_inputs, sampling_probability]):  # fmt: skip
            self._sampling_probability = _sampling_probability(sampling_probability)
            if auxiliary_inputs is None:
                maybe_concatenated_inputs = inputs
            else:
                inputs = convert_to_tensor(inputs, name="inputs")
                auxiliary_inputs = convert_to_tensor(auxiliary_inputs, name="auxiliary_inputs")
                maybe_concatenated_inputs = nest.map_structure(
                    lambda x, y: array_ops.concat((x, y), -1), inputs, auxiliary_inputs
                )
                if not time_major:
                    auxiliary_inputs = nest.map_structure(_transpose_batch_time, auxiliary_inputs)
            self._auxiliary_input_tas = (
                nest.map_structure(_unstack_ta, auxiliary_inputs)
                if auxiliary_inputs is not None
                else None
            )
            self._seed, self._next_inputs_fn = seed, next_inputs_fn
            super().__init__(inputs=maybe_concatenated_inputs, sequence_length=sequence_length,
                             time_major=time_major, name=name)  # fmt: skip

    def sample(self, time, outputs, state, name=None):
        """1 where the outputs are fed back, 0 elsewhere."""
        with name_scope(name, "ScheduledOutputTrainingHelperSample", [time, outputs, state]):
            return bernoulli_sample(probs=self._sampling_probability,
                                    sample_shape=self.batch_size, seed=self._seed)  # fmt: skip

    def _with_auxiliary(self, time, outputs_, indices=None):
        if self._auxiliary_input_tas is None:
            return outputs_
        auxiliary_inputs = nest.map_structure(
            lambda ta: ta.read(time + 1), self._auxiliary_input_tas
        )
        if indices is not None:
            auxiliary_inputs = sequence_ops.gather_nd(auxiliary_inputs, indices)
        return nest.map_structure(
            lambda x, y: array_ops.concat((x, y), -1), outputs_, auxiliary_inputs
        )

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with name_scope(name, "ScheduledOutputTrainingHelperNextInputs",
                        [time, outputs, state, sample_ids]):  # fmt: skip
            finished, base_next_inputs, state = super().next_inputs(
                time=time, outputs=outputs, state=state, sample_ids=sample_ids, name=name
            )
            sample_ids = math_ops.cast(sample_ids, dtypes.bool)

            def maybe_sample():
                if self._next_inputs_fn is None:
                    return math_ops.where(
                        sample_ids, self._with_auxiliary(time, outputs), base_next_inputs
                    )
                where_sampling = _where(sample_ids)
                where_not_sampling = _where(math_ops.logical_not(sample_ids))
                outputs_sampling = sequence_ops.gather_nd(outputs, where_sampling)
                inputs_not_sampling = sequence_ops.gather_nd(base_next_inputs, where_not_sampling)
                sampled_next_inputs = self._with_auxiliary(
                    time, self._next_inputs_fn(outputs_sampling), where_sampling
                )
                return _scatter_merge(
                    where_sampling,
                    sampled_next_inputs,
                    where_not_sampling,
                    inputs_not_sampling,
                    array_ops.shape(base_next_inputs),
                )

            all_finished = reduction_ops.reduce_all(finished)
            no_samples = math_ops.logical_not(reduction_ops.reduce_any(sample_ids))
            next_inputs = cond(
                math_ops.logical_or(all_finished, no_samples), lambda: base_next_inputs,
                maybe_sample,
            )  # fmt: skip
            return finished, next_inputs, state


class GreedyEmbeddingHelper(Helper):
    """Feeds back the embedding of the argmax of each step's outputs, from start_tokens until
    end_token."""

    def __init__(self, embedding, start_tokens, end_token):
        """embedding: a params tensor for embedding_lookup, or a callable of the ids."""
        self._embedding_fn = _embedding_fn(embedding)
        self._start_tokens = convert_to_tensor(
            start_tokens, dtype=dtypes.int32, name="start_tokens"
        )
        self._end_token = convert_to_tensor(end_token, dtype=dtypes.int32, name="end_token")
        if self._start_tokens.shape.ndims != 1:
            raise ValueError("start_tokens must be a vector")
        self._batch_size = array_ops.size(start_tokens)
        if self._end_token.shape.ndims != 0:
            raise ValueError("end_token must be a scalar")
        self._start_inputs = self._embedding_fn(self._start_tokens)

    batch_size = property(lambda self: self._batch_size)
    sample_ids_shape = property(lambda self: tensor_shape.TensorShape([]))
    sample_ids_dtype = property(lambda self: dtypes.int32)

    def initialize(self, name=None):
        return array_ops.tile([False], [self._batch_size]), self._start_inputs

    def sample(self, time, outputs, state, name=None):
        if not isinstance(outputs, Tensor):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        return reduction_ops.argmax(outputs, axis=-1, output_type=dtypes.int32)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        finished = math_ops.equal(sample_ids, self._end_token)
        next_inputs = cond(
            reduction_ops.reduce_all(finished),
            lambda: self._start_inputs,
            lambda: self._embedding_fn(sample_ids),
        )
        return finished, next_inputs, state


class SampleEmbeddingHelper(GreedyEmbeddingHelper):
    """Feeds back the embedding of an id sampled from the softmax of the outputs (divided by
    softmax_temperature)."""

    def __init__(self, embedding, start_tokens, end_token, softmax_temperature=None,
                 seed=None):  # fmt: skip
        """As GreedyEmbeddingHelper, sampling instead of the argmax."""
        super().__init__(embedding, start_tokens, end_token)
        self._softmax_temperature, self._seed = softmax_temperature, seed

    def sample(self, time, outputs, state, name=None):
        if not isinstance(outputs, Tensor):
            raise TypeError(f"Expected outputs to be a single Tensor, got: {type(outputs)}")
        logits = outputs
        if self._softmax_temperature is not None:
            logits = outputs / self._softmax_temperature
        return categorical_sample(logits=logits, seed=self._seed)


class InferenceHelper(Helper):
    """Feeds back sample_fn(outputs) (through next_inputs_fn) until end_fn says finished."""

    def __init__(self, sample_fn, sample_shape, sample_dtype, start_inputs, end_fn,
                 next_inputs_fn=None):  # fmt: skip
        """sample_fn(outputs) -> ids; end_fn(ids) -> finished; next_inputs_fn(ids) -> inputs."""
        self._sample_fn, self._end_fn = sample_fn, end_fn
        self._sample_shape = tensor_shape.TensorShape(sample_shape)
        self._sample_dtype, self._next_inputs_fn = sample_dtype, next_inputs_fn
        self._batch_size = array_ops.shape(start_inputs)[0]
        self._start_inputs = convert_to_tensor(start_inputs, name="start_inputs")

    batch_size = property(lambda self: self._batch_size)
    sample_ids_shape = property(lambda self: self._sample_shape)
    sample_ids_dtype = property(lambda self: self._sample_dtype)

    def initialize(self, name=None):
        return array_ops.tile([False], [self._batch_size]), self._start_inputs

    def sample(self, time, outputs, state, name=None):
        return self._sample_fn(outputs)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        next_inputs = sample_ids
        if self._next_inputs_fn is not None:
            next_inputs = self._next_inputs_fn(sample_ids)
        return self._end_fn(sample_ids), next_inputs, state

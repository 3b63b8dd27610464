"""tf.contrib.seq2seq.BasicDecoder: one cell step (and the output layer) per decoding step, the
sample ids and next inputs chosen by a Helper."""

import collections

from tinytf.contrib.seq2seq import decoder
from tinytf.contrib.seq2seq import helper as helper_py
from tinytf.framework import tensor_shape
from tinytf.framework.op_def import name_scope
from tinytf.layers import base as layers_base
from tinytf.util import nest


class BasicDecoderOutput(collections.namedtuple("BasicDecoderOutput", ("rnn_output", "sample_id"))):
    """A BasicDecoder step's outputs: the (output layer's) cell output and the sample ids."""


def assert_like_rnncell(cell_name, cell):
    """TypeError unless `cell` looks like an RNNCell (output_size, state_size, zero_state,
    callable), as TF's rnn_cell_impl.assert_like_rnncell."""
    conditions = [
        hasattr(cell, "output_size"), hasattr(cell, "state_size"),
        hasattr(cell, "get_initial_state") or hasattr(cell, "zero_state"), callable(cell),
    ]  # fmt: skip
    errors = [
        "'output_size' property is missing", "'state_size' property is missing",
        "either 'zero_state' or 'get_initial_state' method is required", "is not callable",
    ]  # fmt: skip
    if not all(conditions):
        errors = [error for error, cond in zip(errors, conditions) if not cond]
        raise TypeError(
            f"The argument {cell_name!r} ({cell}) is not an RNNCell: {', '.join(errors)}."
        )


def layer_output_size(layer, size):
    """The output size (without batch) of `layer` applied to inputs of `size`."""
    shapes = nest.map_structure(lambda s: tensor_shape.TensorShape([None]).concatenate(s), size)
    out = layer.compute_output_shape(shapes)
    return nest.map_structure(lambda s: s[1:], out)


class BasicDecoder(decoder.Decoder):
    """A decoder of one RNN cell, an optional output layer and a Helper."""

    def __init__(self, cell, helper, initial_state, output_layer=None):
        """cell: an RNNCell; helper: a Helper; output_layer: e.g. tf.layers.Dense, applied to
        the cell's outputs before sampling."""
        assert_like_rnncell("cell", cell)
        if not isinstance(helper, helper_py.Helper):
            raise TypeError(f"helper must be a Helper, received: {type(helper)}")
        if output_layer is not None and not isinstance(output_layer, layers_base.Layer):
            raise TypeError(f"output_layer must be a Layer, received: {type(output_layer)}")
        self._cell, self._helper = cell, helper
        self._initial_state, self._output_layer = initial_state, output_layer

    @property
    def batch_size(self):
        return self._helper.batch_size

    def _rnn_output_size(self):
        size = self._cell.output_size
        if self._output_layer is None:
            return size
        return layer_output_size(self._output_layer, size)

    @property
    def output_size(self):
        return BasicDecoderOutput(
            rnn_output=self._rnn_output_size(), sample_id=self._helper.sample_ids_shape
        )

    @property
    def output_dtype(self):
        dtype = nest.flatten(self._initial_state)[0].dtype
        return BasicDecoderOutput(
            nest.map_structure(lambda _: dtype, self._rnn_output_size()),
            self._helper.sample_ids_dtype,
        )

    def initialize(self, name=None):
        """(finished, first inputs, initial state)."""
        return self._helper.initialize() + (self._initial_state,)

    def step(self, time, inputs, state, name=None):
        """(BasicDecoderOutput, next_state, next_inputs, finished) of one step."""
        with name_scope(name, "BasicDecoderStep", (time, inputs, state)):
            cell_outputs, cell_state = self._cell(inputs, state)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            sample_ids = self._helper.sample(time=time, outputs=cell_outputs, state=cell_state)
            finished, next_inputs, next_state = self._helper.next_inputs(
                time=time, outputs=cell_outputs, state=cell_state, sample_ids=sample_ids
            )
        return BasicDecoderOutput(cell_outputs, sample_ids), next_state, next_inputs, finished

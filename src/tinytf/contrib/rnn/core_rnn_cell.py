"""tf.contrib.rnn's wrappers from TF 1.x's core_rnn_cell: EmbeddingWrapper (ids -> embedding
rows before the cell), InputProjectionWrapper and OutputProjectionWrapper (a linear map, with
`kernel` and `bias`, before or after the cell)."""

import math

from tinytf.contrib.seq2seq.basic_decoder import assert_like_rnncell
from tinytf.framework.graph import device
from tinytf.framework.op_def import name_scope
from tinytf.layers.rnn_cell import RNNCell
from tinytf.ops import array_ops, embedding_ops, init_ops, math_ops, nn_ops
from tinytf.ops import variable_scope as vs
from tinytf.platform import tf_logging as logging


def _linear(x, output_size):
    """x @ kernel + bias, the variables in the current scope (TF's core_rnn_cell._Linear)."""
    shape = x.shape
    if shape.ndims != 2:
        raise ValueError(f"linear is expecting 2D arguments: {[shape]}")
    if shape.dims[1].value is None:
        raise ValueError(
            f"linear expects shape[1] to be provided for shape {shape}, but saw {shape[1]}"
        )
    kernel = vs.get_variable("kernel", [shape.dims[1].value, output_size], dtype=x.dtype)
    bias = vs.get_variable("bias", [output_size], dtype=x.dtype,
                           initializer=init_ops.constant_initializer(0.0, dtype=x.dtype))
    return nn_ops.bias_add(math_ops.matmul(x, kernel), bias)


class _CellWrapper(RNNCell):
    def __init__(self, cell, reuse):
        super().__init__(_reuse=reuse)
        assert_like_rnncell("cell", cell)
        self._cell = cell

    state_size = property(lambda self: self._cell.state_size)
    output_size = property(lambda self: self._cell.output_size)

    def zero_state(self, batch_size, dtype):
        """The wrapped cell's zero state."""
        with name_scope(f"{type(self).__name__}ZeroState", values=[batch_size]):
            return self._cell.zero_state(batch_size, dtype)


class EmbeddingWrapper(_CellWrapper):
    """Looks the int inputs up in `embedding` [embedding_classes, embedding_size] (uniform in
    +-sqrt(3) by default) and runs the cell on the rows."""

    def __init__(self, cell, embedding_classes, embedding_size, initializer=None, reuse=None):
        super().__init__(cell, reuse)
        if embedding_classes <= 0 or embedding_size <= 0:
            raise ValueError(
                "Both embedding_classes and embedding_size must be > 0: "
                f"{embedding_classes}, {embedding_size}."
            )
        self._embedding_classes, self._embedding_size = embedding_classes, embedding_size
        self._initializer = initializer

    def call(self, inputs, state):
        with device("/cpu:0"):
            initializer = self._initializer or vs.get_variable_scope().initializer
            if not initializer:
                sqrt3 = math.sqrt(3)  # Uniform(-sqrt(3), sqrt(3)) has variance 1
                initializer = init_ops.random_uniform_initializer(-sqrt3, sqrt3)
            data_type = state[0].dtype if isinstance(state, tuple) else state.dtype
            embedding = vs.get_variable(
                "embedding", [self._embedding_classes, self._embedding_size],
                initializer=initializer, dtype=data_type,
            )
            embedded = embedding_ops.embedding_lookup(embedding, array_ops.reshape(inputs, [-1]))
            return self._cell(embedded, state)


class InputProjectionWrapper(_CellWrapper):
    """Projects the inputs to num_proj (`kernel`, `bias`; then `activation`) for the cell."""

    def __init__(self, cell, num_proj, activation=None, input_size=None, reuse=None):
        super().__init__(cell, reuse)
        if input_size is not None:
            logging.warning("%s: The input_size parameter is deprecated.", self)
        self._num_proj, self._activation = num_proj, activation

    def call(self, inputs, state):
        projected = _linear(inputs, self._num_proj)
        if self._activation:
            projected = self._activation(projected)
        return self._cell(projected, state)


class OutputProjectionWrapper(_CellWrapper):
    """Projects the cell's outputs to output_size (`kernel`, `bias`; then `activation`)."""

    def __init__(self, cell, output_size, activation=None, reuse=None):
        super().__init__(cell, reuse)
        if output_size < 1:
            raise ValueError(f"Parameter output_size must be > 0: {output_size}.")
        self._output_size, self._activation = output_size, activation

    output_size = property(lambda self: self._output_size)

    def call(self, inputs, state):
        output, res_state = self._cell(inputs, state)
        projected = _linear(output, self._output_size)
        if self._activation:
            projected = self._activation(projected)
        return projected, res_state

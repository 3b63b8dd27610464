"""tf.nn.rnn_cell: BasicRNNCell, BasicLSTMCell, LSTMCell, GRUCell and MultiRNNCell, as TF 1.x's
layers: `cell(inputs, state) -> (output, new_state)`, variables made on the first call
(`basic_lstm_cell/kernel` [input + units, 4 * units], ...) and shared by the later ones."""

from collections import namedtuple

from tinytf.framework import dtypes
from tinytf.framework.op_def import name_scope
from tinytf.layers import base
from tinytf.ops import array_ops, init_ops, math_ops, nn_ops
from tinytf.ops import variable_scope as vs


class LSTMStateTuple(namedtuple("LSTMStateTuple", ("c", "h"))):
    """An LSTM's state: the cell state c and the output h."""

    @property
    def dtype(self):
        return self.c.dtype


def _zeros(batch_size, size, dtype):
    """Zeros shaped [batch_size, n] for each n of the (nested) state size."""
    if isinstance(size, LSTMStateTuple):
        return LSTMStateTuple(*(_zeros(batch_size, s, dtype) for s in size))
    if isinstance(size, tuple):
        return tuple(_zeros(batch_size, s, dtype) for s in size)
    return array_ops.zeros(array_ops.stack([batch_size, size]), dtype=dtype)


class RNNCell(base.Layer):
    """An RNN cell: call(inputs, state) -> (output, new_state)."""

    state_size = output_size = None
    _initializer = None  # the kernels' (None: the variable scope's, glorot_uniform by default)

    def __call__(self, inputs, state, scope=None):
        return super().__call__(inputs, state)

    def zero_state(self, batch_size, dtype):
        """Zeros in the structure of state_size, for `batch_size` examples."""
        with name_scope(None, f"{type(self).__name__}ZeroState", [batch_size]):
            return _zeros(batch_size, self.state_size, dtypes.as_dtype(dtype))

    def _kernel_and_bias(self, input_shape, units, bias_init=None, kernel="kernel", bias="bias"):
        depth = input_shape[-1].value
        if depth is None:
            raise ValueError(f"Expected inputs.shape[-1] to be known, saw shape: {input_shape}")
        return (
            self.add_weight(
                kernel,
                [depth + self._num_units, units],
                initializer=self._initializer,
            ),
            self.add_weight(bias, [units], initializer=bias_init or init_ops.zeros_initializer()),
        )

    @staticmethod
    def _linear(parts, kernel, bias):
        """concat(parts) @ kernel + bias."""
        return nn_ops.bias_add(math_ops.matmul(array_ops.concat(parts, 1), kernel), bias)

    def _activation_fn(self, activation):
        return activation or math_ops.tanh


class BasicRNNCell(RNNCell):
    """output = new_state = activation(W [inputs, state] + b)."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype, _reuse=reuse, **kwargs)
        self._num_units, self._activation = num_units, self._activation_fn(activation)

    state_size = output_size = property(lambda self: self._num_units)

    def build(self, input_shape):
        self._kernel, self._bias = self._kernel_and_bias(input_shape, self._num_units)

    def call(self, inputs, state):
        output = self._activation(self._linear([inputs, state], self._kernel, self._bias))
        return output, output


class BasicLSTMCell(RNNCell):
    """The LSTM of Zaremba et al.: gates i, j, f, o from W [inputs, h] + b; forget_bias added to
    f; c' = c * sigmoid(f) + sigmoid(i) * tanh(j); h' = tanh(c') * sigmoid(o)."""

    def __init__(
        self,
        num_units,
        forget_bias=1.0,
        state_is_tuple=True,
        activation=None,
        reuse=None,
        name=None,
        dtype=None,
        **kwargs,
    ):
        super().__init__(name=name, dtype=dtype, _reuse=reuse, **kwargs)
        if not state_is_tuple:
            raise NotImplementedError("tinytf's LSTM cells keep their state as a tuple")
        self._num_units, self._forget_bias = num_units, forget_bias
        self._activation = self._activation_fn(activation)

    state_size = property(lambda self: LSTMStateTuple(self._num_units, self._num_units))
    output_size = property(lambda self: self._num_units)

    def build(self, input_shape):
        self._kernel, self._bias = self._kernel_and_bias(input_shape, 4 * self._num_units)

    def call(self, inputs, state):
        c, h = state
        gates = self._linear([inputs, h], self._kernel, self._bias)
        i, j, f, o = array_ops.split(gates, 4, axis=1)
        forget = math_ops.sigmoid(f + self._forget_bias)
        new_c = c * forget + math_ops.sigmoid(i) * self._activation(j)
        new_h = self._activation(new_c) * math_ops.sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)


class LSTMCell(BasicLSTMCell):
    """The LSTM (variables `lstm_cell/kernel`, `lstm_cell/bias`); peepholes, clipping and
    projections are not implemented."""

    def __init__(
        self,
        num_units,
        use_peepholes=False,
        cell_clip=None,
        initializer=None,
        num_proj=None,
        proj_clip=None,
        num_unit_shards=None,
        num_proj_shards=None,
        forget_bias=1.0,
        state_is_tuple=True,
        activation=None,
        reuse=None,
        name=None,
        dtype=None,
        **kwargs,
    ):
        if use_peepholes or cell_clip is not None or num_proj is not None:
            raise NotImplementedError("tinytf's LSTMCell has no peepholes, cell_clip or num_proj")
        super().__init__(
            num_units, forget_bias, state_is_tuple, activation, reuse, name, dtype, **kwargs
        )
        self._initializer = initializer


class GRUCell(RNNCell):
    """Gated recurrent unit: r, u = sigmoid(W_g [x, h] + b_g) (b_g starts at 1);
    c = tanh(W_c [x, r * h] + b_c); h' = u * h + (1 - u) * c."""

    def __init__(
        self,
        num_units,
        activation=None,
        reuse=None,
        kernel_initializer=None,
        bias_initializer=None,
        name=None,
        dtype=None,
        **kwargs,
    ):
        super().__init__(name=name, dtype=dtype, _reuse=reuse, **kwargs)
        self._num_units, self._activation = num_units, self._activation_fn(activation)
        self._initializer, self._bias_initializer = kernel_initializer, bias_initializer

    state_size = output_size = property(lambda self: self._num_units)

    def build(self, input_shape):
        with vs.variable_scope("gates"):
            self._gate_kernel, self._gate_bias = self._kernel_and_bias(
                input_shape,
                2 * self._num_units,
                self._bias_initializer or init_ops.constant_initializer(1.0),
            )
        with vs.variable_scope("candidate"):
            self._candidate_kernel, self._candidate_bias = self._kernel_and_bias(
                input_shape, self._num_units, self._bias_initializer
            )

    def call(self, inputs, state):
        gates = math_ops.sigmoid(self._linear([inputs, state], self._gate_kernel, self._gate_bias))
        r, u = array_ops.split(gates, 2, axis=1)
        candidate = self._activation(
            self._linear([inputs, r * state], self._candidate_kernel, self._candidate_bias)
        )
        new_h = u * state + (1 - u) * candidate
        return new_h, new_h


class MultiRNNCell(RNNCell):
    """Cells stacked: each one's output is the next one's input (`multi_rnn_cell/cell_i/`)."""

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not state_is_tuple:
            raise NotImplementedError("tinytf's MultiRNNCell keeps its state as a tuple")
        self._cells = list(cells)

    state_size = property(lambda self: tuple(c.state_size for c in self._cells))
    output_size = property(lambda self: self._cells[-1].output_size)

    def zero_state(self, batch_size, dtype):
        return tuple(c.zero_state(batch_size, dtype) for c in self._cells)

    def call(self, inputs, state):
        new_states = []
        for i, cell in enumerate(self._cells):
            with vs.variable_scope(f"cell_{i}"):
                inputs, new_state = cell(inputs, state[i])
            new_states.append(new_state)
        return inputs, tuple(new_states)

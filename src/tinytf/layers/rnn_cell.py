"""tf.nn.rnn_cell: BasicRNNCell, BasicLSTMCell, LSTMCell, GRUCell and MultiRNNCell, as TF 1.x's
layers: `cell(inputs, state) -> (output, new_state)`, variables made on the first call
(`basic_lstm_cell/kernel` [input + units, 4 * units], ...) and shared by the later ones; the
RNNCell base for user cells; the Dropout, Residual and Device wrappers."""

import hashlib
from collections import namedtuple

from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.framework.tensor_shape import as_shape
from tinytf.layers import base
from tinytf.ops import (
    array_ops,
    clip_ops,
    indexing_ops,
    init_ops,
    math_ops,
    nn_ops,
    random_ops,
)
from tinytf.ops import variable_scope as vs
from tinytf.ops.shape_util import constant_value


class LSTMStateTuple(namedtuple("LSTMStateTuple", ("c", "h"))):
    """An LSTM's state: the cell state c and the output h."""

    @property
    def dtype(self):
        return self.c.dtype


def _zeros(batch_size, size, dtype):
    """Zeros shaped [batch_size, *s] for each s (an int or a TensorShape) of the nested state
    size, in the same structure (namedtuples such as LSTMStateTuple kept)."""
    if hasattr(size, "_fields"):
        return type(size)(*(_zeros(batch_size, s, dtype) for s in size))
    if isinstance(size, (tuple, list)):
        return type(size)(_zeros(batch_size, s, dtype) for s in size)
    dims = [size] if isinstance(size, int) else as_shape(size).as_list()
    zeros = array_ops.zeros(array_ops.stack([batch_size, *dims]), dtype=dtype)
    if isinstance(batch_size, int):
        zeros.set_shape([batch_size, *dims])
    return zeros


class RNNCell(base.Layer):
    """An RNN cell: call(inputs, state) -> (output, new_state)."""

    state_size = output_size = None
    _initializer = None  # the kernels' (None: the variable scope's, glorot_uniform by default)

    def __call__(self, inputs, state, scope=None):
        """(output, new_state) of one step; variables that call() makes with tf.get_variable
        join the cell's weights too (TF tracks them with a custom getter)."""
        graph = get_default_graph()
        known = {id(v) for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES)}
        result = super().__call__(inputs, state, scope=scope)
        trainable = {id(v) for v in graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)}
        for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES):
            if id(v) not in known:
                self._track(v, id(v) in trainable)
        return result

    def zero_state(self, batch_size, dtype):
        """Zeros in the structure of state_size, for `batch_size` examples."""
        with name_scope(None, f"{type(self).__name__}ZeroState", [batch_size]):
            return _zeros(batch_size, self.state_size, dtypes.as_dtype(dtype))

    def _kernel_and_bias(self, input_shape, units, bias_init=None, h=None):
        """`kernel` [input depth + h (the state's size), units] and `bias` [units]."""
        depth = input_shape[-1].value
        if depth is None:
            raise ValueError(f"Expected inputs.shape[-1] to be known, saw shape: {input_shape}")
        return (
            self.add_weight(
                "kernel",
                [depth + (h or self._num_units), units],
                initializer=self._initializer,
            ),
            self.add_weight("bias", [units], initializer=bias_init or init_ops.zeros_initializer()),
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


def _lstm_state(state, state_is_tuple, c_size, h_size):
    """(c, h) of a state tuple, or of a concatenated [c, h] state (state_is_tuple=False)."""
    if state_is_tuple:
        return state
    return (
        indexing_ops.slice(state, [0, 0], [-1, c_size]),
        indexing_ops.slice(state, [0, c_size], [-1, h_size]),
    )


def _lstm_new_state(c, h, state_is_tuple):
    return LSTMStateTuple(c, h) if state_is_tuple else array_ops.concat([c, h], 1)


class BasicLSTMCell(RNNCell):
    """The LSTM of Zaremba et al.: gates i, j, f, o from W [inputs, h] + b; forget_bias added to
    f; c' = c * sigmoid(f) + sigmoid(i) * tanh(j); h' = tanh(c') * sigmoid(o). The state is an
    LSTMStateTuple(c, h), or with state_is_tuple=False their concatenation."""

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
        self._num_units, self._forget_bias = num_units, forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = self._activation_fn(activation)

    @property
    def state_size(self):
        n = self._num_units
        return LSTMStateTuple(n, n) if self._state_is_tuple else 2 * n

    output_size = property(lambda self: self._num_units)

    def build(self, input_shape):
        self._kernel, self._bias = self._kernel_and_bias(input_shape, 4 * self._num_units)

    def call(self, inputs, state):
        n = self._num_units
        c, h = _lstm_state(state, self._state_is_tuple, n, n)
        gates = self._linear([inputs, h], self._kernel, self._bias)
        i, j, f, o = array_ops.split(gates, 4, axis=1)
        forget = math_ops.sigmoid(f + self._forget_bias)
        new_c = c * forget + math_ops.sigmoid(i) * self._activation(j)
        new_h = self._activation(new_c) * math_ops.sigmoid(o)
        return new_h, _lstm_new_state(new_c, new_h, self._state_is_tuple)


class LSTMCell(BasicLSTMCell):
    """The LSTM with TF 1.x's options: peepholes (`w_f_diag`, `w_i_diag`, `w_o_diag`), the cell
    state clipped to +-cell_clip, the output projected to num_proj (`projection/kernel`) and
    clipped to +-proj_clip. Variables `lstm_cell/kernel`, `lstm_cell/bias`."""

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
        if num_unit_shards is not None or num_proj_shards is not None:
            raise NotImplementedError("tinytf has no partitioned variables (num_*_shards)")
        super().__init__(
            num_units, forget_bias, state_is_tuple, activation, reuse, name, dtype, **kwargs
        )
        self._use_peepholes, self._cell_clip = use_peepholes, cell_clip
        self._num_proj, self._proj_clip = num_proj, proj_clip
        self._initializer = initializer

    @property
    def state_size(self):
        h = self.output_size
        if self._state_is_tuple:
            return LSTMStateTuple(self._num_units, h)
        return self._num_units + h

    output_size = property(lambda self: self._num_proj or self._num_units)

    def build(self, input_shape):
        n = self._num_units
        self._kernel, self._bias = self._kernel_and_bias(input_shape, 4 * n, h=self.output_size)
        if self._use_peepholes:
            self._w_f_diag, self._w_i_diag, self._w_o_diag = (
                self.add_weight(name, [n], initializer=self._initializer)
                for name in ("w_f_diag", "w_i_diag", "w_o_diag")
            )
        if self._num_proj is not None:
            self._proj_kernel = self.add_weight(
                "projection/kernel", [n, self._num_proj], initializer=self._initializer
            )

    def call(self, inputs, state):
        sigmoid, act = math_ops.sigmoid, self._activation
        c_prev, m_prev = _lstm_state(state, self._state_is_tuple, self._num_units, self.output_size)
        gates = self._linear([inputs, m_prev], self._kernel, self._bias)
        i, j, f, o = array_ops.split(gates, 4, axis=1)
        if self._use_peepholes:
            f = f + self._w_f_diag * c_prev
            i = i + self._w_i_diag * c_prev
        c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * act(j)
        if self._cell_clip is not None:
            c = clip_ops.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            o = o + self._w_o_diag * c
        m = sigmoid(o) * act(c)
        if self._num_proj is not None:
            m = math_ops.matmul(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = clip_ops.clip_by_value(m, -self._proj_clip, self._proj_clip)
        return m, _lstm_new_state(c, m, self._state_is_tuple)


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
    """Cells stacked: each one's output is the next one's input (`multi_rnn_cell/cell_i/`);
    the state is the tuple of theirs, or with state_is_tuple=False their concatenation."""

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        self._cells, self._state_is_tuple = list(cells), state_is_tuple
        if not state_is_tuple and any(isinstance(c.state_size, tuple) for c in self._cells):
            raise ValueError(
                "Some cells return tuples of states, but the flag state_is_tuple is not set.  "
                f"State sizes are: {[c.state_size for c in self._cells]}"
            )

    @property
    def state_size(self):
        sizes = tuple(c.state_size for c in self._cells)
        return sizes if self._state_is_tuple else sum(sizes)

    output_size = property(lambda self: self._cells[-1].output_size)

    def zero_state(self, batch_size, dtype):
        """Each cell's zero state (concatenated with state_is_tuple=False)."""
        if not self._state_is_tuple:
            return super().zero_state(batch_size, dtype)
        with name_scope(None, f"{type(self).__name__}ZeroState", [batch_size]):
            return tuple(c.zero_state(batch_size, dtype) for c in self._cells)

    def call(self, inputs, state):
        new_states, start = [], 0
        for i, cell in enumerate(self._cells):
            with vs.variable_scope(f"cell_{i}"):
                if self._state_is_tuple:
                    cell_state = state[i]
                else:
                    cell_state = indexing_ops.slice(state, [0, start], [-1, cell.state_size])
                    start += cell.state_size
                inputs, new_state = cell(inputs, cell_state)
            new_states.append(new_state)
        if self._state_is_tuple:
            return inputs, tuple(new_states)
        return inputs, array_ops.concat(new_states, 1)


# -- wrappers: they call the wrapped cell in its own scopes and own no variables -------------------
def _map_leaves(fn, structure, *others):
    """fn(i, leaf, *other leaves) over the leaves of `structure` (i counts them in order), in
    its nesting of tuples, lists and namedtuples."""
    counter = iter(range(1 << 30))

    def walk(s, *o):
        if isinstance(s, (tuple, list)):
            parts = [walk(*items) for items in zip(s, *o)]
            return type(s)(*parts) if hasattr(s, "_fields") else type(s)(parts)
        return fn(next(counter), s, *o)

    return walk(structure, *others)


class _Wrapper(RNNCell):
    def __init__(self, cell, **kwargs):
        super().__init__(**kwargs)
        if not callable(cell) or not hasattr(cell, "state_size"):
            raise TypeError(f"The argument 'cell' ({cell}) is not an RNNCell.")
        self.cell = cell

    state_size = property(lambda self: self.cell.state_size)
    output_size = property(lambda self: self.cell.output_size)

    def zero_state(self, batch_size, dtype):
        """The wrapped cell's zero state."""
        with name_scope(None, f"{type(self).__name__}ZeroState", [batch_size]):
            return self.cell.zero_state(batch_size, dtype)

    def __call__(self, inputs, state, scope=None):
        return self._call_wrapped(inputs, state, scope)


def _default_state_filter(substate):
    """An LSTM's cell state c is not dropped, its output h is; other states are."""
    return LSTMStateTuple(c=False, h=True) if isinstance(substate, LSTMStateTuple) else True


def _shallow_mask(visit, structure):
    """TF's get_traverse_shallow_structure: True/False per part that `visit` decides on."""
    decision = visit(structure)
    if isinstance(decision, bool):
        if decision and isinstance(structure, (tuple, list)):
            return _map_structure(lambda s: _shallow_mask(visit, s), structure)
        return decision
    return _map_structure(
        lambda d, s: _shallow_mask(visit, s) if d is True else d, decision, structure
    )


def _map_structure(fn, *structures):
    first = structures[0]
    parts = [fn(*items) for items in zip(*structures)]
    return type(first)(*parts) if hasattr(first, "_fields") else type(first)(parts)


class DropoutWrapper(_Wrapper):
    """Dropout on the wrapped cell's inputs, outputs and states (keep probabilities, 1 = none);
    with variational_recurrent the same mask at every time step (Gal and Ghahramani)."""

    def __init__(
        self,
        cell,
        input_keep_prob=1.0,
        output_keep_prob=1.0,
        state_keep_prob=1.0,
        variational_recurrent=False,
        input_size=None,
        dtype=None,
        seed=None,
        dropout_state_filter_visitor=None,
        **kwargs,
    ):
        super().__init__(cell, dtype=dtype, **kwargs)
        if dropout_state_filter_visitor is not None and not callable(dropout_state_filter_visitor):
            raise TypeError("dropout_state_filter_visitor must be callable")
        self._state_filter = dropout_state_filter_visitor or _default_state_filter
        with name_scope("DropoutWrapperInit"):
            probs = [("input", input_keep_prob), ("state", state_keep_prob)]
            for attr, prob in probs + [("output", output_keep_prob)]:
                setattr(self, f"_{attr}_keep_prob", _keep_prob(prob, f"{attr}_keep_prob"))
        self._variational, self._seed = variational_recurrent, seed
        self._noise = {"input": None, "state": None, "output": None}
        if variational_recurrent:
            self._make_noise(input_size, dtype)

    wrapped_cell = property(lambda self: self.cell)

    def _make_noise(self, input_size, dtype):
        """One uniform draw per [1, size] part, reused at every step."""
        if dtype is None:
            raise ValueError("When variational_recurrent=True, dtype must be provided")

        def noise(kind):
            return lambda i, size: random_ops.random_uniform(
                [1, *as_shape(size).as_list()], seed=self._gen_seed(kind, i), dtype=dtype
            )

        if not isinstance(self._input_keep_prob, float) or self._input_keep_prob < 1.0:
            if input_size is None:
                raise ValueError(
                    "When variational_recurrent=True and input_keep_prob < 1.0 or is unknown, "
                    "input_size must be provided"
                )
            self._noise["input"] = _map_leaves(noise("input"), input_size)
        self._noise["state"] = _map_leaves(noise("state"), self.cell.state_size)
        self._noise["output"] = _map_leaves(noise("output"), self.cell.output_size)

    def _gen_seed(self, salt_prefix, index):
        """TF's per-part seed: the first 31 bits of md5(seed + salt)."""
        if self._seed is None:
            return None
        digest = hashlib.md5(f"{self._seed}{salt_prefix}_{index}".encode()).hexdigest()
        return int(digest[:8], 16) & 0x7FFFFFFF

    def _dropout(self, values, kind, keep_prob, mask=None):
        def drop(i, do_drop, value, *noise):
            if do_drop is False:
                return value
            if not self._variational:
                return nn_ops.dropout(value, rate=1.0 - keep_prob, seed=self._gen_seed(kind, i))
            binary = math_ops.floor(keep_prob + noise[0])
            dropped = math_ops.div(value, keep_prob) * binary
            dropped.set_shape(value.shape)
            return dropped

        mask = values if mask is None else mask
        noise = [] if self._noise[kind] is None else [self._noise[kind]]
        return _map_leaves(drop, mask, values, *noise)

    def _call_wrapped(self, inputs, state, scope):
        def active(p):
            return not isinstance(p, float) or p < 1

        if active(self._input_keep_prob):
            inputs = self._dropout(inputs, "input", self._input_keep_prob)
        output, new_state = self.cell(inputs, state, scope=scope)
        if active(self._state_keep_prob):
            mask = _shallow_mask(self._state_filter, new_state)
            new_state = self._dropout(new_state, "state", self._state_keep_prob, mask)
        if active(self._output_keep_prob):
            output = self._dropout(output, "output", self._output_keep_prob)
        return output, new_state


def _keep_prob(prob, name):
    """A constant probability as a float (checked to lie in [0, 1]); a tensor as it is."""
    tensor = convert_to_tensor(prob)
    value = constant_value(tensor)
    if value is None:
        return tensor
    if not 0 <= value <= 1:
        raise ValueError(f"Parameter {name} must be between 0 and 1: {int(value)}")
    return float(value)


class ResidualWrapper(_Wrapper):
    """The wrapped cell's output plus its input (or residual_fn(inputs, outputs))."""

    def __init__(self, cell, residual_fn=None, **kwargs):
        super().__init__(cell, **kwargs)
        self._residual_fn = residual_fn

    def _call_wrapped(self, inputs, state, scope):
        outputs, new_state = self.cell(inputs, state, scope=scope)
        if self._residual_fn is not None:
            return self._residual_fn(inputs, outputs), new_state

        def add(i, inp, out):
            inp.shape.assert_is_compatible_with(out.shape)
            return inp + out

        return _map_leaves(add, inputs, outputs), new_state


class DeviceWrapper(_Wrapper):
    """The wrapped cell, its ops (and zero state) placed on `device`."""

    def __init__(self, cell, device, **kwargs):
        super().__init__(cell, **kwargs)
        self._device = device

    def zero_state(self, batch_size, dtype):
        """The wrapped cell's zero state, on the device."""
        with name_scope(None, f"{type(self).__name__}ZeroState", [batch_size]):
            with get_default_graph().device(self._device):
                return self.cell.zero_state(batch_size, dtype)

    def _call_wrapped(self, inputs, state, scope):
        with get_default_graph().device(self._device):
            return self.cell(inputs, state, scope=scope)

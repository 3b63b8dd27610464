"""tf.contrib.rnn.LayerNormBasicLSTMCell: BasicLSTMCell with each gate and the new cell state
layer-normalized (Ba et al.), and optional recurrent dropout on the candidate (Semeniuta et
al.)."""

from tinytf.contrib.layers.layers import layer_norm
from tinytf.framework import dtypes
from tinytf.layers.rnn_cell import LSTMStateTuple, RNNCell
from tinytf.ops import array_ops, init_ops, math_ops, nn_ops
from tinytf.ops import variable_scope as vs
from tinytf.platform import tf_logging as logging


class LayerNormBasicLSTMCell(RNNCell):
    """An LSTM whose gates i, j, f, o and new c are layer-normalized (`input/gamma`, ...,
    `state/beta`); the kernel has no bias when layer_norm is on."""

    def __init__(self, num_units, forget_bias=1.0, input_size=None, activation=math_ops.tanh,
                 layer_norm=True, norm_gain=1.0, norm_shift=0.0, dropout_keep_prob=1.0,
                 dropout_prob_seed=None, reuse=None):
        super().__init__(_reuse=reuse)
        if input_size is not None:
            logging.warning("%s: The input_size parameter is deprecated.", self)
        self._num_units, self._activation = num_units, activation
        self._forget_bias = forget_bias
        self._keep_prob, self._seed = dropout_keep_prob, dropout_prob_seed
        self._layer_norm = layer_norm
        self._norm_gain, self._norm_shift = norm_gain, norm_shift

    state_size = property(lambda self: LSTMStateTuple(self._num_units, self._num_units))
    output_size = property(lambda self: self._num_units)

    def _norm(self, inp, scope, dtype=dtypes.float32):
        shape = inp.shape[-1:]
        with vs.variable_scope(scope):
            vs.get_variable("gamma", shape=shape, dtype=dtype,
                            initializer=init_ops.constant_initializer(self._norm_gain))
            vs.get_variable("beta", shape=shape, dtype=dtype,
                            initializer=init_ops.constant_initializer(self._norm_shift))
        return layer_norm(inp, reuse=True, scope=scope)

    def _linear(self, args):
        out_size = 4 * self._num_units
        weights = vs.get_variable("kernel", [args.shape[-1], out_size], dtype=args.dtype)
        out = math_ops.matmul(args, weights)
        if not self._layer_norm:
            out = nn_ops.bias_add(out, vs.get_variable("bias", [out_size], dtype=args.dtype))
        return out

    def call(self, inputs, state):
        c, h = state
        args = array_ops.concat([inputs, h], 1)
        dtype = args.dtype
        i, j, f, o = array_ops.split(self._linear(args), 4, axis=1)
        if self._layer_norm:
            i, j, f, o = (self._norm(g, name, dtype=dtype) for g, name in
                          zip((i, j, f, o), ("input", "transform", "forget", "output")))
        g = self._activation(j)
        if not isinstance(self._keep_prob, float) or self._keep_prob < 1:
            g = nn_ops.dropout(g, keep_prob=self._keep_prob, seed=self._seed)
        new_c = c * math_ops.sigmoid(f + self._forget_bias) + math_ops.sigmoid(i) * g
        if self._layer_norm:
            new_c = self._norm(new_c, "state", dtype=dtype)
        new_h = self._activation(new_c) * math_ops.sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)

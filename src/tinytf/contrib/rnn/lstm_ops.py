"""tf.contrib.rnn.LSTMBlockCell and LSTMBlockFusedCell: the LSTM as TF's LSTMBlockCell op (one
step) and BlockLSTM op (a whole [time, batch, depth] sequence), with their gradient ops. The gates
are ordered i, ci, f, o in the kernel (LSTMCell's are i, j, f, o). As TF's kernels, the gradient
lets the cell-state gradient through cell_clip."""

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import OpDef, TensorSpec, convert_to_tensor, register_op
from tinytf.framework.tensor_shape import TensorShape
from tinytf.layers import base
from tinytf.layers.input_spec import InputSpec
from tinytf.layers.rnn_cell import LSTMStateTuple, RNNCell
from tinytf.ops import array_ops, init_ops, math_ops, sequence_ops
from tinytf.ops.nn_ops import BiasAddGrad
from tinytf.ops.reduction_ops import reduce_max

_FLOATS = frozenset({D.float16, D.float32})
_WEIGHTS = ("w", "wci", "wcf", "wco", "b")
_GATES = ("i", "cs", "f", "o", "ci", "co", "h")


def _sigmoid(xp, x):
    return 1.0 / (1.0 + xp.exp(-x))


def _step(xp, x, cs_prev, h_prev, w, wci, wcf, wco, b, forget_bias, cell_clip, use_peephole):
    """One step of TF's LSTM block: [i, cs, f, o, ci, co, h]."""
    gi, gci, gf, go = xp.split(xp.concatenate([x, h_prev], axis=1) @ w + b, 4, axis=1)
    if use_peephole:
        gi, gf = gi + cs_prev * wci, gf + cs_prev * wcf
    i, f, ci = _sigmoid(xp, gi), _sigmoid(xp, gf + forget_bias), xp.tanh(gci)
    cs = ci * i + cs_prev * f
    if cell_clip > 0:
        cs = xp.clip(cs, -cell_clip, cell_clip)
    o = _sigmoid(xp, go + cs * wco if use_peephole else go)
    co = xp.tanh(cs)
    return [i, cs, f, o, ci, co, co * o]


def _bprop(xp, cs_prev, wci, wcf, wco, i, cs, f, o, ci, co, cs_grad, h_grad, use_peephole):
    """TF's LSTMBlockCellBprop: (cs_prev_grad, dgates [i, ci, f, o], wci/wcf/wco grads)."""
    do = o * (1 - o) * h_grad * co
    dcs = (1 - co * co) * h_grad * o + cs_grad
    if use_peephole:
        dcs = dcs + do * wco
    di = i * (1 - i) * dcs * ci
    df = f * (1 - f) * dcs * cs_prev
    dci = (1 - ci * ci) * dcs * i
    cs_prev_grad = dcs * f
    if use_peephole:
        cs_prev_grad = cs_prev_grad + di * wci + df * wcf
        diags = [xp.sum(di * cs_prev, 0), xp.sum(df * cs_prev, 0), xp.sum(do * cs, 0)]
    else:
        diags = [xp.zeros_like(wci)] * 3
    return [cs_prev_grad, xp.concatenate([di, dci, df, do], axis=1)] + diags


def _cell_spec(x, h_prev, cs_prev, rank):
    batch = x.shape.with_rank(rank)[rank - 2:rank - 1].merge_with(h_prev.shape.with_rank(2)[:1])
    return batch.concatenate(cs_prev.shape.with_rank(2)[1:])


@register_op
class LSTMBlockCellOp(OpDef):
    """One LSTM step: (i, cs, f, o, ci, co, h) from x, the previous state and the weights."""

    type_name = "LSTMBlockCell"
    inputs = ("x", "cs_prev", "h_prev") + _WEIGHTS[:4] + ("b",)
    attrs = {"forget_bias": 1.0, "cell_clip": 3.0, "use_peephole": False}
    allowed = _FLOATS

    def infer(x, cs_prev, h_prev, w, wci, wcf, wco, b, **attrs):
        return [TensorSpec(_cell_spec(x, h_prev, cs_prev, 2), x.dtype)] * 7

    def kernel(xp, x, cs_prev, h_prev, w, wci, wcf, wco, b, *, forget_bias, cell_clip,
               use_peephole):
        out = _step(xp, x, cs_prev, h_prev, w, wci, wcf, wco, b, forget_bias, cell_clip,
                    use_peephole)
        return [t.astype(x.dtype) for t in out]

    def grad(op, *grads):
        x, cs_prev, h_prev, w, wci, wcf, wco, b = op.inputs
        cs_prev_grad, dgates, wci_grad, wcf_grad, wco_grad = LSTMBlockCellGrad.apply(
            *op.inputs, *op.outputs[:6], grads[1], grads[6],
            use_peephole=op.get_attr("use_peephole"))
        xh_grad = math_ops.matmul(dgates, w, transpose_b=True)
        x_grad, h_prev_grad = array_ops.split(
            xh_grad, array_ops.stack([array_ops.shape(x)[1], array_ops.shape(h_prev)[1]]), 1)
        w_grad = math_ops.matmul(array_ops.concat([x, h_prev], 1), dgates, transpose_a=True)
        return (x_grad, cs_prev_grad, h_prev_grad, w_grad, wci_grad, wcf_grad, wco_grad,
                BiasAddGrad.apply(dgates, data_format="NHWC"))


@register_op
class LSTMBlockCellGrad(OpDef):
    """The backward step of LSTMBlockCell: (cs_prev_grad, dicfo, wci_grad, wcf_grad,
    wco_grad)."""

    inputs = ("x", "cs_prev", "h_prev") + _WEIGHTS[:4] + ("b",) + _GATES[:6] + (
        "cs_grad", "h_grad")
    attrs = {"use_peephole": None}
    allowed = _FLOATS

    def infer(x, cs_prev, h_prev, w, wci, *rest, use_peephole):
        state = TensorSpec(cs_prev.shape, x.dtype)
        units = cs_prev.shape.with_rank(2).dims[1].value
        gates = TensorSpec(cs_prev.shape[:1].concatenate([units and 4 * units]), x.dtype)
        return [state, gates] + [TensorSpec(wci.shape, x.dtype)] * 3

    def kernel(xp, x, cs_prev, h_prev, w, wci, wcf, wco, b, i, cs, f, o, ci, co, cs_grad,
               h_grad, *, use_peephole):
        out = _bprop(xp, cs_prev, wci, wcf, wco, i, cs, f, o, ci, co, cs_grad, h_grad,
                     use_peephole)
        return [t.astype(x.dtype) for t in out]


@register_op
class BlockLSTM(OpDef):
    """The LSTM block over time steps 0..seq_len_max-1 of x [time, batch, depth]; the
    outputs (i, cs, f, o, ci, co, h: [time, batch, units]) are zero after seq_len_max."""

    inputs = ("seq_len_max", "x", "cs_prev", "h_prev") + _WEIGHTS[:4] + ("b",)
    type_inputs = inputs[1:]
    attrs = {"forget_bias": 1.0, "cell_clip": 3.0, "use_peephole": False}
    allowed = _FLOATS

    def infer(seq_len_max, x, cs_prev, h_prev, *weights, **attrs):
        shape = x.shape.with_rank(3)[:1].concatenate(_cell_spec(x, h_prev, cs_prev, 3))
        return [TensorSpec(shape, x.dtype)] * 7

    def kernel(xp, seq_len_max, x, cs_prev, h_prev, w, wci, wcf, wco, b, *, forget_bias,
               cell_clip, use_peephole):
        outs = [xp.zeros(x.shape[:2] + cs_prev.shape[1:], dtype=x.dtype) for _ in range(7)]
        cs_t, h_t = cs_prev, h_prev
        for t in range(min(int(seq_len_max), x.shape[0])):
            step = _step(xp, x[t], cs_t, h_t, w, wci, wcf, wco, b, forget_bias, cell_clip,
                         use_peephole)
            for out, value in zip(outs, step):
                out[t] = value
            cs_t, h_t = step[1], step[6]
        return outs

    def grad(op, *grads):
        return [None] + BlockLSTMGrad.apply(
            *op.inputs, *op.outputs, grads[1], grads[6],
            use_peephole=op.get_attr("use_peephole"))


@register_op
class BlockLSTMGrad(OpDef):
    """The backward pass of BlockLSTM: gradients of x, cs_prev, h_prev and the weights."""

    inputs = BlockLSTM.inputs + _GATES + ("cs_grad", "h_grad")
    type_inputs = inputs[1:]
    attrs = {"use_peephole": None}
    allowed = _FLOATS

    def infer(seq_len_max, x, cs_prev, h_prev, w, wci, wcf, wco, b, *rest, use_peephole):
        return [TensorSpec(t.shape, x.dtype) for t in (x, cs_prev, h_prev, w, wci, wcf, wco, b)]

    def kernel(xp, seq_len_max, x, cs_prev, h_prev, w, wci, wcf, wco, b, i, cs, f, o, ci, co,
               h, cs_grad, h_grad, *, use_peephole):
        grads = [xp.zeros_like(t) for t in (x, w, wci, wcf, wco, b)]
        x_grad, w_grad, diag_grads, b_grad = grads[0], grads[1], grads[2:5], grads[5]
        cs_prev_grad, h_prev_grad = xp.zeros_like(cs_prev), xp.zeros_like(h_prev)
        depth = x.shape[2]
        for t in reversed(range(min(int(seq_len_max), x.shape[0]))):
            cs_before = cs_prev if t == 0 else cs[t - 1]
            h_before = h_prev if t == 0 else h[t - 1]
            cs_prev_grad, dgates, *diags = _bprop(
                xp, cs_before, wci, wcf, wco, i[t], cs[t], f[t], o[t], ci[t], co[t],
                cs_grad[t] + cs_prev_grad, h_grad[t] + h_prev_grad, use_peephole)
            xh_grad = dgates @ w.T
            x_grad[t], h_prev_grad = xh_grad[:, :depth], xh_grad[:, depth:]
            w_grad += xp.concatenate([x[t], h_before], axis=1).T @ dgates
            b_grad += xp.sum(dgates, 0)
            for total, d in zip(diag_grads, diags):
                total += d
        out = [x_grad, cs_prev_grad, h_prev_grad, w_grad, *diag_grads, b_grad]
        return [g.astype(x.dtype) for g in out]


def _diagonals(layer, dtype):
    """(wci, wcf, wco): the peephole weights, or zeros without peepholes."""
    if layer._use_peephole:
        return layer._w_i_diag, layer._w_f_diag, layer._w_o_diag
    zeros = array_ops.zeros([layer._num_units], dtype=dtype)
    return zeros, zeros, zeros


def _build_block(layer, input_size):
    n = layer._num_units
    layer._kernel = layer.add_weight("kernel", [input_size + n, 4 * n])
    layer._bias = layer.add_weight("bias", [4 * n], initializer=init_ops.constant_initializer(0.0))
    if layer._use_peephole:
        layer._w_i_diag, layer._w_f_diag, layer._w_o_diag = (
            layer.add_weight(name, [n]) for name in ("w_i_diag", "w_f_diag", "w_o_diag"))


def _block_attrs(layer):
    return dict(forget_bias=float(layer._forget_bias), cell_clip=float(layer._cell_clip),
                use_peephole=layer._use_peephole)


class LSTMBlockCell(RNNCell):
    """An LSTM cell run as one LSTMBlockCell op: variables `lstm_cell/kernel` [input + units,
    4 * units] (gates i, ci, f, o), `lstm_cell/bias` and, with use_peephole, `w_i_diag`,
    `w_f_diag`, `w_o_diag`; the cell state clipped to +-cell_clip when given."""

    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False,
                 dtype=None, reuse=None, name="lstm_cell"):
        super().__init__(_reuse=reuse, dtype=dtype, name=name)
        self._num_units, self._forget_bias = num_units, forget_bias
        self._use_peephole = use_peephole
        self._cell_clip = cell_clip if cell_clip is not None else -1
        self.input_spec = InputSpec(ndim=2)

    state_size = property(lambda self: LSTMStateTuple(self._num_units, self._num_units))
    output_size = property(lambda self: self._num_units)

    def build(self, input_shape):
        if not input_shape.dims[1].value:
            raise ValueError(f"Expecting inputs_shape[1] to be set: {input_shape}")
        _build_block(self, input_shape.dims[1].value)

    def call(self, inputs, state):
        cs_prev, h_prev = state
        outs = LSTMBlockCellOp.apply(inputs, cs_prev, h_prev, self._kernel,
                                     *_diagonals(self, D.float32), self._bias,
                                     **_block_attrs(self))
        return outs[6], LSTMStateTuple(outs[1], outs[6])


class LSTMBlockFusedCell(base.Layer):
    """The LSTM over a whole time-major sequence as one BlockLSTM op: call(inputs [time,
    batch, depth], initial_state, dtype, sequence_length) -> (outputs, LSTMStateTuple);
    variables `lstm_fused_cell/kernel`, `lstm_fused_cell/bias` (and the peepholes)."""

    def __init__(self, num_units, forget_bias=1.0, cell_clip=None, use_peephole=False,
                 reuse=None, dtype=None, name="lstm_fused_cell"):
        super().__init__(_reuse=reuse, name=name, dtype=dtype)
        self._num_units, self._forget_bias = num_units, forget_bias
        self._cell_clip = cell_clip if cell_clip is not None else -1
        self._use_peephole = use_peephole
        self.input_spec = InputSpec(ndim=3)

    num_units = property(lambda self: self._num_units)

    def build(self, input_shape):
        _build_block(self, TensorShape(input_shape).dims[2].value)

    def call(self, inputs, initial_state=None, dtype=None, sequence_length=None):
        shape = inputs.shape.with_rank(3)
        if not shape[2]:
            raise ValueError(f"Expecting inputs_shape[2] to be set: {shape}")
        batch = shape.dims[1].value or array_ops.shape(inputs)[1]
        time_len = shape.dims[0].value or array_ops.shape(inputs)[0]
        if initial_state is None:
            if dtype is None:
                raise ValueError("Either initial_state or dtype needs to be specified")
            z = array_ops.zeros(array_ops.stack([batch, self._num_units]), dtype=dtype)
            initial_state = z, z
        elif len(initial_state) != 2:
            raise ValueError("Expecting initial_state to be a tuple with length 2 or None")
        dtype = dtype or initial_state[0].dtype
        cs0, h0 = initial_state
        if sequence_length is None:
            max_len = math_ops.cast(time_len, D.int64)
        else:
            sequence_length = convert_to_tensor(sequence_length)
            max_len = math_ops.cast(reduce_max(sequence_length), D.int64)
        outs = BlockLSTM.apply(max_len, inputs, cs0, h0, self._kernel,
                               *_diagonals(self, dtype), self._bias, **_block_attrs(self))
        cs, h = outs[1], outs[6]
        if sequence_length is None:
            return h, LSTMStateTuple(cs[-1], h[-1])
        return self._masked(cs, h, cs0, h0, sequence_length, time_len, batch, dtype)

    def _masked(self, cs, h, cs0, h0, sequence_length, time_len, batch, dtype):
        mask = array_ops.transpose(sequence_ops.sequence_mask(sequence_length, time_len,
                                                              dtype=dtype), [1, 0])
        h = h * array_ops.tile(array_ops.expand_dims(mask, [-1]), [1, 1, self._num_units])

        def final(states, first):
            states = array_ops.concat([array_ops.expand_dims(first, [0]), states], 0)
            index = array_ops.stack([sequence_length, math_ops.range(batch)], axis=1)
            return sequence_ops.gather_nd(states, index)

        return h, LSTMStateTuple(final(cs, cs0), final(h, h0))

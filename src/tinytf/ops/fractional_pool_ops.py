"""Fractional pooling (TF ops FractionalMaxPool / FractionalAvgPool and their gradient ops):
NHWC pooling over windows whose edges are a random sequence with mean stride pooling_ratio,
made as TF 1.15's GeneratePoolingSequence makes them (the sequences are random as TF's, so only
their law and the pooling given them can be compared with TF)."""

import collections

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import NotDifferentiable, OpDef, TensorSpec, register_op
from tinytf.framework.tensor_shape import TensorShape
from tinytf.ops import shape_util
from tinytf.ops.random_ops import _generator

_NUMBERS = frozenset({D.float32, D.float64, D.int32, D.int64})


def _check_ratio(op_type, pooling_ratio):
    if len(pooling_ratio) < 4:
        raise ValueError(
            f"Attr 'pooling_ratio' of '{op_type}' Op passed list of length "
            f"{len(pooling_ratio)} less than minimum 4."
        )
    if len(pooling_ratio) != 4:
        raise ValueError("pooling_ratio field must specify 4 dimensions")
    if pooling_ratio[0] != 1 or pooling_ratio[3] != 1:  # TF 1.15's process crashes instead
        raise ValueError("We only support pooling along rows and cols.")


def _out_size(size, ratio):
    return None if size is None else int(np.floor(size / ratio))


def _sequence(gen, n_in, n_out, pseudo_random):
    """TF's GeneratePoolingSequence: n_out + 1 window edges from 0 to n_in."""
    if pseudo_random:
        alpha = n_in / n_out
        k = n_in // n_out
        u_max = min((k + 2) / alpha - 1, (n_in + 1 - k) / alpha - (n_out - 1))
        u = gen.uniform(0.0, u_max)
        seq = [int(np.ceil(alpha * (i + u)) - np.ceil(alpha * u)) for i in range(n_out)]
        return np.array(seq + [n_in], np.int64)
    diff = np.full(n_out, n_in // n_out, np.int64)
    diff[: n_in % n_out] += 1
    gen.shuffle(diff)
    return np.concatenate([[0], np.cumsum(diff)]).astype(np.int64)


def _windows(seq, n_in, overlapping):
    """(start, end) of each window, end exclusive; overlapping windows share their edge."""
    ends = seq[1:] + (1 if overlapping else 0)
    return [(int(s), int(min(e, n_in))) for s, e in zip(seq[:-1], ends)]


def _pool(x, rows, cols, overlapping, reduce):
    n, h, w, c = x.shape
    out = np.empty((n, len(rows) - 1, len(cols) - 1, c), x.dtype)
    for i, (r0, r1) in enumerate(_windows(rows, h, overlapping)):
        for j, (c0, c1) in enumerate(_windows(cols, w, overlapping)):
            out[:, i, j] = reduce(x[:, r0:r1, c0:c1])
    return out


def _rng(ctx, op, deterministic, seed, seed2):
    """TF: deterministic ops draw the same sequences on every run, others new ones."""
    if not deterministic:
        if seed or seed2:
            raise InvalidArgumentError(
                None, None, "Both seed and seed2 should be 0 if deterministic is false."
            )
        return _generator(ctx, op, seed, seed2)
    entropy = ctx.rngs.get(("fractional", op))
    if entropy is None:
        fresh = np.random.default_rng(None if seed == 0 and seed2 == 0 else [seed, seed2])
        entropy = ctx.rngs[("fractional", op)] = int(fresh.integers(2**63))
    return np.random.default_rng(entropy)


def _mean(window):
    return (window.sum(axis=(1, 2)) / (window.shape[1] * window.shape[2])).astype(window.dtype)


class _FractionalPool(OpDef):
    inputs = ("value",)
    attrs = {
        "pooling_ratio": None,
        "pseudo_random": False,
        "overlapping": False,
        "deterministic": False,
        "seed": 0,
        "seed2": 0,
    }
    allowed = _NUMBERS
    stateful = True  # new random windows on each run, as TF's
    reduce = None

    @classmethod
    def infer(cls, value, *, pooling_ratio, **attrs):
        _check_ratio(cls.type_name, pooling_ratio)
        dims = shape_util.with_rank(value.shape, 4).as_list()
        out = [_out_size(d, r) for d, r in zip(dims, pooling_ratio)]
        out[0], out[3] = dims[0], dims[3]
        # NOTE: TF's shape function says [out] though the sequences hold out + 1 edges
        seqs = [TensorSpec(TensorShape([d]), D.int64) for d in out[1:3]]
        return [TensorSpec(TensorShape(out), value.dtype)] + seqs

    def kernel(
        xp, x, *, ctx, op, pooling_ratio, pseudo_random, overlapping, deterministic, seed, seed2
    ):
        gen = _rng(ctx, op, deterministic, seed, seed2)
        x = np.asarray(x)
        sizes = [_out_size(d, r) for d, r in zip(x.shape[1:3], pooling_ratio[1:3])]
        if min(sizes) <= 0:  # TF 1.15's process crashes instead
            raise InvalidArgumentError(
                None, None, "outputsize must be > 0, rather than " + str(min(sizes))
            )
        rows = _sequence(gen, x.shape[1], sizes[0], pseudo_random)
        cols = _sequence(gen, x.shape[2], sizes[1], pseudo_random)
        out = _pool(x, rows, cols, overlapping, op._opdef.reduce)
        return xp.asarray(out), xp.asarray(rows), xp.asarray(cols)


@register_op
class FractionalMaxPool(_FractionalPool):
    """The maximum of each random window (NHWC)."""

    reduce = staticmethod(lambda window: window.max(axis=(1, 2)))

    def grad(op, dy, _rows, _cols):
        x, (out, rows, cols) = op.inputs[0], op.outputs
        overlapping = op.get_attr("overlapping")
        return FractionalMaxPoolGrad.apply(x, out, dy, rows, cols, overlapping=overlapping)


@register_op
class FractionalAvgPool(_FractionalPool):
    """The mean of each random window (NHWC)."""

    reduce = staticmethod(_mean)

    def grad(op, dy, _rows, _cols):
        from tinytf.ops.array_ops import shape

        rows, cols = op.outputs[1:]
        overlapping = op.get_attr("overlapping")
        orig = shape(op.inputs[0], out_type=D.int64)
        return FractionalAvgPoolGrad.apply(orig, dy, rows, cols, overlapping=overlapping)


def _first_max_grad(x, out, dy, rows, cols, overlapping):
    """Each output's gradient goes to the first input (row-major in its window) equal to it."""
    n, h, w, c = x.shape
    grad = np.zeros(x.shape, dy.dtype)
    for i, (r0, r1) in enumerate(_windows(rows, h, overlapping)):
        for j, (c0, c1) in enumerate(_windows(cols, w, overlapping)):
            window = x[:, r0:r1, c0:c1].reshape(n, -1, c)
            first = np.argmax(window == out[:, i, j][:, None], axis=1)
            rr, cc = np.unravel_index(first, (r1 - r0, c1 - c0))
            nn, ch = np.meshgrid(np.arange(n), np.arange(c), indexing="ij")
            np.add.at(grad, (nn, rr + r0, cc + c0, ch), dy[:, i, j])
    return grad


@register_op
class FractionalMaxPoolGrad(OpDef):
    """The gradient of FractionalMaxPool given its windows."""

    inputs = (
        "orig_input",
        "orig_output",
        "out_backprop",
        "row_pooling_sequence",
        "col_pooling_sequence",
    )
    type_inputs = ("orig_input", "orig_output", "out_backprop")
    attrs = {"overlapping": False}
    allowed = _NUMBERS

    def infer(orig_input, orig_output, out_backprop, rows, cols, *, overlapping):
        return TensorSpec(orig_input.shape, orig_input.dtype)

    def kernel(xp, x, out, dy, rows, cols, *, overlapping):
        arrays = [np.asarray(a) for a in (x, out, dy, rows, cols)]
        return xp.asarray(_first_max_grad(*arrays, overlapping))


@register_op
class FractionalAvgPoolGrad(OpDef):
    """The gradient of FractionalAvgPool: each window's gradient shared among its inputs."""

    inputs = (
        "orig_input_tensor_shape",
        "out_backprop",
        "row_pooling_sequence",
        "col_pooling_sequence",
    )
    type_inputs = ("out_backprop",)
    attrs = {"overlapping": False}
    allowed = _NUMBERS

    def infer(orig_shape, out_backprop, rows, cols, *, overlapping):
        return TensorSpec(shape_util.constant_value_as_shape(orig_shape), out_backprop.dtype)

    def kernel(xp, orig_shape, dy, rows, cols, *, overlapping):
        dy = np.asarray(dy)
        _, h, w, _ = (int(d) for d in orig_shape)
        grad = np.zeros([int(d) for d in orig_shape], dy.dtype)
        for i, (r0, r1) in enumerate(_windows(np.asarray(rows), h, overlapping)):
            for j, (c0, c1) in enumerate(_windows(np.asarray(cols), w, overlapping)):
                count = (r1 - r0) * (c1 - c0)
                grad[:, r0:r1, c0:c1] += (dy[:, i, j] / count)[:, None, None].astype(dy.dtype)
        return xp.asarray(grad)


NotDifferentiable("FractionalMaxPoolGrad")
NotDifferentiable("FractionalAvgPoolGrad")

_MaxOut = collections.namedtuple(
    "FractionalMaxPool", "output row_pooling_sequence col_pooling_sequence"
)
_AvgOut = collections.namedtuple("FractionalAvgPool", _MaxOut._fields)


def _attrs(pooling_ratio, pseudo_random, overlapping, deterministic, seed, seed2):
    return {
        "pooling_ratio": [float(r) for r in pooling_ratio],
        "pseudo_random": bool(pseudo_random),
        "overlapping": bool(overlapping),
        "deterministic": bool(deterministic),
        "seed": int(seed),
        "seed2": int(seed2),
    }


def fractional_max_pool(
    value,
    pooling_ratio,
    pseudo_random=False,
    overlapping=False,
    deterministic=False,
    seed=0,
    seed2=0,
    name=None,
):
    """(output, row_pooling_sequence, col_pooling_sequence): max over random windows."""
    attrs = _attrs(pooling_ratio, pseudo_random, overlapping, deterministic, seed, seed2)
    return _MaxOut(*FractionalMaxPool.apply(value, name=name, **attrs))


def fractional_avg_pool(
    value,
    pooling_ratio,
    pseudo_random=False,
    overlapping=False,
    deterministic=False,
    seed=0,
    seed2=0,
    name=None,
):
    """(output, row_pooling_sequence, col_pooling_sequence): mean over random windows."""
    attrs = _attrs(pooling_ratio, pseudo_random, overlapping, deterministic, seed, seed2)
    return _AvgOut(*FractionalAvgPool.apply(value, name=name, **attrs))

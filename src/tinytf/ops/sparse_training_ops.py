"""The sparse update ops of the optimizers (TF's SparseApply*): the dense formulas of
training_ops applied to the rows `indices` of the variable and its slots only. TF's optimizers
sum duplicate indices before these ops (Unique + UnsortedSegmentSum); the kernels sum them
themselves, which gives the same values."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import NotDifferentiable, OpDef, TensorSpec, register_op
from tinytf.ops import shape_util
from tinytf.ops.state_ops import _read
from tinytf.ops.training_ops import _scalar


class SparseApplyOp(OpDef):
    """inputs[:n_refs] are the variable and its slots; `grad` holds rows for `indices`."""

    attrs = {"use_locking": False}
    allowed = D.FLOATS
    stateful = True
    type_inputs = ()  # set per op: every input but the indices

    @classmethod
    def infer(cls, *inputs, **attrs):
        var = inputs[0]
        grad, indices = inputs[cls.inputs.index("grad")], inputs[cls.inputs.index("indices")]
        shape_util.with_rank(indices.shape, 1)
        if var.shape.ndims is not None and grad.shape.ndims is not None:
            shape_util.merge_pair(var.shape[1:], grad.shape[1:])
        return TensorSpec(var.shape, var.dtype)


def _rows(ctx, refs, grad, indices):
    """The arrays behind `refs`, the unique rows and the summed gradient rows for them."""
    arrays = [_read(ctx, r) for r in refs]
    n = arrays[0].shape[0]
    bad = np.flatnonzero((indices < 0) | (indices >= n))
    if bad.size:
        k = int(bad[0])
        raise InvalidArgumentError(None, None, f"indices[{k}] = {indices[k]} is not in [0, {n})")
    rows, inverse = np.unique(indices, return_inverse=True)
    summed = np.zeros((rows.size,) + grad.shape[1:], grad.dtype)
    np.add.at(summed, inverse.reshape(-1), grad)
    return arrays, rows, summed


def _sparse_op(name, inputs, refs, update, extra_attrs=None):
    """Registers SparseApply<name>: update(xp, rows_of_each_ref, g, scalars, attrs) returns the
    new rows of each ref."""
    scalar_names = [n for n in inputs[refs:] if n not in ("grad", "indices")]

    def kernel(xp, *args, ctx, op, **attrs):
        values = dict(zip(inputs, args))
        arrays, rows, g = _rows(ctx, args[:refs], values["grad"], np.asarray(values["indices"]))
        scalars = {k: _scalar(values[k]) for k in scalar_names}
        new = update(xp, [a[rows] for a in arrays], g, scalars, attrs)
        for a, r in zip(arrays, new):
            a[rows] = r
        return arrays[0]

    body = {
        "inputs": inputs,
        "ref_inputs": tuple(range(refs)),
        "type_inputs": tuple(n for n in inputs if n != "indices"),
        "attrs": {"use_locking": False, **(extra_attrs or {})},
        "kernel": kernel,
        "__doc__": f"The {name} update on the rows `indices` only (TF op SparseApply{name}).",
    }
    cls = register_op(type(f"SparseApply{name}", (SparseApplyOp,), body))
    NotDifferentiable(cls.type_name)
    return cls


def _momentum(xp, arrays, g, s, attrs):
    var, accum = arrays
    accum = accum * s["momentum"] + g
    step = g + s["momentum"] * accum if attrs["use_nesterov"] else accum
    return var - s["lr"] * step, accum


def _adagrad(xp, arrays, g, s, attrs):
    var, accum = arrays
    if attrs.get("update_slots", True):
        accum = accum + g * g
    return var - s["lr"] * g / xp.sqrt(accum), accum


def _rmsprop(xp, arrays, g, s, attrs):
    var, ms, mom = arrays
    ms = ms + (g * g - ms) * (1 - s["rho"])
    mom = mom * s["momentum"] + s["lr"] * g / xp.sqrt(ms + s["epsilon"])
    return var - mom, ms, mom


def _ftrl(xp, arrays, g, s, attrs):
    var, accum, linear = arrays
    lr, l1, l2, p = s["lr"], s["l1"], s["l2"], s["lr_power"]
    new_accum = accum + g * g
    linear = linear + g - (new_accum**-p - accum**-p) / lr * var
    quadratic = new_accum**-p / lr + 2 * l2
    var = xp.where(xp.abs(linear) > l1, (xp.sign(linear) * l1 - linear) / quadratic, 0)
    return var.astype(g.dtype), new_accum, linear


SparseApplyMomentum = _sparse_op(
    "Momentum",
    ("var", "accum", "lr", "grad", "indices", "momentum"),
    2,
    _momentum,
    {"use_nesterov": False},
)
SparseApplyAdagrad = _sparse_op(
    "Adagrad", ("var", "accum", "lr", "grad", "indices"), 2, _adagrad, {"update_slots": True}
)
SparseApplyRMSProp = _sparse_op(
    "RMSProp",
    ("var", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad", "indices"),
    3,
    _rmsprop,
)
SparseApplyFtrl = _sparse_op(
    "Ftrl",
    ("var", "accum", "linear", "grad", "indices", "lr", "l1", "l2", "lr_power"),
    3,
    _ftrl,
    {"multiply_linear_by_lr": False},
)

"""The update ops of Adadelta, AdagradDA, the proximal optimizers, centered RMSProp and FTRL with
L2 shrinkage (TF's Apply*/SparseApply* of training_ops), with TF's input names and formulas.
Each rule is one function over arrays, shared by the dense op and its SparseApply twin (which
applies it to the gathered rows only)."""

from tinytf.framework.op_def import NotDifferentiable, register_op
from tinytf.ops.sparse_training_ops import _sparse_op
from tinytf.ops.state_ops import _read
from tinytf.ops.training_ops import ApplyOp, _scalar


def _adadelta(xp, arrays, g, s, attrs):
    var, accum, accum_update = arrays
    rho, eps = s["rho"], s["epsilon"]
    accum = accum * rho + g * g * (1 - rho)
    update = xp.sqrt(accum_update + eps) / xp.sqrt(accum + eps) * g
    accum_update = accum_update * rho + update * update * (1 - rho)
    return var - update * s["lr"], accum, accum_update


def _adagrad_da(xp, arrays, g, s, attrs):
    var, g_acc, gg_acc = arrays
    g_acc, gg_acc = g_acc + g, gg_acc + g * g
    step = s["global_step"].astype(g.dtype)
    lr, l1, l2 = s["lr"], s["l1"], s["l2"]
    denominator = l2 * step * lr + xp.sqrt(gg_acc)
    if l1 > 0:
        shrunk = xp.maximum(xp.abs(g_acc) - l1 * step, 0)
        var = -lr * xp.sign(g_acc) * shrunk / denominator
    else:
        var = -lr * g_acc / denominator
    return var.astype(g.dtype), g_acc, gg_acc


def _shrink(xp, prox_var, lr, l1, l2):
    """The proximal step: soft-threshold by lr * l1, then scale by 1 / (1 + lr * l2)."""
    if l1 > 0:
        prox_var = xp.sign(prox_var) * xp.maximum(xp.abs(prox_var) - lr * l1, 0)
    return prox_var / (1 + lr * l2)


def _proximal_gd(xp, arrays, g, s, attrs):
    (var,) = arrays
    alpha = s["alpha"]
    return (_shrink(xp, var - alpha * g, alpha, s["l1"], s["l2"]).astype(g.dtype),)


def _proximal_adagrad(xp, arrays, g, s, attrs):
    var, accum = arrays
    accum = accum + g * g
    lr = s["lr"] / xp.sqrt(accum)
    return _shrink(xp, var - g * lr, lr, s["l1"], s["l2"]).astype(g.dtype), accum


def _centered_rmsprop(xp, arrays, g, s, attrs):
    var, mg, ms, mom = arrays
    rho = s["rho"]
    ms = ms + (g * g - ms) * (1 - rho)
    mg = mg + (g - mg) * (1 - rho)
    denominator = ms - mg * mg + s["epsilon"]
    mom = mom * s["momentum"] + g * s["lr"] / xp.sqrt(denominator)
    return var - mom, mg, ms, mom


def _ftrl_v2(xp, arrays, g, s, attrs):
    var, accum, linear = arrays
    lr, l1, l2, p = s["lr"], s["l1"], s["l2"], s["lr_power"]
    shrunk_grad = g + 2 * s["l2_shrinkage"] * var
    new_accum = accum + g * g  # the accumulator sees the raw gradient, as in TF
    linear = linear + shrunk_grad - (new_accum**-p - accum**-p) / lr * var
    quadratic = new_accum**-p / lr + 2 * l2
    var = xp.where(xp.abs(linear) > l1, (xp.sign(linear) * l1 - linear) / quadratic, 0)
    return var.astype(g.dtype), new_accum, linear


def _dense_op(name, inputs, refs, update, grad_index=-1, type_inputs=None):
    """Registers Apply<name>: `update` on whole arrays, written back into the variables."""
    grad_name = inputs[grad_index]
    scalar_names = [n for n in inputs[refs:] if n != grad_name]

    def kernel(xp, *args, ctx, op, use_locking):
        values = dict(zip(inputs, args))
        arrays = [_read(ctx, r) for r in args[:refs]]
        scalars = {k: _scalar(values[k]) for k in scalar_names}
        new = update(xp, arrays, values[grad_name], scalars, {})
        for a, r in zip(arrays, new):
            a[...] = r
        return arrays[0]

    body = {
        "inputs": inputs,
        "ref_inputs": tuple(range(refs)),
        "grad_index": grad_index,
        "type_inputs": type_inputs,
        "kernel": kernel,
        "__doc__": f"The {name} update of the whole variable (TF op Apply{name}).",
    }
    cls = register_op(type(f"Apply{name}", (ApplyOp,), body))
    NotDifferentiable(cls.type_name)
    return cls


def _pair(name, inputs, refs, update, sparse_inputs, grad_index=-1, untyped=()):
    """The dense op and its SparseApply twin; `untyped` inputs do not share the type attr T."""
    dense = _dense_op(
        name,
        inputs,
        refs,
        update,
        grad_index,
        tuple(n for n in inputs if n not in untyped) if untyped else None,
    )
    sparse = _sparse_op(name, sparse_inputs, refs, update)
    sparse.type_inputs = tuple(n for n in sparse_inputs if n not in ("indices",) + untyped)
    return dense, sparse


ApplyAdadelta, SparseApplyAdadelta = _pair(
    "Adadelta",
    ("var", "accum", "accum_update", "lr", "rho", "epsilon", "grad"),
    3,
    _adadelta,
    ("var", "accum", "accum_update", "lr", "rho", "epsilon", "grad", "indices"),
)
ApplyAdagradDA, SparseApplyAdagradDA = _pair(
    "AdagradDA",
    (
        "var",
        "gradient_accumulator",
        "gradient_squared_accumulator",
        "grad",
        "lr",
        "l1",
        "l2",
        "global_step",
    ),
    3,
    _adagrad_da,
    (
        "var",
        "gradient_accumulator",
        "gradient_squared_accumulator",
        "grad",
        "indices",
        "lr",
        "l1",
        "l2",
        "global_step",
    ),
    grad_index=3,
    untyped=("global_step",),
)
ApplyProximalGradientDescent, SparseApplyProximalGradientDescent = _pair(
    "ProximalGradientDescent",
    ("var", "alpha", "l1", "l2", "delta"),
    1,
    _proximal_gd,
    ("var", "alpha", "l1", "l2", "grad", "indices"),
)
ApplyProximalAdagrad, SparseApplyProximalAdagrad = _pair(
    "ProximalAdagrad",
    ("var", "accum", "lr", "l1", "l2", "grad"),
    2,
    _proximal_adagrad,
    ("var", "accum", "lr", "l1", "l2", "grad", "indices"),
)
ApplyCenteredRMSProp, SparseApplyCenteredRMSProp = _pair(
    "CenteredRMSProp",
    ("var", "mg", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"),
    4,
    _centered_rmsprop,
    ("var", "mg", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad", "indices"),
)
ApplyFtrlV2, SparseApplyFtrlV2 = _pair(
    "FtrlV2",
    ("var", "accum", "linear", "grad", "lr", "l1", "l2", "l2_shrinkage", "lr_power"),
    3,
    _ftrl_v2,
    ("var", "accum", "linear", "grad", "indices", "lr", "l1", "l2", "l2_shrinkage", "lr_power"),
    grad_index=3,
)

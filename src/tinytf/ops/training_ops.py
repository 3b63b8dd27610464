"""The in-place update ops of the optimizers (TF's training_ops), with TF's formulas."""

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import NotDifferentiable, OpDef, TensorSpec, register_op
from tinytf.ops import shape_util
from tinytf.ops.state_ops import _read


class ApplyOp(OpDef):
    """inputs[:n_slots + 1] are variables (var, then slots) updated in place; output: var."""

    attrs = {"use_locking": False}
    allowed = D.FLOATS
    stateful = True
    n_refs = 1
    grad_index = -1  # where the gradient is among the inputs

    @classmethod
    def infer(cls, *inputs, **attrs):
        var = inputs[0]
        shape_util.merge_pair(var.shape, inputs[cls.grad_index].shape)
        return TensorSpec(var.shape, var.dtype)


def _scalar(x):
    return x.dtype.type(x) if hasattr(x, "dtype") else x


@register_op
class ApplyGradientDescent(ApplyOp):
    """var -= alpha * delta."""

    inputs = ("var", "alpha", "delta")
    ref_inputs = (0,)

    def kernel(xp, var, alpha, delta, *, ctx, op, use_locking):
        v = _read(ctx, var)
        v -= _scalar(alpha) * delta
        return v


@register_op
class ApplyMomentum(ApplyOp):
    """accum = accum * momentum + grad; var -= lr * accum (Nesterov: lr * (grad +
    momentum * accum))."""

    inputs = ("var", "accum", "lr", "grad", "momentum")
    ref_inputs = (0, 1)
    attrs = {"use_locking": False, "use_nesterov": False}

    def infer(var, accum, lr, grad, momentum, **attrs):
        shape_util.merge_pair(var.shape, grad.shape)
        return TensorSpec(var.shape, var.dtype)

    def kernel(xp, var, accum, lr, grad, momentum, *, ctx, op, use_locking, use_nesterov):
        v, a = _read(ctx, var), _read(ctx, accum)
        lr, momentum = _scalar(lr), _scalar(momentum)
        a *= momentum
        a += grad
        if use_nesterov:
            v -= lr * (grad + momentum * a)
        else:
            v -= lr * a
        return v


@register_op
class ApplyAdam(ApplyOp):
    """m, v moving moments of grad; var -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m /
    (sqrt(v) + epsilon)."""

    inputs = (
        "var",
        "m",
        "v",
        "beta1_power",
        "beta2_power",
        "lr",
        "beta1",
        "beta2",
        "epsilon",
        "grad",
    )
    ref_inputs = (0, 1, 2)
    attrs = {"use_locking": False, "use_nesterov": False}

    def kernel(
        xp,
        var,
        m,
        v,
        beta1_power,
        beta2_power,
        lr,
        beta1,
        beta2,
        epsilon,
        grad,
        *,
        ctx,
        op,
        use_locking,
        use_nesterov,
    ):
        w, mm, vv = _read(ctx, var), _read(ctx, m), _read(ctx, v)
        b1, b2 = _scalar(beta1), _scalar(beta2)
        lr_t = _scalar(lr) * xp.sqrt(1 - _scalar(beta2_power)) / (1 - _scalar(beta1_power))
        # In place through one scratch array: these tensors can be millions of elements.
        t = grad - mm
        t *= 1 - b1
        mm += t
        xp.multiply(grad, grad, out=t)
        t -= vv
        t *= 1 - b2
        vv += t
        xp.sqrt(vv, out=t)
        t += _scalar(epsilon)
        xp.divide((mm * b1 + grad * (1 - b1)) if use_nesterov else mm, t, out=t)
        t *= lr_t
        w -= t
        return w


@register_op
class ApplyAdagrad(ApplyOp):
    """accum += grad ** 2; var -= lr * grad / sqrt(accum)."""

    inputs = ("var", "accum", "lr", "grad")
    ref_inputs = (0, 1)
    attrs = {"use_locking": False, "update_slots": True}

    def kernel(xp, var, accum, lr, grad, *, ctx, op, use_locking, update_slots):
        w, a = _read(ctx, var), _read(ctx, accum)
        if update_slots:
            a += grad * grad
        w -= _scalar(lr) * grad / xp.sqrt(a)
        return w


@register_op
class ApplyFtrl(ApplyOp):
    """FTRL-proximal: accum' = accum + grad**2; linear += grad - (accum'**-p - accum**-p) / lr *
    var; var = (sign(linear) * l1 - linear) / (accum'**-p / lr + 2 * l2) where |linear| > l1,
    else 0 (p = lr_power)."""

    inputs = ("var", "accum", "linear", "grad", "lr", "l1", "l2", "lr_power")
    ref_inputs = (0, 1, 2)
    grad_index = 3
    attrs = {"use_locking": False, "multiply_linear_by_lr": False}

    def kernel(
        xp,
        var,
        accum,
        linear,
        grad,
        lr,
        l1,
        l2,
        lr_power,
        *,
        ctx,
        op,
        use_locking,
        multiply_linear_by_lr,
    ):
        w, a, n = _read(ctx, var), _read(ctx, accum), _read(ctx, linear)
        lr, l1, l2, p = _scalar(lr), _scalar(l1), _scalar(l2), _scalar(lr_power)
        new_a = a + grad * grad
        n += grad - (new_a**-p - a**-p) / lr * w
        quadratic = new_a**-p / lr + 2 * l2
        w[...] = xp.where(xp.abs(n) > l1, (xp.sign(n) * l1 - n) / quadratic, 0)
        a[...] = new_a
        return w


@register_op
class ApplyRMSProp(ApplyOp):
    """ms = rho * ms + (1 - rho) * grad ** 2; mom = momentum * mom + lr * grad /
    sqrt(ms + epsilon); var -= mom."""

    inputs = ("var", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad")
    ref_inputs = (0, 1, 2)

    def kernel(xp, var, ms, mom, lr, rho, momentum, epsilon, grad, *, ctx, op, use_locking):
        w, s, m = _read(ctx, var), _read(ctx, ms), _read(ctx, mom)
        s += (grad * grad - s) * (1 - _scalar(rho))
        m *= _scalar(momentum)
        m += _scalar(lr) * grad / xp.sqrt(s + _scalar(epsilon))
        w -= m
        return w


for _name in (
    "ApplyGradientDescent",
    "ApplyMomentum",
    "ApplyAdam",
    "ApplyAdagrad",
    "ApplyRMSProp",
    "VariableV2",
    "Assign",
    "AssignAdd",
    "AssignSub",
    "IsVariableInitialized",
    "NoOp",
    "RandomStandardNormal",
    "TruncatedNormal",
    "RandomUniform",
    "RandomUniformInt",
    "RandomShuffle",
):
    NotDifferentiable(_name)

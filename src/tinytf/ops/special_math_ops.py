"""Special functions (erf, lgamma, digamma, incomplete gamma and beta, zeta, polygamma, the
scaled Bessel functions) through scipy.special, with TF 1.15's gradients (math_grad.py)."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import (
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.ops import array_ops, shape_util
from tinytf.ops.array_ops import zeros_like
from tinytf.ops.math_ops import (
    BinaryOp,
    _reduced,
    _unary,
    _x,
    _y,
    abs,  # noqa: A004 - TF's name
    cast,
    exp,
    log,
    reciprocal,
    sign,
    square,
    where,
)
from tinytf.ops.reduction_ops import reduce_sum

HALF_TO_DOUBLE = frozenset({D.float16, D.bfloat16, D.float32, D.float64})
FLOAT_DOUBLE = frozenset({D.float32, D.float64})
_TWO_OVER_SQRT_PI = 2 / np.sqrt(np.pi)


def _special():
    try:
        import scipy.special
    except ImportError as e:  # pragma: no cover - the extra is installed in CI
        raise ImportError(
            "tinytf's special functions need SciPy: pip install 'tinytf[special]'"
        ) from e
    return scipy.special


def _scipy_kernel(fname, fix=None):
    """A kernel calling scipy.special.<fname> (NumPy only: SciPy has no xp), computed in at
    least float32 and returned in the inputs' dtype (float16 and bfloat16 included). `fix`
    (inputs, out) -> out gives Eigen's value where SciPy's differs (poles, edges)."""

    def kernel(xp, *args):
        dtype = args[-1].dtype
        wide = np.float64 if dtype == np.float64 else np.float32
        wide_args = [np.asarray(a, dtype=wide) for a in args]
        out = np.asarray(getattr(_special(), fname)(*wide_args))
        if fix is not None:
            out = fix(*wide_args, out)
        return xp.asarray(out.astype(dtype))

    return kernel


def _is_pole(x):
    return (x <= 0) & (x == np.floor(x))  # 0, the negative integers and -inf


def _digamma_fix(x, out):
    return np.where(_is_pole(x), np.inf, out)  # Eigen: +inf at every pole, SciPy: nan or -inf


def _lgamma_fix(x, out):
    return np.where(np.isneginf(x), np.inf, out)


def _igamma_fix(a, x, out):
    return np.where(x == 0, np.zeros_like(out), out)  # Eigen checks x == 0 before a <= 0


def _betainc_fix(a, b, x, out):
    return np.where((a <= 0) | (b <= 0), np.nan, out)


def _polygamma(xp, a, x):
    a64, x64 = np.asarray(a, np.float64), np.asarray(x, np.float64)
    whole = a64 == np.floor(a64)
    out = _special().polygamma(np.where(whole, a64, 0).astype(np.int64), x64)
    out = np.where((a64 == 0) & _is_pole(x64), np.inf, out)  # order 0 is digamma
    bad = ~whole | (a64 < 0)  # TF: NaN for a non-integer or negative order
    return xp.asarray(np.where(bad, np.nan, out).astype(x.dtype))


def _igamma_grad_a(xp, a, x):
    """d/da of the regularized lower incomplete gamma P(a, x). SciPy has no such function, so
    this differentiates scipy's gammainc in a by central differences with two Richardson steps
    (error ~ h**6 with h = a / 100), in float64."""
    a64, x64 = np.asarray(a, np.float64), np.asarray(x, np.float64)
    f = _special().gammainc
    h = 1e-2 * a64

    def central(step):
        return (f(a64 + step, x64) - f(a64 - step, x64)) / (2 * step)

    d1, d2, d4 = central(h), central(h / 2), central(h / 4)
    r1, r2 = (4 * d2 - d1) / 3, (4 * d4 - d2) / 3
    return xp.asarray(((16 * r2 - r1) / 15).astype(a.dtype))


def _binop(type_name, inputs, kernel, grad=None):
    """A broadcasting float/double op of two inputs named as TF names them."""
    attrs = {
        "inputs": inputs,
        "kernel": staticmethod(kernel),
        "allowed": FLOAT_DOUBLE,
        "grad": staticmethod(grad) if grad else None,
        "__doc__": f"TF op {type_name} (element-wise, broadcasting).",
    }
    return register_op(type(type_name, (BinaryOp,), attrs))


# -- gradients (TF 1.15 math_grad.py) ------------------------------------------------------------
def _erf_grad(op, dy):
    x = _x(op)
    return dy * (cast(_TWO_OVER_SQRT_PI, dy.dtype) * exp(-square(x)))


def _igamma_grads(op, dy):
    a, x = op.inputs
    partial_a = IgammaGradA.apply(a, x)
    partial_x = exp(-x + (a - 1) * log(x) - lgamma(a))  # in log space: Gamma(a) overflows
    return _reduced(op, partial_a * dy, partial_x * dy)


def _igammac_grads(op, dy):
    ga, gx = _igamma_grads(op, dy)
    return -ga, -gx


def _betainc_grad(op, dy):
    a, b, x = op.inputs
    log_beta = lgamma(a) + lgamma(b) - lgamma(a + b)
    partial_x = exp((b - 1) * log(1 - x) + (a - 1) * log(x) - log_beta)
    gx = partial_x * dy
    if x.shape != gx.shape or not x.shape.is_fully_defined():
        _, axes = array_ops.broadcast_gradient_args(array_ops.shape(gx), array_ops.shape(x))
        gx = array_ops.reshape(reduce_sum(gx, axes), array_ops.shape(x))
    return None, None, gx  # TF 1.15 leaves a and b without a gradient


def _zeta_grad(op, dy):
    x, q = op.inputs
    return _reduced(op, None, dy * -x * zeta(x + 1, q))  # none for x, as TF


def _polygamma_grad(op, dy):
    a, x = op.inputs
    return _reduced(op, None, dy * polygamma(a + 1, x))  # none for the order a, as TF


def _bessel_i1e_grad(op, dy):
    x, y = _x(op), _y(op)
    eps = np.finfo(x.dtype.as_numpy_dtype).eps
    zeros = zeros_like(x)
    not_tiny = abs(x) > eps
    safe_x = where(not_tiny, x, eps + zeros)  # dividing by x: at 0 the gradient is 0.5
    dy_dx = bessel_i0e(safe_x) - y * (sign(safe_x) + reciprocal(safe_x))
    return dy * where(not_tiny, dy_dx, 0.5 + zeros)


Erf = _unary("Erf", _scipy_kernel("erf"), HALF_TO_DOUBLE, grad=_erf_grad)
Erfc = _unary("Erfc", _scipy_kernel("erfc"), HALF_TO_DOUBLE, grad=lambda op, dy: -_erf_grad(op, dy))
Lgamma = _unary(
    "Lgamma",
    _scipy_kernel("gammaln", _lgamma_fix),
    HALF_TO_DOUBLE,
    grad=lambda op, dy: dy * digamma(_x(op)),
)
Digamma = _unary(
    "Digamma",
    _scipy_kernel("psi", _digamma_fix),
    HALF_TO_DOUBLE,
    grad=lambda op, dy: dy * polygamma(cast(1, dy.dtype), _x(op)),
)
BesselI0e = _unary(
    "BesselI0e",
    _scipy_kernel("i0e"),
    D.FLOATS,
    grad=lambda op, dy: dy * (bessel_i1e(_x(op)) - sign(_x(op)) * _y(op)),
)
BesselI1e = _unary("BesselI1e", _scipy_kernel("i1e"), D.FLOATS, grad=_bessel_i1e_grad)
Igamma = _binop("Igamma", ("a", "x"), _scipy_kernel("gammainc", _igamma_fix), grad=_igamma_grads)
Igammac = _binop("Igammac", ("a", "x"), _scipy_kernel("gammaincc"), grad=_igammac_grads)
IgammaGradA = _binop("IgammaGradA", ("a", "x"), _igamma_grad_a)
Zeta = _binop("Zeta", ("x", "q"), _scipy_kernel("zeta"), grad=_zeta_grad)
Polygamma = _binop("Polygamma", ("a", "x"), _polygamma, grad=_polygamma_grad)


@register_op
class Betainc(OpDef):
    """The regularized incomplete beta integral I_x(a, b); a, b and x share one shape, or are
    scalars."""

    inputs = ("a", "b", "x")
    allowed = FLOAT_DOUBLE
    kernel = _scipy_kernel("betainc", _betainc_fix)
    grad = _betainc_grad

    def infer(a, b, x):
        shapes = [t.shape for t in (a, b, x) if t.shape.ndims != 0]
        return TensorSpec(shape_util.merge_shapes(shapes) if shapes else [], a.dtype)


# -- public wrappers -----------------------------------------------------------------------------
def _wrap1(opdef, public, doc):
    def fn(x, name=None):
        return opdef.apply(x, name=name)

    fn.__name__, fn.__doc__ = public, doc
    return fn


def _wrap2(opdef, public, first, second, doc):
    def fn(*args, name=None, **kwargs):
        values = dict(zip((first, second), args), **kwargs)
        return opdef.apply(values[first], values[second], name=name)

    fn.__name__, fn.__doc__ = public, doc
    return fn


erf = _wrap1(Erf, "erf", "The Gauss error function element-wise.")
erfc = _wrap1(Erfc, "erfc", "The complementary error function 1 - erf(x) element-wise.")
lgamma = _wrap1(Lgamma, "lgamma", "log |Gamma(x)| element-wise.")
digamma = _wrap1(Digamma, "digamma", "The derivative of lgamma (Psi) element-wise.")
bessel_i0e = _wrap1(BesselI0e, "bessel_i0e", "exp(-|x|) * I0(x) element-wise.")
bessel_i1e = _wrap1(BesselI1e, "bessel_i1e", "exp(-|x|) * I1(x) element-wise.")


def igamma(a, x, name=None):
    """The regularized lower incomplete gamma function P(a, x)."""
    return Igamma.apply(a, x, name=name)


def igammac(a, x, name=None):
    """The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x)."""
    return Igammac.apply(a, x, name=name)


def zeta(x, q, name=None):
    """The Hurwitz zeta function sum over n of (q + n) ** -x."""
    return Zeta.apply(x, q, name=name)


def polygamma(a, x, name=None):
    """The a-th derivative of digamma at x (a a non-negative integer value)."""
    return Polygamma.apply(a, x, name=name)


def betainc(a, b, x, name=None):
    """The regularized incomplete beta integral I_x(a, b)."""
    return Betainc.apply(a, b, x, name=name)


def bessel_i0(x, name=None):
    """The modified Bessel function I0(x) = exp(|x|) * bessel_i0e(x)."""
    with name_scope(name, "bessel_i0", [x]):
        x = convert_to_tensor(x, name="x")
        return exp(abs(x)) * bessel_i0e(x)


def bessel_i1(x, name=None):
    """The modified Bessel function I1(x) = exp(|x|) * bessel_i1e(x)."""
    with name_scope(name, "bessel_i1", [x]):
        x = convert_to_tensor(x, name="x")
        return exp(abs(x)) * bessel_i1e(x)


def lbeta(x, name=None):
    """log |Beta(x)| over the last axis: sum(lgamma(x)) - lgamma(sum(x)); 0 for empty rows."""
    with name_scope(name, "lbeta", [x]):
        x = convert_to_tensor(x, name="x")
        log_prod_gamma_x = reduce_sum(lgamma(x), axis=[-1])
        log_gamma_sum_x = lgamma(reduce_sum(x, axis=[-1]))
        return log_prod_gamma_x - log_gamma_sum_x

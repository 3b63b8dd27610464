"""The normal and Laplace CDFs and their logs as TF 1.15's distributions/special_math.py builds
them: composed from erf/erfc/log ops, so they are differentiable and equal TF's to rounding."""

import numpy as np

from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import math_ops
from tinytf.ops.array_ops import fill, shape, zeros_like
from tinytf.ops.constant_op import constant
from tinytf.ops.sort_ops import where_v2
from tinytf.ops.special_math_ops import erf, erfc

# Where log_ndtr switches from log(ndtr(x)) to the asymptotic series (below) or -ndtr(-x) (above).
_LOGNDTR_SEGMENTS = {
    np.float64: (np.array(-20, np.float64), np.array(8, np.float64)),
    np.float32: (np.array(-10, np.float32), np.array(5, np.float32)),
}

# Cephes' rational approximations of ndtri, constant term first (TF's reversed lists).
_P0 = [
    -1.23916583867381258016e0,
    1.39312609387279679503e1,
    -5.66762857469070293439e1,
    9.80010754185999661536e1,
    -5.99633501014107895267e1,
]
_Q0 = [
    -1.18331621121330003142e0,
    1.59056225126211695515e1,
    -8.20372256168333339912e1,
    2.00260212380060660359e2,
    -2.25462687854119370527e2,
    8.63602421390890590575e1,
    4.67627912898881538453e0,
    1.95448858338141759834e0,
    1.0,
]
_P1 = [
    -8.57456785154685413611e-4,
    -3.50424626827848203418e-2,
    -1.40256079171354495875e-1,
    2.18663306850790267539e0,
    1.46849561928858024014e1,
    4.40805073893200834700e1,
    5.71628192246421288162e1,
    3.15251094599893866154e1,
    4.05544892305962419923e0,
]
_Q1 = [
    -9.33259480895457427372e-4,
    -3.80806407691578277194e-2,
    -1.42182922854787788574e-1,
    2.50464946208309415979e0,
    1.50425385692907503408e1,
    4.13172038254672030440e1,
    4.53907635128879210584e1,
    1.57799883256466749731e1,
    1.0,
]
_P2 = [
    6.23974539184983293730e-9,
    2.65806974686737550832e-6,
    3.01581553508235416007e-4,
    1.23716634817820021358e-2,
    2.01485389549179081538e-1,
    1.33303460815807542389e0,
    3.93881025292474443415e0,
    6.91522889068984211695e0,
    3.23774891776946035970e0,
]
_Q2 = [
    6.79019408009981274425e-9,
    2.89247864745380683936e-6,
    3.28014464682127739104e-4,
    1.34204006088543189037e-2,
    2.16236993594496635890e-1,
    1.37702099489081330271e0,
    3.67983563856160859403e0,
    6.02427039364742014255e0,
    1.0,
]


def _float_input(x, arg):
    if x.dtype.as_numpy_dtype not in (np.float32, np.float64):
        raise TypeError(f"{arg}.dtype={x.dtype} is not handled, see docstring for supported types.")
    return x


def ndtr(x, name="ndtr"):
    """The standard normal CDF of `x` (float32/float64)."""
    with name_scope(name, values=[x]):
        return _ndtr(_float_input(convert_to_tensor(x, name="x"), "x"))


def _ndtr(x):
    half_sqrt_2 = constant(0.5 * np.sqrt(2.0), dtype=x.dtype, name="half_sqrt_2")
    w = x * half_sqrt_2
    z = math_ops.abs(w)
    y = where_v2(
        math_ops.less(z, half_sqrt_2),
        1.0 + erf(w),
        where_v2(math_ops.greater(w, 0.0), 2.0 - erfc(z), erfc(z)),
    )
    return 0.5 * y


def ndtri(p, name="ndtri"):
    """The inverse of the standard normal CDF at `p` (float32/float64)."""
    with name_scope(name, values=[p]):
        return _ndtri(_float_input(convert_to_tensor(p, name="p"), "p"))


def _polynomial(var, coeffs):
    coeffs = np.array(coeffs, var.dtype.as_numpy_dtype)
    result = zeros_like(var)
    for c in coeffs[::-1]:  # Horner's rule, as TF's c0 + (c1 + (...) * var) * var
        result = result * var + c
    return result


def _ndtri(p):
    np_dtype = p.dtype.as_numpy_dtype
    maybe_complement_p = where_v2(p > -np.expm1(-2.0), 1.0 - p, p)
    sanitized_mcp = where_v2(
        maybe_complement_p <= 0.0,
        fill(shape(p), np.array(0.5, np_dtype)),
        maybe_complement_p,
    )
    w = sanitized_mcp - 0.5
    ww = w**2
    x_for_big_p = w + w * ww * (_polynomial(ww, _P0) / _polynomial(ww, _Q0))
    x_for_big_p *= -np.sqrt(2.0 * np.pi)
    z = math_ops.sqrt(-2.0 * math_ops.log(sanitized_mcp))
    first_term = z - math_ops.log(z) / z
    inv_z = 1.0 / z
    x_for_small_p = first_term - _polynomial(inv_z, _P2) / _polynomial(inv_z, _Q2) / z
    x_otherwise = first_term - _polynomial(inv_z, _P1) / _polynomial(inv_z, _Q1) / z
    x = where_v2(
        sanitized_mcp > np.exp(-2.0),
        x_for_big_p,
        where_v2(z >= 8.0, x_for_small_p, x_otherwise),
    )
    x = where_v2(p > 1.0 - np.exp(-2.0), x, -x)
    infinity = fill(shape(p), constant(np.inf, dtype=p.dtype))
    return where_v2(p <= 0.0, -infinity, where_v2(p >= 1.0, infinity, x))


def log_ndtr(x, series_order=3, name="log_ndtr"):
    """log(ndtr(x)), accurate far into both tails (TF's three-segment scheme)."""
    if not isinstance(series_order, int):
        raise TypeError("series_order must be a Python integer.")
    if series_order < 0:
        raise ValueError("series_order must be non-negative.")
    if series_order > 30:
        raise ValueError("series_order must be <= 30.")
    with name_scope(name, values=[x]):
        x = convert_to_tensor(x, name="x")
        segments = _LOGNDTR_SEGMENTS.get(x.dtype.as_numpy_dtype)
        if segments is None:
            raise TypeError(f"x.dtype={x.dtype} is not supported.")
        lower, upper = segments
        return where_v2(
            math_ops.greater(x, upper),
            -_ndtr(-x),  # log(1-x) ~= -x, x << 1
            where_v2(
                math_ops.greater(x, lower),
                math_ops.log(_ndtr(math_ops.maximum(x, lower))),
                _log_ndtr_lower(math_ops.minimum(x, lower), series_order),
            ),
        )


def _log_ndtr_lower(x, series_order):
    log_scale = -0.5 * math_ops.square(x) - math_ops.log(-x) - 0.5 * np.log(2.0 * np.pi)
    return log_scale + math_ops.log(_log_ndtr_asymptotic_series(x, series_order))


def _log_ndtr_asymptotic_series(x, series_order):
    dtype = x.dtype.as_numpy_dtype
    if series_order <= 0:
        return np.array(1, dtype)
    x_2 = math_ops.square(x)
    even_sum, odd_sum = zeros_like(x), zeros_like(x)
    x_2n = x_2
    for n in range(1, series_order + 1):
        y = np.array(np.prod(np.arange(2 * n - 1, 1, -2)), dtype) / x_2n
        if n % 2:
            odd_sum += y
        else:
            even_sum += y
        x_2n *= x_2
    return 1.0 + even_sum - odd_sum


def log_cdf_laplace(x, name="log_cdf_laplace"):
    """log of the standard Laplace CDF at `x`."""
    with name_scope(name, values=[x]):
        x = convert_to_tensor(x, name="x")
        lower_solution = -np.log(2.0) + x
        safe_exp_neg_x = math_ops.exp(-math_ops.abs(x))
        upper_solution = math_ops.log1p(-0.5 * safe_exp_neg_x)
        return where_v2(x < 0.0, lower_solution, upper_solution)

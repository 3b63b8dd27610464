"""Special functions (src/tinytf/ops/special_math_ops.py): values against SciPy's (float64),
dtypes, static shapes with unknown dims, central-difference gradients, and bad dtypes/shapes.
Their values and gradients against real TF 1.15 are in test_math_golden.py."""

import numpy as np
import pytest
import scipy.special as sp

import tinytf as tf
from tests.optest import Bad, Case, check_bad, check_case, params

rng = np.random.default_rng(10)
X = rng.uniform(-2, 2, (2, 3))
POS = rng.uniform(0.5, 3.0, (2, 3))
POS2 = rng.uniform(0.5, 3.0, (2, 3))
UNIT = rng.uniform(0.1, 0.9, (2, 3))
ORDERS = np.array([[0.0, 1.0, 2.0], [3.0, 1.0, 0.0]])
T = dict(rtol=1e-10, atol=1e-12)

CASES = [
    Case("erf", tf.math.erf, [X], sp.erf, **T),
    Case("erfc", tf.math.erfc, [X], sp.erfc, **T),
    Case("lgamma", tf.math.lgamma, [POS], sp.gammaln, **T),
    Case("lgamma_negative_is_log_abs", tf.lgamma, [X - 0.5], sp.gammaln, **T),
    Case("digamma", tf.math.digamma, [POS], sp.psi, **T),
    Case("bessel_i0e", tf.math.bessel_i0e, [X], sp.i0e, **T),
    Case("bessel_i1e", tf.math.bessel_i1e, [X], sp.i1e, **T),
    Case("bessel_i0", tf.math.bessel_i0, [X], sp.i0, **T),
    Case("bessel_i1", tf.math.bessel_i1, [X], sp.i1, **T),
    Case("igamma", lambda a, x: tf.igamma(a, x), [POS, POS2], sp.gammainc, **T),
    Case("igammac", lambda a, x: tf.igammac(a, x), [POS, POS2[0]], sp.gammaincc, **T),
    # TF 1.15 gives no gradient for zeta's x, polygamma's order, nor betainc's a and b: those
    # stay constants here, so the numeric check covers the inputs TF differentiates.
    Case(
        "zeta", lambda q: tf.zeta(POS + 1.5, q), [POS2[:, :1]], lambda q: sp.zeta(POS + 1.5, q), **T
    ),
    Case(
        "polygamma",
        lambda x: tf.polygamma(ORDERS, x),
        [POS],
        lambda x: sp.polygamma(ORDERS.astype(int), x),
        **T,
    ),
    Case(
        "polygamma_non_integer_order_is_nan",
        tf.polygamma,
        [np.array([0.5, -1.0]), np.array([1.0, 1.0])],
        lambda a, x: np.array([np.nan, np.nan]),
        grad=False,
    ),
    Case(
        "betainc",
        lambda x: tf.betainc(POS, POS2, x),
        [UNIT],
        lambda x: sp.betainc(POS, POS2, x),
        **T,
    ),
    Case(
        "betainc_scalar_a",
        lambda x: tf.betainc(np.float64(2.0), POS2, x),
        [UNIT],
        lambda x: sp.betainc(2.0, POS2, x),
        **T,
    ),
    Case("lbeta", tf.lbeta, [POS], lambda x: sp.gammaln(x).sum(-1) - sp.gammaln(x.sum(-1)), **T),
    Case("erf_float32", tf.erf, [X.astype(np.float32)], lambda x: sp.erf(x).astype(np.float32)),
    Case(
        "erf_float16",
        tf.erf,
        [X.astype(np.float16)],
        lambda x: sp.erf(x.astype(np.float32)).astype(np.float16),
        rtol=1e-3,
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_special_function(case):
    check_case(case)


def test_igamma_gradient_in_a_matches_finite_differences():
    a, x = np.array([0.5, 1.0, 2.5, 7.0, 30.0]), np.array([0.3, 2.0, 1.0, 6.0, 25.0])
    want = (sp.gammainc(a + 1e-6, x) - sp.gammainc(a - 1e-6, x)) / 2e-6
    with tf.Session() as sess:
        ta = tf.constant(a)
        got = sess.run(tf.gradients(tf.igamma(ta, x), ta)[0])
    np.testing.assert_allclose(got, want, rtol=1e-6)


def test_bfloat16_special_function_keeps_dtype():
    with tf.Session() as sess:
        y = tf.erf(tf.cast(tf.constant([0.5, 1.0]), tf.bfloat16))
        assert y.dtype == tf.bfloat16
        np.testing.assert_allclose(sess.run(tf.cast(y, tf.float32)), sp.erf([0.5, 1.0]), rtol=1e-2)


def test_betainc_gradients_of_a_and_b_are_none_as_tf():
    a, b = tf.constant(POS), tf.constant(POS2)
    assert tf.gradients(tf.betainc(a, b, UNIT), [a, b]) == [None, None]


BAD = [
    Bad("erf_of_int", lambda: tf.erf(tf.constant([1])), TypeError, "not in list of allowed"),
    Bad(
        "igamma_of_half",
        lambda: tf.igamma(tf.constant([1.0], tf.float16), [1.0]),
        TypeError,
        "allowed values: float, double|allowed values: float32, float64",
    ),
    Bad(
        "zeta_dtype_mismatch",
        lambda: tf.zeta(tf.constant([2.0]), tf.constant([1.0], tf.float64)),
        TypeError,
        "does not match type float32",
    ),
    Bad(
        "betainc_shapes_differ",
        lambda: tf.betainc(tf.ones([2]), tf.ones([3]), tf.ones([2])),
        ValueError,
        "Dimension 0 in both shapes must be equal",
    ),
]


@pytest.mark.parametrize("bad", params(BAD))
def test_bad_input(bad):
    check_bad(bad)

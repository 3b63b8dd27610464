"""Hyperbolic functions, atan2, expm1, rint, is_nan & co, truncating division, the *_no_nan ops,
xlogy/xdivy, nextafter, angle and scalar_mul (src/tinytf/ops/elementwise_ops.py): NumPy values,
dtypes, unknown-dim shapes, central-difference gradients and TF's errors. Against real TF 1.15:
test_math_golden.py."""

import numpy as np
import pytest

import tinytf as tf
from tests.optest import Bad, Case, check_bad, check_case, params

rng = np.random.default_rng(11)
X = rng.uniform(-2, 2, (2, 3))
POS = rng.uniform(0.5, 3.0, (2, 3))
OPEN = rng.uniform(-0.9, 0.9, (2, 3))
NZ = np.array([[0.0, 1.5, -2.0], [3.0, 0.0, 0.5]])
IX = np.array([[7, -7, 3], [-3, 0, 9]], np.int32)
J = np.array([2, 2, -2], np.int32)
Z = (X + 1j * POS).astype(np.complex128)
T = dict(rtol=1e-12, atol=1e-12)


def _xlogy(x, y):
    return np.where(x == 0, 0.0, x * np.log(np.where(x == 0, 1, y)))


CASES = [
    Case("acosh", tf.acosh, [POS + 1], np.arccosh, **T),
    Case("asinh", tf.asinh, [X], np.arcsinh, **T),
    Case("atanh", tf.atanh, [OPEN], np.arctanh, **T),
    Case("cosh", tf.cosh, [X], np.cosh, **T),
    Case("sinh", tf.sinh, [X], np.sinh, **T),
    Case("sinh_complex", tf.sinh, [Z], np.sinh, **T),
    Case("expm1", tf.expm1, [X * 1e-3], np.expm1, **T),
    Case(
        "rint_half_to_even", tf.rint, [np.array([0.5, 1.5, 2.5, -0.5, -1.7])], np.rint, grad=False
    ),
    Case("is_nan", tf.is_nan, [np.array([np.nan, 1.0, np.inf])], np.isnan),
    Case("is_inf", tf.is_inf, [np.array([np.nan, 1.0, -np.inf])], np.isinf),
    Case("is_finite", tf.is_finite, [np.array([np.nan, 1.0, np.inf])], np.isfinite),
    Case("atan2", tf.atan2, [X, POS - 1.5], np.arctan2, **T),
    Case("atan2_broadcast", tf.atan2, [X, POS[0] - 1.5], np.arctan2, **T),
    Case("truncatediv_int", tf.truncatediv, [IX, J], lambda x, y: np.trunc(x / y).astype(np.int32)),
    Case("truncatemod_int_sign_of_x", tf.truncatemod, [IX, J], np.fmod),
    Case("truncatemod_float", tf.truncatemod, [X * 3, POS], np.fmod, grad=False),
    Case(
        "div_no_nan_by_zero",
        tf.div_no_nan,
        [X, NZ],
        lambda x, y: np.where(y == 0, 0, x / np.where(y == 0, 1, y)),
        grad=False,
    ),
    Case("div_no_nan", tf.div_no_nan, [X, POS], np.divide, **T),
    Case("multiply_no_nan", tf.math.multiply_no_nan, [X, NZ], lambda x, y: x * y),
    Case("reciprocal_no_nan", tf.math.reciprocal_no_nan, [NZ[:, 1:] + 1], lambda x: 1 / x),
    # TF's gradients treat x == 0 (and y == 0 for div_no_nan) as constant pieces: the numeric
    # check runs away from them, the values at them are checked without it.
    Case("xlogy_at_zero", tf.math.xlogy, [NZ, POS], _xlogy, grad=False),
    Case("xlogy", tf.math.xlogy, [POS, X + 3], _xlogy, **T),
    Case(
        "xdivy_at_zero",
        tf.math.xdivy,
        [NZ, POS],
        lambda x, y: np.where(x == 0, 0, x / y),
        grad=False,
    ),
    Case("xdivy", tf.math.xdivy, [X, POS], lambda x, y: x / y, **T),
    Case("nextafter", tf.math.nextafter, [X, np.zeros(3)], np.nextafter, grad=False),
    Case("angle_complex", tf.math.angle, [Z], np.angle, **T),
    Case("angle_of_real_is_zero", tf.math.angle, [X], np.zeros_like),
    Case("scalar_mul", lambda x: tf.scalar_mul(2.5, x), [X], lambda x: 2.5 * x),
]


@pytest.mark.parametrize("case", params(CASES))
def test_elementwise(case):
    check_case(case)


def test_no_nan_ops_give_zero_where_nan_would_appear():
    with tf.Session() as sess:
        got = sess.run(
            [
                tf.div_no_nan(tf.constant([0.0, 1.0]), [0.0, 0.0]),
                tf.math.multiply_no_nan(tf.constant([np.inf, np.nan]), [0.0, 0.0]),
                tf.math.xlogy(tf.constant([0.0]), [0.0]),
                tf.math.reciprocal_no_nan(tf.constant([0.0])),
            ]
        )
    for values in got:
        assert np.all(values == 0)


def test_nextafter_gradient_is_one_and_zero():
    x1, x2 = tf.constant([1.0, 2.0]), tf.constant([0.0, 3.0])
    with tf.Session() as sess:
        g1, g2 = sess.run(tf.gradients(tf.math.nextafter(x1, x2), [x1, x2]))
    assert g1.tolist() == [1.0, 1.0] and g2.tolist() == [0.0, 0.0]


BAD = [
    Bad(
        "truncatediv_by_zero",
        lambda: tf.truncatediv(tf.constant([1]), [0]),
        tf.errors.InternalError,
        "only integer div and mod should have errors",
        run=True,
    ),
    Bad("xlogy_of_int", lambda: tf.math.xlogy(tf.constant([1]), [1]), TypeError, "allowed values"),
    Bad("rint_of_int", lambda: tf.rint(tf.constant([1])), TypeError, "allowed values"),
    Bad(
        "scalar_mul_of_vector",
        lambda: tf.scalar_mul([1.0, 2.0], tf.constant([1.0, 2.0])),
        ValueError,
        "Only scalar multiply works",
    ),
    Bad(
        "div_no_nan_dtype_mismatch",
        lambda: tf.div_no_nan(tf.constant([1.0]), tf.constant([1.0], tf.float64)),
        ValueError,
        "requested dtype float32",
    ),
]


@pytest.mark.parametrize("bad", params(BAD))
def test_bad_input(bad):
    check_bad(bad)

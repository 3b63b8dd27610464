"""tf.test.compute_gradient and compute_gradient_error against the Jacobians real TF 1.15
returned for the same functions and inputs (tests/framework/golden/gradient_checker.npz, made
by tools/make_test_fixtures.py from the cases in tests/framework/tftest_cases.py)."""

from pathlib import Path

import numpy as np
import pytest

import tinytf as tf
from tests.framework import tftest_cases as cases

GOLDEN = np.load(Path(__file__).parent.parent / "framework" / "golden" / "gradient_checker.npz")
# float32 numeric Jacobians divide kernel rounding by 2 * delta: allow for last-bit differences
_TOLERANCE = {"square_f32": dict(rtol=1e-4, atol=1e-3)}


@pytest.mark.parametrize("name", sorted(cases.GRADIENT_CASES))
def test_jacobians_are_what_tf_computes(name):
    got = cases.run_gradient_case(tf, name)
    expected = sorted(k.split("/", 1)[1] for k in GOLDEN.files if k.startswith(name + "/"))
    assert sorted(got) == expected
    tolerance = _TOLERANCE.get(name, dict(rtol=1e-9, atol=1e-9))
    for key, value in got.items():
        reference = GOLDEN[f"{name}/{key}"]
        assert value.shape == reference.shape, key
        assert value.dtype == reference.dtype, key
        np.testing.assert_allclose(value, reference, err_msg=key, **tolerance)


def test_jacobian_layout_is_x_rows_by_y_columns():
    with tf.Session():
        x = tf.placeholder(tf.float64, [2, 3])
        y = tf.reduce_sum(x * [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], 1)
        theoretical, numerical = tf.test.compute_gradient(
            x, [2, 3], y, [2], x_init_value=np.zeros((2, 3))
        )
    expected = np.zeros((6, 2))
    expected[:3, 0], expected[3:, 1] = [1, 2, 3], [4, 5, 6]
    np.testing.assert_allclose(theoretical, expected, rtol=0, atol=0)
    np.testing.assert_allclose(numerical, expected, rtol=1e-10)


def test_list_of_x_gives_a_list_of_pairs_and_the_largest_error():
    with tf.Session():
        a = tf.placeholder(tf.float64, [2])
        b = tf.placeholder(tf.float64, [2])
        inits = [np.array([1.0, 2.0]), np.array([3.0, 4.0])]
        feeds = {a: inits[0], b: inits[1]}
        args = ([a, b], [[2], [2]], a * b, [2])
        pairs = tf.test.compute_gradient(*args, x_init_value=inits, extra_feed_dict=feeds)
        error = tf.test.compute_gradient_error(*args, x_init_value=inits, extra_feed_dict=feeds)
    assert isinstance(pairs, list) and len(pairs) == 2
    np.testing.assert_allclose(pairs[0][0], np.diag([3.0, 4.0]))
    np.testing.assert_allclose(pairs[1][0], np.diag([1.0, 2.0]))
    assert error == max(np.abs(t - n).max() for t, n in pairs)
    assert error < 1e-8


def test_a_wrong_gradient_shows_as_an_error():
    @tf.RegisterGradient("GradientCheckerDoubled")
    def _doubled(op, grad):
        return 2.0 * grad * tf.cos(op.inputs[0])

    with tf.Session() as sess:
        x = tf.placeholder(tf.float64, [3])
        with sess.graph.gradient_override_map({"Sin": "GradientCheckerDoubled"}):
            y = tf.sin(x)
        init = np.array([0.0, 0.5, 1.0])
        error = tf.test.compute_gradient_error(x, [3], y, [3], x_init_value=init)
    np.testing.assert_allclose(error, np.cos(0.0), rtol=1e-6)  # 2cos(x) - cos(x) at x = 0


def test_zero_size_y_checks_the_gradient_is_zero():
    with tf.Session():
        x = tf.placeholder(tf.float64, [2])
        y = tf.slice(x, [0], [0])
        theoretical, numerical = tf.test.compute_gradient(x, [2], y, [0])
        assert theoretical.shape == numerical.shape == (2, 0)
        assert tf.test.compute_gradient_error(x, [2], y, [0]) == 0


def test_integer_x_and_mismatched_init_shape_are_refused_as_in_tf():
    with tf.Session():
        xi = tf.placeholder(tf.int32, [2])
        with pytest.raises(AssertionError, match="Don't support type int32 for x"):
            tf.test.compute_gradient(xi, [2], tf.cast(xi, tf.float32), [2])
        x = tf.placeholder(tf.float64, [2])
        with pytest.raises(AssertionError, match=r"x_shape = \[2\], init_data shape = \[3\]"):
            tf.test.compute_gradient(x, [2], x * 2.0, [2], x_init_value=np.zeros(3))


def test_init_targets_run_before_the_jacobians():
    with tf.Session():
        v = tf.Variable(np.array([2.0, 3.0]))
        x = tf.placeholder(tf.float64, [2])
        theoretical, _ = tf.test.compute_gradient(
            x, [2], x * v, [2], x_init_value=np.ones(2), init_targets=[v.initializer]
        )
    np.testing.assert_allclose(theoretical, np.diag([2.0, 3.0]))

"""Reductions: the gradient of a reduction of a placeholder of unknown shape fed a scalar (TF
1.15's values from tools/make_bugfix_fixtures.py), and the deprecated tf.arg_max/arg_min."""

import pathlib

import pytest

import tinytf as tf
from tests.fixture_runner import check_case, load_golden
from tests.ops.bugfix_cases import CASES

GOLDEN = load_golden(pathlib.Path(__file__).parent / "golden", "bugfix")


def test_gradients_of_a_scalar_fed_to_an_unknown_shape_match_tf():
    check_case(tf, CASES, "reduction_grads_of_unknown_shape", GOLDEN)


def test_axes_past_the_rank_are_errors_as_in_tf():
    check_case(tf, CASES, "reduction_axis_errors", GOLDEN)


@pytest.mark.parametrize("name", ["reduce_sum", "reduce_mean", "reduce_max", "reduce_prod"])
def test_scalar_fed_to_unknown_shape_reduces_to_itself(name):
    x = tf.placeholder(tf.float32)
    y = getattr(tf, name)(x * x)
    (g,) = tf.gradients(y, x)
    with tf.Session() as sess:
        assert sess.run([y, g], {x: 3.0}) == [9.0, 6.0]


def test_arg_max_and_arg_min_are_the_raw_ops():
    m = tf.constant([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]])
    hi, lo = tf.arg_max(m, 1), tf.arg_min(m, 0, output_type=tf.int32)
    assert (hi.op.type, hi.dtype, lo.op.type, lo.dtype) == ("ArgMax", tf.int64, "ArgMin", tf.int32)
    with tf.Session() as sess:
        got_hi, got_lo = sess.run([hi, lo])
    assert got_hi.tolist() == [1, 0] and got_lo.tolist() == [0, 1, 0]
    with pytest.raises(TypeError):
        tf.arg_max(m)  # `dimension` is required, as in TF

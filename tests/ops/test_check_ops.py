"""tf.assert_* and tf.debugging.* against real TF 1.15 (golden/sparse_debugging_golden.json,
written by tools/make_sparse_debugging_fixtures.py from tests/ops/sparse_debugging_cases.py):
the same build-time errors on static inputs, the same run-time messages on fed ones."""

import numpy as np
import pytest

import tinytf as tf
from tests.ops import sparse_debugging_cases as cases
from tests.ops.sparse_debugging_golden import GOLDEN, check_golden_case, check_golden_error


@pytest.mark.parametrize("key", sorted(cases.CHECK))
def test_check_value_matches_tf(key):
    check_golden_case(cases.CHECK[key], GOLDEN["check"][key])


@pytest.mark.parametrize("key", sorted(cases.CHECK_BUILD_BAD))
def test_static_check_fails_at_build_as_tf(key):
    check_golden_error(cases.CHECK_BUILD_BAD[key], GOLDEN["check_build_bad"][key])


@pytest.mark.parametrize("key", sorted(cases.CHECK_RUN))
def test_fed_check_fails_at_run_as_tf(key):
    check_golden_error(cases.CHECK_RUN[key], GOLDEN["check_run"][key], feed=True)


def test_static_checks_that_pass_build_no_ops():
    x = tf.constant([[1.0]])
    assert tf.assert_rank(x, 2).type == "NoOp"
    assert tf.assert_rank_in(x, [1, 2]).type == "NoOp"
    assert tf.assert_integer(tf.constant([1])).type == "NoOp"
    assert tf.assert_type(x, tf.float32).type == "NoOp"
    assert tf.assert_equal(x, x).type == "NoOp"
    assert tf.assert_equal(x, [[1.0]]).type == "Assert"
    assert tf.assert_same_float_dtype([x], tf.float32) == tf.float32
    assert tf.assert_same_float_dtype() == tf.float32
    tf.assert_proper_iterable([x])


def test_rank_given_as_a_placeholder_is_checked_at_run():
    x = tf.placeholder(tf.float32, [2, 3])
    rank = tf.placeholder(tf.int32)
    check = tf.assert_rank(x, rank)
    with tf.Session() as sess:
        sess.run(check, {rank: 2})
        with pytest.raises(tf.errors.InvalidArgumentError, match="must have rank"):
            sess.run(check, {rank: 3})
        with pytest.raises(tf.errors.InvalidArgumentError, match="Rank must be a scalar"):
            sess.run(check, {rank: [2]})


def test_is_numeric_tensor():
    assert tf.is_numeric_tensor(tf.constant([1.0]))
    assert not tf.is_numeric_tensor(tf.constant(["a"]))
    assert not tf.is_numeric_tensor(np.array([1.0]))


def test_add_check_numerics_ops_checks_every_float_tensor():
    x = tf.placeholder(tf.float32, [None])
    y = tf.log(x)
    check = tf.add_check_numerics_ops()
    with tf.Session() as sess:
        sess.run([y, check], {x: [1.0]})
        with pytest.raises(tf.errors.InvalidArgumentError, match="Log:0 : Tensor had NaN"):
            sess.run([y, check], {x: [-1.0]})


def test_debugging_namespace_holds_tf_names():
    for name in ("Assert", "check_numerics", "is_nan", "assert_all_finite", "assert_near"):
        assert callable(getattr(tf.debugging, name))
    with tf.Session() as sess:
        assert sess.run(tf.debugging.is_nan([np.nan, 1.0])).tolist() == [True, False]

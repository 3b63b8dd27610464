"""Steps that compute only from shapes run once per shape (src/tinytf/runtime/shape_memo.py):
values stay right across batch sizes, kept values are never written into, errors still name
their op, and fetched or large values are left to the plan. Values come from exact arithmetic."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.runtime import shape_memo


def _plan(sess, fetch):
    return next(p for key, p in sess._plans.items() if fetch in key[0])


def test_a_mean_gradient_is_right_for_every_batch_size():
    x = tf.placeholder(tf.float32, [None, 3])
    (dx,) = tf.gradients(tf.reduce_mean(x * 2.0), [x])
    with tf.Session() as sess:
        for n in (4, 1, 7, 4, 100, 1):
            got = sess.run(dx, {x: np.ones((n, 3), np.float32)})
            np.testing.assert_array_equal(got, np.full((n, 3), 2.0 / (3 * n), np.float32))
        types = [op.type for op in _plan(sess, dx)._ops]
    # reduce_mean's Shape -> Prod -> Maximum -> FloorDiv -> Cast -> ... run as one step
    assert "FloorDiv" not in types and "Cast" not in types


def test_more_shapes_than_it_keeps_stay_right():
    x = tf.placeholder(tf.float32, [None])
    y = x * tf.cast(tf.shape(x)[0], tf.float32)
    with tf.Session() as sess:
        for n in list(range(1, 2 * shape_memo._MAX_SHAPES + 3)) * 2:
            np.testing.assert_array_equal(sess.run(y, {x: np.ones(n, np.float32)}), np.full(n, n))


def test_kept_values_are_read_only_and_downstream_results_are_new():
    x = tf.placeholder(tf.float32, [None])
    ones = tf.ones(tf.shape(x))  # Fill of a shape: kept
    y = ones + x  # may be written in place where its input dies: never into a kept value
    v = tf.Variable(tf.zeros([3]))
    assign = tf.assign(v, ones)
    bump = tf.assign_add(v, [1.0, 2.0, 3.0])
    with tf.Session() as sess:
        sess.run(v.initializer)
        for _ in range(3):
            np.testing.assert_array_equal(sess.run(y, {x: np.ones(3, np.float32)}), [2, 2, 2])
            sess.run(assign, {x: np.zeros(3, np.float32)})
            np.testing.assert_array_equal(sess.run(bump), [2, 3, 4])
        kept = [
            value
            for fn, *_ in _plan(sess, y)._steps
            for values in getattr(fn, "kept", {}).values()
            for value in values
        ]
    assert kept and all(not a.flags.writeable for a in kept if isinstance(a, np.ndarray))


def test_a_fetched_shape_value_is_the_plans_own():
    x = tf.placeholder(tf.float32, [None, 2])
    shape = tf.shape(x) * 2
    with tf.Session() as sess:
        got = sess.run(shape, {x: np.zeros((5, 2), np.float32)})
        got[0] = -1  # the caller's copy
        np.testing.assert_array_equal(sess.run(shape, {x: np.zeros((5, 2))}), [10, 4])


def test_large_values_are_computed_each_run():
    x = tf.placeholder(tf.float32, [None])
    y = tf.zeros(tf.shape(x) * 1000) + 1.0
    with tf.Session() as sess:
        for n in (100, 3, 100):
            np.testing.assert_array_equal(
                sess.run(y, {x: np.zeros(n, np.float32)}), np.ones(n * 1000)
            )


def test_an_error_in_a_shape_step_names_its_op():
    x = tf.placeholder(tf.float32, [None])
    n = tf.shape(x)[0]
    per = tf.floordiv(n, n - 4, name="per_shard")  # from shapes alone: zero for 4 elements
    y = x * tf.cast(per, tf.float32)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {x: np.ones(6, np.float32)}), np.full(6, 3))
        with pytest.raises(tf.errors.InvalidArgumentError, match="division by zero") as info:
            sess.run(y, {x: np.ones(4, np.float32)})
        types = [op.type for op in _plan(sess, y)._ops]
    assert info.value.op is not None and info.value.op.name == "per_shard"
    assert "FloorDiv" not in types  # it ran inside the memoizing step

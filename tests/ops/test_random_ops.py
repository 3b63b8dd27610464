import numpy as np
import pytest

import tinytf as tf


def _two_sessions(make):
    """Runs `make()` twice in each of two new Sessions on one graph."""
    t = make()
    values = []
    for _ in range(2):
        with tf.Session() as sess:
            values.append((sess.run(t), sess.run(t)))
    return values


@pytest.mark.parametrize(
    "make",
    [
        lambda: tf.random_normal([5], seed=3),
        lambda: tf.truncated_normal([5], seed=3),
        lambda: tf.random_uniform([5], seed=3),
        lambda: tf.random_uniform([5], 0, 100, dtype=tf.int32, seed=3),
        lambda: tf.random_shuffle(tf.range(10), seed=3),
    ],
)
def test_op_seed_repeats_the_sequence_in_each_new_session(make):
    (a1, a2), (b1, b2) = _two_sessions(make)
    np.testing.assert_array_equal(a1, b1)
    np.testing.assert_array_equal(a2, b2)
    assert not np.array_equal(a1, a2)  # successive runs draw new numbers


def test_graph_seed_alone_makes_sequences_repeat():
    tf.set_random_seed(42)
    (a1, a2), (b1, b2) = _two_sessions(lambda: tf.random_normal([4]))
    np.testing.assert_array_equal(a1, b1)
    assert not np.array_equal(a1, a2)


def test_graph_seed_gives_different_ops_different_sequences():
    tf.set_random_seed(42)
    x, y = tf.random_normal([4]), tf.random_normal([4])
    with tf.Session() as sess:
        a, b = sess.run([x, y])
    assert not np.array_equal(a, b)


def test_no_seed_differs_between_sessions():
    (a1, _), (b1, _) = _two_sessions(lambda: tf.random_normal([8]))
    assert not np.array_equal(a1, b1)


def test_distributions_and_dtypes():
    with tf.Session() as sess:
        n = sess.run(tf.random_normal([20000], mean=2.0, stddev=3.0, seed=1))
        assert n.dtype == np.float32 and abs(n.mean() - 2) < 0.1 and abs(n.std() - 3) < 0.1
        t = sess.run(tf.truncated_normal([20000], stddev=0.1, seed=1))
        assert np.abs(t).max() <= 0.2 and abs(t.std() - 0.088) < 0.005
        u = sess.run(tf.random_uniform([20000], -1.0, 3.0, dtype=tf.float64, seed=1))
        assert u.dtype == np.float64 and u.min() >= -1 and u.max() < 3
        assert abs(u.mean() - 1) < 0.05
        i = sess.run(tf.random_uniform([1000], 5, 8, dtype=tf.int64, seed=1))
        assert i.dtype == np.int64 and set(i.tolist()) == {5, 6, 7}
        s = sess.run(tf.random_shuffle(tf.range(100), seed=1))
        assert sorted(s.tolist()) == list(range(100))


def test_static_shapes_and_names():
    x = tf.random_normal([3, 4])
    assert x.shape.as_list() == [3, 4] and x.op.name == "random_normal"
    assert x.op.inputs[0].op.name == "random_normal/mul"
    ph = tf.placeholder(tf.int32, [2])
    assert tf.random_uniform(ph).shape.as_list() == [None, None]


def test_integer_uniform_needs_maxval():
    with pytest.raises(ValueError, match="Must specify maxval"):
        tf.random_uniform([2], dtype=tf.int32)

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


# -- categorical, gamma, Poisson, crops, stateless (issue 10) ----------------------------------
# TF's numbers are not tinytf's: dtypes and shapes are checked against TF 1.15 in
# test_image_golden.py; here the seeding rules and the distributions.


@pytest.mark.parametrize(
    "make",
    [
        lambda: tf.multinomial(tf.log([[0.2, 0.3, 0.5]]), 20, seed=3),
        lambda: tf.random.categorical([[0.0, 1.0]], 20, seed=3),
        lambda: tf.random_gamma([6], [0.5, 3.0], seed=3),
        lambda: tf.random_poisson([2.0, 9.0], [6], seed=3),
        lambda: tf.random_crop(tf.reshape(tf.range(100), [10, 10]), [3, 3], seed=3),
    ],
)
def test_new_random_ops_repeat_per_session_with_an_op_seed(make):
    (a1, a2), (b1, b2) = _two_sessions(make)
    np.testing.assert_array_equal(a1, b1)
    np.testing.assert_array_equal(a2, b2)
    assert not np.array_equal(a1, a2)


def test_stateless_ops_depend_on_the_seed_only():
    seed = tf.placeholder(tf.int64, [2])
    outs = [
        tf.random.stateless_normal([50], seed),
        tf.random.stateless_uniform([50], seed),
        tf.random.stateless_truncated_normal([50], seed),
        tf.random.stateless_uniform([50], seed, 0, 1000, tf.int32),
        tf.random.stateless_categorical(tf.zeros([1, 9]), 50, seed),
    ]
    with tf.Session() as sess:
        first = sess.run(outs, {seed: [1, 2]})
        again = sess.run(outs, {seed: [1, 2]})
    with tf.Session() as sess:
        other_session = sess.run(outs, {seed: [1, 2]})
        other_seed = sess.run(outs, {seed: [2, 1]})
    for a, b, c, d in zip(first, again, other_session, other_seed):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)
        assert not np.array_equal(a, d)
    assert np.all(np.abs(first[2]) <= 2)


def test_categorical_follows_the_softmax_of_the_logits():
    logits = np.log([[0.1, 0.6, 0.3], [0.5, 0.5, 1e-30]])
    with tf.Session() as sess:
        draws = sess.run(tf.multinomial(logits, 20000, seed=1))
    for row, p in zip(draws, np.exp(logits)):
        np.testing.assert_allclose(np.bincount(row, minlength=3) / 20000, p, atol=0.015)
    with tf.Session() as sess:
        masked = sess.run(tf.random.categorical([[0.0, -np.inf, 0.0]], 500, seed=2))
    assert 1 not in masked


def test_gamma_and_poisson_moments():
    alpha, beta = np.array([0.5, 4.0]), np.array([[2.0], [0.5]])
    with tf.Session() as sess:
        g = sess.run(tf.random_gamma([40000], alpha, beta, dtype=tf.float64, seed=1))
        p = sess.run(tf.random_poisson([0.5, 7.0], [40000], seed=2))
    np.testing.assert_allclose(g.mean(0), alpha / beta, rtol=0.03)
    np.testing.assert_allclose(g.var(0), alpha / beta**2, rtol=0.06)
    np.testing.assert_allclose(p.mean(0), [0.5, 7.0], rtol=0.03)
    assert p.dtype == np.float32 and np.all(p == np.round(p))


def test_gamma_gradient_is_the_implicit_reparameterisation():
    # d sample / d alpha, summed over samples, against central differences of the quantile.
    from scipy import special

    alpha = tf.constant([1.5, 3.0], tf.float64)
    sample = tf.random_gamma([5], alpha, dtype=tf.float64, seed=4)
    (grad,) = tf.gradients(tf.reduce_sum(sample), [alpha])
    with tf.Session() as sess:
        x, g = sess.run([sample, grad])
    a = np.array([1.5, 3.0])
    q = special.gammainc(a, x)
    h = 1e-6
    numeric = (special.gammaincinv(a + h, q) - special.gammaincinv(a - h, q)) / (2 * h)
    np.testing.assert_allclose(g, numeric.sum(0), rtol=1e-4)


def test_random_crop_is_a_window_of_the_value():
    value = np.arange(60).reshape(6, 10)
    with tf.Session() as sess:
        crops = [sess.run(tf.random_crop(value, [2, 4], seed=s)) for s in range(5)]
    for crop in crops:
        r, c = divmod(int(crop[0, 0]), 10)
        np.testing.assert_array_equal(crop, value[r : r + 2, c : c + 4])
    assert len({int(c[0, 0]) for c in crops}) > 1


def test_random_names_are_tf_names():
    assert tf.random.gamma is tf.random_gamma and tf.random.poisson is tf.random_poisson
    assert tf.random.multinomial is tf.multinomial
    assert tf.random.get_seed(5) == (87654321, 5)
    x = tf.multinomial([[0.0, 1.0]], 3)
    assert x.op.type == "Multinomial" and x.op.name.startswith("multinomial/")

"""tf.py_func, tf.Print, tf.check_numerics and the assertions: values, messages, errors."""

import numpy as np
import pytest

import tinytf as tf

X = np.array([3.0, 1.0, 2.5], np.float32)


def test_py_func_runs_python_on_the_values():
    x = tf.placeholder(tf.float32, [None])
    y = tf.py_func(lambda a: np.sort(a), [x], tf.float32)
    pair = tf.py_func(lambda a: (a * 2, np.int64(a.size)), [x], [tf.float32, tf.int64])
    assert y.shape.ndims is None and [t.dtype for t in pair] == [tf.float32, tf.int64]
    with tf.Session() as sess:
        assert sess.run(y, {x: X}).tolist() == sorted(X.tolist())
        doubled, n = sess.run(pair, {x: X})
        assert doubled.tolist() == (X * 2).tolist() and n == 3
        bad = tf.py_func(lambda a: a.astype(np.float64), [x], tf.float32)
        with pytest.raises(tf.errors.InvalidArgumentError, match="float expected, got float64"):
            sess.run(bad, {x: X})
    assert tf.gradients(y, [x]) == [None]


def test_print_passes_the_value_and_prints_first_n_times(capsys):
    x = tf.constant(X)
    p = tf.Print(x, [x, tf.constant("tag")], message="x: ", first_n=2, summarize=2)
    (g,) = tf.gradients(tf.reduce_sum(p * 2.0), [x])
    with tf.Session() as sess:
        for _ in range(3):
            assert sess.run(p).tolist() == X.tolist()
        assert sess.run(g).tolist() == [2.0, 2.0, 2.0]
    assert capsys.readouterr().err.splitlines() == ["x: [3 1...][tag]"] * 2


def test_check_numerics_names_the_problem():
    x = tf.placeholder(tf.float32, [None])
    y = tf.check_numerics(tf.log(x), "log of x")
    with tf.Session() as sess:
        assert np.allclose(sess.run(y, {x: [1.0, np.e]}), [0.0, 1.0])
        with pytest.raises(tf.errors.InvalidArgumentError, match="log of x : Tensor had NaN"):
            sess.run(y, {x: [-1.0]})
        with pytest.raises(tf.errors.InvalidArgumentError, match="log of x : Tensor had Inf"):
            sess.run(y, {x: [0.0]})


def test_assertions_fail_the_run_with_their_data():
    x = tf.placeholder(tf.float32, [None])
    eq = tf.assert_equal(x, [3.0, 1.0, 2.5], message="mismatch")
    with tf.control_dependencies([tf.assert_positive(x)]):
        y = tf.identity(x)
    with tf.Session() as sess:
        sess.run(eq, {x: X})
        with pytest.raises(
            tf.errors.InvalidArgumentError,
            match=r"assertion failed: \[mismatch\] \[Condition x == y did not hold element-wise:\]"
            r" \[x \(Placeholder:0\) = \] \[3 1 5\]",
        ):
            sess.run(eq, {x: [3.0, 1.0, 5.0]})
        assert sess.run(y, {x: X}).tolist() == X.tolist()
        with pytest.raises(tf.errors.InvalidArgumentError, match="x > 0 did not hold"):
            sess.run(y, {x: [1.0, -1.0]})
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"assertion failed: \[oops\]"):
            sess.run(tf.Assert(x[0] > 10.0, ["oops"]), {x: X})

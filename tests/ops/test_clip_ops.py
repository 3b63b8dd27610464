"""Gradient clipping: values from exact math, gradients by finite differences."""

import numpy as np
import pytest

import tinytf as tf
from tests.optest import check_gradients

A = np.array([3.0, -4.0], np.float32)
B = np.array([[12.0]], np.float32)


def test_clip_by_value_and_its_gradient():
    x = tf.constant([-2.0, 0.5, 3.0])
    y = tf.clip_by_value(x, -1.0, 1.0)
    (g,) = tf.gradients(tf.reduce_sum(y * [1.0, 2.0, 3.0]), [x])
    assert y.op.name == "clip_by_value"
    with tf.Session() as sess:
        assert sess.run(y).tolist() == [-1.0, 0.5, 1.0]
        assert sess.run(g).tolist() == [0.0, 2.0, 0.0]


def test_clip_by_norm_whole_and_per_axis():
    m = np.array([[3.0, 4.0], [0.3, 0.4]], np.float32)
    with tf.Session() as sess:
        np.testing.assert_allclose(
            sess.run(tf.clip_by_norm(m, 2.5)), m * 2.5 / np.linalg.norm(m), rtol=1e-6
        )
        rows = sess.run(tf.clip_by_norm(m, 2.5, axes=[1]))
        np.testing.assert_allclose(rows, [[1.5, 2.0], [0.3, 0.4]], rtol=1e-6)
        assert sess.run(tf.clip_by_norm(tf.zeros([3]), 1.0)).tolist() == [0.0, 0.0, 0.0]


def test_clip_by_global_norm_scales_all_alike_and_keeps_none():
    clipped, norm = tf.clip_by_global_norm([tf.constant(A), None, tf.constant(B)], 6.5)
    assert clipped[1] is None
    assert clipped[0].op.name == "clip_by_global_norm/clip_by_global_norm/_0"
    with tf.Session() as sess:
        a, b, n = sess.run([clipped[0], clipped[2], norm])
    assert n == pytest.approx(13.0) and a.tolist() == [1.5, -2.0] and b.tolist() == [[6.0]]
    with tf.Session() as sess:
        small, _ = tf.clip_by_global_norm([tf.constant(A)], 100.0)
        assert sess.run(small[0]).tolist() == A.tolist()  # under the limit: unchanged
        assert sess.run(tf.global_norm([tf.constant(A), tf.constant(B)])) == pytest.approx(13.0)


def test_clip_by_norm_gradient_matches_finite_differences():
    check_gradients(lambda x: tf.clip_by_norm(x, 1.0), [np.array([1.0, 2.0, -0.5])], rtol=1e-6)


def test_clip_by_global_norm_needs_a_list():
    with pytest.raises(TypeError, match="t_list should be a sequence"):
        tf.clip_by_global_norm(tf.constant(A), 1.0)

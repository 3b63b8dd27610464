"""ConcatV2's gradient along a negative axis of a dimension known only at run time."""

import numpy as np

import tinytf as tf


def test_concat_gradient_along_a_negative_unknown_axis_splits_dy_back():
    x = tf.placeholder(tf.float32, [2, None])
    y = tf.placeholder(tf.float32, [2, None])
    c = tf.concat([x, y], -1)
    dy = np.arange(8, dtype=np.float32).reshape(2, 4)
    gx, gy = tf.gradients(c, [x, y], grad_ys=dy)
    with tf.Session() as sess:
        got = sess.run([gx, gy], {x: np.ones((2, 3)), y: np.ones((2, 1))})
    np.testing.assert_array_equal(got[0], dy[:, :3])  # exact: the gradient is dy's split
    np.testing.assert_array_equal(got[1], dy[:, 3:])

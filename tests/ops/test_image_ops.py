"""tf.image beyond the real-TF golden values (tests/ops/test_golden.py has those): random flips,
3-D images, what is not supported."""

import numpy as np
import pytest

import tinytf as tf

IMG = np.arange(2 * 4 * 3, dtype=np.float32).reshape(2, 4, 3)


def test_random_flip_left_right_flips_about_half_the_time():
    y = tf.image.random_flip_left_right(tf.constant(IMG), seed=3)
    with tf.Session() as sess:
        outs = [sess.run(y) for _ in range(200)]
    flipped = sum(np.array_equal(o, IMG[:, ::-1]) for o in outs)
    assert sum(np.array_equal(o, IMG) for o in outs) + flipped == 200
    assert 70 < flipped < 130


def test_resize_a_single_image_and_static_shapes():
    x = tf.placeholder(tf.float32, [None, 4, 3])
    y = tf.image.resize_images(x, [4, 8])
    assert y.shape.as_list() == [4, 8, 3]
    with tf.Session() as sess:
        out = sess.run(y, {x: IMG})
    assert out.shape == (4, 8, 3)
    np.testing.assert_allclose(out[::2, ::2], IMG)  # 2x exactly: every other sample is a pixel


def test_unsupported_resizing_is_refused():
    with pytest.raises(NotImplementedError, match="bilinearly or by nearest"):
        tf.image.resize_images(tf.zeros([1, 4, 4, 1]), [2, 2], method=tf.image.ResizeMethod.AREA)

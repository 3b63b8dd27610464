"""tf.image beyond the real-TF golden values (tests/ops/test_golden.py has those): random flips,
3-D images, what is not supported."""

import numpy as np
import pytest

import tinytf as tf
from tests.optest import check_gradients

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


def test_resize_methods_keep_static_shapes_and_refuse_unknown_methods():
    x = tf.placeholder(tf.uint8, [None, 5, 7, 3])
    for method in range(4):
        y = tf.image.resize_images(x, [3, 9], method=method)
        assert y.shape.as_list() == [None, 3, 9, 3]
    assert tf.image.resize_images(x, [3, 9], method=2).op.type == "ResizeBicubic"
    assert tf.image.resize_images(x, [3, 9], method=3).op.type == "ResizeArea"
    with pytest.raises(ValueError, match="Resize method is not implemented"):
        tf.image.resize_images(x, [3, 9], method=9)


def test_resize_area_of_an_exact_downscale_is_the_block_mean():
    img = np.arange(2 * 4 * 6 * 1, dtype=np.float32).reshape(2, 4, 6, 1)
    with tf.Session() as sess:
        out = sess.run(tf.image.resize_area(img, [2, 3]))
    np.testing.assert_allclose(out, img.reshape(2, 2, 2, 3, 2, 1).mean((2, 4)), rtol=1e-6)


def test_random_flip_up_down_flips_each_image_of_a_batch():
    batch = np.stack([IMG] * 64)
    with tf.Session() as sess:
        out = sess.run(tf.image.random_flip_up_down(tf.constant(batch), seed=1))
    flipped = [np.array_equal(o, IMG[::-1]) for o in out]
    assert all(f or np.array_equal(o, IMG) for f, o in zip(flipped, out))
    assert 15 < sum(flipped) < 49


# Ops that compute in float32 whatever the input (ResizeBicubic, and TF's conversion of a
# float64 image to float32 in adjust_*, psnr and ssim) take a larger step and tolerance.
_GRAD_CASES = [
    ("bicubic", lambda x: tf.image.resize_bicubic(x, [5, 3]), True),
    ("bicubic_align", lambda x: tf.image.resize_bicubic(x, [7, 8], align_corners=True), True),
    ("crop", lambda x: tf.image.crop_to_bounding_box(x, 1, 0, 2, 3) * 1.0, False),
    ("crop_or_pad", lambda x: tf.image.resize_image_with_crop_or_pad(x, 6, 2), False),
    ("gamma", lambda x: tf.image.adjust_gamma(x * x + 0.5, 1.7), True),
    ("total_variation", lambda x: tf.image.total_variation(x), False),
    ("sobel", lambda x: tf.image.sobel_edges(x), False),
    ("image_gradients", lambda x: tf.image.image_gradients(x)[1], False),
    ("psnr", lambda x: tf.image.psnr(x, x * 0.5 + 0.25, 1.0), True),
    ("ssim", lambda x: tf.image.ssim(x, x * x, 1.0, filter_size=3), True),
    ("yuv", lambda x: tf.image.rgb_to_yuv(tf.concat([x, x[..., :1]], -1)), False),
    ("rot90", lambda x: tf.image.rot90(x, 1), False),
]


@pytest.mark.parametrize(
    "fn, in_float32", [c[1:] for c in _GRAD_CASES], ids=[c[0] for c in _GRAD_CASES]
)
def test_image_gradients_match_central_differences(fn, in_float32):
    rng = np.random.default_rng(3)
    tol = {"h": 1e-3, "rtol": 2e-3, "atol": 1e-4} if in_float32 else {}
    check_gradients(fn, [rng.uniform(0.1, 1, (2, 4, 5, 2))], **tol)


def test_dtypes_without_a_tf_cpu_kernel_fail_at_build():
    with pytest.raises(TypeError, match="DataType float16 not in list"):
        tf.image.rgb_to_hsv(tf.zeros([2, 3], tf.float16))
    with pytest.raises(TypeError, match="DataType int32 not in list"):
        tf.multinomial(tf.zeros([2, 3], tf.int32), 2)
    with pytest.raises(TypeError, match="DataType float64 not in list"):
        tf.image.non_max_suppression(tf.zeros([2, 4], tf.float64), tf.zeros([2], tf.float64), 1)


def test_crops_and_pads_with_tensor_offsets_check_at_run_time():
    img = np.arange(5 * 7 * 1, dtype=np.float32).reshape(5, 7, 1)
    dy = tf.placeholder(tf.int32, [])
    x = tf.placeholder(tf.float32, [None, None, 1])
    crop = tf.image.crop_to_bounding_box(x, dy, 1, 2, 3)
    pad = tf.image.pad_to_bounding_box(x, dy, 0, 9, 7)
    assert crop.shape.as_list() == [2, 3, 1] and pad.shape.as_list() == [9, 7, 1]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(crop, {x: img, dy: 2}), img[2:4, 1:4])
        padded = sess.run(pad, {x: img, dy: 3})
        np.testing.assert_array_equal(padded[3:8], img)
        assert not padded[:3].any() and not padded[8:].any()
        with pytest.raises(tf.errors.InvalidArgumentError, match="height must be >= target"):
            sess.run(crop, {x: img, dy: 4})


def test_rot90_with_a_fed_k_and_central_crop_of_unknown_size():
    img = np.arange(2 * 3 * 1, dtype=np.float32).reshape(2, 3, 1)
    k = tf.placeholder(tf.int32, [])
    x = tf.placeholder(tf.float32, [None, None, 1])
    rotated = tf.image.rot90(x, k)
    central = tf.image.central_crop(x, 0.5)
    with tf.Session() as sess:
        for turns in range(-1, 5):
            got = sess.run(rotated, {x: img, k: turns})
            np.testing.assert_array_equal(got, np.rot90(img, turns))
        big = np.arange(8 * 6, dtype=np.float32).reshape(8, 6, 1)
        np.testing.assert_array_equal(sess.run(central, {x: big}), big[2:6, 1:5])


def test_sample_distorted_bounding_box_covers_the_object_and_repeats_with_seeds():
    begin, size, box = tf.image.sample_distorted_bounding_box(
        [40, 60, 3], [[[0.2, 0.3, 0.6, 0.7]]], seed=1, seed2=2, min_object_covered=0.5
    )
    runs = []
    for _ in range(2):
        with tf.Session() as sess:
            runs.append([sess.run([begin, size, box]) for _ in range(20)])
    for (b, s, bx), (b2, _, _) in zip(*runs):
        np.testing.assert_array_equal(b, b2)
        assert b[2] == 0 and s[2] == -1 and 0 < s[0] <= 40 and 0 < s[1] <= 60
        y0, x0 = max(b[0], 8), max(b[1], 18)
        y1, x1 = min(b[0] + s[0], 24), min(b[1] + s[1], 42)
        assert max(y1 - y0, 0) * max(x1 - x0, 0) >= 0.5 * 16 * 24
        np.testing.assert_allclose(
            bx[0, 0], [b[0] / 40, b[1] / 60, (b[0] + s[0]) / 40, (b[1] + s[1]) / 60], rtol=1e-6
        )
    assert len({tuple(r[1]) for r in runs[0]}) > 1

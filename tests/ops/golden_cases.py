"""Graphs whose values real TF decides. Each builder takes the `tf` module (tinytf, or real
TF's tf.compat.v1) and returns a tensor. tools/make_golden.py evaluates them with real TF into
golden/tf_values.npz; tests/ops/test_golden.py evaluates them with tinytf and compares."""

import numpy as np

X = np.arange(24, dtype=np.float32).reshape(2, 3, 4) - 11.5
IV = np.array([-7, -3, 0, 3, 7, 9], np.int32)
J = np.array([2, -2, 3, -3, 4, -4], np.int32)
IMG = np.random.default_rng(8).random((2, 5, 7, 3), dtype=np.float32)
IMG8 = (IMG * 255).astype(np.uint8)


def _resize_grad(tf, size, **kw):
    """The gradient of a weighted sum of a resized image, with respect to the image."""
    x = _c(tf, IMG)
    y = tf.image.resize_images(x, size, **kw)
    w = _c(tf, np.arange(np.prod([2, *size, 3]), dtype=np.float32).reshape(2, *size, 3) % 7)
    return tf.gradients(tf.reduce_sum(y * w), x)[0]


def _c(tf, v):
    return tf.constant(v)


CASES = {
    "floordiv_int": lambda tf: tf.floordiv(_c(tf, IV), _c(tf, J)),
    "floormod_int": lambda tf: tf.floormod(_c(tf, IV), _c(tf, J)),
    "floormod_float": lambda tf: tf.floormod(
        _c(tf, IV.astype(np.float32) + 0.5), _c(tf, J.astype(np.float32))
    ),
    "truediv_int": lambda tf: _c(tf, IV) / _c(tf, J),
    "div_int_python2": lambda tf: tf.div(_c(tf, IV), _c(tf, J)),
    "round_half_even": lambda tf: tf.round(
        _c(tf, np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5], np.float32))
    ),
    "reduce_mean_int": lambda tf: tf.reduce_mean(_c(tf, IV.reshape(2, 3)), 1),
    "cast_float_int": lambda tf: tf.cast(
        _c(tf, np.array([-1.7, -0.2, 0.2, 1.7], np.float32)), tf.int32
    ),
    "sign_float": lambda tf: tf.sign(_c(tf, np.array([-2.0, 0.0, 3.0], np.float32))),
    "slice_neg_step": lambda tf: _c(tf, X)[::-1, 1:, ::-2],
    "slice_ellipsis_newaxis": lambda tf: _c(tf, X)[..., tf.newaxis, 1],
    "slice_shrink_negative": lambda tf: _c(tf, X)[-1, :, -2],
    "slice_out_of_range_clamps": lambda tf: _c(tf, X)[:, -10:10, 5:],
    "one_hot_negative_and_large": lambda tf: tf.one_hot(_c(tf, np.array([-1, 0, 2, 5])), 3),
    "pad_reflect": lambda tf: tf.pad(_c(tf, X[0]), [[1, 2], [3, 1]], "REFLECT"),
    "pad_symmetric": lambda tf: tf.pad(_c(tf, X[0]), [[2, 1], [1, 3]], "SYMMETRIC"),
    "tile": lambda tf: tf.tile(_c(tf, X[0]), [2, 1]),
    "softmax": lambda tf: tf.nn.softmax(_c(tf, X)),
    "softmax_axis0": lambda tf: tf.nn.softmax(_c(tf, X), axis=0),
    "constant_padded": lambda tf: tf.constant([1, 2], shape=[2, 3]),
    "argmax_ties_first": lambda tf: tf.argmax(_c(tf, np.array([[1, 3, 3], [2, 2, 0]])), 1),
    "sparse_to_dense": lambda tf: tf.sparse_tensor_to_dense(
        tf.SparseTensor([[0, 1], [2, 3]], [1.5, -2.0], [3, 4])
    ),
    "matrix_diag_part_rect": lambda tf: tf.matrix_diag_part(_c(tf, X)),
    "eye_rect": lambda tf: tf.eye(2, 4, batch_shape=[2]),
    "lecture_arithmetic": lambda tf: (
        _c(tf, np.float32([4, 3, 2, 1])) / tf.constant(5, dtype=tf.float32)
        + tf.constant(3.1415, dtype=tf.float32) * _c(tf, np.float32([2, 3, 4, 5]))
        - tf.constant(2, dtype=tf.float32) * _c(tf, np.float32([1, 1, 2, 2]))
    ),
    "complex_abs": lambda tf: tf.abs(tf.constant(1 + 1j, dtype=tf.complex64)),
    "logical_xor": lambda tf: tf.logical_xor(
        _c(tf, np.array([True, True, False, False])), _c(tf, np.array([True, False, True, False]))
    ),
    "resize_bilinear_up": lambda tf: tf.image.resize_images(_c(tf, IMG), [8, 11]),
    "resize_bilinear_down": lambda tf: tf.image.resize_images(_c(tf, IMG), [3, 4]),
    "resize_bilinear_align": lambda tf: tf.image.resize_bilinear(
        _c(tf, IMG), [9, 6], align_corners=True
    ),
    "resize_nearest_up": lambda tf: tf.image.resize_images(
        _c(tf, IMG8), [8, 11], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR
    ),
    "resize_nearest_align_down": lambda tf: tf.image.resize_nearest_neighbor(
        _c(tf, IMG), [3, 4], align_corners=True
    ),
    "resize_bilinear_grad": lambda tf: _resize_grad(tf, [8, 4]),
    "resize_nearest_grad": lambda tf: _resize_grad(
        tf, [3, 11], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR
    ),
    "per_image_standardization": lambda tf: tf.image.per_image_standardization(_c(tf, IMG)),
    "rgb_to_grayscale_uint8": lambda tf: tf.image.rgb_to_grayscale(_c(tf, IMG8)),
    "convert_image_uint8_float": lambda tf: tf.image.convert_image_dtype(_c(tf, IMG8), tf.float32),
    "convert_image_float_uint8": lambda tf: tf.image.convert_image_dtype(_c(tf, IMG), tf.uint8),
    "flip_left_right": lambda tf: tf.image.flip_left_right(_c(tf, IMG)),
    "flip_up_down_3d": lambda tf: tf.image.flip_up_down(_c(tf, IMG[0])),
}

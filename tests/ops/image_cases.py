"""Graphs of tf.image and tf.random ops whose values (or, for random ops, dtypes and shapes)
real TF 1.15 decides. Each builder takes the `tf` module (tinytf, or real TF 1.15) and the
dict of input arrays, and returns a tensor or a list of them. tools/make_image_fixtures.py
makes the inputs, runs every builder with TF 1.15 and writes golden/image_golden.npz (inputs
and values) and golden/image_golden.json (dtypes, static shapes, errors); the tests in
tests/ops/test_image_golden.py run them with tinytf.

Python 3.7 and NumPy 1.18 compatible: the fixture script imports this with TF 1.15."""

import numpy as np


def make_inputs():
    rng = np.random.RandomState(10)
    return {
        "rgb": rng.uniform(0, 1, (2, 5, 7, 3)).astype(np.float32),
        "rgb_u8": rng.randint(0, 256, (5, 6, 3)).astype(np.uint8),
        "img": rng.uniform(0, 17, (2, 5, 7, 2)).astype(np.float32),
        "big": rng.uniform(0, 1, (1, 24, 26, 2)).astype(np.float32),
        "big2": rng.uniform(0, 1, (1, 24, 26, 2)).astype(np.float32),
        "gray": rng.uniform(0, 1, (4, 3, 1)).astype(np.float32),
        "boxes": np.array([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11],
                           [0, 10.1, 1, 11.1], [0, 100, 1, 101], [0.5, 0.5, 0.5, 0.5],
                           [1, 1, 0, 0]], np.float32),
        "scores": np.array([0.9, 0.75, 0.6, 0.95, 0.5, 0.3, 0.8, 0.7], np.float32),
        "draw": np.zeros((2, 6, 8, 3), np.float32),
        "draw_boxes": np.array([[[0.1, 0.1, 0.6, 0.5], [0.0, 0.5, 1.0, 1.0]],
                                [[-0.2, -0.1, 0.5, 0.4], [0.7, 0.2, 1.3, 0.9]]], np.float32),
    }


def _resize(method, size, align=False, src="img"):
    return lambda tf, x: tf.image.resize_images(x[src], size, method=method, align_corners=align)


def _crop_grads(tf, x, method, size):
    boxes = tf.constant([[0.1, 0.2, 0.8, 0.9], [-0.2, 0, 1.3, 0.5], [0.3, 0.1, 0.35, 0.6]])
    crops = tf.image.crop_and_resize(x["img"], boxes, [0, 1, 1], size, method=method)
    weights = tf.reshape(tf.sin(tf.cast(tf.range(tf.size(crops)), tf.float32)), tf.shape(crops))
    return tf.gradients(tf.reduce_sum(crops * weights), [x["img"], boxes])


CASES = {
    "color_rgb_to_hsv": lambda tf, x: tf.image.rgb_to_hsv(x["rgb"]),
    "color_rgb_to_hsv_grad": lambda tf, x: tf.gradients(
        tf.reduce_sum(tf.image.rgb_to_hsv(x["rgb"]) * [0.3, -1.2, 0.7]), x["rgb"]),
    "color_hsv_to_rgb": lambda tf, x: tf.image.hsv_to_rgb(x["rgb"]),
    "color_hsv_round_trip": lambda tf, x: tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(x["rgb"])),
    "color_yiq": lambda tf, x: [tf.image.rgb_to_yiq(x["rgb"]), tf.image.yiq_to_rgb(x["rgb"])],
    "color_yuv": lambda tf, x: [tf.image.rgb_to_yuv(x["rgb"]), tf.image.yuv_to_rgb(x["rgb"])],
    "color_gray_to_rgb": lambda tf, x: tf.image.grayscale_to_rgb(x["gray"]),
    "adjust_brightness": lambda tf, x: tf.image.adjust_brightness(x["rgb"], 0.3),
    "adjust_brightness_u8": lambda tf, x: tf.image.adjust_brightness(x["rgb_u8"], 0.3),
    "adjust_contrast": lambda tf, x: tf.image.adjust_contrast(x["rgb"], 1.7),
    "adjust_contrast_u8": lambda tf, x: tf.image.adjust_contrast(x["rgb_u8"], 0.6),
    "adjust_gamma": lambda tf, x: tf.image.adjust_gamma(x["rgb"], 2.2, 0.9),
    "adjust_gamma_u8": lambda tf, x: tf.image.adjust_gamma(x["rgb_u8"], 0.5),
    "adjust_hue": lambda tf, x: tf.image.adjust_hue(x["rgb"], 0.3),
    "adjust_hue_neg_u8": lambda tf, x: tf.image.adjust_hue(x["rgb_u8"], -0.45),
    "adjust_saturation": lambda tf, x: tf.image.adjust_saturation(x["rgb"], 1.8),
    "adjust_saturation_u8": lambda tf, x: tf.image.adjust_saturation(x["rgb_u8"], 0.4),
    "convert_u8_to_i32": lambda tf, x: tf.image.convert_image_dtype(x["rgb_u8"], tf.int32),
    "convert_float_saturate": lambda tf, x: tf.image.convert_image_dtype(
        x["img"] - 8, tf.uint8, saturate=True),
    "crop_to_box": lambda tf, x: tf.image.crop_to_bounding_box(x["img"], 1, 2, 3, 4),
    "crop_to_box_3d": lambda tf, x: tf.image.crop_to_bounding_box(x["rgb_u8"], 0, 1, 5, 2),
    "pad_to_box": lambda tf, x: tf.image.pad_to_bounding_box(x["img"], 1, 2, 8, 10),
    "crop_or_pad": lambda tf, x: tf.image.resize_image_with_crop_or_pad(x["img"], 3, 10),
    "crop_or_pad_3d": lambda tf, x: tf.image.resize_with_crop_or_pad(x["rgb_u8"], 8, 3),
    "resize_with_pad": lambda tf, x: tf.image.resize_image_with_pad(x["img"], 8, 8),
    "resize_with_pad_nn": lambda tf, x: tf.image.resize_image_with_pad(x["rgb_u8"], 4, 9, 1),
    "central_crop": lambda tf, x: tf.image.central_crop(x["img"], 0.5),
    "central_crop_3d": lambda tf, x: tf.image.central_crop(x["rgb_u8"], 0.7),
    "rot90": lambda tf, x: [tf.image.rot90(x["img"], k) for k in range(4)],
    "rot90_3d": lambda tf, x: tf.image.rot90(x["rgb_u8"], -1),
    "transpose": lambda tf, x: [tf.image.transpose_image(x["img"]),
                                tf.image.transpose_image(x["rgb_u8"])],
    "flip_up_down": lambda tf, x: tf.image.flip_up_down(x["img"]),
    "resize_bicubic_down": _resize(2, [3, 4]),
    "resize_bicubic_up": _resize(2, [8, 11]),
    "resize_bicubic_align": _resize(2, [8, 11], True),
    "resize_bicubic_u8": _resize(2, [7, 4], False, "rgb_u8"),
    "resize_area_down": _resize(3, [3, 4]),
    "resize_area_up": _resize(3, [8, 11]),
    "resize_area_align": _resize(3, [4, 3], True),
    "resize_area_u8": _resize(3, [2, 5], False, "rgb_u8"),
    "resize_aspect": lambda tf, x: tf.image.resize_images(x["img"], [10, 10],
                                                          preserve_aspect_ratio=True),
    "resize_aspect_area": lambda tf, x: tf.image.resize(x["rgb_u8"], [3, 30], method=3,
                                                        preserve_aspect_ratio=True),
    "resize_same_size": lambda tf, x: tf.image.resize_images(x["img"], [5, 7], method=2),
    "resize_bicubic_fn": lambda tf, x: tf.image.resize_bicubic(x["img"], [6, 6]),
    "resize_area_fn": lambda tf, x: tf.image.resize_area(x["img"], [4, 9], align_corners=True),
    "crop_and_resize": lambda tf, x: tf.image.crop_and_resize(
        x["img"], [[0.1, 0.2, 0.8, 0.9], [-0.2, 0, 1.3, 0.5], [0.5, 0.5, 0.5, 0.5],
                   [0.9, 0.9, 0.1, 0.1]], [0, 1, 1, 0], [4, 3]),
    "crop_and_resize_nearest": lambda tf, x: tf.image.crop_and_resize(
        tf.expand_dims(x["rgb_u8"], 0), [[0.1, 0.2, 0.8, 0.9], [-0.2, 0, 1.3, 0.5]], [0, 0], [3, 5],
        method="nearest", extrapolation_value=-1),
    "crop_and_resize_grads": lambda tf, x: _crop_grads(tf, x, "bilinear", [4, 3]),
    "crop_and_resize_grads_nearest": lambda tf, x: _crop_grads(tf, x, "nearest", [3, 5]),
    "crop_and_resize_grads_one_row": lambda tf, x: _crop_grads(tf, x, "bilinear", [1, 1]),
    "resize_bicubic_grad": lambda tf, x: tf.gradients(
        tf.reduce_sum(tf.image.resize_bicubic(x["img"], [4, 9])
                      * tf.reshape(tf.sin(tf.range(9.0)), [9, 1])), x["img"]),
    "nms": lambda tf, x: tf.image.non_max_suppression(x["boxes"], x["scores"], 6, 0.5),
    "nms_score_threshold": lambda tf, x: tf.image.non_max_suppression(
        x["boxes"], x["scores"], 10, 0.2, score_threshold=0.55),
    "nms_padded": lambda tf, x: list(tf.image.non_max_suppression_padded(
        x["boxes"], x["scores"], 7, 0.5, pad_to_max_output_size=True)),
    "nms_with_scores": lambda tf, x: list(tf.image.non_max_suppression_with_scores(
        x["boxes"], x["scores"], 8, 0.6)),
    "nms_soft": lambda tf, x: list(tf.image.non_max_suppression_with_scores(
        x["boxes"], x["scores"], 8, 1.0, score_threshold=0.1, soft_nms_sigma=0.5)),
    "nms_overlaps": lambda tf, x: tf.image.non_max_suppression_overlaps(
        x["rgb"][0, :, :5, 0], x["scores"][:5], 4, 0.5),
    "draw_boxes": lambda tf, x: tf.image.draw_bounding_boxes(x["draw"], x["draw_boxes"]),
    "draw_boxes_colors": lambda tf, x: tf.image.draw_bounding_boxes(
        x["draw"][..., :1], x["draw_boxes"], colors=[[0.5, 0.2, 0.1]]),
    "draw_boxes_rgba": lambda tf, x: tf.image.draw_bounding_boxes(
        tf.concat([x["draw"], x["draw"][..., :1]], -1), x["draw_boxes"]),
    "total_variation": lambda tf, x: [tf.image.total_variation(x["img"]),
                                      tf.image.total_variation(x["rgb"][0])],
    "image_gradients": lambda tf, x: list(tf.image.image_gradients(x["img"])),
    "sobel_edges": lambda tf, x: tf.image.sobel_edges(x["img"]),
    "psnr": lambda tf, x: tf.image.psnr(x["rgb"], x["rgb"][::-1], 1.0),
    "psnr_u8": lambda tf, x: tf.image.psnr(x["rgb_u8"], 255 - x["rgb_u8"], 255),
    "ssim": lambda tf, x: tf.image.ssim(x["big"], x["big2"], 1.0),
    "ssim_small_filter": lambda tf, x: tf.image.ssim(x["rgb"], x["rgb"] ** 2, 1.0,
                                                     filter_size=3, filter_sigma=0.8),
    "ssim_multiscale": lambda tf, x: tf.image.ssim_multiscale(
        x["big"], x["big2"] * 0.5 + x["big"] * 0.5, 1.0, power_factors=(0.5, 0.3, 0.2),
        filter_size=3),
    "extract_patches": lambda tf, x: [
        tf.image.extract_patches(x["img"], [1, 2, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], "VALID"),
        tf.image.extract_image_patches(x["img"], [1, 3, 2, 1], [1, 1, 2, 1], [1, 1, 1, 1],
                                       "SAME")],
    "rng_state": lambda tf, x: [tf.constant(tf.random.experimental.create_rng_state(s, a))
                                for s, a in ((5, 1), (2**70 + 3, 2), ([1, 2], 1),
                                             ([2**64 - 1], 1), ([4, 5, 6, 7], 2))],
    "random_gamma_grad": lambda tf, x: tf.raw_ops.RandomGammaGrad(
        alpha=[[0.5], [1.5], [7.0]], sample=[[0.1, 1.0, 3.0]]),
}

# Random ops: TF's numbers are not tinytf's, so only dtypes, static and run shapes are compared.
SHAPES = {
    "rand_multinomial": lambda tf, x: tf.multinomial(tf.log([[0.5, 0.5], [0.1, 0.9]]), 7),
    "rand_categorical": lambda tf, x: tf.random.categorical(x["rgb"][0, :, :, 0], 3,
                                                            dtype=tf.int32),
    "rand_gamma": lambda tf, x: tf.random_gamma([4, 2], [[1.0, 2.0, 3.0]], beta=[[1.0], [2.0]]),
    "rand_gamma_f64": lambda tf, x: tf.random.gamma([3], 2.0, dtype=tf.float64),
    "rand_poisson": lambda tf, x: tf.random_poisson([1.0, 4.0], [5, 3]),
    "rand_poisson_int": lambda tf, x: tf.random.poisson(tf.constant([1, 2]), [3], tf.int64),
    "rand_crop": lambda tf, x: tf.random_crop(x["img"], [2, 3, 4, 2]),
    "rand_image_crop": lambda tf, x: tf.image.random_crop(x["rgb_u8"], [2, 2, 3]),
    "rand_stateless_normal": lambda tf, x: tf.random.stateless_normal([2, 3], [1, 2]),
    "rand_stateless_uniform": lambda tf, x: tf.random.stateless_uniform(
        [4], tf.constant([1, 2], tf.int32), 2.0, 5.0, tf.float64),
    "rand_stateless_uniform_int": lambda tf, x: tf.random.stateless_uniform(
        [3, 1], [3, 4], 0, 10, tf.int64),
    "rand_stateless_truncated": lambda tf, x: tf.random.stateless_truncated_normal([5], [1, 2]),
    "rand_stateless_categorical": lambda tf, x: tf.random.stateless_categorical(
        tf.zeros([3, 4]), 6, [7, 8]),
    "rand_stateless_multinomial": lambda tf, x: tf.random.stateless_multinomial(
        tf.zeros([2, 4]), 5, [7, 8], output_dtype=tf.int32),
    "rand_brightness": lambda tf, x: tf.image.random_brightness(x["rgb"], 0.2),
    "rand_contrast": lambda tf, x: tf.image.random_contrast(x["rgb_u8"], 0.2, 0.5),
    "rand_hue": lambda tf, x: tf.image.random_hue(x["rgb"], 0.2),
    "rand_saturation": lambda tf, x: tf.image.random_saturation(x["rgb"], 0.2, 1.5),
    "rand_flip_ud": lambda tf, x: tf.image.random_flip_up_down(x["img"]),
    "rand_flip_lr_3d": lambda tf, x: tf.image.random_flip_left_right(x["rgb_u8"]),
    "rand_sample_box": lambda tf, x: list(tf.image.sample_distorted_bounding_box(
        [20, 30, 3], [[[0.1, 0.1, 0.5, 0.6]]], seed=3, seed2=4)),
}

BAD = {
    "bad_rgb_to_hsv_channels": lambda tf, x: tf.image.rgb_to_hsv(x["img"]),
    "bad_adjust_contrast_rank": lambda tf, x: tf.image.adjust_contrast([[1.0]], 2.0),
    "bad_gamma_negative": lambda tf, x: tf.image.adjust_gamma(x["rgb"], -1.0),
    "bad_crop_too_big": lambda tf, x: tf.image.crop_to_bounding_box(x["img"], 3, 0, 3, 4),
    "bad_pad_negative_offset": lambda tf, x: tf.image.pad_to_bounding_box(x["img"], -1, 0, 8, 8),
    "bad_pad_too_small": lambda tf, x: tf.image.pad_to_bounding_box(x["img"], 0, 0, 4, 8),
    "bad_crop_rank": lambda tf, x: tf.image.crop_to_bounding_box(x["gray"][0], 0, 0, 1, 1),
    "bad_central_fraction": lambda tf, x: tf.image.central_crop(x["img"], 1.5),
    "bad_resize_method": lambda tf, x: tf.image.resize_images(x["img"], [2, 2], method=7),
    "bad_resize_size": lambda tf, x: tf.image.resize_images(x["img"], [2, 2, 2]),
    "bad_random_hue_delta": lambda tf, x: tf.image.random_hue(x["rgb"], 0.7),
    "bad_random_contrast_range": lambda tf, x: tf.image.random_contrast(x["rgb"], 0.5, 0.2),
    "bad_nms_boxes_shape": lambda tf, x: tf.image.non_max_suppression(
        x["boxes"][:, :3], x["scores"], 3),
    "bad_gray_channels": lambda tf, x: tf.image.grayscale_to_rgb(x["rgb"]),
    "bad_image_gradients_rank": lambda tf, x: tf.image.image_gradients(x["rgb"][0]),
    "bad_total_variation_rank": lambda tf, x: tf.image.total_variation(x["gray"][0]),
    "bad_multinomial_rank": lambda tf, x: tf.multinomial([1.0, 2.0], 2),
    "bad_stateless_seed": lambda tf, x: tf.random.stateless_normal([2], [1, 2, 3]),
    "bad_stateless_int_maxval": lambda tf, x: tf.random.stateless_uniform([2], [1, 2],
                                                                          dtype=tf.int32),
}

# Built fine, fail in Session.run.
BAD_RUN = {
    "badrun_nms_iou": lambda tf, x: tf.image.non_max_suppression(x["boxes"], x["scores"], 3, 1.5),
    "badrun_crop_and_resize_index": lambda tf, x: tf.image.crop_and_resize(
        x["img"], [[0, 0, 1, 1]], [2], [2, 2]),
    "badrun_multinomial_classes": lambda tf, x: tf.multinomial(tf.zeros([2, 0]), 3),
    "badrun_random_crop_size": lambda tf, x: tf.random_crop(x["img"], [3, 3, 3, 2]),
    "badrun_stateless_range": lambda tf, x: tf.random.stateless_uniform(
        [2], [1, 2], minval=5, maxval=3, dtype=tf.int32),
    "badrun_draw_depth": lambda tf, x: tf.image.draw_bounding_boxes(
        x["draw"][..., :2], x["draw_boxes"]),
}


def graph_ops(tf, x):
    """One output that depends on every new image op type (for the GraphDef import test)."""
    h = tf.image.adjust_hue(tf.image.adjust_saturation(tf.image.adjust_contrast(x, 1.5), 0.7), 0.1)
    rgb = tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(h))
    parts = [
        tf.image.resize_bicubic(rgb, [7, 4]),
        tf.image.resize_area(rgb, [2, 3]),
        tf.image.crop_and_resize(x, [[0, 0, 1, 1], [0.2, 0.1, 0.6, 0.9]], [0, 1], [3, 3]),
        tf.image.draw_bounding_boxes(x, [[[0.1, 0.1, 0.5, 0.5]], [[0.2, 0.3, 0.9, 0.6]]]),
        tf.image.draw_bounding_boxes(x, [[[0.1, 0.1, 0.5, 0.5]]] * 2, colors=[[0.2, 0.4, 0.6]]),
    ]
    boxes, scores = [[0, 0, 1, 1.0], [0, 0, 1, 1.1], [2, 2, 3, 3]], [0.9, 0.8, 0.7]
    nms = [tf.image.non_max_suppression(boxes, scores, 3),
           tf.image.non_max_suppression_padded(boxes, scores, 3, pad_to_max_output_size=True)[0],
           tf.image.non_max_suppression_with_scores(boxes, scores, 3)[0],
           tf.image.non_max_suppression_overlaps(tf.eye(3), scores, 3)]
    total = tf.add_n([tf.reduce_sum(p) for p in parts])
    return tf.identity(total + tf.cast(tf.add_n([tf.reduce_sum(n) for n in nms]), tf.float32),
                       name="out")

"""tf.image."""

from tinytf.ops.image_ops import (  # noqa: F401
    ResizeMethod,
    convert_image_dtype,
    flip_left_right,
    flip_up_down,
    per_image_standardization,
    random_flip_left_right,
    resize_bilinear,
    resize_images,
    resize_nearest_neighbor,
    rgb_to_grayscale,
)

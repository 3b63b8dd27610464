"""tf.image."""

from tinytf.ops.image_codec_ops import (  # noqa: F401
    decode_and_crop_jpeg,
    decode_bmp,
    decode_gif,
    decode_image,
    decode_jpeg,
    decode_png,
    encode_jpeg,
    encode_png,
    extract_jpeg_shape,
    is_jpeg,
)
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

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
    resize_bilinear,
    resize_nearest_neighbor,
    rgb_to_grayscale,
)
# issue 10: image-random
from tinytf.ops.image_box_ops import (  # noqa: F401, E402
    draw_bounding_boxes,
    non_max_suppression,
    non_max_suppression_overlaps,
    non_max_suppression_padded,
    non_max_suppression_with_scores,
    sample_distorted_bounding_box,
)
from tinytf.ops.image_color_ops import (  # noqa: F401, E402
    adjust_brightness,
    adjust_contrast,
    adjust_gamma,
    adjust_hue,
    adjust_saturation,
    grayscale_to_rgb,
    hsv_to_rgb,
    random_brightness,
    random_contrast,
    random_hue,
    random_saturation,
    rgb_to_hsv,
    rgb_to_yiq,
    rgb_to_yuv,
    yiq_to_rgb,
    yuv_to_rgb,
)
from tinytf.ops.image_crop_ops import (  # noqa: F401, E402
    central_crop,
    crop_to_bounding_box,
    extract_patches,
    pad_to_bounding_box,
    random_flip_left_right,
    random_flip_up_down,
    resize_image_with_crop_or_pad,
    resize_image_with_pad,
    rot90,
    transpose,
)
from tinytf.ops.image_crop_ops import resize_image_with_crop_or_pad as resize_with_crop_or_pad  # noqa: F401, E402, E501
from tinytf.ops.image_crop_ops import transpose as transpose_image  # noqa: F401, E402
from tinytf.ops.image_metrics_ops import (  # noqa: F401, E402
    image_gradients,
    psnr,
    sobel_edges,
    ssim,
    ssim_multiscale,
    total_variation,
)
from tinytf.ops.image_resize_ops import (  # noqa: F401, E402
    crop_and_resize,
    resize_area,
    resize_bicubic,
    resize_images,
)
from tinytf.ops.image_resize_ops import resize_images as resize  # noqa: F401, E402
from tinytf.ops.layout_ops import extract_image_patches  # noqa: F401, E402
from tinytf.ops.random_ops import random_crop  # noqa: F401, E402
# issue 10: leftovers
from tinytf.ops.image_extra_ops import combined_non_max_suppression  # noqa: E402, F401
from tinytf.ops.image_extra_ops import adjust_jpeg_quality, random_jpeg_quality  # noqa: E402, F401
from tinytf.ops.image_extra_ops import extract_glimpse  # noqa: E402, F401

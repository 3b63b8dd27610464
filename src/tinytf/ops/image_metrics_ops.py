"""tf.image measures and filters composed as TF 1.15 composes them: psnr, ssim,
ssim_multiscale, total_variation, image_gradients and sobel_edges. TF filters each channel
with depthwise_conv2d; here the channels fold into the batch of a conv2d, which gives the same
values (and gradients)."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import control_dependencies, convert_to_tensor, name_scope
from tinytf.ops import array_ops, conv_ops, debug_ops, math_ops, nn_ops, reduction_ops
from tinytf.ops.cond import cond
from tinytf.ops.image_ops import convert_image_dtype

_MSSSIM_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


def _per_channel_conv(x, kernel):
    """depthwise_conv2d(x, kernel tiled over channels, VALID) for NHWC x, kernel [k, k, 1, m]:
    [n, h', w', c * m] with channel c's m outputs adjacent, as TF orders them."""
    shape = array_ops.shape(x)
    n, h, w, c = (shape[i] for i in range(4))
    folded = array_ops.reshape(array_ops.transpose(x, [0, 3, 1, 2]), array_ops.stack([-1, h, w, 1]))
    y = conv_ops.conv2d(folded, kernel, strides=[1, 1, 1, 1], padding="VALID")
    out = array_ops.shape(y)
    y = array_ops.reshape(y, array_ops.stack([n, c, out[1], out[2], out[3]]))
    y = array_ops.transpose(y, [0, 2, 3, 1, 4])
    return array_ops.reshape(y, array_ops.stack([n, out[1], out[2], c * out[3]]))


def _verify_compatible(img1, img2):
    shape1 = img1.shape.with_rank_at_least(3)
    shape2 = img2.shape.with_rank_at_least(3)
    shape1[-3:].assert_is_compatible_with(shape2[-3:])
    if shape1.ndims is not None and shape2.ndims is not None:
        for d1, d2 in zip(reversed(shape1.dims[:-3]), reversed(shape2.dims[:-3])):
            if not (d1 == 1 or d2 == 1 or d1.is_compatible_with(d2)):
                raise ValueError(f"Two images are not compatible: {shape1} and {shape2}")
    s1, s2 = array_ops.shape(img1), array_ops.shape(img2)
    same = reduction_ops.reduce_all(math_ops.equal(s1[-3:], s2[-3:]))
    return s1, s2, [debug_ops.Assert_(same, [s1, s2], summarize=10)]


def psnr(a, b, max_val, name=None):
    """Peak signal-to-noise ratio between images a and b (in dB), per image."""
    with name_scope(name, "PSNR", [a, b]):
        a, b = convert_to_tensor(a, name="a"), convert_to_tensor(b, name="b")
        max_val = convert_image_dtype(math_ops.cast(max_val, a.dtype), D.float32)
        a, b = convert_image_dtype(a, D.float32), convert_image_dtype(b, D.float32)
        mse = reduction_ops.reduce_mean(math_ops.squared_difference(a, b), [-3, -2, -1])
        value = math_ops.subtract(
            20 * math_ops.log(max_val) / math_ops.log(10.0),
            np.float32(10 / np.log(10)) * math_ops.log(mse),
            name="psnr",
        )
        _, _, checks = _verify_compatible(a, b)
        with control_dependencies(checks):
            return array_ops.identity(value)


def _gauss(size, sigma):
    coords = np.arange(size, dtype=np.float32) - np.float32(size - 1) / 2
    g = np.square(coords) * np.float32(-0.5 / np.square(np.float32(sigma)))
    g = (g[None, :] + g[:, None]).reshape(1, -1)
    g = np.exp(g - g.max())
    return (g / g.sum()).reshape(size, size, 1, 1).astype(np.float32)


def _ssim_per_channel(img1, img2, max_val, filter_size, filter_sigma, k1, k2):
    kernel = convert_to_tensor(_gauss(filter_size, filter_sigma), img1.dtype)
    shape1 = array_ops.shape(img1)
    big_enough = reduction_ops.reduce_all(math_ops.greater_equal(shape1[-3:-1], filter_size))
    with control_dependencies([debug_ops.Assert_(big_enough, [shape1, filter_size])]):
        img1 = array_ops.identity(img1)

    def reducer(x):
        shape = array_ops.shape(x)
        x = array_ops.reshape(x, array_ops.concat([[-1], shape[-3:]], 0))
        y = _per_channel_conv(x, kernel)
        return array_ops.reshape(y, array_ops.concat([shape[:-3], array_ops.shape(y)[1:]], 0))

    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    mean0, mean1 = reducer(img1), reducer(img2)
    num0 = mean0 * mean1 * 2.0
    den0 = math_ops.square(mean0) + math_ops.square(mean1)
    luminance = (num0 + c1) / (den0 + c1)
    num1 = reducer(img1 * img2) * 2.0
    den1 = reducer(math_ops.square(img1) + math_ops.square(img2))
    cs = (num1 - num0 + c2) / (den1 - den0 + c2)
    axes = [-3, -2]
    return reduction_ops.reduce_mean(luminance * cs, axes), reduction_ops.reduce_mean(cs, axes)


def _prepare(img1, img2, max_val):
    img1, img2 = convert_to_tensor(img1, name="img1"), convert_to_tensor(img2, name="img2")
    shape1, shape2, checks = _verify_compatible(img1, img2)
    with control_dependencies(checks):
        img1 = array_ops.identity(img1)
    max_val = convert_image_dtype(math_ops.cast(max_val, img1.dtype), D.float32)
    images = [convert_image_dtype(x, D.float32) for x in (img1, img2)]
    return images, [shape1, shape2], max_val


def ssim(img1, img2, max_val, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03):
    """Structural similarity of two images (or batches), averaged over channels."""
    (img1, img2), _, max_val = _prepare(img1, img2, max_val)
    per_channel, _ = _ssim_per_channel(img1, img2, max_val, filter_size, filter_sigma, k1, k2)
    return reduction_ops.reduce_mean(per_channel, [-1])


def _downscale(images, tails):
    """One MS-SSIM scale down: symmetric-pad odd sizes, then 2x2 average pooling."""
    flat = [array_ops.reshape(x, array_ops.concat([[-1], t], 0)) for x, t in zip(images, tails)]
    remainder = tails[0] % convert_to_tensor([2, 2, 1], D.int32)
    need_padding = reduction_ops.reduce_any(math_ops.not_equal(remainder, 0))

    def pad():
        padding = array_ops.pad(array_ops.expand_dims(remainder, -1), [[1, 0], [1, 0]])
        return [array_ops.pad(x, padding, mode="SYMMETRIC") for x in flat]

    padded = cond(need_padding, pad, lambda: flat)
    return [conv_ops.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID") for x in padded]


def ssim_multiscale(
    img1,
    img2,
    max_val,
    power_factors=_MSSSIM_WEIGHTS,
    filter_size=11,
    filter_sigma=1.5,
    k1=0.01,
    k2=0.03,
):
    """Multi-scale structural similarity (Wang et al. 2003), averaged over channels."""
    with name_scope(None, "MS-SSIM", [img1, img2]):
        images, shapes, max_val = _prepare(img1, img2, max_val)
        heads, tails = [s[:-3] for s in shapes], [s[-3:] for s in shapes]
        mcs = []
        for k in range(len(power_factors)):
            with name_scope(None, f"Scale{k}", images):
                if k > 0:
                    down = _downscale(images, tails)
                    tails = [array_ops.shape(x)[1:] for x in down]
                    images = [
                        array_ops.reshape(x, array_ops.concat([h, t], 0))
                        for x, h, t in zip(down, heads, tails)
                    ]
                per_channel, cs = _ssim_per_channel(
                    *images, max_val, filter_size, filter_sigma, k1, k2
                )
                mcs.append(nn_ops.relu(cs))
        mcs.pop()  # the last scale contributes its full SSIM instead
        stacked = array_ops.stack(mcs + [nn_ops.relu(per_channel)], axis=-1)
        ms_ssim = reduction_ops.reduce_prod(math_ops.pow(stacked, power_factors), [-1])
        return reduction_ops.reduce_mean(ms_ssim, [-1])


def total_variation(images, name=None):
    """Sum of absolute differences between neighbouring pixels (per image for a batch)."""
    with name_scope(name, "total_variation"):
        images = convert_to_tensor(images, name="images")
        ndims = images.shape.ndims
        if ndims == 3:
            dif1 = images[1:, :, :] - images[:-1, :, :]
            dif2 = images[:, 1:, :] - images[:, :-1, :]
            axis = None
        elif ndims == 4:
            dif1 = images[:, 1:, :, :] - images[:, :-1, :, :]
            dif2 = images[:, :, 1:, :] - images[:, :, :-1, :]
            axis = [1, 2, 3]
        else:
            raise ValueError("'images' must be either 3 or 4-dimensional.")
        return reduction_ops.reduce_sum(math_ops.abs(dif1), axis=axis) + reduction_ops.reduce_sum(
            math_ops.abs(dif2), axis=axis
        )


def image_gradients(image):
    """(dy, dx): forward differences of an NHWC batch, zero in the last row / column."""
    if image.shape.ndims != 4:
        raise ValueError(
            f"image_gradients expects a 4D tensor [batch_size, h, w, d], not {image.shape}."
        )
    image_shape = array_ops.shape(image)
    batch, height, width, depth = array_ops.unstack(image_shape)
    dy = image[:, 1:, :, :] - image[:, :-1, :, :]
    dx = image[:, :, 1:, :] - image[:, :, :-1, :]
    zeros_y = array_ops.zeros(array_ops.stack([batch, 1, width, depth]), image.dtype)
    dy = array_ops.reshape(array_ops.concat([dy, zeros_y], 1), image_shape)
    zeros_x = array_ops.zeros(array_ops.stack([batch, height, 1, depth]), image.dtype)
    dx = array_ops.reshape(array_ops.concat([dx, zeros_x], 2), image_shape)
    return dy, dx


_SOBEL = np.array([[[-1, -2, -1], [0, 0, 0], [1, 2, 1]], [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]])


def sobel_edges(image):
    """[batch, h, w, d, 2]: the vertical and horizontal Sobel responses (reflect-padded)."""
    image = convert_to_tensor(image, name="image")
    kernels = convert_to_tensor(np.transpose(_SOBEL, (1, 2, 0))[:, :, None, :], image.dtype)
    padded = array_ops.pad(image, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="REFLECT")
    output = _per_channel_conv(padded, kernels)
    shape = array_ops.concat([array_ops.shape(image), [2]], 0)
    output = array_ops.reshape(output, shape)
    output.set_shape(image.shape.concatenate([2]))
    return output

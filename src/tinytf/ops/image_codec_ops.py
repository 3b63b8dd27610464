"""Image codec ops (tf.io / tf.image): DecodePng, DecodeJpeg, DecodeAndCropJpeg, DecodeGif,
DecodeBmp, EncodePng, EncodeJpeg, ExtractJpegShape, and is_jpeg / decode_image composed as
TF 1.15 composes them. The byte formats are in tinytf.platform.image_formats; Pillow (the
`image` extra) is needed at run time for JPEG, GIF and 8-bit PNG data.

As in TF 1.15, DecodePng, DecodeJpeg and DecodeGif each read any of JPEG, PNG and GIF (the
format is found from the data), and DecodeAndCropJpeg crops JPEG data only."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InternalError, ShapeError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    control_dependencies,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.ops import cond as cond_lib
from tinytf.ops import debug_ops, image_ops, indexing_ops, math_ops, shape_util, string_ops
from tinytf.ops.string_ops import as_bytes, strings
from tinytf.platform import image_formats as F

_JPEG_ATTRS = {
    "channels": 0,
    "ratio": 1,
    "fancy_upscaling": True,
    "try_recover_truncated": False,
    "acceptable_fraction": 1.0,
    "dct_method": "",
}


def _data(contents):
    if np.ndim(contents):
        raise F.error(f"contents must be scalar, got shape {list(np.shape(contents))}")
    return as_bytes(np.ravel(contents)[0])


def _decode(data, channels, bits=8, ratio=1, recover=False, crop=None, gif=False):
    """Any of JPEG, PNG and GIF, found by its first bytes, as TF's DecodeImageOp does."""
    kind = F.classify(data)
    if kind is None:
        raise F.error(f"Expected image (JPEG, PNG, or GIF), got {F.describe(data)}")
    if bits != 8 and kind != "png":
        raise F.error(f"{kind.upper()} does not support uint16 output")
    if kind == "jpeg":
        image = F.decode_jpeg(data, channels, ratio, recover, crop)
    elif kind == "png":
        image = F.decode_png(data, channels, bits)
    else:
        if channels not in (0, 3):
            raise F.error(f"channels must be 0 or 3 for GIF, got {channels}")
        frames = F.decode_gif(data)
        if gif:
            return frames
        if len(frames) != 1:
            raise F.error(
                f"Got {len(frames)} frames, but animated gifs can only be decoded by "
                "tf.image.decode_gif or tf.image.decode_image"
            )
        image = frames[0]
    return image[None] if gif else image


def _check_jpeg_attrs(channels, ratio, dct_method):
    if channels not in (0, 1, 3):
        raise F.error(f"channels must be 0, 1, or 3 for JPEG, got {channels}")
    if ratio not in (1, 2, 4, 8):
        raise F.error(f"ratio must be 1, 2, 4, or 8, got {ratio}")
    if dct_method not in ("", "INTEGER_FAST", "INTEGER_ACCURATE"):
        raise F.error("dct_method must be one of {'', 'INTEGER_FAST', 'INTEGER_ACCURATE'}")


def _image_spec(contents, channels, dtype=D.uint8, hw=(None, None)):
    shape_util.with_rank(contents.shape, 0)
    return TensorSpec([*hw, channels or None], dtype)


def _check_fancy(fancy_upscaling):
    if not fancy_upscaling:
        raise NotImplementedError(
            "tinytf decodes JPEG with libjpeg's fancy upsampling only (fancy_upscaling=True)"
        )


@register_op
class DecodeJpeg(OpDef):
    """A JPEG (or PNG, or one-frame GIF) as a uint8 [height, width, channels] image."""

    inputs = ("contents",)
    type_inputs = ()
    attrs = dict(_JPEG_ATTRS)

    def infer(contents, **attrs):
        _check_fancy(attrs["fancy_upscaling"])
        return _image_spec(contents, attrs["channels"])

    def kernel(xp, contents, *, channels, ratio, dct_method, try_recover_truncated, **_):
        _check_jpeg_attrs(channels, ratio, dct_method)
        return _decode(_data(contents), channels, ratio=ratio, recover=try_recover_truncated)


@register_op
class DecodeAndCropJpeg(OpDef):
    """The `crop_window` [y, x, height, width] of a decoded JPEG (other formats uncropped)."""

    inputs = ("contents", "crop_window")
    type_inputs = ()
    attrs = dict(_JPEG_ATTRS)

    def infer(contents, crop_window, **attrs):
        _check_fancy(attrs["fancy_upscaling"])
        dims = shape_util.with_rank(crop_window.shape, 1).as_list()
        if dims[0] not in (None, 4):
            raise ShapeError(f"Dimension must be 4 but is {dims[0]}")
        window = shape_util.constant_value(crop_window)
        hw = (None, None) if window is None else (int(window[2]), int(window[3]))
        return _image_spec(contents, attrs["channels"], hw=hw)

    def kernel(xp, contents, crop_window, *, channels, ratio, dct_method, **attrs):
        _check_jpeg_attrs(channels, ratio, dct_method)
        recover = attrs["try_recover_truncated"]
        crop = np.ravel(crop_window)
        return _decode(_data(contents), channels, ratio=ratio, recover=recover, crop=crop)


@register_op
class DecodePng(OpDef):
    """A PNG (or JPEG, or one-frame GIF) as a [height, width, channels] uint8/uint16 image."""

    inputs = ("contents",)
    type_inputs = ()
    attrs = {"channels": 0, "dtype": D.uint8}

    def infer(contents, *, channels, dtype):
        return _image_spec(contents, channels, D.as_dtype(dtype))

    def kernel(xp, contents, *, channels, dtype):
        if channels not in (0, 1, 3, 4):
            raise F.error(f"channels must be 0, 1, 3, or 4, got {channels}")
        return _decode(_data(contents), channels, bits=8 * D.as_dtype(dtype).size)


@register_op
class DecodeGif(OpDef):
    """The frames of a GIF as uint8 [frames, height, width, 3] (a PNG or JPEG: one frame)."""

    inputs = ("contents",)
    type_inputs = ()

    def infer(contents):
        shape_util.with_rank(contents.shape, 0)
        return TensorSpec([None, None, None, 3], D.uint8)

    def kernel(xp, contents):
        return _decode(_data(contents), 0, gif=True)


@register_op
class DecodeBmp(OpDef):
    """An uncompressed BMP as uint8 [height, width, channels] (TF reads 8, 24, 32 bits)."""

    inputs = ("contents",)
    type_inputs = ()
    attrs = {"channels": 0}

    def infer(contents, *, channels):
        return _image_spec(contents, channels)

    def kernel(xp, contents, *, channels):
        if channels not in (0, 1, 3, 4):
            raise F.error(f"channels must be 0, 1, 3 or 4, got {channels}")
        return F.decode_bmp(_data(contents), channels)


@register_op
class EncodePng(OpDef):
    """A [height, width, channels] uint8/uint16 image as PNG bytes."""

    inputs = ("image",)
    attrs = {"compression": -1}
    allowed = {D.uint8, D.uint16}

    def infer(image, *, compression):
        shape_util.with_rank(image.shape, 3)
        return TensorSpec([], D.string)

    def kernel(xp, image, *, compression):
        if not -1 <= compression <= 9:
            raise F.error(f"compression should be in [-1,9], got {compression}")
        image = np.asarray(image)
        if image.shape[-1] == 0:
            raise F.error("image must have at least one channel")
        if image.shape[-1] > 4:
            raise F.error(f"image must have 1, 2, 3, or 4 channels, got {image.shape[-1]}")
        if not image.size:
            raise InternalError(None, None, "PNG encoding failed")
        return np.asarray(F.encode_png(image, compression), dtype=object)


_FORMATS = ("", "grayscale", "rgb")
_UNITS = ("in", "cm")


@register_op
class EncodeJpeg(OpDef):
    """A uint8 [height, width, 1 or 3] image as JPEG bytes."""

    inputs = ("image",)
    type_inputs = ()
    attrs = {
        "format": "",
        "quality": 95,
        "progressive": False,
        "optimize_size": False,
        "chroma_downsampling": True,
        "density_unit": "in",
        "x_density": 300,
        "y_density": 300,
        "xmp_metadata": "",
    }

    def infer(image, **attrs):
        for attr, allowed in (("format", _FORMATS), ("density_unit", _UNITS)):
            if attrs[attr] not in allowed:
                names = ", ".join(f'"{a}"' for a in allowed)
                raise ValueError(
                    f"Attr '{attr}' of 'EncodeJpeg' Op passed string '{attrs[attr]}' not in: "
                    f"{names}."
                )
        shape_util.with_rank(image.shape, 3)
        return TensorSpec([], D.string)

    def kernel(xp, image, **attrs):
        xmp = attrs["xmp_metadata"]
        data = F.encode_jpeg(
            np.asarray(image),
            attrs["format"],
            attrs["quality"],
            attrs["progressive"],
            attrs["optimize_size"],
            attrs["chroma_downsampling"],
            attrs["density_unit"],
            attrs["x_density"],
            attrs["y_density"],
            as_bytes(xmp),
        )
        return np.asarray(data, dtype=object)


@register_op
class ExtractJpegShape(OpDef):
    """[height, width, channels] of a JPEG, read from its header without decoding it."""

    inputs = ("contents",)
    type_inputs = ()
    attrs = {"output_type": D.int32}

    def infer(contents, *, output_type):
        shape_util.with_rank(contents.shape, 0)
        return TensorSpec([3], D.as_dtype(output_type))

    def kernel(xp, contents, *, output_type):
        shape = F.jpeg_shape(_data(contents))
        return xp.asarray(shape, dtype=D.as_dtype(output_type).as_numpy_dtype)


for _name in (
    "DecodeJpeg",
    "DecodeAndCropJpeg",
    "DecodePng",
    "DecodeGif",
    "DecodeBmp",
    "EncodePng",
    "EncodeJpeg",
    "ExtractJpegShape",
):
    NotDifferentiable(_name)


# -- public wrappers ---------------------------------------------------------------------------
def decode_jpeg(
    contents,
    channels=0,
    ratio=1,
    fancy_upscaling=True,
    try_recover_truncated=False,
    acceptable_fraction=1,
    dct_method="",
    name=None,
):
    """A JPEG-encoded image as a uint8 tensor [height, width, channels] (scaled by 1/ratio)."""
    return DecodeJpeg.apply(
        strings(contents, "contents"),
        **_jpeg_attrs(
            channels, ratio, fancy_upscaling, try_recover_truncated, acceptable_fraction, dct_method
        ),
        name=name,
    )


def decode_and_crop_jpeg(
    contents,
    crop_window,
    channels=0,
    ratio=1,
    fancy_upscaling=True,
    try_recover_truncated=False,
    acceptable_fraction=1,
    dct_method="",
    name=None,
):
    """The `crop_window` [y, x, height, width] of a JPEG-encoded image, decoded."""
    return DecodeAndCropJpeg.apply(
        strings(contents, "contents"),
        convert_to_tensor(crop_window, dtype=D.int32, name="crop_window"),
        **_jpeg_attrs(
            channels, ratio, fancy_upscaling, try_recover_truncated, acceptable_fraction, dct_method
        ),
        name=name,
    )


def _jpeg_attrs(channels, ratio, fancy, recover, fraction, dct_method):
    return {
        "channels": int(channels),
        "ratio": int(ratio),
        "fancy_upscaling": bool(fancy),
        "try_recover_truncated": bool(recover),
        "acceptable_fraction": float(fraction),
        "dct_method": dct_method,
    }


def decode_png(contents, channels=0, dtype=D.uint8, name=None):
    """A PNG-encoded image as a uint8 or uint16 tensor [height, width, channels]."""
    dtype = D.as_dtype(dtype)
    if dtype not in (D.uint8, D.uint16):
        raise TypeError(
            f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of "
            "allowed values: uint8, uint16"
        )
    return DecodePng.apply(
        strings(contents, "contents"), channels=int(channels), dtype=dtype, name=name
    )


def decode_gif(contents, name=None):
    """The frames of a GIF-encoded image as a uint8 tensor [frames, height, width, 3]."""
    return DecodeGif.apply(strings(contents, "contents"), name=name)


def decode_bmp(contents, channels=0, name=None):
    """A BMP-encoded image as a uint8 tensor [height, width, channels]."""
    return DecodeBmp.apply(strings(contents, "contents"), channels=int(channels), name=name)


def encode_png(image, compression=-1, name=None):
    """A uint8/uint16 image [height, width, channels] as PNG bytes (zlib level `compression`)."""
    image = convert_to_tensor(image, name="image", dtype_hint=D.uint8)  # TF's default T
    return EncodePng.apply(image, compression=int(compression), name=name)


def encode_jpeg(
    image,
    format="",  # noqa: A002 - TF's argument name
    quality=95,
    progressive=False,
    optimize_size=False,
    chroma_downsampling=True,
    density_unit="in",
    x_density=300,
    y_density=300,
    xmp_metadata="",
    name=None,
):
    """A uint8 image [height, width, 1 or 3] as JPEG bytes."""
    return EncodeJpeg.apply(
        convert_to_tensor(image, dtype=D.uint8, name="image"),
        format=format,
        quality=int(quality),
        progressive=bool(progressive),
        optimize_size=bool(optimize_size),
        chroma_downsampling=bool(chroma_downsampling),
        density_unit=density_unit,
        x_density=int(x_density),
        y_density=int(y_density),
        xmp_metadata=xmp_metadata,
        name=name,
    )


def extract_jpeg_shape(contents, output_type=D.int32, name=None):
    """[height, width, channels] of a JPEG-encoded image, without decoding it."""
    return ExtractJpegShape.apply(
        strings(contents, "contents"), output_type=D.as_dtype(output_type), name=name
    )


# -- compositions, as TF 1.15's image_ops_impl builds them ------------------------------------
def is_jpeg(contents, name=None):
    """Whether `contents` starts like a JPEG (b'\\xff\\xd8\\xff'); false positives possible."""
    with name_scope(name, "is_jpeg"):
        substr = string_ops.substr(contents, 0, 3)
        return math_ops.equal(substr, b"\xff\xd8\xff", name=name)


def _is_png(contents, name=None):
    with name_scope(name, "is_png"):
        substr = string_ops.substr(contents, 0, 3)
        return math_ops.equal(substr, b"\211PN", name=name)


def _convert(image, dtype):
    """convert_image_dtype, with TF's integer-to-integer scaling (uint8 <-> uint16)."""
    src = image.dtype.base_dtype
    if src == dtype or not (src.is_integer and dtype.is_integer):
        return image_ops.convert_image_dtype(image, dtype)
    in_max, out_max = np.iinfo(src.as_numpy_dtype).max, np.iinfo(dtype.as_numpy_dtype).max
    if in_max > out_max:
        return math_ops.cast(math_ops.floordiv(image, (in_max + 1) // (out_max + 1)), dtype)
    return math_ops.multiply(math_ops.cast(image, dtype), (out_max + 1) // (in_max + 1))


class _Branches:
    """The branches of decode_image's conds: each decodes one format and asserts what TF's
    composition asserts before it (the signature, the channel count)."""

    def __init__(self, contents, channels, dtype, expand_animations):
        self.contents, self.channels, self.dtype = contents, channels, dtype
        self.wanted, self.expand = 0 if channels is None else channels, expand_animations

    def _checked(self, checks, decode):
        asserts = [debug_ops.Assert_(ok, [message]) for ok, message in checks]
        with control_dependencies(asserts):
            return _convert(decode(), self.dtype)

    def bmp(self):
        is_bmp = math_ops.equal(string_ops.substr(self.contents, 0, 2), "BM", name="is_bmp")
        channels_ok = math_ops.not_equal(self.wanted, 1, name="check_channels")
        checks = [
            (is_bmp, "Unable to decode bytes as JPEG, PNG, GIF, or BMP"),
            (channels_ok, "Channels must be in (None, 0, 3) when decoding BMP images"),
        ]
        return self._checked(checks, lambda: decode_bmp(self.contents))

    def gif(self):
        good = math_ops.logical_and(
            math_ops.not_equal(self.wanted, 1, name="check_gif_channels"),
            math_ops.not_equal(self.wanted, 4, name="check_gif_channels"),
        )
        message = "Channels must be in (None, 0, 3) when decoding GIF images"
        result = self._checked([(good, message)], lambda: decode_gif(self.contents))
        return result if self.expand else indexing_ops.gather(result, 0)

    def png(self):
        bits = D.uint8 if self.dtype == D.uint8 else D.uint16
        return _convert(decode_png(self.contents, self.channels or 0, dtype=bits), self.dtype)

    def jpeg(self):
        good = math_ops.not_equal(self.wanted, 4, name="check_jpeg_channels")
        message = "Channels must be in (None, 0, 1, 3) when decoding JPEG images"
        return self._checked([(good, message)], lambda: decode_jpeg(self.contents, self.wanted))


def decode_image(contents, channels=None, dtype=D.uint8, name=None, expand_animations=True):
    """A BMP, GIF, JPEG or PNG image decoded by the op its first bytes call for, converted to
    `dtype`. GIFs are [frames, h, w, 3] unless `expand_animations` is False (first frame)."""
    dtype = D.as_dtype(dtype)
    with name_scope(name, "decode_image"):
        if channels not in (None, 0, 1, 3, 4):
            raise ValueError("channels must be in (None, 0, 1, 3, 4)")
        branch = _Branches(strings(contents, "contents"), channels, dtype, expand_animations)
        substr = string_ops.substr(branch.contents, 0, 3)

        def check_gif():
            is_gif = math_ops.equal(substr, b"\x47\x49\x46", name="is_gif")
            return cond_lib.cond(is_gif, branch.gif, branch.bmp, name="cond_gif")

        def check_png():
            return cond_lib.cond(_is_png(branch.contents), branch.png, check_gif, name="cond_png")

        return cond_lib.cond(is_jpeg(branch.contents), branch.jpeg, check_png, name="cond_jpeg")

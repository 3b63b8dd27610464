"""Image codec ops against real TF 1.15 (tools/make_io_fixtures.py wrote golden/io_golden.json
from tests/ops/io_cases.py): PNG, GIF and BMP decode exactly as TF; JPEG decodes through
Pillow's libjpeg, which always uses the accurate integer DCT, so TF's INTEGER_ACCURATE values
match exactly and TF's default (INTEGER_FAST) ones within a few levels."""

import io
import sys

import numpy as np
import pytest

import tinytf as tf
from tests.ops import io_cases
from tests.ops.io_golden import GOLDEN, INPUTS, bad_names, check_bad, check_case, names, run_case

# libjpeg's fast DCT against the accurate one: a few levels on some pixels
FAST_DCT_TOLERANCE = 6
# TF's libjpeg-turbo upsamples chroma only up to the edges of the (iMCU-aligned) crop window,
# tinytf crops a whole decode: the window's edge columns differ by a few levels
CROP_EDGE_TOLERANCE = 10


def _tolerance(name):
    if name.startswith("img_crop_jpeg"):
        return CROP_EDGE_TOLERANCE
    jpeg = "jpeg" in name and "accurate" not in name and not name.startswith("img_shape")
    return FAST_DCT_TOLERANCE if jpeg else 0


@pytest.mark.parametrize("name", [n for n in names("img_") if "_enc_" not in n])
def test_matches_tf(name, tmp_path):
    check_case(name, tmp_path, atol=_tolerance(name))


@pytest.mark.parametrize("name", bad_names("img_"))
def test_bad_input_raises_as_tf(name, tmp_path):
    check_bad(name, tmp_path)


@pytest.mark.parametrize("name", names("img_enc_jpeg"))
def test_encode_jpeg_writes_tf_bytes(name, tmp_path):
    """Pillow's libjpeg codes as TF's (tables, density, XMP marker): the same bytes."""
    want = io_cases.unpack(GOLDEN["cases"][name]["value"]).item()
    tensors, (got,) = run_case(name, tmp_path)
    assert tensors[0].dtype == tf.string and tensors[0].shape.as_list() == []
    assert got == want


def test_encode_png_round_trips_every_channel_count_and_depth():
    rng = np.random.default_rng(5)
    for dtype in (np.uint8, np.uint16):
        for channels in (1, 2, 3, 4):
            image = rng.integers(0, np.iinfo(dtype).max, (5, 7, channels), endpoint=True)
            image = tf.constant(image.astype(dtype))
            png = tf.image.encode_png(image, compression=9)
            back = tf.image.decode_png(png, dtype=image.dtype)
            with tf.Session() as sess:
                got, want = sess.run([back, image])
            np.testing.assert_array_equal(got, want)


def test_encode_png_output_is_a_png_that_pillow_reads():
    from PIL import Image

    image = np.arange(30, dtype=np.uint8).reshape(2, 5, 3)
    with tf.Session() as sess:
        png = sess.run(tf.image.encode_png(image))
    np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(png))), image)


def test_decode_png_static_shapes():
    contents = tf.placeholder(tf.string, [])
    assert tf.image.decode_png(contents, channels=3).shape.as_list() == [None, None, 3]
    assert tf.image.decode_png(contents).shape.as_list() == [None, None, None]
    assert tf.image.decode_gif(contents).shape.as_list() == [None, None, None, 3]
    assert tf.image.decode_png(contents, dtype=tf.uint16).dtype == tf.uint16


def test_decode_png_refuses_other_dtypes():
    with pytest.raises(TypeError, match="uint8, uint16"):
        tf.image.decode_png(b"", dtype=tf.float32)


def test_fancy_upscaling_off_is_refused_when_building():
    with pytest.raises(NotImplementedError, match="fancy"):
        tf.image.decode_jpeg(INPUTS["jpeg_rgb"], fancy_upscaling=False)


def test_without_pillow_jpeg_decoding_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)
    op = tf.image.decode_jpeg(INPUTS["jpeg_rgb"])
    with (
        tf.Session() as sess,
        pytest.raises(tf.errors.UnimplementedError, match=r"tinytf\[image\]"),
    ):
        sess.run(op)


def test_bmp_and_16_bit_png_need_no_pillow(monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)
    with tf.Session() as sess:
        bmp = sess.run(tf.image.decode_bmp(INPUTS["bmp24"]))
        png = sess.run(tf.image.decode_png(INPUTS["png_rgb16"], dtype=tf.uint16))
    assert bmp.shape == (3, 5, 3) and png.shape == (4, 5, 3)

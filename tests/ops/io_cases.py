"""Graphs of tf.io / tf.image codec ops whose values real TF 1.15 decides. Each builder takes
the `tf` module (tinytf, or real TF 1.15) and the dict of input bytes, and returns a tensor or
a list of them. tools/make_io_fixtures.py makes the inputs (hand-written PNG/GIF/BMP files
below, JPEGs and PNGs that TF itself encodes), runs every builder with TF 1.15 and writes the
values, static shapes and errors to golden/io_golden.json; the tests run them with tinytf.

Python 3.7 and NumPy 1.18 compatible: the fixture script imports this with TF 1.15."""

import base64
import gzip
import struct
import zlib

import numpy as np

# -- image files written by hand (every colour type, bit depth and layout TF reads) ----------


def _chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_rows(pixels, depth):
    flat = pixels.reshape(pixels.shape[0], -1)
    if depth == 16:
        return [b"\x00" + row.astype(">u2").tobytes() for row in flat]
    if depth == 8:
        return [b"\x00" + row.astype(np.uint8).tobytes() for row in flat]
    per = 8 // depth
    rows = []
    for row in flat:
        padded = np.zeros(-(-len(row) // per) * per, np.uint8)
        padded[: len(row)] = row
        packed = np.zeros(len(padded) // per, np.uint8)
        for k in range(per):
            packed |= padded[k::per] << (8 - depth * (k + 1))
        rows.append(b"\x00" + packed.tobytes())
    return rows


_ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)


def png_file(pixels, color, depth=8, palette=None, trns=None, interlace=False):
    """A PNG of `pixels` ([h, w, samples]; [h, w] palette indices for colour type 3)."""
    h, w = pixels.shape[:2]
    if interlace:
        rows = []
        for x0, y0, dx, dy in _ADAM7:
            part = pixels[y0::dy, x0::dx]
            if part.size:
                rows += _png_rows(part, depth)
    else:
        rows = _png_rows(pixels, depth)
    header = struct.pack(">IIBBBBB", w, h, depth, color, 0, 0, 1 if interlace else 0)
    out = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
    if palette is not None:
        out += _chunk(b"PLTE", np.asarray(palette, np.uint8).tobytes())
    if trns is not None:
        out += _chunk(b"tRNS", trns)
    return out + _chunk(b"IDAT", zlib.compress(b"".join(rows))) + _chunk(b"IEND", b"")


def _lzw(indices, min_size):
    """GIF LZW data that never grows its code table: a clear code before every few literals."""
    clear, width, run = 1 << min_size, min_size + 1, (1 << min_size) - 2
    codes = []
    for start in range(0, len(indices), run):
        codes.append(clear)
        codes.extend(int(i) for i in indices[start : start + run])
    codes += [clear, clear + 1]
    bits, nbits, out = 0, 0, bytearray()
    for c in codes:
        bits |= c << nbits
        nbits += width
        while nbits >= 8:
            out.append(bits & 255)
            bits >>= 8
            nbits -= 8
    if nbits:
        out.append(bits & 255)
    blocks = b"".join(
        bytes([len(out[i : i + 255])]) + bytes(out[i : i + 255]) for i in range(0, len(out), 255)
    )
    return bytes([min_size]) + blocks + b"\x00"


def gif_file(size, palette, frames, transparent=None, disposal=0, local=None, interlace=False):
    """A GIF89a: `frames` are (left, top, indices [h, w]); `local` palettes per frame."""
    w, h = size
    k = int(np.log2(len(palette))) - 1
    out = (
        b"GIF89a"
        + struct.pack("<HHBBB", w, h, 0xF0 | k, 0, 0)
        + np.asarray(palette, np.uint8).tobytes()
    )
    for n, (left, top, idx) in enumerate(frames):
        flags = (disposal << 2) | (1 if transparent is not None else 0)
        out += b"\x21\xf9\x04" + struct.pack("<BHB", flags, 10, transparent or 0) + b"\x00"
        lp = local[n] if local else None
        lflags = (0x80 | (int(np.log2(len(lp))) - 1)) if lp is not None else 0
        fh, fw = idx.shape
        rows = idx
        if interlace:
            lflags |= 0x40
            rows = np.concatenate([idx[0::8], idx[4::8], idx[2::4], idx[1::2]])
        out += b"\x2c" + struct.pack("<HHHHB", left, top, fw, fh, lflags)
        if lp is not None:
            out += np.asarray(lp, np.uint8).tobytes()
        out += _lzw(rows.ravel(), max(2, k + 1))
    return out + b"\x3b"


def bmp_file(pixels, top_down=False):
    """An uncompressed BMP: 8 bits (grey palette), 24 (BGR) or 32 (BGRA) per pixel."""
    h, w, c = pixels.shape
    row = (w * c + 3) // 4 * 4
    data = bytearray()
    for y in range(h) if top_down else range(h - 1, -1, -1):
        line = pixels[y][:, [2, 1, 0, 3][:c] if c >= 3 else [0]].astype(np.uint8).tobytes()
        data += line + b"\x00" * (row - len(line))
    palette = b"".join(bytes([i, i, i, 0]) for i in range(256)) if c == 1 else b""
    offset = 54 + len(palette)
    header = b"BM" + struct.pack("<IHHI", offset + len(data), 0, 0, offset)
    info = struct.pack(
        "<IiiHHIIiiII",
        40,
        w,
        -h if top_down else h,
        1,
        8 * c,
        0,
        len(data),
        2835,
        2835,
        256 if c == 1 else 0,
        0,
    )
    return header + info + palette + bytes(data)


def _smooth(h, w, seed):
    """A photo-like RGB image (gradients plus noise), which JPEG codes without surprises."""
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:h, 0:w]
    img = np.stack([(x * 9) % 256, (y * 12) % 256, ((x + y) * 5) % 256], -1)
    return np.clip(img + rng.randint(-20, 20, img.shape), 0, 255).astype(np.uint8)


def hand_made_inputs():
    """The image files that need no TF: name -> bytes."""
    rng = np.random.RandomState(0)
    pal16 = rng.randint(0, 256, (16, 3))
    pal256 = rng.randint(0, 256, (256, 3))
    idx = rng.randint(0, 16, (4, 6))
    gpal = np.array([[0, 0, 0], [255, 0, 0], [0, 255, 0], [0, 0, 255]])
    frame0 = rng.randint(0, 4, (5, 6))
    files = {
        "png_rgb8": png_file(rng.randint(0, 256, (6, 7, 3)), 2),
        "png_rgba8": png_file(rng.randint(0, 256, (4, 5, 4)), 6),
        "png_gray8": png_file(rng.randint(0, 256, (4, 5, 1)), 0),
        "png_ga8": png_file(rng.randint(0, 256, (4, 5, 2)), 4),
        "png_gray1": png_file(rng.randint(0, 2, (4, 9, 1)), 0, 1),
        "png_gray2": png_file(rng.randint(0, 4, (4, 5, 1)), 0, 2),
        "png_gray4_trns": png_file(rng.randint(0, 16, (4, 5, 1)), 0, 4, trns=b"\x00\x05"),
        "png_pal4_trns": png_file(idx, 3, 4, palette=pal16, trns=bytes([0, 128, 255, 7])),
        "png_pal8": png_file(rng.randint(0, 256, (4, 5)), 3, 8, palette=pal256),
        "png_gray8_trns": png_file(np.arange(20).reshape(4, 5, 1) * 12, 0, trns=b"\x00\x18"),
        "png_rgb8_trns": png_file(
            np.repeat(np.arange(20).reshape(4, 5, 1) * 12, 3, 2), 2, trns=b"\x00\x18" * 3
        ),
        "png_gray16": png_file(rng.randint(0, 65536, (4, 5, 1)), 0, 16),
        "png_rgb16": png_file(rng.randint(0, 65536, (4, 5, 3)), 2, 16),
        "png_ga16": png_file(rng.randint(0, 65536, (3, 4, 2)), 4, 16),
        "png_rgba16_adam7": png_file(rng.randint(0, 65536, (9, 11, 4)), 6, 16, interlace=True),
        "png_rgb8_adam7": png_file(rng.randint(0, 256, (9, 11, 3)), 2, interlace=True),
        "gif_one": gif_file((6, 5), gpal, [(0, 0, frame0)]),
        "gif_anim": gif_file(
            (6, 5),
            gpal,
            [(0, 0, frame0), (2, 1, rng.randint(0, 4, (2, 3))), (4, 3, rng.randint(0, 4, (3, 4)))],
            transparent=0,
            disposal=2,
            local=[None, gpal[::-1], None],
        ),
        "gif_interlaced": gif_file(
            (6, 9), gpal, [(0, 0, rng.randint(0, 4, (9, 6)))], interlace=True
        ),
        "gif_sub_first": gif_file((6, 5), gpal, [(1, 0, frame0[:, :5])]),
        "bmp24": bmp_file(rng.randint(0, 256, (3, 5, 3))),
        "bmp32_top_down": bmp_file(rng.randint(0, 256, (3, 4, 4)), top_down=True),
        "bmp8": bmp_file(rng.randint(0, 256, (2, 3, 1))),
        "text": b"hello, file\n",
    }
    return files


def tf_made_inputs(tf, sess):
    """Files that TF encodes itself (libpng's filters, libjpeg's coding): name -> bytes."""
    img = _smooth(21, 27, 1)
    rng = np.random.RandomState(3)
    wide = np.clip(img.astype(np.int64) * 257 + rng.randint(-200, 200, img.shape), 0, 65535)
    ops = {
        "jpeg_rgb": tf.image.encode_jpeg(img, quality=90),
        "jpeg_gray": tf.image.encode_jpeg(img[..., :1], quality=90),
        "jpeg_444": tf.image.encode_jpeg(img, quality=80, chroma_downsampling=False),
        "jpeg_progressive": tf.image.encode_jpeg(img, progressive=True, optimize_size=True),
        "png_tf_rgb8": tf.image.encode_png(img),
        "png_tf_rgb16": tf.image.encode_png(tf.constant(wide.astype(np.uint16))),
        "png_tf_ga8": tf.image.encode_png(img[..., :2], compression=9),
    }
    return dict(zip(ops, sess.run(list(ops.values()))))


JPEG_SOURCE = _smooth(21, 27, 1)


# -- cases ---------------------------------------------------------------------------------------
PNGS = (
    "png_rgb8 png_rgba8 png_gray8 png_ga8 png_gray1 png_gray2 png_gray4_trns png_pal4_trns "
    "png_pal8 png_gray8_trns png_rgb8_trns png_gray16 png_rgb16 png_ga16 png_rgba16_adam7 "
    "png_rgb8_adam7 "
    "png_tf_rgb8 png_tf_rgb16 png_tf_ga8"
).split()


def _png_cases():
    cases = {}
    for name in PNGS:
        for channels in (0, 1, 3, 4):
            for dtype in ("uint8", "uint16"):
                cases[f"img_{name}_c{channels}_{dtype}"] = (
                    lambda tf, inp, n=name, c=channels, d=dtype: tf.image.decode_png(
                        inp[n], channels=c, dtype=getattr(tf, d)
                    )
                )
    return cases


def _jpeg_cases():
    cases = {}
    for name in ("jpeg_rgb", "jpeg_gray", "jpeg_444", "jpeg_progressive"):
        for channels in (0, 1, 3):
            for ratio in (1, 2, 4, 8):
                for dct in ("", "INTEGER_FAST", "INTEGER_ACCURATE"):
                    key = f"img_{name}_c{channels}_r{ratio}_{dct.lower() or 'default'}"
                    cases[key] = lambda tf, inp, n=name, c=channels, r=ratio, m=dct: (
                        tf.image.decode_jpeg(inp[n], channels=c, ratio=r, dct_method=m)
                    )
        for out in ("int32", "int64"):
            cases[f"img_shape_{name}_{out}"] = lambda tf, inp, n=name, o=out: (
                tf.image.extract_jpeg_shape(inp[n], output_type=getattr(tf, o))
            )
    for dct in ("", "INTEGER_ACCURATE"):
        cases["img_crop_jpeg_" + (dct.lower() or "default")] = lambda tf, inp, m=dct: (
            tf.image.decode_and_crop_jpeg(inp["jpeg_rgb"], [3, 4, 10, 12], dct_method=m)
        )
        cases["img_crop_jpeg_ratio2_" + (dct.lower() or "default")] = lambda tf, inp, m=dct: (
            tf.io.decode_and_crop_jpeg(
                inp["jpeg_rgb"], [1, 2, 5, 6], channels=1, ratio=2, dct_method=m
            )
        )
    return cases


def _placeholder_crop(tf, inp):
    window = tf.placeholder_with_default(tf.constant([0, 1, 2, 3]), [4])
    return tf.image.decode_and_crop_jpeg(inp["jpeg_gray"], window, dct_method="INTEGER_ACCURATE")


JPEG_ENCODINGS = {
    "enc_jpeg_default": {},
    "enc_jpeg_q50_progressive_optimized": {
        "quality": 50,
        "progressive": True,
        "optimize_size": True,
    },
    "enc_jpeg_q10": {"quality": 10},
    "enc_jpeg_444": {"chroma_downsampling": False},
    "enc_jpeg_cm_xmp": {
        "density_unit": "cm",
        "x_density": 40,
        "y_density": 50,
        "xmp_metadata": "<x:xmpmeta/>",
    },
    "enc_jpeg_rgb_format": {"format": "rgb"},
}


def _encode_cases():
    cases = {}
    for key, kw in JPEG_ENCODINGS.items():
        cases["img_" + key] = lambda tf, inp, kw=kw: tf.image.encode_jpeg(JPEG_SOURCE, **kw)
    cases["img_enc_jpeg_gray"] = lambda tf, inp: tf.io.encode_jpeg(
        JPEG_SOURCE[..., :1], format="grayscale"
    )
    return cases


def _decode_image(name, **kw):
    def build(tf, inp):
        args = {k: getattr(tf, v) if k == "dtype" else v for k, v in kw.items()}
        return tf.image.decode_image(inp[name], **args)

    return build


IMAGE_CASES = {
    "img_gif_one": lambda tf, inp: tf.image.decode_gif(inp["gif_one"]),
    "img_gif_anim": lambda tf, inp: tf.image.decode_gif(inp["gif_anim"]),
    "img_gif_interlaced": lambda tf, inp: tf.io.decode_gif(inp["gif_interlaced"]),
    "img_gif_as_png": lambda tf, inp: tf.image.decode_png(inp["gif_one"]),
    "img_gif_as_jpeg_c3": lambda tf, inp: tf.image.decode_jpeg(inp["gif_one"], channels=3),
    "img_png_as_gif": lambda tf, inp: tf.image.decode_gif(inp["png_rgb8"]),
    "img_png_as_jpeg": lambda tf, inp: tf.image.decode_jpeg(inp["png_rgba8"], channels=1),
    "img_jpeg_as_png": lambda tf, inp: tf.image.decode_png(inp["jpeg_gray"], channels=3),
    "img_png_crop_ignored": lambda tf, inp: tf.image.decode_and_crop_jpeg(
        inp["png_rgb8"], [0, 0, 2, 2]
    ),
    "img_bmp24": lambda tf, inp: tf.image.decode_bmp(inp["bmp24"]),
    "img_bmp24_c3": lambda tf, inp: tf.io.decode_bmp(inp["bmp24"], channels=3),
    "img_bmp32_top_down": lambda tf, inp: tf.image.decode_bmp(inp["bmp32_top_down"]),
    "img_bmp8": lambda tf, inp: tf.image.decode_bmp(inp["bmp8"]),
    "img_decode_image_png": _decode_image("png_rgba8"),
    "img_decode_image_png_c3_float": _decode_image("png_rgba8", channels=3, dtype="float32"),
    "img_decode_image_png16_uint16": _decode_image("png_rgb16", dtype="uint16"),
    "img_decode_image_png8_uint16": _decode_image("png_rgb8", dtype="uint16"),
    "img_decode_image_png16_uint8": _decode_image("png_rgb16"),
    "img_decode_image_jpeg_c1": _decode_image("jpeg_gray", channels=1),
    "img_decode_image_gif": _decode_image("gif_anim"),
    "img_decode_image_gif_first": _decode_image("gif_anim", expand_animations=False),
    "img_decode_image_bmp_float": _decode_image("bmp24", dtype="float64"),
    "img_is_jpeg_yes": lambda tf, inp: tf.io.is_jpeg(inp["jpeg_rgb"]),
    "img_is_jpeg_no": lambda tf, inp: tf.image.is_jpeg(inp["png_rgb8"]),
    "img_crop_placeholder_window": _placeholder_crop,
}


# -- parsing, strings, files, sparse serialization ----------------------------------------------
def _c(tf, value, dtype=None):
    return tf.constant(value, dtype=getattr(tf, dtype) if dtype else None)


CSV_ROWS = ["1,2.5,hello,7", '-3,1e3,"a,""b""",', ' 4 , -0.5 ,"",12']
CSV_NUMBERS = ["0x1f, inf ,nan,  ,-0X10,+3.5,1e400,007"]

PARSE_CASES = {
    "parse_raw_int16": lambda tf, inp: tf.decode_raw(
        [b"\x01\x02\x03\x04", b"\x05\x06\x07\x08"], tf.int16
    ),
    "parse_raw_int16_big_endian": lambda tf, inp: tf.decode_raw(
        [b"\x01\x02\x03\x04", b"\x05\x06\x07\x08"], tf.int16, little_endian=False
    ),
    "parse_raw_float32": lambda tf, inp: tf.decode_raw(
        np.float32([1.5, -2.0]).tobytes(), tf.float32
    ),
    "parse_raw_float16": lambda tf, inp: tf.io.decode_raw(
        np.float16([1.5, 3.0]).tobytes(), tf.float16
    ),
    "parse_raw_complex64_big_endian": lambda tf, inp: tf.decode_raw(
        np.complex64([1 + 2j]).astype(">c8").tobytes(), tf.complex64, little_endian=False
    ),
    "parse_raw_float64_2d": lambda tf, inp: tf.decode_raw(
        [[np.float64([1, 2]).tobytes()], [np.float64([3, 4]).tobytes()]], tf.float64
    ),
    "parse_raw_bool": lambda tf, inp: tf.decode_raw(b"\x00\x01\x02", tf.bool),
    "parse_raw_int64_bytes_arg": lambda tf, inp: tf.decode_raw(
        bytes=np.int64([-7]).tobytes(), out_type=tf.int64
    ),
    "parse_raw_empty_string": lambda tf, inp: tf.decode_raw(b"", tf.int32),
    "parse_raw_file": lambda tf, inp: tf.io.decode_raw(tf.io.read_file("data.bin"), tf.uint16),
    "parse_csv_mixed": lambda tf, inp: tf.decode_csv(
        CSV_ROWS, [[0], [0.0], ["none"], _c(tf, [9], "int64")]
    ),
    "parse_csv_float64_string_default": lambda tf, inp: tf.io.decode_csv(
        [",x,", "1.25,,y"], [_c(tf, [-1.0], "float64"), ["d1"], ["d2"]]
    ),
    "parse_csv_na_value": lambda tf, inp: tf.decode_csv(
        ["NA,3", "2,NA"], [[-1], [-2.0]], na_value="NA"
    ),
    "parse_csv_select_cols": lambda tf, inp: tf.decode_csv(
        ["1,2,3,4", "5,6,7,"], [[0], ["x"]], select_cols=[1, 3]
    ),
    "parse_csv_select_first": lambda tf, inp: tf.decode_csv(["a,b,c"], [[""]], select_cols=[0]),
    "parse_csv_pipe": lambda tf, inp: tf.decode_csv(
        ['a|"b|c"|d'], [[""], [""], [""]], field_delim="|"
    ),
    "parse_csv_no_quotes": lambda tf, inp: tf.decode_csv(
        ['a"b,"c'], [[""], [""]], use_quote_delim=False
    ),
    "parse_csv_numbers_float": lambda tf, inp: tf.decode_csv(CSV_NUMBERS, [[0.0]] * 8),
    "parse_csv_numbers_double": lambda tf, inp: tf.decode_csv(
        CSV_NUMBERS, [_c(tf, [0.0], "float64")] * 8
    ),
    "parse_csv_ints": lambda tf, inp: tf.decode_csv(
        [" 12 ,-0,2147483647, -5", "1,2,3,4"], [[0], [0], [0], _c(tf, [0], "int64")]
    ),
    "parse_csv_scalar_plain": lambda tf, inp: tf.decode_csv(
        "1.,.5,-0,1e39,-2.5e-3,7,-000123,abc", [[0.0]] * 5 + [[0], _c(tf, [0], "int64"), [""]]
    ),
    "parse_csv_scalar_int32_limits": lambda tf, inp: tf.decode_csv(
        "2147483647,-2147483648,123456789", [[0]] * 3
    ),
    "parse_csv_scalar_tab": lambda tf, inp: tf.decode_csv(
        "1\t2.5\tx y", [[0], [0.0], [""]], field_delim="\t"
    ),
    "parse_csv_2d": lambda tf, inp: tf.decode_csv([["1,a", "2,b"], ["3,c", "4,"]], [[0], ["z"]]),
    "parse_csv_crlf_and_quoted_newline": lambda tf, inp: tf.decode_csv(
        ['"x\ny",\r\nz'], [[""], [""]]
    ),
    "parse_csv_scalar_defaults": lambda tf, inp: tf.decode_csv(
        [",", "3,4"], [_c(tf, 5), _c(tf, 6.5)]
    ),
    "parse_compressed_zlib": lambda tf, inp: tf.decode_compressed(
        [zlib.compress(b"hello"), zlib.compress(b"")], compression_type="ZLIB"
    ),
    "parse_compressed_gzip": lambda tf, inp: tf.io.decode_compressed(
        gzip.compress(b"hello gzip"), "GZIP"
    ),
    "parse_compressed_gzip_first_member": lambda tf, inp: tf.decode_compressed(
        gzip.compress(b"one") + gzip.compress(b"two"), "GZIP"
    ),
    "parse_compressed_none": lambda tf, inp: tf.decode_compressed([[b"as", b"is"]]),
    "parse_tensor_roundtrip": lambda tf, inp: tf.parse_tensor(
        tf.serialize_tensor(np.arange(6, dtype=np.int16).reshape(2, 3)), tf.int16
    ),
    "parse_tensor_strings": lambda tf, inp: tf.io.parse_tensor(
        tf.io.serialize_tensor([[b"a", b""], [b"bc", b"\x00"]]), tf.string
    ),
    "parse_tensor_float_val": lambda tf, inp: tf.parse_tensor(inp["proto_float_val"], tf.float32),
    "parse_tensor_int_val": lambda tf, inp: tf.parse_tensor(inp["proto_int_val"], tf.int32),
}

_SERIALIZED = {
    "float32_scalar": np.float32(1.5),
    "int32_matrix": np.arange(6, dtype=np.int32).reshape(2, 3),
    "strings": np.array([b"ab", b"", b"\xff"], dtype=object),
    "float64_empty": np.zeros((0, 2), np.float64),
    "bool": np.array([True, False]),
    "complex64": np.array([1 + 2j], np.complex64),
    "complex128": np.array([[3 - 1j]], np.complex128),
    "float16": np.float16([1, 2.5]),
    "int64_scalar": np.array(3, np.int64),
    "uint8": np.uint8([1, 255]),
    "int8": np.int8([-1, 5]),
    "uint16": np.uint16([65535]),
}
for _key, _value in _SERIALIZED.items():
    PARSE_CASES["parse_serialize_" + _key] = lambda tf, inp, v=_value: tf.serialize_tensor(v)

B64_INPUT = [b"hello?>", b"a", b"ab", b"", bytes(range(256))]

STRING_CASES = {
    "str_encode_base64": lambda tf, inp: tf.encode_base64(B64_INPUT),
    "str_encode_base64_pad": lambda tf, inp: tf.io.encode_base64(B64_INPUT, pad=True),
    "str_decode_base64": lambda tf, inp: tf.decode_base64(
        [b"aGVsbG8_Pg", b"YQ", b"YWI", b"", b"YQ==", b"YWI=", b"YR", b"YWJj"]
    ),
    "str_decode_base64_2d": lambda tf, inp: tf.io.decode_base64([[b"eA"], [b"eXo="]]),
    "str_substr": lambda tf, inp: tf.strings.substr([b"hello", b"ab"], 1, 3),
    "str_substr_negative": lambda tf, inp: tf.strings.substr([b"hello", b"ab"], -2, 3),
    "str_substr_vectors": lambda tf, inp: tf.strings.substr([b"hello", b"ab"], [0, 1], [1, 5]),
    "str_substr_broadcast": lambda tf, inp: tf.strings.substr(b"hello", [0, 1, 5], [2, 9, 1]),
    "str_substr_utf8": lambda tf, inp: tf.strings.substr(b"h\xc3\xa9llo", 1, 2, unit="UTF8_CHAR"),
    "str_substr_len_negative": lambda tf, inp: tf.strings.substr(b"abc", 1, -1),
}


def _write_then_read(tf, inp):
    written = tf.write_file("out/deep/new.txt", "written by the graph")
    with tf.control_dependencies([written]):
        return tf.read_file("out/deep/new.txt")


IO_CASES = {
    "io_read_file": lambda tf, inp: tf.read_file("a.txt"),
    "io_read_file_io": lambda tf, inp: tf.io.read_file("sub/d.txt"),
    "io_write_then_read": _write_then_read,
    "io_matching_star": lambda tf, inp: tf.matching_files("*.txt"),
    "io_matching_dir": lambda tf, inp: tf.io.matching_files("sub/*"),
    "io_matching_list": lambda tf, inp: tf.matching_files(["*.dat", "a*", "sub/?.txt"]),
    "io_matching_depth": lambda tf, inp: tf.matching_files("*/*.txt"),
    "io_matching_class": lambda tf, inp: tf.matching_files(["[ab].txt", "[!a].txt", "[^b].txt"]),
    "io_matching_literal": lambda tf, inp: tf.matching_files(
        ["a.txt", "./b.txt", "zzz.txt", "sub"]
    ),
    "io_matching_none": lambda tf, inp: tf.matching_files(["*.none", "sub/"]),
}


def make_tree(root):
    """The files the IO cases read (the fixture and the tests build it in a fresh directory)."""
    import os

    os.makedirs(os.path.join(root, "sub"))
    for name, data in (
        ("a.txt", b"file a\n"),
        ("b.txt", b"file b\n"),
        (".hid.txt", b"hidden"),
        ("c.dat", b"c"),
        ("sub/d.txt", b"file d"),
        ("sub/e.txt", b"file e"),
        ("data.bin", np.uint16([1, 2, 65535]).tobytes()),
    ):
        with open(os.path.join(root, name), "wb") as f:
            f.write(data)


def _sparse(tf, values, dtype=None):
    return tf.SparseTensor([[0, 1], [2, 0], [2, 3]], _c(tf, values, dtype), [3, 4])


def _parts(sp):
    return [sp.indices, sp.values, sp.dense_shape]


def _sparse3(tf):
    return tf.SparseTensor([[0, 0, 1], [0, 1, 0], [2, 1, 1]], [1.5, -2.0, 3.0], [4, 2, 3])


SPARSE_CASES = {
    "sparse_serialize_float": lambda tf, inp: tf.serialize_sparse(_sparse(tf, [1.5, 2.5, -1.0])),
    "sparse_serialize_string": lambda tf, inp: tf.io.serialize_sparse(
        _sparse(tf, [b"a", b"", b"cd"])
    ),
    "sparse_serialize_many": lambda tf, inp: tf.serialize_many_sparse(_sparse3(tf)),
    "sparse_serialize_many_int64": lambda tf, inp: tf.io.serialize_many_sparse(
        _sparse(tf, [1, 2, 3], "int64")
    ),
    "sparse_deserialize_roundtrip": lambda tf, inp: _parts(
        tf.deserialize_many_sparse(tf.serialize_many_sparse(_sparse3(tf)), tf.float32, rank=3)
    ),
    "sparse_deserialize_stacked": lambda tf, inp: _parts(
        tf.io.deserialize_many_sparse(
            tf.stack(
                [
                    tf.serialize_sparse(tf.SparseTensor([[0, 1]], [b"x"], [1, 5])),
                    tf.serialize_sparse(tf.SparseTensor([[1, 0], [2, 2]], [b"y", b"z"], [3, 2])),
                ]
            ),
            tf.string,
        )
    ),
}


def _cases():
    out = {}
    for table in (
        _png_cases(),
        _jpeg_cases(),
        _encode_cases(),
        IMAGE_CASES,
        PARSE_CASES,
        STRING_CASES,
    ):
        out.update(table)
    out.update(IO_CASES)
    out.update(SPARSE_CASES)
    return out


CASES = _cases()


# -- bad input: TF's exception class and message (at graph build or at run) ---------------------
def _corrupt_png(inp):
    data = bytearray(inp["png_rgb8"])
    data[60] ^= 0xFF  # inside IDAT: the chunk's CRC no longer matches
    return bytes(data)


BAD = {
    "img_png_corrupt": lambda tf, inp: tf.image.decode_png(_corrupt_png(inp)),
    "img_png_header": lambda tf, inp: tf.image.decode_png(b"\x89PNG\r\n\x1a\n\x00\x00"),
    "img_png_truncated": lambda tf, inp: tf.image.decode_png(inp["png_rgb8"][:40]),
    "img_unknown_format": lambda tf, inp: tf.image.decode_png(b"not an image\x01\x02"),
    "img_empty": lambda tf, inp: tf.image.decode_jpeg(b""),
    "img_png_channels_2": lambda tf, inp: tf.image.decode_png(inp["png_rgb8"], channels=2),
    "img_png_rank1": lambda tf, inp: tf.image.decode_png([inp["png_rgb8"]]),
    "img_jpeg_channels_4": lambda tf, inp: tf.image.decode_jpeg(inp["jpeg_rgb"], channels=4),
    "img_jpeg_ratio_3": lambda tf, inp: tf.image.decode_jpeg(inp["jpeg_rgb"], ratio=3),
    "img_jpeg_dct_method": lambda tf, inp: tf.image.decode_jpeg(inp["jpeg_rgb"], dct_method="FOO"),
    "img_jpeg_truncated": lambda tf, inp: tf.image.decode_jpeg(inp["jpeg_rgb"][:700]),
    "img_jpeg_no_eoi": lambda tf, inp: tf.image.decode_jpeg(inp["jpeg_rgb"][:-2]),
    "img_jpeg_uint16": lambda tf, inp: tf.image.decode_png(inp["jpeg_rgb"], dtype=tf.uint16),
    "img_gif_uint16": lambda tf, inp: tf.image.decode_png(inp["gif_one"], dtype=tf.uint16),
    "img_gif_channels_1": lambda tf, inp: tf.image.decode_png(inp["gif_one"], channels=1),
    "img_gif_frames_in_png": lambda tf, inp: tf.image.decode_png(inp["gif_anim"]),
    "img_gif_sub_first": lambda tf, inp: tf.image.decode_gif(inp["gif_sub_first"]),
    "img_gif_truncated": lambda tf, inp: tf.image.decode_gif(inp["gif_one"][:20]),
    "img_gif_bad_record": lambda tf, inp: tf.image.decode_gif(inp["gif_one"][:-1] + b"\x99"),
    "img_crop_outside": lambda tf, inp: tf.image.decode_and_crop_jpeg(
        inp["jpeg_rgb"], [3, 4, 100, 12]
    ),
    "img_crop_window_3": lambda tf, inp: tf.image.decode_and_crop_jpeg(inp["jpeg_rgb"], [3, 4, 10]),
    "img_shape_not_jpeg": lambda tf, inp: tf.image.extract_jpeg_shape(inp["png_rgb8"]),
    "img_bmp_short": lambda tf, inp: tf.image.decode_bmp(b"BM" + b"\x00" * 20),
    "img_bmp_channels": lambda tf, inp: tf.image.decode_bmp(inp["bmp24"], channels=4),
    "img_bmp_incomplete": lambda tf, inp: tf.image.decode_bmp(inp["bmp24"][:-9]),
    "img_enc_jpeg_format": lambda tf, inp: tf.image.encode_jpeg(JPEG_SOURCE, format="grayscale"),
    "img_enc_jpeg_channels": lambda tf, inp: tf.image.encode_jpeg(JPEG_SOURCE[..., :2]),
    "img_enc_jpeg_quality": lambda tf, inp: tf.image.encode_jpeg(JPEG_SOURCE, quality=101),
    "img_enc_jpeg_bad_format": lambda tf, inp: tf.image.encode_jpeg(JPEG_SOURCE, format="foo"),
    "img_enc_jpeg_bad_unit": lambda tf, inp: tf.image.encode_jpeg(JPEG_SOURCE, density_unit="m"),
    "img_enc_png_compression": lambda tf, inp: tf.image.encode_png(JPEG_SOURCE, compression=10),
    "img_enc_png_channels": lambda tf, inp: tf.image.encode_png(np.zeros((2, 2, 6), np.uint8)),
    "img_enc_png_rank": lambda tf, inp: tf.image.encode_png(np.zeros((2, 2), np.uint8)),
    "img_decode_image_channels": lambda tf, inp: tf.image.decode_image(inp["png_rgb8"], channels=2),
    "img_decode_image_jpeg_channels_4": lambda tf, inp: tf.image.decode_image(
        inp["jpeg_rgb"], channels=4
    ),
    "img_decode_image_unknown": lambda tf, inp: tf.image.decode_image(b"xxxx"),
    "parse_raw_sizes": lambda tf, inp: tf.decode_raw([b"\x01\x02\x03\x04", b"\x05\x06"], tf.int16),
    "parse_raw_multiple": lambda tf, inp: tf.decode_raw([b"\x01\x02\x03"], tf.int16),
    "parse_raw_no_type": lambda tf, inp: tf.decode_raw(b"\x00"),
    "parse_raw_string_type": lambda tf, inp: tf.decode_raw(b"\x00", tf.string),
    "parse_raw_both_args": lambda tf, inp: tf.decode_raw(b"\x00", tf.uint8, bytes=b"\x00"),
    "parse_csv_field_count": lambda tf, inp: tf.decode_csv(["1,2", "3"], [[0], [0]]),
    "parse_csv_bad_int": lambda tf, inp: tf.decode_csv(["1,+5"], [[0], [0]]),
    "parse_csv_int_overflow": lambda tf, inp: tf.decode_csv(["2147483648"], [[0]]),
    "parse_csv_bad_float": lambda tf, inp: tf.decode_csv(["1.5abc"], [[0.0]]),
    "parse_csv_bad_double": lambda tf, inp: tf.decode_csv(
        ["-Infinity"], [_c(tf, [0.0], "float64")]
    ),
    "parse_csv_long_float": lambda tf, inp: tf.decode_csv(["1" * 32], [[0.0]]),
    "parse_csv_required": lambda tf, inp: tf.decode_csv(["1,"], [[0], _c(tf, [], "int32")]),
    "parse_csv_quote_inside": lambda tf, inp: tf.decode_csv(['a"b,c'], [[""], [""]]),
    "parse_csv_quote_escape": lambda tf, inp: tf.decode_csv(['"a"b",c'], [[""], [""]]),
    "parse_csv_crlf_inside": lambda tf, inp: tf.decode_csv(["y,z\r\n"], [[""], [""]]),
    "parse_csv_quote_end": lambda tf, inp: tf.decode_csv(['"abc'], [[""]]),
    "parse_csv_select_order": lambda tf, inp: tf.decode_csv(
        ["1,2"], [[0], [0]], select_cols=[1, 0]
    ),
    "parse_csv_select_negative": lambda tf, inp: tf.decode_csv(["1,2"], [[0]], select_cols=[-1]),
    "parse_csv_select_count": lambda tf, inp: tf.decode_csv(["1,2"], [[0]], select_cols=[0, 1]),
    "parse_csv_two_defaults": lambda tf, inp: tf.decode_csv(["1"], [[0, 1]]),
    "parse_csv_delim": lambda tf, inp: tf.decode_csv(["1"], [[0]], field_delim="ab"),
    "parse_compressed_not_zlib": lambda tf, inp: tf.decode_compressed(b"hello", "ZLIB"),
    "parse_compressed_gzip_as_zlib": lambda tf, inp: tf.decode_compressed(
        gzip.compress(b"x"), "ZLIB"
    ),
    "parse_compressed_type": lambda tf, inp: tf.decode_compressed(b"hello", "BZ2"),
    "parse_tensor_type": lambda tf, inp: tf.parse_tensor(
        tf.serialize_tensor(np.float32([1])), tf.int32
    ),
    "parse_tensor_not_scalar": lambda tf, inp: tf.parse_tensor([b"a"], tf.int32),
    "parse_tensor_garbage": lambda tf, inp: tf.parse_tensor(
        b"\x08\x01\x12\x00\x22\x04\x00\x00", tf.float32
    ),
    "parse_tensor_empty": lambda tf, inp: tf.parse_tensor(b"", tf.float32),
    "str_decode_base64_char": lambda tf, inp: tf.decode_base64(b"aGVsbG8/Pg"),
    "str_decode_base64_length": lambda tf, inp: tf.decode_base64(b"YWJjZ"),
    "str_decode_base64_padding": lambda tf, inp: tf.decode_base64(b"YQ="),
    "str_substr_out_of_range": lambda tf, inp: tf.strings.substr([b"hello", b"ab"], 3, 3),
    "io_read_missing": lambda tf, inp: tf.read_file("missing.txt"),
    "io_read_directory": lambda tf, inp: tf.read_file("sub"),
    "io_read_rank1": lambda tf, inp: tf.read_file(["a.txt"]),
    "io_write_directory": lambda tf, inp: tf.write_file("sub", "x"),
    "io_write_rank1": lambda tf, inp: tf.write_file(["x"], ["y"]),
    "io_matching_missing_dir": lambda tf, inp: tf.matching_files("nothere/*"),
    "io_matching_not_dir": lambda tf, inp: tf.matching_files("a.txt/*"),
    "io_matching_rank2": lambda tf, inp: tf.matching_files([["*"]]),
    "sparse_deserialize_dtype": lambda tf, inp: (
        tf.deserialize_many_sparse(tf.serialize_many_sparse(_sparse3(tf)), tf.int32).values
    ),
    "sparse_deserialize_columns": lambda tf, inp: (
        tf.deserialize_many_sparse([[b"a", b"b"]], tf.int32).values
    ),
    "sparse_serialize_many_rank1": lambda tf, inp: tf.serialize_many_sparse(
        tf.SparseTensor([[0]], [1.0], [3])
    ),
    "sparse_serialize_many_unordered": lambda tf, inp: tf.serialize_many_sparse(
        tf.SparseTensor([[1, 0], [0, 0]], [1.0, 2.0], [2, 2])
    ),
}


# -- values <-> JSON -------------------------------------------------------------------------------
def _b64(data):
    return base64.b64encode(bytes(data)).decode("ascii")


def pack(value):
    """A fetched value (array, bytes, list of them) as JSON-friendly data."""
    if isinstance(value, (list, tuple)):
        return [pack(v) for v in value]
    # a fetched string scalar is bytes: as an 'S' array it would lose trailing NUL bytes
    array = np.array(value, dtype=object) if isinstance(value, bytes) else np.asarray(value)
    if array.dtype == object or array.dtype.kind == "S":
        items = [_b64(v) for v in array.ravel()]
        return {"dtype": "string", "shape": list(array.shape), "items": items}
    return {"dtype": array.dtype.name, "shape": list(array.shape), "b64": _b64(array.tobytes())}


def unpack(data):
    """The inverse of `pack`: NumPy arrays (strings as object arrays of bytes)."""
    if isinstance(data, list):
        return [unpack(d) for d in data]
    if data["dtype"] == "string":
        out = np.empty(len(data["items"]), dtype=object)
        out[:] = [base64.b64decode(v) for v in data["items"]]
        return out.reshape(data["shape"])
    raw = base64.b64decode(data["b64"])
    return np.frombuffer(raw, dtype=data["dtype"]).reshape(data["shape"]).copy()

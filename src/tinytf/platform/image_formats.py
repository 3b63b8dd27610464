"""Image file formats as TF 1.15's codecs read and write them (TF's core/lib/png, gif, jpeg and
the BMP kernel): what each decoder returns for each channel count, and the errors it raises.

Pillow (the optional extra `image`) does the entropy coding where a format needs it: JPEG
entirely, the LZW of GIF frames and the inflate + unfilter of 8-bit PNGs. The layouts around
it (PNG chunks and sample conversion, GIF frame compositing, BMP rows) follow TF's code here,
because TF's results differ from Pillow's own conversions (grey levels, GIF transparency)."""

import io
import struct
import zlib

import numpy as np

from tinytf.framework.errors import InternalError, InvalidArgumentError, UnimplementedError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def error(message):
    return InvalidArgumentError(None, None, message)


def pillow(what):
    """PIL.Image, or TF's UnimplementedError naming the extra to install."""
    try:
        from PIL import Image
    except ImportError:
        raise UnimplementedError(
            None, None, f"{what} needs Pillow: pip install 'tinytf[image]' (or pip install pillow)"
        ) from None
    return Image


def classify(data):
    """'jpeg', 'png', 'gif' or None, by the first bytes (TF's ClassifyFileFormat)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(PNG_SIGNATURE[:4]):
        return "png"
    if data.startswith(b"GIF8"):
        return "gif"
    return None


def describe(data):
    """TF's FileFormatString for data of no known format."""
    if not data:
        return "empty file"
    return f"unknown format starting with '{_cescape(data[:16])}'"


def _cescape(data):
    special = {10: "\\n", 13: "\\r", 9: "\\t", 34: '\\"', 39: "\\'", 92: "\\\\"}
    return "".join(special.get(b, chr(b) if 32 <= b < 127 else f"\\{b:03o}") for b in data)


# -- PNG ---------------------------------------------------------------------------------------
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # samples per pixel in the file, by colour type


class _Png:
    """The chunks of a PNG that decoding needs (IHDR, PLTE, tRNS), checked as libpng does."""

    def __init__(self, data):
        self.size, self.color, self.palette, self.trns, idat = len(data), None, None, None, []
        if not data.startswith(PNG_SIGNATURE):
            raise self.bad("header")
        pos = 8
        while True:
            # libpng reads the chunks before the first IDAT as the header
            stage = "data" if idat else "header"
            if pos + 8 > len(data):
                raise self.bad(stage)
            (length,), kind = struct.unpack(">I", data[pos : pos + 4]), data[pos + 4 : pos + 8]
            body = data[pos + 8 : pos + 8 + length]
            crc = data[pos + 8 + length : pos + 12 + length]
            if len(crc) < 4 or struct.unpack(">I", crc)[0] != zlib.crc32(kind + body):
                raise self.bad("data" if kind == b"IDAT" else stage)
            if kind == b"IHDR" and length == 13:
                self.width, self.height, self.depth, self.color, _, _, self.interlace = (
                    struct.unpack(">IIBBBBB", body)
                )
            elif kind == b"PLTE":
                self.palette = np.frombuffer(body, np.uint8).reshape(-1, 3)
            elif kind == b"tRNS":
                self.trns = body
            elif kind == b"IDAT":
                idat.append(body)
            elif kind == b"IEND":
                break
            pos += 12 + length
        if self.color not in _PNG_CHANNELS or (self.color == 3 and self.palette is None):
            raise self.bad("header")
        self.idat = b"".join(idat)

    def bad(self, stage="data"):
        if stage == "header":
            return error(f"Invalid PNG header, data size {self.size}")
        return error(f"Invalid PNG data, size {self.size}")

    @property
    def channels(self):
        """The channels TF gives for channels=0: a palette with tRNS gains an alpha."""
        if self.color == 3:
            return 4 if self.trns is not None else 3
        return _PNG_CHANNELS[self.color]


def _unfilter(raw, height, row_bytes, bpp):
    """PNG's per-row filters undone (None, Sub, Up, Average, Paeth)."""
    rows = np.frombuffer(raw, np.uint8)[: height * (row_bytes + 1)].reshape(height, -1)
    out = np.zeros((height, row_bytes), np.uint8)
    prev = np.zeros(row_bytes, np.int32)
    for y in range(height):
        kind, line = rows[y, 0], rows[y, 1:].astype(np.int32)
        if kind == 1:
            line = np.cumsum(line.reshape(-1, bpp), axis=0).reshape(-1) & 255
        elif kind == 2:
            line = (line + prev) & 255
        elif kind in (3, 4):
            line = _unfilter_serial(line, prev, bpp, kind)
        elif kind != 0:
            raise ValueError(f"unknown PNG filter {kind}")
        out[y] = line
        prev = line
    return out


def _unfilter_serial(line, prev, bpp, kind):
    out = np.zeros_like(line)
    for x in range(0, len(line), bpp):
        left = out[x - bpp : x] if x else np.zeros(bpp, np.int32)
        up = prev[x : x + bpp]
        if kind == 3:
            out[x : x + bpp] = (line[x : x + bpp] + (left + up) // 2) & 255
            continue
        corner = prev[x - bpp : x] if x else np.zeros(bpp, np.int32)
        p = left + up - corner
        pa, pb, pc = np.abs(p - left), np.abs(p - up), np.abs(p - corner)
        pred = np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, up, corner))
        out[x : x + bpp] = (line[x : x + bpp] + pred) & 255
    return out


_ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)  # (x0, y0, dx, dy) of each pass


def _samples16(png):
    """The 16-bit samples of a PNG, [h, w, n] (Pillow keeps only 8 bits of 16-bit colour)."""
    n = _PNG_CHANNELS[png.color]
    try:
        raw = zlib.decompress(png.idat)
    except zlib.error:
        raise png.bad() from None
    out = np.zeros((png.height, png.width, n), np.uint16)
    passes = _ADAM7 if png.interlace else ((0, 0, 1, 1),)
    pos = 0
    for x0, y0, dx, dy in passes:
        w, h = -(-(png.width - x0) // dx), -(-(png.height - y0) // dy)
        if w <= 0 or h <= 0:
            continue
        size = h * (w * 2 * n + 1)
        if len(raw) < pos + size:
            raise png.bad()
        rows = _unfilter(raw[pos : pos + size], h, w * 2 * n, 2 * n)
        out[y0::dy, x0::dx] = rows.view(">u2").reshape(h, w, n)
        pos += size
    return out


def _samples8(png, data):
    """The samples of a PNG of at most 8 bits, [h, w, n]; palette images become RGB(A)."""
    Image = pillow("Decoding PNG")
    try:
        im = Image.open(io.BytesIO(data))
        im.load()
        values = np.asarray(im)
    except Exception:
        raise png.bad() from None
    if im.mode == "1":
        values = values.astype(np.uint8) * 255
    if values.ndim == 2:
        values = values[..., None]
    if png.color != 3:
        return values
    palette = np.zeros((256, 4), np.uint8)
    palette[:, 3] = 255
    palette[: len(png.palette), :3] = png.palette
    if png.trns is not None:
        palette[: len(png.trns), 3] = np.frombuffer(png.trns[:256], np.uint8)
    return palette[values[..., 0], : png.channels]


def _trns_alpha(png, samples, top):
    """The alpha that a grey or RGB tRNS colour key gives (TF adds it for channels=4 only)."""
    key = np.frombuffer(png.trns, ">u2").astype(np.int64)[: samples.shape[-1]]
    if png.depth < 8:
        key = key * (255 // ((1 << png.depth) - 1))
    hit = np.all(samples.astype(np.int64) == key, axis=-1)
    return np.where(hit, 0, top)[..., None]


def decode_png(data, channels, bits):
    """TF's DecodePng: [h, w, c] uint8 (bits 8) or uint16 (bits 16)."""
    png = _Png(data)
    samples = _samples16(png) if png.depth == 16 else _samples8(png, data)
    wide = png.depth == 16
    natural = samples.shape[-1]
    color, alpha = samples, None
    if natural in (2, 4):
        color, alpha = samples[..., :-1], samples[..., -1:]
    channels = channels or (natural if png.color != 3 else png.channels)
    if channels == 1 and color.shape[-1] == 3:
        mix = color.astype(np.int64) @ np.array([9797, 19234, 3737], np.int64)
        color = ((mix + (16384 if wide else 0)) >> 15)[..., None]  # libpng's rgb_to_gray
    elif channels >= 3 and color.shape[-1] == 1:
        color = np.repeat(color, 3, axis=-1)
    if channels in (2, 4):
        if alpha is None and png.trns is not None and png.color in (0, 2):
            alpha = _trns_alpha(png, samples, 65535 if wide else 255)
        elif alpha is None:
            # TF's filler is (1 << bit depth) - 1: 15 for a 4-bit palette, as TF gives
            alpha = np.full(color.shape[:-1] + (1,), (1 << png.depth) - 1)
        color = np.concatenate([color, alpha], axis=-1)
    out = color.astype(np.int64)
    if bits == 8 and wide:
        out = out >> 8
    elif bits == 16 and not wide:
        out = out * 257
    return out.astype(np.uint8 if bits == 8 else np.uint16)


def encode_png(image, compression):
    """A PNG of `image` [h, w, c] (uint8 or uint16; c in 1..4), filter None on every row."""
    h, w, c = image.shape
    depth = 16 if image.dtype == np.uint16 else 8
    rows = np.ascontiguousarray(image, ">u2" if depth == 16 else np.uint8).reshape(h, -1)
    raw = np.concatenate([np.zeros((h, 1), np.uint8), rows.view(np.uint8)], axis=1).tobytes()
    color = {1: 0, 2: 4, 3: 2, 4: 6}[c]

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", w, h, depth, color, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, compression))
        + chunk(b"IEND", b"")
    )


# -- GIF ---------------------------------------------------------------------------------------
class _GifReader:
    """GIF blocks (giflib's DGifSlurp), with TF's error words for broken files."""

    def __init__(self, data):
        self.data, self.pos = data, 0

    def fail(self, stage, reason):
        return error(f"Invalid GIF data (size {len(self.data)}), failed to {stage}: {reason}")

    def take(self, n, stage="slurp gif file", reason="Failed to read from given file"):
        part = self.data[self.pos : self.pos + n]
        if len(part) < n:
            raise self.fail(stage, reason)
        self.pos += n
        return part

    def sub_blocks(self):
        start = self.pos
        while (size := self.take(1)[0]) != 0:
            self.take(size)
        return self.data[start : self.pos]

    def color_table(self, flags, *where):
        if not flags & 0x80:
            return None
        return np.frombuffer(self.take(3 << ((flags & 7) + 1), *where), np.uint8).reshape(-1, 3)


def _gif_frame(reader, Image):
    left, top, w, h, flags = struct.unpack("<HHHHB", reader.take(9))
    palette = reader.color_table(flags)
    bits = reader.take(1)[0]
    lzw = reader.sub_blocks()
    try:
        im = Image.frombytes("P", (w, h), lzw, "gif", bits, 1 if flags & 0x40 else 0, -1)
    except (ValueError, OSError):
        raise reader.fail("slurp gif file", "Image is defective, decoding aborted") from None
    return left, top, np.asarray(im), palette


def _gif_frames(data):
    Image = pillow("Decoding GIF")
    reader = _GifReader(data)
    if reader.take(6, "open gif file")[:3] != b"GIF":
        raise reader.fail("open gif file", "Data is not in GIF format")
    where = ("open gif file", "No screen descriptor detected")  # giflib's word for both
    width, height, flags, _, _ = struct.unpack("<HHBBB", reader.take(7, *where))
    global_palette = reader.color_table(flags, *where)
    frames = []
    while True:
        kind = reader.take(1)
        if kind == b";":
            return (width, height), global_palette, frames
        if kind == b"!":
            reader.take(1)
            reader.sub_blocks()  # TF ignores extensions: no transparency, no disposal
        elif kind == b",":
            frames.append(_gif_frame(reader, Image))
        else:
            raise reader.fail("slurp gif file", "Wrong record type detected")


def decode_gif(data):
    """TF's DecodeGif: [frames, h, w, 3] uint8. Each frame starts from the previous one and
    paints its rectangle; transparency and disposal are ignored, as TF 1.15 ignores them."""
    (width, height), global_palette, frames = _gif_frames(data)
    out = np.zeros((len(frames), height, width, 3), np.uint8)
    for k, (left, top, indices, palette) in enumerate(frames):
        h, w = indices.shape
        if k == 0 and (left, top, w, h) != (0, 0, width, height):
            raise error(
                f"Invalid GIF data (size {len(data)}), the first frame does not fill the canvas"
            )
        if k:
            out[k] = out[k - 1]
        palette = palette if palette is not None else global_palette
        if palette is None:
            raise error(f"Invalid GIF data (size {len(data)}), missing color map for frame {k}")
        region = indices[: max(height - top, 0), : max(width - left, 0)]
        if region.size and region.max() >= len(palette):
            raise error(
                f"Invalid GIF data (size {len(data)}), found color index {region.max()} "
                f"outside of color map range {len(palette)}"
            )
        out[k, top : top + region.shape[0], left : left + region.shape[1]] = palette[region]
    return out


# -- BMP ---------------------------------------------------------------------------------------
def decode_bmp(data, channels):
    """TF's DecodeBmp: the header read at fixed offsets, rows padded to 4 bytes, BGR(A) to
    RGB(A); a palette is not applied (TF returns 8-bit indices as they are)."""
    if len(data) < 32:
        raise error(
            "Incomplete bmp content, requires at least 32 bytes to find the header size, "
            f"width, height, and bpp, got {len(data)} bytes"
        )
    offset, width, height, bpp = (struct.unpack("<i", data[i : i + 4])[0] for i in (10, 18, 22, 28))
    if channels and channels != bpp // 8:
        raise error(
            f"channels attribute {channels} does not match bits per pixel from file {bpp // 8}"
        )
    channels = channels or bpp // 8
    if channels not in (1, 3, 4):
        raise error(f"Number of channels must be 1, 3 or 4, was {channels}")
    for bad, message in (
        (width <= 0, "Width must be positive"),
        (height == 0, "Height must be nonzero"),
        (offset < 0, "header size must be nonnegative"),
        (
            width * abs(height) >= (2**31 - 1) // 8,
            "Total possible pixel bytes must be less than 2^30",
        ),
    ):
        if bad:
            raise error(message)
    rows, row_size = abs(height), (channels * width + 3) // 4 * 4
    need = offset + (rows - 1) * row_size + width * channels
    if need > len(data):
        raise error(
            f"Incomplete bmp content, requires at least {need} bytes, got {len(data)} bytes"
        )
    body = np.frombuffer(data, np.uint8, offset=offset, count=need - offset)
    body = np.concatenate([body, np.zeros(rows * row_size - body.size, np.uint8)])
    pixels = body.reshape(rows, row_size)[:, : width * channels].reshape(rows, width, channels)
    if height > 0:
        pixels = pixels[::-1]
    if channels >= 3:
        pixels = pixels[..., [2, 1, 0, 3][:channels]]
    return np.ascontiguousarray(pixels)


# -- JPEG --------------------------------------------------------------------------------------
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def jpeg_shape(data):
    """[height, width, components] from the JPEG's frame header (TF's ExtractJpegShape)."""
    bad = error(f"Invalid JPEG data, size {len(data)}")
    if not data.startswith(b"\xff\xd8"):
        raise bad
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise bad
        marker = data[pos + 1]
        if marker == 0xFF or marker == 0x01 or 0xD0 <= marker <= 0xD8:
            pos += 1 if marker == 0xFF else 2
            continue
        if marker in _SOF and pos + 10 <= len(data):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return height, width, data[pos + 9]
        if marker in (0xDA, 0xD9):
            raise bad
        pos += 2 + struct.unpack(">H", data[pos + 2 : pos + 4])[0]
    raise bad


def decode_jpeg(data, channels, ratio, try_recover_truncated, crop=None):
    """TF's DecodeJpeg (and DecodeAndCropJpeg with `crop` = [y, x, h, w]), through Pillow's
    libjpeg. Pillow always uses the accurate integer DCT: TF's default ('' = INTEGER_FAST)
    differs from it by a few levels on some pixels; INTEGER_ACCURATE gives TF's values."""
    Image = pillow("Decoding JPEG")
    bad = error(f"Invalid JPEG data or crop window, data size {len(data)}")
    try:
        im = Image.open(io.BytesIO(data))
        if im.mode not in ("L", "RGB"):
            raise UnimplementedError(None, None, f"tinytf cannot decode {im.mode} JPEG images")
        width, height = im.size
        # Pillow picks the largest 1/s scale that keeps the image at least this size
        im.draft(
            "L" if channels == 1 else im.mode, (max(width // ratio, 1), max(height // ratio, 1))
        )
        im.load()
        pixels = np.asarray(im)
    except UnimplementedError:
        raise
    except OSError as e:
        if try_recover_truncated and "truncated" in str(e):
            raise UnimplementedError(
                None, None, "tinytf cannot recover truncated JPEG data (try_recover_truncated)"
            ) from None
        raise bad from None
    except Exception:
        raise bad from None
    pixels = pixels[..., None] if pixels.ndim == 2 else pixels
    if channels == 3 and pixels.shape[-1] == 1:
        pixels = np.repeat(pixels, 3, axis=-1)
    if crop is not None:
        y, x, h, w = (int(v) for v in crop)
        if not (
            h > 0
            and w > 0
            and x >= 0
            and y >= 0
            and y + h <= pixels.shape[0]
            and x + w <= pixels.shape[1]
        ):
            raise bad
        pixels = pixels[y : y + h, x : x + w]
    return np.ascontiguousarray(pixels)


def encode_jpeg(
    image,
    fmt,
    quality,
    progressive,
    optimize_size,
    chroma_downsampling,
    density_unit,
    x_density,
    y_density,
    xmp_metadata,
):
    """TF's EncodeJpeg through Pillow's libjpeg, with TF's JFIF density and XMP marker."""
    h, w, c = image.shape
    want = {"grayscale": 1, "rgb": 3}.get(fmt)
    if want is not None and c != want:
        raise error(f"format {fmt} expects {want} channels, got [{h},{w},{c}]")
    if want is None and c not in (1, 3):
        raise error(f"image must have 1 or 3 channels, got [{h},{w},{c}]")
    if not 0 <= quality <= 100:
        raise error(f"quality must be in [0,100], got {quality}")
    Image = pillow("Encoding JPEG")
    buffer = io.BytesIO()
    try:
        im = Image.fromarray(np.ascontiguousarray(image[..., 0] if c == 1 else image))
        im.save(
            buffer,
            "JPEG",
            quality=quality,
            progressive=progressive,
            optimize=optimize_size,
            subsampling=2 if chroma_downsampling and c == 3 else 0,
        )
    except (ValueError, OSError, SystemError):
        raise InternalError(None, None, "JPEG encoding failed") from None
    out = bytearray(buffer.getvalue())
    if out[2:4] == b"\xff\xe0" and out[6:11] == b"JFIF\x00":
        out[13:18] = struct.pack(">BHH", 2 if density_unit == "cm" else 1, x_density, y_density)
    if xmp_metadata:
        body = b"http://ns.adobe.com/xap/1.0/\x00" + xmp_metadata
        at = 4 + struct.unpack(">H", bytes(out[4:6]))[0] if out[2:4] == b"\xff\xe0" else 2
        out[at:at] = b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
    return bytes(out)

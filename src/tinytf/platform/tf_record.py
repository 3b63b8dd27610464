"""TFRecord files (TF's lib/io/tf_record.py): records framed as TF frames them, byte for byte -
a little-endian uint64 length, its masked CRC32C, the data, the data's masked CRC32C - optionally
inside a GZIP or ZLIB stream. `tf.python_io` / `tf.io`: TFRecordWriter, tf_record_iterator,
TFRecordOptions, TFRecordCompressionType."""

import struct
import zlib

from tinytf.framework import errors
from tinytf.platform.file_io import FileIO
from tinytf.platform.table import masked_crc

_CHUNK = 1 << 16


class TFRecordCompressionType:
    """The compression of a TFRecord file."""

    NONE = 0
    ZLIB = 1
    GZIP = 2


class TFRecordOptions:
    """How a TFRecord file is compressed (compression_type: a TFRecordCompressionType, "GZIP",
    "ZLIB", "" or None); the zlib tuning arguments are accepted as TF's."""

    compression_type_map = {
        TFRecordCompressionType.ZLIB: "ZLIB",
        TFRecordCompressionType.GZIP: "GZIP",
        TFRecordCompressionType.NONE: "",
    }

    def __init__(
        self,
        compression_type=None,
        flush_mode=None,
        input_buffer_size=None,
        output_buffer_size=None,
        window_bits=None,
        compression_level=None,
        compression_method=None,
        mem_level=None,
        compression_strategy=None,
    ):
        if isinstance(compression_type, TFRecordOptions):
            compression_type = compression_type.compression_type
        if compression_type is None or isinstance(compression_type, int):
            compression_type = self.compression_type_map[compression_type or 0]
        if compression_type not in ("", "ZLIB", "GZIP"):
            raise ValueError(f'Unsupported compression type: {compression_type}')
        self.compression_type = compression_type
        self.compression_level = compression_level

    @classmethod
    def get_compression_type_string(cls, options):
        """"", "ZLIB" or "GZIP" for options (a TFRecordOptions, a type, a string or None)."""
        if not options:
            return ""
        return cls(options).compression_type


_WBITS = {"ZLIB": zlib.MAX_WBITS, "GZIP": 16 + zlib.MAX_WBITS}


def _frame(record):
    header = struct.pack("<Q", len(record))
    return header + struct.pack("<I", masked_crc(header)) + record + struct.pack(
        "<I", masked_crc(record)
    )


class TFRecordWriter:
    """Writes records to a TFRecord file: `with TFRecordWriter(path) as w: w.write(b"...")`."""

    def __init__(self, path, options=None):
        kind = TFRecordOptions.get_compression_type_string(options)
        self._file = FileIO(path, "wb")
        self._zip = None
        if kind:
            level = getattr(options, "compression_level", None)
            self._zip = zlib.compressobj(
                zlib.Z_DEFAULT_COMPRESSION if level is None else level, zlib.DEFLATED, _WBITS[kind]
            )

    def write(self, record):
        """Appends one record (bytes)."""
        data = _frame(bytes(record))
        self._file.write(self._zip.compress(data) if self._zip else data)

    def flush(self):
        if self._zip:
            self._file.write(self._zip.flush(zlib.Z_SYNC_FLUSH))
        self._file.flush()

    def close(self):
        if self._file is None:
            return
        if self._zip:
            self._file.write(self._zip.flush())
        self._file.close()
        self._file = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _Reader:
    """The file's (decompressed) bytes, read as needed, with the offset reached."""

    def __init__(self, path, kind):
        self._file = FileIO(path, "rb")
        self._unzip = zlib.decompressobj(_WBITS[kind]) if kind else None
        self._buffer = b""
        self._pos = 0  # where the unread bytes of _buffer start (no copy of the rest per read)
        self.offset = 0

    def ensure(self, n):
        """How many unread bytes (at least n where the file has them) _buffer holds from _pos."""
        while len(self._buffer) - self._pos < n:
            chunk = self._file.read(max(_CHUNK, n))
            if not chunk:
                break
            chunk = self._unzip.decompress(chunk) if self._unzip else chunk
            self._buffer, self._pos = self._buffer[self._pos:] + chunk, 0
        return len(self._buffer) - self._pos

    def read(self, n):
        self.ensure(n)
        data = self._buffer[self._pos : self._pos + n]
        self._pos += len(data)
        self.offset += len(data)
        return data

    def close(self):
        self._file.close()


def tf_record_iterator(path, options=None):
    """Yields the records of a TFRecord file; DataLossError at a truncated or corrupt one
    (offsets as TF reports them; like TF, a partial header at the end reads as the end)."""
    reader = _Reader(path, TFRecordOptions.get_compression_type_string(options))
    unpack = struct.unpack_from
    try:
        while True:  # each record read in place in the reader's buffer (one copy: the record)
            start = reader.offset
            if reader.ensure(12) < 12:
                return
            buffer, pos = reader._buffer, reader._pos
            length, header_crc = unpack("<QI", buffer, pos)
            if header_crc != masked_crc(buffer[pos : pos + 8]):
                raise errors.DataLossError(None, None, f"corrupted record at {start}")
            if reader.ensure(16 + length) < 16 + length:
                raise errors.DataLossError(None, None, f"truncated record at {start}")
            buffer, pos = reader._buffer, reader._pos
            record = buffer[pos + 12 : pos + 12 + length]
            if unpack("<I", buffer, pos + 12 + length)[0] != masked_crc(record):
                raise errors.DataLossError(None, None, f"corrupted record at {start + 12}")
            reader._pos, reader.offset = pos + 16 + length, start + 16 + length
            yield record
    finally:
        reader.close()

"""The sorted string table that TF's checkpoint `.index` files are (TF's copy of LevelDB's table
format, uncompressed): data blocks of prefix-compressed keys with restart points, a metaindex
block, an index block and a fixed-size footer; every block carries a masked CRC32C.

    table = build_table([(b"", header), (b"a", entry_a)])   # keys must be sorted
    entries = read_table(data, path)                        # -> {key: value}, checksums checked
"""

import struct

from tinytf.framework.errors import DataLossError

MAGIC = 0xDB4775248B80FB57
BLOCK_SIZE = 262144  # TF's table_options defaults, which BundleWriter keeps
RESTART_INTERVAL = 16
_TRAILER = 5  # compression type byte + masked crc32c
_FOOTER = 48  # two BlockHandles padded to 40 bytes + the magic number
_NO_COMPRESSION = 0
_MASK_DELTA = 0xA282EAD8


def masked_crc(data):
    """CRC32C of `data`, masked as TF stores checksums next to the data they cover."""
    import crc32c  # imported when first needed: `import tinytf` stays fast

    crc = crc32c.crc32c(data)
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def varint(n):
    """n as a protobuf/LevelDB varint."""
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def read_varint(data, pos):
    """(the varint at data[pos:], the position after it); ValueError where it is cut off."""
    result = shift = 0
    while True:
        if pos >= len(data):
            raise ValueError("truncated varint")
        byte = data[pos]
        result |= (byte & 0x7F) << shift
        pos += 1
        if byte < 0x80:
            return result, pos
        shift += 7


class _Block:
    def __init__(self, restart_interval):
        self.interval = restart_interval
        self.reset()

    def reset(self):
        self.buf, self.restarts, self.count, self.last = bytearray(), [0], 0, b""

    def add(self, key, value):
        shared = 0
        if self.count < self.interval:
            while shared < min(len(key), len(self.last)) and key[shared] == self.last[shared]:
                shared += 1
        else:
            self.restarts.append(len(self.buf))
            self.count = 0
        self.buf += varint(shared) + varint(len(key) - shared) + varint(len(value))
        self.buf += key[shared:] + value
        self.last, self.count = key, self.count + 1

    def size_estimate(self):
        return len(self.buf) + 4 * len(self.restarts) + 4

    def finish(self):
        return bytes(self.buf) + struct.pack(
            f"<{len(self.restarts) + 1}I", *self.restarts, len(self.restarts)
        )


def _separator(start, limit):
    """The shortest key >= start and < limit (LevelDB's bytewise FindShortestSeparator)."""
    n = 0
    while n < min(len(start), len(limit)) and start[n] == limit[n]:
        n += 1
    if n < min(len(start), len(limit)) and start[n] < 0xFF and start[n] + 1 < limit[n]:
        return start[:n] + bytes([start[n] + 1])
    return start


def _successor(key):
    for i, byte in enumerate(key):
        if byte != 0xFF:
            return key[:i] + bytes([byte + 1])
    return key


def build_table(items):
    """The bytes of a table holding `items`, (key, value) bytes pairs in ascending key order."""
    out = bytearray()
    data, index = _Block(RESTART_INTERVAL), _Block(1)
    pending = None  # handle of the last data block, waiting for its index key

    def write_block(block):
        contents = block.finish() + bytes([_NO_COMPRESSION])
        handle = varint(len(out)) + varint(len(contents) - 1)
        out.extend(contents + struct.pack("<I", masked_crc(contents)))
        block.reset()
        return handle

    last = None
    for key, value in items:
        if last is not None and key <= last:
            raise ValueError(f"table keys must be added in ascending order: {key!r}")
        if pending is not None:
            index.add(_separator(last, key), pending)
            pending = None
        data.add(key, value)
        last = key
        if data.size_estimate() >= BLOCK_SIZE:
            pending = write_block(data)
    if data.buf:
        pending = write_block(data)
    metaindex = write_block(_Block(RESTART_INTERVAL))
    if pending is not None:
        index.add(_successor(last), pending)
    index_handle = write_block(index)
    footer = (metaindex + index_handle).ljust(_FOOTER - 8, b"\0")
    out.extend(footer + struct.pack("<Q", MAGIC))
    return bytes(out)


def read_table(data, path):
    """{key: value} of the table `data` (read from `path`, named in errors); checks every block."""
    try:
        if len(data) < _FOOTER or struct.unpack("<Q", data[-8:])[0] != MAGIC:
            raise DataLossError(
                None,
                None,
                f"Unable to open table file {path}: Data loss: not an sstable (bad magic "
                "number): perhaps your file is in a different file format and you need to use "
                "a different restore operator?",
            )
        footer = data[-_FOOTER:]
        _, pos = read_varint(footer, read_varint(footer, 0)[1])  # skip the metaindex handle
        offset, pos = read_varint(footer, pos)
        size, _ = read_varint(footer, pos)
        result = {}
        for _, handle in _entries(_block(data, offset, size, path)):
            block_offset, pos = read_varint(handle, 0)
            block_size, _ = read_varint(handle, pos)
            result.update(_entries(_block(data, block_offset, block_size, path)))
        return result
    except (ValueError, IndexError, struct.error) as e:
        raise DataLossError(None, None, f"Unable to read table file {path}: {e}") from None


def _block(data, offset, size, path):
    contents = data[offset : offset + size + 1]
    stored = data[offset + size + 1 : offset + size + _TRAILER]
    if len(stored) != 4 or struct.unpack("<I", stored)[0] != masked_crc(contents):
        raise DataLossError(
            None, None, f"Data loss: block checksum mismatch: in file {path} at offset {offset}"
        )
    if contents[-1] != _NO_COMPRESSION:
        raise DataLossError(
            None, None, f"{path}: compressed table blocks (type {contents[-1]}) are not supported"
        )
    return contents[:-1]


def _entries(block):
    (num_restarts,) = struct.unpack("<I", block[-4:])
    end = len(block) - 4 * (num_restarts + 1)
    pos, key = 0, b""
    while pos < end:
        shared, pos = read_varint(block, pos)
        non_shared, pos = read_varint(block, pos)
        value_len, pos = read_varint(block, pos)
        key = key[:shared] + block[pos : pos + non_shared]
        pos += non_shared
        yield key, block[pos : pos + value_len]
        pos += value_len

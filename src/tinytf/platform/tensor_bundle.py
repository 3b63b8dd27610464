"""TF's V2 checkpoint format (a "tensor bundle"): `<prefix>.index`, a table mapping each tensor
name to its dtype, shape, byte range and CRC32C, and `<prefix>.data-00000-of-00001`, the raw
little-endian bytes of the tensors in name order.

Writing is crash-safe: both files go to temporary names, are fsynced, then renamed (data first,
index last), so a reader sees the old checkpoint or the new one; when a prefix is overwritten,
the old data file stays reachable as `<data>.old` until the new index is in, and the reader
falls back to it for an old index. Reading checks every checksum and size and names the file at
fault.
"""

import contextlib
import mmap
import os
import struct
import tempfile

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.errors import DataLossError, NotFoundError, UnimplementedError
from tinytf.platform import table


def data_path(prefix):
    return f"{prefix}.data-00000-of-00001"


def index_path(prefix):
    return f"{prefix}.index"


def _little_endian(name, value):
    """`value` as a C-contiguous little-endian array (no copy when it already is one)."""
    array = np.asarray(value)
    if array.dtype == object or array.dtype.kind in "SU":
        return dtypes.string, array
    little = array.dtype.newbyteorder("<")
    return dtypes.as_dtype(array.dtype), array.astype(little, order="C", copy=False)


def _string_bytes(array):
    """A string tensor as TF's bundle stores it: varint64 lengths, the masked CRC32C of the
    lengths (as uint32s), the bytes; and the entry's masked CRC32C (over uint32 lengths, that
    checksum and the bytes, as TF's WriteStringTensor computes it)."""
    items = [x.encode() if isinstance(x, str) else bytes(x) for x in array.reshape(-1)]
    lengths = np.array([len(x) for x in items], "<u4").tobytes()
    length_crc = struct.pack("<I", table.masked_crc(lengths))
    data = b"".join(items)
    encoded = b"".join(table.varint(len(x)) for x in items) + length_crc + data
    return memoryview(encoded), table.masked_crc(lengths + length_crc + data)


def _read_strings(raw, shape, name):
    """The object array of bytes that `_string_bytes` encoded (lengths checked by their CRC)."""
    raw, pos, sizes = bytes(raw), 0, []
    for _ in range(int(np.prod(shape, dtype=np.int64))):
        size, pos = table.read_varint(raw, pos)
        sizes.append(size)
    lengths = np.array(sizes, "<u4").tobytes()
    if raw[pos : pos + 4] != struct.pack("<I", table.masked_crc(lengths)):
        raise DataLossError(None, None, f"Checksum does not match the lengths of {name!r}")
    pos, out = pos + 4, np.empty(len(sizes), dtype=object)
    for i, size in enumerate(sizes):
        out[i], pos = raw[pos : pos + size], pos + size
    return out.reshape(shape)


def _entry_crc(entry, raw):
    """The masked CRC32C of an entry's stored bytes, computed as TF does for its dtype."""
    if entry.dtype != dtypes.string.as_datatype_enum:
        return table.masked_crc(raw)
    try:
        return _string_bytes(_read_strings(raw, [d.size for d in entry.shape.dim], "?"))[1]
    except (ValueError, DataLossError):  # lengths cut off or damaged: no match
        return None


def write_bundle(prefix, tensors):
    """Writes {name: array} as the checkpoint `prefix` (directories are created)."""
    directory = os.path.dirname(prefix) or "."
    os.makedirs(directory, exist_ok=True)
    from tinytf.platform.checkpoint_protos import BundleEntryProto, BundleHeaderProto

    header = BundleHeaderProto(num_shards=1)
    header.version.producer = 1
    index, offset = [(b"", header.SerializeToString())], 0
    temps = []
    try:
        with _temp_file(data_path(prefix), temps) as f:
            for name in sorted(tensors, key=lambda n: n.encode()):
                dtype, array = _little_endian(name, tensors[name])
                if dtype == dtypes.string:
                    raw, crc = _string_bytes(array)
                else:
                    raw = memoryview(array).cast("B")  # the array's own bytes, not a copy
                    crc = table.masked_crc(raw)
                entry = BundleEntryProto(
                    dtype=dtype.as_datatype_enum, offset=offset, size=raw.nbytes, crc32c=crc
                )
                entry.shape.SetInParent()
                for size in array.shape:
                    entry.shape.dim.add(size=size)
                index.append((name.encode(), entry.SerializeToString()))
                f.write(raw)
                offset += raw.nbytes
        with _temp_file(index_path(prefix), temps) as f:
            f.write(table.build_table(index))
        backup = _keep_old_data(prefix)
        for tmp, final in zip(temps, (data_path(prefix), index_path(prefix))):
            os.replace(tmp, final)  # data first: the index names only complete data
        _fsync_dir(directory)
        if backup:
            os.unlink(backup)
    finally:
        for tmp in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _keep_old_data(prefix):
    """Overwriting a checkpoint: the old data file stays reachable (a hard link, `.old`) until
    the new index is in place, so that a crash between the two renames leaves the old index
    with its data (BundleReader falls back to it). Returns the link, or None."""
    data, backup = data_path(prefix), data_path(prefix) + ".old"
    if not os.path.exists(data):
        return None
    try:
        if os.path.exists(backup):
            os.unlink(backup)
        os.link(data, backup)
    except OSError:  # no hard links here: the (two-rename) window stays open
        return None
    return backup


@contextlib.contextmanager
def _temp_file(final, temps):
    """A new file beside `final` (recorded in `temps`), fsynced when the block ends."""
    fd, tmp = tempfile.mkstemp(
        dir=os.path.dirname(final) or ".", prefix=os.path.basename(final) + ".tempstate"
    )
    temps.append(tmp)
    with os.fdopen(fd, "wb") as f:
        yield f
        f.flush()
        os.fsync(f.fileno())
    os.chmod(tmp, 0o644)


def _fsync_dir(directory):
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def bundle_exists(prefix):
    return os.path.isfile(index_path(prefix))


class BundleReader:
    """The tensors of checkpoint `prefix`: names, dtypes, shapes, and values checked by CRC."""

    def __init__(self, prefix):
        self.prefix = prefix
        path = index_path(prefix)
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except FileNotFoundError:
            raise NotFoundError(
                None,
                None,
                "Unsuccessful TensorSliceReader constructor: Failed to find any matching files "
                f"for {prefix}",
            ) from None
        from tinytf.platform.checkpoint_protos import BundleEntryProto, BundleHeaderProto

        items = table.read_table(raw, path)
        try:
            header = BundleHeaderProto.FromString(items.pop(b""))
            self._entries = {k.decode(): BundleEntryProto.FromString(v) for k, v in items.items()}
        except Exception as e:  # protobuf's DecodeError, a missing header, bad UTF-8
            raise DataLossError(None, None, f"Corrupt checkpoint index {path}: {e}") from None
        if header.num_shards != 1 or header.endianness != 0:
            raise UnimplementedError(
                None, None, f"{path}: only single-shard little-endian checkpoints are supported"
            )
        self._data = None

    def names(self):
        return sorted(self._entries)

    def has_tensor(self, name):
        return name in self._entries

    def _entry(self, name):
        if name not in self._entries:
            raise NotFoundError(None, None, f"Key {name} not found in checkpoint")
        return self._entries[name]

    def dtype(self, name):
        return dtypes.as_dtype(self._entry(name).dtype)

    def shape(self, name):
        return [d.size for d in self._entry(name).shape.dim]

    def read(self, name):
        """The value of tensor `name`: a read-only NumPy array viewing the mapped data file."""
        entry = self._entry(name)
        if entry.slices:
            raise UnimplementedError(None, None, f"Sliced checkpoint tensor {name!r}")
        path = data_path(self.prefix)
        if self._data is None:
            self._data = _mapped(path)
        raw = memoryview(self._data)[entry.offset : entry.offset + entry.size]
        if raw.nbytes != entry.size or _entry_crc(entry, raw) != entry.crc32c:
            raw = self._from_old_data(entry, raw)  # a save of this prefix was cut off?
        if raw.nbytes != entry.size:
            raise DataLossError(
                None,
                None,
                f"Read less bytes than requested for {name!r} in {path}: the file is truncated",
            )
        if _entry_crc(entry, raw) != entry.crc32c:
            raise DataLossError(
                None,
                None,
                f"Checksum does not match: stored {entry.crc32c} vs. calculated on the restored "
                f"bytes {_entry_crc(entry, raw)} for {name!r} in {path}",
            )
        if self.dtype(name) == dtypes.string:
            return _read_strings(raw, self.shape(name), name)
        np_dtype = np.dtype(self.dtype(name).as_numpy_dtype)
        array = np.frombuffer(raw, np_dtype.newbyteorder("<")).reshape(self.shape(name))
        return array if array.dtype.isnative else array.astype(np_dtype)

    def _from_old_data(self, entry, raw):
        """The entry's bytes from `<data>.old` when they check out there, else `raw`."""
        old = data_path(self.prefix) + ".old"
        if not os.path.exists(old):
            return raw
        candidate = memoryview(_mapped(old))[entry.offset : entry.offset + entry.size]
        if candidate.nbytes == entry.size and _entry_crc(entry, candidate) == entry.crc32c:
            return candidate
        return raw


def _mapped(path):
    """The file's bytes, memory-mapped (tensors are read-only views of them)."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            return mmap.mmap(f.fileno(), size, access=mmap.ACCESS_READ) if size else b""
    except FileNotFoundError:
        raise NotFoundError(None, None, f"{path}; No such file or directory") from None

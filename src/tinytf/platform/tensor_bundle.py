"""TF's V2 checkpoint format (a "tensor bundle"): `<prefix>.index`, a table mapping each tensor
name to its dtype, shape, byte range and CRC32C, and `<prefix>.data-00000-of-00001`, the raw
little-endian bytes of the tensors in name order.

Writing is crash-safe: both files go to temporary names, are fsynced, then renamed (data first,
index last), so a reader sees the old checkpoint or the new one. Reading checks every checksum
and size and names the file at fault.
"""

import os
import tempfile

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.errors import DataLossError, NotFoundError, UnimplementedError
from tinytf.platform import table
from tinytf.platform.checkpoint_protos import BundleEntryProto, BundleHeaderProto


def data_path(prefix):
    return f"{prefix}.data-00000-of-00001"


def index_path(prefix):
    return f"{prefix}.index"


def _bytes_of(name, value):
    array = np.asarray(value)
    dtype = dtypes.as_dtype(array.dtype)
    if dtype == dtypes.string or array.dtype == object:
        raise UnimplementedError(None, None, f"Saving string tensor {name!r} is not supported")
    return dtype, np.ascontiguousarray(array, array.dtype.newbyteorder("<")).tobytes()


def write_bundle(prefix, tensors):
    """Writes {name: array} as the checkpoint `prefix` (directories are created)."""
    directory = os.path.dirname(prefix) or "."
    os.makedirs(directory, exist_ok=True)
    header = BundleHeaderProto(num_shards=1)
    header.version.producer = 1
    index, data, offset = [(b"", header.SerializeToString())], [], 0
    for name in sorted(tensors, key=lambda n: n.encode()):
        dtype, raw = _bytes_of(name, tensors[name])
        entry = BundleEntryProto(
            dtype=dtype.as_datatype_enum, offset=offset, size=len(raw), crc32c=table.masked_crc(raw)
        )
        entry.shape.SetInParent()
        for size in np.shape(tensors[name]):
            entry.shape.dim.add(size=size)
        index.append((name.encode(), entry.SerializeToString()))
        data.append(raw)
        offset += len(raw)
    temps = [_write_temp(data_path(prefix), b"".join(data))]
    try:
        temps.append(_write_temp(index_path(prefix), table.build_table(index)))
        for tmp, final in zip(temps, (data_path(prefix), index_path(prefix))):
            os.replace(tmp, final)
        _fsync_dir(directory)
    finally:
        for tmp in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _write_temp(final, payload):
    fd, tmp = tempfile.mkstemp(
        dir=os.path.dirname(final) or ".", prefix=os.path.basename(final) + ".tempstate"
    )
    with os.fdopen(fd, "wb") as f:
        f.write(payload)
        f.flush()
        os.fsync(f.fileno())
    os.chmod(tmp, 0o644)
    return tmp


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
        """The value of tensor `name` as a NumPy array (a fresh copy)."""
        entry = self._entry(name)
        if entry.slices:
            raise UnimplementedError(None, None, f"Sliced checkpoint tensor {name!r}")
        path = data_path(self.prefix)
        if self._data is None:
            try:
                with open(path, "rb") as f:
                    self._data = f.read()
            except FileNotFoundError:
                raise NotFoundError(None, None, f"{path}; No such file or directory") from None
        raw = self._data[entry.offset : entry.offset + entry.size]
        if len(raw) != entry.size:
            raise DataLossError(
                None,
                None,
                f"Read less bytes than requested for {name!r} in {path}: the file is truncated",
            )
        if table.masked_crc(raw) != entry.crc32c:
            raise DataLossError(
                None,
                None,
                f"Checksum does not match: stored {entry.crc32c} vs. calculated on the restored "
                f"bytes {table.masked_crc(raw)} for {name!r} in {path}",
            )
        np_dtype = self.dtype(name).as_numpy_dtype
        array = np.frombuffer(raw, np.dtype(np_dtype).newbyteorder("<"), count=-1)
        return array.astype(np_dtype).reshape(self.shape(name))

"""The file datasets: TextLineDataset, TFRecordDataset, FixedLengthRecordDataset and
Dataset.list_files. Files are opened when the iterator reaches them and streamed in chunks
(a 1 GB file is never loaded whole); filenames may be graph tensors (fed placeholders)."""

import numpy as np

from tinytf.data import structure as st
from tinytf.data.combining import cycle_through
from tinytf.data.dataset_ops import Dataset
from tinytf.framework import dtypes, errors
from tinytf.framework.ops import Tensor
from tinytf.platform import file_io, tf_record

_STRING = st.Spec(dtypes.string, [])
_CHUNK = 256 * 1024


def _filenames(filenames):
    """A Dataset of file names (scalar strings) from a name, names, a tensor or a Dataset."""
    if isinstance(filenames, Dataset):
        if [s.dtype for s in st.flat(filenames._spec)] != [dtypes.string]:
            raise TypeError("`filenames` must be a `tf.data.Dataset` of `tf.string` elements.")
        return filenames
    leaf = st.host_or_tensor(filenames)
    dtype = leaf.dtype.base_dtype if isinstance(leaf, Tensor) else dtypes.as_dtype(leaf.dtype)
    if dtype != dtypes.string:
        raise TypeError("`filenames` must be a `tf.Tensor` of `tf.string`.")
    if leaf.shape.ndims not in (None, 0, 1) if isinstance(leaf, Tensor) else leaf.ndim > 1:
        raise ValueError("`filenames` must be a scalar or a vector.")

    def make(env):
        names = np.asarray(st.resolve(env, leaf), dtype=object).reshape(-1)
        return iter(names)

    return Dataset(make, _STRING, st.tensors_in(leaf))


def _text(value):
    value = value.decode() if isinstance(value, bytes) else str(value)
    return value


def _kind(compression_type):
    kind = tf_record.TFRecordOptions.get_compression_type_string(compression_type)
    return _text(kind) if kind else ""


def _file_dataset(dataset, filenames, read, num_parallel_reads):
    """Makes `dataset` the records read(name) yields for each name, files interleaved when
    read in parallel."""
    names = _filenames(filenames)
    cycle = 1 if num_parallel_reads in (None, 1) else num_parallel_reads

    def make(env):
        files = (read(_text(n)) for n in names._make(env))
        if cycle == 1:
            return (record for it in files for record in it)
        return cycle_through(files, cycle, 1)

    Dataset.__init__(dataset, make, _STRING, names._captures)


def _chunks(path, kind, size):
    reader = tf_record._Reader(path, kind)
    try:
        while True:
            chunk = reader.read(size)
            if not chunk:
                return
            yield chunk
    finally:
        reader.close()


def _lines(path, kind, size):
    rest = b""
    for chunk in _chunks(path, kind, size):
        parts = (rest + chunk).split(b"\n")
        rest = parts.pop()
        for line in parts:
            yield np.array(line[:-1] if line.endswith(b"\r") else line, dtype=object)
    if rest:
        yield np.array(rest[:-1] if rest.endswith(b"\r") else rest, dtype=object)


class TextLineDataset(Dataset):
    """The lines of text files (without their line ends), one file after another."""

    def __init__(self, filenames, compression_type=None, buffer_size=None,
                 num_parallel_reads=None):
        kind, size = _kind(compression_type), buffer_size or _CHUNK
        _file_dataset(self, filenames, lambda p: _lines(p, kind, size), num_parallel_reads)


def _records(path, kind):
    for record in tf_record.tf_record_iterator(path, kind or None):
        yield np.array(record, dtype=object)


class TFRecordDataset(Dataset):
    """The records of TFRecord files (compression_type "", "ZLIB" or "GZIP"), streamed."""

    def __init__(self, filenames, compression_type=None, buffer_size=None,
                 num_parallel_reads=None):
        kind = _kind(compression_type)
        _file_dataset(self, filenames, lambda p: _records(p, kind), num_parallel_reads)


def _fixed(path, kind, record_bytes, header_bytes, footer_bytes, size):
    def misfit(body):
        return (
            f"Excluding the header ({header_bytes} bytes) and footer ({footer_bytes} bytes), "
            f'input file "{path}" has body length {body} bytes, which is not an exact multiple '
            f"of the record length ({record_bytes} bytes)."
        )

    if not kind:  # TF checks an uncompressed file's length when it opens it
        body = file_io.stat(path).length - header_bytes - footer_bytes
        if body % record_bytes:
            raise errors.InvalidArgumentError(None, None, misfit(body))
    buf, started, body = b"", False, 0
    for chunk in _chunks(path, kind, max(size, record_bytes + footer_bytes + header_bytes)):
        buf += chunk
        if not started:
            if len(buf) < header_bytes:
                continue
            buf, started = buf[header_bytes:], True
        n = max((len(buf) - footer_bytes) // record_bytes, 0)
        for i in range(n):
            yield np.array(buf[i * record_bytes:(i + 1) * record_bytes], dtype=object)
        buf, body = buf[n * record_bytes:], body + n * record_bytes
    if len(buf) > footer_bytes:
        raise errors.DataLossError(None, None, misfit(body + len(buf) - footer_bytes))


class FixedLengthRecordDataset(Dataset):
    """Records of `record_bytes` bytes, after `header_bytes` and before `footer_bytes`."""

    def __init__(
        self,
        filenames,
        record_bytes,
        header_bytes=None,
        footer_bytes=None,
        buffer_size=None,
        compression_type=None,
        num_parallel_reads=None,
    ):
        kind, size = _kind(compression_type), buffer_size or _CHUNK
        if record_bytes <= 0:
            raise errors.InvalidArgumentError(None, None, "record_bytes must be > 0")
        header, footer = header_bytes or 0, footer_bytes or 0
        _file_dataset(
            self, filenames, lambda p: _fixed(p, kind, record_bytes, header, footer, size),
            num_parallel_reads,
        )


def list_files(file_pattern, shuffle=None, seed=None):
    """The files matching `file_pattern` (a glob, a list of them or a string tensor)."""
    from tinytf.platform.file_io import get_matching_files_v2

    patterns = _filenames(file_pattern)

    def make(env):
        wanted = [_text(p) for p in patterns._make(env)]
        names = sorted(get_matching_files_v2(wanted))
        return iter([np.array(n.encode(), dtype=object) for n in names])

    files = Dataset(make, _STRING, patterns._captures)
    if shuffle is None or shuffle:
        files = files.shuffle(1 << 30, seed=seed)
    return files

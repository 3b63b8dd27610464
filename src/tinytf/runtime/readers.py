"""The runtime side of TF's readers (kernels/reader_base.cc and the record readers): a reader
takes file names ("work") from a queue and yields (key, value) records from each, lazily.

As TF's ReaderBase: a work unit is finished only when a read finds it exhausted; read_up_to
returns what the current work still has before moving on; after a failed read the reader stays
where it failed, so the next read fails the same way (until reset).
"""

import threading
import zlib

from tinytf.platform.file_io import FileIO
from tinytf.platform.tf_record import tf_record_iterator


class Reader:
    """The state of one reader in one session."""

    def __init__(self, name, st, records):
        self.name = name
        self._records_of = records  # work (bytes) -> iterator of (key, value) bytes pairs
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.current, self.error = None, None
        self.produced = self.completed = 0

    def _next(self, queue, stop_at_end):
        """The next record; None when `stop_at_end` and the current work just ended."""
        while True:
            if self.error is not None:
                raise self.error
            if self.current is None:
                work = queue.dequeue(1)[0][0]
                work = work.item() if hasattr(work, "item") else work
                self.current = self._records_of(bytes(work))
            try:
                record = next(self.current, None)
            except Exception as e:
                self.error = e
                raise
            if record is not None:
                self.produced += 1
                return record
            self.current = None
            self.completed += 1
            if stop_at_end:
                return None

    def read(self, queue):
        with self.lock:
            return self._next(queue, False)

    def read_up_to(self, queue, n, into=None):
        """Up to n records (appended to `into`, where given: a failed read leaves there the
        records read before it)."""
        with self.lock:
            records = [] if into is None else into
            while len(records) < n:
                record = self._next(queue, bool(records))
                if record is None:
                    break
                records.append(record)
            return records


def _path(work):
    return work.decode(errors="surrogateescape")


# A file that cannot be opened fails the read that starts it, and the reader moves on to the
# next file (TF's OnWorkStartedLocked); so the record functions open their file eagerly.
def _opened(work):
    f = FileIO(_path(work), "rb")
    f.read(0)  # raises NotFoundError now
    return f


def text_lines(skip_header_lines):
    def records(work):
        return _lines(work, _opened(work), skip_header_lines)

    return records


def _lines(work, f, skip_header_lines):
    with f:
        for number, line in enumerate(f, 1):
            if number <= skip_header_lines:
                continue
            line = line[:-1] if line.endswith(b"\n") else line
            yield b"%s:%d" % (work, number), line[:-1] if line.endswith(b"\r") else line


def tf_records(compression_type):
    def records(work):
        _opened(work).close()
        return _tf_records(work, compression_type)

    return records


def _tf_records(work, compression_type):
    offset = 0
    for record in tf_record_iterator(_path(work), compression_type or None):
        yield b"%s:%d" % (work, offset), record
        offset += len(record) + 16  # length, its CRC, the data, its CRC


def fixed_length(header_bytes, record_bytes, footer_bytes, hop_bytes, encoding):
    def records(work):
        with _opened(work) as f:
            data = f.read()
        return _fixed(work, data, header_bytes, record_bytes, footer_bytes, hop_bytes, encoding)

    return records


def _fixed(work, data, header_bytes, record_bytes, footer_bytes, hop_bytes, encoding):
    if encoding:
        data = zlib.decompress(data, 16 + zlib.MAX_WBITS if encoding == "GZIP" else 15)
    end = len(data) - footer_bytes
    step = hop_bytes or record_bytes
    start, k = header_bytes, 0
    while start + record_bytes <= end:
        yield b"%s:%d" % (work, k), data[start : start + record_bytes]
        start, k = start + step, k + 1


def whole_file(work):
    with FileIO(_path(work), "rb") as f:
        data = f.read()
    yield work, data


def identity(work):
    yield work, work

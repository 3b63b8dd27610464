"""TF 1.15's readers (io_ops.py): the reader ops (TextLineReaderV2, TFRecordReaderV2,
FixedLengthRecordReaderV2, WholeFileReaderV2, IdentityReaderV2, ReaderReadV2, ReaderReadUpToV2,
ReaderNumRecordsProducedV2, ReaderNumWorkUnitsCompletedV2, ReaderResetV2) and the classes
tf.ReaderBase, tf.TextLineReader, tf.TFRecordReader, tf.FixedLengthRecordReader,
tf.WholeFileReader, tf.IdentityReader. A reader's state lives in the session
(runtime/readers.py); it takes file names from a queue of strings.
"""

import collections

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import NotDifferentiable, OpDef, TensorSpec, register_op
from tinytf.framework.ops import Tensor
from tinytf.framework.tensor_shape import TensorShape
from tinytf.platform.tf_record import TFRecordOptions
from tinytf.runtime import queues, readers

_HANDLE = TensorSpec(TensorShape([]), D.resource)
_SHARED = {"container": "", "shared_name": ""}


class _ReaderOp(OpDef):
    attrs = dict(_SHARED)
    stateful = True
    foldable = False

    def infer(**attrs):
        return _HANDLE

    def kernel(xp, *, ctx, op, container, shared_name, **options):
        records = op._opdef.records(**options)
        return queues.resource(ctx, op, lambda name, st: readers.Reader(name, st, records))


@register_op
class TextLineReaderV2(_ReaderOp):
    """A reader of text lines (keys "path:line")."""

    attrs = {"skip_header_lines": 0, **_SHARED}
    records = staticmethod(readers.text_lines)


@register_op
class TFRecordReaderV2(_ReaderOp):
    """A reader of TFRecord files (keys "path:offset")."""

    attrs = {**_SHARED, "compression_type": ""}
    records = staticmethod(readers.tf_records)


@register_op
class FixedLengthRecordReaderV2(_ReaderOp):
    """A reader of fixed-length records between a header and a footer (keys "path:index")."""

    attrs = {
        "header_bytes": 0,
        "record_bytes": None,
        "footer_bytes": 0,
        "hop_bytes": 0,
        **_SHARED,
        "encoding": "",
    }
    records = staticmethod(readers.fixed_length)


@register_op
class WholeFileReaderV2(_ReaderOp):
    """A reader whose one record per file is (path, contents)."""

    records = staticmethod(lambda: readers.whole_file)


@register_op
class IdentityReaderV2(_ReaderOp):
    """A reader whose records are (work, work)."""

    records = staticmethod(lambda: readers.identity)


def bytes_array(items):
    """A 1-D object array of the given bytes (np.array would make a fixed-width one)."""
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


@register_op
class ReaderReadV2(OpDef):
    """The next (key, value) record, taking a new file from the queue when one ends."""

    inputs = ("reader_handle", "queue_handle")
    type_inputs = ()
    stateful = True

    def infer(reader_handle, queue_handle):
        return [TensorSpec([], D.string), TensorSpec([], D.string)]

    def kernel(xp, reader, queue, *, ctx, op):
        key, value = reader.read(queue)
        return np.asarray(key, dtype=object), np.asarray(value, dtype=object)


@register_op
class ReaderReadUpToV2(OpDef):
    """Up to `num_records` records, all from the file being read."""

    inputs = ("reader_handle", "queue_handle", "num_records")
    type_inputs = ()
    stateful = True

    def infer(reader_handle, queue_handle, num_records):
        return [TensorSpec([None], D.string), TensorSpec([None], D.string)]

    def kernel(xp, reader, queue, num_records, *, ctx, op):
        records = reader.read_up_to(queue, int(num_records))
        return bytes_array([k for k, _ in records]), bytes_array([v for _, v in records])


class _ReaderCount(OpDef):
    inputs = ("reader_handle",)
    stateful = True
    field = "produced"

    def infer(reader_handle):
        return TensorSpec([], D.int64)

    def kernel(xp, reader, *, ctx, op):
        return np.asarray(getattr(reader, op._opdef.field), dtype=np.int64)


@register_op
class ReaderNumRecordsProducedV2(_ReaderCount):
    """How many records the reader has produced."""


@register_op
class ReaderNumWorkUnitsCompletedV2(_ReaderCount):
    """How many files (work units) the reader has finished."""

    field = "completed"


@register_op
class ReaderResetV2(OpDef):
    """Returns the reader to its initial state."""

    inputs = ("reader_handle",)
    stateful = True

    def infer(reader_handle):
        return []

    def kernel(xp, reader, *, ctx, op):
        with reader.lock:
            reader.reset()
        return ()


for _name in (
    "TextLineReaderV2",
    "TFRecordReaderV2",
    "FixedLengthRecordReaderV2",
    "WholeFileReaderV2",
    "IdentityReaderV2",
    "ReaderReadV2",
    "ReaderReadUpToV2",
    "ReaderNumRecordsProducedV2",
    "ReaderNumWorkUnitsCompletedV2",
    "ReaderResetV2",
):
    NotDifferentiable(_name)


# -- the Python classes -------------------------------------------------------------------------
def _queue_ref(queue):
    return queue if isinstance(queue, Tensor) else queue.queue_ref


_ReadOut = collections.namedtuple("ReaderReadV2", "key value")
_ReadUpToOut = collections.namedtuple("ReaderReadUpToV2", "keys values")


class ReaderBase:
    """Base class of the readers: read records from the files named in a queue."""

    def __init__(self, reader_ref, supports_serialize=False):
        self._reader_ref = reader_ref
        self._supports_serialize = supports_serialize

    reader_ref = property(lambda self: self._reader_ref)
    supports_serialize = property(lambda self: self._supports_serialize)

    def read(self, queue, name=None):
        """(key, value): the next record, taking a file name from `queue` when needed."""
        return _ReadOut(*ReaderReadV2.apply(self._reader_ref, _queue_ref(queue), name=name))

    def read_up_to(self, queue, num_records, name=None):
        """(keys, values): up to `num_records` records of the current file."""
        keys, values = ReaderReadUpToV2.apply(
            self._reader_ref, _queue_ref(queue), _int64(num_records), name=name
        )
        return _ReadUpToOut(keys, values)

    def num_records_produced(self, name=None):
        """An int64 tensor: the records read so far."""
        return ReaderNumRecordsProducedV2.apply(self._reader_ref, name=name)

    def num_work_units_completed(self, name=None):
        """An int64 tensor: the files finished so far."""
        return ReaderNumWorkUnitsCompletedV2.apply(self._reader_ref, name=name)

    def reset(self, name=None):
        """An op that returns the reader to its initial state."""
        return ReaderResetV2.apply(self._reader_ref, name=name)


def _int64(value):
    from tinytf.framework.op_def import convert_to_tensor

    return convert_to_tensor(value, D.int64)


class TextLineReader(ReaderBase):
    """A reader that outputs the lines of a file (newline stripped), skipping header lines."""

    def __init__(self, skip_header_lines=None, name=None):
        super().__init__(
            TextLineReaderV2.apply(skip_header_lines=skip_header_lines or 0, name=name)
        )


class TFRecordReader(ReaderBase):
    """A reader that outputs the records of TFRecord files (options: TFRecordOptions)."""

    def __init__(self, name=None, options=None):
        kind = TFRecordOptions.get_compression_type_string(options)
        super().__init__(TFRecordReaderV2.apply(compression_type=kind, name=name))


class FixedLengthRecordReader(ReaderBase):
    """A reader of fixed-length records (after header_bytes, before footer_bytes)."""

    def __init__(
        self,
        record_bytes,
        header_bytes=None,
        footer_bytes=None,
        hop_bytes=None,
        name=None,
        encoding=None,
    ):
        super().__init__(
            FixedLengthRecordReaderV2.apply(
                record_bytes=record_bytes,
                header_bytes=header_bytes or 0,
                footer_bytes=footer_bytes or 0,
                hop_bytes=hop_bytes or 0,
                encoding=encoding or "",
                name=name,
            )
        )


class WholeFileReader(ReaderBase):
    """A reader whose one record per file is (file name, file contents)."""

    def __init__(self, name=None):
        super().__init__(WholeFileReaderV2.apply(name=name))


class IdentityReader(ReaderBase):
    """A reader whose records are (work, work) for each string dequeued."""

    def __init__(self, name=None):
        super().__init__(IdentityReaderV2.apply(name=name))

"""A queue runner's enqueue op run for many records per call, where its graph is one a reader
feeds record by record: ReaderReadV2 -> DecodeCSV (optional) -> Pack of scalar fields
(optional) -> QueueEnqueueV2 (tf.train.batch's and shuffle_batch's input queues). TF runs that
graph once per record in a C++ thread; a Session.run per record is most of what a Python
runner costs (about 50 us a record, measured), so the runner reads up to RECORDS records from
the current file at once (the reader's read_up_to, as TF's ReaderReadUpTo), decodes them in one
DecodeCSV call and enqueues them in order, one element per record, as the per-record runs do.

The queue holds what the per-record runs would have put there, in the same order. A batch
that DecodeCSV rejects runs again record by record through the enqueue op itself (its read
outputs fed), so the records before a bad one are enqueued and the bad one raises TF's error
naming its record; the records read after it are not enqueued (the runner stops there, as
TF's does). Any other graph gets None here: the runner then runs the enqueue op per record."""

import functools

import numpy as np

from tinytf.ops.reader_ops import bytes_array
from tinytf.runtime import plan as _plan

RECORDS = 64  # records per call: the per-call cost is spread thin, and few are held in flight

_QUEUES = {"FIFOQueueV2", "RandomShuffleQueueV2", "PaddingFIFOQueueV2", "PriorityQueueV2"}
_READERS = {
    "TextLineReaderV2",
    "TFRecordReaderV2",
    "FixedLengthRecordReaderV2",
    "WholeFileReaderV2",
    "IdentityReaderV2",
}


def enqueue_callable(sess, enqueue_op):
    """fn() enqueuing the next records of `enqueue_op`'s reader, or None where the graph is
    not one this file knows."""
    backend, ctx = getattr(sess, "_backend", None), getattr(sess, "_ctx", None)
    found = _match(enqueue_op, backend) if ctx is not None else None
    if found is None:
        return None
    read, decode, make_elements = found
    try:
        defaults = [np.asarray(d.op._attrs["value"]) for d in decode._inputs[1:]] if decode else []
    except KeyError:
        return None
    per_record = sess.make_callable(enqueue_op, feed_list=list(read._outputs))
    handle = {}

    def resources():
        if not handle:
            handle.update(
                reader=_resource(backend, ctx, read._inputs[0].op),
                source=_resource(backend, ctx, read._inputs[1].op),
                queue=_resource(backend, ctx, enqueue_op._inputs[0].op),
            )
        return handle["reader"], handle["source"], handle["queue"]

    def run():
        if sess._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        reader, source, queue = resources()
        records, failed = [], None
        try:
            reader.read_up_to(source, RECORDS, into=records)
        except Exception as e:  # the records read before the failure are delivered first
            failed = _plan._attribute(e, read)
        if records:
            _enqueue(records, queue)
        if failed is not None:
            raise failed

    def _enqueue(records, queue):
        keys = bytes_array([k for k, _ in records])
        values = bytes_array([v for _, v in records])
        fields = None
        if decode is not None:
            try:
                fields = _decode(backend, decode, values, defaults)
            except Exception:  # each record again, through the graph: TF's error at its record
                for key, value in zip(keys, values):
                    per_record(key, value)
                return
        elements = make_elements(keys, values, fields)
        try:
            for element in elements:
                queue.check_element(element)
            queue.enqueue(elements)
        except Exception as e:
            raise _plan._attribute(e, enqueue_op) from e

    return run


def _resource(backend, ctx, op):
    kernel = backend.kernel(op._opdef)
    return kernel(backend.xp, ctx=ctx, op=op, **op._attrs)


def _decode(backend, decode, values, defaults):
    kernel = backend.kernel(decode._opdef)
    with np.errstate(all="ignore"):
        return kernel(backend.xp, values, *defaults, **decode._attrs)


def _match(enqueue_op, backend):
    """(the read op, the DecodeCSV op or None, elements(keys, values, fields) -> the queue's
    elements), or None."""
    if enqueue_op.type != "QueueEnqueueV2" or enqueue_op._control_inputs:
        return None
    if enqueue_op._inputs[0].op.type not in _QUEUES:
        return None
    reads, decodes = set(), set()
    columns = [_column(t, reads, decodes, backend) for t in enqueue_op._inputs[1:]]
    if None in columns or len(reads) != 1 or len(decodes) > 1:
        return None
    (read,) = reads
    if read.type != "ReaderReadV2" or read._control_inputs:
        return None
    if read._inputs[0].op.type not in _READERS or read._inputs[1].op.type not in _QUEUES:
        return None
    decode = next(iter(decodes), None)
    if decode is not None and (
        decode._inputs[0] is not read._outputs[1]
        or decode._control_inputs
        or any(d.op.type != "Const" for d in decode._inputs[1:])
    ):
        return None
    return read, decode, _elements(columns)


def _column(t, reads, decodes, backend):
    """column(keys, values, fields) -> component `t` of every record (records first), or
    None for a component of another kind; records the read and decode ops on the way."""
    op = t.op
    if op._control_inputs:
        return None
    if op.type == "ReaderReadV2":
        reads.add(op)
        return (
            (lambda keys, values, fields: keys)
            if t.value_index == 0
            else (lambda keys, values, fields: values)
        )
    if op.type == "DecodeCSV":
        decodes.add(op)
        reads.add(op._inputs[0].op)
        k = t.value_index
        return lambda keys, values, fields: fields[k]
    inner = [_column(x, reads, decodes, backend) for x in op._inputs]
    if None in inner or not inner:
        return None
    if op.type == "Identity":
        return inner[0]
    if op.type == "Cast":  # element-wise: the kernel takes every record's value at once
        cast = functools.partial(backend.kernel(op._opdef), backend.xp, **op._attrs)
        return lambda *args: cast(inner[0](*args))
    if op.type == "Pack" and op._attrs["axis"] in (0, -1) and _scalars(op):
        return lambda *args: np.stack([c(*args) for c in inner], axis=1)
    return None


def _scalars(op):
    return all(x.shape.ndims == 0 for x in op._inputs)


def _elements(columns):
    def elements(keys, values, fields):
        found = [c(keys, values, fields) for c in columns]
        return [
            tuple(c[k] if c.ndim > 1 else np.asarray(c[k], dtype=c.dtype) for c in found)
            for k in range(len(keys))
        ]

    return elements

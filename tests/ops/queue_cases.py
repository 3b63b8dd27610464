"""Scenarios of queues, readers and queue runners whose results real TF 1.15 decides. Each
scenario takes the `tf` module (tinytf, or real TF 1.15), a Recorder and a scratch directory
(the working directory while it runs) and records values and errors step by step.
tools/make_queue_fixtures.py runs them with TF 1.15 into golden/queues.json; tests/ops/
test_queues.py, tests/ops/test_readers.py and tests/training/test_queue_runners.py run them
with tinytf and compare.

Python 3.7 and NumPy 1.18 compatible (the fixture script imports this with TF 1.15)."""

import gzip
import os
import re
import threading
import time

import numpy as np

WAIT = 10.0  # seconds a test waits for a thread before it fails instead of hanging


def normalize(message):
    """The first line of an error message, with TF's process-wide resource ids elided."""
    line = str(message).split("\n")[0]
    return re.sub(r"'_\d+_", "'_N_", line)


def pack(value):
    if isinstance(value, dict):
        return {str(k): pack(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [pack(v) for v in value]
    if isinstance(value, bytes):
        return {"bytes": value.decode("latin-1")}
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        array = np.asarray(value)
        if array.dtype == object:
            flat = [v.decode("latin-1") for v in array.ravel()]
            return {"strings": flat, "shape": list(array.shape)}
        return {"array": array.tolist(), "dtype": array.dtype.name, "shape": list(array.shape)}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return {"type": type(value).__name__}


class Recorder:
    """Collects what each step gives: a packed value, or {"error": class, "message": ...}."""

    def __init__(self):
        self.out = []

    def step(self, fn):
        try:
            value = fn()
        except Exception as e:  # the class and message are what is compared
            message = normalize(e).replace(", shape=<unknown>", "")  # str(Tensor) as TF's
            self.out.append({"error": type(e).__name__, "message": message})
            return None
        self.out.append(pack(value))
        return value

    def note(self, value):
        self.out.append(pack(value))


def _thread(fn):
    result = []

    def run():
        try:
            result.append(("value", fn()))
        except Exception as e:
            result.append(("error", type(e).__name__ + ": " + normalize(e)))

    t = threading.Thread(target=run)
    t.start()
    return t, result


def _finish(rec, t, result):
    t.join(WAIT)
    rec.note({"alive": t.is_alive(), "result": [r[0] for r in result]})
    rec.out.append(
        pack(result[0][1])
        if result and result[0][0] == "value"
        else (result[0][1] if result else None)
    )


def _blocked(fn):
    """Starts fn in a thread and waits until it is blocked (it has not finished)."""
    t, result = _thread(fn)
    time.sleep(0.3)
    return t, result


def _text(value):
    return value.decode() if isinstance(value, bytes) else value  # TF's get_attr gives bytes


def _shape(t):
    return str(t.shape)


# -- queues --------------------------------------------------------------------------------
def fifo_basic(tf, rec, tmp):
    q = tf.FIFOQueue(3, tf.int32, shapes=[[]])
    enq = q.enqueue_many([[1, 2]])
    deq, dm, du = q.dequeue(), q.dequeue_many(3), q.dequeue_up_to(3)
    rec.note([q.name, _shape(deq), _shape(dm), _shape(du), deq.name, dm.name, du.name])
    rec.note([q.size().name, q.is_closed().name, q.close().name, q.queue_ref.dtype.name])
    with tf.Session() as sess:
        rec.step(lambda: sess.run(enq))
        rec.step(lambda: sess.run([q.size(), q.is_closed()]))
        rec.step(lambda: sess.run(q.enqueue(7)))
        rec.step(lambda: sess.run(deq))
        rec.step(lambda: sess.run(q.close()))
        rec.step(lambda: sess.run(enq))
        rec.step(lambda: sess.run(dm))
        rec.step(lambda: sess.run([q.size(), q.is_closed()]))
        rec.step(lambda: sess.run(du))
        rec.step(lambda: sess.run(du))
        rec.step(lambda: sess.run(deq))


def fifo_components(tf, rec, tmp):
    q = tf.FIFOQueue(4, [tf.int32, tf.string, tf.float32], shapes=[[], [2], [1, 2]])
    x = tf.placeholder(tf.string)
    with tf.Session() as sess:
        rec.step(lambda: sess.run(q.enqueue([1, x, [[0.5, 1.5]]]), {x: ["a", "b"]}))
        rec.step(
            lambda: sess.run(
                q.enqueue_many([[2, 3], [["c", "d"], ["e", "f"]], np.ones([2, 1, 2], np.float32)])
            )
        )
        rec.step(lambda: sess.run(q.dequeue()))
        rec.step(lambda: sess.run(q.dequeue_many(2)))
        rec.step(lambda: sess.run(q.enqueue([1, x, [[0.5, 1.5]]]), {x: ["a"]}))
        p1, p2 = tf.placeholder(tf.int32), tf.placeholder(tf.int32)
        q2 = tf.FIFOQueue(5, [tf.int32, tf.int32], shapes=[[], []])
        rec.step(lambda: sess.run(q2.enqueue_many([p1, p2]), {p1: [1, 2, 3], p2: [1, 2]}))
        q3 = tf.FIFOQueue(3, tf.int32)
        rec.step(lambda: sess.run(q3.enqueue([[1, 2]])))
        rec.step(lambda: sess.run(q3.dequeue_many(1)))
        rec.step(lambda: sess.run(q3.dequeue()))


def named_queue(tf, rec, tmp):
    q = tf.FIFOQueue(2, [tf.int32, tf.string], shapes=[[], []], names=["a", "b"])
    out = q.dequeue()
    rec.note(sorted(out))
    rec.note([_shape(t) for _, t in sorted(q.dequeue_many(2).items())])
    rec.step(lambda: q.enqueue([1, "x"]))
    rec.step(lambda: q.enqueue({"a": 1}))
    with tf.Session() as sess:
        rec.step(lambda: sess.run(q.enqueue({"b": "y", "a": 4})))
        rec.step(lambda: sess.run(out))


def build_errors(tf, rec, tmp):
    q = tf.FIFOQueue(3, tf.int32, shapes=[[2]])
    for fn in (
        lambda: q.enqueue([[1, 2, 3]]),
        lambda: q.enqueue_many([[1, 2, 3]]),
        lambda: q.enqueue([1.5]),
        lambda: q.dequeue_many(-1),
        lambda: tf.FIFOQueue(3, [tf.int32], shapes=[[None]]),
        lambda: tf.FIFOQueue(5, [tf.int32], names=["a", "b"]),
        lambda: tf.FIFOQueue(5, [tf.int32], shapes=[[], []]),
        lambda: tf.PaddingFIFOQueue(5, [tf.int32], shapes=[[None], [2]]),
        lambda: tf.PaddingFIFOQueue(5, [tf.int32], shapes=[None]),
    ):
        rec.step(lambda: type(fn()).__name__)
    rec.out[3]["message"] = rec.out[3]["message"].split(" for ")[0]  # TF adds computed inputs


def queue_graph(tf, rec, tmp):
    q = tf.RandomShuffleQueue(
        10, 2, [tf.int32, tf.string], shapes=[[], [3]], seed=1, shared_name="s", name="rq"
    )
    p = tf.PriorityQueue(5, [tf.string], shapes=[[]])
    f = tf.PaddingFIFOQueue(5, [tf.float32], shapes=[[None, 2]])
    for op in (q.queue_ref.op, p.queue_ref.op, f.queue_ref.op):
        attrs = {k: _text(op.get_attr(k)) for k in ("capacity", "shared_name", "container")}
        attrs["types"] = [tf.as_dtype(t).name for t in op.get_attr("component_types")]
        attrs["shapes"] = [str(tf.TensorShape(s)) for s in op.get_attr("shapes")]
        if op.type == "RandomShuffleQueueV2":
            attrs.update({k: op.get_attr(k) for k in ("min_after_dequeue", "seed", "seed2")})
        rec.note([op.name, op.type, attrs])
    rec.note([str(t.dtype.name) + _shape(t) for t in p.dequeue()])
    e = q.enqueue([1, ["a", "b", "c"]])
    rec.note(
        [
            e.type,
            e.name,
            [t.name for t in e.inputs],
            q.close(True).get_attr("cancel_pending_enqueues"),
        ]
    )


def padding_queue(tf, rec, tmp):
    q = tf.PaddingFIFOQueue(5, [tf.int32, tf.string], shapes=[[None, 2], [None]])
    p, s = tf.placeholder(tf.int32), tf.placeholder(tf.string)
    dm = q.dequeue_many(2)
    rec.note([_shape(t) for t in dm])
    with tf.Session() as sess:
        rec.step(lambda: sess.run(q.enqueue([p, s]), {p: [[1, 2]], s: ["a", "bb", "c"]}))
        rec.step(lambda: sess.run(q.enqueue([p, s]), {p: [[1, 2], [3, 4], [5, 6]], s: ["x"]}))
        rec.step(lambda: sess.run(q.enqueue([p, s]), {p: [[1, 2, 3]], s: []}))
        rec.step(lambda: sess.run(dm))
        rec.step(lambda: sess.run(q.enqueue([p, s]), {p: np.zeros([0, 2]), s: []}))
        rec.step(lambda: sess.run(q.close()))
        rec.step(lambda: sess.run(q.dequeue_up_to(4)))


def priority_queue(tf, rec, tmp):
    q = tf.PriorityQueue(6, [tf.string, tf.int32], shapes=[[], [2]])
    with tf.Session() as sess:
        rec.step(
            lambda: sess.run(q.enqueue_many([[5, 1, 3], ["e", "a", "c"], [[5, 5], [1, 1], [3, 3]]]))
        )
        rec.step(lambda: sess.run(q.enqueue([2, "b", [2, 2]])))
        rec.step(lambda: sess.run(q.enqueue([4, "d", [4, 4]])))
        rec.step(lambda: sess.run(q.dequeue()))
        rec.step(lambda: sess.run(q.dequeue_many(3)))
        rec.step(lambda: sess.run(q.size()))
        p = tf.placeholder(tf.int64)
        rec.step(lambda: sess.run(q.enqueue([p, "z", [0, 0]]), {p: [1, 2]}))


def shuffle_queue(tf, rec, tmp):
    q = tf.RandomShuffleQueue(10, 2, tf.int32, shapes=[[]], seed=1)
    with tf.Session() as sess:
        rec.step(lambda: sess.run(q.enqueue_many([[1, 2, 3]])))
        rec.step(lambda: sess.run(q.size()))
        rec.step(lambda: int(sess.run(q.dequeue())) in (1, 2, 3))
        opts = tf.RunOptions(timeout_in_ms=200)
        rec.step(lambda: sess.run(q.dequeue(), options=opts))
        rec.step(lambda: sess.run(q.size()))
        rec.step(lambda: sess.run(q.close()))
        rec.step(lambda: len(sess.run(q.dequeue_up_to(5))))
        rec.step(lambda: sess.run(q.dequeue()))


def many_shuffled(tf, rec, tmp):
    q = tf.RandomShuffleQueue(100, 0, tf.int64, shapes=[[]], seed=7)
    with tf.Session() as sess:
        sess.run(q.enqueue_many([np.arange(50)]))
        a = sess.run(q.dequeue_many(50))
        rec.note([sorted(a.tolist()) == list(range(50)), a.tolist() != list(range(50))])


def timeout_empty(tf, rec, tmp):
    q = tf.FIFOQueue(3, tf.int32, shapes=[[]])
    with tf.Session() as sess:
        rec.step(lambda: sess.run(q.dequeue(), options=tf.RunOptions(timeout_in_ms=150)))
        full = tf.FIFOQueue(1, tf.int32, shapes=[[]])
        sess.run(full.enqueue(1))
        rec.step(lambda: sess.run(full.enqueue(2), options=tf.RunOptions(timeout_in_ms=150)))
        rec.step(lambda: sess.run(full.size()))


def blocking_dequeue(tf, rec, tmp):
    q = tf.FIFOQueue(3, tf.int32, shapes=[[]])
    deq = q.dequeue()
    with tf.Session() as sess:
        t, result = _blocked(lambda: sess.run(deq))
        rec.note(t.is_alive())
        sess.run(q.enqueue(7))
        _finish(rec, t, result)
        t, result = _blocked(lambda: sess.run(deq))
        sess.run(q.close())
        _finish(rec, t, result)


def blocking_enqueue(tf, rec, tmp):
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    enq, close = q.enqueue(2), q.close()
    with tf.Session() as sess:
        sess.run(q.enqueue(1))
        t, result = _blocked(lambda: sess.run(enq))
        t2, result2 = _blocked(lambda: sess.run(close))  # waits for the pending enqueue
        rec.note([t.is_alive(), t2.is_alive()])
        rec.step(lambda: sess.run(q.is_closed()))
        rec.step(lambda: sess.run(q.dequeue()))
        _finish(rec, t, result)
        _finish(rec, t2, result2)
        rec.step(lambda: sess.run([q.is_closed(), q.dequeue_up_to(3)]))
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    enq, close = q.enqueue(2), q.close(cancel_pending_enqueues=True)
    with tf.Session() as sess:
        sess.run(q.enqueue(1))
        t, result = _blocked(lambda: sess.run(enq))
        sess.run(close)
        _finish(rec, t, result)
        rec.step(lambda: sess.run(q.dequeue_up_to(3)))


def closed_during_dequeue_many(tf, rec, tmp):
    q = tf.FIFOQueue(5, tf.int32, shapes=[[]])
    with tf.Session() as sess:
        sess.run(q.enqueue_many([[1, 2]]))
        t, result = _blocked(lambda: sess.run(q.dequeue_many(3)))
        sess.run(q.close())
        _finish(rec, t, result)
        rec.step(lambda: sess.run(q.dequeue_up_to(5)))


def session_close_wakes(tf, rec, tmp):
    q = tf.FIFOQueue(3, tf.int32, shapes=[[]])
    deq = q.dequeue()
    sess = tf.Session()
    t, result = _blocked(lambda: sess.run(deq))
    sess.close()
    _finish(rec, t, result)


def shared_queues(tf, rec, tmp):
    a = tf.FIFOQueue(3, tf.int32, shapes=[[]], shared_name="shared")
    b = tf.FIFOQueue(3, tf.int32, shapes=[[]], shared_name="shared")
    c = tf.FIFOQueue(3, tf.int32, shapes=[[]])
    with tf.Session() as sess:
        sess.run([a.enqueue(1), c.enqueue(5)])
        rec.step(lambda: sess.run([b.size(), a.size(), c.size()]))
        rec.step(lambda: sess.run(b.dequeue()))
        rec.step(lambda: sess.run([b.size(), a.size()]))
    with tf.Session() as sess:
        rec.step(lambda: sess.run([a.size(), c.size()]))


def concurrent_producers(tf, rec, tmp):
    """Producers and consumers in threads at once: every element arrives exactly once."""
    q = tf.FIFOQueue(5, [tf.int32], shapes=[[]])
    x = tf.placeholder(tf.int32, [])
    enq, deq = q.enqueue([x]), q.dequeue()
    got, lock = [], threading.Lock()
    with tf.Session() as sess:

        def produce(base):
            for i in range(40):
                sess.run(enq, {x: base + i})

        def consume():
            while True:
                try:
                    v = sess.run(deq)
                except tf.errors.OutOfRangeError:
                    return
                with lock:
                    got.append(int(v))

        producers = [threading.Thread(target=produce, args=(k * 100,)) for k in range(3)]
        consumers = [threading.Thread(target=consume) for _ in range(2)]
        for t in producers + consumers:
            t.start()
        for t in producers:
            t.join(WAIT)
        sess.run(q.close())
        for t in consumers:
            t.join(WAIT)
        rec.note(
            [
                any(t.is_alive() for t in producers + consumers),
                len(got),
                sorted(got) == sorted(k * 100 + i for k in range(3) for i in range(40)),
            ]
        )


# -- readers -------------------------------------------------------------------------------
def write_files(tf_module=None):
    """The reader scenarios' input files, in the working directory."""
    os.makedirs("d", exist_ok=True)
    with open("d/a.txt", "w") as f:
        f.write("h1\nh2\nl1\nl2\r\nl3")
    with open("d/b.txt", "w") as f:
        f.write("m1\n\nm3\n")
    with open("d/f.bin", "wb") as f:
        f.write(b"HH" + bytes(range(12)) + b"FFF")
    with open("d/f.gz", "wb") as f:
        f.write(gzip.compress(b"HH" + bytes(range(12)) + b"FFF"))


def _queue_of(tf, sess, items):
    q = tf.FIFOQueue(10, tf.string, shapes=[[]])
    sess.run(q.enqueue_many([items]))
    sess.run(q.close())
    return q


def _read_all(tf, rec, sess, reader, items, n=None, times=6):
    q = _queue_of(tf, sess, items)
    out = reader.read(q) if n is None else reader.read_up_to(q, n)
    for _ in range(times):
        rec.step(lambda: sess.run(list(out)))
    return q


def text_line_reader(tf, rec, tmp):
    write_files()
    with tf.Session() as sess:
        r = tf.TextLineReader(skip_header_lines=1)
        rec.note(
            [
                r.reader_ref.op.type,
                r.reader_ref.name,
                r.supports_serialize,
                r.reader_ref.op.get_attr("skip_header_lines"),
            ]
        )
        _read_all(tf, rec, sess, r, ["d/a.txt", "d/b.txt"], times=7)
        rec.step(lambda: sess.run([r.num_records_produced(), r.num_work_units_completed()]))
        rec.step(lambda: sess.run(r.reset()))
        rec.step(lambda: sess.run(r.num_records_produced()))
        r2 = tf.TextLineReader(name="lines")
        keys, values = r2.read_up_to(_queue_of(tf, sess, ["d/a.txt", "d/b.txt"]), 4)
        rec.note([keys.name, _shape(keys), _shape(values)])
        for _ in range(4):
            rec.step(lambda: sess.run([keys, values]))
        r3 = tf.TextLineReader()
        _read_all(tf, rec, sess, r3, ["d/nope.txt"], times=2)


def fixed_length_reader(tf, rec, tmp):
    write_files()
    with tf.Session() as sess:
        r = tf.FixedLengthRecordReader(5, header_bytes=2, footer_bytes=3)
        _read_all(tf, rec, sess, r, ["d/f.bin"], times=3)
        r = tf.FixedLengthRecordReader(4, header_bytes=2, footer_bytes=3, hop_bytes=3)
        _read_all(tf, rec, sess, r, ["d/f.bin"], times=4)
        r = tf.FixedLengthRecordReader(6, header_bytes=2, footer_bytes=3, encoding="GZIP")
        rec.note(_text(r.reader_ref.op.get_attr("encoding")))
        _read_all(tf, rec, sess, r, ["d/f.gz"], times=3)


def tf_record_reader(tf, rec, tmp):
    write_files()
    options = tf.io.TFRecordOptions("GZIP")
    with tf.io.TFRecordWriter("d/r.tfr", options) as w:
        for i in range(3):
            w.write(b"rec%d" % i)
    with tf.io.TFRecordWriter("d/p.tfr") as w:
        for i in range(3):
            w.write(b"x" * i)
    with open("d/p.tfr", "rb") as f:
        data = f.read()
    with open("d/t.tfr", "wb") as f:
        f.write(data[:-3])
    with tf.Session() as sess:
        r = tf.TFRecordReader(options=options)
        rec.note(_text(r.reader_ref.op.get_attr("compression_type")))
        _read_all(tf, rec, sess, r, ["d/r.tfr"], times=4)
        _read_all(tf, rec, sess, tf.TFRecordReader(), ["d/p.tfr", "d/t.tfr"], times=7)
        _read_all(tf, rec, sess, tf.TFRecordReader(), ["d/p.tfr"], n=2, times=3)


def whole_file_and_identity(tf, rec, tmp):
    write_files()
    with tf.Session() as sess:
        _read_all(tf, rec, sess, tf.WholeFileReader(), ["d/b.txt", "d/nope.txt"], times=3)
        r = tf.IdentityReader()
        _read_all(tf, rec, sess, r, ["x", "y"], times=3)
        rec.step(lambda: sess.run([r.num_records_produced(), r.num_work_units_completed()]))
        _read_all(tf, rec, sess, tf.IdentityReader(), ["x", "y", "z"], n=2, times=3)


def reader_blocks_on_queue(tf, rec, tmp):
    q = tf.FIFOQueue(3, tf.string, shapes=[[]])
    key, value = tf.IdentityReader().read(q)
    with tf.Session() as sess:
        t, result = _blocked(lambda: sess.run([key, value]))
        rec.note(t.is_alive())
        sess.run(q.enqueue("w"))
        _finish(rec, t, result)
        rec.step(lambda: sess.run([key, value], options=tf.RunOptions(timeout_in_ms=150)))


def decode_csv_cases(tf, rec, tmp):
    line = tf.placeholder(tf.string)
    with tf.Session() as sess:
        defaults = [[0], [np.int64(0)], [0.0], [np.float64(0)], ["s"]]
        out = tf.decode_csv(line, defaults)
        rec.note([t.dtype.name for t in out])
        rec.step(lambda: sess.run(out, {line: ["1,2,3.5,4.25,x", ",,,,", '7,8,9,10,"a,b"']}))
        rec.step(lambda: sess.run(out, {line: ["1,2,3"]}))
        rec.step(lambda: sess.run(out, {line: ["1,x,3,4,5"]}))
        rec.step(lambda: sess.run(out, {line: ["1.5,2,3,4,5"]}))
        semi = tf.decode_csv(line, [[0], [""]], field_delim=";", use_quote_delim=False)
        rec.step(lambda: sess.run(semi, {line: ['1;"q"', "2;r"]}))
        na = tf.decode_csv(line, [[-1], [""]], na_value="NA")
        rec.step(lambda: sess.run(na, {line: ["NA,NA", "3,z"]}))
        sel = tf.decode_csv(line, [[0], ["?"]], select_cols=[0, 2])
        rec.step(lambda: sess.run(sel, {line: ["1,skip,b", "2,,"]}))
        req = tf.decode_csv(line, [tf.constant([], tf.int32), [0]])
        rec.step(lambda: sess.run(req, {line: [",1"]}))


def file_ops(tf, rec, tmp):
    with tf.Session() as sess:
        rec.step(lambda: sess.run(tf.write_file("w/x.bin", b"\x01\x02\x03\x04")))
        raw = tf.decode_raw(tf.read_file("w/x.bin"), tf.uint16)
        rec.step(lambda: sess.run(raw))
        big = tf.decode_raw(tf.read_file("w/x.bin"), tf.int16, little_endian=False)
        rec.step(lambda: sess.run(big))
        rec.step(lambda: sess.run(tf.read_file("w/none.bin")))
        rec.step(lambda: sess.run(tf.matching_files("w/*.bin")))


# -- queue runners -------------------------------------------------------------------------
def write_csv():
    os.makedirs("csv", exist_ok=True)
    for k in range(2):
        rows = "".join(f"{k * 10 + i},{(k * 10 + i) * 0.5},x{i}\n" for i in range(10))
        with open(f"csv/f{k}.csv", "w") as f:
            f.write("a,b,c\n" + rows)


def _drain(tf, sess, fetches, coord, limit=100):
    batches = []
    try:
        for _ in range(limit):
            if coord.should_stop():
                break
            batches.append(sess.run(fetches))
    except tf.errors.OutOfRangeError as e:
        batches.append({"end": type(e).__name__ + ": " + normalize(e)})
    return batches


def csv_epochs_batch(tf, rec, tmp):
    """The TF 1.x CSV program, in order: one producer, one reader, FIFO batches."""
    write_csv()
    files = tf.train.string_input_producer(
        ["csv/f0.csv", "csv/f1.csv"], num_epochs=2, shuffle=False
    )
    key, line = tf.TextLineReader(skip_header_lines=1).read(files)
    a, b, c = tf.decode_csv(line, record_defaults=[[0], [0.0], ["?"]])
    batch = tf.train.batch([key, a, b, c], batch_size=6, allow_smaller_final_batch=True)
    rec.note([t.name + _shape(t) for t in batch])
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        rec.note(len(threads))
        rec.note(_drain(tf, sess, batch, coord))
        coord.request_stop()
        coord.join(threads, stop_grace_period_secs=WAIT)
        rec.note([t.is_alive() for t in threads])


def csv_shuffle_batch(tf, rec, tmp):
    """The same with shuffled file names and a shuffle_batch: the multiset is TF's."""
    write_csv()
    files = tf.train.string_input_producer(["csv/f0.csv", "csv/f1.csv"], num_epochs=2, seed=3)
    _, line = tf.TextLineReader(skip_header_lines=1).read(files)
    a, b, c = tf.decode_csv(line, record_defaults=[[0], [0.0], ["?"]])
    batch = tf.train.shuffle_batch(
        [a, b, c],
        batch_size=7,
        capacity=30,
        min_after_dequeue=10,
        num_threads=2,
        seed=5,
        allow_smaller_final_batch=True,
    )
    rec.note([t.name + _shape(t) for t in batch])
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        batches = _drain(tf, sess, batch, coord)
        coord.request_stop()
        coord.join(threads, stop_grace_period_secs=WAIT)
    values = sorted(v for bt in batches[:-1] for v in bt[0].tolist())
    rec.note([values, batches[-1], [len(bt[0]) for bt in batches[:-2]]])


def no_local_init(tf, rec, tmp):
    files = tf.train.string_input_producer(["a", "b"], num_epochs=1)
    out = files.dequeue()
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        rec.step(lambda: sess.run(out, options=tf.RunOptions(timeout_in_ms=3000)))
        rec.step(lambda: coord.join(threads, stop_grace_period_secs=WAIT))


def producers(tf, rec, tmp):
    ints = tf.train.range_input_producer(4, num_epochs=2, shuffle=False)
    x, y = tf.train.slice_input_producer(
        [[1, 2, 3], [[1.0], [2.0], [3.0]]], num_epochs=1, shuffle=False
    )
    plain = tf.train.input_producer([[1, 2], [3, 4]], num_epochs=1, shuffle=False)
    rec.note([ints.name, _shape(x), _shape(y), plain.shapes[0].as_list()])
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        rec.note(
            [
                _drain(tf, sess, ints.dequeue(), coord),
                _drain(tf, sess, [x, y], coord),
                _drain(tf, sess, plain.dequeue(), coord),
            ]
        )
        coord.request_stop()
        coord.join(threads, stop_grace_period_secs=WAIT)


def batch_variants(tf, rec, tmp):
    one = tf.train.batch([tf.constant(1)], 2)
    named = tf.train.batch({"a": tf.constant(1), "b": tf.constant([1.0])}, 2)
    many = tf.train.batch(
        [tf.constant([[1], [2], [3]])], 2, enqueue_many=True, allow_smaller_final_batch=True
    )
    length = tf.placeholder_with_default(2, [])
    padded = tf.train.batch([tf.ones([length, 3])], 2, dynamic_pad=True, shapes=[[None, 3]])
    kept = tf.train.maybe_batch(
        [tf.constant([1, 2, 3, 4])], tf.constant([True, False, True, False]), 2, enqueue_many=True
    )
    joined = tf.train.batch_join([[tf.constant(1)], [tf.constant(2)]], 4)
    rec.note(
        [
            type(one).__name__,
            _shape(one),
            sorted(named),
            _shape(named["b"]),
            _shape(many),
            _shape(padded),
            _shape(kept),
            _shape(joined),
        ]
    )
    for fn in (
        lambda: tf.train.shuffle_batch([1], 2, 10, 10),
        lambda: tf.train.limit_epochs([1], 0),
        lambda: tf.train.string_input_producer([]),
        lambda: tf.train.batch([tf.placeholder(tf.int32)], 2),
        lambda: tf.train.input_producer(tf.placeholder(tf.int32)),
        lambda: tf.train.batch_join([[tf.constant(1)], [tf.constant(1.0)]], 2),
        lambda: tf.train.QueueRunner(),
        lambda: tf.train.maybe_batch([tf.constant(1)], [True], 2),
    ):
        rec.step(lambda: type(fn()).__name__)
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        rec.step(lambda: sess.run([one, named, kept]))
        rec.step(lambda: set(sess.run(joined).tolist()) <= {1, 2})  # two threads race
        rec.step(lambda: sess.run(padded))
        rec.step(lambda: sess.run(many))
        coord.request_stop()
        coord.join(threads, stop_grace_period_secs=WAIT)


def runner_error(tf, rec, tmp):
    q = tf.FIFOQueue(3, tf.int32, shapes=[[1]])
    p = tf.placeholder(tf.int32, [1], name="unfed")
    qr = tf.train.QueueRunner(q, [q.enqueue(p)])
    tf.train.add_queue_runner(qr)
    rec.note(
        [
            qr.name,
            qr.close_op.name,
            qr.cancel_op.name,
            [t.__name__ for t in qr.queue_closed_exception_types],
        ]
    )
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        rec.note(len(threads))
        rec.step(lambda: coord.join(threads, stop_grace_period_secs=WAIT))
        rec.note([coord.should_stop(), [t.is_alive() for t in threads]])
    coord = tf.train.Coordinator()
    rec.step(lambda: coord.request_stop(tf.errors.OutOfRangeError(None, None, "done")))
    rec.step(lambda: [coord.should_stop(), coord.join([])])


def _drain_to_end(tf, sess, fetches):
    """Every batch until the queue ends (a runner's error closes it), then how it ended."""
    batches = []
    try:
        for _ in range(100):
            batches.append(sess.run(fetches))
    except tf.errors.OutOfRangeError as e:
        batches.append({"end": type(e).__name__})
    return batches


def _runner_failure(tf, rec, batch):
    """Drains `batch` through a failing runner: the batches, then the runner's error."""
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        rec.note(_drain_to_end(tf, sess, batch))
        rec.step(lambda: coord.join(threads, stop_grace_period_secs=WAIT))
        rec.note([t.is_alive() for t in threads])


def csv_runner_bad_line(tf, rec, tmp):
    """A bad line 95 records into a file of 150: the records before it arrive, none after."""
    rows = [f"{i},{i / 4},{i % 3}\n" for i in range(150)]
    rows[95] = "95,23.75\n"
    with open("bad.csv", "w") as f:
        f.write("".join(rows))
    files = tf.train.string_input_producer(["bad.csv"], num_epochs=1, shuffle=False)
    _, line = tf.TextLineReader().read(files)
    a, b, c = tf.decode_csv(line, record_defaults=[[0], [0.0], [0]])
    batch = tf.train.batch(
        [tf.stack([tf.cast(a, tf.float32), b]), c], 10, allow_smaller_final_batch=True
    )
    rec.note([t.name + _shape(t) for t in batch])
    _runner_failure(tf, rec, batch)


def tfrecord_runner_truncated(tf, rec, tmp):
    """A TFRecord file cut inside its 71st record, read by a runner: 70 records, then the
    reader's DataLossError."""
    with tf.python_io.TFRecordWriter("cut.tfrecord") as writer:
        for i in range(100):
            writer.write(b"record %03d" % i)
    with open("cut.tfrecord", "rb") as f:
        data = f.read()
    with open("cut.tfrecord", "wb") as f:
        f.write(data[: 70 * 26 + 20])  # 26 bytes a record: the framing's 16 and 10 of data
    files = tf.train.string_input_producer(["cut.tfrecord"], num_epochs=1, shuffle=False)
    key, value = tf.TFRecordReader().read(files)
    batch = tf.train.batch([key, value], 8, allow_smaller_final_batch=True)
    _runner_failure(tf, rec, batch)


SCENARIOS = {
    "queues": [
        fifo_basic,
        fifo_components,
        named_queue,
        build_errors,
        queue_graph,
        padding_queue,
        priority_queue,
        shuffle_queue,
        many_shuffled,
        timeout_empty,
        blocking_dequeue,
        blocking_enqueue,
        closed_during_dequeue_many,
        session_close_wakes,
        shared_queues,
        concurrent_producers,
    ],
    "readers": [
        text_line_reader,
        fixed_length_reader,
        tf_record_reader,
        whole_file_and_identity,
        reader_blocks_on_queue,
        decode_csv_cases,
        file_ops,
    ],
    "runners": [
        csv_epochs_batch,
        csv_shuffle_batch,
        no_local_init,
        producers,
        batch_variants,
        runner_error,
        csv_runner_bad_line,
        tfrecord_runner_truncated,
    ],
}


def run(tf, scenario, tmp):
    """The recorded steps of `scenario`, run in a fresh graph with `tmp` as working dir."""
    rec = Recorder()
    cwd = os.getcwd()
    os.chdir(tmp)
    try:
        with tf.Graph().as_default():
            scenario(tf, rec, tmp)
    finally:
        os.chdir(cwd)
    return rec.out

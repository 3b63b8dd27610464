"""tf.TextLineReader, TFRecordReader, FixedLengthRecordReader, WholeFileReader, IdentityReader
and their ops, tf.decode_csv, tf.decode_raw, tf.read_file, tf.write_file and tf.matching_files
against real TF 1.15 (golden/queues.json from tools/make_queue_fixtures.py)."""

import pytest

import tinytf as tf
from tests.ops import queue_cases
from tests.ops.queue_golden import check_scenario


@pytest.mark.parametrize("scenario", queue_cases.SCENARIOS["readers"], ids=lambda s: s.__name__)
def test_matches_tf(scenario, tmp_path):
    check_scenario(scenario, tmp_path)


def test_text_line_reader_streams_a_large_file(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("".join(f"{i}\n" for i in range(20000)))
    q = tf.FIFOQueue(2, tf.string, shapes=[[]])
    keys, values = tf.TextLineReader().read_up_to(q, 1000)
    with tf.Session() as sess:
        sess.run(q.enqueue(str(path)))
        sess.run(q.close())
        total, last = 0, None
        while True:
            try:
                k, v = sess.run([keys, values])
            except tf.errors.OutOfRangeError:
                break
            total += len(v)
            last = (k[-1], v[-1])
    assert total == 20000
    assert last == (f"{path}:20000".encode(), b"19999")


def test_tf_record_reader_reads_files_written_by_tf_record_writer(tmp_path):
    path = str(tmp_path / "r.tfr")
    options = tf.io.TFRecordOptions(tf.io.TFRecordCompressionType.ZLIB)
    with tf.io.TFRecordWriter(path, options) as w:
        for i in range(5):
            w.write(bytes([i]) * i)
    q = tf.FIFOQueue(2, tf.string, shapes=[[]])
    keys, values = tf.TFRecordReader(options=options).read_up_to(q, 10)
    with tf.Session() as sess:
        sess.run([q.enqueue(path), q.close()])
        k, v = sess.run([keys, values])
    assert list(v) == [bytes([i]) * i for i in range(5)]
    assert k[1] == f"{path}:16".encode()

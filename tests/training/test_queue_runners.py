"""tf.train.Coordinator, QueueRunner, start_queue_runners and the input producers and batchers
against real TF 1.15 (tests/ops/golden/queues.json from tools/make_queue_fixtures.py), and the
TF 1.x CSV program with epochs, which must finish and leave no thread running."""

import threading

import pytest

import tinytf as tf
from tests.ops import queue_cases
from tests.ops.queue_golden import check_scenario, threads_settle


@pytest.mark.parametrize("scenario", queue_cases.SCENARIOS["runners"], ids=lambda s: s.__name__)
def test_matches_tf(scenario, tmp_path):
    check_scenario(scenario, tmp_path)


def _write_csv(tmp_path, files=3, rows=50):
    names = []
    for k in range(files):
        path = tmp_path / f"part{k}.csv"
        path.write_text(
            "x,y,label\n"
            + "".join(f"{k * rows + i},{(k * rows + i) / 2},{i % 3}\n" for i in range(rows))
        )
        names.append(str(path))
    return names


def test_csv_queue_pipeline_with_epochs_finishes_without_threads(tmp_path):
    names = _write_csv(tmp_path)
    before = threading.active_count()
    with tf.Graph().as_default():
        filename_queue = tf.train.string_input_producer(names, num_epochs=2)
        reader = tf.TextLineReader(skip_header_lines=1)
        _, line = reader.read(filename_queue)
        x, y, label = tf.decode_csv(line, record_defaults=[[0], [0.0], [0]])
        features = tf.stack([tf.cast(x, tf.float32), y])
        xs, labels = tf.train.shuffle_batch(
            [features, label],
            batch_size=16,
            capacity=200,
            min_after_dequeue=50,
            num_threads=2,
            allow_smaller_final_batch=True,
        )
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess=sess, coord=coord)
            seen, steps = [], 0
            try:
                while not coord.should_stop():
                    batch, _ = sess.run([xs, labels])
                    seen.extend(batch[:, 0].astype(int).tolist())
                    steps += 1
            except tf.errors.OutOfRangeError:
                pass
            finally:
                coord.request_stop()
            coord.join(threads, stop_grace_period_secs=queue_cases.WAIT)
    assert sorted(seen) == sorted(list(range(150)) * 2)
    assert steps == 19  # 300 rows: 18 batches of 16 and a final one of 12
    assert threads_settle(before)


def test_session_close_stops_the_runner_threads(tmp_path):
    before = threading.active_count()
    with tf.Graph().as_default():
        q = tf.FIFOQueue(4, tf.int32, shapes=[[]])
        tf.train.add_queue_runner(tf.train.QueueRunner(q, [q.enqueue(1)] * 2))
        sess = tf.Session()
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        assert all(t.daemon for t in threads)
        assert sess.run(q.dequeue()) == 1
        sess.close()  # the runners' blocked enqueues are cancelled
        with pytest.raises((tf.errors.CancelledError, RuntimeError)):
            coord.join(threads, stop_grace_period_secs=queue_cases.WAIT)
    assert threads_settle(before)


def test_request_stop_stops_the_runners_and_join_raises_nothing():
    before = threading.active_count()
    with tf.Graph().as_default():
        q = tf.FIFOQueue(4, tf.int32, shapes=[[]])
        tf.train.add_queue_runner(tf.train.QueueRunner(q, [q.enqueue(1)]))
        with tf.Session() as sess:
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess=sess, coord=coord)
            assert sess.run(q.dequeue_many(4)).tolist() == [1] * 4
            coord.request_stop()
            coord.join(threads, stop_grace_period_secs=queue_cases.WAIT)
            assert coord.joined
    assert threads_settle(before)


def test_coordinator_join_raises_after_grace_period_with_live_threads():
    coord = tf.train.Coordinator()
    release = threading.Event()
    t = threading.Thread(target=release.wait, args=(queue_cases.WAIT,), name="straggler")
    t.start()
    coord.request_stop()
    with pytest.raises(RuntimeError, match="straggler"):
        coord.join([t], stop_grace_period_secs=0.05)
    release.set()
    t.join(queue_cases.WAIT)


def test_coordinator_reraises_the_first_error_and_ignores_clean_stops():
    coord = tf.train.Coordinator()
    with coord.stop_on_exception():
        raise ValueError("first")
    coord.request_stop(TypeError("second"))
    with pytest.raises(ValueError, match="first"):
        coord.join([])
    coord.clear_stop()
    assert not coord.should_stop()
    with coord.stop_on_exception():
        raise tf.errors.OutOfRangeError(None, None, "end")
    coord.join([])
    assert coord.should_stop()


def test_looper_thread_runs_target_until_stop():
    coord = tf.train.Coordinator()
    calls = []
    looper = tf.train.LooperThread.loop(coord, 0.01, target=lambda: calls.append(1))
    while len(calls) < 3:
        threading.Event().wait(0.01)
    coord.request_stop()
    coord.join([looper], stop_grace_period_secs=queue_cases.WAIT)
    assert not looper.is_alive() and len(calls) >= 3


def test_start_queue_runners_needs_a_session():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="No default session is registered"):
            tf.train.start_queue_runners()
        with pytest.raises(TypeError, match="sess must be a `tf.Session` object"):
            tf.train.start_queue_runners(sess=object())


def test_monitored_session_starts_and_stops_the_queue_runners():
    """As TF's MonitoredSession: the queue runners start with it, under its Coordinator, and a
    pipeline with epochs ends the loop with OutOfRangeError, which the session swallows."""
    before = threading.active_count()
    with tf.Graph().as_default():
        names = tf.train.string_input_producer(["a", "b", "c"], num_epochs=2, shuffle=False)
        item = names.dequeue()
        seen = []
        with tf.train.MonitoredTrainingSession() as sess:
            while not sess.should_stop():
                seen.append(sess.run(item))
    assert seen == [b"a", b"b", b"c", b"a", b"b", b"c"]
    assert threads_settle(before)

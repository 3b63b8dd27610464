"""tf.data's threads: prefetch produces ahead in the background (checked by events, not wall
time), map(num_parallel_calls) runs calls at once, and no thread outlives its iterator."""

import gc
import threading
import time

import numpy as np
import pytest

import tinytf as tf

WAIT_S = 10  # generous: a failure waits this long instead of hanging


def _threads(prefix):
    return [t for t in threading.enumerate() if t.name.startswith(prefix)]


def _wait_until(cond, timeout=WAIT_S):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.01)
    return cond()


@pytest.fixture(autouse=True)
def no_thread_left():
    yield
    gc.collect()
    assert _wait_until(lambda: not _threads("tinytf-")), _threads("tinytf-")


class _Producer:
    """A generator of 0..n-1 that records how far it got, with an event per element."""

    def __init__(self, n):
        self.n, self.produced = n, []
        self.events = [threading.Event() for _ in range(n)]

    def __call__(self):
        for i in range(self.n):
            self.produced.append(i)
            self.events[i].set()
            yield np.int64(i)


def _dataset(producer):
    return tf.data.Dataset.from_generator(producer, tf.int64, tf.TensorShape([]))


def test_prefetch_produces_ahead_while_the_step_runs():
    producer = _Producer(20)
    nxt = _dataset(producer).prefetch(3).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert sess.run(nxt) == 0
        # The "training step" runs now; the producer fills the buffer without another get_next.
        assert producer.events[3].wait(WAIT_S)
        time.sleep(0.2)
        # Bounded: 3 buffered + 1 in the producer's hand (+1 handed over) at most.
        assert len(producer.produced) <= 1 + 3 + 2
        assert [int(sess.run(nxt)) for _ in range(19)] == list(range(1, 20))
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(nxt)


def test_without_prefetch_nothing_is_produced_ahead():
    producer = _Producer(5)
    nxt = _dataset(producer).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert sess.run(nxt) == 0
        assert not producer.events[1].wait(0.2)
        assert sess.run(nxt) == 1


def test_reinitializing_stops_the_old_prefetch_thread():
    producer = _Producer(1000)
    it = _dataset(producer).prefetch(2).make_initializable_iterator()
    nxt = it.get_next()
    with tf.Session() as sess:
        for _ in range(3):
            sess.run(it.initializer)
            assert sess.run(nxt) == 0
            assert _wait_until(lambda: len(_threads("tinytf-prefetch")) == 1)
    gc.collect()
    assert _wait_until(lambda: not _threads("tinytf-prefetch"))


def test_closing_the_session_stops_the_prefetch_thread():
    nxt = _dataset(_Producer(1000)).prefetch(2).make_one_shot_iterator().get_next()
    sess = tf.Session()
    sess.run(nxt)
    assert len(_threads("tinytf-prefetch")) == 1
    sess.close()
    gc.collect()
    assert _wait_until(lambda: not _threads("tinytf-prefetch"))


def test_an_error_in_the_producer_reaches_get_next():
    d = tf.data.Dataset.from_tensor_slices(np.array([1.0, 0.0], np.float32))
    d = d.map(lambda v: tf.check_numerics(1.0 / v, "bad value")).prefetch(1)
    nxt = d.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert sess.run(nxt) == 1.0
        with pytest.raises(tf.errors.InvalidArgumentError, match="bad value"):
            sess.run(nxt)


def test_parallel_map_runs_calls_at_once_and_keeps_the_order():
    barrier = threading.Barrier(3, timeout=WAIT_S)  # passes only with 3 calls running at once

    def meet(v):
        barrier.wait()
        return v * 10

    d = tf.data.Dataset.range(9).map(
        lambda v: tf.py_func(meet, [v], tf.int64, stateful=False), num_parallel_calls=3
    )
    nxt = d.make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert [int(sess.run(nxt)) for _ in range(9)] == [v * 10 for v in range(9)]
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(nxt)


def test_get_next_from_several_threads_delivers_each_element_once():
    nxt = tf.data.Dataset.range(200).prefetch(4).make_one_shot_iterator().get_next()
    got, lock = [], threading.Lock()
    with tf.Session() as sess:

        def consume():
            while True:
                try:
                    v = int(sess.run(nxt))
                except tf.errors.OutOfRangeError:
                    return
                with lock:
                    got.append(v)

        workers = [threading.Thread(target=consume) for _ in range(3)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(WAIT_S)
        assert not any(w.is_alive() for w in workers)
    assert sorted(got) == list(range(200))

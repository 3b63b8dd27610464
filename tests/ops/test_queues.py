"""tf.FIFOQueue, RandomShuffleQueue, PaddingFIFOQueue, PriorityQueue and their ops against real
TF 1.15 (golden/queues.json from tools/make_queue_fixtures.py), blocking as TF blocks, and a
Session.run that producers and consumers call from several threads at once."""

import threading

import numpy as np
import pytest

import tinytf as tf
from tests.ops import queue_cases
from tests.ops.queue_golden import check_scenario, threads_settle


@pytest.mark.parametrize("scenario", queue_cases.SCENARIOS["queues"], ids=lambda s: s.__name__)
def test_matches_tf(scenario, tmp_path):
    check_scenario(scenario, tmp_path)


def test_random_shuffle_queue_repeats_its_order_for_a_seed():
    def draw():
        with tf.Graph().as_default():
            q = tf.RandomShuffleQueue(20, 0, tf.int32, shapes=[[]], seed=4)
            with tf.Session() as sess:
                sess.run(q.enqueue_many([np.arange(20)]))
                return sess.run(q.dequeue_many(20)).tolist()

    first = draw()
    assert first == draw()
    assert sorted(first) == list(range(20)) and first != list(range(20))


def test_random_shuffle_queue_keeps_min_after_dequeue_until_closed():
    q = tf.RandomShuffleQueue(10, 3, tf.int32, shapes=[[]], seed=1)
    opts = tf.RunOptions(timeout_in_ms=50)
    with tf.Session() as sess:
        sess.run(q.enqueue_many([[1, 2, 3, 4, 5]]))
        assert sess.run(q.dequeue_many(2)).shape == (2,)
        with pytest.raises(tf.errors.DeadlineExceededError):
            sess.run(q.dequeue(), options=opts)
        sess.run(q.close())
        assert sess.run(q.dequeue_many(3)).shape == (3,)


def test_session_runs_concurrently_while_one_run_blocks():
    q = tf.FIFOQueue(2, tf.float32, shapes=[[]])
    deq = q.dequeue()
    x = tf.placeholder(tf.float32)
    with tf.Session() as sess:
        before = threading.active_count()
        out = []
        t = threading.Thread(target=lambda: out.append(sess.run(deq)))
        t.start()
        # new plans compile and run while the other thread's run waits in the queue
        assert sess.run(x * 2, {x: 3.0}) == 6.0
        assert sess.run(tf.constant(1.0) + 1) == 2.0
        sess.run(q.enqueue(5.0))
        t.join(queue_cases.WAIT)
        assert not t.is_alive() and out == [5.0]
        assert threads_settle(before)


def test_concurrent_runs_of_many_plans_agree():
    x = tf.placeholder(tf.int32, [])
    fetches = [x * k for k in range(8)]
    errors, lock = [], threading.Lock()
    with tf.Session() as sess:

        def worker(k):
            for i in range(50):
                got = sess.run(fetches[k], {x: i})
                if got != i * k:
                    with lock:
                        errors.append((k, i, got))

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(queue_cases.WAIT)
        assert not any(t.is_alive() for t in threads)
    assert errors == []


def test_queue_is_per_session():
    q = tf.FIFOQueue(3, tf.int32, shapes=[[]])
    with tf.Session() as a, tf.Session() as b:
        a.run(q.enqueue(1))
        assert a.run(q.size()) == 1 and b.run(q.size()) == 0


def test_dequeue_static_shapes_and_dtypes():
    q = tf.PaddingFIFOQueue(4, [tf.int64, tf.string], shapes=[[None, 2], []])
    a, b = q.dequeue_many(3)
    assert a.shape.as_list() == [3, None, 2] and b.shape.as_list() == [3]
    assert a.dtype == tf.int64 and b.dtype == tf.string
    c, _ = q.dequeue_up_to(tf.placeholder(tf.int32, []))
    assert c.shape.as_list() == [None, None, 2]


def test_queue_ops_are_not_differentiable():
    q = tf.FIFOQueue(3, tf.float32, shapes=[[]])
    y = q.dequeue() * 2.0
    assert tf.gradients(y, [q.queue_ref])[0] is None


def test_queue_graph_round_trips_through_a_graph_def():
    q = tf.FIFOQueue(3, [tf.int32, tf.string], shapes=[[], [2]], name="q")
    q.enqueue_many([[1, 2], [["a", "b"], ["c", "d"]]], name="enq")
    q.dequeue_many(2, name="deq")
    graph_def = tf.get_default_graph().as_graph_def()
    with tf.Graph().as_default() as g:
        tf.import_graph_def(graph_def, name="")
        assert g.get_operation_by_name("q").get_attr("capacity") == 3
        with tf.Session() as sess:
            sess.run("enq")
            ints, strs = sess.run(["deq:0", "deq:1"])
    assert ints.tolist() == [1, 2] and strs.tolist() == [[b"a", b"b"], [b"c", b"d"]]


def test_dequeue_many_larger_than_capacity_takes_elements_as_they_come():
    q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    with tf.Session() as sess:
        t = threading.Thread(target=lambda: sess.run(q.enqueue_many([list(range(5))])))
        t.start()
        assert sess.run(q.dequeue_many(5)).tolist() == [0, 1, 2, 3, 4]
        t.join(queue_cases.WAIT)
        assert not t.is_alive()


def test_timed_out_dequeue_many_loses_nothing():
    q = tf.FIFOQueue(5, tf.int32, shapes=[[]])
    with tf.Session() as sess:
        sess.run(q.enqueue_many([[1, 2]]))
        with pytest.raises(tf.errors.DeadlineExceededError):
            sess.run(q.dequeue_many(3), options=tf.RunOptions(timeout_in_ms=50))
        assert sess.run(q.dequeue_many(2)).tolist() == [1, 2]


def test_closed_dequeue_many_reports_what_it_still_needed():
    q = tf.FIFOQueue(5, tf.int32, shapes=[[]])
    with tf.Session() as sess:
        sess.run(q.enqueue_many([[1, 2]]))
        t = threading.Thread(target=lambda: sess.run(q.close()))
        result = []

        def dequeue():
            try:
                sess.run(q.dequeue_many(3))
            except tf.errors.OutOfRangeError as e:
                result.append(e.message)

        d = threading.Thread(target=dequeue)
        d.start()
        threading.Event().wait(0.2)
        t.start()
        for th in (t, d):
            th.join(queue_cases.WAIT)
        # as TF: the two taken elements go back to the queue; the message counts what is missing
        assert result and "(requested 1, current size 0)" in result[0]
        assert sess.run(q.dequeue_up_to(5)).tolist() == [1, 2]

"""Behaviour of the session machinery that goldens cannot pin: threads stop and are joined,
a hook waits for another thread's steps, hooks' RunOptions are merged, Scaffold's init_fn."""

import os
import threading
import time

import pytest

import tinytf as tf
from tinytf.training.monitored_session import Scaffold

WAIT = 10.0


def _loopers():
    return [t for t in threading.enumerate() if isinstance(t, tf.train.LooperThread)]


def _model():
    step = tf.train.get_or_create_global_step()
    x = tf.Variable(1.0, name="x")
    return step, x, tf.group(tf.assign_add(x, 1.0), tf.assign_add(step, 1))


def test_supervisor_services_save_repeatedly_and_stop_joins_them(tmp_path):
    logdir = str(tmp_path)
    with tf.Graph().as_default():
        step, x, train = _model()
        tf.summary.scalar("x_value", x)
        sv = tf.train.Supervisor(logdir=logdir, save_model_secs=0.05, save_summaries_secs=0.05)
        with sv.managed_session() as sess:
            assert len(_loopers()) == 3  # summaries, steps/sec, checkpoints
            deadline = time.time() + WAIT
            while time.time() < deadline:
                sess.run(train)
                state = tf.train.get_checkpoint_state(logdir)
                if state is not None and len(state.all_model_checkpoint_paths) >= 3:
                    break
                time.sleep(0.01)
        assert not _loopers()
        assert len(tf.train.get_checkpoint_state(logdir).all_model_checkpoint_paths) >= 3
    events = [
        e
        for name in os.listdir(logdir)
        if name.startswith("events")
        for e in tf.train.summary_iterator(os.path.join(logdir, name))
    ]
    tags = {v.tag for e in events for v in e.summary.value}
    assert {"x_value", "global_step/sec"} <= tags


def test_supervisor_worker_raises_deadline_when_never_ready():
    with tf.Graph().as_default():
        with tf.device("/cpu:0"):
            tf.Variable(1.0)
        sv = tf.train.Supervisor(is_chief=False, recovery_wait_secs=0.01)
        with pytest.raises(tf.errors.DeadlineExceededError, match="not ready after waiting"):
            sv.prepare_or_wait_for_session(max_wait_secs=0.05)


def test_global_step_waiter_hook_waits_for_another_thread():
    with tf.Graph().as_default():
        step, _, train = _model()
        bump = tf.assign_add(step, 1)
        waiter = tf.train.GlobalStepWaiterHook(wait_until_step=3)
        with tf.train.SingularMonitoredSession(hooks=[waiter]) as sess:
            raw = sess.raw_session()

            def chief():
                for _ in range(3):
                    time.sleep(0.05)
                    raw.run(bump)

            thread = threading.Thread(target=chief)
            thread.start()
            sess.run(train)  # returns once the chief has made 3 steps
            thread.join(WAIT)
            assert not thread.is_alive()
            assert raw.run(step) == 4


def test_hook_run_options_are_merged_and_metadata_reaches_after_run():
    seen = {}

    class Tracing(tf.train.SessionRunHook):
        def before_run(self, run_context):
            options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE, timeout_in_ms=5000)
            return tf.train.SessionRunArgs(None, options=options)

        def after_run(self, run_context, run_values):
            seen["trace_level"] = run_values.options.trace_level
            seen["timeout"] = run_values.options.timeout_in_ms
            seen["nodes"] = sum(
                len(d.node_stats) for d in run_values.run_metadata.step_stats.dev_stats
            )

    with tf.Graph().as_default():
        v = tf.Variable(2.0)
        c = tf.assign_add(v, 4.0)
        with tf.train.MonitoredSession(hooks=[Tracing()]) as sess:
            assert sess.run(c, options=tf.RunOptions(timeout_in_ms=100)) == 6.0
    assert seen["trace_level"] == tf.RunOptions.FULL_TRACE
    assert seen["timeout"] == 5000  # the larger one, as TF
    assert seen["nodes"] > 0


def test_hook_and_caller_feeding_the_same_tensor_is_an_error():
    class Feeding(tf.train.SessionRunHook):
        def __init__(self, p):
            self._p = p

        def before_run(self, run_context):
            return tf.train.SessionRunArgs(None, feed_dict={self._p: 1.0})

    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32)
        doubled = p * 2.0
        with tf.train.MonitoredSession(hooks=[Feeding(p)]) as sess:
            assert sess.run(doubled) == 2.0
            with pytest.raises(
                RuntimeError, match="Same tensor is fed by a SessionRunHook and user"
            ):
                sess.run(p, feed_dict={p: 3.0})


def test_scaffold_init_fn_gets_scaffold_and_session_and_copy_keeps_it():
    calls = []
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        scaffold = Scaffold(init_fn=lambda sc, sess: calls.append((sc, sess.run(v))))
        copy = Scaffold(copy_from_scaffold=scaffold)
        with tf.train.MonitoredSession(tf.train.ChiefSessionCreator(scaffold=copy)):
            pass
    assert calls == [(copy, 1.0)]
    with pytest.raises(TypeError, match="copy_from_scaffold is not a Scaffold"):
        Scaffold(copy_from_scaffold=3)


def test_monitored_session_unfinalizes_the_graph_it_finalized():
    with tf.Graph().as_default() as graph:
        tf.Variable(1.0)
        with tf.train.MonitoredSession():
            assert graph.finalized
        assert not graph.finalized
        graph.finalize()
        with tf.train.MonitoredSession():
            pass
        assert graph.finalized


def test_checkpoints_iterator_yields_a_checkpoint_written_while_it_waits(tmp_path):
    ckpt_dir = str(tmp_path)
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        saver = tf.train.Saver()
        sess = tf.Session()
        sess.run(v.initializer)
        saver.save(sess, os.path.join(ckpt_dir, "m"), global_step=1)

        def later():
            time.sleep(0.3)
            saver.save(sess, os.path.join(ckpt_dir, "m"), global_step=2)

        thread = threading.Thread(target=later)
        thread.start()
        seen = [os.path.basename(p) for p in tf.train.checkpoints_iterator(ckpt_dir, timeout=3)]
        thread.join(WAIT)
        sess.close()
    assert seen == ["m-1", "m-2"]


def test_worker_session_creator_ready_without_variables():
    with tf.Graph().as_default():
        c = tf.constant(4.0)
        with tf.train.MonitoredSession(tf.train.WorkerSessionCreator(max_wait_secs=0)) as sess:
            assert sess.run(c) == 4.0
    assert issubclass(tf.train.WorkerSessionCreator, tf.train.SessionCreator)
    with pytest.raises(TypeError):
        tf.train.SessionCreator()


def test_supervisor_second_managed_session_writes_a_new_event_file(tmp_path):
    logdir = str(tmp_path)
    with tf.Graph().as_default():
        step, x, train = _model()
        sv = tf.train.Supervisor(logdir=logdir, save_model_secs=0, save_summaries_secs=0)
        for _ in range(2):
            with sv.managed_session() as sess:
                sess.run(train)
            assert not _loopers()
    events = [n for n in os.listdir(logdir) if n.startswith("events.out.tfevents")]
    assert len(events) == 2
    statuses = []
    for name in sorted(events):
        for e in tf.train.summary_iterator(os.path.join(logdir, name)):
            if e.WhichOneof("what") == "session_log":
                statuses.append(e.session_log.status)
    log = tf.SessionLog
    assert statuses == [log.START, log.STOP, log.START, log.STOP]

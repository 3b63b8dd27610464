"""Scenarios of tf.train's session machinery whose results real TF 1.15 decides: Supervisor
and basic_train_loop, SessionManager, MonitoredSession's hooks and run_step_fn, the hooks,
replica_device_setter and ClusterSpec, summary_iterator, the checkpoint and global-step
utilities, warm_start. Each scenario takes the `tf` module (tinytf, or real TF 1.15) and a
scratch directory and returns what it saw as JSON-able data.

tools/make_train_session_fixtures.py runs them with TF 1.15 into
golden/train_session.json; tests/training/test_train_session*.py run them with tinytf and
compare. Python 3.7 and NumPy 1.18 compatible (the fixture script imports this with TF 1.15).
"""

import base64
import json
import os
import re
import threading
import time

import numpy as np

WAIT = 20.0  # seconds a scenario waits for a thread's file before it gives up


def err(fn, tmp=None):
    """'ClassName: first line of the message' of what fn() raises (the scratch directory
    written <tmp>), or None."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the class is what gets recorded
        line = type(e).__name__ + ": " + str(e).split("\n")[0]
        return line.replace(tmp, "<tmp>") if tmp else line
    return None


def plain(value):
    """value with NumPy scalars and arrays as Python numbers and lists, tuples as lists."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (np.ndarray, np.generic)):
        return plain(value.tolist())
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


def run(tf, scenario, tmp):
    """The scenario's results as plain JSON data."""
    return plain(scenario(tf, tmp))


def files(directory):
    """The directory's file names, event files' host/pid/time parts elided."""
    names = [
        re.sub(r"^events\.out\.tfevents\..*$", "events.out.tfevents.*", n)
        for n in os.listdir(directory)
    ]
    return sorted(n for n in names if not n.endswith(".tmp"))


def _wait_for(path):
    deadline = time.time() + WAIT
    while not os.path.exists(path) and time.time() < deadline:
        time.sleep(0.01)


def event_summary(event):
    """One event as [kind, step, details] (wall times left out)."""
    kind = event.WhichOneof("what")
    if kind == "summary":
        values = []
        for v in event.summary.value:
            values.append([v.tag, v.WhichOneof("value"), round(v.simple_value, 5)])
        return [kind, int(event.step), values]
    if kind == "session_log":
        status = event.session_log.SessionStatus.Name(event.session_log.status)
        return [
            kind,
            int(event.step),
            [status, os.path.basename(event.session_log.checkpoint_path)],
        ]
    if kind == "file_version":
        return [kind, int(event.step), event.file_version]
    if kind == "tagged_run_metadata":
        return [kind, int(event.step), event.tagged_run_metadata.tag]
    return [kind, int(event.step), None]


def read_events(tf, directory):
    """[event_summary] of the directory's event files, in file order."""
    out = []
    for name in sorted(os.listdir(directory)):
        if name.startswith("events.out.tfevents"):
            out += [
                event_summary(e) for e in tf.train.summary_iterator(os.path.join(directory, name))
            ]
    return out


def _looper_threads(tf):
    looper = tf.train.LooperThread
    return sum(1 for t in threading.enumerate() if isinstance(t, looper) and t.is_alive())


# -- replica_device_setter and ClusterSpec ---------------------------------------------------


def _devices(tf, names):
    graph = tf.get_default_graph()
    return {n: graph.get_operation_by_name(n).device for n in names}


def device_setter_ps_tasks(tf, tmp):
    with tf.Graph().as_default():
        with tf.device(tf.train.replica_device_setter(ps_tasks=3)):
            for name in "abcd":
                tf.Variable(1.0, name=name)
            tf.add(tf.constant(1.0, name="one"), 2.0, name="s")
        return _devices(tf, ["a", "b", "c", "d", "one", "s"])


def device_setter_nested(tf, tmp):
    """A device function sees the device that inner tf.device blocks set."""
    out = {}
    with tf.Graph().as_default():
        with tf.device(tf.train.replica_device_setter(ps_tasks=3)):
            s = tf.add(tf.constant(1.0, name="one"), 2.0, name="s")
            with tf.device("/job:ps/task:7"):
                tf.Variable(5.0, name="e")
            with tf.device("/cpu:0"):
                tf.Variable(6.0, name="f")
                tf.identity(s, name="t")
            with tf.device("/job:other"):
                tf.Variable(6.0, name="g")
        out["merged"] = _devices(tf, ["e", "f", "t", "g"])
    with tf.Graph().as_default():
        setter = tf.train.replica_device_setter(ps_tasks=2, merge_devices=False)
        with tf.device(setter):
            with tf.device("/job:foo/task:3"):
                tf.Variable(1.0, name="a")
            tf.Variable(1.0, name="b")
        out["no_merge"] = _devices(tf, ["a", "b"])
    return out


def device_setter_cluster(tf, tmp):
    out = {}
    cluster = tf.train.ClusterSpec({"ps": ["ps0:2222", "ps1:2222"], "worker": ["w0:2222"]})
    with tf.Graph().as_default():
        setter = tf.train.replica_device_setter(
            cluster=cluster, worker_device="/job:worker/task:0/device:CPU:0"
        )
        with tf.device(setter):
            tf.Variable(1.0, name="a")
            tf.Variable(1.0, name="b")
            tf.Variable(1.0, name="c")
            tf.constant(1.0, name="k")
        out["cluster"] = _devices(tf, ["a", "b", "c", "k"])
    with tf.Graph().as_default():
        setter = tf.train.replica_device_setter(
            cluster={"ps": ["p:1"], "worker": ["w:1"]}, ps_device="/job:ps/device:GPU:0"
        )
        with tf.device(setter):
            tf.Variable(1.0, name="a")
            tf.constant(1.0, name="k")
        out["dict_gpu"] = _devices(tf, ["a", "k"])
    with tf.Graph().as_default():
        setter = tf.train.replica_device_setter(
            ps_tasks=2, ps_strategy=lambda op: 1, ps_ops=["VariableV2", "Add"], worker_device=None
        )
        with tf.device(setter):
            tf.Variable(1.0, name="a")
            tf.add(1.0, 2.0, name="plus")
            tf.constant(1.0, name="k")
        out["strategy_ops"] = _devices(tf, ["a", "plus", "k"])
    setter = tf.train.replica_device_setter(ps_tasks=2)
    setter(tf.NodeDef(name="n0", op="VariableV2"))
    out["node_def"] = [
        setter(tf.NodeDef(name="n", op="VariableV2")),
        setter(tf.NodeDef(name="m", op="Const", device="/cpu:0")),
    ]
    out["none"] = [
        tf.train.replica_device_setter() is None,
        tf.train.replica_device_setter(cluster={"worker": ["w:1"]}) is None,
    ]
    out["bad_strategy"] = err(lambda: tf.train.replica_device_setter(ps_tasks=1, ps_strategy=3))
    return out


def _jsonable(value):
    if isinstance(value, dict):
        return {repr(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def cluster_spec(tf, tmp):
    spec = tf.train.ClusterSpec({"worker": ["w0:1", "w1:1"], "ps": {0: "p0:1", 3: "p3:1"}})
    out = {
        "str": str(spec),
        "as_dict": _jsonable(spec.as_dict()),
        "jobs": sorted(spec.jobs),
        "num_tasks": spec.num_tasks("ps"),
        "task_indices": spec.task_indices("ps"),
        "job_tasks": spec.job_tasks("ps"),
        "task_address": spec.task_address("worker", 1),
        "cluster_def": str(spec.as_cluster_def()),
        "from_def": _jsonable(tf.train.ClusterSpec(spec.as_cluster_def()).as_dict()),
        "copy_eq": tf.train.ClusterSpec(spec) == spec.as_dict(),
        "eq_dict": tf.train.ClusterSpec({"a": ["x"]}) == {"a": {0: "x"}},
        "bool": [bool(tf.train.ClusterSpec({})), bool(spec)],
        "empty_job": _jsonable(tf.train.ClusterSpec({"a": []}).as_dict()),
    }
    out["errors"] = [
        err(lambda: tf.train.ClusterSpec(5)),
        err(lambda: tf.train.ClusterSpec({"a": 5})),
        err(lambda: spec.num_tasks("nope")),
        err(lambda: spec.task_address("worker", 9)),
        err(lambda: spec.job_tasks("nope")),
        err(lambda: tf.train.ClusterSpec({"a": [3]})),
    ]
    proto = tf.train.ClusterDef()
    job = proto.job.add()
    job.name = "ps"
    job.tasks[0] = "p:0"
    out["protos"] = [
        str(proto),
        tf.train.JobDef(name="x").name,
        tf.train.SaverDef(max_to_keep=3).max_to_keep,
    ]
    return out


# -- summary_iterator ------------------------------------------------------------------------


def _write_events(tf, logdir):
    writer = tf.summary.FileWriter(logdir)
    summary = tf.Summary(value=[tf.Summary.Value(tag="loss", simple_value=0.5)])
    writer.add_summary(summary, 3)
    writer.add_summary(summary.SerializeToString(), global_step=4)
    writer.add_session_log(tf.SessionLog(status=tf.SessionLog.START), 1)
    with tf.Graph().as_default() as graph:
        tf.constant(1.0, name="c")
    writer.add_graph(graph)
    writer.close()


def summary_iterator_events(tf, tmp):
    logdir = os.path.join(tmp, "logs")
    _write_events(tf, logdir)
    (name,) = os.listdir(logdir)
    with open(os.path.join(logdir, name), "rb") as f:
        raw = f.read()
    return {"events": read_events(tf, logdir), "_raw": base64.b64encode(raw).decode("ascii")}


# -- global step and checkpoint utilities ----------------------------------------------------


def global_step_utils(tf, tmp):
    out = {}
    with tf.Graph().as_default():
        v = tf.Variable(7, name="global_step")
        found = tf.train.get_global_step()
        out["by_name"] = found.name
        with tf.Session() as sess:
            sess.run(v.initializer)
            value = tf.train.global_step(sess, v)
            out["value"] = [value, type(value).__name__]
        out["assert_ok"] = tf.train.assert_global_step(v) is None
        out["errors"] = [
            err(lambda: tf.train.assert_global_step(tf.Variable(1.0, name="f"))),
            err(lambda: tf.train.assert_global_step(tf.Variable([1, 2], name="two"))),
            err(lambda: tf.train.assert_global_step(5)),
        ]
        out["placeholder_ok"] = (
            tf.train.assert_global_step(tf.placeholder(tf.int64, [None])) is None
        )
    with tf.Graph().as_default():
        tf.Variable(1.0, name="global_step")
        out["float_by_name"] = err(tf.train.get_global_step)
    return out


def checkpoint_utils(tf, tmp):
    out = {}
    ckpt_dir = os.path.join(tmp, "ckpt")
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty)
    out["empty_dir"] = err(lambda: tf.train.load_checkpoint(empty), tmp)
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0], name="v")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(v.initializer)
            saver.save(sess, os.path.join(ckpt_dir, "model"), global_step=1)
    reader = tf.train.load_checkpoint(ckpt_dir)
    out["reader"] = [
        sorted(reader.get_variable_to_shape_map().items()),
        reader.get_tensor("v").tolist(),
    ]
    seen = [os.path.basename(p) for p in tf.train.checkpoints_iterator(ckpt_dir, timeout=0.2)]
    out["iterator"] = seen
    calls = []

    def timeout_fn():
        calls.append(1)
        return len(calls) >= 2

    seen = list(tf.train.checkpoints_iterator(ckpt_dir, timeout=0.1, timeout_fn=timeout_fn))
    out["iterator_timeout_fn"] = [len(seen), len(calls)]
    out["nothing"] = list(tf.train.checkpoints_iterator(empty, timeout=0.1))
    return out


# -- SessionManager --------------------------------------------------------------------------


def session_manager(tf, tmp):
    out = {}
    ckpt_dir = os.path.join(tmp, "sm")
    with tf.Graph().as_default():
        a = tf.Variable(1.0, name="a")
        b = tf.Variable(2.0, name="b")
        ready = tf.report_uninitialized_variables()
        sm = tf.train.SessionManager(ready_op=ready)
        out["no_init"] = err(lambda: sm.prepare_session(""))
        init_a = tf.variables_initializer([a], name="init_a")
        out["not_ready"] = err(lambda: sm.prepare_session("", init_op=init_a))
        init = tf.global_variables_initializer()
        sess = sm.prepare_session("", init_op=init)
        out["prepared"] = sess.run([a, b])
        saver = tf.train.Saver()
        sess.run(a.assign(5.0))
        saver.save(sess, os.path.join(ckpt_dir, "model.ckpt"), global_step=3)
        sess.close()
        sess, restored = sm.recover_session("", saver=saver, checkpoint_dir=ckpt_dir)
        out["recovered"] = [restored, sess.run([a, b])]
        sess.close()
        sess = sm.prepare_session("", init_op=init, saver=saver, checkpoint_dir=ckpt_dir)
        out["prepared_from_ckpt"] = sess.run([a, b])
        sess.close()
        empty = os.path.join(tmp, "none")
        sess, restored = sm.recover_session("", saver=saver, checkpoint_dir=empty)
        out["not_recovered"] = [restored, sorted(v.decode() for v in sess.run(ready))]
        sess.close()
        fixed = os.path.join(ckpt_dir, "model.ckpt-3")
        sess, restored = sm.recover_session("", saver=saver, checkpoint_filename_with_path=fixed)
        out["recovered_path"] = [restored, sess.run(a)]
        sess.close()
        out["both"] = err(
            lambda: sm.recover_session(
                "", saver=saver, checkpoint_dir=ckpt_dir, checkpoint_filename_with_path=fixed
            )
        )
        waiting = tf.train.SessionManager(ready_op=ready, recovery_wait_secs=0.05)
        out["wait_timeout"] = err(lambda: waiting.wait_for_session("", max_wait_secs=0))
        local = tf.Variable(3.0, name="loc", collections=[tf.GraphKeys.LOCAL_VARIABLES])
        sm2 = tf.train.SessionManager(
            local_init_op=tf.variables_initializer([local], name="init_loc"),
            ready_op=tf.report_uninitialized_variables(),
            ready_for_local_init_op=tf.report_uninitialized_variables(tf.global_variables()),
        )
        out["local_not_ready"] = err(lambda: sm2.prepare_session("", init_op=init_a))
        sess = sm2.prepare_session("", init_op=init)
        out["local"] = sess.run(local)
        sess.close()
        msg = err(lambda: tf.train.SessionManager(ready_for_local_init_op=ready))
        out["needs_local_init"] = msg.split(" [")[0]
    return out


# -- Supervisor and basic_train_loop ---------------------------------------------------------


def _sv_model(tf):
    step = tf.train.get_or_create_global_step()
    x = tf.Variable(10.0, name="x")
    train = tf.group(tf.assign_add(x, 1.0), tf.assign_add(step, 1))
    tf.summary.scalar("const", tf.constant(2.5, name="value"))
    return step, x, train


def supervisor_train_loop(tf, tmp):
    out = {}
    logdir = os.path.join(tmp, "sv")
    with tf.Graph().as_default() as graph:
        step, x, train = _sv_model(tf)
        sv = tf.train.Supervisor(logdir=logdir, save_model_secs=3600, save_summaries_secs=3600)
        out["finalized"] = graph.finalized
        out["attrs"] = [
            sv.is_chief,
            sv.global_step.op.name,
            sv.save_path.endswith("model.ckpt"),
            sv.saver is not None,
            sv.summary_op is not None,
            sv.ready_for_local_init_op is None,
        ]
        steps = []

        def step_fn(sess):
            if not steps:  # the checkpoint thread saves once at the start: wait for it
                _wait_for(os.path.join(logdir, "checkpoint"))
            sess.run(train)
            steps.append(1)
            if len(steps) >= 5:
                sv.request_stop()

        tf.train.basic_train_loop(sv, step_fn)
        out["steps"] = len(steps)
        out["threads_alive"] = _looper_threads(tf)
        out["should_stop"] = sv.should_stop()
    out["files"] = files(logdir)
    state = tf.train.get_checkpoint_state(logdir)
    out["checkpoints"] = [os.path.basename(p) for p in state.all_model_checkpoint_paths]
    latest = tf.train.latest_checkpoint(logdir)
    out["latest"] = [
        os.path.basename(latest),
        sorted(n for n, _ in tf.train.list_variables(latest)),
        float(tf.train.load_variable(latest, "x")),
    ]
    events = read_events(tf, logdir)
    out["first_events"] = [e[0] for e in events[:2]]
    # the service threads write concurrently: their events are compared as a sorted set
    kinds = set()
    for kind, _, details in events:
        if kind == "summary":
            kinds.add("summary " + ",".join(v[0] for v in details))
        elif kind == "session_log":
            kinds.add("session_log " + details[0] + " " + details[1])
        else:
            kinds.add(kind)
    out["event_kinds"] = sorted(kinds)
    out["last_event"] = events[-1]
    with tf.Graph().as_default():
        step, x, train = _sv_model(tf)
        sv = tf.train.Supervisor(
            logdir=logdir, save_model_secs=0, save_summaries_secs=0, summary_writer=None
        )
        sess = sv.prepare_or_wait_for_session(start_standard_services=False)
        out["restored"] = sess.run([step, x])
        sv.stop()
        sess.close()
    return out


def supervisor_managed_errors(tf, tmp):
    out = {}
    with tf.Graph().as_default():
        step, x, train = _sv_model(tf)
        sv = tf.train.Supervisor(logdir=None)

        def raising(exc):
            with sv.managed_session() as sess:
                sess.run(train)
                raise exc

        out["value_error"] = err(lambda: raising(ValueError("boom")))
        out["out_of_range"] = err(lambda: raising(tf.errors.OutOfRangeError(None, None, "end")))
        out["stopped"] = sv.should_stop()
        with sv.managed_session() as sess:
            out["cleared"] = [sv.should_stop(), int(sess.run(step))]
            out["threads"] = _looper_threads(tf)
        ticks = []
        with sv.managed_session() as sess:
            looper = sv.loop(0.01, lambda: ticks.append(1))
            _deadline = time.time() + WAIT
            while len(ticks) < 3 and time.time() < _deadline:
                time.sleep(0.01)
        out["loop"] = [len(ticks) >= 3, looper.is_alive()]
        out["summary_computed"] = err(lambda: sv.summary_computed(None, b""))
    with tf.Graph().as_default():
        tf.Variable(1.0, name="v")
        out["worker_no_device"] = err(lambda: tf.train.Supervisor(is_chief=False))
    with tf.Graph().as_default():
        with tf.device("/cpu:0"):
            v = tf.Variable(1.0, name="v")
        sv = tf.train.Supervisor(is_chief=False, recovery_wait_secs=0.05)
        out["worker_attrs"] = [sv.summary_writer is None, sv.save_path, sv.save_model_secs]
        out["worker_services"] = err(lambda: sv.start_standard_services(None))
        with tf.Session() as sess:
            sess.run(v.initializer)
        out["worker_wait"] = err(lambda: sv.prepare_or_wait_for_session(max_wait_secs=0))
    return out


# -- MonitoredSession, hooks -----------------------------------------------------------------


def _recording_hook(tf, name, log, stop_at=None):
    class Hook(tf.train.SessionRunHook):
        def begin(self):
            log.append([name, "begin"])

        def after_create_session(self, session, coord):
            log.append([name, "after_create_session"])

        def before_run(self, run_context):
            log.append([name, "before_run"])

        def after_run(self, run_context, run_values):
            log.append([name, "after_run"])
            if stop_at is not None and len([e for e in log if e == [name, "after_run"]]) >= stop_at:
                run_context.request_stop()

        def end(self, session):
            log.append([name, "end"])

    return Hook()


def monitored_hooks_order(tf, tmp):
    out = {}
    with tf.Graph().as_default():
        step = tf.train.get_or_create_global_step()
        train = tf.assign_add(step, 1)
        log = []
        hooks = [_recording_hook(tf, "A", log), _recording_hook(tf, "B", log, stop_at=2)]
        chief = [_recording_hook(tf, "C", log)]
        ckpt = os.path.join(tmp, "mts")
        with tf.train.MonitoredTrainingSession(
            checkpoint_dir=ckpt, hooks=hooks, chief_only_hooks=chief, save_summaries_steps=None
        ) as sess:
            out["hook_types"] = [type(h).__name__ for h in sess._hooks]
            while not sess.should_stop():
                sess.run(train)
            out["after_stop"] = err(lambda: sess.run(train))
        out["log"] = log
        out["files"] = files(ckpt)
    return out


def monitored_training_session_options(tf, tmp):
    out = {}
    with tf.Graph().as_default():
        step = tf.train.get_or_create_global_step()
        train = tf.assign_add(step, 1)
        ckpt = os.path.join(tmp, "steps")
        with tf.train.MonitoredTrainingSession(
            checkpoint_dir=ckpt,
            save_checkpoint_steps=2,
            save_summaries_steps=None,
            log_step_count_steps=None,
        ) as sess:
            out["hook_types"] = [type(h).__name__ for h in sess._hooks]
            for _ in range(5):
                sess.run(train)
        out["files"] = [n for n in files(ckpt) if n.endswith(".index")]
        with tf.train.MonitoredTrainingSession(
            checkpoint_dir=ckpt, save_checkpoint_secs=None, save_summaries_secs=None
        ) as sess:
            out["restored"] = int(sess.run(step))
            out["hook_types_2"] = [type(h).__name__ for h in sess._hooks]
    with tf.Graph().as_default():
        c = tf.constant(3.0)
        log = []
        with tf.train.MonitoredTrainingSession(
            is_chief=False,
            checkpoint_dir=ckpt,
            hooks=[_recording_hook(tf, "A", log)],
            chief_only_hooks=[_recording_hook(tf, "C", log)],
            max_wait_secs=0,
        ) as sess:
            out["worker_hook_types"] = [type(h).__name__ for h in sess._hooks]
            out["worker_run"] = sess.run(c)
        out["worker_log"] = log
    with tf.Graph().as_default():
        step = tf.train.get_or_create_global_step()
        out["worker_error"] = err(
            lambda: tf.train.MonitoredTrainingSession(is_chief=False, max_wait_secs=0).close()
        )
    return out


def monitored_run_step_fn(tf, tmp):
    out = {}
    with tf.Graph().as_default():
        c = tf.placeholder(tf.float32, name="c")
        v = tf.add(c, 4.0)
        w = tf.add(c, 0.5)
        log = []
        results = []

        def step_fn(step_context):
            a = step_context.session.run(fetches=v, feed_dict={c: 0.5})
            results.append(float(a))
            if a <= 4.5:
                step_context.request_stop()
            return step_context.run_with_hooks(fetches=w, feed_dict={c: 0.1})

        with tf.train.MonitoredSession(hooks=[_recording_hook(tf, "A", log)]) as sess:
            while not sess.should_stop():
                results.append(float(sess.run_step_fn(step_fn)))
        out["stopped_results"] = results
        out["stopped_log"] = log

        class Stepper:
            def step(self, step_context):
                return step_context.run_with_hooks(w, feed_dict={c: 1.0})

        log = []
        with tf.train.MonitoredSession(hooks=[_recording_hook(tf, "A", log)]) as sess:
            out["method"] = float(sess.run_step_fn(Stepper().step))
            out["bad_fn"] = err(lambda: sess.run_step_fn(lambda x: x))
            out["should_stop"] = sess.should_stop()
        out["method_log"] = log
        with tf.train.SingularMonitoredSession() as sess:
            out["raw"] = [
                type(sess.raw_session()).__name__,
                float(sess.raw_session().run(w, {c: 2.0})),
            ]
        out["closed_should_stop"] = sess.should_stop()
    return out


def hooks_final_ops_and_waiter(tf, tmp):
    out = {}
    with tf.Graph().as_default():
        step = tf.train.get_or_create_global_step()
        x = tf.Variable(1.0, name="x")
        train = tf.group(tf.assign_add(x, 2.0), tf.assign_add(step, 1))
        final = tf.train.FinalOpsHook({"x": x * 10.0, "s": step})
        waiter = tf.train.GlobalStepWaiterHook(wait_until_step=0)
        out["before"] = final.final_ops_values
        with tf.train.MonitoredSession(hooks=[final, waiter]) as sess:
            for _ in range(3):
                sess.run(train)
        out["final"] = {k: float(v) for k, v in sorted(final.final_ops_values.items())}
        fed = tf.placeholder(tf.float32, name="fed")
        hook = tf.train.FinalOpsHook(fed * 2.0, final_ops_feed_dict={fed: 4.0})
        with tf.train.MonitoredSession(hooks=[hook]) as sess:
            pass
        out["fed"] = float(hook.final_ops_values)
    with tf.Graph().as_default():
        out["waiter_no_step"] = err(lambda: tf.train.GlobalStepWaiterHook(3).begin())
        out["profiler_no_step"] = err(
            lambda: tf.train.ProfilerHook(save_steps=1, output_dir=os.path.join(tmp, "p")).begin()
        )
    return out


def profiler_hook(tf, tmp):
    out = {}
    logdir = os.path.join(tmp, "prof")
    with tf.Graph().as_default():
        step = tf.train.get_or_create_global_step()
        x = tf.Variable(1.0, name="x")
        train = tf.group(tf.assign_add(x, 2.0), tf.assign_add(step, 1), name="train")
        hook = tf.train.ProfilerHook(save_steps=2, output_dir=logdir)
        with tf.train.MonitoredSession(hooks=[hook]) as sess:
            for _ in range(6):
                sess.run(train)
        hook._file_writer.flush()
    out["files"] = files(logdir)
    timeline = [n for n in out["files"] if n.startswith("timeline-")][0]
    with open(os.path.join(logdir, timeline)) as f:
        trace = json.load(f)
    events = trace["traceEvents"]
    # flow arrows ('s'/'t') join ops the timeline put in different lanes, which it does when an
    # op starts in the microsecond its predecessor ended (TF's rule too): timing, not behaviour
    out["phases"] = sorted(set(e["ph"] for e in events) - {"s", "t"})
    # TF's step stats also have a '/host:CPU' device (host-memory ops): not compared
    out["processes"] = sorted(
        e["args"]["name"]
        for e in events
        if e.get("name") == "process_name" and not e["args"]["name"].startswith("/host:")
    )
    ops = set(e["args"]["name"] for e in events if e["ph"] == "X")
    out["traced_train"] = "train" in ops
    out["events"] = [e for e in read_events(tf, logdir) if e[0] == "tagged_run_metadata"]
    with tf.Graph().as_default():
        out["bad_timer"] = err(lambda: tf.train.ProfilerHook(output_dir=logdir))
    return out


# -- warm_start ------------------------------------------------------------------------------

OLD_VOCAB = ["apple", "banana", "cherry", "date"]
NEW_VOCAB = ["cherry", "fig", "apple", "grape", "banana"]
OLD_VALUES = {
    "dense/kernel": np.arange(6, dtype=np.float32).reshape(3, 2),
    "dense/bias": np.array([0.5, -0.5], np.float32),
    "emb": np.arange(8, dtype=np.float32).reshape(4, 2) + 1.0,
    "out_w": np.arange(8, dtype=np.float32).reshape(2, 4) + 100.0,
    "old_name": np.array([7.0, 8.0], np.float32),
}


def _write_vocab(path, words):
    with open(path, "w") as f:
        f.write("\n".join(words) + "\n")


def _old_checkpoint(tf, tmp):
    ckpt_dir = os.path.join(tmp, "old")
    with tf.Graph().as_default():
        for name, value in sorted(OLD_VALUES.items()):
            tf.Variable(value, name=name)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver().save(sess, os.path.join(ckpt_dir, "model.ckpt"), global_step=1)
    old, new = os.path.join(tmp, "old_vocab.txt"), os.path.join(tmp, "new_vocab.txt")
    _write_vocab(old, OLD_VOCAB)
    _write_vocab(new, NEW_VOCAB)
    return ckpt_dir, old, new


def _new_model(tf):
    zeros = tf.zeros_initializer()
    with tf.variable_scope("dense"):
        tf.get_variable("kernel", [3, 2], initializer=zeros)
        tf.get_variable("bias", [2], initializer=zeros)
    tf.get_variable("emb", [6, 2], initializer=zeros)
    tf.get_variable("out_w", [2, 6], initializer=zeros)
    tf.get_variable("renamed", [2], initializer=zeros)
    tf.get_variable("other", [2], initializer=tf.ones_initializer())


def _values(tf):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return {v.op.name: sess.run(v).tolist() for v in tf.global_variables()}


def warm_start_cases(tf, tmp):
    out = {}
    ckpt_dir, old_vocab, new_vocab = _old_checkpoint(tf, tmp)
    with tf.Graph().as_default():
        _new_model(tf)
        tf.train.warm_start(ckpt_dir, vars_to_warm_start="dense/.*")
        out["regex"] = _values(tf)
    with tf.Graph().as_default():
        _new_model(tf)
        tf.train.warm_start(
            ckpt_dir,
            vars_to_warm_start=["dense/bias", "renamed"],
            var_name_to_prev_var_name={"renamed": "old_name"},
        )
        out["names_renamed"] = _values(tf)
    with tf.Graph().as_default():
        _new_model(tf)
        bias = [v for v in tf.global_variables() if v.op.name == "dense/bias"]
        tf.train.warm_start(ckpt_dir, vars_to_warm_start=bias)
        out["variables"] = _values(tf)
    with tf.Graph().as_default():
        _new_model(tf)
        rows = tf.train.VocabInfo(new_vocab, 5, 1, old_vocab)
        cols = tf.train.VocabInfo(
            new_vocab,
            5,
            1,
            old_vocab,
            old_vocab_size=2,
            backup_initializer=tf.ones_initializer(),
            axis=1,
        )
        tf.train.warm_start(
            ckpt_dir,
            vars_to_warm_start=["emb", "out_w"],
            var_name_to_vocab_info={"emb": rows, "out_w": cols},
        )
        out["vocab"] = _values(tf)
    with tf.Graph().as_default():
        _new_model(tf)
        out["unused_prev"] = err(
            lambda: tf.train.warm_start(
                ckpt_dir, vars_to_warm_start="dense/.*", var_name_to_prev_var_name={"nope": "x"}
            )
        )
    with tf.Graph().as_default():
        _new_model(tf)
        out["bad_list"] = err(lambda: tf.train.warm_start(ckpt_dir, vars_to_warm_start=[1]))
        out["bad_type"] = err(lambda: tf.train.warm_start(ckpt_dir, vars_to_warm_start=3))
        missing = err(lambda: tf.train.warm_start(ckpt_dir, vars_to_warm_start="other"), tmp)
        out["missing"] = missing.split(" checkpoint")[0]  # TF then lists the checkpoint
    out["vocab_info"] = [
        list(tf.train.VocabInfo("n", 3, 0, "o")),
        err(lambda: tf.train.VocabInfo("n", 3, 0, "o", axis=2)),
    ]
    return out


SCENARIOS = [
    device_setter_ps_tasks,
    device_setter_nested,
    device_setter_cluster,
    cluster_spec,
    summary_iterator_events,
    global_step_utils,
    checkpoint_utils,
    session_manager,
    supervisor_train_loop,
    supervisor_managed_errors,
    monitored_hooks_order,
    monitored_training_session_options,
    monitored_run_step_fn,
    hooks_final_ops_and_waiter,
    profiler_hook,
    warm_start_cases,
]

"""Writes tests/client/golden/devices.json and timeline_*.{pbtxt,json}: how real TF 1.15 places
ops (tf.device nesting, DeviceSpec, colocate_with, soft placement and its errors), what
device_lib lists, what log_device_placement prints, and the Chrome traces TF's timeline makes of
a StepStats. Run with TF 1.15 (Python 3.7):
    /path/to/tf115/bin/python tools/make_device_fixtures.py
"""

import contextlib
import io
import json
import os
import pathlib
import subprocess
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import tensorflow as tf  # noqa: E402
from tensorflow.python.client import device_lib, timeline  # noqa: E402
from tests.client import device_cases  # noqa: E402

OUT = ROOT / "tests" / "client" / "golden"

SPECS = ["/cpu:0", "/gpu:1", "/device:GPU:0", "/job:ps/task:3", "gpu:0", "/device:CPU:*",
         "/cpu:*", "CPU:0", "/job:worker/replica:1/task:2/device:cpu:0", "",
         "/job:a/device:XLA_CPU:0", "/GPU:1", "/job:a/job:b", "/foo:1", "/gpu:x",
         "/device:GPU:1:2"]
PLACEMENTS = [("/cpu:0", False), ("/gpu:0", False), ("/gpu:0", True), ("/cpu:1", False),
              ("/cpu:1", True), ("/device:XLA_CPU:0", False), ("/job:localhost", False),
              ("/job:localhost/replica:0/task:0/device:CPU:0", False), ("/task:1", True),
              ("/replica:1", True), ("/job:worker", True)]


def device_specs():
    out = {}
    for s in SPECS:
        try:
            d = tf.DeviceSpec.from_string(s)
            out[s] = [d.job, d.replica, d.task, d.device_type, d.device_index, d.to_string()]
        except ValueError as e:
            out[s] = ["ValueError", str(e)]
    return out


def op_devices():
    """The device (and colocation) of ops built under nested blocks (tests/client/device_cases)."""
    g = tf.Graph()
    with g.as_default():
        v = device_cases.nested_devices(tf)
        return {
            "ops": device_cases.op_devices(g),
            "container": v.op.get_attr("container").decode(),
        }


def placements():
    out = []
    for dev, soft in PLACEMENTS:
        g = tf.Graph()
        with g.as_default():
            with tf.device(dev):
                x = tf.constant(1.0, name="x")
            try:
                with tf.Session(config=tf.ConfigProto(allow_soft_placement=soft)) as s:
                    out.append([dev, soft, "ok", float(s.run(x))])
            except tf.errors.OpError as e:
                message = e.message.split(" (defined at")[0].replace("node x", "{{node x}}")
                rest = e.message.split(")  was ")[-1]
                out.append([dev, soft, type(e).__name__, message + " was " + rest])
    return out


def local_devices():
    return [[d.name, d.device_type, d.memory_limit, d.physical_device_desc, str(d).count("{")]
            for d in device_lib.list_local_devices()]


def logged_placement():
    """What log_device_placement prints (to stdout), run in a child process."""
    code = ("import tensorflow as tf\n"
            "a = tf.constant(1.0, name='a'); b = tf.add(a, a, name='b')\n"
            "with tf.Session(config=tf.ConfigProto(log_device_placement=True)) as s:\n"
            "    s.run(b)\n")
    done = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, check=True)
    return done.stdout.decode().splitlines()


def logged_by_the_global_switch():
    """What tf.debugging.set_log_device_placement makes Sessions print (a child process)."""
    code = device_cases.GLOBAL_LOGGING
    done = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, check=True)
    return done.stdout.decode().splitlines()


def misuse():
    try:
        tf.Session(config="x")
    except TypeError as e:
        return str(e)


def timelines():
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder(tf.float32, [2, 3], name="p")
        w = tf.Variable(tf.ones([3, 4]), name="w")
        z = tf.reduce_sum(tf.nn.relu(tf.matmul(p, w, name="y")), name="z")
        with tf.Session() as s:
            s.run(w.initializer)
            md = tf.RunMetadata()
            s.run(z, {p: [[1, 2, 3], [4, 5, 6]]}, run_metadata=md,
                  options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE))
    (OUT / "timeline_step_stats.pbtxt").write_text(str(md.step_stats))
    for name, kwargs in [("default", {}), ("memory", {"show_memory": True}),
                         ("no_dataflow", {"show_dataflow": False})]:
        trace = timeline.Timeline(md.step_stats).generate_chrome_trace_format(**kwargs)
        (OUT / f"timeline_{name}.json").write_text(trace)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with contextlib.redirect_stderr(io.StringIO()):
        golden = {
            "tf_version": tf.__version__,
            "device_specs": device_specs(),
            "op_devices": op_devices(),
            "placements": placements(),
            "local_devices": local_devices(),
            "log_device_placement": logged_placement(),
            "global_log_switch": logged_by_the_global_switch(),
            "bad_config": misuse(),
        }
        timelines()
    (OUT / "devices.json").write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()

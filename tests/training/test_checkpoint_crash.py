"""A process killed (SIGKILL) in the middle of Saver.save never damages the last good checkpoint:
the state file still names a checkpoint that restores, with the values it was saved with."""

import os
import pathlib
import random
import signal
import subprocess
import sys
import time

import numpy as np

import tinytf as tf

REPO = pathlib.Path(__file__).resolve().parent.parent.parent
SIZE = 2_000_000  # 8 MB of float32: a save takes long enough to be interrupted

_SAVER = f"""
import sys, numpy as np, tinytf as tf
directory = sys.argv[1]
v = tf.Variable(tf.zeros([{SIZE}]), name="v")
value = tf.placeholder(tf.float32, [{SIZE}])
load = v.assign(value)
saver = tf.train.Saver(max_to_keep=3)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    latest = tf.train.latest_checkpoint(directory)
    step = 0
    if latest:
        saver.restore(sess, latest)
        step = int(sess.run(v[0]))
    while True:
        step += 1
        sess.run(load, {{value: np.full({SIZE}, step, np.float32)}})
        print("start", step, flush=True)
        gs = None if sys.argv[2] == "same" else step  # "same": overwrite one prefix each time
        saver.save(sess, directory + "/model", global_step=gs, write_meta_graph=False)
        print("saved", step, flush=True)
"""


def _temp_files(directory):
    return {name for name in os.listdir(directory) if ".tempstate" in name}


def _run_and_kill(directory, rng, prefixes="steps"):
    """Starts the saving loop and SIGKILLs it while a save is writing its temporary files
    (seen on disk), at a random point of that write; returns what it printed."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    child = subprocess.Popen(
        [sys.executable, "-c", _SAVER, str(directory), prefixes],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        lines = []
        for line in child.stdout:  # two complete saves first: there is a last good one
            lines.append(line.split())
            if lines[-1] == ["start", str(_first_step(lines) + 2)]:
                break
        old = _temp_files(directory)
        deadline = time.monotonic() + 30
        while not (_temp_files(directory) - old) and time.monotonic() < deadline:
            pass
        if rng is not None:
            time.sleep(rng.uniform(0.0, 0.003))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    return lines + [line.split() for line in child.stdout]


def _first_step(lines):
    return int(lines[0][1])


def _restore_latest(directory):
    tf.reset_default_graph()
    v = tf.Variable(tf.zeros([SIZE]), name="v")
    saver = tf.train.Saver()
    latest = tf.train.latest_checkpoint(str(directory))
    with tf.Session() as sess:
        saver.restore(sess, latest)
        value = sess.run(v)
        return int(value[0]), value


def test_kill_during_save_leaves_a_good_checkpoint(tmp_path):
    rng = random.Random(0)
    interrupted = 0
    for _ in range(6):
        lines = _run_and_kill(tmp_path, rng)
        started = max(int(n) for kind, n in lines if kind == "start")
        saved = max(int(n) for kind, n in lines if kind == "saved")
        interrupted += saved < started
        step, value = _restore_latest(tmp_path)
        assert step in (saved, started)  # the last complete save (or the one just finishing)
        assert np.all(value == step)
    assert interrupted >= 5  # the kills did land inside saves


def test_kill_while_overwriting_the_same_prefix_keeps_the_old_checkpoint(tmp_path):
    """saver.save(sess, "model") over and over: the files of `model` are replaced only once the
    new ones are complete, so a kill while writing leaves the previous save intact."""
    for _ in range(3):
        lines = _run_and_kill(tmp_path, None, prefixes="same")  # killed at once: before renames
        saved = max(int(n) for kind, n in lines if kind == "saved")
        started = max(int(n) for kind, n in lines if kind == "start")
        step, value = _restore_latest(tmp_path)
        # the previous save, or (if the kill came late, after the renames) the new one: whole
        assert step in (saved, started) and np.all(value == step)
        assert tf.train.latest_checkpoint(str(tmp_path)) == str(tmp_path / "model")

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
        step = int(latest.rsplit("-", 1)[1])
    while True:
        step += 1
        sess.run(load, {{value: np.full({SIZE}, step, np.float32)}})
        print("start", step, flush=True)
        saver.save(sess, directory + "/model", global_step=step, write_meta_graph=False)
        print("saved", step, flush=True)
"""


def _run_and_kill(directory, rng):
    """Starts the saving loop, kills it at a random moment during a save; returns its output."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    child = subprocess.Popen(
        [sys.executable, "-c", _SAVER, str(directory)], stdout=subprocess.PIPE, text=True, env=env
    )
    lines, starts = [], 0
    try:
        for line in child.stdout:
            lines.append(line.split())
            if lines[-1][0] == "start":
                starts += 1
                if starts == 3:
                    time.sleep(rng.uniform(0.0, 0.05))
                    break
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    lines += [line.split() for line in child.stdout]  # what it wrote while we slept
    return lines


def _restore_latest(directory):
    tf.reset_default_graph()
    v = tf.Variable(tf.zeros([SIZE]), name="v")
    saver = tf.train.Saver()
    latest = tf.train.latest_checkpoint(str(directory))
    with tf.Session() as sess:
        saver.restore(sess, latest)
        return int(latest.rsplit("-", 1)[1]), sess.run(v)


def test_kill_during_save_leaves_a_good_checkpoint(tmp_path):
    rng = random.Random(0)
    mid_save = 0
    for _ in range(6):
        lines = _run_and_kill(tmp_path, rng)
        started = max(int(n) for kind, n in lines if kind == "start")
        saved = max(int(n) for kind, n in lines if kind == "saved")
        mid_save += saved < started
        step, value = _restore_latest(tmp_path)
        assert step in (saved, started)  # the last complete save (or the one just finishing)
        assert np.all(value == step)
    assert mid_save >= 3  # most kills did land inside a save

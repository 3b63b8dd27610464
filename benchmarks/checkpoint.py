"""Checkpoint speed, tinytf side by side with real TF in one run.

    python benchmarks/checkpoint.py [--tf-python PATH]

Saves and restores the lecture CNN's variables with their Adam slots (9.8M float32, 39 MB) with
tf.train.Saver, in tinytf and in TF 1.x graph mode (tf.compat.v1 in its own venv, run as a child
process): median seconds of 5 saves (each to a new prefix, write_meta_graph=False: TF's and
tinytf's data are the same bytes) and of 5 restores. Unset OPENBLAS_CORETYPE (`make bench`).
"""

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from overhead import load

from training import cnn_graph

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TF_PYTHON = os.environ.get("TINYTF_TF_PYTHON", "/opt/tfref/bin/python")


def save_restore(tf, repeat=5):
    with tf.Graph().as_default(), tf.Session() as sess, tempfile.TemporaryDirectory() as d:
        cnn_graph(tf)
        sess.run(tf.global_variables_initializer())
        saver = tf.train.Saver(max_to_keep=None)
        saves, restores = [], []
        for i in range(repeat):
            start = time.perf_counter()
            saver.save(sess, os.path.join(d, "model"), global_step=i, write_meta_graph=False)
            saves.append(time.perf_counter() - start)
        for i in range(repeat):
            start = time.perf_counter()
            saver.restore(sess, os.path.join(d, f"model-{i}"))
            restores.append(time.perf_counter() - start)
        size = os.path.getsize(os.path.join(d, "model-0.data-00000-of-00001"))
    return statistics.median(saves), statistics.median(restores), size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--impl", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--tf-python", default=DEFAULT_TF_PYTHON)
    args = parser.parse_args()
    if args.impl == "tf":
        print(json.dumps(save_restore(load("tf"))))
        return
    ours = save_restore(load("tinytf"))
    theirs = (float("nan"),) * 3
    if os.path.exists(args.tf_python):
        out = subprocess.run(
            [args.tf_python, __file__, "--impl", "tf"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
        )
        theirs = json.loads(out.stdout.strip().splitlines()[-1])
    else:
        print(f"notice: no real TF at {args.tf_python}; showing tinytf alone")
    print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print(f"data file: tinytf {ours[2] / 1e6:.1f} MB, TF {theirs[2] / 1e6:.1f} MB")
    for i, what in enumerate(("save", "restore")):
        print(
            f"{what} (median of 5): tinytf {ours[i] * 1000:.0f} ms, TF {theirs[i] * 1000:.0f} ms,"
            f" tinytf/TF {ours[i] / theirs[i]:.2f}"
        )


if __name__ == "__main__":
    main()

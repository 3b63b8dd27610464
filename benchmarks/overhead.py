"""Session.run overhead, import time and import memory: tinytf side by side with real TF.

    python benchmarks/overhead.py [--tf-python PATH]

Runs each case in tinytf (this interpreter) and in real TF 1.x graph mode (tf.compat.v1 from
`tensorflow-cpu`, run by the interpreter of a separate venv, default $TINYTF_TF_PYTHON or
/opt/tfref/bin/python), then prints microseconds per Session.run and the ratios. Cases:
  (a) the sum of two scalar constants (both tinytf and TF fold it to one constant);
  (a') the sum of two scalar Variables (no folding: the Add runs every time);
  (b) softmax(matmul(x, W)) with x a fed [100, 784] float32 placeholder, W a 784x10 Variable.
Unset OPENBLAS_CORETYPE for this command (users do not have it): `make bench` does.
"""

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

DEFAULT_TF_PYTHON = os.environ.get("TINYTF_TF_PYTHON", "/opt/tfref/bin/python")
IMPORT_PROBE = (
    "import resource, sys, time; t = time.perf_counter(); {stmt}; "
    "dt = time.perf_counter() - t; "
    "print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
)


def load(impl):
    if impl == "tinytf":
        import tinytf as tf

        return tf
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    tf.logging.set_verbosity(tf.logging.ERROR)
    return tf


def run_child(script, python, impl, *args):
    """Runs `script --impl impl *args` under `python` (tinytf's src on its path): the JSON its
    last output line holds."""
    cmd = [python, script, "--impl", impl, *args]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent / "src")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def take_turns(rounds, ours, theirs=None):
    """(tinytf's results, TF's results), one per round: ours(k) then theirs(k), `rounds` times
    (theirs None where there is no TF to run). This VM's speed drifts by up to 2x over a
    minute; one round each, minutes apart, put that drift into the ratio, so the benchmarks
    compare each side's best round."""
    mine, tfs = [], []
    for k in range(rounds):
        mine.append(ours(k))
        if theirs is not None:
            tfs.append(theirs(k))
    return mine, tfs


def per_call_us(fn, number, repeat=7):
    fn()  # compile the plan
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t) / number * 1e6)
    return statistics.median(times)


def bench_cases(tf):
    results = {}
    with tf.Graph().as_default(), tf.Session() as sess:
        total = tf.constant(2.0) + tf.constant(3.0)
        results["a: scalar add"] = per_call_us(lambda: sess.run(total), 20000)
    with tf.Graph().as_default(), tf.Session() as sess:
        # The same sum where no constant folding can apply: every run executes the Add op.
        u, v = tf.Variable(2.0), tf.Variable(3.0)
        total = u + v
        sess.run(tf.global_variables_initializer())
        results["a': scalar add of two Variables"] = per_call_us(lambda: sess.run(total), 20000)
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.placeholder(tf.float32, [None, 784])
        W = tf.Variable(tf.random_normal([784, 10], stddev=0.01, seed=1))
        y = tf.nn.softmax(tf.matmul(x, W))
        sess.run(tf.global_variables_initializer())
        batch = np.random.default_rng(0).random((100, 784), dtype=np.float32)
        results["b: softmax(matmul) fed [100,784]"] = per_call_us(
            lambda: sess.run(y, {x: batch}), 5000
        )
    return results


def import_cost(python, stmt):
    out = subprocess.run(
        [python, "-c", IMPORT_PROBE.format(stmt=stmt)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    seconds, rss = out.stdout.split()[-2:]
    return float(seconds), float(rss)


def run_tf(tf_python):
    if not os.path.exists(tf_python):
        print(
            f"notice: no real TF at {tf_python}; showing tinytf alone "
            "(make a venv with `pip install tensorflow-cpu` and pass --tf-python)"
        )
        return None
    out = subprocess.run(
        [tf_python, __file__, "--impl", "tf"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--impl", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--tf-python", default=DEFAULT_TF_PYTHON)
    args = parser.parse_args()
    if args.impl == "tf":  # the child process, in TF's venv
        print(json.dumps(bench_cases(load("tf"))))
        return
    ours = bench_cases(load("tinytf"))
    theirs = run_tf(args.tf_python)
    print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print(f"{'case':38s} {'tinytf us':>10s} {'TF us':>10s} {'TF/tinytf':>10s}")
    for case, us in ours.items():
        tf_us = theirs[case] if theirs else float("nan")
        print(f"{case:38s} {us:10.1f} {tf_us:10.1f} {tf_us / us:10.2f}")
    # as an installed package is (pip compiles a wheel's modules): an editable checkout under
    # PYTHONDONTWRITEBYTECODE=1 would otherwise compile each changed module on every import
    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "src"), quiet=1)
    rows = [("tinytf", sys.executable, "import tinytf")]
    if theirs:
        rows.append(("TF", args.tf_python, "import tensorflow.compat.v1"))
    rows.append(("(python + numpy alone)", sys.executable, "import numpy"))
    for label, python, stmt in rows:
        seconds, rss = import_cost(python, stmt)
        print(f"import {label:24s} {seconds:6.2f} s  {rss:6.0f} MB peak RSS")


if __name__ == "__main__":
    main()

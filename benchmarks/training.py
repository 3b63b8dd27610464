"""The lecture's labs, timed: tinytf side by side with real TF in one run.

    python benchmarks/training.py [--tf-python PATH] [--data-dir .cache/mnist] [--profile]

Prints, for tinytf and for TF 1.x graph mode (tf.compat.v1 from `tensorflow-cpu` in a separate
venv, run as a child process on the same MNIST files):
  - softmax lab: the 5000 training steps of examples/softmax_mnist.py (batches included);
  - CNN: one training step of examples/cnn_mnist.py (batch 50), median over 30 steps, and its
    inference pass at batch 1 (median over 300) and 100 (over 30);
  - CNN lab peak RSS: examples/cnn_mnist.py run for 100 steps, as a process.
The two sides take turns, ROUNDS times (tinytf, then TF's child process, then tinytf again, ...),
and each side's best round is reported: this VM's speed drifts by up to 2x over a minute, and
one round each, minutes apart, put that drift into the ratio.
With --profile, where tinytf's CNN step spends its time, per op.
Unset OPENBLAS_CORETYPE for this command (users do not have it): `make bench` does.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from overhead import load, take_turns  # the same tinytf/TF loader (benchmarks/ is on sys.path)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TF_PYTHON = os.environ.get("TINYTF_TF_PYTHON", "/opt/tfref/bin/python")
ROUNDS = 2


def softmax_lab(tf, data_dir):
    from tinytf.examples.tutorials.mnist import input_data

    mnist = input_data.read_data_sets(data_dir, one_hot=True, seed=0, progress=False)
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.placeholder(tf.float32, [None, 784])
        W, b = tf.Variable(tf.zeros([784, 10])), tf.Variable(tf.zeros([10]))
        y = tf.nn.softmax(tf.matmul(x, W) + b)
        ytrue = tf.placeholder(tf.float32, [None, 10])
        cross_entropy = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits(labels=ytrue, logits=y)
        )
        train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)
        sess.run(tf.global_variables_initializer())
        start = time.perf_counter()
        for _ in range(5000):
            batch_xs, batch_ys = mnist.train.next_batch(100)
            sess.run(train_step, feed_dict={x: batch_xs, ytrue: batch_ys})
        seconds = time.perf_counter() - start
        correct = tf.equal(tf.argmax(y, 1), tf.argmax(ytrue, 1))
        accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
        acc = sess.run(accuracy, {x: mnist.test.images, ytrue: mnist.test.labels})
    return seconds, float(acc)


def cnn_graph(tf):
    def weight(shape):
        return tf.Variable(tf.truncated_normal(shape, stddev=0.1))

    def bias(shape):
        return tf.Variable(tf.constant(0.1, shape=shape))

    def conv_pool(h, shape):
        c = tf.nn.conv2d(h, weight(shape), strides=[1, 1, 1, 1], padding="SAME")
        r = tf.nn.relu(c + bias(shape[-1:]))
        return tf.nn.max_pool(r, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")

    x = tf.placeholder(tf.float32, [None, 784])
    y_ = tf.placeholder(tf.float32, [None, 10])
    keep_prob = tf.placeholder(tf.float32)
    h = conv_pool(conv_pool(tf.reshape(x, [-1, 28, 28, 1]), [5, 5, 1, 32]), [5, 5, 32, 64])
    h = tf.nn.relu(tf.matmul(tf.reshape(h, [-1, 7 * 7 * 64]), weight([3136, 1024])) + bias([1024]))
    logits = tf.matmul(tf.nn.dropout(h, keep_prob), weight([1024, 10])) + bias([10])
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits))
    return tf.train.AdamOptimizer(1e-4).minimize(loss), x, y_, keep_prob, logits


def cnn_step(tf, steps=30, profile=False):
    rng = np.random.default_rng(0)
    images = rng.random((steps + 5, 50, 784), dtype=np.float32)
    labels = np.eye(10, dtype=np.float32)[rng.integers(0, 10, (steps + 5, 50))]
    with tf.Graph().as_default(), tf.Session() as sess:
        train, x, y_, keep_prob, _ = cnn_graph(tf)
        sess.run(tf.global_variables_initializer())
        times = []
        for i in range(steps + 5):
            start = time.perf_counter()
            sess.run(train, {x: images[i], y_: labels[i], keep_prob: 0.5})
            times.append(time.perf_counter() - start)
        if profile:
            print_profile(sess, train, {x: images[0], y_: labels[0], keep_prob: 0.5})
    return statistics.median(times[5:]) * 1000


def cnn_forward(tf, batch, runs=30):
    """Median ms of the CNN's inference pass (logits, keep_prob 1) on `batch` images."""
    images = np.random.default_rng(1).random((batch, 784), dtype=np.float32)
    with tf.Graph().as_default(), tf.Session() as sess:
        _, x, _, keep_prob, logits = cnn_graph(tf)
        sess.run(tf.global_variables_initializer())
        times = []
        for _ in range(runs + 5):
            start = time.perf_counter()
            sess.run(logits, {x: images, keep_prob: 1.0})
            times.append(time.perf_counter() - start)
    return statistics.median(times[5:]) * 1000


def cnn_times(tf, profile=False):
    """The CNN's training step and its forward passes at batch 1 and 100 (ms)."""
    return {
        "cnn_ms": cnn_step(tf, profile=profile),
        # as many batch-1 passes as fit the step's 30 (each side alike): a 30-pass median of a
        # 1 ms pass spans 30 ms, and one slow burst of this VM moved it by 40%
        "forward_1": cnn_forward(tf, 1, runs=300),
        "forward_100": cnn_forward(tf, 100),
    }


def numpy_path(fn, *args, **kwargs):
    """fn run on tinytf's NumPy kernels (the oneDNN extra's reference), in this process."""
    from tinytf.runtime import backends
    from tinytf.runtime.backends.numpy_backend import NumpyBackend

    previous = backends.set_backend(NumpyBackend())
    try:
        return fn(*args, **kwargs)
    finally:
        backends.set_backend(previous)


def print_profile(sess, fetch, feed, runs=10):
    """Milliseconds per op type in tinytf's compiled plan for `fetch`."""
    sess.run(fetch, feed)
    plan = next(p for key, p in sess._plans.items() if fetch in key[0] + key[1])
    totals = {}

    def timed(fn, op_type):
        def run(*args):
            start = time.perf_counter()
            out = fn(*args)
            totals[op_type] = totals.get(op_type, 0.0) + time.perf_counter() - start
            return out

        return run

    original = plan._steps
    plan._steps = [
        (timed(fn, op.type), ins, out, frees)
        for (fn, ins, out, frees), op in zip(original, plan._ops)
    ]
    for _ in range(runs):
        sess.run(fetch, feed)
    plan._steps = original
    print(f"tinytf CNN step ({sess._backend.name} kernels), ms per op type:")
    for op_type, seconds in sorted(totals.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {seconds / runs * 1000:7.2f}  {op_type}")


def cnn_lab_rss(impl, data_dir, tf_python):
    """Peak RSS (MB) of the CNN lab script run for 100 steps in a fresh process."""
    code = (
        "import sys, runpy, resource\n"
        "data, script, src = sys.argv[1:4]\n"
        "sys.argv = ['cnn_mnist.py', '--data-dir', data, '--steps', '100']\n"
        + (
            ""
            if impl == "tinytf"
            else "sys.path.insert(0, src)\n"
            "from tinytf.examples.tutorials.mnist import input_data\n"
            "import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()\n"
            "sys.modules['tinytf'] = tf\n"
        )
        + "runpy.run_path(script, run_name='__main__')\n"
        "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    python = sys.executable if impl == "tinytf" else tf_python
    out = subprocess.run(
        [
            python,
            "-c",
            code,
            os.path.abspath(data_dir),
            str(ROOT / "examples" / "cnn_mnist.py"),
            str(ROOT / "src"),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    return float(out.stdout.split("RSS")[-1])


def tf_child(args):
    """One round of TF's side: its process's results."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(
        [args.tf_python, __file__, "--impl", "tf", "--data-dir", args.data_dir],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def best(rounds):
    """Each measure's best round: the shortest time (the softmax lab's with its accuracy)."""

    def seconds(v):
        return v[0] if isinstance(v, (list, tuple)) else v

    return {key: min((r[key] for r in rounds), key=seconds) for key in rounds[0]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--impl", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--tf-python", default=DEFAULT_TF_PYTHON)
    parser.add_argument("--data-dir", default=str(ROOT / ".cache" / "mnist"))
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if args.impl == "tf":
        tf = load("tf")
        print(json.dumps({"softmax": softmax_lab(tf, args.data_dir), **cnn_times(tf)}))
        return
    from tinytf.datasets import mnist

    mnist.maybe_obtain(args.data_dir, progress=False)
    tf = load("tinytf")
    from tinytf.runtime.backends import get_backend

    backend = get_backend().name
    rounds_ours, rounds_theirs = take_turns(
        ROUNDS,
        lambda k: {
            "softmax": softmax_lab(tf, args.data_dir),
            **cnn_times(tf, profile=args.profile and k == 0),
        },
        (lambda k: tf_child(args)) if os.path.exists(args.tf_python) else None,
    )
    ours, theirs = best(rounds_ours), best(rounds_theirs) if rounds_theirs else None
    if backend != "numpy":
        numpy_ours = numpy_path(cnn_times, tf, profile=args.profile)
    if theirs is None:
        print(f"notice: no real TF at {args.tf_python}; showing tinytf alone")
    print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    nan = float("nan")
    tf_soft = theirs["softmax"] if theirs else (nan, nan)
    print(
        f"softmax lab, 5000 steps: tinytf {ours['softmax'][0]:.2f} s (test accuracy "
        f"{ours['softmax'][1]:.4f}), TF {tf_soft[0]:.2f} s ({tf_soft[1]:.4f}), "
        f"TF/tinytf {tf_soft[0] / ours['softmax'][0]:.2f}"
    )
    print(f"tinytf kernels: {backend}" + ("" if backend == "numpy" else " (NumPy path beside)"))
    for key, label in (
        ("cnn_ms", "CNN training step (batch 50, median)"),
        ("forward_1", "CNN forward pass, batch 1"),
        ("forward_100", "CNN forward pass, batch 100"),
    ):
        theirs_ms = theirs[key] if theirs else nan
        line = (
            f"{label}: tinytf {ours[key]:.2f} ms, TF {theirs_ms:.2f} ms, "
            f"tinytf/TF {ours[key] / theirs_ms:.2f}"
        )
        if backend != "numpy":
            line += f" (NumPy path {numpy_ours[key]:.2f} ms, {numpy_ours[key] / theirs_ms:.2f})"
        print(line)
    print(
        "CNN training step by round (ms): tinytf "
        + ", ".join(f"{r['cnn_ms']:.2f}" for r in rounds_ours)
        + "; TF "
        + ", ".join(f"{r['cnn_ms']:.2f}" for r in rounds_theirs)
    )
    rss_ours = cnn_lab_rss("tinytf", args.data_dir, args.tf_python)
    rss_tf = cnn_lab_rss("tf", args.data_dir, args.tf_python) if theirs else nan
    print(f"CNN lab peak RSS (100 steps): tinytf {rss_ours:.0f} MB, TF {rss_tf:.0f} MB")


if __name__ == "__main__":
    main()

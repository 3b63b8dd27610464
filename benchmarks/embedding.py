"""An embedding lookup with a softmax over a 100k vocabulary, timed: tinytf side by side with
real TF in one run.

    python benchmarks/embedding.py [--tf-python PATH] [--steps 20] [--smoke]

Each side runs in its own process (so peak RSS is its own): a 100k x 128 embedding, a batch
of 256 ids with duplicates, logits = rows @ W (128 x 100k) + b, sparse softmax cross-entropy,
one GradientDescent step per Session.run. The embedding's gradient is an IndexedSlices and
the step is a ScatterSub of the rows looked up: the dense 100k x 128 gradient is never built
(the script checks the graph and that untouched rows keep their values). Prints the median
step time and the peak RSS of each side, and their ratios.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from overhead import load, run_child  # noqa: E402  (the same tinytf/TF loader as the other benchmarks)

DEFAULT_TF_PYTHON = os.environ.get("TINYTF_TF_PYTHON", "/opt/tfref/bin/python")
VOCAB, DIM, BATCH = 100_000, 128, 256


def build(tf, vocab, dim):
    rng = np.random.RandomState(0)
    emb = tf.Variable(rng.uniform(-0.05, 0.05, (vocab, dim)).astype(np.float32), name="emb")
    w = tf.Variable(rng.normal(0, 0.05, (dim, vocab)).astype(np.float32), name="w")
    b = tf.Variable(np.zeros(vocab, np.float32), name="b")
    ids = tf.placeholder(tf.int32, [None], name="ids")
    labels = tf.placeholder(tf.int32, [None], name="labels")
    logits = tf.matmul(tf.nn.embedding_lookup(emb, ids), w) + b
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    )
    grad = tf.gradients(loss, emb)[0]
    if not isinstance(grad, tf.IndexedSlices):
        raise AssertionError(f"the embedding's gradient is {type(grad).__name__}, not sparse")
    step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    return emb, ids, labels, step


def run(impl, steps, vocab, dim, batch):
    tf = load(impl)
    rng = np.random.RandomState(1)
    feeds = [
        (rng.randint(0, vocab // 2, batch), rng.randint(0, vocab, batch)) for _ in range(steps + 3)
    ]
    with tf.Graph().as_default() as g, tf.Session() as sess:
        emb, ids, labels, step = build(tf, vocab, dim)
        types = {op.type for op in g.get_operations()}
        sess.run(tf.global_variables_initializer())
        before = sess.run(emb)[vocab // 2 :].copy()
        times = []
        for i, lab in feeds:
            start = time.perf_counter()
            sess.run(step, {ids: i, labels: lab})
            times.append(time.perf_counter() - start)
        untouched = bool(np.array_equal(sess.run(emb)[vocab // 2 :], before))
    return {
        "step_ms": statistics.median(times[3:]) * 1000,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "scatter_update": "ScatterSub" in types,
        "untouched_rows_kept": untouched,
    }


def child(python, impl, args):
    return run_child(
        __file__, python, impl, "--steps", str(args.steps), *(["--smoke"] if args.smoke else [])
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--impl", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--tf-python", default=DEFAULT_TF_PYTHON)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--smoke", action="store_true", help="a 1k vocabulary, 2 steps")
    args = parser.parse_args()
    vocab, steps = (1000, 2) if args.smoke else (VOCAB, args.steps)
    if args.impl:
        print(json.dumps(run(args.impl, steps, vocab, DIM, BATCH)))
        return
    ours = child(sys.executable, "tinytf", args)
    theirs = child(args.tf_python, "tf", args) if os.path.exists(args.tf_python) else None
    if theirs is None:
        print(f"notice: no real TF at {args.tf_python}; showing tinytf alone")
    nan = float("nan")
    tf_ms = theirs["step_ms"] if theirs else nan
    tf_rss = theirs["rss_mb"] if theirs else nan
    print(
        f"embedding {vocab} x {DIM} + softmax over {vocab}, batch {BATCH}, one GD step "
        f"(median of {steps}): tinytf {ours['step_ms']:.1f} ms, TF {tf_ms:.1f} ms, "
        f"tinytf/TF {ours['step_ms'] / tf_ms:.2f}"
    )
    print(
        f"peak RSS: tinytf {ours['rss_mb']:.0f} MB, TF {tf_rss:.0f} MB; tinytf's update is a "
        f"ScatterSub: {ours['scatter_update']}, rows not looked up unchanged: "
        f"{ours['untouched_rows_kept']}"
    )


if __name__ == "__main__":
    main()

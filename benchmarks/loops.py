"""tf.while_loop's cost, timed: tinytf side by side with real TF in one run.

    python benchmarks/loops.py [--tf-python PATH] [--repeat 5] [--smoke]

Each side runs in its own process. Two measurements:
- a scalar counter loop of 10,000 iterations (i + 1 while i < n): the per-iteration overhead of
  the loop machinery itself (one Less, one Add and the frame's routing per iteration);
- the lecture-sized LSTM language-model training step (batch 20, 35 steps, 200 hidden units,
  two layers, a 10,000-word vocabulary: embedding lookup, the LSTMs, a softmax over the
  vocabulary, sequence loss, one GradientDescent step), through dynamic_rnn (a while loop and
  its gradient loop) and through static_rnn (35 unrolled steps).
Prints the median time of each side and their ratios. The sides take turns, ROUNDS times, and
each side's best round is reported.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from overhead import load, run_child, take_turns  # noqa: E402  (the same tinytf/TF loader as the other benchmarks)

# TF 1.15: TF 2's Keras 3 has no tf.nn.rnn_cell.MultiRNNCell to build the LSTM with
DEFAULT_TF_PYTHON = os.environ.get("TINYTF_TF115_PYTHON", "/work/tf115/bin/python")
BATCH, STEPS, HIDDEN, LAYERS, VOCAB = 20, 35, 200, 2, 10_000
ROUNDS = 3


def _median_ms(fn, repeat):
    fn()  # compile / warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def counter(tf, iterations, repeat):
    with tf.Graph().as_default(), tf.Session() as sess:
        n = tf.placeholder(tf.int32, [])
        r = tf.while_loop(lambda i: i < n, lambda i: i + 1, [tf.constant(0)])
        if sess.run(r, {n: iterations}) != iterations:
            raise AssertionError("the counter loop miscounted")
        ms = _median_ms(lambda: sess.run(r, {n: iterations}), repeat)
    return {"counter_ms": ms, "per_iteration_us": ms * 1000 / iterations}


def language_model(tf, dynamic, repeat, vocab, steps):
    rng = np.random.RandomState(0)
    ids = rng.randint(0, vocab, (BATCH, steps + 1)).astype(np.int32)
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.set_random_seed(1)
        x = tf.placeholder(tf.int32, [BATCH, steps])
        y = tf.placeholder(tf.int32, [BATCH, steps])
        emb = tf.get_variable(
            "emb", [vocab, HIDDEN], initializer=tf.random_uniform_initializer(-0.1, 0.1)
        )
        inputs = tf.nn.embedding_lookup(emb, x)
        cell = tf.nn.rnn_cell.MultiRNNCell(
            [tf.nn.rnn_cell.BasicLSTMCell(HIDDEN) for _ in range(LAYERS)]
        )
        if dynamic:
            out, _ = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)
        else:
            outs, _ = tf.nn.static_rnn(cell, tf.unstack(inputs, steps, 1), dtype=tf.float32)
            out = tf.stack(outs, 1)
        w = tf.get_variable("softmax_w", [HIDDEN, vocab])
        b = tf.get_variable("softmax_b", [vocab], initializer=tf.zeros_initializer())
        logits = tf.matmul(tf.reshape(out, [-1, HIDDEN]), w) + b
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=tf.reshape(y, [-1]), logits=logits
            )
        )
        step = tf.train.GradientDescentOptimizer(1.0).minimize(loss)
        sess.run(tf.global_variables_initializer())
        feed = {x: ids[:, :-1], y: ids[:, 1:]}
        loops = sum(op.type == "LoopCond" for op in tf.get_default_graph().get_operations())
        ms = _median_ms(lambda: sess.run(step, feed), repeat)
    return {"ms": ms, "loops": loops}


def run(impl, repeat, smoke):
    tf = load(impl)
    iterations, vocab, steps = (1000, 500, 5) if smoke else (10_000, VOCAB, STEPS)
    out = counter(tf, iterations, repeat)
    out["dynamic"] = language_model(tf, True, repeat, vocab, steps)
    out["static"] = language_model(tf, False, repeat, vocab, steps)
    return out


def best(rounds):
    """Each measurement's best round (the counter loop's, and each RNN's, separately)."""
    out = dict(min(rounds, key=lambda r: r["counter_ms"]))
    for kind in ("dynamic", "static"):
        out[kind] = min((r[kind] for r in rounds), key=lambda m: m["ms"])
    return out


def child(python, impl, args):
    return run_child(
        __file__, python, impl, "--repeat", str(args.repeat), *(["--smoke"] if args.smoke else [])
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--impl", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--tf-python", default=DEFAULT_TF_PYTHON)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="small sizes, to check it runs")
    args = parser.parse_args()
    if args.impl:
        print(json.dumps(run(args.impl, args.repeat, args.smoke)))
        return
    rounds_ours, rounds_theirs = take_turns(
        ROUNDS,
        lambda k: child(sys.executable, "tinytf", args),
        (lambda k: child(args.tf_python, "tf", args)) if os.path.exists(args.tf_python) else None,
    )
    ours = best(rounds_ours)
    theirs = best(rounds_theirs) if rounds_theirs else None
    if theirs is None:
        print(f"notice: no real TF at {args.tf_python}; showing tinytf alone")
    nan = float("nan")

    def ratio(a, b):
        return a / b if b == b else nan

    tf_counter = theirs["counter_ms"] if theirs else nan
    print(
        f"counter loop: tinytf {ours['counter_ms']:.1f} ms ({ours['per_iteration_us']:.2f} "
        f"us/iteration), TF {tf_counter:.1f} ms, tinytf/TF "
        f"{ratio(ours['counter_ms'], tf_counter):.2f}"
    )
    for kind in ("dynamic", "static"):
        tf_ms = theirs[kind]["ms"] if theirs else nan
        print(
            f"LSTM LM step via {kind}_rnn: tinytf {ours[kind]['ms']:.1f} ms "
            f"({ours[kind]['loops']} while loops), TF {tf_ms:.1f} ms, tinytf/TF "
            f"{ratio(ours[kind]['ms'], tf_ms):.2f}"
        )


if __name__ == "__main__":
    main()

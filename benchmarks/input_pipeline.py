"""Input pipelines, timed: tinytf side by side with real TF in one run.

    python benchmarks/input_pipeline.py [--tf-python PATH] [--records 20000] [--smoke]

Each side runs in its own process and first writes its own input files (not timed):
- TFRecord: `records` tf.train.Examples (784 float pixels, an int64 label) read by
  TFRecordDataset -> map(parse_single_example) -> batch(100) -> prefetch(1), feeding one epoch
  of the softmax lab's training (784 x 10 weights, GradientDescent): records per second and the
  loop's total time;
- CSV queue: the same number of CSV lines (10 numbers) through string_input_producer ->
  TextLineReader -> decode_csv -> batch(100) with queue runners and a Coordinator, summed until
  the epoch ends: records per second.
The sides take turns, ROUNDS times, and each side's best round is reported.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from overhead import load, run_child, take_turns  # noqa: E402

DEFAULT_TF_PYTHON = os.environ.get("TINYTF_TF_PYTHON", "/opt/tfref/bin/python")
BATCH = 100
ROUNDS = 3


def write_records(tf, path, n):
    rng = np.random.RandomState(0)
    with tf.python_io.TFRecordWriter(path) as writer:
        for i in range(n):
            pixels = rng.random_sample(784).astype(np.float32)
            example = tf.train.Example(
                features=tf.train.Features(
                    feature={
                        "x": tf.train.Feature(float_list=tf.train.FloatList(value=pixels)),
                        "y": tf.train.Feature(int64_list=tf.train.Int64List(value=[i % 10])),
                    }
                )
            )
            writer.write(example.SerializeToString())


def tfrecord_softmax(tf, path, n):
    features = {
        "x": tf.FixedLenFeature([784], tf.float32),
        "y": tf.FixedLenFeature([], tf.int64),
    }
    with tf.Graph().as_default(), tf.Session() as sess:
        dataset = tf.data.TFRecordDataset(path).map(lambda r: tf.parse_single_example(r, features))
        batch = dataset.batch(BATCH).prefetch(1).make_one_shot_iterator().get_next()
        w = tf.Variable(tf.zeros([784, 10]))
        b = tf.Variable(tf.zeros([10]))
        logits = tf.matmul(batch["x"], w) + b
        loss = tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=batch["y"], logits=logits)
        )
        step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        sess.run(tf.global_variables_initializer())
        start, seen = time.perf_counter(), 0
        try:
            while True:
                sess.run(step)
                seen += BATCH
        except tf.errors.OutOfRangeError:
            pass
        seconds = time.perf_counter() - start
    if seen != n:
        raise AssertionError(f"read {seen} records of {n}")
    return {"tfrecord_s": seconds, "tfrecord_per_s": n / seconds}


def csv_queue(tf, path, n):
    with tf.Graph().as_default(), tf.Session() as sess:
        names = tf.train.string_input_producer([path], num_epochs=1, shuffle=False)
        _, line = tf.TextLineReader().read(names)
        columns = tf.decode_csv(line, record_defaults=[[0.0]] * 10)
        batch = tf.train.batch([tf.stack(columns)], BATCH, allow_smaller_final_batch=True)
        total = tf.reduce_sum(batch[0])
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        start, runs = time.perf_counter(), 0
        try:
            while not coord.should_stop():
                sess.run(total)
                runs += 1
        except tf.errors.OutOfRangeError:
            pass
        finally:
            coord.request_stop()
            coord.join(threads)
        seconds = time.perf_counter() - start
    if runs * BATCH < n:
        raise AssertionError(f"{runs} batches for {n} lines")
    return {"csv_s": seconds, "csv_per_s": n / seconds}


def best(rounds):
    """Each pipeline's best round (its shortest time, with its throughput)."""
    out = {}
    for kind in ("tfrecord", "csv"):
        fastest = min(rounds, key=lambda r: r[f"{kind}_s"])
        out.update({f"{kind}_s": fastest[f"{kind}_s"], f"{kind}_per_s": fastest[f"{kind}_per_s"]})
    return out


def run(impl, n):
    tf = load(impl)
    with tempfile.TemporaryDirectory() as tmp:
        records = os.path.join(tmp, "train.tfrecord")
        write_records(tf, records, n)
        lines = os.path.join(tmp, "train.csv")
        rng = np.random.RandomState(1)
        with open(lines, "w") as f:
            for row in rng.random_sample((n, 10)):
                f.write(",".join(f"{v:.5f}" for v in row) + "\n")
        return {**tfrecord_softmax(tf, records, n), **csv_queue(tf, lines, n)}


def main():
    import json

    parser = argparse.ArgumentParser()
    parser.add_argument("--impl", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--tf-python", default=DEFAULT_TF_PYTHON)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--smoke", action="store_true", help="1,000 records")
    args = parser.parse_args()
    n = 1000 if args.smoke else args.records
    if args.impl:
        print(json.dumps(run(args.impl, n)))
        return
    rounds_ours, rounds_theirs = take_turns(
        ROUNDS,
        lambda k: run_child(__file__, sys.executable, "tinytf", "--records", str(n)),
        (lambda k: run_child(__file__, args.tf_python, "tf", "--records", str(n)))
        if os.path.exists(args.tf_python)
        else None,
    )
    ours = best(rounds_ours)
    theirs = best(rounds_theirs) if rounds_theirs else None
    if theirs is None:
        print(f"notice: no real TF at {args.tf_python}; showing tinytf alone")
    nan = float("nan")
    for kind, label in (("tfrecord", "TFRecord -> parse -> batch -> prefetch -> softmax step"),
                        ("csv", "CSV queue -> decode_csv -> batch")):  # fmt: skip
        mine, tf_rate = ours[f"{kind}_per_s"], theirs[f"{kind}_per_s"] if theirs else nan
        print(
            f"{label}, {n} records: tinytf {mine:,.0f}/s ({ours[f'{kind}_s']:.2f} s), "
            f"TF {tf_rate:,.0f}/s, tinytf/TF throughput {mine / tf_rate:.2f}"
        )


if __name__ == "__main__":
    main()

"""Golden values of tf.nn.quantized_avg_pool and tf.nn.quantized_max_pool from real TF 1.15
(quint8, the CPU kernels' only type): outputs, ranges, static shapes, op names and errors.

Run with TF 1.15's Python (3.7, NumPy 1.18):
    /work/tf115/bin/python tools/make_quantized_pool_fixtures.py
Writes tests/ops/golden/quantized_pool.json.
"""

import json
import os

import numpy as np
import tensorflow as tf

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "ops", "golden")
CASES = [  # (input shape, ksize, strides, padding)
    ([2, 5, 5, 3], [1, 2, 2, 1], [1, 2, 2, 1], "SAME"),
    ([2, 5, 5, 3], [1, 3, 3, 1], [1, 2, 2, 1], "VALID"),
    ([1, 4, 6, 2], [1, 2, 3, 1], [1, 1, 2, 1], "SAME"),
    ([1, 7, 3, 1], [1, 4, 2, 1], [1, 3, 1, 1], "SAME"),
    ([1, 4, 4, 2], [1, 2, 2, 1], [1, 2, 2, 1], "VALID"),
]


def _error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - recording TF's class and message
        return [type(e).__name__, getattr(e, "message", str(e)).split("\n")[0]]
    return None


def main():
    rng = np.random.RandomState(0)
    facts = {"cases": []}
    for shape, ksize, strides, padding in CASES:
        x = rng.randint(0, 256, size=shape).astype(np.uint8)
        entry = {"x": x.tolist(), "shape": shape, "ksize": ksize, "strides": strides,
                 "padding": padding}
        for name, fn in (("avg", tf.nn.quantized_avg_pool), ("max", tf.nn.quantized_max_pool)):
            with tf.Graph().as_default():
                t = tf.placeholder(tf.quint8, shape)
                out = fn(t, -1.5, 2.5, ksize, strides, padding)
                entry[name + "_static"] = out.output.shape.as_list()
                entry[name + "_names"] = [o.name for o in out]
                with tf.Session() as sess:
                    value, lo, hi = sess.run(out, {t: x})
                entry[name] = np.asarray(value).astype(np.uint8).tolist()
                entry[name + "_range"] = [float(lo), float(hi)]
        facts["cases"].append(entry)
    with tf.Graph().as_default():
        t = tf.placeholder(tf.quint8, [1, 4, 4, 2])
        facts["errors"] = {
            "depth_window": _error(lambda: tf.Session().run(tf.nn.quantized_avg_pool(
                t, 0.0, 1.0, [1, 2, 2, 2], [1, 1, 1, 1], "VALID"),
                {t: np.zeros([1, 4, 4, 2], np.uint8)})),
            "depth_window_max": _error(lambda: tf.Session().run(tf.nn.quantized_max_pool(
                t, 0.0, 1.0, [1, 2, 2, 2], [1, 1, 1, 1], "VALID"),
                {t: np.zeros([1, 4, 4, 2], np.uint8)})),
            "depth_window_static": tf.nn.quantized_avg_pool(
                t, 0.0, 1.0, [1, 2, 2, 2], [1, 1, 1, 1], "VALID").output.shape.as_list(),
            "bad_padding": _error(lambda: tf.nn.quantized_max_pool(
                t, 0.0, 1.0, [1, 2, 2, 1], [1, 1, 1, 1], "FULL")),
            "range_rank": _error(lambda: tf.nn.quantized_max_pool(
                t, [0.0], 1.0, [1, 2, 2, 1], [1, 1, 1, 1], "VALID")),
        }
    if not os.path.isdir(OUT):
        os.makedirs(OUT)
    tmp = os.path.join(OUT, "quantized_pool.json.tmp")
    with open(tmp, "w") as f:
        json.dump(facts, f, sort_keys=True)
    os.replace(tmp, os.path.join(OUT, "quantized_pool.json"))


if __name__ == "__main__":
    main()

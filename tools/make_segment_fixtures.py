"""Writes tests/ops/golden/segments.json and segments.npz: what real TF 1.15 gives for the
cases of tests/ops/segment_cases.py (segments, scatters, gathers, partitions, IndexedSlices
and sparse optimizer steps): values, dtypes and static shapes, dense gradients, and the
exception class and message of every bad case.

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_segment_fixtures.py
"""

import base64
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402
from tests.ops import segment_cases as cases  # noqa: E402


def _bad(build):
    with tf.Graph().as_default():
        try:
            out = build(tf)
        except Exception as e:  # noqa: BLE001 - recording whatever TF raises
            return {"stage": "build", "error": type(e).__name__, "message": str(e)}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            try:
                sess.run(out)
            except tf.errors.OpError as e:
                first = e.message.split("\n")[0]
                return {"stage": "run", "error": type(e).__name__, "message": first}
    raise RuntimeError("TF did not fail")


def _graph():
    """A GraphDef TF builds with these ops (from constants and one variable), and its values."""
    with tf.Graph().as_default() as g, tf.Session() as sess:
        data = tf.constant(cases.DATA, name="data")
        tf.segment_sum(data, cases.IDS, name="segment_sum")
        tf.unsorted_segment_max(data, [2, 0, -1, 2], 4, name="unsorted_max")
        tf.sparse_segment_sqrt_n(data, [0, 3, 3], [0, 0, 2], name="sparse_sqrt_n")
        tf.gather(data, [[1, 0], [2, 2], [0, 1], [1, 1]], axis=1, batch_dims=1, name="gather_b")
        parts = tf.dynamic_partition(data, [1, 0, 1, 0], 2, name="partition")
        tf.dynamic_stitch([[1, 3], [0, 2]], parts, name="stitch")
        tf.tensor_scatter_update(data, [[0, 1]], [9.0], name="tensor_scatter")
        v = tf.Variable(cases.DATA, name="v")
        tf.scatter_add(v, [1, 1], cases.DATA[:2], name="scatter_add")
        fetch = ["segment_sum:0", "unsorted_max:0", "sparse_sqrt_n:0", "gather_b:0",
                 "partition:1", "stitch:0", "tensor_scatter:0"]  # fmt: skip
        sess.run(v.initializer)
        values = sess.run(fetch) + [sess.run("scatter_add:0")]
        graph_def = g.as_graph_def()
    return graph_def, fetch + ["scatter_add:0"], values


def main():
    arrays, meta = {}, {"tf_version": tf.VERSION, "cases": {}, "bad": {}}
    for name, build in sorted(cases.CASES.items()):
        steps = []
        for k, (dtype, shape, values) in enumerate(cases.run_case(tf, build)):
            for j, v in enumerate(values):
                arrays[f"case/{name}/{k}/{j}"] = v
            steps.append({"dtype": dtype, "static": shape, "parts": len(values)})
        meta["cases"][name] = steps
    for name, build in sorted(cases.GRADS.items()):
        arrays[f"grad/{name}"] = cases.run_grad(tf, build)
    for name in sorted(cases.OPTIMIZERS(tf)):
        for k, v in enumerate(cases.optimizer_run(tf, name)):
            arrays[f"opt/{name}/{k}"] = v
    for name, build in sorted(cases.BAD.items()):
        meta["bad"][name] = _bad(build)
    graph_def, fetch, values = _graph()
    meta["graph"] = {
        "graph_def": base64.b64encode(graph_def.SerializeToString()).decode("ascii"),
        "fetch": fetch,
    }
    for k, v in enumerate(values):
        arrays[f"graph/{k}"] = v
    golden = ROOT / "tests" / "ops" / "golden"
    tmp = golden / "segments.tmp.npz"
    np.savez_compressed(str(tmp), **arrays)
    os.replace(str(tmp), str(golden / "segments.npz"))
    tmp = golden / "segments.json.tmp"
    tmp.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
    os.replace(str(tmp), str(golden / "segments.json"))


if __name__ == "__main__":
    main()

"""Writes tests/ops/golden/tensor_array.json: what real TF 1.15 gives for the tf.TensorArray
cases of tests/ops/tensor_array_cases.py - values, dtypes and static shapes, gradients, the
exception class and first message line of every bad case, the names and types of the
TensorArray ops in a few graphs, and GraphDefs (tensor_array_<name>.pb) with their values.

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_tensor_array_fixtures.py
"""

import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402
from tests.ops import tensor_array_cases as cases  # noqa: E402

OUT = ROOT / "tests" / "ops" / "golden" / "tensor_array.json"


def _pack(value):
    value = np.asarray(value)
    if value.dtype == object or value.dtype.kind == "S":
        return {
            "dtype": "string",
            "shape": list(value.shape),
            "data": [v.decode() for v in value.reshape(-1)],
        }
    return {
        "dtype": value.dtype.name,
        "shape": list(value.shape),
        "data": value.reshape(-1).tolist(),
    }


def _case(build):
    with tf.Graph().as_default(), tf.Session() as sess:
        outs = build(tf)
        values = sess.run(outs)
        return {
            "values": [_pack(v) for v in values],
            "dtypes": [t.dtype.name for t in outs],
            "static": [str(t.shape) for t in outs],
        }


def _grad(build, dtype):
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.constant(cases.X.astype(dtype))
        y = build(tf, x)
        w = tf.constant(cases.weights(sess.run(y).shape).astype(dtype))
        (g,) = tf.gradients(tf.reduce_sum(w * y), x)
        y_value, g_value = sess.run([y, g])
        return {"y": _pack(y_value), "grad": _pack(g_value), "grad_static": str(g.shape)}


def _loop(build):
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.constant(cases.X)
        outs = build(tf, x)
        floats = [y for y in outs if y.dtype.is_floating]
        (g,) = tf.gradients([tf.reduce_sum(y) for y in floats], x)
        values = sess.run(outs + [g])
        return {
            "values": [_pack(v) for v in values[:-1]],
            "grad": _pack(values[-1]),
            "static": [str(t.shape) for t in outs],
        }


def _graphdef(name, build, fetches):
    """Writes TF's GraphDef of `build` to golden/tensor_array_<name>.pb; returns its values."""
    with tf.Graph().as_default() as g, tf.Session() as sess:
        build(tf)
        path = OUT.parent / f"tensor_array_{name}.pb"
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(g.as_graph_def().SerializeToString())
        os.replace(str(tmp), str(path))
        return [_pack(v) for v in sess.run(fetches)]


def _bad(build):
    with tf.Graph().as_default():
        try:
            out = build(tf)
        except Exception as e:  # noqa: BLE001 - recording whatever TF raises
            return {"stage": "build", "error": type(e).__name__, "message": str(e)}
        with tf.Session() as sess:
            try:
                sess.run(out)
            except tf.errors.OpError as e:
                first = cases.normalize(e.message.split("\n")[0])
                return {"stage": "run", "error": type(e).__name__, "message": first}
    raise AssertionError("TF did not fail")


def _graph(build):
    with tf.Graph().as_default() as g:
        build(tf)
        return [[op.name, op.type] for op in g.get_operations() if "TensorArray" in op.type]


def main():
    golden = {
        "cases": {name: _case(fn) for name, fn in sorted(cases.CASES.items())},
        "grads": {
            name: {d: _grad(fn, d) for d in ("float32", "float64")}
            for name, fn in sorted(cases.GRADS.items())
        },
        "loops": {name: _loop(fn) for name, fn in sorted(cases.LOOPS.items())},
        "graphdefs": {
            name: _graphdef(name, build, fetches)
            for name, (build, fetches) in sorted(cases.GRAPHDEFS.items())
        },
        "bad": {name: _bad(fn) for name, fn in sorted(cases.BAD.items())},
        "graphs": {name: _graph(fn) for name, fn in sorted(cases.GRAPHS.items())},
    }
    with tf.Graph().as_default(), tf.Session() as sess:
        golden["two_gradient_calls"] = [_pack(v) for v in sess.run(cases.two_gradient_calls(tf))]
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    os.replace(str(tmp), str(OUT))
    print("wrote", OUT)


if __name__ == "__main__":
    main()

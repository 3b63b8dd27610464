"""Writes tests/ops/golden/functional.json: what real TF 1.15 gives for the tf.map_fn, tf.scan,
tf.foldl, tf.foldr and tf.hessians cases of tests/ops/functional_cases.py - values, dtypes and
static shapes, gradients and Hessians (float32 and float64), the exception class and first
message line of every bad case, and the names and types of the ops of a few graphs.
GraphDefs both ways for the ROUND_TRIP cases: TF's own graphs go to golden/functional_<case>.pb
(tinytf imports and runs them), and the graphs tinytf exports (made by this script's --export
mode, run by tinytf's interpreter in a subprocess) are run by TF, their values and nodes kept.

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_functional_fixtures.py
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from tests.ops import functional_cases as cases  # noqa: E402

OUT = ROOT / "tests" / "ops" / "golden" / "functional.json"
TINYTF_PYTHON = ROOT / ".venv" / "bin" / "python"


def round_trip_graph(tf, name):
    """The GraphDef of round-trip case `name` built with `tf`, its outputs named out0, out1..."""
    with tf.Graph().as_default() as g:
        for k, t in enumerate(cases.ROUND_TRIP[name](tf)):
            tf.identity(t, name=f"out{k}")
        return g.as_graph_def()


def node_list(graph_def):
    return [[n.name, n.op, list(n.input)] for n in graph_def.node]


def _export_with_tinytf(directory):
    """Writes tinytf_<case>.pb into `directory` (this module run by tinytf's interpreter)."""
    import tinytf

    for name in sorted(cases.ROUND_TRIP):
        path = pathlib.Path(directory) / f"tinytf_{name}.pb"
        path.write_bytes(round_trip_graph(tinytf, name).SerializeToString())


def _pack(value):
    value = np.asarray(value)
    if value.dtype.kind in "OS":
        data = [v.decode() for v in value.ravel()]
        return {"dtype": "string", "shape": list(value.shape), "data": data}
    return {"dtype": value.dtype.name, "shape": list(value.shape), "data": value.ravel().tolist()}


def _case(build):
    with tf.Graph().as_default(), tf.Session() as sess:
        outs = build(tf)
        return {
            "values": [_pack(v) for v in sess.run(outs)],
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


def _hessians(build, dtype):
    with tf.Graph().as_default(), tf.Session() as sess:
        hs = build(tf, tf.constant(cases.X.astype(dtype)))
        return {
            "values": [_pack(v) for v in sess.run(hs)],
            "static": [str(h.shape) for h in hs],
        }


def _error(e):
    return {"class": type(e).__name__, "message": str(e).split("\n")[0]}


def _bad(build):
    with tf.Graph().as_default():
        try:
            build(tf)
        except Exception as e:  # noqa: BLE001 - any class TF raises is the answer
            return _error(e)
    raise AssertionError("no error")


def _bad_run(build):
    with tf.Graph().as_default(), tf.Session() as sess:
        outs = build(tf)
        try:
            sess.run(outs)
        except Exception as e:  # noqa: BLE001
            return _error(e)
    raise AssertionError("no error")


def _graph(build):
    with tf.Graph().as_default() as g:
        build(tf)
        return [[op.name, op.type] for op in g.get_operations()]


def _run_graph_def(graph_def, n_outputs):
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.import_graph_def(graph_def, name="")
        return [_pack(v) for v in sess.run([f"out{k}:0" for k in range(n_outputs)])]


def _round_trips():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.check_call([str(TINYTF_PYTHON), __file__, "--export", tmp])
        result = {}
        for name in sorted(cases.ROUND_TRIP):
            ours = round_trip_graph(tf, name)
            tmp_pb = OUT.parent / f"functional_{name}.pb.tmp"
            tmp_pb.write_bytes(ours.SerializeToString(deterministic=True))
            os.replace(str(tmp_pb), str(OUT.parent / f"functional_{name}.pb"))
            n_outputs = sum(1 for n in ours.node if n.name.startswith("out"))
            exported = pathlib.Path(tmp) / f"tinytf_{name}.pb"
            exported = tf.GraphDef.FromString(exported.read_bytes())
            result[name] = {
                "tf_values": _run_graph_def(ours, n_outputs),
                "tinytf_export_values": _run_graph_def(exported, n_outputs),
                "tinytf_export_nodes": node_list(exported),
            }
        return result


def main():
    golden = {
        "cases": {name: _case(fn) for name, fn in sorted(cases.CASES.items())},
        "grads": {
            name: {dt: _grad(fn, dt) for dt in ("float32", "float64")}
            for name, fn in sorted(cases.GRADS.items())
        },
        "hessians": {
            name: {dt: _hessians(fn, dt) for dt in ("float32", "float64")}
            for name, fn in sorted(cases.HESSIANS.items())
        },
        "bad": {name: _bad(fn) for name, fn in sorted(cases.BAD.items())},
        "bad_run": {name: _bad_run(fn) for name, fn in sorted(cases.BAD_RUN.items())},
        "graphs": {name: _graph(fn) for name, fn in sorted(cases.GRAPHS.items())},
        "second_order": _bad(_second_order_map),
        "round_trip": _round_trips(),
    }
    tmp = OUT.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(golden, sort_keys=True) + "\n")
    os.replace(str(tmp), str(OUT))
    print("wrote", OUT)


def _second_order_map(tf):
    """TF 1.15 refuses the gradient of a gradient through map_fn's loop."""
    x = tf.constant(cases.X)
    (g,) = tf.gradients(tf.reduce_sum(tf.map_fn(lambda r: r * r * r, x)), x)
    return tf.gradients(tf.reduce_sum(g), x)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--export"]:
        _export_with_tinytf(sys.argv[2])
    else:
        import tensorflow.compat.v1 as tf

        main()

"""Writes tests/ops/golden/arrays_golden.npz and arrays_golden.json: what real TF 1.15 gives
for tests/ops/arrays_cases.py (sorting, sets, layout and linear-algebra ops): the value, dtype
and static shape of every output, the exception class of every bad case, and a GraphDef TF
builds from them (with the values it fetches) for the import test.

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_arrays_fixtures.py
"""

import base64
import json
import os
import pathlib
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402
from tests.ops import arrays_cases  # noqa: E402


def _parts(out):
    """Outputs as a flat list of (suffix, tensor): a SparseTensor gives three."""
    outs = out if isinstance(out, (list, tuple)) else [out]
    parts = []
    for i, t in enumerate(outs):
        if isinstance(t, tf.SparseTensor):
            parts += [
                (f"{i}.indices", t.indices),
                (f"{i}.values", t.values),
                (f"{i}.dense_shape", t.dense_shape),
            ]
        else:
            parts.append((f"{i}", t))
    return parts


def _run_cases(arrays, meta):
    for name, build in sorted(arrays_cases.CASES.items()):
        with tf.Graph().as_default(), tf.Session() as sess:
            parts = _parts(build(tf))
            values = sess.run([t for _, t in parts])
        meta[name] = []
        for (suffix, t), v in zip(parts, values):
            key = f"{name}:{suffix}"
            v = np.asarray(v)
            arrays[key] = v.astype("S") if v.dtype == object else v  # npz needs no pickle
            shape = None if t.shape.ndims is None else t.shape.as_list()
            meta[name].append({"key": key, "dtype": t.dtype.name, "static": shape})


def _run_bad(meta):
    for name, (build, _, _, _) in sorted(arrays_cases.BAD.items()):
        with tf.Graph().as_default(), tf.Session() as sess:
            try:
                sess.run(build(tf))
                meta[name] = None
            except Exception as e:  # noqa: BLE001 - recording what TF raises
                meta[name] = [type(e).__name__, str(e).splitlines()[0]]


def _run_graph(arrays):
    """The GraphDef TF builds from arrays_cases.graph, and what TF fetches from it."""
    with tf.Graph().as_default() as g, tf.Session() as sess:
        outs = arrays_cases.graph(tf)
        values = sess.run(outs)
    for i, v in enumerate(values):
        arrays[f"graph:{i}"] = np.asarray(v)
    return {
        "fetches": [t.name for t in outs],
        "graph_def": base64.b64encode(g.as_graph_def().SerializeToString()).decode(),
    }


def main():
    arrays, meta, bad = {}, {}, {}
    _run_cases(arrays, meta)
    _run_bad(bad)
    graph = _run_graph(arrays)
    out = ROOT / "tests" / "ops" / "golden"
    with tempfile.NamedTemporaryFile(dir=str(out), suffix=".npz", delete=False) as f:
        np.savez_compressed(f, **arrays)
    os.chmod(f.name, 0o644)
    os.replace(f.name, str(out / "arrays_golden.npz"))
    tmp = out / "arrays_golden.json.tmp"
    tmp.write_text(
        json.dumps({"cases": meta, "bad": bad, "graph": graph}, indent=0, sort_keys=True) + "\n"
    )
    os.replace(str(tmp), str(out / "arrays_golden.json"))


if __name__ == "__main__":
    main()

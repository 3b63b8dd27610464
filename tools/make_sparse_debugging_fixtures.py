"""Writes tests/ops/golden/sparse_debugging_golden.json: what real TF 1.15 gives for
tests/ops/sparse_debugging_cases.py (tf.sparse.* and the tf.assert_* / tf.debugging.* checks):
values, dtypes and static shapes of every case, and the stage (build or run), exception class
and message of every failing one.

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_sparse_debugging_fixtures.py
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
from tests.ops import sparse_debugging_cases as cases  # noqa: E402

OUT = ROOT / "tests" / "ops" / "golden" / "sparse_debugging_golden.json"


def _flat(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def pack(value):
    """A fetched value as JSON: arrays with their dtype, SparseTensorValues as three arrays."""
    if isinstance(value, tf.SparseTensorValue):
        return {"sparse": [pack(value.indices), pack(value.values), pack(value.dense_shape)]}
    if value is None:
        return None
    array = np.asarray(value)
    return {"dtype": array.dtype.name, "shape": list(array.shape), "value": array.tolist()}


def _static(t):
    if isinstance(t, tf.Operation):
        return "op"
    shape = t.shape if isinstance(t, tf.SparseTensor) else t.get_shape()
    return None if shape.ndims is None else shape.as_list()


def _dtype(t):
    return "op" if isinstance(t, tf.Operation) else t.dtype.name


def _error(stage, e):
    return {"stage": stage, "error": type(e).__name__, "message": str(e).split("\n\t ")[0]}


def run_case(build):
    with tf.Graph().as_default(), tf.Session() as sess:
        out = _flat(build(tf))
        value = sess.run(out)
        return {
            "value": [pack(v) for v in value],
            "dtype": [_dtype(t) for t in out],
            "static": [_static(t) for t in out],
        }


def run_bad(build):
    with tf.Graph().as_default(), tf.Session() as sess:
        try:
            out = build(tf)
        except Exception as e:  # noqa: BLE001 - the class and message are the fixture
            return _error("build", e)
        try:
            sess.run(out)
        except Exception as e:  # noqa: BLE001
            return _error("run", e)
        return {"stage": "none"}


def run_fed(build):
    with tf.Graph().as_default(), tf.Session() as sess:
        out, x, value = build(tf)
        try:
            sess.run(out, {x: value})
        except Exception as e:  # noqa: BLE001
            return _error("run", e)
        return {"stage": "none"}


def graph_fixture():
    """TF's GraphDef of cases.graph_fetches, the names of its fetches and their values."""
    with tf.Graph().as_default() as g, tf.Session() as sess:
        out = cases.graph_fetches(tf)
        values = sess.run(out)
        graph_def = g.as_graph_def().SerializeToString()
    return {
        "graph_def": base64.b64encode(graph_def).decode("ascii"),
        "fetches": [t.name for t in out],
        "values": [pack(v) for v in values],
    }


def main():
    golden = {
        "sparse": {k: run_case(b) for k, b in cases.SPARSE.items()},
        "sparse_bad": {k: run_bad(b) for k, b in cases.SPARSE_BAD.items()},
        "check": {k: run_case(b) for k, b in cases.CHECK.items()},
        "check_build_bad": {k: run_bad(b) for k, b in cases.CHECK_BUILD_BAD.items()},
        "check_run": {k: run_fed(b) for k, b in cases.CHECK_RUN.items()},
        "graph": graph_fixture(),
    }
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    os.replace(tmp, OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()

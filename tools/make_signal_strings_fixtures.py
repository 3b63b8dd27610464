"""Writes tests/ops/golden/signal_golden.json and strings_golden.json: what real TF 1.15 gives
for the cases of tests/ops/signal_cases.py and tests/ops/strings_cases.py: values, dtypes and
static shapes of every case (`shape_*` cases: static shapes only), the exception class,
stage and message of every bad case, and a GraphDef TF builds with the ops (with its values).

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_signal_strings_fixtures.py
"""

import base64
import importlib
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow.compat.v1 as tf  # noqa: E402
from tests.ops.io_cases import pack  # noqa: E402


def _flat(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def _case(name, build):
    with tf.Graph().as_default(), tf.Session() as sess:
        out = build(tf)
        tensors = _flat(out)
        record = {
            "dtype": [t.dtype.name for t in tensors],
            "static": [str(t.shape) for t in tensors],
        }
        if not name.startswith("shape_"):
            record["value"] = pack(sess.run(out))
        return record


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
                return {
                    "stage": "run",
                    "error": type(e).__name__,
                    "message": e.message.split("\n")[0],
                }
    raise AssertionError("TF did not fail")


def _graph(module):
    """A GraphDef that TF builds from the area's GRAPH builder, and what its fetches give."""
    with tf.Graph().as_default() as g, tf.Session() as sess:
        fetch = [t.name for t in module.GRAPH(tf)]
        return {
            "graph_def": base64.b64encode(g.as_graph_def().SerializeToString()).decode("ascii"),
            "fetch": fetch,
            "values": pack(sess.run(fetch)),
        }


def _write(area):
    module = importlib.import_module(f"tests.ops.{area}_cases")
    cases = {name: _case(name, build) for name, build in sorted(module.CASES.items())}
    bad = {}
    for name, build in sorted(module.BAD.items()):
        try:
            bad[name] = _bad(build)
        except AssertionError:
            raise RuntimeError(f"bad case {name}: TF did not fail") from None
    golden = {"tf_version": tf.VERSION, "cases": cases, "bad": bad, "graph": _graph(module)}
    target = ROOT / "tests" / "ops" / "golden" / (f"{area}_golden.json")
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(golden, indent=0, sort_keys=True) + "\n")
    os.replace(str(tmp), str(target))
    print(f"wrote {len(cases)} cases, {len(bad)} bad cases to {target}")


def main():
    for area in sys.argv[1:] or ["signal", "strings"]:
        _write(area)


if __name__ == "__main__":
    main()

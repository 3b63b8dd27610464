"""Writes tests/ops/golden/case.json: what real TF 1.15 gives for tests/ops/case_cases.py
(tf.case, tf.switch_case and tf.recompute_grad: each branch taken, defaults, exclusive
violations, nesting in conds, gradients, the errors of bad calls, and a GraphDef with
tf.case in it that tinytf imports).

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_case_fixtures.py
"""

import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow.compat.v1 as tf  # noqa: E402
from tests.ops import case_cases  # noqa: E402


def _graph_def():
    """A TF-built GraphDef with tf.case in it, and what its fetches give for each feed."""
    with tf.Graph().as_default() as g:
        fetches = [t.name for t in case_cases.graph_with_cases(tf)]
        with tf.Session() as sess:
            values = [case_cases._runs(sess, f, case_cases.GRAPH_FEEDS) for f in fetches]
        return {
            "pb": g.as_graph_def().SerializeToString().hex(),
            "fetches": fetches,
            "values": values,
        }


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    results = {}
    for name, fn in case_cases.CASES.items():
        with tf.Graph().as_default():
            results[name] = fn(tf)
    results["graph_def"] = _graph_def()
    out = ROOT / "tests" / "ops" / "golden" / "case.json"
    tmp_path = out.with_suffix(".json.tmp")
    tmp_path.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    os.replace(str(tmp_path), str(out))
    print("wrote", out, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()

"""Writes tests/ops/golden/math.json and math.npz: what real TF 1.15 computes for
tests/ops/math_cases.py (issue 10's math, bitwise and dtype ops: values, gradients, static
shapes, op names, dtype facts and the errors of bad inputs), and a GraphDef of the new op types
that TF writes, for tinytf to import and run. See tests/fixture_runner.py.

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_math_fixtures.py
"""

import base64
import json
import os
import pathlib
import sys
import tempfile

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow as tf  # noqa: E402  (TF 1.15 itself)
from tests.fixture_runner import record_all  # noqa: E402
from tests.ops.math_cases import CASES, GRAPH_FEED, GRAPH_FETCHES, graph_for_import  # noqa: E402


def _graph_for_import(arrays):
    """The GraphDef (base64) of math_cases.graph_for_import as TF writes it; its values go to
    arrays under "graphdef/<fetch>"."""
    with tf.Graph().as_default() as graph, tf.Session() as sess:
        x, outs = graph_for_import(tf)
        for name, value in zip(GRAPH_FETCHES, sess.run(outs, {x: GRAPH_FEED})):
            arrays["graphdef/" + name] = value
        return base64.b64encode(graph.as_graph_def().SerializeToString()).decode("ascii")


def _write(path, write):
    """Writes through a temporary file in the same directory, then renames."""
    fd, tmp = tempfile.mkstemp(dir=str(path.parent), suffix=path.suffix)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, str(path))
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    arrays, facts = record_all(tf, CASES)
    graph_def = _graph_for_import(arrays)
    out = ROOT / "tests" / "ops" / "golden"
    out.mkdir(parents=True, exist_ok=True)
    record = {"tf_version": tf.VERSION, "cases": facts, "graph_def": graph_def}
    text = json.dumps(record, indent=1, sort_keys=True)
    _write(out / "math.json", lambda p: pathlib.Path(p).write_text(text + "\n"))
    _write(out / "math.npz", lambda p: np.savez_compressed(p, **arrays))
    print(f"{len(CASES)} cases, {len(arrays)} arrays (TF {tf.VERSION})")


if __name__ == "__main__":
    main()

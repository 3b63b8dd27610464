"""Writes tests/feature_column/golden/feature_column.json and .npz: what real TF 1.15 gives for
the cases of tests/feature_column/feature_column_cases.py (input_layer/linear_model values from
fixed weights, variable names and shapes, collections, parse specs, errors; see
tests/fixture_runner.py for the form of a case), feature_column_graph.pb/.npz (a TF GraphDef with
SparseCross and Bucketize, and its output), and premade.json: the variable names and
evaluation of premade estimators over feature columns
(tests/feature_column/premade_cases.py).

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18), from any directory:
    /work/tf115/bin/python tools/make_feature_column_fixtures.py
"""

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
from tests.feature_column import feature_column_cases, premade_cases  # noqa: E402
from tests.fixture_runner import record_all  # noqa: E402

GOLDEN = ROOT / "tests" / "feature_column" / "golden"


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


def _text(obj):
    return json.dumps({"tf_version": tf.VERSION, "cases": obj}, indent=1, sort_keys=True) + "\n"


def _graph():
    """A TF graph of a crossed (SparseCross) and a bucketized (Bucketize) column, for tinytf to
    import and run: (GraphDef bytes, the output's name, its value)."""
    with tf.Graph().as_default() as graph:
        fc = tf.feature_column
        feats = {"a": tf.constant([[1.0], [5.0], [2.0]]), "s": tf.constant([["x"], ["z"], [""]])}
        b = fc.bucketized_column(fc.numeric_column("a"), [0.0, 2.0])
        out = fc.input_layer(feats, [fc.indicator_column(fc.crossed_column(["s", b], 7)), b])
        with tf.Session() as sess:
            value = sess.run(out)
    return graph.as_graph_def().SerializeToString(), out.name, value


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    arrays, facts = record_all(tf, feature_column_cases.CASES)
    _write(GOLDEN / "feature_column.json", lambda p: pathlib.Path(p).write_text(_text(facts)))
    _write(GOLDEN / "feature_column.npz", lambda p: np.savez_compressed(p, **arrays))
    graph_def, name, value = _graph()
    _write(GOLDEN / "feature_column_graph.pb", lambda p: pathlib.Path(p).write_bytes(graph_def))
    _write(
        GOLDEN / "feature_column_graph.npz", lambda p: np.savez(p, **{"name": name, "out": value})
    )
    premade = {name: run(tf) for name, run in premade_cases.CASES.items()}
    premade["errors"] = premade_cases.errors(tf)
    _write(GOLDEN / "premade.json", lambda p: pathlib.Path(p).write_text(_text(premade)))


if __name__ == "__main__":
    main()

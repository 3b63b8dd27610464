"""Writes tests/ops/golden/nn_more.json and nn_more.npz: what real TF 1.15 gives for the cases
of tests/ops/nn_more_cases.py (the rest of tf.nn: values, gradients, dtypes, static shapes and
errors; see tests/fixture_runner.py for the form of a case), and nn_more_graph.pb / .npz: a
GraphDef of the new ops that TF serializes, with the values TF computes from it.

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18), from any directory:
    /work/tf115/bin/python tools/make_nn_fixtures.py
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
from tests.fixture_runner import record_all  # noqa: E402
from tests.ops import nn_more_cases  # noqa: E402


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
    arrays, facts = record_all(tf, nn_more_cases.CASES)
    out = ROOT / "tests" / "ops" / "golden"
    text = json.dumps({"tf_version": tf.VERSION, "cases": facts}, indent=1, sort_keys=True)
    _write(out / "nn_more.json", lambda p: pathlib.Path(p).write_text(text + "\n"))
    _write(out / "nn_more.npz", lambda p: np.savez_compressed(p, **arrays))
    graph, names = nn_more_cases.frozen_graph(tf)
    with tf.Session(graph=graph) as sess:
        values = sess.run(names)
    frozen = {"graph_def": graph.as_graph_def().SerializeToString(), "names": names}
    _write(out / "nn_more_graph.pb", lambda p: pathlib.Path(p).write_bytes(frozen["graph_def"]))
    values = {f"frozen/{i}": v for i, v in enumerate(values)}
    _write(out / "nn_more_graph.npz", lambda p: np.savez_compressed(p, names=names, **values))
    print(f"{len(facts)} cases, {len(arrays)} arrays (TF {tf.VERSION})")


if __name__ == "__main__":
    main()

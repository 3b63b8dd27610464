"""Writes tests/ops/golden/ops_leftovers.json and ops_leftovers.npz: what real TF 1.15 gives
for the cases of tests/ops/ops_leftovers_cases.py (quantization ops, gradient accumulators,
tf.math / tf.dtypes aliases: values, gradients, dtypes, static shapes, names and errors; see
tests/fixture_runner.py for the form of a case).

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18), from any directory:
    /work/tf115/bin/python tools/make_ops_leftovers_fixtures.py
"""

import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402  (TF 1.15 itself)
from tests.fixture_runner import record_all  # noqa: E402
from tests.ops import ops_leftovers_cases  # noqa: E402
from tools.make_nn_fixtures import _write  # noqa: E402


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    arrays, facts = record_all(tf, ops_leftovers_cases.CASES)
    out = ROOT / "tests" / "ops" / "golden"
    text = json.dumps({"tf_version": tf.VERSION, "cases": facts}, indent=1, sort_keys=True)
    _write(out / "ops_leftovers.json", lambda p: pathlib.Path(p).write_text(text + "\n"))
    _write(out / "ops_leftovers.npz", lambda p: np.savez_compressed(p, **arrays))
    print(f"{len(facts)} cases, {len(arrays)} arrays (TF {tf.VERSION})")


if __name__ == "__main__":
    main()

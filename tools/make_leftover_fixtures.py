"""Writes tests/ops/golden/leftovers.json and leftovers.npz: what real TF 1.15 gives for the
cases of tests/ops/leftover_cases.py (tf.nn.static_state_saving_rnn over two runs, the namedtuple
results of TF's ops, tf.data's dtypes of Python values, tf.nn.in_top_k's graph; see
tests/fixture_runner.py for the form of a case).

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18), from any directory:
    /work/tf115/bin/python tools/make_leftover_fixtures.py
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
from tests.ops import leftover_cases  # noqa: E402
from tools.make_nn_fixtures import _write  # noqa: E402


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    arrays, facts = record_all(tf, leftover_cases.CASES)
    out = ROOT / "tests" / "ops" / "golden"
    text = json.dumps({"tf_version": tf.VERSION, "cases": facts}, indent=1, sort_keys=True)
    _write(out / "leftovers.json", lambda p: pathlib.Path(p).write_text(text + "\n"))
    _write(out / "leftovers.npz", lambda p: np.savez_compressed(p, **arrays))
    print(f"{len(facts)} cases, {len(arrays)} arrays (TF {tf.VERSION})")


if __name__ == "__main__":
    main()

"""Writes tests/training/golden/train_session.json: what real TF 1.15 records for every
scenario of tests/training/train_session_cases.py (Supervisor, SessionManager, the monitored
session's hooks, replica_device_setter, ClusterSpec, summary_iterator, warm_start, ...), with
the event file TF 1.15's FileWriter wrote (base64) for summary_iterator to read.

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_train_session_fixtures.py
"""

import json
import os
import pathlib
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow.compat.v1 as tf  # noqa: E402
from tests.training import train_session_cases as cases  # noqa: E402

OUT = ROOT / "tests" / "training" / "golden" / "train_session.json"


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    golden = {}
    for scenario in cases.SCENARIOS:
        with tempfile.TemporaryDirectory() as tmp:
            golden[scenario.__name__] = cases.run(tf, scenario, tmp)
        print(scenario.__name__, "ok")
    tmp_path = OUT.with_suffix(".json.tmp")
    tmp_path.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    tmp_path.replace(OUT)
    print("wrote", OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()

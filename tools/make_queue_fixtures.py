"""Writes tests/ops/golden/queues.json: what real TF 1.15 records for every scenario of
tests/ops/queue_cases.py (queues, readers, decode_csv and the file ops, queue runners and
input producers/batchers): values, static shapes, op names and attrs, and the class and message
of every error, step by step.

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_queue_fixtures.py
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
from tests.ops import queue_cases  # noqa: E402

OUT = ROOT / "tests" / "ops" / "golden" / "queues.json"


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    golden = {}
    for area, scenarios in queue_cases.SCENARIOS.items():
        for scenario in scenarios:
            with tempfile.TemporaryDirectory() as tmp:
                golden[scenario.__name__] = queue_cases.run(tf, scenario, tmp)
            print(area, scenario.__name__, "ok")
    tmp_path = OUT.with_suffix(".json.tmp")
    tmp_path.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    tmp_path.replace(OUT)
    print("wrote", OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()

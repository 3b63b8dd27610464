"""Writes tests/ops/golden/metrics.json: what real TF 1.15 gives for every case of
tests/ops/metrics_cases.py (each tf.metrics function over three update steps: update results,
values, the local variables made and the collections filled; or the exception class and
message of a bad case).

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_metrics_fixtures.py
"""

import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow.compat.v1 as tf  # noqa: E402
from tests.ops import metrics_cases  # noqa: E402


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)  # auc's PR-trapezoidal warning
    golden = {case["id"]: metrics_cases.run(tf, case) for case in metrics_cases.CASES}
    out = ROOT / "tests" / "ops" / "golden" / "metrics.json"
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    tmp.replace(out)
    print("wrote", out, len(golden), "cases")


if __name__ == "__main__":
    main()

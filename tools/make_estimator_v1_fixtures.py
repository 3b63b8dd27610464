"""Writes tests/estimator/golden/estimator_v1.json: what real TF 1.15 returns for every
scenario of tests/estimator/estimator_v1_cases.py (DNNEstimator, LinearEstimator,
DNNLinearCombinedEstimator with tf.contrib.estimator's heads, tf.estimator.tpu on CPU,
pandas_input_fn: TF 1.15's venv needs `pip install "pandas<1.2"`).

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_estimator_v1_fixtures.py [scenario ...]
"""

import json
import os
import pathlib
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow as tf  # noqa: E402 - TF 1.15 itself: compat.v1 has no contrib
from tests.estimator import estimator_v1_cases as cases  # noqa: E402

OUT = ROOT / "tests" / "estimator" / "golden" / "estimator_v1.json"


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    golden = {}
    only = sys.argv[1:]
    for scenario in cases.SCENARIOS + cases.PANDAS_SCENARIOS:  # (pandas < 1.2 installed)
        if only and scenario.__name__ not in only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            golden[scenario.__name__] = cases.run(tf, scenario, tmp)
        print(scenario.__name__, "ok")
    if only:
        print(json.dumps(golden, indent=1, sort_keys=True))
        return
    OUT.parent.mkdir(exist_ok=True)
    tmp_path = OUT.with_suffix(".json.tmp")
    tmp_path.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    tmp_path.replace(OUT)
    print("wrote", OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()

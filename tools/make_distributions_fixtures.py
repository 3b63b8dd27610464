"""Writes tests/distributions/golden/distributions.json: what real TF 1.15 gives for every case
of tests/distributions/distributions_cases.py (values, dtypes and static shapes of the
tf.distributions methods, KL divergences, gradients of log_prob, sample shapes; or the
exception class, message and phase of a bad case).

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_distributions_fixtures.py
"""

import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow.compat.v1 as tf  # noqa: E402
from tests.distributions import distributions_cases  # noqa: E402


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)  # the tfp deprecation warnings
    cases = distributions_cases.all_cases()
    golden = {name: distributions_cases.run(tf, build) for name, build in cases.items()}
    out = ROOT / "tests" / "distributions" / "golden" / "distributions.json"
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(golden, indent=0, sort_keys=True) + "\n")
    tmp.replace(out)
    print("wrote", out, len(golden), "cases")


if __name__ == "__main__":
    main()

"""Writes tests/util/golden/nest.json: what real TF 1.15's nest (tensorflow/python/util/nest.py,
whose public part is tf.nest) gives for each case of tests/util/nest_cases.py: values with their
container types, and each error's class and message.

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_nest_fixtures.py
"""

import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow.compat.v1 as tf  # noqa: E402
from tensorflow.python.util import nest  # noqa: E402
from tests.util import nest_cases  # noqa: E402


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    public = sorted(n for n in dir(tf.nest) if not n.startswith("_"))
    cases = {
        name: nest_cases.outcome(tf, nest, fn)
        for name, fn in sorted(nest_cases.all_cases().items())
    }
    results = {"public_names": public, "cases": cases}
    out = ROOT / "tests" / "util" / "golden" / "nest.json"
    tmp_path = out.with_suffix(".json.tmp")
    tmp_path.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    os.replace(str(tmp_path), str(out))
    print("wrote", out, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()

"""Runs the tf.data programs of tests/data/data_cases.py with real TF 1.15 and writes what each
gives to tests/data/golden/data.json (tests/data/test_data_golden.py compares tinytf's).

    /work/tf115/bin/python tools/make_data_fixtures.py
"""

import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "data"))

import data_cases  # noqa: E402
import tensorflow as tf  # noqa: E402


def main():
    results = {}
    for name, fn in sorted(data_cases.CASES.items()):
        with tempfile.TemporaryDirectory() as d:
            data_cases.write_inputs(tf, d)
            with tf.Graph().as_default():
                results[name] = fn(tf, d)
    path = os.path.join(HERE, "..", "tests", "data", "golden", "data.json")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    os.replace(tmp, path)
    print("wrote", len(results), "cases to", path)


if __name__ == "__main__":
    main()

"""Writes tests/ops/golden/tf_values.npz: the values real TF gives for tests/ops/golden_cases.py.

Run with the interpreter of a venv that has `tensorflow-cpu` (never a tinytf dependency):
    /path/to/tf-venv/bin/python tools/make_golden.py
"""

import os
import pathlib
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow.compat.v1 as tf  # noqa: E402
from tests.ops.golden_cases import CASES  # noqa: E402


def main():
    tf.disable_v2_behavior()
    values = {}
    for name, build in CASES.items():
        with tf.Graph().as_default(), tf.Session() as sess:
            out = build(tf)
            values[name] = np.asarray(sess.run(out))
            values[f"{name}__dtype"] = np.array(out.dtype.name)
            values[f"{name}__static"] = np.array(str(out.shape))
    target = ROOT / "tests" / "ops" / "golden" / "tf_values.npz"
    tmp = target.with_suffix(".tmp.npz")
    np.savez(tmp, tf_version=np.array(tf.VERSION), **values)
    os.replace(tmp, target)
    print(f"wrote {len(CASES)} cases to {target} (TF {tf.VERSION})")


if __name__ == "__main__":
    main()

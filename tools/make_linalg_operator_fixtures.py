"""Writes tests/linalg/golden/linear_operator.json and .npz (its arrays): what real TF 1.15
gives for every case of tests/linalg/linear_operator_cases.py (the LinearOperators' facts,
method values, dtypes, static shapes, names and gradients; expm, norm and normalize; or the
exception class and message of a bad case).

Run with TF 1.15's interpreter (Python 3.7, NumPy 1.18; never a tinytf dependency):
    /work/tf115/bin/python tools/make_linalg_operator_fixtures.py
"""

import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402
from tests.linalg import linear_operator_cases  # noqa: E402


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)  # the "(possibly slow) default" warnings
    cases = linear_operator_cases.all_cases()
    golden = {name: linear_operator_cases.run(tf, case) for name, case in sorted(cases.items())}
    arrays = {}
    packed = linear_operator_cases.pack(golden, arrays)
    out = ROOT / "tests" / "linalg" / "golden" / "linear_operator.json"
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(packed, sort_keys=True, separators=(",", ":")) + "\n")
    npz, npz_tmp = out.with_suffix(".npz"), out.with_suffix(".tmp.npz")
    np.savez_compressed(str(npz_tmp), **{k: np.concatenate(v) for k, v in arrays.items()})
    tmp.replace(out)
    npz_tmp.replace(npz)
    print("wrote", out, len(golden), "cases", out.stat().st_size + npz.stat().st_size, "bytes")


if __name__ == "__main__":
    main()

"""The static shapes real TF 1.15 infers for the slices of tests/ops/slice_shape_cases.py.
Run: /work/tf115/bin/python tools/make_slice_shape_fixtures.py
"""

import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow as tf  # noqa: E402
from tests.ops import slice_shape_cases  # noqa: E402


def main():
    shapes = {}
    for name in sorted(slice_shape_cases.CASES):
        with tf.Graph().as_default():
            shapes[name] = slice_shape_cases.build(tf, name).shape.as_list()
    out = ROOT / "tests" / "ops" / "golden" / "slice_shapes.json"
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(shapes, indent=1, sort_keys=True) + "\n")
    tmp.replace(out)


if __name__ == "__main__":
    main()

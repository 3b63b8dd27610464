"""tf.layers fixtures, made with real TF 1.x layers (tf.compat.v1 with tf-keras, the Keras 2 that
TF 1.x's layers live in) for the cases of tests/layers/layer_cases.py:

- tests/layers/golden/layers.json: per case, the outputs' names and static shapes, the variables'
  names, shapes and trainability, and the number of UPDATE_OPS;
- tests/layers/golden/values.npz: the outputs real TF computed when training (batch statistics),
  the moving statistics after running the UPDATE_OPS once, and the outputs in inference mode.
Run with a venv that has `tensorflow-cpu` and `tf-keras`:
    TF_USE_LEGACY_KERAS=1 /path/to/tf-venv/bin/python tools/make_layer_fixtures.py
"""

import json
import os
import pathlib
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["TF_USE_LEGACY_KERAS"] = "1"
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "layers" / "golden"
sys.path.insert(0, str(ROOT))

import tensorflow.compat.v1 as tf  # noqa: E402
from tests.layers.layer_cases import CASES, VALUE_CASES  # noqa: E402

tf.disable_v2_behavior()


def _shape(t):
    return None if t.shape.ndims is None else t.shape.as_list()


def main():
    record, arrays = {}, {}
    for name, build in CASES.items():
        with tf.Graph().as_default() as g:
            outputs = build(tf)
            record[name] = {
                "outputs": [[t.name, _shape(t)] for t in outputs],
                "variables": [
                    [v.op.name, v.shape.as_list(), v in tf.trainable_variables()]
                    for v in tf.global_variables()
                ],
                "update_ops": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)),
            }
            if name not in VALUE_CASES:
                continue
            moving = [v for v in tf.global_variables() if "moving_" in v.op.name]
            with tf.Session(graph=g) as sess:
                sess.run(tf.global_variables_initializer())
                for i, value in enumerate(sess.run(outputs)):
                    arrays[f"{name}/train/{i}"] = value
                sess.run(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
                for v, value in zip(moving, sess.run(moving)):
                    arrays[f"{name}/{v.op.name}"] = value
                for i, value in enumerate(sess.run(outputs, {"training:0": False})):
                    arrays[f"{name}/infer/{i}"] = value
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "layers.json").write_text(json.dumps(record, indent=1) + "\n")
    np.savez(OUT / "values.npz", **arrays)
    print(f"recorded {len(record)} cases, {len(arrays)} arrays from TF {tf.VERSION}")


if __name__ == "__main__":
    main()

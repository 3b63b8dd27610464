"""SavedModel interop fixtures, made with real TF (tf.compat.v1) and checked both ways:

- tests/training/saved_models/tf/: the model of tests/training/checkpoint_cases.py exported by
  real TF's tf.saved_model.simple_save (tag "serve", signature "serving_default": x -> y);
- tests/training/saved_models/tinytf/: the same model exported by tinytf, which real TF loads
  here with tf.saved_model.loader.load and runs through its signature, checking y.
Run with a venv that has `tensorflow-cpu` and tinytf's dependencies, tinytf's src on the path:
    PYTHONPATH=src /path/to/tf-venv/bin/python tools/make_saved_model_fixtures.py
"""

import os
import pathlib
import shutil
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "training" / "saved_models"
sys.path.insert(0, str(ROOT))

import tensorflow.compat.v1 as tf  # noqa: E402
from tests.training.checkpoint_cases import X, build  # noqa: E402

import tinytf  # noqa: E402

tf.disable_v2_behavior()


def _export(module, directory):
    shutil.rmtree(directory, ignore_errors=True)
    with module.Graph().as_default(), module.Session() as sess:
        x, y, assign = build(module)
        sess.run(module.global_variables_initializer())
        sess.run(assign)
        module.saved_model.simple_save(sess, str(directory), {"x": x}, {"y": y})
        return sess.run(y, {x: X})


def _tf_runs(directory):
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], str(directory))
        signature = meta.signature_def["serving_default"]
        return sess.run(signature.outputs["y"].name, {signature.inputs["x"].name: X})


def main():
    y_tf = _export(tf, OUT / "tf")
    y_tinytf = _export(tinytf, OUT / "tinytf")
    np.testing.assert_allclose(y_tinytf, y_tf, rtol=1e-6)
    np.testing.assert_allclose(_tf_runs(OUT / "tinytf"), y_tf, rtol=1e-6)
    np.testing.assert_allclose(_tf_runs(OUT / "tf"), y_tf, rtol=1e-6)
    print(f"wrote {OUT}; real TF loaded and ran tinytf's SavedModel")


if __name__ == "__main__":
    main()

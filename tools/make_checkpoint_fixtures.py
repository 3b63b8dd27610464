"""Checkpoint interop fixtures, made with real TF (tf.compat.v1) and checked both ways:

- tests/training/checkpoints/tf/: the model of tests/training/checkpoint_cases.py saved by real
  TF's Saver (model.ckpt-7.index/.data/.meta and the `checkpoint` state file, relative paths);
- tests/training/checkpoints/tinytf/: the same model saved by tinytf, which real TF restores here
  twice (into a graph built by code, and through import_meta_graph) and checks value by value;
- tests/training/checkpoints/expected.npz: y = softmax(xW + b) as real TF computed it.
Run with a venv that has `tensorflow-cpu` and tinytf's dependencies, with tinytf's src on the path:
    PYTHONPATH=src /path/to/tf-venv/bin/python tools/make_checkpoint_fixtures.py
"""

import os
import pathlib
import shutil
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "training" / "checkpoints"
sys.path.insert(0, str(ROOT))

import tensorflow.compat.v1 as tf  # noqa: E402
from tests.training.checkpoint_cases import STEP, VALUES, X, build  # noqa: E402

import tinytf  # noqa: E402

tf.disable_v2_behavior()


def _save(module, directory):
    shutil.rmtree(directory, ignore_errors=True)
    with module.Graph().as_default(), module.Session() as sess:
        x, y, assign = build(module)
        saver = module.train.Saver(save_relative_paths=True)
        sess.run(module.global_variables_initializer())
        sess.run(assign)
        saver.save(sess, str(directory / "model.ckpt"), global_step=STEP)
        return sess.run(y, {x: X})


def _check_values(sess, variables):
    for v in variables:
        want = VALUES[v.op.name]
        got = sess.run(v)
        assert got.dtype == want.dtype and np.array_equal(got, want), (v.op.name, got, want)


def _tf_restores(directory, y_want):
    prefix = tf.train.latest_checkpoint(str(directory))
    assert prefix == str(directory / f"model.ckpt-{STEP}"), prefix
    with tf.Graph().as_default(), tf.Session() as sess:  # a graph built by code
        x, y, _ = build(tf)
        tf.train.Saver().restore(sess, prefix)
        _check_values(sess, tf.global_variables())
        np.testing.assert_allclose(sess.run(y, {x: X}), y_want, rtol=1e-6)
    with tf.Graph().as_default(), tf.Session() as sess:  # no code: the meta graph only
        saver = tf.train.import_meta_graph(prefix + ".meta")
        saver.restore(sess, prefix)
        _check_values(sess, tf.global_variables())
        y = tf.get_collection("outputs")[0]
        np.testing.assert_allclose(sess.run(y, {"x:0": X}), y_want, rtol=1e-6)


def main():
    y_tf = _save(tf, OUT / "tf")
    y_tinytf = _save(tinytf, OUT / "tinytf")
    np.testing.assert_allclose(y_tinytf, y_tf, rtol=1e-6)
    _tf_restores(OUT / "tinytf", y_tf)
    _tf_restores(OUT / "tf", y_tf)
    np.savez(OUT / "expected.npz", y=y_tf)
    print(f"wrote {OUT}; real TF restored tinytf's checkpoint and meta graph")


if __name__ == "__main__":
    main()

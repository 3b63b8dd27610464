"""tf.saved_model: simple_save/loader.load round trips, and SavedModels exchanged with real TF
(tools/make_saved_model_fixtures.py: real TF loaded and ran tinytf's export)."""

import os
import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests.training.checkpoint_cases import VALUES, X, build

HERE = pathlib.Path(__file__).resolve().parent
MODELS = HERE / "saved_models"
EXPECTED_Y = np.load(HERE / "checkpoints" / "expected.npz")["y"]


def _export(directory):
    x, y, assign = build(tf)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(assign)
        tf.saved_model.simple_save(sess, str(directory), {"x": x}, {"y": y})


def _serve(directory):
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(
            sess, [tf.saved_model.tag_constants.SERVING], str(directory)
        )
        signature = meta.signature_def[
            tf.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY
        ]
        y = sess.run(signature.outputs["y"].name, {signature.inputs["x"].name: X})
        values = {v.op.name: sess.run(v) for v in tf.global_variables()}
        return signature, y, values


def test_simple_save_and_load_round_trip(tmp_path):
    _export(tmp_path / "1")
    assert sorted(os.listdir(tmp_path)) == ["1"]  # staged beside, then renamed into place
    assert sorted(os.listdir(tmp_path / "1")) == ["saved_model.pb", "variables"]
    signature, y, values = _serve(tmp_path / "1")
    assert signature.method_name == "tensorflow/serving/predict"
    assert signature.inputs["x"].tensor_shape.dim[1].size == 3
    np.testing.assert_allclose(y, EXPECTED_Y, rtol=1e-6)
    for name, want in VALUES.items():
        assert np.array_equal(values[name], want), name
    # the variables are the very bytes real TF wrote for the same values
    for name in ("variables.index", "variables.data-00000-of-00001"):
        assert (tmp_path / "1" / "variables" / name).read_bytes() == (
            MODELS / "tf" / "variables" / name
        ).read_bytes()


@pytest.mark.parametrize("maker", ["tf", "tinytf"])
def test_saved_models_exchanged_with_real_tf_load_and_serve(maker):
    _, y, values = _serve(MODELS / maker)
    np.testing.assert_allclose(y, EXPECTED_Y, rtol=1e-6)
    assert np.array_equal(values["scope/w64"], VALUES["scope/w64"])


def test_tf_sharded_saver_ops_run_in_tinytf(tmp_path):
    """Real TF's SavedModel carries its sharded Saver (ShardedFilename, StringJoin,
    MergeV2Checkpoints): tinytf runs it to save and restore."""
    with tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], str(MODELS / "tf"))
        saver = tf.train.Saver(saver_def=meta.saver_def)
        saver.save(sess, str(tmp_path / "model"), write_meta_graph=False)
        assert sorted(os.listdir(tmp_path)) == [
            "checkpoint",
            "model.data-00000-of-00001",
            "model.index",
        ]
        reader = tf.train.NewCheckpointReader(str(tmp_path / "model"))
        assert np.array_equal(reader.get_tensor("counts"), VALUES["counts"])


def test_bad_uses(tmp_path):
    _export(tmp_path / "m")
    with pytest.raises(AssertionError, match="Export directory already exists"):
        tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "m"))
    with tf.Graph().as_default(), tf.Session() as sess:
        with pytest.raises(RuntimeError, match=r"tags \['train'\] could not be found"):
            tf.saved_model.loader.load(sess, ["train"], str(tmp_path / "m"))
        with pytest.raises(OSError, match="SavedModel file does not exist"):
            tf.saved_model.loader.load(sess, ["serve"], str(tmp_path))
    builder = tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "n"))
    with pytest.raises(AssertionError, match="has not been saved yet"):
        builder.add_meta_graph(["serve"])
    with pytest.raises(ValueError, match="inputs cannot be None or empty"):
        tf.saved_model.signature_def_utils.predict_signature_def({}, {"y": tf.constant(1.0)})

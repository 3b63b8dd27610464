"""tf.train.Checkpoint / CheckpointManager in graph mode against real TF 1.15: the fixtures in
golden/object_ckpt/ and golden/object_checkpoint.json were made by
tools/make_object_checkpoint_fixtures.py (TF writes, and reads back what tinytf wrote in
golden/object_ckpt_tinytf/, which `python -m tests.training.test_checkpoint_object` makes)."""

import json
import os
import pathlib
import shutil
import sys

import numpy as np
import pytest
from google.protobuf import text_format

import tinytf as tf

GOLDEN = pathlib.Path(__file__).resolve().parent / "golden"
TF_DIR = GOLDEN / "object_ckpt"
MINE_DIR = GOLDEN / "object_ckpt_tinytf"
D = json.loads((GOLDEN / "object_checkpoint.json").read_text())
X = np.array(D["x"], np.float32)
SLOT_M = "model/kernel/.OPTIMIZER_SLOT/optimizer/m/.ATTRIBUTES/VARIABLE_VALUE"


def _object_graph_class():
    from tinytf.platform import protos

    return protos.proto_module("trackable_object_graph_pb2").TrackableObjectGraph


def _object_graph(prefix):
    proto = _object_graph_class()()
    reader = tf.train.NewCheckpointReader(str(prefix))
    proto.ParseFromString(reader.get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH")[()])
    return proto


def _tf_object_graph(case):
    return text_format.Parse(D[case]["object_graph"], _object_graph_class()())


def _dense_adam(train=True):
    """The fixture script's model: Dense(3) + Adam(0.1) with a global step (built in the
    default graph; the training op only when `train`)."""
    layer = tf.layers.Dense(3, name="dense", kernel_initializer=tf.constant_initializer(0.5))
    y = layer(tf.constant(X))
    step = tf.train.get_or_create_global_step()
    opt = tf.train.AdamOptimizer(0.1)
    loss = tf.reduce_sum(tf.square(y))
    train_op = opt.minimize(loss, global_step=step) if train else None
    ckpt = tf.train.Checkpoint(model=layer, optimizer=opt, step=step)
    return layer, opt, step, train_op, ckpt, loss


def _write_dense_adam(prefix):
    with tf.Graph().as_default():
        *_, train, ckpt, _loss = _dense_adam()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            return ckpt.save(str(prefix), session=sess)


def _assert_values(prefix, values):
    reader = tf.train.NewCheckpointReader(str(prefix))
    for key, want in values.items():
        np.testing.assert_allclose(reader.get_tensor(key), want, rtol=1e-6, err_msg=key)


def test_save_writes_tfs_keys_object_graph_values_and_state(tmp_path):
    path = _write_dense_adam(tmp_path / "dense_adam")
    assert os.path.basename(path) == D["dense_adam_path"] == "dense_adam-1"
    reader = tf.train.NewCheckpointReader(path)
    assert sorted(reader.get_variable_to_shape_map()) == D["dense_adam"]["keys"]
    for key, shape in D["dense_adam"]["shapes"].items():
        assert reader.get_variable_to_shape_map()[key] == shape
    assert _object_graph(path) == _tf_object_graph("dense_adam")
    _assert_values(path, D["dense_adam"]["values"])
    assert (tmp_path / "checkpoint").read_text() == D["state_file"]
    assert tf.train.latest_checkpoint(str(tmp_path)) == path


def test_tinytf_checkpoint_is_the_one_tf_read_back(tmp_path):
    # TF 1.15 restored golden/object_ckpt_tinytf/dense_adam-1 with assert_consumed(); tinytf
    # still writes exactly those bytes (its values from the NumPy kernels, the reference: a
    # faster backend's Adam may differ in the last bit)
    from tinytf.runtime import backends
    from tinytf.runtime.backends.numpy_backend import NumpyBackend

    assert D["tf_read_tinytf"] is not None
    previous = backends.set_backend(NumpyBackend())
    try:
        path = _write_dense_adam(tmp_path / "dense_adam")
    finally:
        backends.set_backend(previous)
    for suffix in (".index", ".data-00000-of-00001"):
        assert open(path + suffix, "rb").read() == (MINE_DIR / f"dense_adam-1{suffix}").read_bytes()
    got = D["tf_read_tinytf"]
    values = D["dense_adam"]["values"]
    np.testing.assert_allclose(got["kernel"], values["model/kernel/.ATTRIBUTES/VARIABLE_VALUE"])
    np.testing.assert_allclose(got["m"], values[SLOT_M])
    assert got["step"] == 1 and got["save_counter"] == 1


def test_restore_tfs_checkpoint_into_tinytf():
    values = D["dense_adam"]["values"]
    with tf.Graph().as_default():
        layer, opt, step, _, ckpt, _loss = _dense_adam()
        status = ckpt.restore(str(TF_DIR / "dense_adam-1"))
        assert status.assert_consumed() is status
        with tf.Session() as sess:
            status.run_restore_ops(sess)
            got = {
                "model/kernel/.ATTRIBUTES/VARIABLE_VALUE": sess.run(layer.kernel),
                "model/bias/.ATTRIBUTES/VARIABLE_VALUE": sess.run(layer.bias),
                SLOT_M: sess.run(opt.get_slot(layer.kernel, "m")),
                "optimizer/beta2_power/.ATTRIBUTES/VARIABLE_VALUE": sess.run(
                    opt._non_slots["beta2_power"]
                ),
                "step/.ATTRIBUTES/VARIABLE_VALUE": sess.run(step),
                "save_counter/.ATTRIBUTES/VARIABLE_VALUE": sess.run(ckpt.save_counter),
            }
    for key, value in got.items():
        np.testing.assert_allclose(value, values[key], rtol=1e-6, err_msg=key)


def test_partial_restore_existing_objects_match_but_not_consumed():
    with tf.Graph().as_default():
        layer = tf.layers.Dense(3, name="dense")
        layer(tf.constant(X))
        status = tf.train.Checkpoint(model=layer).restore(str(TF_DIR / "dense_adam-1"))
        assert D["partial_existing"] is None
        status.assert_existing_objects_matched()
        with pytest.raises(AssertionError, match=r"Unresolved object in checkpoint \(root\)"):
            status.assert_consumed()
        assert D["partial_consumed"] == "AssertionError"
        with tf.Session() as sess:
            status.expect_partial().run_restore_ops(sess)
            np.testing.assert_allclose(sess.run(layer.kernel), D["partial_kernel"])


def test_slots_created_after_restore_are_restored_later():
    with tf.Graph().as_default():
        layer, opt, step, _, ckpt, loss = _dense_adam(train=False)
        status = ckpt.restore(str(TF_DIR / "dense_adam-1"))
        with pytest.raises(AssertionError, match=r"Unresolved object in checkpoint \(root\)\.opt"):
            status.assert_consumed()
        assert D["deferred_consumed_before"] == "AssertionError"
        train = opt.minimize(loss, global_step=step)
        status.assert_consumed()
        assert D["deferred_consumed_after"] is None
        with tf.Session() as sess:
            status.initialize_or_restore(sess)
            np.testing.assert_allclose(sess.run(opt.get_slot(layer.kernel, "m")), D["deferred_m"])
            assert sess.run(ckpt.save_counter) == D["deferred_counter"]
            sess.run(train)
            np.testing.assert_allclose(
                sess.run(layer.kernel), D["deferred_kernel_after_step"], rtol=1e-5
            )


def test_restore_none_initializes():
    with tf.Graph().as_default():
        v = tf.Variable(3.0, name="v")
        status = tf.train.Checkpoint(v=v).restore(None)
        for check, want in (
            (status.assert_consumed, D["none_consumed"]),
            (status.run_restore_ops, D["none_run"]),
        ):
            with pytest.raises(AssertionError) as e:
                check()
            assert [type(e.value).__name__, str(e.value)] == want
        with tf.Session() as sess:
            status.initialize_or_restore(sess)
            assert sess.run(v) == D["none_value"]


def test_restore_missing_checkpoint_not_found(tmp_path):
    with tf.Graph().as_default():
        ckpt = tf.train.Checkpoint(v=tf.Variable(1.0))
        with pytest.raises(tf.errors.NotFoundError, match="Failed to find any matching files"):
            ckpt.restore(str(tmp_path / "absent"))


def test_a_cycle_in_the_object_graph_terminates(tmp_path):
    with tf.Graph().as_default():
        inner = tf.train.Checkpoint(v=tf.Variable([2.0], name="v"))
        outer = tf.train.Checkpoint(inner=inner)
        inner.parent = outer  # reachable twice: saved once, under its shortest path
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            path = outer.save(str(tmp_path / "cycle"), session=sess)
        status = outer.restore(path).assert_consumed()
        with tf.Session() as sess:
            status.run_restore_ops(sess)
            assert sess.run(inner.v).tolist() == [2.0]
    keys = tf.train.NewCheckpointReader(path).get_variable_to_shape_map()
    assert "inner/v/.ATTRIBUTES/VARIABLE_VALUE" in keys


def test_not_trackable_value_error():
    with pytest.raises(ValueError) as e:
        tf.train.Checkpoint(x=3)
    assert [type(e.value).__name__, str(e.value)] == D["not_trackable"]


def test_nested_checkpoints_save_and_restore(tmp_path):
    with tf.Graph().as_default():
        a = tf.Variable([1.0, 2.0], name="a")
        b = tf.Variable(7, name="b")
        ckpt = tf.train.Checkpoint(inner=tf.train.Checkpoint(a=a), b=b)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            path = ckpt.save(str(tmp_path / "nested"), session=sess)
    reader = tf.train.NewCheckpointReader(path)
    assert sorted(reader.get_variable_to_shape_map()) == D["nested"]["keys"]
    assert _object_graph(path) == _tf_object_graph("nested")
    with tf.Graph().as_default():
        a = tf.Variable([0.0, 0.0], name="other_name")
        b = tf.Variable(0, name="b")
        ckpt = tf.train.Checkpoint(b=b, inner=tf.train.Checkpoint(a=a))
        status = ckpt.restore(str(TF_DIR / "nested-1")).assert_consumed()
        with tf.Session() as sess:
            status.run_restore_ops(sess)
            want = D["nested"]["values"]["inner/a/.ATTRIBUTES/VARIABLE_VALUE"]
            assert sess.run(a).tolist() == want
            assert sess.run(b) == 7


class Custom(tf.layers.Layer):
    """The fixture script's Layer subclass: an untracked sub-layer, a weight named with '/'."""

    def __init__(self):
        super().__init__(name="custom")
        self.inner = tf.layers.Dense(2, name="inner")

    def build(self, input_shape):
        self.w = self.add_weight("w", [1], initializer=tf.ones_initializer())
        self.g = self.add_weight("gate/scale", [2], initializer=tf.ones_initializer())
        super().build(input_shape)

    def call(self, x):
        return self.inner(x) * self.w * self.g


def test_layer_weights_and_momentum_slots_as_tf_tracks_them(tmp_path):
    with tf.Graph().as_default():
        custom, bn = Custom(), tf.layers.BatchNormalization(name="bn")
        y = bn(custom(tf.constant(X)), training=True)
        opt = tf.train.MomentumOptimizer(0.1, 0.9)
        train = opt.minimize(tf.reduce_sum(tf.square(y)))
        ckpt = tf.train.Checkpoint(custom=custom, bn=bn, opt=opt)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            path = ckpt.save(str(tmp_path / "layers"), session=sess)
    reader = tf.train.NewCheckpointReader(path)
    assert sorted(reader.get_variable_to_shape_map()) == D["layers"]["keys"]
    assert _object_graph(path) == _tf_object_graph("layers")


def test_write_neither_numbers_nor_records(tmp_path):
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="v")
        ckpt = tf.train.Checkpoint(v=v)
        with tf.Session() as sess:
            sess.run(v.initializer)
            assert ckpt.write(str(tmp_path / "written"), session=sess) == str(tmp_path / "written")
            with sess.as_default():  # the default session when none is passed
                assert ckpt.save(str(tmp_path / "saved")).endswith("saved-1")
                assert ckpt.save(str(tmp_path / "saved")).endswith("saved-2")
    assert D["write_path"] == "written"
    assert tf.train.latest_checkpoint(str(tmp_path)) == str(tmp_path / "saved-2")


def test_attributes_set_later_are_tracked(tmp_path):
    with tf.Graph().as_default():
        ckpt = tf.train.Checkpoint()
        ckpt.w = tf.Variable([5.0], name="w")
        ckpt.note = "not trackable"
        with tf.Session() as sess:
            sess.run(ckpt.w.initializer)
            path = ckpt.save(str(tmp_path / "late"), session=sess)
    keys = set(tf.train.NewCheckpointReader(path).get_variable_to_shape_map())
    assert "w/.ATTRIBUTES/VARIABLE_VALUE" in keys and not any("note" in k for k in keys)


def test_checkpoint_manager_as_tf(tmp_path):
    d = tmp_path / "manager"
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="v")
        ckpt = tf.train.Checkpoint(v=v)
        manager = tf.train.CheckpointManager(ckpt, str(d), max_to_keep=2)
        with tf.Session() as sess, sess.as_default():
            sess.run(v.initializer)
            saved = []
            for _ in range(3):
                sess.run(v.assign_add(1.0))
                saved.append(manager.save())
            saved.append(manager.save(checkpoint_number=10))
            assert sess.run(ckpt.save_counter) == D["manager_counter"]
        assert [os.path.relpath(p, d) for p in saved] == D["manager_saved"]
        assert [os.path.relpath(p, d) for p in manager.checkpoints] == D["manager_checkpoints"]
        assert os.path.relpath(manager.latest_checkpoint, d) == D["manager_latest"]
        assert sorted(os.listdir(d)) == [
            n.replace("00002", "00001")
            for n in D["manager_files"]
            if not n.endswith("00001-of-00002")
        ]
        state = tf.train.get_checkpoint_state(str(d))
        assert [os.path.basename(p) for p in state.all_model_checkpoint_paths] == [
            os.path.basename(p) for p in D["manager_state_paths"]
        ]
        assert tf.train.latest_checkpoint(str(d)) == manager.latest_checkpoint
        again = tf.train.CheckpointManager(ckpt, str(d), max_to_keep=2)
        assert [os.path.relpath(p, d) for p in again.checkpoints] == D["manager_recovered"]
        with pytest.raises(ValueError) as e:
            tf.train.CheckpointManager(ckpt, str(d), 0)
        assert [type(e.value).__name__, str(e.value)] == D["manager_bad_max"]


def test_name_based_checkpoint_restores_by_variable_names(tmp_path):
    with tf.Graph().as_default():
        v = tf.Variable([4.0, 5.0], name="v")
        with tf.Session() as sess:
            sess.run(v.initializer)
            path = tf.train.Saver([v]).save(sess, str(tmp_path / "named"), write_meta_graph=False)
    with tf.Graph().as_default():
        v = tf.Variable([0.0, 0.0], name="v")
        status = tf.train.Checkpoint(x=v).restore(path)
        with tf.Session() as sess:
            with pytest.raises(AssertionError, match="Object not restored"):
                status.assert_consumed()
            # as TF 1.15: the save counter made by restore() is looked up by its name too
            with pytest.raises(tf.errors.NotFoundError, match="Key save_counter not found"):
                status.run_restore_ops(sess)
    with tf.Graph().as_default():
        v = tf.Variable([0.0, 0.0], name="v")
        counter = tf.train.Checkpoint(x=v).save_counter
        with tf.Session() as sess:
            sess.run([counter.initializer, v.assign([4.0, 5.0])])
            path = tf.train.Saver([v, counter]).save(sess, str(tmp_path / "n2"))
    with tf.Graph().as_default():
        v = tf.Variable([0.0, 0.0], name="v")
        status = tf.train.Checkpoint(x=v).restore(path)
        with tf.Session() as sess:
            status.run_restore_ops(sess)
            status.assert_consumed()
            assert sess.run(v).tolist() == [4.0, 5.0]


def _write_tinytf_fixture():
    """Writes golden/object_ckpt_tinytf/dense_adam-1 (then the fixture script has TF read it)."""
    shutil.rmtree(MINE_DIR, ignore_errors=True)
    path = _write_dense_adam(MINE_DIR / "dense_adam")
    os.remove(MINE_DIR / "checkpoint")
    print(path)


if __name__ == "__main__":
    _write_tinytf_fixture()
    sys.exit(0)

"""Object-based checkpoints (tf.train.Checkpoint, tf.train.CheckpointManager) from real TF 1.15,
in graph mode, for tests/training/test_checkpoint_object.py.

    /work/tf115/bin/python tools/make_object_checkpoint_fixtures.py
    /work/tf115/bin/python tools/make_object_checkpoint_fixtures.py --read PREFIX  # TF reads a
        checkpoint tinytf wrote (the dense+Adam model below) and prints what it restored

Writes tests/training/golden/object_checkpoint.json (keys, shapes, the object graph proto as
text, values, the status assertions' messages, and what TF restored from the checkpoint tinytf
wrote in tests/training/golden/object_ckpt_tinytf/) and tests/training/golden/object_ckpt/ (TF's
checkpoint files: dense_adam-1.*, nested-1.*).
"""

import contextlib
import json
import os
import shutil
import sys

import numpy as np
import tensorflow as tf
from google.protobuf import text_format
from tensorflow.core.protobuf import trackable_object_graph_pb2

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "tests", "training", "golden")
CKPT_DIR = os.path.join(GOLDEN, "object_ckpt")
X = np.arange(8, dtype=np.float32).reshape(2, 4) / 8.0


@contextlib.contextmanager
def graph():
    """A new graph, everything on one device: TF writes one data shard per device (tinytf reads
    single-shard bundles)."""
    with tf.Graph().as_default(), tf.device("/cpu:0"):
        yield


def dense_adam():
    """Dense(3) on X, Adam(0.1) minimizing sum(y^2) with a global step; untrained objects."""
    layer = tf.layers.Dense(3, name="dense", kernel_initializer=tf.constant_initializer(0.5))
    y = layer(tf.constant(X))
    step = tf.train.get_or_create_global_step()
    opt = tf.train.AdamOptimizer(0.1)
    train = opt.minimize(tf.reduce_sum(tf.square(y)), global_step=step)
    ckpt = tf.train.Checkpoint(model=layer, optimizer=opt, step=step)
    return layer, opt, step, train, ckpt


def object_graph(prefix):
    reader = tf.train.NewCheckpointReader(prefix)
    proto = trackable_object_graph_pb2.TrackableObjectGraph()
    proto.ParseFromString(reader.get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH"))
    return reader, proto


def contents(prefix):
    reader, proto = object_graph(prefix)
    names = sorted(reader.get_variable_to_shape_map())
    shapes = reader.get_variable_to_shape_map()
    values = {
        n: reader.get_tensor(n).tolist() for n in names if n != "_CHECKPOINTABLE_OBJECT_GRAPH"
    }
    return {
        "keys": names,
        "shapes": {n: shapes[n] for n in names},
        "object_graph": text_format.MessageToString(proto),
        "values": values,
    }


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - recorded for the test
        return [type(e).__name__, str(e)]
    return None


def case_dense_adam(out):
    with graph():
        layer, opt, step, train, ckpt = dense_adam()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            path = ckpt.save(os.path.join(CKPT_DIR, "dense_adam"), session=sess)
            out["dense_adam_path"] = os.path.relpath(path, CKPT_DIR)
            path2 = ckpt.write(os.path.join(CKPT_DIR, "written"), session=sess)
            out["write_path"] = os.path.relpath(path2, CKPT_DIR)
            out["save_counter_after"] = int(sess.run(ckpt.save_counter))
    with open(os.path.join(CKPT_DIR, "checkpoint")) as f:
        out["state_file"] = f.read()
    for name in os.listdir(CKPT_DIR):
        if name.startswith("written"):
            os.remove(os.path.join(CKPT_DIR, name))
    out["dense_adam"] = contents(os.path.join(CKPT_DIR, "dense_adam-1"))


def case_statuses(out):
    prefix = os.path.join(CKPT_DIR, "dense_adam-1")
    with graph():  # only the layer: the checkpoint's optimizer is unresolved
        layer = tf.layers.Dense(3, name="dense")
        layer(tf.constant(X))
        status = tf.train.Checkpoint(model=layer).restore(prefix)
        out["partial_existing"] = error_of(status.assert_existing_objects_matched)
        out["partial_consumed"] = error_of(status.assert_consumed)[0]
        with tf.Session() as sess:
            status.run_restore_ops(sess)
            out["partial_kernel"] = sess.run(layer.kernel).tolist()
    with graph():  # restored before the optimizer's slots exist (deferred)
        layer = tf.layers.Dense(3, name="dense")
        y = layer(tf.constant(X))
        opt = tf.train.AdamOptimizer(0.1)
        step = tf.train.get_or_create_global_step()
        ckpt = tf.train.Checkpoint(model=layer, optimizer=opt, step=step)
        status = ckpt.restore(prefix)
        out["deferred_consumed_before"] = error_of(status.assert_consumed)[0]
        train = opt.minimize(tf.reduce_sum(tf.square(y)), global_step=step)
        out["deferred_consumed_after"] = error_of(status.assert_consumed)
        with tf.Session() as sess:
            status.initialize_or_restore(sess)
            m = opt.get_slot(layer.kernel, "m")
            out["deferred_m"] = sess.run(m).tolist()
            out["deferred_counter"] = int(sess.run(ckpt.save_counter))
            sess.run(train)
            out["deferred_kernel_after_step"] = sess.run(layer.kernel).tolist()
    with graph():  # no checkpoint: InitializationOnlyStatus
        v = tf.Variable(3.0, name="v")
        status = tf.train.Checkpoint(v=v).restore(None)
        out["none_consumed"] = error_of(status.assert_consumed)
        out["none_run"] = error_of(status.run_restore_ops)
        with tf.Session() as sess:
            status.initialize_or_restore(sess)
            out["none_value"] = float(sess.run(v))
    out["not_trackable"] = error_of(lambda: tf.train.Checkpoint(x=3))


class Custom(tf.layers.Layer):
    """A Layer subclass with a sub-layer (which TF 1.15's tf.layers do not track) and a weight
    named with a '/' (escaped in the keys)."""

    def __init__(self):
        super().__init__(name="custom")
        self.inner = tf.layers.Dense(2, name="inner")

    def build(self, input_shape):
        self.w = self.add_weight("w", [1], initializer=tf.ones_initializer())
        self.g = self.add_weight("gate/scale", [2], initializer=tf.ones_initializer())
        super().build(input_shape)

    def call(self, x):
        return self.inner(x) * self.w * self.g


def layers_momentum():
    """Custom + BatchNormalization + Momentum(0.1, 0.9) on X; one training op."""
    custom, bn = Custom(), tf.layers.BatchNormalization(name="bn")
    y = bn(custom(tf.constant(X)), training=True)
    opt = tf.train.MomentumOptimizer(0.1, 0.9)
    train = opt.minimize(tf.reduce_sum(tf.square(y)))
    return tf.train.Checkpoint(custom=custom, bn=bn, opt=opt), train


def case_layers(out):
    with graph():
        ckpt, train = layers_momentum()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            path = ckpt.save(os.path.join(CKPT_DIR, "layers"), session=sess)
    out["layers"] = contents(path)
    out["layers"].pop("values")
    for name in os.listdir(CKPT_DIR):
        if name.startswith("layers"):
            os.remove(os.path.join(CKPT_DIR, name))


def case_nested(out):
    with graph():
        a = tf.Variable([1.0, 2.0], name="a")
        b = tf.Variable(7, name="b")
        ckpt = tf.train.Checkpoint(inner=tf.train.Checkpoint(a=a), b=b)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            ckpt.save(os.path.join(CKPT_DIR, "nested"), session=sess)
    out["nested"] = contents(os.path.join(CKPT_DIR, "nested-1"))


def case_manager(out):
    d = os.path.join(CKPT_DIR, "manager_tmp")
    with graph():
        v = tf.Variable(1.0, name="v")
        ckpt = tf.train.Checkpoint(v=v)
        manager = tf.train.CheckpointManager(ckpt, d, max_to_keep=2)
        saved = []
        with tf.Session() as sess:
            sess.run(v.initializer)
            for _ in range(3):
                sess.run(v.assign_add(1.0))
                saved.append(manager.save())
            saved.append(manager.save(checkpoint_number=10))
            out["manager_counter"] = int(sess.run(ckpt.save_counter))
        out["manager_saved"] = [os.path.relpath(p, d) for p in saved]
        out["manager_checkpoints"] = [os.path.relpath(p, d) for p in manager.checkpoints]
        out["manager_latest"] = os.path.relpath(manager.latest_checkpoint, d)
        out["manager_files"] = sorted(os.listdir(d))
        state = tf.train.get_checkpoint_state(d)
        out["manager_state_paths"] = list(state.all_model_checkpoint_paths)
        again = tf.train.CheckpointManager(ckpt, d, max_to_keep=2)
        out["manager_recovered"] = [os.path.relpath(p, d) for p in again.checkpoints]
        out["manager_bad_max"] = error_of(lambda: tf.train.CheckpointManager(ckpt, d, 0))
    shutil.rmtree(d)


def read_tinytf(prefix):
    """TF restores tinytf's dense+Adam checkpoint (assert_consumed); its restored values."""
    with graph():
        layer, opt, step, train, ckpt = dense_adam()
        status = ckpt.restore(prefix)
        status.assert_consumed()
        with tf.Session() as sess:
            status.run_restore_ops(sess)
            got = {
                "kernel": sess.run(layer.kernel).tolist(),
                "bias": sess.run(layer.bias).tolist(),
                "m": sess.run(opt.get_slot(layer.kernel, "m")).tolist(),
                "beta1_power": float(sess.run(opt._get_beta_accumulators()[0])),
                "step": int(sess.run(step)),
                "save_counter": int(sess.run(ckpt.save_counter)),
            }
    return got


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--read":
        print(json.dumps(read_tinytf(sys.argv[2])))
        return
    mine = os.path.join(GOLDEN, "object_ckpt_tinytf", "dense_adam-1")
    # written by tinytf (tests/training/test_checkpoint_object.py, run as a script); a test
    # checks that tinytf still writes exactly these bytes
    read_back = read_tinytf(mine) if os.path.exists(mine + ".index") else None
    shutil.rmtree(CKPT_DIR, ignore_errors=True)
    os.makedirs(CKPT_DIR)
    out = {"x": X.tolist(), "tf_read_tinytf": read_back}
    case_dense_adam(out)
    case_statuses(out)
    case_nested(out)
    case_layers(out)
    case_manager(out)
    os.remove(os.path.join(CKPT_DIR, "checkpoint"))  # rewritten by nested; tests write their own
    with open(os.path.join(GOLDEN, "object_checkpoint.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()

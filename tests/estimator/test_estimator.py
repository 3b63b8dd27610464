"""tf.estimator on a small MNIST subset: train -> evaluate -> predict, checkpoints and summaries in
model_dir, resumed training continuing the global step, TF's log lines, and bad arguments."""

import logging
import os

import numpy as np
import pytest
from tensorboard.backend.event_processing import event_accumulator as ea

import tinytf as tf
from tinytf.examples.tutorials.mnist import input_data

N_TRAIN, N_TEST = 3000, 1000


@pytest.fixture(scope="module")
def mnist(mnist_dir):
    data = input_data.read_data_sets(mnist_dir, validation_size=0)
    return (
        data.train.images[:N_TRAIN],
        data.train.labels[:N_TRAIN].astype(np.int32),
        data.test.images[:N_TEST],
        data.test.labels[:N_TEST].astype(np.int32),
    )


def model_fn(features, labels, mode, params):
    """A small tf.layers network."""
    hidden = tf.layers.dense(features["x"], params["hidden"], activation=tf.nn.relu)
    hidden = tf.layers.dropout(hidden, 0.2, training=mode == tf.estimator.ModeKeys.TRAIN)
    logits = tf.layers.dense(hidden, 10)
    predictions = {"classes": tf.argmax(logits, 1), "probabilities": tf.nn.softmax(logits)}
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(mode, predictions=predictions)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    if mode == tf.estimator.ModeKeys.TRAIN:
        train_op = tf.train.AdamOptimizer(1e-3).minimize(loss, tf.train.get_global_step())
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)
    metrics = {"accuracy": tf.metrics.accuracy(labels, predictions["classes"])}
    return tf.estimator.EstimatorSpec(mode, loss=loss, eval_metric_ops=metrics)


def _estimator(model_dir, **config):
    config = tf.estimator.RunConfig(tf_random_seed=1, **config)
    return tf.estimator.Estimator(model_fn, str(model_dir), config, params={"hidden": 64})


def _train_input(mnist, **kwargs):
    x, y, _, _ = mnist
    args = dict(batch_size=50, num_epochs=None, shuffle=True)
    args.update(kwargs)
    return tf.estimator.inputs.numpy_input_fn({"x": x}, y, **args)


def _test_input(mnist, with_labels=True):
    _, _, x, y = mnist
    return tf.estimator.inputs.numpy_input_fn(
        {"x": x}, y if with_labels else None, batch_size=128, shuffle=False
    )


def test_train_evaluate_predict(mnist, tmp_path):
    est = _estimator(tmp_path)
    est.train(_train_input(mnist), steps=300)
    results = est.evaluate(_test_input(mnist))
    assert results["global_step"] == 300
    assert results["accuracy"] > 0.85
    predictions = list(est.predict(_test_input(mnist, with_labels=False)))
    assert len(predictions) == N_TEST
    classes = np.array([p["classes"] for p in predictions])
    probs = np.array([p["probabilities"] for p in predictions])
    assert probs.shape == (N_TEST, 10) and np.allclose(probs.sum(1), 1, atol=1e-5)
    assert np.array_equal(classes, probs.argmax(1))
    # evaluate and predict use the same checkpoint: their accuracies agree exactly
    assert np.isclose((classes == mnist[3]).mean(), results["accuracy"], atol=1e-6)
    assert est.get_variable_value("dense/kernel").shape == (784, 64)
    assert "dense_1/bias" in est.get_variable_names()


def test_resumed_training_continues_the_global_step(mnist, tmp_path):
    est = _estimator(tmp_path, save_checkpoints_steps=50)
    est.train(_train_input(mnist), steps=100)
    kernel = est.get_variable_value("dense/kernel")
    resumed = _estimator(tmp_path, keep_checkpoint_max=3)  # a new Estimator, same model_dir
    assert np.array_equal(resumed.get_variable_value("dense/kernel"), kernel)
    resumed.train(_train_input(mnist), steps=30)
    assert resumed.get_variable_value("global_step") == 130
    assert tf.train.latest_checkpoint(str(tmp_path)).endswith("model.ckpt-130")
    resumed.train(_train_input(mnist), max_steps=130)  # already there: nothing to do
    assert resumed.get_variable_value("global_step") == 130
    resumed.train(_train_input(mnist), max_steps=150)
    assert resumed.evaluate(_test_input(mnist))["global_step"] == 150
    kept = tf.train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths
    assert [os.path.basename(p) for p in kept] == [
        "model.ckpt-100",
        "model.ckpt-130",
        "model.ckpt-150",
    ]  # the checkpoints of the first run count towards keep_checkpoint_max
    assert not (tmp_path / "model.ckpt-50.index").exists()


def test_training_stops_at_the_end_of_the_input(mnist, tmp_path):
    est = _estimator(tmp_path)
    est.train(_train_input(mnist, num_epochs=1, batch_size=500))
    assert est.get_variable_value("global_step") == N_TRAIN // 500


def test_logs_loss_and_speed_every_100_steps_as_tf(mnist, tmp_path, caplog):
    tf.logging.set_verbosity(tf.logging.INFO)
    try:
        with caplog.at_level(logging.INFO, logger="tensorflow"):
            logger = logging.getLogger("tensorflow")
            logger.addHandler(caplog.handler)
            try:
                _estimator(tmp_path).train(_train_input(mnist), steps=201)
            finally:
                logger.removeHandler(caplog.handler)
    finally:
        tf.logging.set_verbosity(tf.logging.WARN)
    lines = [r.getMessage() for r in caplog.records]
    steps = [line for line in lines if line.startswith("loss = ")]
    assert [s.split("step = ")[1].split()[0] for s in steps] == ["1", "101", "201"]
    assert steps[1].endswith(" sec)")
    assert sum(line.startswith("global_step/sec: ") for line in lines) == 2
    assert f"Saving checkpoints for 0 into {tmp_path}/model.ckpt." in lines
    assert f"Saving checkpoints for 201 into {tmp_path}/model.ckpt." in lines
    assert lines[-1].startswith("Loss for final step: ")


def test_checkpoints_and_summaries_in_model_dir(mnist, tmp_path):
    est = _estimator(tmp_path, save_summary_steps=50)
    est.train(_train_input(mnist), steps=120)
    est.evaluate(_test_input(mnist))
    files = os.listdir(tmp_path)
    assert {"checkpoint", "graph.pbtxt", "model.ckpt-120.index", "model.ckpt-120.meta"} <= set(
        files
    )
    train = ea.EventAccumulator(str(tmp_path))
    train.Reload()
    assert [e.step for e in train.Scalars("loss")] == [1, 51, 101]
    assert [e.step for e in train.Scalars("global_step/sec")] == [101]
    evals = ea.EventAccumulator(str(tmp_path / "eval"))
    evals.Reload()
    assert {"accuracy", "loss"} <= set(evals.Tags()["scalars"])
    assert evals.Scalars("accuracy")[0].step == 120


def test_custom_hooks_run_around_each_step(mnist, tmp_path):
    seen = []

    class Recorder(tf.train.SessionRunHook):
        def begin(self):
            self.step = tf.train.get_global_step()

        def before_run(self, run_context):
            return tf.train.SessionRunArgs(self.step)

        def after_run(self, run_context, run_values):
            seen.append(int(run_values.results))
            if len(seen) == 7:
                run_context.request_stop()

    _estimator(tmp_path).train(_train_input(mnist), hooks=[Recorder()], steps=100)
    assert seen == [1, 2, 3, 4, 5, 6, 7]


def test_bad_arguments(tmp_path):
    est = _estimator(tmp_path)
    with pytest.raises(ValueError, match="Can not provide both steps and max_steps."):
        est.train(lambda: None, steps=1, max_steps=2)
    with pytest.raises(ValueError, match="Must specify steps > 0, given: 0"):
        est.train(lambda: None, steps=0)
    with pytest.raises(ValueError, match="Missing train_op."):
        tf.estimator.EstimatorSpec(tf.estimator.ModeKeys.TRAIN, loss=tf.constant(1.0))
    with pytest.raises(ValueError, match="Missing loss."):
        tf.estimator.EstimatorSpec(tf.estimator.ModeKeys.EVAL)
    with pytest.raises(ValueError, match="Missing predictions."):
        tf.estimator.EstimatorSpec(tf.estimator.ModeKeys.PREDICT)
    with pytest.raises(ValueError, match="Loss must be scalar"):
        tf.estimator.EstimatorSpec("eval", loss=tf.ones([2]))
    with pytest.raises(ValueError, match="Can not provide both save_checkpoints_steps"):
        tf.estimator.RunConfig(save_checkpoints_steps=1, save_checkpoints_secs=1)
    with pytest.raises(ValueError, match="must include features argument"):
        tf.estimator.Estimator(lambda x, labels: None, str(tmp_path)).train(
            lambda: ({"x": tf.ones([1, 2])}, tf.ones([1])), steps=1
        )
    with pytest.raises(ValueError, match="model_fn should return an EstimatorSpec"):
        tf.estimator.Estimator(lambda features, labels: None, str(tmp_path)).train(
            lambda: ({"x": tf.ones([1, 2])}, tf.ones([1])), steps=1
        )


def test_progress_bar_only_on_a_terminal(mnist, tmp_path, monkeypatch):
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    for stream, expect_bar in ((Terminal(), True), (io.StringIO(), False)):
        monkeypatch.setattr(sys, "stderr", stream)
        _estimator(tmp_path / str(expect_bar)).train(_train_input(mnist), steps=20)
        assert ("/20 [" in stream.getvalue()) is expect_bar, stream.getvalue()


def test_train_and_evaluate_evaluates_each_new_checkpoint(mnist, tmp_path):
    est = _estimator(tmp_path, save_checkpoints_steps=40)
    evaluated = []

    class Count(tf.train.SessionRunHook):
        def end(self, session):
            evaluated.append(int(session.run(tf.train.get_global_step())))

    train_spec = tf.estimator.TrainSpec(_train_input(mnist), max_steps=100)
    eval_spec = tf.estimator.EvalSpec(_test_input(mnist), steps=2, hooks=[Count()], throttle_secs=0)
    metrics, exports = tf.estimator.train_and_evaluate(est, train_spec, eval_spec)
    assert evaluated == [40, 80, 100]  # each checkpoint after the untrained one, and the last
    assert metrics["global_step"] == 100 and metrics["accuracy"] > 0.7 and exports == []
    with pytest.raises(TypeError, match="must have type `tf.estimator.Estimator`"):
        tf.estimator.train_and_evaluate(None, train_spec, eval_spec)
    with pytest.raises(ValueError, match="Must specify max_steps > 0"):
        tf.estimator.TrainSpec(lambda: None, max_steps=0)


def test_export_savedmodel_serves_the_trained_model(mnist, tmp_path):
    est = _estimator(tmp_path / "model")
    est.train(_train_input(mnist), steps=50)
    receiver = tf.estimator.export.build_raw_serving_input_receiver_fn(
        {"x": tf.placeholder(tf.float32, [None, 784])}
    )
    export_dir = est.export_savedmodel(str(tmp_path / "export"), receiver).decode()
    assert os.path.dirname(export_dir) == str(tmp_path / "export")
    expected = list(est.predict(_test_input(mnist, with_labels=False)))[:5]
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], export_dir)
        signature = meta.signature_def["serving_default"]
        assert set(signature.outputs) == {"classes", "probabilities"}
        got = sess.run(
            signature.outputs["probabilities"].name, {signature.inputs["x"].name: mnist[2][:5]}
        )
    np.testing.assert_allclose(got, [p["probabilities"] for p in expected], rtol=1e-5)


_NO_TENSORBOARD = """
import sys
sys.modules["tensorboard"] = None  # as if it were not installed: importing it fails
import os, numpy as np, tinytf as tf
d = sys.argv[1]
x = np.random.default_rng(0).standard_normal((100, 3)).astype(np.float32)
y = (x.sum(1) > 0).astype(np.int64)
est = tf.estimator.LinearClassifier([tf.feature_column.numeric_column("x", shape=[3])], d)
est.train(tf.estimator.inputs.numpy_input_fn({"x": x}, y, batch_size=20, num_epochs=None,
                                             shuffle=True), steps=50)
print(est.evaluate(tf.estimator.inputs.numpy_input_fn({"x": x}, y, shuffle=False))["accuracy"])
print(sorted(os.listdir(d)))
"""


def test_estimator_and_saver_work_without_tensorboard(tmp_path):
    """tensorboard is an extra: without it, no summaries or .meta files, all else as usual."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _NO_TENSORBOARD, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert float(out[0]) > 0.9
    assert out[1] == str(
        [
            "checkpoint",
            "model.ckpt-0.data-00000-of-00001",
            "model.ckpt-0.index",
            "model.ckpt-50.data-00000-of-00001",
            "model.ckpt-50.index",
        ]
    )

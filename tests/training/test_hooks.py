"""SessionRunHooks in a MonitoredSession: stopping, logging tensors by op name, NaN losses."""

import logging

import pytest

import tinytf as tf


def _train_op():
    step = tf.train.get_or_create_global_step()
    return tf.assign_add(step, 1), step


def test_stop_at_step_hook_counts_from_the_current_step():
    train, step = _train_op()
    with tf.train.MonitoredSession(hooks=[tf.train.StopAtStepHook(num_steps=3)]) as sess:
        runs = 0
        while not sess.should_stop():
            sess.run(train)
            runs += 1
    assert runs == 3
    with pytest.raises(ValueError, match="One of num_steps or last_step"):
        tf.train.StopAtStepHook()


def test_logging_tensor_hook_takes_op_names(caplog):
    tf.constant([[0.25, 0.75]], name="softmax_tensor")
    train, _ = _train_op()
    hook = tf.train.LoggingTensorHook({"probabilities": "softmax_tensor"}, every_n_iter=2)
    logger = logging.getLogger("tensorflow")
    logger.addHandler(caplog.handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        with tf.train.MonitoredSession(hooks=[hook]) as sess:
            for _ in range(3):
                sess.run(train)
    finally:
        logger.removeHandler(caplog.handler)
        logger.setLevel(level)
    logged = [r.getMessage() for r in caplog.records if "probabilities" in r.getMessage()]
    assert len(logged) == 2 and logged[0] == "probabilities = [[0.25 0.75]]"


def test_nan_loss_stops_training():
    train, _ = _train_op()
    loss = tf.placeholder(tf.float32, [])
    with pytest.raises(tf.train.NanLossDuringTrainingError):
        with tf.train.MonitoredSession(hooks=[tf.train.NanTensorHook(loss)]) as sess:
            sess.run(train, {loss: float("nan")})

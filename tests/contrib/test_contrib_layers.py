"""tf.contrib.layers beyond the TF-golden cases of test_contrib_cases.py: the initializers'
distributions (TF 1.15's formulas: limit sqrt(3 factor / n), truncated-normal stddev
sqrt(1.3 factor / n)), dropout's masks when training, outputs_collections' aliases, and
batch_norm's update routing."""

import numpy as np
import pytest

import tinytf as tf

L = tf.contrib.layers


def _sample(initializer, shape):
    with tf.Graph().as_default(), tf.Session() as sess:
        return sess.run(initializer(shape, dtype=tf.float32))


@pytest.mark.parametrize(
    "kwargs, n",
    [({}, 200.0), ({"mode": "FAN_OUT"}, 300.0), ({"mode": "FAN_AVG", "factor": 1.0}, 250.0)],
)
def test_variance_scaling_uniform_bounds_and_variance(kwargs, n):
    factor = kwargs.get("factor", 2.0)
    values = _sample(L.variance_scaling_initializer(uniform=True, seed=1, **kwargs), [200, 300])
    limit = np.sqrt(3.0 * factor / n)
    assert values.min() >= -limit and values.max() <= limit
    assert values.max() > 0.99 * limit
    assert np.var(values) == pytest.approx(factor / n, rel=0.03)


def test_variance_scaling_normal_is_truncated_with_tfs_stddev():
    values = _sample(L.variance_scaling_initializer(seed=2), [3, 3, 40, 50])  # fan_in 360
    stddev = np.sqrt(1.3 * 2.0 / 360.0)
    assert np.abs(values).max() <= 2 * stddev
    # a normal truncated at 2 sigma keeps 0.7737 of its variance
    assert np.std(values) == pytest.approx(stddev * np.sqrt(0.7737), rel=0.03)


def test_xavier_is_variance_scaling_over_fan_avg():
    values = _sample(L.xavier_initializer(seed=3), [100, 300])
    assert np.abs(values).max() <= np.sqrt(6.0 / 400.0)
    normal = _sample(L.xavier_initializer(uniform=False, seed=3), [100, 300])
    assert np.std(normal) == pytest.approx(np.sqrt(1.3 / 200.0 * 0.7737), rel=0.03)
    assert L.xavier_initializer_conv2d is L.xavier_initializer


def test_dropout_when_training_keeps_or_zeroes_scaled_inputs():
    x = np.ones([200, 50], np.float32)
    y = L.dropout(tf.constant(x), keep_prob=0.25, seed=1)
    with tf.Session() as sess:
        got = sess.run(y)
    assert set(np.unique(got)) <= {0.0, 4.0}
    assert np.mean(got != 0) == pytest.approx(0.25, abs=0.02)
    assert y.op.name.startswith("Dropout/")


def test_outputs_collections_record_the_scope_as_alias():
    y = L.fully_connected(tf.zeros([2, 3]), 2, outputs_collections="ends", scope="fc")
    p = L.max_pool2d(tf.zeros([1, 4, 4, 1]), 2, outputs_collections="ends")
    assert tf.get_collection("ends") == [y, p]
    assert y.aliases == ["fc"] and p.aliases == ["MaxPool2D"]


def test_batch_norm_updates_go_to_the_given_collection():
    x = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3))
    y = L.batch_norm(x, updates_collections="bn_updates", decay=0.0)
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
    updates = tf.get_collection("bn_updates")
    assert len(updates) == 2
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(updates)
        mean = sess.run(tf.contrib.framework.get_variables("BatchNorm/moving_mean")[0])
        np.testing.assert_allclose(mean, [4.5, 5.5, 6.5])  # decay 0: the batch's mean
        np.testing.assert_allclose(sess.run(tf.reduce_mean(y, 0)), [0, 0, 0], atol=1e-6)


def test_the_short_names_are_tfs_aliases():
    assert L.conv2d is L.convolution2d and L.conv2d_transpose is L.convolution2d_transpose
    assert L.linear.func is L.fully_connected and L.linear.keywords == {"activation_fn": None}
    assert L.relu.keywords == {"activation_fn": tf.nn.relu}
    y = L.linear(tf.zeros([2, 3]), 4)
    assert y.op.type == "BiasAdd" and y.op.name == "fully_connected/BiasAdd"


def test_optimize_loss_runs_update_ops_and_counts_steps():
    x = tf.constant(np.random.RandomState(0).randn(8, 3).astype(np.float32))
    h = L.fully_connected(x, 2, normalizer_fn=L.batch_norm)
    loss = tf.reduce_mean(tf.square(h))
    step = tf.train.get_or_create_global_step()
    train = L.optimize_loss(loss, step, 0.1, "Momentum", summaries=["loss"])
    mean = tf.contrib.framework.get_variables("fully_connected/BatchNorm/moving_mean")[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [sess.run(train) for _ in range(5)]
        assert sess.run(step) == 5
        assert np.any(sess.run(mean) != 0)  # the batch-norm updates ran with the train op
    assert losses[-1] < losses[0]

"""tf.metrics: streaming values checked against the same statistics computed directly."""

import numpy as np
import pytest

import tinytf as tf

RNG = np.random.default_rng(11)
LABELS = RNG.integers(0, 2, 40)
PRED = RNG.integers(0, 2, 40)
SCORES = RNG.random(40).astype(np.float32)
WEIGHTS = RNG.random(40).astype(np.float32)
FLOATS = LABELS.astype(np.float32)  # the errors take labels of predictions' dtype, as TF


def _stream(metric, *feeds):
    """Runs metric's update over two halves of the data; returns (value, last update)."""
    holders = [tf.placeholder(tf.as_dtype(f.dtype), [None]) for f in feeds]
    value, update = metric(*holders)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        for half in (slice(0, 25), slice(25, None)):
            last = sess.run(update, {h: f[half] for h, f in zip(holders, feeds)})
        return sess.run(value), last


def _auc(labels, scores):
    """The exact ROC AUC: P(score of a positive > score of a negative)."""
    pos, neg = scores[labels == 1], scores[labels == 0]
    return (pos[:, None] > neg[None, :]).mean()


@pytest.mark.parametrize(
    "name, metric, feeds, want",
    [
        ("accuracy", tf.metrics.accuracy, (LABELS, PRED), (LABELS == PRED).mean()),
        (
            "weighted_accuracy",
            lambda y, p, w: tf.metrics.accuracy(y, p, weights=w),
            (LABELS, PRED, WEIGHTS),
            np.sum((LABELS == PRED) * WEIGHTS) / WEIGHTS.sum(),
        ),
        ("mean", tf.metrics.mean, (SCORES,), SCORES.mean()),
        ("mse", tf.metrics.mean_squared_error, (FLOATS, SCORES), np.mean((LABELS - SCORES) ** 2)),
        ("mae", tf.metrics.mean_absolute_error, (FLOATS, SCORES), np.mean(np.abs(LABELS - SCORES))),
        ("precision", tf.metrics.precision, (LABELS, PRED), np.sum(LABELS & PRED) / np.sum(PRED)),
        ("recall", tf.metrics.recall, (LABELS, PRED), np.sum(LABELS & PRED) / np.sum(LABELS)),
        ("auc", tf.metrics.auc, (LABELS, SCORES), _auc(LABELS, SCORES)),
    ],
)
def test_streamed_value_matches_the_statistic(name, metric, feeds, want):
    value, last_update = _stream(metric, *feeds)
    tol = 0.02 if name == "auc" else 1e-6  # auc: TF's 200-threshold approximation
    assert value == pytest.approx(want, abs=tol)
    assert last_update == pytest.approx(value, abs=1e-6)


def test_metric_variables_are_local_and_named_as_tf():
    tf.metrics.accuracy([1, 0], [1, 1])
    tf.metrics.precision([1, 0], [1, 1])
    assert [v.op.name for v in tf.local_variables()] == [
        "accuracy/total",
        "accuracy/count",
        "precision/true_positives/count",
        "precision/false_positives/count",
    ]
    assert tf.global_variables() == []
    assert tf.get_collection(tf.GraphKeys.METRIC_VARIABLES) == tf.local_variables()


def test_empty_stream_is_zero_not_nan():
    value, _ = tf.metrics.mean(tf.constant([1.0]))
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(value) == 0.0


def test_local_variables_initializer_restarts_the_stream():
    labels = tf.placeholder(tf.int64, [None])
    value, update = tf.metrics.mean_iou(labels, labels + 0, num_classes=3)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        sess.run(update, {labels: [0, 1, 2]})
        assert sess.run(value) == pytest.approx(1.0)
        sess.run(tf.local_variables_initializer())
        np.testing.assert_array_equal(
            sess.run(update, {labels: [2, 2]}), [[0, 0, 0]] * 2 + [[0, 0, 2]]
        )
        assert sess.run(value) == pytest.approx(1.0)  # only class 2 seen: its IoU alone


def test_precision_at_k_is_hits_over_k_per_row():
    scores = RNG.random((8, 6)).astype(np.float32)
    labels = RNG.integers(0, 6, 8)
    top2 = np.argsort(-scores, 1)[:, :2]
    want = (top2 == labels[:, None]).sum() / top2.size
    value, update = tf.metrics.precision_at_k(tf.constant(labels), tf.constant(scores), k=2)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run(update) == pytest.approx(want)
        assert sess.run(value) == pytest.approx(want)

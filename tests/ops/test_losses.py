import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests.fixture_runner import check_case, load_golden
from tests.ops.bugfix_cases import CASES

rng = np.random.default_rng(9)
LOGITS = rng.standard_normal((4, 3)).astype(np.float32)
ONEHOT = np.eye(3, dtype=np.float32)[[0, 2, 1, 1]]


def _xent(labels, logits):
    e = np.exp(logits - logits.max(1, keepdims=True))
    return -(labels * np.log(e / e.sum(1, keepdims=True))).sum(1)


def test_losses_are_weighted_means_and_collected():
    with tf.Session() as sess:
        mse = tf.losses.mean_squared_error([1.0, 2.0, 3.0], [1.5, 2.0, 1.0])
        xent = tf.losses.softmax_cross_entropy(ONEHOT, LOGITS)
        sparse = tf.losses.sparse_softmax_cross_entropy([0, 2, 1, 1], LOGITS)
        weighted = tf.losses.sparse_softmax_cross_entropy(
            [0, 2, 1, 1], LOGITS, weights=[1.0, 0.0, 2.0, 0.0]
        )
        got = sess.run([mse, xent, sparse, weighted])
    per_row = _xent(ONEHOT, LOGITS)
    np.testing.assert_allclose(got[0], (0.25 + 0 + 4) / 3, rtol=1e-6)
    np.testing.assert_allclose(got[1], per_row.mean(), rtol=1e-5)
    np.testing.assert_allclose(got[2], per_row.mean(), rtol=1e-5)
    np.testing.assert_allclose(got[3], (per_row[0] + 2 * per_row[2]) / 2, rtol=1e-5)
    assert tf.losses.get_losses() == [mse, xent, sparse, weighted]


GOLDEN = load_golden(pathlib.Path(__file__).parent / "golden", "bugfix")


def test_every_loss_matches_tf_with_integer_labels():
    check_case(tf, CASES, "losses_with_integer_labels", GOLDEN)


def test_integer_one_hot_labels_are_cast_to_the_logits_dtype():
    labels = tf.constant(ONEHOT.astype(np.int32))
    loss = tf.losses.softmax_cross_entropy(labels, tf.constant(LOGITS, tf.float64))
    assert loss.dtype == tf.float64
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(loss), _xent(ONEHOT, LOGITS).mean(), rtol=1e-5)


def test_incompatible_shapes_are_refused_at_build():
    with pytest.raises(ValueError):
        tf.losses.softmax_cross_entropy(ONEHOT[:, :2], LOGITS)
    with pytest.raises(ValueError, match="logits must not be None"):
        tf.losses.sigmoid_cross_entropy(ONEHOT, None)

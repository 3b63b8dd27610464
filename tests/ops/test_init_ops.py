import numpy as np
import pytest

import tinytf as tf


def _value(init, shape, dtype=tf.float32):
    with tf.Graph().as_default(), tf.Session() as sess:
        return sess.run(init(shape, dtype=dtype))


def test_constant_kinds():
    assert _value(tf.zeros_initializer(), [2, 3]).tolist() == [[0.0] * 3] * 2
    assert _value(tf.ones_initializer(), [2], tf.int32).tolist() == [1, 1]
    assert _value(tf.constant_initializer(7), [2]).tolist() == [7.0, 7.0]
    assert _value(tf.constant_initializer([1, 2, 3, 4]), [2, 2]).tolist() == [[1, 2], [3, 4]]


@pytest.mark.parametrize(
    "init,mean,std",
    [
        (tf.random_normal_initializer(1.0, 2.0, seed=1), 1.0, 2.0),
        (tf.truncated_normal_initializer(0.0, 1.0, seed=1), 0.0, 0.8796),
        (tf.random_uniform_initializer(-2.0, 2.0, seed=1), 0.0, 4 / np.sqrt(12)),
    ],
)
def test_random_kinds(init, mean, std):
    v = _value(init, [200, 200])
    assert abs(v.mean() - mean) < 0.02 * max(std, 1) and abs(v.std() - std) < 0.02 * std


def test_glorot_uniform_limit_uses_fan_avg():
    v = _value(tf.glorot_uniform_initializer(seed=3), [5, 5, 32, 64])
    limit = np.sqrt(6 / (5 * 5 * 32 + 5 * 5 * 64))
    assert np.abs(v).max() <= limit and np.abs(v).max() > 0.95 * limit


@pytest.mark.parametrize("mode,fan", [("fan_in", 300), ("fan_out", 100), ("fan_avg", 200)])
def test_variance_scaling_modes(mode, fan):
    v = _value(tf.variance_scaling_initializer(2.0, mode, "untruncated_normal", seed=4), [300, 100])
    assert abs(v.std() - np.sqrt(2.0 / fan)) < 0.02 * np.sqrt(2.0 / fan)
    t = _value(tf.variance_scaling_initializer(2.0, mode, seed=4), [300, 100])  # truncated
    assert abs(t.std() - np.sqrt(2.0 / fan)) < 0.03 * np.sqrt(2.0 / fan)
    assert np.abs(t).max() <= 2 * np.sqrt(2.0 / fan) / 0.87962566103423978 + 1e-6


def test_bad_arguments():
    with pytest.raises(ValueError):
        tf.variance_scaling_initializer(mode="fan_middle")
    with pytest.raises(ValueError):
        tf.variance_scaling_initializer(scale=-1.0)

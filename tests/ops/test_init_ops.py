import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests.fixture_runner import check_case, load_golden
from tests.ops.bugfix_cases import CASES

GOLDEN = load_golden(pathlib.Path(__file__).parent / "golden", "bugfix")


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


def test_tf_initializers_match_tf():
    """get_config of every tf.initializers.* class, the deterministic ones' values, the
    namespace's identities with the tf.*_initializer names, float-only errors."""
    check_case(tf, CASES, "initializers", GOLDEN)


@pytest.mark.parametrize(
    "init,fan,scale,uniform",
    [
        (tf.initializers.he_normal(seed=1), 300, 2.0, False),
        (tf.initializers.he_uniform(seed=1), 300, 2.0, True),
        (tf.initializers.lecun_normal(seed=1), 300, 1.0, False),
        (tf.initializers.lecun_uniform(seed=1), 300, 1.0, True),
        (tf.initializers.glorot_normal(seed=1), 200, 1.0, False),
    ],
)
def test_variance_scaling_shortcuts(init, fan, scale, uniform):
    v = _value(init, [300, 100])
    std = np.sqrt(scale / fan)
    assert abs(v.std() - std) < 0.03 * std
    bound = np.sqrt(3) * std if uniform else 2 * std / 0.87962566103423978
    assert np.abs(v).max() <= bound + 1e-6


def test_uniform_unit_scaling_bound():
    v = _value(tf.uniform_unit_scaling_initializer(factor=1.5, seed=2), [4, 5, 50])
    limit = 1.5 * np.sqrt(3 / 20)
    assert np.abs(v).max() <= limit and np.abs(v).max() > 0.95 * limit


@pytest.mark.parametrize("shape", [[6, 4], [3, 8], [2, 3, 5], [40, 40]])
def test_orthogonal_rows_or_columns_are_orthonormal(shape):
    q = _value(tf.orthogonal_initializer(gain=0.5, seed=3), shape).reshape(-1, shape[-1])
    small = q.T @ q if q.shape[0] >= q.shape[1] else q @ q.T
    np.testing.assert_allclose(small, 0.25 * np.eye(len(small)), atol=1e-5)


def test_identity_of_a_partitioned_slice_is_its_block():
    class Part:
        full_shape, var_offset = [4, 4], [2, 0]

    v = _value(lambda shape, dtype: tf.initializers.identity()(shape, dtype, Part()), [2, 4])
    assert v.tolist() == np.eye(4)[2:].tolist()

"""tf.train's learning-rate schedules against their formulas, step by step."""

import math

import numpy as np
import pytest

import tinytf as tf

STEPS = [0, 1, 5, 10, 15, 20, 37]


def _values(make):
    step = tf.placeholder(tf.int64, [])
    lr = make(step)
    with tf.Session() as sess:
        return [float(sess.run(lr, {step: s})) for s in STEPS]


@pytest.mark.parametrize(
    "name, make, formula",
    [
        (
            "piecewise",
            lambda g: tf.train.piecewise_constant(g, [5, 15], [1.0, 0.5, 0.1]),
            lambda s: 1.0 if s <= 5 else 0.5 if s <= 15 else 0.1,
        ),
        (
            "polynomial",
            lambda g: tf.train.polynomial_decay(0.1, g, 20, 0.01, power=2.0),
            lambda s: (0.1 - 0.01) * (1 - min(s, 20) / 20) ** 2 + 0.01,
        ),
        (
            "polynomial_cycle",
            lambda g: tf.train.polynomial_decay(0.1, g, 10, 0.01, cycle=True),
            lambda s: 0.09 * (1 - s / (10 * max(1, math.ceil(s / 10)))) + 0.01,
        ),
        (
            "natural_exp",
            lambda g: tf.train.natural_exp_decay(0.1, g, 10, 0.5),
            lambda s: 0.1 * math.exp(-0.5 * s / 10),
        ),
        (
            "natural_exp_staircase",
            lambda g: tf.train.natural_exp_decay(0.1, g, 10, 0.5, True),
            lambda s: 0.1 * math.exp(-0.5 * (s // 10)),
        ),
        (
            "inverse_time",
            lambda g: tf.train.inverse_time_decay(0.1, g, 10, 0.5),
            lambda s: 0.1 / (1 + 0.5 * s / 10),
        ),
        (
            "cosine",
            lambda g: tf.train.cosine_decay(0.1, g, 20, alpha=0.1),
            lambda s: 0.1 * (0.9 * 0.5 * (1 + math.cos(math.pi * min(s, 20) / 20)) + 0.1),
        ),
    ],
)
def test_schedule_follows_its_formula(name, make, formula):
    np.testing.assert_allclose(_values(make), [formula(s) for s in STEPS], rtol=1e-6)


def test_bad_arguments():
    with pytest.raises(ValueError, match="1 less than the length of values"):
        tf.train.piecewise_constant(tf.constant(1), [1, 2], [0.1])
    with pytest.raises(ValueError, match="global_step is required"):
        tf.train.cosine_decay(0.1, None, 10)

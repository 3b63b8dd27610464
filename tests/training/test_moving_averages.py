"""tf.train.ExponentialMovingAverage against its recurrence; restoring averages for evaluation."""

import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests.fixture_runner import check_case, load_golden
from tests.training.bugfix_cases import CASES

GOLDEN = load_golden(pathlib.Path(__file__).parent / "golden", "bugfix")


def test_shadow_follows_the_recurrence_and_is_named_as_tf():
    w = tf.Variable([1.0, 2.0], name="w")
    new = tf.placeholder(tf.float32, [2])
    set_w = w.assign(new)
    ema = tf.train.ExponentialMovingAverage(0.9)
    update = ema.apply([w])
    shadow = ema.average(w)
    assert shadow.op.name == "w/ExponentialMovingAverage" and not shadow.trainable
    assert update.name == "ExponentialMovingAverage"
    assert tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES) == [w]
    want = np.array([1.0, 2.0])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for value in ([3.0, 0.0], [5.0, 1.0], [-1.0, 4.0]):
            sess.run(set_w, {new: value})
            sess.run(update)
            want = want - 0.1 * (want - np.array(value))
            np.testing.assert_allclose(sess.run(shadow), want, rtol=1e-6)


def test_num_updates_caps_the_decay():
    w = tf.Variable(0.0)
    step = tf.Variable(4, dtype=tf.int64)
    ema = tf.train.ExponentialMovingAverage(0.99, num_updates=step)
    update = ema.apply([w])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(w.assign(10.0))
        sess.run(update)
        decay = min(0.99, (1 + 4) / (10 + 4))
        assert sess.run(ema.average(w)) == pytest.approx((1 - decay) * 10.0)


def test_variables_to_restore_loads_the_averages(tmp_path):
    w = tf.Variable(1.0, name="w")
    b = tf.Variable(5.0, name="b", trainable=False)
    ema = tf.train.ExponentialMovingAverage(0.5)
    update = ema.apply([w])
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(w.assign(3.0))
        sess.run(update)  # shadow: 1 - 0.5 * (1 - 3) = 2
        saver.save(sess, str(tmp_path / "m"))
    assert ema.variables_to_restore() == {"w/ExponentialMovingAverage": w, "b": b}
    with tf.Session() as sess:
        tf.train.Saver(ema.variables_to_restore()).restore(sess, str(tmp_path / "m"))
        assert sess.run([w, b]) == [2.0, 5.0]


def test_bad_calls():
    ema = tf.train.ExponentialMovingAverage(0.9)
    i = tf.Variable(1)
    with pytest.raises(TypeError, match="half, float, or double"):
        ema.apply([i])
    with pytest.raises(TypeError, match="half, float, or double: Const"):
        ema.apply([tf.constant([1, 2])])


def test_a_second_apply_reuses_the_shadow():
    w = tf.Variable(1.0, name="w")
    ema = tf.train.ExponentialMovingAverage(0.9)
    ema.apply([w])
    ema.apply([w])  # TF 1.15 neither raises nor makes a second shadow
    assert [v.op.name for v in tf.global_variables()] == ["w", "w/ExponentialMovingAverage"]


def test_tensors_are_averaged_as_in_tf():
    """Shadows of tensors (zeros first), average(tensor), zero_debias, num_updates, the
    variables_to_restore keys, over three steps: TF 1.15's names and values."""
    facts = check_case(tf, CASES, "moving_average_of_tensors", GOLDEN, apart=("int_error",))
    assert facts["int_error"][0] == "TypeError"


def test_a_tensor_of_unknown_shape_gets_a_shadow_of_unknown_shape():
    check_case(tf, CASES, "moving_average_of_unknown_shape", GOLDEN)


def test_apply_inside_control_dependencies_keeps_them_out_of_the_initializers():
    w = tf.Variable(1.0)
    bump = w.assign_add(1.0)
    with tf.control_dependencies([bump]):
        update = tf.train.ExponentialMovingAverage(0.5).apply([w, w * 2.0])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(w) == 1.0  # initializing the shadows did not run `bump`
        sess.run(update)
        assert sess.run(w) == 2.0

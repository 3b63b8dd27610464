"""tf.cond: only the chosen branch runs (side effects included), structures, nesting, gradients
(checked by finite differences for both branches), dead tensors and bad calls."""

import numpy as np
import pytest

import tinytf as tf
from tests.optest import check_gradients

X = np.array([1.5, -2.0, 0.5], np.float32)


def test_value_of_the_chosen_branch():
    x = tf.placeholder(tf.float32, [None])
    p = tf.placeholder(tf.bool, [])
    y = tf.cond(p, lambda: x * 2.0 + tf.constant(1.0), lambda: -x)
    assert y.op.type == "Merge" and y.name == "cond/Merge:0" and y.shape.as_list() == [None]
    with tf.Session() as sess:
        assert sess.run(y, {x: X, p: True}).tolist() == (X * 2 + 1).tolist()
        assert sess.run(y, {x: X, p: False}).tolist() == (-X).tolist()


def test_only_the_chosen_branch_has_side_effects():
    v = tf.Variable(0.0)
    p = tf.placeholder(tf.bool, [])
    y = tf.cond(p, lambda: tf.assign_add(v, 1.0), lambda: tf.assign_add(v, 100.0))
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert [sess.run(y, {p: b}) for b in (True, True, False)] == [1.0, 2.0, 102.0]


def test_structures_nesting_and_singletons():
    x = tf.constant(3.0)
    p = tf.placeholder(tf.bool, [])
    out = tf.cond(p, lambda: {"a": x, "b": (x + 1, x + 2)}, lambda: {"a": -x, "b": (x * 0, x * 10)})
    nested = tf.cond(p, lambda: tf.cond(x > 2, lambda: x, lambda: -x), lambda: x * 5)
    single = tf.cond(p, lambda: [x], lambda: [x + 1])
    strict = tf.cond(p, lambda: [x], lambda: [x + 1], strict=True)
    assert isinstance(single, tf.Tensor) and isinstance(strict, list)
    with tf.Session() as sess:
        assert sess.run(out, {p: True}) == {"a": 3.0, "b": (4.0, 5.0)}
        assert sess.run(out, {p: False}) == {"a": -3.0, "b": (0.0, 30.0)}
        assert sess.run([nested, single], {p: True}) == [3.0, 3.0]
        assert sess.run([nested, single], {p: False}) == [15.0, 4.0]


@pytest.mark.parametrize("taken", [True, False])
def test_gradients_flow_through_the_chosen_branch(taken):
    w = np.array([0.5, -1.0, 2.0])
    check_gradients(
        lambda x: tf.cond(tf.constant(taken), lambda: tf.sin(x) * w, lambda: x * x + w),
        [X.astype(np.float64)],
        rtol=1e-6,
    )


def test_fetching_a_tensor_of_the_branch_not_taken_is_an_error():
    p = tf.placeholder(tf.bool, [])
    inside = []

    def true_fn():
        inside.append(tf.constant(1.0) * 2)
        return inside[0]

    tf.cond(p, true_fn, lambda: tf.constant(0.0))
    with tf.Session() as sess:
        assert sess.run(inside[0], {p: True}) == 2.0
        with pytest.raises(tf.errors.InvalidArgumentError, match="does not have value"):
            sess.run(inside[0], {p: False})


def test_bad_calls():
    x = tf.constant(1.0)
    with pytest.raises(TypeError, match="must be callable"):
        tf.cond(True, x, lambda: x)
    with pytest.raises(ValueError, match="same number of results"):
        tf.cond(tf.constant(True), lambda: (x, x), lambda: x)
    with pytest.raises(ValueError, match="same type"):
        tf.cond(tf.constant(True), lambda: x, lambda: tf.constant(1))
    with pytest.raises(TypeError, match="pred must be a bool"):
        tf.cond(tf.constant(1.0), lambda: x, lambda: x)

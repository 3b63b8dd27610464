import re

import numpy as np
import pytest

import tinytf as tf


def test_get_variable_names_shapes_and_default_initializer():
    with tf.variable_scope("layer1"):
        w = tf.get_variable("w", [784, 10])
        b = tf.get_variable("b", [10], initializer=tf.zeros_initializer())
        out = tf.matmul(tf.zeros([1, 784]), w) + b
    assert w.name == "layer1/w:0" and w.shape.as_list() == [784, 10] and b.name == "layer1/b:0"
    assert out.op.name == "layer1/add"
    limit = np.sqrt(6 / (784 + 10))  # glorot_uniform
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run(w)
        assert np.abs(values).max() <= limit and np.abs(values).max() > 0.9 * limit
        assert sess.run(b).tolist() == [0.0] * 10


def test_reuse_shares_and_errors_as_tf():
    with tf.variable_scope("s"):
        v = tf.get_variable("v", [2])
    with tf.variable_scope("s", reuse=True):
        assert tf.get_variable("v", [2]) is v
        with pytest.raises(
            ValueError,
            match=re.escape(
                "Variable s/u does not exist, or was not created with tf.get_variable(). Did you "
                "mean to set reuse=tf.AUTO_REUSE in VarScope?"
            ),
        ):
            tf.get_variable("u", [2])
        with pytest.raises(ValueError, match="Trying to share variable s/v, but specified shape"):
            tf.get_variable("v", [3])
    with (
        tf.variable_scope("s"),
        pytest.raises(
            ValueError,
            match=re.escape(
                "Variable s/v already exists, disallowed. Did you mean to set reuse=True or "
                "reuse=tf.AUTO_REUSE in VarScope?"
            ),
        ),
    ):
        tf.get_variable("v", [2])
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
        assert tf.get_variable("v", [2]) is v
        assert tf.get_variable("new", [1]).name == "s/new:0"


def test_reuse_variables_and_nested_scopes():
    with tf.variable_scope("outer") as scope:
        with tf.variable_scope("inner"):
            v = tf.get_variable("v", [1])
        scope.reuse_variables()
        with tf.variable_scope("inner"):
            assert tf.get_variable("v", [1]) is v
    assert v.name == "outer/inner/v:0"
    with tf.variable_scope(scope, reuse=True):
        assert tf.get_variable("inner/v", [1]) is v


def test_default_names_are_made_unique():
    names = []
    for _ in range(3):
        with tf.variable_scope(None, default_name="dense"):
            names.append(tf.get_variable("kernel", [1]).name)
    assert names == ["dense/kernel:0", "dense_1/kernel:0", "dense_2/kernel:0"]


def test_scope_initializer_and_int_default():
    with tf.variable_scope("c", initializer=tf.constant_initializer(3.0)):
        v = tf.get_variable("v", [2])
    i = tf.get_variable("i", [2], dtype=tf.int32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(v).tolist() == [3.0, 3.0] and sess.run(i).tolist() == [0, 0]


def test_non_trainable_and_unknown_shape():
    v = tf.get_variable("v", [1], trainable=False)
    assert v not in tf.trainable_variables() and v in tf.global_variables()
    with pytest.raises(ValueError, match="must be fully defined"):
        tf.get_variable("w")


def test_reentering_a_scope_object_opens_a_new_op_scope_as_tf():
    import pathlib

    from tests.fixture_runner import check_case, load_golden
    from tests.ops.bugfix_cases import CASES

    golden = load_golden(pathlib.Path(__file__).parent / "golden", "bugfix")
    check_case(tf, CASES, "reentered_variable_scopes", golden)

import re

import numpy as np
import pytest

import tinytf as tf


def test_variable_graph_structure_as_tf():
    W = tf.Variable(tf.zeros([784, 10]))
    assert repr(W) == "<tf.Variable 'Variable:0' shape=(784, 10) dtype=float32_ref>"
    assert W.name == "Variable:0" and W.dtype.name == "float32_ref"
    assert W.dtype.base_dtype == tf.float32 and W.shape.as_list() == [784, 10]
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert names == [
        "zeros/shape_as_tensor",
        "zeros/Const",
        "zeros",
        "Variable",
        "Variable/Assign",
        "Variable/read",
    ]
    assert W.op.type == "VariableV2" and W.initializer.type == "Assign"
    assert W.value().name == "Variable/read:0" and W.value().dtype == tf.float32
    assert (W + 1).op.inputs[0] is W.value()


def test_collections_and_initializer():
    a = tf.Variable(1.0)
    b = tf.Variable(2.0, trainable=False, name="b")
    assert tf.global_variables() == [a, b]
    assert tf.trainable_variables() == [a]
    init = tf.global_variables_initializer()
    assert init.name == "init" and init.type == "NoOp"
    assert set(init.control_inputs) == {a.initializer, b.initializer}
    with tf.Session() as sess:
        sess.run(init)
        assert sess.run([a, b]) == [1.0, 2.0]


def test_uninitialized_variable_is_failed_precondition():
    v = tf.Variable(1.0)
    with (
        tf.Session() as sess,
        pytest.raises(
            tf.errors.FailedPreconditionError,
            match="Attempting to use uninitialized value Variable",
        ),
    ):
        sess.run(v + 1)


def test_assign_ops():
    v = tf.Variable([1.0, 2.0])
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(v.assign([5.0, 6.0])).tolist() == [5.0, 6.0]
        assert sess.run(v.assign_add([1.0, 1.0])).tolist() == [6.0, 7.0]
        assert sess.run(tf.assign_sub(v, [2.0, 2.0])).tolist() == [4.0, 5.0]
        assert sess.run(v).tolist() == [4.0, 5.0]
        assert v.eval(session=sess).tolist() == [4.0, 5.0]
        v.load([9.0, 9.0], sess)
        assert sess.run(v.read_value()).tolist() == [9.0, 9.0]


def test_fetched_values_do_not_change_with_later_updates():
    v = tf.Variable([1.0, 2.0])
    step = v.assign_add([1.0, 1.0])
    with tf.Session() as sess:
        sess.run(v.initializer)
        before = sess.run(v)
        sess.run(step)
        assert before.tolist() == [1.0, 2.0]
        before[0] = 100.0  # a user's edit of a fetched value must not reach the variable
        assert sess.run(v).tolist() == [2.0, 3.0]


def test_two_sessions_hold_separate_values():
    v = tf.Variable(0)
    inc = v.assign_add(1)
    s1, s2 = tf.Session(), tf.Session()
    s1.run(v.initializer), s2.run(v.initializer)
    s1.run(inc), s1.run(inc), s2.run(inc)
    assert s1.run(v) == 2 and s2.run(v) == 1


def test_callable_initial_value_and_dtype():
    v = tf.Variable(lambda: tf.ones([2]), name="w")
    d = tf.Variable(3, dtype=tf.float64)
    assert v.name == "w:0" and d.dtype.base_dtype == tf.float64
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(v).tolist() == [1.0, 1.0] and sess.run(d) == 3.0


def test_is_variable_initialized():
    v = tf.Variable(1.0)
    with tf.Session() as sess:
        assert not sess.run(tf.is_variable_initialized(v))
        sess.run(v.initializer)
        assert sess.run(tf.is_variable_initialized(v))


def test_assign_wrong_shape_fails_at_build():
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(
        ValueError, match=re.escape("Dimension 0 in both shapes must be equal, but are 2 and 3")
    ):
        v.assign([1.0, 2.0, 3.0])


def test_assign_wrong_dtype_fails_at_build():
    v = tf.Variable([1.0, 2.0])
    with pytest.raises(TypeError):
        v.assign(tf.constant([1, 2]))


def test_variable_operators_and_slicing():
    v = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3))
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(v[1, 2]) == 5.0
        np.testing.assert_array_equal(sess.run(2 * v - v), sess.run(v))
        np.testing.assert_array_equal(sess.run(v @ tf.ones([3, 1])), [[3.0], [12.0]])

"""The resource variables behind tf.random.experimental.Generator: handle, reads, assigns,
initialization and checkpoints (values by exact arithmetic; op names as TF 1.15 gives them,
see tests/ops/golden/random_generator.json for the Generator's)."""

import numpy as np
import pytest

import tinytf as tf
from tinytf.framework import errors
from tinytf.ops.resource_variable_ops import ResourceVariable


def test_ops_types_and_dtypes():
    v = ResourceVariable([1, 2, 3], dtype=tf.int64, trainable=False)
    assert (v.name, v.op.type, v.initializer.type) == ("Variable:0", "VarHandleOp",
                                                       "AssignVariableOp")
    assert v.handle.dtype == tf.resource and v.dtype == tf.int64
    assert v.shape.as_list() == [3]
    assert v.value().op.type == "ReadVariableOp"
    read = v.read_value()
    assert (read.op.type, read.op.inputs[0].op.name) == ("Identity", "Read/ReadVariableOp")
    assert tf.global_variables() == [v] and tf.trainable_variables() == []


def test_initialize_read_assign_slice():
    v = ResourceVariable(np.asarray([1, 2, 3], np.int64), trainable=False)
    assigned = v.assign([4, 5, 6])
    with tf.Session() as sess:
        assert not sess.run(v.is_initialized())
        sess.run(v.initializer)
        assert sess.run(v.is_initialized())
        np.testing.assert_array_equal(sess.run(v), [1, 2, 3])
        np.testing.assert_array_equal(sess.run(assigned), [4, 5, 6])
        assert sess.run(v[1]) == 5
        np.testing.assert_array_equal(sess.run(v.value() + 1), [5, 6, 7])
    with tf.Session() as sess:  # a new Session starts without the value
        with pytest.raises(errors.FailedPreconditionError, match="uninitialized"):
            sess.run(v.value())


def test_fetched_value_is_a_snapshot():
    v = ResourceVariable(np.asarray([1, 2], np.int64), trainable=False)
    with tf.Session() as sess:
        sess.run(v.initializer)
        first = sess.run(v)
        first[0] = 100
        np.testing.assert_array_equal(sess.run(v), [1, 2])


def test_assign_of_wrong_static_shape_raises_value_error():
    v = ResourceVariable(np.asarray([1, 2, 3], np.int64), trainable=False)
    with pytest.raises(ValueError, match="incompatible"):
        v.assign([1, 2])


def test_saver_saves_and_restores_the_value(tmp_path):
    v = ResourceVariable(np.asarray([7, 8, 9], np.int64), trainable=False)
    saver = tf.train.Saver([v])
    with tf.Session() as sess:
        sess.run(v.initializer)
        path = saver.save(sess, str(tmp_path / "model"))
        sess.run(v.assign([0, 0, 0]))
        saver.restore(sess, path)
        np.testing.assert_array_equal(sess.run(v), [7, 8, 9])
    assert tf.train.list_variables(path) == [("Variable", [3])]

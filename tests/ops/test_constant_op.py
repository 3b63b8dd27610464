import numpy as np
import pytest

import tinytf as tf


@pytest.mark.parametrize(
    "value,dtype",
    [
        (1, tf.int32),
        (2**40, tf.int64),
        (1.5, tf.float32),
        (1 + 2j, tf.complex128),
        (True, tf.bool),
        ("hi", tf.string),
        ([1, 2], tf.int32),
        ([1, 2.5], tf.float32),
        ([[True], [False]], tf.bool),
        (np.array([1.0]), tf.float64),
        (np.float64(1.0), tf.float64),
        (np.array([1], np.uint8), tf.uint8),
        (np.int16(3), tf.int16),
    ],
)
def test_python_and_numpy_values_take_tf_dtypes(value, dtype):
    assert tf.constant(value).dtype == dtype


def test_dtype_argument_converts_values():
    assert tf.constant(np.array([1.5]), dtype=tf.float32).dtype == tf.float32
    assert tf.constant(5, dtype=tf.float32).dtype == tf.float32
    assert tf.constant(1, dtype=tf.complex64).dtype == tf.complex64
    with tf.Session() as sess:
        assert sess.run(tf.constant(np.array([1.5, 2.0]), dtype=tf.float32)).dtype == np.float32
        assert sess.run(tf.constant("hi")) == b"hi"


@pytest.mark.parametrize(
    "value,dtype,match",
    [
        (1.5, tf.int32, "Expected int32, got 1.5 of type 'float' instead."),
        ([1, 2.5], tf.int32, "Expected int32, got 2.5 of type 'float' instead."),
        (1, tf.bool, "Expected bool, got 1 of type 'int' instead."),
        (300, tf.int8, "Expected int8, got 300"),
        (1j, tf.float32, "Expected float32"),
        (np.array([1.5]), tf.int32, "Expected int32"),
    ],
)
def test_incompatible_values_raise_type_error(value, dtype, match):
    with pytest.raises(TypeError, match=match):
        tf.constant(value, dtype=dtype)


def test_shape_broadcasts_scalars_and_pads_short_lists():
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(tf.constant(7, shape=[2, 3])), np.full((2, 3), 7))
        np.testing.assert_array_equal(
            sess.run(tf.constant([1, 2, 3, 4], shape=[2, 2])), [[1, 2], [3, 4]]
        )
        np.testing.assert_array_equal(sess.run(tf.constant([1, 2], shape=[4])), [1, 2, 2, 2])
    with pytest.raises(TypeError, match="Too many elements provided. Needed at most 2"):
        tf.constant([1, 2, 3], shape=[2])


def test_ragged_list_is_an_error():
    with pytest.raises(ValueError):
        tf.constant([[1, 2], [3]])


def test_unconvertible_object_is_type_error():
    with pytest.raises(TypeError, match="Failed to convert object of type"):
        tf.constant(object())


def test_constant_names_and_value_attr():
    c = tf.constant([1.0, 2.0], name="c")
    assert c.name == "c:0" and c.op.type == "Const"
    np.testing.assert_array_equal(c.op.get_attr("value"), [1.0, 2.0])
    assert c.op.get_attr("dtype") == tf.float32


def test_fetched_constant_is_a_copy():
    c = tf.constant([1.0, 2.0])
    with tf.Session() as sess:
        first = sess.run(c)
        first[0] = 9.0
        assert sess.run(c).tolist() == [1.0, 2.0]

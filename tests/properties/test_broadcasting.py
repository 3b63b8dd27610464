"""Property tests (hypothesis): broadcasting shapes and the dtype rules of binary operators."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytf as tf

SHAPES = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=4)


@settings(max_examples=60, deadline=None)
@given(SHAPES, st.data())
def test_broadcast_static_shape_and_values(shapes, data):
    (sa, sb), want = shapes.input_shapes, shapes.result_shape
    a = data.draw(hnp.arrays(np.float32, sa, elements=st.floats(-9, 9, width=32)))
    b = data.draw(hnp.arrays(np.float32, sb, elements=st.floats(-9, 9, width=32)))
    with tf.Graph().as_default(), tf.Session() as sess:
        out = tf.constant(a) * tf.constant(b)
        assert out.shape.as_list() == list(want)
        np.testing.assert_array_equal(sess.run(out), a * b)
        unknown = tf.placeholder(tf.float32, [None] * len(sa)) + tf.constant(b)
        assert unknown.shape.ndims == len(want) and unknown.shape.is_compatible_with(want)


@settings(max_examples=60, deadline=None)
@given(hnp.array_shapes(min_dims=1, max_dims=3, max_side=5), st.data())
def test_incompatible_shapes_fail_at_build(shape, data):
    axis = data.draw(st.integers(0, len(shape) - 1))
    other = list(shape)
    other[axis] = data.draw(st.integers(2, 6).filter(lambda n: n != shape[axis]))
    if shape[axis] == 1:
        return  # 1 broadcasts against anything
    with tf.Graph().as_default(), pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.zeros(shape) - tf.zeros(other)


DTYPES = [
    tf.float16,
    tf.float32,
    tf.float64,
    tf.int8,
    tf.int16,
    tf.int32,
    tf.int64,
    tf.uint8,
    tf.complex64,
    tf.complex128,
]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(DTYPES), st.integers(0, 100))
def test_python_scalars_take_the_tensor_dtype(dtype, k):
    with tf.Graph().as_default():
        x = tf.placeholder(dtype)
        for t in (x + k, k * x, x - k, k - x):
            assert t.dtype == dtype


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(DTYPES), st.sampled_from(DTYPES))
def test_mixing_tensor_dtypes_is_a_type_error(a, b):
    with tf.Graph().as_default():
        x, y = tf.placeholder(a), tf.placeholder(b)
        if a == b:
            assert (x + y).dtype == a
        else:
            with pytest.raises(TypeError, match="does not match type"):
                x + y

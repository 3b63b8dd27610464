import numpy as np
import pytest

import tinytf as tf

INDICES = [[0, 1], [1, 0], [2, 3]]
VALUES = [1.0, 2.0, 3.0]
DENSE = np.array([[0, 1, 0, 0], [2, 0, 0, 0], [0, 0, 0, 3]], np.float32)


def test_sparse_tensor_parts_and_shape():
    st = tf.SparseTensor(INDICES, VALUES, [3, 4])
    assert st.indices.dtype == tf.int64 and st.dense_shape.dtype == tf.int64
    assert st.dtype == tf.float32 and st.shape.as_list() == [3, 4]


def test_to_dense_and_default_value():
    st = tf.SparseTensor(INDICES, VALUES, [3, 4])
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(tf.sparse_tensor_to_dense(st)), DENSE)
        filled = sess.run(tf.sparse.to_dense(st, default_value=-1.0))
        np.testing.assert_array_equal(filled, np.where(DENSE == 0, -1, DENSE))
    assert tf.sparse_tensor_to_dense(st).shape.as_list() == [3, 4]


@pytest.mark.parametrize("adjoint_a,adjoint_b", [(False, False), (True, False), (False, True)])
def test_sparse_dense_matmul(adjoint_a, adjoint_b):
    b = np.arange(12, dtype=np.float32).reshape(4, 3)
    if adjoint_a:
        b = np.arange(9, dtype=np.float32).reshape(3, 3)
    if adjoint_b:
        b = b.T.copy()
    st = tf.SparseTensor(INDICES, VALUES, [3, 4])
    out = tf.sparse_tensor_dense_matmul(st, b, adjoint_a=adjoint_a, adjoint_b=adjoint_b)
    a = DENSE.T if adjoint_a else DENSE
    want = a @ (b.T if adjoint_b else b)
    assert out.shape.as_list() == list(want.shape)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(out), want)


def test_fetching_a_sparse_tensor_gives_a_value():
    st = tf.SparseTensor(INDICES, VALUES, [3, 4])
    with tf.Session() as sess:
        value = sess.run(st)
    assert isinstance(value, tf.SparseTensorValue)
    np.testing.assert_array_equal(value.indices, INDICES)
    np.testing.assert_array_equal(value.values, VALUES)
    np.testing.assert_array_equal(value.dense_shape, [3, 4])


def test_sparse_placeholder_feeds_value_or_tuple():
    sp = tf.sparse_placeholder(tf.float32)
    dense = tf.sparse_tensor_to_dense(sp)
    with tf.Session() as sess:
        got = sess.run(dense, {sp: tf.SparseTensorValue(INDICES, VALUES, [3, 4])})
        np.testing.assert_array_equal(got, DENSE)
        got = sess.run(dense, {sp: (INDICES, VALUES, [3, 4])})
        np.testing.assert_array_equal(got, DENSE)


def test_sparse_placeholder_with_known_shape():
    sp = tf.sparse_placeholder(tf.float32, shape=[3, 4], name="sp")
    assert sp.shape.as_list() == [3, 4]
    assert sp.values.op.name == "sp/values"


@pytest.mark.parametrize(
    "indices,match",
    [
        ([[0, 1], [5, 0]], "out of bounds"),
        ([[1, 0], [0, 1]], "out of order"),
        ([[0, 1], [0, 1]], "repeated"),
    ],
)
def test_invalid_indices_are_errors(indices, match):
    st = tf.SparseTensor(indices, [1.0, 2.0], [3, 4])
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match=match):
        sess.run(tf.sparse_tensor_to_dense(st))


def test_sparse_to_dense_with_no_indices_is_all_default():
    # TF 1.15 gives the default everywhere (it used to fail: "cannot reshape array of size 0")
    i = tf.placeholder(tf.int64, [None, 2])
    v = tf.placeholder(tf.float32, [None])
    d = tf.sparse_to_dense(i, [2, 3], v, 7.0)
    with tf.Session() as sess:
        got = sess.run(d, {i: np.zeros((0, 2), np.int64), v: np.zeros(0, np.float32)})
        assert got.tolist() == [[7.0] * 3] * 2
        assert sess.run(tf.sparse_to_dense([1, 3], [5], 1.0)).tolist() == [0, 1, 0, 1, 0]

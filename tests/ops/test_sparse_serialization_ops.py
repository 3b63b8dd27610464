"""SerializeSparse, SerializeManySparse and DeserializeManySparse against real TF 1.15
(tools/make_io_fixtures.py wrote golden/io_golden.json from tests/ops/io_cases.py)."""

import numpy as np
import pytest

import tinytf as tf
from tests.ops.io_golden import bad_names, check_bad, check_case, names


@pytest.mark.parametrize("name", names("sparse_"))
def test_matches_tf(name, tmp_path):
    check_case(name, tmp_path)


@pytest.mark.parametrize("name", bad_names("sparse_"))
def test_bad_input_raises_as_tf(name, tmp_path):
    check_bad(name, tmp_path)


def test_deserialize_gives_a_sparse_tensor_of_the_given_rank():
    sp = tf.SparseTensorValue([[0, 2], [1, 0]], np.float32([1, 2]), [2, 3])
    back = tf.deserialize_many_sparse(tf.serialize_many_sparse(sp), tf.float32, rank=2)
    assert isinstance(back, tf.SparseTensor)
    assert back.indices.shape.as_list() == [None, 2]
    with tf.Session() as sess:
        dense = sess.run(tf.sparse_tensor_to_dense(back))
    np.testing.assert_array_equal(dense, [[0, 0, 1], [2, 0, 0]])


def test_only_string_serialization_is_offered():
    sp = tf.SparseTensor([[0]], [1.0], [2])
    with pytest.raises(TypeError, match="strings only"):
        tf.serialize_sparse(sp, out_type=tf.int32)

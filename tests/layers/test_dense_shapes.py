"""tf.layers.Dense's static shape rule."""

import pytest

import tinytf as tf


def test_dense_compute_output_shape():
    """TF 1.15's rule: the innermost dimension becomes `units`; it must be known, rank >= 2."""
    dense = tf.layers.Dense(7)
    assert dense.compute_output_shape([None, 5, 3]).as_list() == [None, 5, 7]
    assert dense.compute_output_shape(tf.TensorShape([2, 3])).as_list() == [2, 7]
    with pytest.raises(ValueError, match=r"innermost dimension of input_shape must be defined"):
        dense.compute_output_shape([4, None])
    with pytest.raises(ValueError, match=r"must have rank at least 2"):
        dense.compute_output_shape([4])

import pytest

import tinytf as tf


def test_printing():
    assert str(tf.TensorShape([None, 784])) == "(?, 784)"
    assert str(tf.TensorShape([3])) == "(3,)"
    assert str(tf.TensorShape([])) == "()"
    assert str(tf.TensorShape(None)) == "<unknown>"
    assert repr(tf.TensorShape([None, 2])) == "TensorShape([Dimension(None), Dimension(2)])"
    assert repr(tf.TensorShape(None)) == "TensorShape(None)"


def test_accessors():
    s = tf.TensorShape([None, 3, 4])
    assert s.ndims == 3 and s.as_list() == [None, 3, 4] and len(s) == 3
    assert s[1] == tf.Dimension(3) and s[1].value == 3 and s[0].value is None
    assert s[1:].as_list() == [3, 4]
    assert not s.is_fully_defined() and tf.TensorShape([2, 3]).num_elements() == 6
    assert s.num_elements() is None
    with pytest.raises(ValueError, match="as_list\\(\\) is not defined on an unknown"):
        tf.TensorShape(None).as_list()
    assert tf.TensorShape(None).ndims is None


def test_compatibility_and_merge():
    a, b = tf.TensorShape([None, 3]), tf.TensorShape([5, None])
    assert a.is_compatible_with(b) and a.merge_with(b).as_list() == [5, 3]
    assert not a.is_compatible_with([5, 4]) and not a.is_compatible_with([5, 3, 1])
    assert a.is_compatible_with(tf.TensorShape(None))
    with pytest.raises(ValueError, match="are not compatible"):
        a.merge_with([1, 4])
    assert a.concatenate([7]).as_list() == [None, 3, 7]
    assert a.most_specific_compatible_shape([4, 3]).as_list() == [None, 3]
    with pytest.raises(ValueError):
        a.with_rank(3)
    assert tf.TensorShape(None).with_rank(2).as_list() == [None, None]


def test_dimension_arithmetic_and_equality():
    d, u = tf.Dimension(4), tf.Dimension(None)
    assert (d + 1).value == 5 and (d * 2).value == 8 and (d // 3).value == 1
    assert (d + u).value is None
    assert (d == 4) is True and (d == u) is None and (d != 3) is True
    assert d.merge_with(u).value == 4
    with pytest.raises(ValueError):
        d.merge_with(5)
    with pytest.raises(TypeError):
        tf.Dimension(1.5)
    assert str(u) == "?" and int(d) == 4 and tf.dimension_value(d) == 4


def test_shape_equality():
    assert tf.TensorShape([1, 2]) == tf.TensorShape([1, 2]) == [1, 2]
    assert tf.TensorShape([1, 2]) != [2, 1]
    assert tf.TensorShape(None) == tf.TensorShape(None)

import numpy as np
import pytest

import tinytf as tf


def test_operators_make_tf_1x_op_types_and_names():
    x, y = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
    cases = [
        (x + y, "Add", "add"),
        (x - y, "Sub", "sub"),
        (x * y, "Mul", "mul"),
        (x / y, "RealDiv", "truediv"),
        (x // y, "FloorDiv", "floordiv"),
        (x % y, "FloorMod", "mod"),
        (x**y, "Pow", "pow"),
        (-x, "Neg", "Neg"),
        (abs(x), "Abs", "Abs"),
        (x < y, "Less", "Less"),
        (x >= y, "GreaterEqual", "GreaterEqual"),
    ]
    for t, op_type, name in cases:
        assert (t.op.type, t.op.name) == (op_type, name)


def test_python_operands_become_scoped_constants_of_the_tensor_dtype():
    x = tf.placeholder(tf.float64)
    t = x + 1
    assert t.op.inputs[1].op.name == "add/y" and t.op.inputs[1].dtype == tf.float64
    r = 2 - x
    assert r.op.inputs[0].op.name == "sub/x" and r.op.inputs[0].dtype == tf.float64


def test_reflected_operators_and_numpy_scalars():
    x = tf.constant([1.0, 2.0])
    with tf.Session() as sess:
        assert sess.run(3 - x).tolist() == [2.0, 1.0]
        assert sess.run(2 / x).tolist() == [2.0, 1.0]
        assert sess.run(np.float32(2) * x).tolist() == [2.0, 4.0]
        assert sess.run(2**x).tolist() == [2.0, 4.0]


def test_bool_operators():
    a, b = tf.constant([True, False]), tf.constant([True, True])
    with tf.Session() as sess:
        assert sess.run(a & b).tolist() == [True, False]
        assert sess.run(a | b).tolist() == [True, True]
        assert sess.run(a ^ b).tolist() == [False, True]
        assert sess.run(~a).tolist() == [False, True]


def test_matmul_operator_and_list_operand_names():
    m = tf.matmul([[1.0, 2.0]], [[3.0], [4.0]])
    assert m.op.inputs[0].op.name == "MatMul/a" and m.op.inputs[1].op.name == "MatMul/b"
    x = tf.constant([[1.0, 2.0]])
    with tf.Session() as sess:
        assert sess.run(x @ tf.constant([[3.0], [4.0]])).tolist() == [[11.0]]


def test_integer_true_division_is_float64():
    t = tf.constant(7) / tf.constant(2)
    assert t.dtype == tf.float64
    with tf.Session() as sess:
        assert sess.run(t) == 3.5


def test_tensor_is_not_a_bool_and_not_iterable():
    x = tf.constant([1, 2])
    with pytest.raises(TypeError, match="as a Python `bool` is not allowed"):
        bool(x)
    with pytest.raises(TypeError, match="only iterable when eager"):
        iter(x)
    assert (x == x) is True and hash(x) == hash(x)

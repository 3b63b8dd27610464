"""The code of lecture 25's first half, as written, with the outputs the lecture shows."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import tinytf as tf

ROOT = Path(__file__).resolve().parent.parent


def test_arithmetic_slide():
    sess = tf.Session()
    a = tf.constant(5, dtype=tf.float32)
    b = tf.constant(3.1415, dtype=tf.float32)
    c = tf.constant(2, dtype=tf.float32)
    x = tf.placeholder(tf.float32)
    y = tf.placeholder(tf.float32)
    z = tf.placeholder(tf.float32)
    ans = x / a + b * y - c * z
    out = sess.run(ans, {x: [4, 3, 2, 1], y: [2, 3, 4, 5], z: [1, 1, 2, 2]})
    # The lecture prints float32 values at float64 precision (NumPy 1.13's repr).
    np.testing.assert_array_equal(
        out, np.array([5.08300018, 8.02449989, 8.9659996, 11.90750027], np.float32)
    )
    assert out.dtype == np.float32
    sess.close()

    sess = tf.Session()
    divbyzero = x / y
    assert str(sess.run(divbyzero, {x: 1, y: 0})) == "inf"


def test_matmul_slide():
    sess = tf.Session()
    M = tf.constant([[1, 0, 1], [0, 1, 1], [1, 1, 0]], dtype=tf.float32)
    oneThruNine = tf.constant([[1, 2, 3], [4, 5, 6], [7, 8, 9]], dtype=tf.float32)
    c = tf.matmul(oneThruNine, M)
    with sess.as_default():
        assert str(c.eval()) == "[[ 4.  5.  3.]\n [10. 11.  9.]\n [16. 17. 15.]]"


def test_matmul_shape_error_slide():
    for _ in range(13):  # in the lecture's notebook, 13 matmuls came before this one
        tf.matmul(tf.eye(2), tf.eye(2))
    M1 = tf.constant([[1, 0, 1], [0, 1, 1]], dtype=tf.float32)
    M2 = tf.constant([[1, 0, 1, 1], [0, 0, 1, 1]], dtype=tf.float32)
    with pytest.raises(
        ValueError,
        match=re.escape(
            "Dimensions must be equal, but are 3 and 2 for 'MatMul_13' (op: 'MatMul') with "
            "input shapes: [2,3], [2,4]."
        ),
    ):
        tf.matmul(M1, M2)


def test_elementwise_slide():
    sess = tf.Session()
    real = tf.constant(-5, dtype=tf.float32)
    cx = tf.constant(1 + 1j, dtype=tf.complex64)
    z = tf.abs(cx)
    with sess.as_default():
        assert str(tf.abs(real).eval()) == "5.0"
        assert z.eval() == np.float32(np.sqrt(2)) and z.dtype == tf.float32
        assert f"{z.eval():.6g}" == "1.41421"


def test_comparison_and_logical_slide():
    with tf.Session() as sess:
        x, y = tf.constant([1, 2, 3]), tf.constant([3, 2, 1])
        got = sess.run(
            [
                tf.less(x, y),
                tf.less_equal(x, y),
                tf.greater(x, y),
                tf.greater_equal(x, y),
                tf.equal(x, y),
                tf.not_equal(x, y),
            ]
        )
        assert [g.tolist() for g in got] == [
            [True, False, False],
            [True, True, False],
            [False, False, True],
            [False, True, True],
            [False, True, False],
            [True, False, True],
        ]
        p, q = tf.constant([True, True, False]), tf.constant([True, False, False])
        got = sess.run(
            [tf.logical_and(p, q), tf.logical_or(p, q), tf.logical_xor(p, q), tf.logical_not(p)]
        )
        assert [g.tolist() for g in got] == [
            [True, False, False],
            [True, True, False],
            [False, True, False],
            [False, False, True],
        ]


def test_tensor_operations_slide():
    with tf.Session() as sess:
        assert sess.run(tf.add_n([tf.constant(1.0), 2.0, 3.0])) == 6.0
        assert sess.run(tf.exp(0.0)) == 1.0 and sess.run(tf.sigmoid(0.0)) == 0.5
        L = sess.run(tf.cholesky([[4.0, 2.0], [2.0, 5.0]]))
        np.testing.assert_allclose(L, [[2.0, 0.0], [1.0, 2.0]])


def test_example_script_prints_the_lecture_outputs():
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "lecture_basics.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out[1] == "inf"
    assert out[5].startswith(
        "ValueError: Dimensions must be equal, but are 3 and 2 for "
        "'MatMul_1' (op: 'MatMul') with input shapes: [2,3], [2,4]."
    )
    assert out[6:] == ["5.0", "1.4142135"]

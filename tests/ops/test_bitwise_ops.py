"""tf.bitwise (src/tinytf/ops/bitwise_ops.py): NumPy values for every integer dtype, TF's shift
clamping, no gradient and no floats. Against real TF 1.15: test_math_golden.py."""

import numpy as np
import pytest

import tinytf as tf
from tests.optest import Bad, Case, check_bad, check_case, params

INT_TYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]


def _pair(t):
    x = np.array([[5, 12, 127], [0, 3, 64]]).astype(t)
    return x, np.array([3, 10, 1]).astype(t)


CASES = (
    [
        Case(f"{op}_{np.dtype(t).name}", getattr(tf.bitwise, op), list(_pair(t)), ref)
        for t in INT_TYPES
        for op, ref in (
            ("bitwise_and", np.bitwise_and),
            ("bitwise_or", np.bitwise_or),
            ("bitwise_xor", np.bitwise_xor),
        )
    ]
    + [
        Case(f"invert_{np.dtype(t).name}", tf.bitwise.invert, [_pair(t)[0]], np.invert)
        for t in INT_TYPES
    ]
    + [
        Case(
            "left_shift_clamps_to_width",
            tf.bitwise.left_shift,
            [np.array([1, -1, 3], np.int32), np.array([31, 40, -2], np.int32)],
            lambda x, y: np.array([-(2**31), -(2**31), 3], np.int32),
        ),
        Case(
            "right_shift_is_arithmetic",
            tf.bitwise.right_shift,
            [np.array([-8, 8, 255], np.int16), np.array([1, 20, 4], np.int16)],
            lambda x, y: np.array([-4, 0, 15], np.int16),
        ),
        Case(
            "right_shift_unsigned_clamps_to_width",
            tf.bitwise.right_shift,
            [np.array([255, 128], np.uint8), np.array([4, 9], np.uint8)],
            lambda x, y: np.array([15, 1], np.uint8),
        ),
    ]
)


@pytest.mark.parametrize("case", params(CASES))
def test_bitwise(case):
    check_case(case)


def test_bitwise_ops_are_not_differentiable():
    x = tf.constant([1, 2])
    y = tf.cast(tf.bitwise.bitwise_and(x, 3), tf.float32)
    assert tf.gradients(y, x) == [None]


BAD = [
    Bad(
        "float_input",
        lambda: tf.bitwise.bitwise_or(tf.constant([1.0]), [2.0]),
        TypeError,
        "allowed values",
    ),
    Bad("bool_invert", lambda: tf.bitwise.invert(tf.constant([True])), TypeError, "allowed"),
]


@pytest.mark.parametrize("bad", params(BAD))
def test_bad_input(bad):
    check_bad(bad)

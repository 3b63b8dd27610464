"""bitcast, saturate_cast and to_bfloat16 (src/tinytf/ops/dtype_ops.py): values against NumPy's
views and clips, static shapes and TF's shape/dtype errors. Against real TF 1.15:
test_math_golden.py (case dtype_casts)."""

import ml_dtypes
import numpy as np
import pytest

import tinytf as tf
from tests.optest import Bad, Case, check_bad, check_case, params

F = np.array([[1.0, -2.5], [3.25, 0.0]], np.float32)

CASES = [
    Case(
        "bitcast_wider_to_bytes",
        lambda x: tf.bitcast(x, tf.uint8),
        [F],
        lambda x: x.view(np.uint8).reshape(2, 2, 4),
    ),
    Case(
        "bitcast_bytes_to_wider",
        lambda x: tf.bitcast(x, tf.float32),
        [F.view(np.uint8).reshape(2, 2, 4)],
        lambda x: F,
    ),
    Case("bitcast_same_size", lambda x: tf.bitcast(x, tf.int32), [F], lambda x: x.view(np.int32)),
    Case(
        "bitcast_to_bfloat16",
        lambda x: tf.bitcast(x, tf.bfloat16),
        [np.array([0x3F80, 0xC020], np.uint16)],
        lambda x: np.array([1.0, -2.5], ml_dtypes.bfloat16),
        grad=False,
    ),
    Case(
        "saturate_cast_float_to_uint8",
        lambda x: tf.saturate_cast(x, tf.uint8),
        [np.array([-3.0, 300.0, 5.5])],
        lambda x: np.array([0, 255, 5], np.uint8),
    ),
    Case(
        "saturate_cast_int32_to_int8",
        lambda x: tf.saturate_cast(x, tf.int8),
        [np.array([-300, 100, 200], np.int32)],
        lambda x: np.array([-128, 100, 127], np.int8),
    ),
    Case(
        "to_bfloat16_rounds_to_nearest_even",
        lambda x: tf.cast(tf.to_bfloat16(x), tf.float32),
        [np.array([1.1, 3.3, -7.77], np.float32)],
        lambda x: x.astype(ml_dtypes.bfloat16).astype(np.float32),
        grad=False,
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_dtype_op(case):
    check_case(case)


def test_bitcast_static_shape_of_unknown_dims():
    x = tf.placeholder(tf.float64, [None, 2])
    assert tf.bitcast(x, tf.int16).shape.as_list() == [None, 2, 4]
    assert tf.bitcast(tf.placeholder(tf.int8, [None, 8]), tf.float64).shape.as_list() == [None]


BAD = [
    Bad(
        "bitcast_last_dimension_not_the_ratio",
        lambda: tf.bitcast(tf.constant([1, 2, 3], tf.uint8), tf.int16),
        ValueError,
        "Cannot bitcast due to shape. 3 does not match 2",
    ),
    Bad("bitcast_to_bool", lambda: tf.bitcast(tf.constant([1]), tf.bool), TypeError, "'type'"),
    Bad(
        "saturate_cast_of_complex",
        lambda: tf.saturate_cast(tf.constant([1j]), tf.int8),
        TypeError,
        "minimum",
    ),
]


@pytest.mark.parametrize("bad", params(BAD))
def test_bad_input(bad):
    check_bad(bad)

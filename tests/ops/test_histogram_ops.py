"""bincount, histogram_fixed_width(_bins) and confusion_matrix (src/tinytf/ops/histogram_ops.py):
NumPy values, dtypes, static shapes and TF's run-time errors. Against real TF 1.15:
test_math_golden.py."""

import numpy as np
import pytest

import tinytf as tf
from tests.optest import Bad, Case, check_bad, check_case, params

VALUES = np.array([0.1, 0.5, 0.99, 1.5, -1.0, 0.2, 0.4])
ARR = np.array([1, 1, 3, 0, 5], np.int32)


def _hist(v, lo, hi, n):
    idx = np.clip(((np.maximum(v, lo) - lo) / ((hi - lo) / n)).astype(np.int64), 0, n - 1)
    return np.bincount(idx, minlength=n).astype(np.int32)


CASES = [
    Case(
        "bincount",
        tf.math.bincount,
        [ARR],
        lambda a: np.bincount(a).astype(np.int32),
    ),
    Case(
        "bincount_minlength",
        lambda a: tf.math.bincount(a, minlength=8),
        [ARR],
        lambda a: np.bincount(a, minlength=8).astype(np.int32),
    ),
    Case(
        "bincount_maxlength_drops_larger",
        lambda a: tf.math.bincount(a, maxlength=2, dtype=tf.float32),
        [ARR],
        lambda a: np.array([1.0, 2.0], np.float32),
    ),
    Case(
        "bincount_weights",
        lambda a, w: tf.math.bincount(a, weights=w),
        [ARR, np.array([0.5, 1.5, 2.0, 1.0, 3.0])],
        lambda a, w: np.bincount(a, w),
        grad=False,
    ),
    Case(
        "hist",
        lambda v: tf.histogram_fixed_width(v, [0.0, 1.0], 5),
        [VALUES],
        lambda v: _hist(v, 0, 1, 5),
    ),
    Case(
        "hist_int64_dtype",
        lambda v: tf.histogram_fixed_width(v, [-1.0, 2.0], 4, dtype=tf.int64),
        [VALUES],
        lambda v: _hist(v, -1, 2, 4).astype(np.int64),
    ),
    Case(
        "hist_bins",
        lambda v: tf.histogram_fixed_width_bins(v, np.array([0.0, 1.0]), 5),
        [VALUES.reshape(1, 7)],
        lambda v: np.clip(np.floor(5 * v), 0, 4).astype(np.int32),
    ),
    Case(
        "confusion_matrix",
        lambda labels, p: tf.math.confusion_matrix(labels, p),
        [np.array([0, 1, 2, 1]), np.array([0, 2, 2, 1])],
        lambda labels, p: np.array([[1, 0, 0], [0, 1, 1], [0, 0, 1]], np.int32),
        static=[None, None],
    ),
    Case(
        "confusion_matrix_weights",
        lambda labels, p, w: tf.math.confusion_matrix(
            labels, p, num_classes=3, weights=w, dtype=tf.float64
        ),
        [np.array([0, 0, 2]), np.array([0, 0, 1]), np.array([1.0, 2.0, 0.5])],
        lambda labels, p, w: np.array([[3.0, 0, 0], [0, 0, 0], [0, 0.5, 0]]),
        grad=False,
    ),
]


@pytest.mark.parametrize("case", params(CASES))
def test_counting(case):
    check_case(case)


def _ph(value, dtype=tf.int32):
    return tf.placeholder_with_default(tf.constant(value, dtype), [len(value)])


BAD = [
    Bad(
        "bincount_negative",
        lambda: tf.math.bincount(_ph([1, -1])),
        tf.errors.InvalidArgumentError,
        "Input arr must be non-negative!",
        run=True,
    ),
    Bad(
        "hist_nbins_zero",
        lambda: tf.histogram_fixed_width([1.0], [0.0, 1.0], tf.placeholder_with_default(0, [])),
        tf.errors.InvalidArgumentError,
        "nbins should be a positive number, but got '0'",
        run=True,
    ),
    Bad(
        "hist_empty_range",
        lambda: tf.histogram_fixed_width([1.0], _ph([2.0, 1.0], tf.float32), 3),
        tf.errors.InvalidArgumentError,
        r"value_range\[0\] < value_range\[1\], but got '\[2, 1\]'",
        run=True,
    ),
    Bad(
        "confusion_negative_label",
        lambda: tf.math.confusion_matrix(_ph([-1, 0]), [0, 0]),
        tf.errors.InvalidArgumentError,
        "`labels` contains negative values",
        run=True,
    ),
    Bad(
        "confusion_prediction_out_of_bound",
        lambda: tf.math.confusion_matrix([0, 0], _ph([0, 5]), num_classes=3),
        tf.errors.InvalidArgumentError,
        "`predictions` out of bound",
        run=True,
    ),
    Bad(
        "hist_range_rank",
        lambda: tf.histogram_fixed_width([1.0], 1.0, 3),
        ValueError,
        "Shape must be rank 1 but is rank 0",
    ),
]


@pytest.mark.parametrize("bad", params(BAD))
def test_bad_input(bad):
    check_bad(bad)

"""tf.math's reductions and compositions (src/tinytf/ops/composite_math_ops.py): NumPy values,
dtypes, unknown-dim shapes, central-difference gradients (norm's at zero is NaN, as TF's) and
TF's argument errors. Against real TF 1.15: test_math_golden.py."""

import numpy as np
import pytest

import tinytf as tf
from tests.optest import Bad, Case, check_bad, check_case, params

rng = np.random.default_rng(12)
X = rng.uniform(-2, 2, (2, 3))
W = rng.uniform(-2, 2, (3, 4, 2))
T = dict(rtol=1e-10, atol=1e-12)


def _lse(x, axis=None, keepdims=False):
    m = np.max(x, axis=axis, keepdims=True)
    out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


def _cls(x, axis, exclusive=False, reverse=False):
    x = np.flip(x, axis) if reverse else x
    out = np.logaddexp.accumulate(x, axis=axis)
    if exclusive:
        lowest = np.full_like(np.take(out, [0], axis), np.finfo(x.dtype).min)
        out = np.concatenate([lowest, np.delete(out, -1, axis)], axis)
    return np.flip(out, axis) if reverse else out


CASES = [
    Case("reduce_logsumexp", tf.reduce_logsumexp, [X], _lse, **T),
    Case(
        "reduce_logsumexp_axis", lambda x: tf.reduce_logsumexp(x, 1), [X], lambda x: _lse(x, 1), **T
    ),
    Case(
        "reduce_logsumexp_keepdims",
        lambda x: tf.reduce_logsumexp(x, [0, 2], keepdims=True),
        [W],
        lambda x: _lse(x, (0, 2), True),
        **T,
    ),
    Case("reduce_variance", lambda x: tf.math.reduce_variance(x, 0), [X], lambda x: x.var(0), **T),
    Case(
        "reduce_std",
        lambda x: tf.math.reduce_std(x, 1, True),
        [X],
        lambda x: x.std(1, keepdims=True),
        **T,
    ),
    Case(
        "reduce_euclidean_norm",
        lambda x: tf.math.reduce_euclidean_norm(x, [0, 1]),
        [W],
        lambda x: np.sqrt((x**2).sum((0, 1))),
        grad=False,  # TF 1.15 declares EuclideanNorm not differentiable
    ),
    Case(
        "count_nonzero",
        lambda x: tf.count_nonzero(x, 1),
        [np.array([[0, 1, 2], [0, 0, 3]])],
        lambda x: np.count_nonzero(x, 1).astype(np.int64),
    ),
    Case("norm_euclidean", tf.norm, [X], np.linalg.norm, **T),
    Case(
        "norm_axis", lambda x: tf.norm(x, axis=-1), [W], lambda x: np.linalg.norm(x, axis=-1), **T
    ),
    Case("norm_ord1", lambda x: tf.norm(x, ord=1, axis=0), [X], lambda x: np.abs(x).sum(0), **T),
    Case(
        "norm_p3",
        lambda x: tf.norm(x, ord=3),
        [X],
        lambda x: (np.abs(x) ** 3).sum() ** (1 / 3),
        **T,
    ),
    Case(
        "norm_inf", lambda x: tf.norm(x, ord=np.inf, axis=1), [X], lambda x: np.abs(x).max(1), **T
    ),
    Case(
        "norm_fro",
        lambda x: tf.norm(x, "fro", [0, 1]),
        [X],
        lambda x: np.linalg.norm(x, "fro"),
        **T,
    ),
    Case(
        "norm_matrix_1", lambda x: tf.norm(x, 1, [0, 1]), [X], lambda x: np.linalg.norm(x, 1), **T
    ),
    Case(
        "norm_matrix_inf_batched",
        lambda x: tf.norm(x, np.inf, [-3, -2]),
        [W],
        lambda x: np.abs(x).sum(1).max(0),
        **T,
    ),
    Case(
        "norm_matrix_2", lambda x: tf.norm(x, 2, [0, 1]), [X], lambda x: np.linalg.norm(x, 2), **T
    ),
    Case(
        "norm_matrix_2_keepdims_batched",
        lambda x: tf.norm(x, 2, [2, 0], keepdims=True),
        [W],
        lambda x: np.linalg.norm(np.transpose(x, (1, 2, 0)), 2, axis=(1, 2))[None, :, None],
        dynamic=False,  # its static shape needs the rank only; the values need the SVD
        rtol=1e-8,
    ),
    Case(
        "cumulative_logsumexp",
        lambda x: tf.math.cumulative_logsumexp(x, 1),
        [X],
        lambda x: _cls(x, 1),
        **T,
    ),
    Case(
        "cumulative_logsumexp_exclusive_reverse",
        lambda x: tf.math.cumulative_logsumexp(x, 0, exclusive=True, reverse=True),
        [X],
        lambda x: _cls(x, 0, True, True),
        **T,
        grad=False,  # the lowest value start makes the numeric difference meaningless
    ),
    Case(
        "accumulate_n",
        lambda x, y: tf.math.accumulate_n([x, y, x]),
        [X, X + 1],
        lambda x, y: 2 * x + y,
        **T,
    ),
    Case(
        "polyval",
        lambda x: tf.math.polyval(list(np.array([2.0, -1.0, 0.5])), x),
        [X],
        lambda x: np.polyval([2, -1, 0.5], x),
        **T,
    ),
    Case("log_sigmoid", tf.log_sigmoid, [X * 20], lambda x: -np.logaddexp(0, -x), **T),
]


@pytest.mark.parametrize("case", params(CASES))
def test_composite(case):
    check_case(case)


def test_norm_gradient_at_zero_is_nan_as_tf():
    x = tf.constant([0.0, 0.0])
    with tf.Session() as sess:
        assert np.all(np.isnan(sess.run(tf.gradients(tf.norm(x), x)[0])))


def test_reduce_logsumexp_of_all_minus_inf_is_minus_inf():
    with tf.Session() as sess:
        assert sess.run(tf.reduce_logsumexp(tf.constant([-np.inf, -np.inf]))) == -np.inf


def test_accumulate_n_of_one_tensor_is_that_tensor():
    x = tf.constant([1.0])
    assert tf.math.accumulate_n([x]) is x
    assert tf.math.accumulate_n([x]).op.type == "Const"
    assert tf.math.accumulate_n([x, x], name="acc").op.type == "AccumulateNV2"


BAD = [
    Bad("norm_negative_ord", lambda: tf.norm([1.0], ord=-1), ValueError, "supported vector norm"),
    Bad(
        "norm_matrix_ord3", lambda: tf.norm([[1.0]], ord=3, axis=[0, 1]), ValueError, "matrix norm"
    ),
    Bad("norm_same_axes", lambda: tf.norm([[1.0]], axis=[1, 1]), ValueError, "2 unique integers"),
    Bad("accumulate_n_empty", lambda: tf.math.accumulate_n([]), ValueError, "at least one Tensor"),
    Bad(
        "accumulate_n_shapes",
        lambda: tf.math.accumulate_n([tf.ones([2]), tf.ones([3])]),
        ValueError,
        "Dimension 0 in both shapes must be equal",
    ),
    Bad(
        "accumulate_n_dtype",
        lambda: tf.math.accumulate_n([tf.ones([2])], tensor_dtype=tf.int32),
        TypeError,
        "tensor_dtype is",
    ),
    Bad(
        "euclidean_norm_bad_axis",
        lambda: tf.math.reduce_euclidean_norm(tf.ones([2]), 3),
        ValueError,
        "Invalid reduction dimension",
    ),
]


@pytest.mark.parametrize("bad", params(BAD))
def test_bad_input(bad):
    check_bad(bad)

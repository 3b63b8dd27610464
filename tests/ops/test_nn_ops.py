import itertools
import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests import fixture_runner
from tests.ops.bugfix_cases import CASES as BUGFIX_CASES
from tests.optest import Bad, Case, check_bad, check_case, params

BUGFIX_GOLDEN = fixture_runner.load_golden(pathlib.Path(__file__).parent / "golden", "bugfix")

rng = np.random.default_rng(3)
X = rng.standard_normal((4, 5)).astype(np.float32)
LABELS = rng.dirichlet(np.ones(5), 4).astype(np.float32)
CLASSES = np.array([0, 4, 2, 2], np.int32)
IMG = rng.standard_normal((2, 7, 6, 3))
FILT = rng.standard_normal((3, 2, 3, 4))
IMG8 = rng.standard_normal((2, 8, 6, 3))  # windows that tile it: the reshape fast paths
IMG9 = rng.standard_normal((2, 7, 6, 9))  # >= 8 channels: the windowed-view im2col path
FILT9 = rng.standard_normal((3, 2, 9, 4))


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _xent(labels, logits):
    return -(labels * np.log(_softmax(logits.astype(np.float64)))).sum(-1).astype(logits.dtype)


def _pads(size, k, s, d, padding):
    span = (k - 1) * d + 1
    if padding == "VALID":
        return -(-(size - span + 1) // s), 0
    out = -(-size // s)
    return out, max((out - 1) * s + span - size, 0) // 2


def conv_reference(x, f, strides, padding, dilations=(1, 1)):
    """The definition of TF's conv2d, as loops."""
    n, h, w, c = x.shape
    kh, kw, _, o = f.shape
    (oh, top), (ow, left) = (
        _pads(h, kh, strides[0], dilations[0], padding),
        _pads(w, kw, strides[1], dilations[1], padding),
    )
    out = np.zeros((n, oh, ow, o))
    for b, i, j in itertools.product(range(n), range(oh), range(ow)):
        for p, q in itertools.product(range(kh), range(kw)):
            r = i * strides[0] + p * dilations[0] - top
            s = j * strides[1] + q * dilations[1] - left
            if 0 <= r < h and 0 <= s < w:
                out[b, i, j] += x[b, r, s] @ f[p, q]
    return out


def conv_transpose_reference(y, f, out_shape, strides, padding):
    """The adjoint of conv_reference: each input position spreads into its output window."""
    n, h, w, c = out_shape
    kh, kw = f.shape[:2]
    (oh, top), (ow, left) = (
        _pads(h, kh, strides[0], 1, padding),
        _pads(w, kw, strides[1], 1, padding),
    )
    out = np.zeros(out_shape)
    for b, i, j in itertools.product(range(n), range(oh), range(ow)):
        for p, q in itertools.product(range(kh), range(kw)):
            r, s_ = i * strides[0] + p - top, j * strides[1] + q - left
            if 0 <= r < h and 0 <= s_ < w:
                out[b, r, s_] += f[p, q] @ y[b, i, j]
    return out


def pool_reference(x, k, strides, padding, reduce):
    n, h, w, c = x.shape
    (oh, top), (ow, left) = (
        _pads(h, k[0], strides[0], 1, padding),
        _pads(w, k[1], strides[1], 1, padding),
    )
    out = np.zeros((n, oh, ow, c))
    for i, j in itertools.product(range(oh), range(ow)):
        r0, s0 = i * strides[0] - top, j * strides[1] - left
        win = x[:, max(r0, 0) : r0 + k[0], max(s0, 0) : s0 + k[1], :]
        out[:, i, j] = reduce(win, axis=(1, 2))
    return out


CONV = (
    [
        Case(
            f"conv2d_{pad}_stride{s}_dil{d}",
            lambda x, f, s=s, d=d, pad=pad: tf.nn.conv2d(
                x, f, [1, s, s, 1], pad, dilations=[1, d, d, 1]
            ),
            [IMG, FILT],
            lambda x, f, s=s, d=d, pad=pad: conv_reference(x, f, (s, s), pad, (d, d)),
            rtol=1e-10,
        )
        for pad, s, d in [
            ("SAME", 1, 1),
            ("VALID", 1, 1),
            ("SAME", 2, 1),
            ("VALID", 2, 1),
            ("SAME", 1, 2),
            ("VALID", 3, 1),
        ]
    ]
    + [
        Case(
            f"conv2d_transpose_{pad}_stride{s}",
            lambda y, f, s=s, pad=pad, shape=shape: tf.nn.conv2d_transpose(
                y, f, shape, [1, s, s, 1], pad
            ),
            [rng.standard_normal(conv_reference(np.zeros(shape), FILT, (s, s), pad).shape), FILT],
            lambda y, f, s=s, pad=pad, shape=shape: conv_transpose_reference(
                y, f, shape, (s, s), pad
            ),
            rtol=1e-10,
        )
        for pad, s, shape in [
            ("SAME", 1, (2, 7, 6, 3)),
            ("VALID", 2, (2, 7, 6, 3)),
            ("SAME", 2, (2, 8, 6, 3)),
        ]
    ]
    + [
        Case(
            f"conv2d_9ch_{pad}_stride{s}",
            lambda x, f, s=s, pad=pad: tf.nn.conv2d(x, f, [1, s, s, 1], pad),
            [IMG9, FILT9],
            lambda x, f, s=s, pad=pad: conv_reference(x, f, (s, s), pad),
            rtol=1e-10,
        )
        for pad, s in [("SAME", 1), ("VALID", 1), ("SAME", 2), ("VALID", 3)]
    ]
    + [
        Case(
            f"{name}_{pad}_k{k}_s{s}",
            lambda x, k=k, s=s, pad=pad, fn=fn: fn(x, [1, k, k, 1], [1, s, s, 1], pad),
            [IMG],
            lambda x, k=k, s=s, pad=pad, red=red: pool_reference(x, (k, k), (s, s), pad, red),
            rtol=1e-10,
        )
        for (name, fn, red), (pad, k, s) in itertools.product(
            [("max_pool", tf.nn.max_pool, np.max), ("avg_pool", tf.nn.avg_pool, np.mean)],
            [("SAME", 2, 2), ("VALID", 2, 2), ("SAME", 3, 2), ("VALID", 3, 1), ("SAME", 2, 1)],
        )
    ]
    + [
        Case(
            f"max_pool_tiled_k{k}",
            lambda x, k=k: tf.nn.max_pool(x, [1, k[0], k[1], 1], [1, k[0], k[1], 1], "VALID"),
            [IMG8],
            lambda x, k=k: pool_reference(x, k, k, "VALID", np.max),
            rtol=1e-10,
        )
        for k in [(2, 2), (2, 3), (4, 1), (1, 1)]
    ]
)

ACTIVATIONS = [
    Case("relu", tf.nn.relu, [X], lambda x: np.maximum(x, 0)),
    Case("relu6", tf.nn.relu6, [X * 5], lambda x: np.clip(x, 0, 6)),
    Case("elu", tf.nn.elu, [X], lambda x: np.where(x > 0, x, np.expm1(x))),
    Case(
        "selu",
        tf.nn.selu,
        [X],
        lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(x)),
    ),
    Case(
        "l2_normalize_axis1",
        lambda x: tf.nn.l2_normalize(x, axis=1),
        [X],
        lambda x: x / np.sqrt(np.maximum((x * x).sum(1, keepdims=True), 1e-12)),
    ),
    Case(
        "weighted_cross_entropy",
        lambda z, x: tf.nn.weighted_cross_entropy_with_logits(z, x, 3.0),
        [(X > 0).astype(np.float32) * np.float32(0.8), X * 4],
        lambda z, x: 3.0 * z * np.log1p(np.exp(-x)) + (1 - z) * np.log1p(np.exp(x)),
    ),
    Case(
        "leaky_relu", lambda x: tf.nn.leaky_relu(x, 0.1), [X], lambda x: np.where(x > 0, x, 0.1 * x)
    ),
    Case("softplus", tf.nn.softplus, [X], lambda x: np.log1p(np.exp(x)), rtol=1e-5),
    Case("softmax", tf.nn.softmax, [X], _softmax, rtol=1e-5),
    Case(
        "softmax_axis0",
        lambda x: tf.nn.softmax(x, axis=0),
        [X],
        lambda x: _softmax(x.T).T,
        rtol=1e-5,
    ),
    Case("log_softmax", tf.nn.log_softmax, [X], lambda x: np.log(_softmax(x)), rtol=1e-5),
    Case("bias_add", tf.nn.bias_add, [IMG, rng.standard_normal(3)], lambda x, b: x + b),
    Case(
        "l2_loss",
        tf.nn.l2_loss,
        [X],
        lambda x: (x.astype(np.float64) ** 2).sum() / 2,
        dtype=tf.float32,
        rtol=1e-5,
    ),
    Case(
        "softmax_cross_entropy",
        lambda y, x: tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x),
        [LABELS, X],
        _xent,
        rtol=1e-5,
    ),
    Case(
        "softmax_cross_entropy_v1",
        lambda y, x: tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x),
        [LABELS, X],
        _xent,
        rtol=1e-5,
        grad=False,
    ),  # v1 stops the labels' gradient
    Case(
        "sparse_softmax_cross_entropy",
        lambda c, x: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=c, logits=x),
        [CLASSES, X],
        lambda c, x: _xent(np.eye(5, dtype=np.float32)[c], x),
        rtol=1e-5,
    ),
    Case(
        "sigmoid_cross_entropy",
        lambda z, x: tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x),
        [LABELS, X],
        lambda z, x: np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x))),
        rtol=1e-5,
    ),
    Case(
        "top_k",
        lambda x: tf.nn.top_k(x, 2),
        [X],
        lambda x: [
            -np.sort(-x, 1)[:, :2],
            np.argsort(-x, 1, kind="stable")[:, :2].astype(np.int32),
        ],
    ),
    Case(
        "in_top_k",
        lambda x: tf.nn.in_top_k(x, CLASSES, 2),
        [X],
        lambda x: (x > x[np.arange(4), CLASSES][:, None]).sum(1) < 2,
    ),
    Case(
        "moments", lambda x: tf.nn.moments(x, [0]), [X], lambda x: [x.mean(0), x.var(0)], rtol=1e-5
    ),
    Case(
        "batch_normalization",
        lambda x, m, v: tf.nn.batch_normalization(x, m, v, 0.5, 2.0, 1e-3),
        [X, X.mean(0), X.var(0)],
        lambda x, m, v: (x - m) / np.sqrt(v + 1e-3) * 2 + 0.5,
        rtol=1e-5,
    ),
    Case(
        "embedding_lookup",
        lambda p: tf.nn.embedding_lookup(p, CLASSES),
        [X.T.copy()],
        lambda p: p[CLASSES],
    ),
]


def test_v1_cross_entropy_stops_the_labels_gradient():
    labels, logits = tf.constant(LABELS), tf.constant(X)
    loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    assert tf.gradients(loss, [labels]) == [None]
    assert tf.gradients(loss, [logits])[0] is not None


@pytest.mark.parametrize("case", params(CONV + ACTIVATIONS))
def test_nn_op(case):
    check_case(case)


def test_cross_entropy_is_stable_for_huge_logits():
    logits = tf.constant([[1e4, -1e4, 0.0], [-5e3, 5e3, 1.0]])
    labels = tf.constant([[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]])
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 0], logits=logits)
    (g,) = tf.gradients(tf.reduce_sum(loss) + tf.reduce_sum(sparse), [logits])
    with tf.Session() as sess:
        got_loss, got_sparse, got_g = sess.run([loss, sparse, g])
    np.testing.assert_allclose(got_loss, [2e4, 0.0], rtol=1e-6)
    np.testing.assert_allclose(got_sparse, [2e4, 1e4], rtol=1e-6)
    assert np.all(np.isfinite(got_g))


def test_dropout():
    x = tf.ones([1000])
    with tf.Session() as sess:
        kept = sess.run(tf.nn.dropout(x, keep_prob=0.25, seed=1))
        assert set(np.unique(kept).tolist()) == {0.0, 4.0}
        assert 0.2 < (kept > 0).mean() < 0.3
        assert sess.run(tf.nn.dropout(x, rate=0.0)).tolist() == [1.0] * 1000
        keep = tf.placeholder(tf.float32)
        assert sess.run(tf.nn.dropout(x, keep), {keep: 1.0}).tolist() == [1.0] * 1000
    with pytest.raises(ValueError, match=r"rate must be .* in the range \[0, 1\), got -0.5"):
        tf.nn.dropout(x, keep_prob=1.5)


def test_dropout_keeps_the_static_shape_and_tf_errors():
    facts = fixture_runner.check_case(tf, BUGFIX_CASES, "dropout_static_shapes", BUGFIX_GOLDEN)
    assert facts["tensor_keep"] == [None, 6]


BAD = [
    Bad(
        "conv_channels",
        lambda: tf.nn.conv2d(tf.zeros([1, 4, 4, 3]), tf.zeros([2, 2, 2, 1]), [1, 1, 1, 1], "SAME"),
        ValueError,
        "Dimensions must be equal, but are 3 and 2 for 'Conv2D'",
    ),
    Bad(
        "conv_rank",
        lambda: tf.nn.conv2d(tf.zeros([4, 4, 3]), tf.zeros([2, 2, 3, 1]), [1, 1, 1, 1], "SAME"),
        ValueError,
        "Shape must be rank 4 but is rank 3",
    ),
    Bad(
        "conv_padding",
        lambda: tf.nn.conv2d(tf.zeros([1, 4, 4, 3]), tf.zeros([2, 2, 3, 1]), [1, 1, 1, 1], "FULL"),
        ValueError,
        "padding must be SAME or VALID",
    ),
    Bad(
        "xent_shapes",
        lambda: tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=tf.zeros([2, 3]), logits=tf.zeros([2, 4])
        ),
        ValueError,
        "Dimension 1 in both shapes must be equal, but are 4 and 3",
    ),
    Bad(
        "sparse_label_out_of_range",
        lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=[0, 7], logits=tf.zeros([2, 3])
        ),
        tf.errors.InvalidArgumentError,
        "Received a label value of 7 which is outside the valid range of \\[0, 3\\)",
        run=True,
    ),
    Bad("relu_int", lambda: tf.nn.relu(tf.constant([1, 2])), TypeError, "allowed values"),
]


@pytest.mark.parametrize("bad", params(BAD))
def test_nn_op_bad_input(bad):
    check_bad(bad)


@pytest.mark.parametrize("shape", [(2, 8, 6, 3), (2, 7, 6, 3)])  # tiled and general paths
def test_max_pool_gradient_goes_to_the_first_maximum_of_ties(shape):
    x = np.maximum(rng.standard_normal(shape), 0).astype(np.float32)  # many all-zero windows
    x[0, 0, 0, 0] = x[0, 0, 1, 0] = x[0, 1, 0, 0] = 5.0  # a tie between non-zeros too
    w = rng.standard_normal((shape[0], shape[1] // 2, shape[2] // 2, shape[3])).astype(np.float32)
    xt = tf.constant(x)
    pooled = tf.nn.max_pool(xt, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    (g,) = tf.gradients(tf.reduce_sum(pooled * w), [xt])
    want = np.zeros_like(x)
    for b, i, j, c in itertools.product(*map(range, w.shape)):
        win = x[b, 2 * i : 2 * i + 2, 2 * j : 2 * j + 2, c].ravel()
        p, q = divmod(int(np.argmax(win)), 2)  # argmax: the first maximum, row-major
        want[b, 2 * i + p, 2 * j + q, c] = w[b, i, j, c]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(g), want)

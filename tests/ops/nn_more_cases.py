"""Graphs of the rest of tf.nn, built the same way by real TF 1.15 (tools/make_nn_fixtures.py
writes what it computes to tests/ops/golden/nn_more.json and nn_more.npz) and by tinytf
(tests/ops/test_nn_more_ops.py). See tests/fixture_runner.py for the form of a case: values,
gradients, dtypes and static shapes (also on placeholders of unknown dims) are recorded.
Python 3.7 and NumPy 1.18 compatible."""

import numpy as np

from tests.fixture_runner import describe, error_of

RNG = np.random.RandomState(5)
X23 = RNG.randn(2, 3).astype(np.float32)
X345 = RNG.randn(3, 4, 5)
IMG = RNG.randn(2, 3, 4, 5).astype(np.float32)
W = RNG.randn(3, 4).astype(np.float32)
B = RNG.randn(4).astype(np.float32)


def _weights(tf, o):
    """Fixed, distinct weights shaped like o: the loss whose gradients are compared."""
    n = tf.cast(tf.reshape(tf.range(tf.size(o)), tf.shape(o)), o.dtype)
    return tf.sin(n + 1.0)


def _values_and_grads(tf, outs, xs, feed=None):
    """Fetches of outs and of d(sum of w * out)/d(xs), plus the static facts of outs."""
    outs = outs if isinstance(outs, (list, tuple)) else [outs]
    fetches = {f"out{i}": o for i, o in enumerate(outs)}
    floats = [o for o in outs if o.dtype.is_floating]
    if xs and floats:
        loss = tf.add_n([tf.reduce_sum(o * _weights(tf, o)) for o in floats])
        for i, g in enumerate(tf.gradients(loss, xs)):
            if g is not None:
                fetches[f"grad{i}"] = tf.convert_to_tensor(g)  # IndexedSlices too
    facts = {"outs": [describe(o)[1:] for o in outs]}
    return {"facts": facts, "runs": [(fetches, feed or {})]}


def _unknown(tf, fn, *arrays):
    """fn on placeholders of known rank and unknown dims: the static shapes TF infers."""
    phs = [tf.placeholder(tf.as_dtype(a.dtype), [None] * a.ndim) for a in arrays]
    outs = fn(*phs)
    outs = outs if isinstance(outs, (list, tuple)) else [outs]
    return [describe(o)[1] for o in outs]


def _case(fn, *arrays, grad=True, unknown=True):
    def build(tf):
        xs = [tf.constant(a) for a in arrays]
        out = _values_and_grads(tf, fn(tf, *xs), xs if grad else [])
        if unknown:
            try:
                out["facts"]["unknown"] = _unknown(tf, lambda *p: fn(tf, *p), *arrays)
            except (ValueError, TypeError):  # TF's wrapper needs static dims: not compared
                out["facts"]["unknown"] = None
        return out

    return build


def _bad(fn):
    def build(tf):
        err = error_of(lambda: fn(tf))
        return {"facts": {"error": [err[0], err[1].split("\n")[0]] if err else None}}

    return build


CASES = {
    # -- compositions of nn_impl.py
    "crelu": _case(lambda tf, x: tf.nn.crelu(x), X23),
    "crelu_axis0": _case(lambda tf, x: tf.nn.crelu(x, axis=0), X345),
    "swish": _case(lambda tf, x: tf.nn.swish(x), X345),
    "softsign": _case(lambda tf, x: tf.nn.softsign(x), X345),
    "softsign_f32": _case(lambda tf, x: tf.nn.softsign(x), X23),
    "relu_layer": _case(lambda tf, x, w, b: tf.nn.relu_layer(x, w, b), X23, W, B),
    "xw_plus_b": _case(lambda tf, x, w, b: tf.nn.xw_plus_b(x, w, b), X23, W, B),
    "log_poisson": _case(lambda tf, t, x: tf.nn.log_poisson_loss(t, x), np.abs(X345) * 2, X345),
    "log_poisson_full": _case(
        lambda tf, t, x: tf.nn.log_poisson_loss(t, x, compute_full_loss=True),
        np.abs(X345) * 2,
        X345,
    ),
    "sufficient_statistics": _case(
        lambda tf, x: list(tf.nn.sufficient_statistics(x, [0, 2])[:3]), X345, unknown=False
    ),
    "sufficient_statistics_unknown": _case(
        lambda tf, x: list(tf.nn.sufficient_statistics(x, [1])[:3]), X345
    ),
    "sufficient_statistics_shift": _case(
        lambda tf, x, s: list(tf.nn.sufficient_statistics(x, [1], shift=s, keepdims=True)),
        X345,
        np.array(0.5),
    ),
    "normalize_moments": _case(
        lambda tf, c, m, v: list(tf.nn.normalize_moments(c, m, v, None)),
        np.array(4.0),
        X345[0, 0],
        np.abs(X345[0, 1]) * 4,
    ),
    "normalize_moments_shift": _case(
        lambda tf, c, m, v, s: list(tf.nn.normalize_moments(c, m, v, s)),
        np.array(4.0),
        X345[0, 0],
        np.abs(X345[0, 1]) * 4,
        X345[1, 0],
    ),
    "weighted_moments": _case(
        lambda tf, x, f: list(tf.nn.weighted_moments(x, [0, 2], f)),
        X345,
        np.abs(RNG.randn(3, 4, 1)),
    ),
    "weighted_moments_keep": _case(
        lambda tf, x, f: list(tf.nn.weighted_moments(x, [1], f, keep_dims=True)),
        X345,
        np.abs(RNG.randn(4, 1)),
    ),
    "zero_fraction": _case(
        lambda tf, x: tf.nn.zero_fraction(x), np.array([[0, 1, 0], [2, 0, 0]], np.int32)
    ),
    "zero_fraction_f": _case(lambda tf, x: tf.nn.zero_fraction(tf.nn.relu(x)), X345),
    "bn_global": _case(
        lambda tf, x, m, v, b, g: tf.nn.batch_norm_with_global_normalization(
            x, m, v, b, g, 0.001, True
        ),
        IMG,
        RNG.randn(5).astype(np.float32),
        np.abs(RNG.randn(5)).astype(np.float32),
        RNG.randn(5).astype(np.float32),
        RNG.randn(5).astype(np.float32),
    ),
    "bn_global_noscale": _case(
        lambda tf, x, m, v, b, g: tf.nn.batch_norm_with_global_normalization(
            x, m, v, b, g, 0.01, False
        ),
        X345,
        RNG.randn(5),
        np.abs(RNG.randn(5)),
        RNG.randn(5),
        RNG.randn(5),
    ),
    # -- bias_add with data_format
    "bias_add_nchw": _case(lambda tf, x, b: tf.nn.bias_add(x, b, data_format="NCHW"), IMG, B[:3]),
    "bias_add_nc3": _case(
        lambda tf, x, b: tf.nn.bias_add(x, b, data_format="NC..."), X345, RNG.randn(4)
    ),
    "bias_add_nchw5": _case(
        lambda tf, x, b: tf.nn.bias_add(x, b, data_format="NCHW"),
        RNG.randn(2, 3, 2, 1, 2),
        RNG.randn(3),
    ),
    "bias_add_nhwc": _case(
        lambda tf, x, b: tf.nn.bias_add(x, b, data_format="N...C"),
        IMG,
        RNG.randn(5).astype(np.float32),
    ),
    "bad_bias_add_rank": _bad(
        lambda tf: tf.nn.bias_add(tf.zeros([2, 3]), tf.zeros([3]), data_format="NCHW")
    ),
    "bad_bias_add_dim": _bad(
        lambda tf: tf.nn.bias_add(tf.zeros([2, 4, 3]), tf.zeros([3]), data_format="NCHW")
    ),
    "bad_bias_add_format": _bad(
        lambda tf: tf.nn.bias_add(tf.zeros([2, 4, 3]), tf.zeros([3]), data_format="CHWN")
    ),
    # -- LRN
    "lrn": _case(lambda tf, x: tf.nn.lrn(x), IMG),
    "lrn_args": _case(
        lambda tf, x: tf.nn.local_response_normalization(x, 2, 0.5, 0.3, 0.75),
        RNG.randn(2, 2, 3, 7).astype(np.float32),
    ),
    "lrn_half": _case(
        lambda tf, x: tf.nn.lrn(x, 1, 2.0, 0.5, 0.5), IMG.astype(np.float16), grad=False
    ),
    "bad_lrn_rank": _bad(lambda tf: tf.nn.lrn(tf.zeros([2, 3, 4]))),
    "bad_lrn_double": _bad(lambda tf: tf.nn.lrn(tf.zeros([1, 2, 3, 4], tf.float64))),
    # -- fused batch norm
    "fused_bn_train": _case(
        lambda tf, x, s, o: list(tf.nn.fused_batch_norm(x, s, o)),
        IMG,
        RNG.randn(5).astype(np.float32),
        RNG.randn(5).astype(np.float32),
    ),
    "fused_bn_infer": _case(
        # TF's CPU kernel leaves batch_mean/batch_variance unset in inference: y only
        lambda tf, x, s, o, m, v: tf.nn.fused_batch_norm(x, s, o, m, v, is_training=False)[0],
        IMG,
        RNG.randn(5).astype(np.float32),
        RNG.randn(5).astype(np.float32),
        RNG.randn(5).astype(np.float32),
        np.abs(RNG.randn(5)).astype(np.float32),
    ),
    "fused_bn_half": _case(
        lambda tf, x, s, o: list(tf.nn.fused_batch_norm(x, s, o)),
        IMG.astype(np.float16),
        RNG.randn(5).astype(np.float32),
        RNG.randn(5).astype(np.float32),
        grad=False,
    ),
    "bad_fused_bn_mean": _bad(
        lambda tf: tf.nn.fused_batch_norm(
            tf.zeros([1, 2, 2, 3]), tf.ones([3]), tf.zeros([3]), tf.zeros([3]), tf.ones([3])
        )
    ),
    "bad_fused_bn_infer": _bad(
        lambda tf: tf.nn.fused_batch_norm(
            tf.zeros([1, 2, 2, 3]), tf.ones([3]), tf.zeros([3]), is_training=False
        )
    ),
    "bad_fused_bn_rank": _bad(
        lambda tf: tf.nn.fused_batch_norm(tf.zeros([2, 3]), tf.ones([3]), tf.zeros([3]))
    ),
    "bad_fused_bn_channels": _bad(
        lambda tf: tf.nn.fused_batch_norm(tf.zeros([1, 2, 2, 3]), tf.ones([4]), tf.zeros([4]))
    ),
}


# -- convolutions and pools sharing conv2d's core ---------------------------------------------
V1 = RNG.randn(2, 9, 3)  # NWC
F1 = RNG.randn(3, 3, 4)
V3 = RNG.randn(1, 5, 6, 4, 3)  # NDHWC
F3 = RNG.randn(2, 3, 2, 3, 2)
V2 = RNG.randn(2, 7, 6, 3)
FD = RNG.randn(3, 2, 3, 2)  # depthwise [h, w, in, multiplier]
PW = RNG.randn(1, 1, 6, 4)


def _conv_cases():
    cases = {}
    for pad in ("SAME", "VALID"):
        cases["conv1d_" + pad] = _case(lambda tf, v, f, pad=pad: tf.nn.conv1d(v, f, 2, pad), V1, F1)
        cases["conv3d_" + pad] = _case(
            lambda tf, v, f, pad=pad: tf.nn.conv3d(v, f, [1, 2, 1, 2, 1], pad), V3, F3
        )
        cases["depthwise_" + pad] = _case(
            lambda tf, v, f, pad=pad: tf.nn.depthwise_conv2d(v, f, [1, 2, 2, 1], pad), V2, FD
        )
        cases["depthwise_rate_" + pad] = _case(
            lambda tf, v, f, pad=pad: tf.nn.depthwise_conv2d(v, f, [1, 1, 1, 1], pad, rate=[2, 1]),
            V2,
            FD,
            unknown=False,
        )  # TF needs the filter's static shape with a rate
        cases["separable_" + pad] = _case(
            lambda tf, v, f, p, pad=pad: tf.nn.separable_conv2d(v, f, p, [1, 2, 2, 1], pad),
            V2,
            FD,
            PW,
        )
        cases["atrous_" + pad] = _case(
            lambda tf, v, f, pad=pad: tf.nn.atrous_conv2d(v, f, 2, pad),
            V2,
            RNG.randn(2, 3, 3, 2),
            unknown=False,
        )  # TF needs the filter's static shape
        cases["max_pool3d_" + pad] = _case(
            lambda tf, v, pad=pad: tf.nn.max_pool3d(v, [1, 2, 3, 2, 1], [1, 2, 2, 1, 1], pad),
            V3.astype(np.float32),
        )
        cases["avg_pool3d_" + pad] = _case(
            lambda tf, v, pad=pad: tf.nn.avg_pool3d(v, [1, 2, 3, 2, 1], [1, 2, 2, 1, 1], pad), V3
        )
        cases["max_pool1d_" + pad] = _case(
            lambda tf, v, pad=pad: tf.nn.max_pool1d(v, 3, 2, pad), V1
        )
        cases["avg_pool1d_" + pad] = _case(
            lambda tf, v, pad=pad: tf.nn.avg_pool1d(v, [2], [3], pad), V1
        )
    return cases


CASES.update(_conv_cases())
CASES.update(
    {
        "conv3d_transpose": _case(
            lambda tf, v, f: tf.nn.conv3d_transpose(v, f, [1, 5, 6, 4, 3], [1, 2, 1, 2, 1]),
            RNG.randn(1, 3, 6, 2, 2),
            F3,
        ),
        "conv3d_transpose_valid": _case(
            lambda tf, v, f: tf.nn.conv3d_transpose(
                v, f, [1, 6, 6, 5, 3], [1, 2, 1, 2, 1], "VALID"
            ),
            RNG.randn(1, 3, 4, 2, 2),
            F3,
        ),
        "conv3d_backprop_filter": _case(
            lambda tf, v, d: tf.nn.conv3d_backprop_filter_v2(
                v, [2, 3, 2, 3, 2], d, [1] * 5, "SAME"
            ),
            V3,
            RNG.randn(1, 5, 6, 4, 2),
        ),
        "conv1d_transpose": _case(
            lambda tf, v, f: tf.nn.conv1d_transpose(v, f, [2, 9, 3], 2), RNG.randn(2, 5, 4), F1
        ),
        "depthwise_native_backprop_input": _case(
            lambda tf, f, d: tf.nn.depthwise_conv2d_native_backprop_input(
                [2, 7, 6, 3], f, d, [1, 1, 1, 1], "SAME"
            ),
            FD,
            RNG.randn(2, 7, 6, 6),
        ),
        "depthwise_native_backprop_filter": _case(
            lambda tf, v, d: tf.nn.depthwise_conv2d_native_backprop_filter(
                v, [3, 2, 3, 2], d, [1, 2, 2, 1], "VALID"
            ),
            V2,
            RNG.randn(2, 3, 3, 6),
        ),
        "depthwise_native": _case(
            lambda tf, v, f: tf.nn.depthwise_conv2d_native(v, f, [1, 2, 2, 1], "SAME"),
            V2.astype(np.float32),
            FD.astype(np.float32),
        ),
        "atrous_transpose_SAME": _case(
            lambda tf, v, f: tf.nn.atrous_conv2d_transpose(v, f, [2, 7, 6, 2], 2, "SAME"),
            RNG.randn(2, 7, 6, 4),
            RNG.randn(3, 2, 2, 4),
            unknown=False,
        ),  # TF's space_to_batch path loses the static H, W; tinytf keeps them
        "atrous_transpose_VALID": _case(
            lambda tf, v, f: tf.nn.atrous_conv2d_transpose(v, f, [2, 7, 6, 2], 2, "VALID"),
            RNG.randn(2, 3, 4, 4),
            RNG.randn(3, 2, 2, 4),
        ),
        "convolution_1d": _case(
            lambda tf, v, f: tf.nn.convolution(v, f, "SAME", dilation_rate=[2]), V1, F1
        ),
        "convolution_2d": _case(
            lambda tf, v, f: tf.nn.convolution(v, f, "VALID", strides=[2, 1]),
            V2,
            RNG.randn(3, 2, 3, 4),
        ),
        "convolution_3d": _case(lambda tf, v, f: tf.nn.convolution(v, f, "SAME"), V3, F3),
        "pool_max_2d": _case(
            lambda tf, v: tf.nn.pool(v, [2, 3], "MAX", "SAME", strides=[2, 2]), V2
        ),
        "pool_avg_1d": _case(lambda tf, v: tf.nn.pool(v, [3], "AVG", "VALID"), V1),
        "max_pool_v2_3d": _case(
            lambda tf, v: tf.nn.max_pool_v2(v, 2, 2, "SAME"), V3.astype(np.float32)
        ),
        "avg_pool_v2_2d": _case(lambda tf, v: tf.nn.avg_pool_v2(v, [2, 2], [1, 2], "SAME"), V2),
        "max_pool2d": _case(lambda tf, v: tf.nn.max_pool2d(v, 2, 2, "VALID"), V2),
        "avg_pool2d": _case(lambda tf, v: tf.nn.avg_pool2d(v, 3, 2, "SAME"), V2),
        "bad_conv3d_channels": _bad(
            lambda tf: tf.nn.conv3d(
                tf.zeros([1, 3, 3, 3, 2]), tf.zeros([1, 1, 1, 3, 1]), [1] * 5, "SAME"
            )
        ),
        "bad_conv3d_rank": _bad(
            lambda tf: tf.nn.conv3d(
                tf.zeros([1, 3, 3, 2]), tf.zeros([1, 1, 1, 2, 1]), [1] * 5, "SAME"
            )
        ),
        "bad_depthwise_channels": _bad(
            lambda tf: tf.nn.depthwise_conv2d_native(
                tf.zeros([1, 3, 3, 2]), tf.zeros([1, 1, 3, 1]), [1] * 4, "SAME"
            )
        ),
        "bad_max_pool3d_int": _bad(
            lambda tf: tf.nn.max_pool3d(
                tf.zeros([1, 3, 3, 3, 2], tf.int32), [1, 2, 2, 2, 1], [1] * 5, "SAME"
            )
        ),
        "bad_conv3d_size": _bad(
            lambda tf: tf.nn.conv3d(
                tf.zeros([1, 2, 3, 3, 2]), tf.zeros([3, 1, 1, 2, 1]), [1] * 5, "VALID"
            )
        ),
    }
)

IMG_TIES = np.array(
    [[1, 3, 3, 0, 2], [3, 1, 2, 2, 0], [0, 3, 1, 3, 3], [2, 2, 0, 1, 3]], np.float32
).reshape(1, 4, 5, 1) * np.array([1, -1], np.float32)
CASES.update(
    {
        "dilation2d_SAME": _case(
            lambda tf, v, f: tf.nn.dilation2d(v, f, [1, 2, 1, 1], [1, 1, 2, 1], "SAME"),
            V2,
            RNG.randn(2, 2, 3),
        ),
        "dilation2d_VALID": _case(
            lambda tf, v, f: tf.nn.dilation2d(v, f, [1, 1, 2, 1], [1, 2, 1, 1], "VALID"),
            V2,
            RNG.randn(3, 2, 3),
        ),
        "erosion2d_SAME": _case(
            lambda tf, v, f: tf.nn.erosion2d(v, f, [1, 1, 1, 1], [1, 1, 1, 1], "SAME"),
            V2.astype(np.float32),
            RNG.randn(2, 3, 3).astype(np.float32),
        ),
        "erosion2d_VALID": _case(
            lambda tf, v, f: tf.nn.erosion2d(v, f, [1, 2, 2, 1], [1, 1, 2, 1], "VALID"),
            V2,
            RNG.randn(3, 2, 3),
        ),
        "max_pool_argmax_SAME": _case(
            lambda tf, v: list(tf.nn.max_pool_with_argmax(v, [1, 2, 3, 1], [1, 2, 2, 1], "SAME")),
            V2.astype(np.float32),
        ),
        "max_pool_argmax_VALID": _case(
            lambda tf, v: list(
                tf.nn.max_pool_with_argmax(
                    v, [1, 3, 2, 1], [1, 1, 2, 1], "VALID", include_batch_in_index=True
                )
            ),
            V2.astype(np.float32),
        ),
        "max_pool_argmax_ties": _case(
            lambda tf, v: list(tf.nn.max_pool_with_argmax(v, [1, 2, 2, 1], [1, 1, 1, 1], "VALID")),
            IMG_TIES,
        ),
        "dilation2d_ties": _case(
            lambda tf, v, f: tf.nn.dilation2d(v, f, [1, 1, 1, 1], [1, 1, 1, 1], "SAME"),
            IMG_TIES,
            np.zeros((2, 2, 2), np.float32),
        ),
        "bad_dilation2d_channels": _bad(
            lambda tf: tf.nn.dilation2d(
                tf.zeros([1, 3, 3, 2]), tf.zeros([1, 1, 3]), [1] * 4, [1] * 4, "SAME"
            )
        ),
    }
)

# -- sparse embedding lookups ------------------------------------------------------------------
TABLE = RNG.randn(6, 3)
SP_INDICES = [[0, 0], [0, 1], [0, 3], [2, 0], [3, 1], [3, 2]]  # row 1 empty
SP_IDS = [3, 1, 3, 5, 0, 4]
SP_WEIGHTS = [0.5, 2.0, 1.0, -1.0, 3.0, 0.0]


def _sparse_lookup(combiner, weighted, safe=False, default_id=None, shards=1, ids=None):
    def build(tf):
        table = tf.constant(TABLE)
        params = table if shards == 1 else tf.split(table, shards)
        sp_ids = tf.SparseTensor(SP_INDICES, tf.constant(ids or SP_IDS, tf.int64), [4, 5])
        sp_w = (
            tf.SparseTensor(SP_INDICES, tf.constant(SP_WEIGHTS, tf.float64), [4, 5])
            if weighted
            else None
        )
        if safe:
            out = tf.nn.safe_embedding_lookup_sparse(
                params, sp_ids, sp_w, combiner, default_id=default_id
            )
        else:
            out = tf.nn.embedding_lookup_sparse(params, sp_ids, sp_w, combiner=combiner)
        return _values_and_grads(tf, out, [table])

    return build


for _combiner in ("sum", "mean", "sqrtn"):
    for _weighted in (False, True):
        _key = _combiner + ("_weighted" if _weighted else "_plain")
        CASES["embedding_sparse_" + _key] = _sparse_lookup(_combiner, _weighted)
        CASES["safe_embedding_" + _key] = _sparse_lookup(
            _combiner, _weighted, True, ids=[3, -1, 3, 5, 0, 4]
        )
CASES.update(
    {
        "embedding_sparse_shards_div": _sparse_lookup("mean", False, shards=2),
        "safe_embedding_default_id": _sparse_lookup("mean", True, True, default_id=2, shards=3),
        "safe_embedding_rank3": lambda tf: _values_and_grads(
            tf,
            tf.nn.safe_embedding_lookup_sparse(
                tf.constant(TABLE),
                tf.SparseTensor(
                    [[0, 0, 0], [0, 1, 1], [1, 0, 2]], tf.constant([1, 2, 5], tf.int64), [2, 2, 3]
                ),
            ),
            [],
        ),
        "bad_embedding_sparse_combiner": _bad(
            lambda tf: tf.nn.embedding_lookup_sparse(
                tf.zeros([3, 2]),
                tf.SparseTensor([[0, 0]], tf.constant([1], tf.int64), [1, 1]),
                None,
                combiner="max",
            )
        ),
        "bad_embedding_sparse_dense_ids": _bad(
            lambda tf: tf.nn.embedding_lookup_sparse(tf.zeros([3, 2]), tf.constant([[1]]), None)
        ),
    }
)

# -- candidate samplers and the sampled losses -------------------------------------------------
TRUE2 = np.array([[1, 7], [3, 0], [9, 4]], np.int64)
SAMPLED = np.array([4, 2, 7, 5], np.int64)
NCE_W = RNG.randn(10, 3).astype(np.float32)
NCE_B = RNG.randn(10).astype(np.float32)
NCE_X = RNG.randn(3, 3).astype(np.float32)


def _sampled_values(tf):
    return (
        tf.constant(SAMPLED),
        tf.constant(RNG.rand(3, 2).astype(np.float32) + 0.1),
        tf.constant(RNG.rand(4).astype(np.float32) + 0.1),
    )


def _sampled_loss(kind, num_true, hits, shards=1):
    def build(tf):
        w, b, x = tf.constant(NCE_W), tf.constant(NCE_B), tf.constant(NCE_X)
        labels = tf.constant(TRUE2[:, :num_true])
        weights = w if shards == 1 else tf.split(w, shards)
        fn = tf.nn.nce_loss if kind == "nce" else tf.nn.sampled_softmax_loss
        out = fn(
            weights,
            b,
            labels,
            x,
            4,
            10,
            num_true=num_true,
            sampled_values=_sampled_values(tf),
            remove_accidental_hits=hits,
        )
        return _values_and_grads(tf, out, [w, b, x])

    return build


def _expected_counts(sampler, **kwargs):
    def build(tf):
        out = sampler(tf)(tf.constant(TRUE2), 2, 6, False, 10, **kwargs)
        return _values_and_grads(tf, [out[1]], [])

    return build


CASES.update(
    {
        "nce_loss": _sampled_loss("nce", 1, False),
        "nce_loss_hits_2true": _sampled_loss("nce", 2, True),
        "nce_loss_shards": _sampled_loss("nce", 2, False, shards=2),
        "sampled_softmax": _sampled_loss("softmax", 1, True),
        "sampled_softmax_2true_nohits": _sampled_loss("softmax", 2, False),
        "accidental_hits": lambda tf: _values_and_grads(
            tf,
            list(
                tf.nn.compute_accidental_hits(
                    tf.constant(TRUE2), tf.constant([7, 4, 1, 7, 2], tf.int64), 2
                )
            ),
            [],
        ),
        "all_candidate_sampler": lambda tf: _values_and_grads(
            tf, list(tf.nn.all_candidate_sampler(tf.constant(TRUE2), 2, 5, True)), []
        ),
        "expected_uniform": _expected_counts(lambda tf: tf.nn.uniform_candidate_sampler),
        "expected_log_uniform": _expected_counts(lambda tf: tf.nn.log_uniform_candidate_sampler),
        "expected_fixed_unigram": _expected_counts(
            lambda tf: tf.nn.fixed_unigram_candidate_sampler,
            distortion=0.75,
            num_reserved_ids=1,
            unigrams=[5, 1, 3, 2, 8, 1, 1, 4, 2],
        ),
        "bad_sampler_rank": _bad(
            lambda tf: tf.nn.uniform_candidate_sampler(tf.constant([1, 2], tf.int64), 1, 2, True, 5)
        ),
        "bad_sampler_int32": _bad(
            lambda tf: tf.nn.uniform_candidate_sampler(
                tf.constant([[1, 2]], tf.int32), 2, 2, True, 5
            )
        ),
    }
)

CASES.update(
    {
        "compute_average_loss": _case(lambda tf, x: tf.nn.compute_average_loss(x), X345),
        "compute_average_loss_weighted": _case(
            lambda tf, x, w: tf.nn.compute_average_loss(x, w, global_batch_size=8),
            X23,
            np.array([0.5, 2.0], np.float32),
        ),
        "compute_average_loss_weight_per_item": _case(
            lambda tf, x, w: tf.nn.compute_average_loss(x, w), X23, RNG.rand(2, 3)
        ),
        "scale_regularization_loss": _case(lambda tf, x: tf.nn.scale_regularization_loss(x), X345),
        "bad_compute_average_loss_scalar": _bad(
            lambda tf: tf.nn.compute_average_loss(tf.constant(2.0))
        ),
        "depth_to_space": _case(lambda tf, x: tf.nn.depth_to_space(x, 2), RNG.randn(1, 2, 3, 8)),
        "space_to_depth": _case(lambda tf, x: tf.nn.space_to_depth(x, 2), RNG.randn(1, 4, 6, 2)),
        "space_to_batch": _case(
            lambda tf, x: tf.nn.space_to_batch(x, [[1, 1], [0, 2]], 2), RNG.randn(1, 2, 4, 3)
        ),
    }
)


def _sine(tf):
    def init(shape, dtype=None, partition_info=None):
        n = int(np.prod(shape))
        return tf.reshape(tf.sin(tf.range(n, dtype=tf.float32) * 0.37 + 0.1), shape)

    return init


def _bidi(lengths, lstm):
    def build(tf):
        x = np.cos(np.arange(3 * 4 * 2, dtype=np.float32)).reshape(3, 4, 2)
        steps = tf.unstack(tf.constant(x), axis=1)
        with tf.variable_scope("m", initializer=_sine(tf)):
            make = (lambda n: tf.nn.rnn_cell.LSTMCell(n)) if lstm else tf.nn.rnn_cell.GRUCell
            outs, s_fw, s_bw = tf.nn.static_bidirectional_rnn(
                make(3), make(2), steps, dtype=tf.float32, sequence_length=lengths
            )
        flat = [s for s in (s_fw, s_bw) for s in (s if isinstance(s, tuple) else (s,))]
        out = _values_and_grads(tf, list(outs) + flat, [])
        out["facts"]["variables"] = [v.op.name for v in tf.global_variables()]
        return out

    return build


CASES.update(
    {
        "static_bidirectional_gru": _bidi(None, False),
        "static_bidirectional_lstm_lengths": _bidi([4, 2, 3], True),
    }
)

# -- CTC -----------------------------------------------------------------------------------------
CTC_X = (RNG.randn(6, 3, 5) * 1.5).astype(np.float32)  # [time, batch, classes]; blank = 4
CTC_LABELS = (
    [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2], [2, 0]],
    [1, 1, 2, 3, 0, 3],
)


def _ctc(values, lengths, time_major=True, **kwargs):
    def build(tf):
        x = tf.constant(CTC_X if time_major else np.transpose(CTC_X, (1, 0, 2)))
        idx = CTC_LABELS[0][: len(values)]
        labels = tf.SparseTensor(idx, tf.constant(values, tf.int32), [3, 3])
        loss = tf.nn.ctc_loss(labels, x, lengths, time_major=time_major, **kwargs)
        return _values_and_grads(tf, loss, [x])

    return build


def _greedy(merge):
    def build(tf):
        (sp,), lp = tf.nn.ctc_greedy_decoder(tf.constant(CTC_X), [6, 4, 0], merge)
        return _values_and_grads(tf, [sp.indices, sp.values, sp.dense_shape, lp], [])

    return build


CASES.update(
    {
        "ctc_loss": _ctc([1, 1, 2, 3, 0, 3, 2], [6, 5, 4]),
        "ctc_loss_batch_major": _ctc([1, 1, 2, 3, 0, 3, 2], [6, 6, 2], time_major=False),
        "ctc_loss_no_merge": _ctc([1, 1, 2, 3, 0, 3, 2], [6, 5, 4], ctc_merge_repeated=False),
        "ctc_loss_collapse": _ctc(
            [1, 1, 2, 3, 3, 3, 2], [6, 5, 4], preprocess_collapse_repeated=True
        ),
        "ctc_loss_ignore_longer": _ctc(
            [1, 1, 1, 3, 0, 3, 2], [2, 5, 4], ignore_longer_outputs_than_inputs=True
        ),
        "ctc_loss_double": lambda tf: _values_and_grads(
            tf,
            tf.nn.ctc_loss(
                tf.SparseTensor([[0, 0], [1, 0], [1, 1]], tf.constant([2, 0, 0], tf.int32), [2, 2]),
                tf.constant(CTC_X[:, :2].astype(np.float64)),
                [6, 3],
            ),
            [],
        ),
        "ctc_greedy": _greedy(True),
        "ctc_greedy_no_merge": _greedy(False),
        "bad_ctc_dense_labels": _bad(
            lambda tf: tf.nn.ctc_loss(tf.constant([[1]]), tf.zeros([2, 1, 3]), [2])
        ),
        "bad_ctc_rank": _bad(
            lambda tf: tf.nn.ctc_loss(
                tf.SparseTensor([[0, 0]], tf.constant([1]), [1, 1]), tf.zeros([2, 3]), [2]
            )
        ),
    }
)

DENSE_LABELS = np.array([[2, 2, 3, 0], [1, 4, 4, 4], [3, 0, 0, 0]], np.int32)


def _ctc_v2(sparse, blank_index, time_major=True):
    def build(tf):
        x = tf.constant(CTC_X if time_major else np.transpose(CTC_X, (1, 0, 2)))
        if sparse:
            labels = tf.SparseTensor(
                CTC_LABELS[0], tf.constant([1, 1, 2, 3, 0, 3, 2], tf.int32), [3, 3]
            )
        else:
            labels = tf.constant(DENSE_LABELS)
        # dense labels at full logit length: TF's dense path (ctc_loss_dense) gives frames past
        # logit_length a softmax gradient although the loss does not depend on them
        lengths = [6, 5, 4] if sparse else [6, 6, 6]
        loss = tf.nn.ctc_loss_v2(
            labels,
            x,
            tf.constant([3, 2, 1]),
            tf.constant(lengths),
            logits_time_major=time_major,
            blank_index=blank_index,
        )
        return _values_and_grads(tf, loss, [x])

    return build


CASES.update(
    {
        "ctc_v2_sparse_last": _ctc_v2(True, -1),
        "ctc_v2_sparse_blank2": _ctc_v2(True, 4 - 2),
        "ctc_v2_dense": _ctc_v2(False, None),
        "ctc_v2_dense_batch_major": _ctc_v2(False, None, time_major=False),
        "ctc_v2_dense_blank4": lambda tf: _values_and_grads(
            tf,
            tf.nn.ctc_loss_v2(
                tf.constant(DENSE_LABELS - 1),
                tf.constant(CTC_X),
                [3, 2, 1],
                [6, 6, 6],
                blank_index=4,
            ),
            [],
        ),
        "collapse_repeated": lambda tf: _values_and_grads(
            tf,
            list(
                tf.nn.collapse_repeated(
                    tf.constant([[1, 1, 2, 2, 2, 3], [4, 4, 4, 1, 1, 1], [5, 6, 6, 7, 7, 7]]),
                    tf.constant([6, 2, 4]),
                )
            ),
            [],
        ),
        "bad_ctc_v2_sparse_no_blank": _bad(
            lambda tf: tf.nn.ctc_loss_v2(
                tf.SparseTensor([[0, 0]], tf.constant([1]), [1, 1]), tf.zeros([2, 1, 3]), None, [2]
            )
        ),
    }
)


def learned_unigram_counts(tf):
    """The learned sampler's expected counts of the true classes over three runs: counts start
    at 1 and grow by the true classes each run (non-unique: count / total * num_sampled)."""
    true = tf.placeholder(tf.int64, [2, 2])
    out = tf.nn.learned_unigram_candidate_sampler(true, 2, 4, False, 6)
    feeds = [[[1, 2], [2, 5]], [[1, 1], [0, 3]], [[5, 2], [2, 2]]]
    return {
        "runs": [({"true_expected": out[1]}, {true: f}) for f in feeds],
        "facts": {"outs": [describe(t)[1:] for t in out]},
    }


CASES["learned_unigram_counts"] = learned_unigram_counts

CASES.update(
    {
        "bad_pool_max_dilated_SAME": _bad(
            lambda tf: tf.nn.pool(
                tf.zeros([1, 4, 4, 1]), [2, 3], "MAX", "SAME", dilation_rate=[2, 2]
            )
        ),
        "pool_max_dilated_VALID": _case(
            lambda tf, v: tf.nn.pool(v, [2, 3], "MAX", "VALID", dilation_rate=[2, 2]), V2
        ),
        "pool_avg_dilated_VALID": _case(
            lambda tf, v: tf.nn.pool(v, [2, 2], "AVG", "VALID", dilation_rate=[1, 2]), V2
        ),
        "pool_avg_dilated_VALID_1d": _case(
            lambda tf, v: tf.nn.pool(v, [3], "AVG", "VALID", dilation_rate=[2]), V1
        ),
        "with_space_to_batch_conv": _case(
            lambda tf, v, f: tf.nn.with_space_to_batch(
                v,
                [2, 3],
                "SAME",
                lambda x, n, pad: tf.nn.conv2d(x, f, [1, 1, 1, 1], pad),
                filter_shape=[3, 2],
            ),
            V2,
            RNG.randn(3, 2, 3, 2),
        ),
        "with_space_to_batch_valid": _case(
            lambda tf, v, f: tf.nn.with_space_to_batch(
                v, [2, 1], "VALID", lambda x, n, pad: tf.nn.conv2d(x, f, [1, 1, 1, 1], pad)
            ),
            V2,
            RNG.randn(2, 2, 3, 2),
        ),
        "with_space_to_batch_rate1": _case(
            lambda tf, v: tf.nn.with_space_to_batch(
                v, [1, 1], "SAME", lambda x, n, pad: tf.nn.max_pool(x, 2, 2, pad)
            ),
            V2,
        ),
    }
)

CASES.update(
    {
        "conv_transpose_1d": _case(
            lambda tf, v, f: tf.nn.conv_transpose(v, f, [2, 9, 3], 2), RNG.randn(2, 5, 4), F1
        ),
        "conv_transpose_2d": _case(
            lambda tf, v, f: tf.nn.conv_transpose(v, f, [2, 7, 6, 2], [1, 2, 2, 1], "VALID"),
            RNG.randn(2, 3, 3, 4),
            RNG.randn(3, 2, 2, 4),
        ),
        "conv_transpose_3d": _case(
            lambda tf, v, f: tf.nn.conv_transpose(
                v, f, tf.constant([1, 5, 6, 4, 3]), [1, 2, 1, 2, 1]
            ),
            RNG.randn(1, 3, 6, 2, 2),
            F3,
        ),
        "bad_conv_transpose_len": _bad(
            lambda tf: tf.nn.conv_transpose(tf.zeros([1, 2, 2]), tf.zeros([1, 2, 2]), [1, 2], 1)
        ),
    }
)

BEAM_X = (RNG.randn(7, 3, 4) * 2).astype(np.float32)


def _beam(width, top, merge, v2=False):
    def build(tf):
        x = tf.constant(BEAM_X)
        if v2:
            decoded, lp = tf.nn.ctc_beam_search_decoder_v2(x, [7, 5, 2], width, top)
        else:
            decoded, lp = tf.nn.ctc_beam_search_decoder(x, [7, 5, 2], width, top, merge)
        outs = [t for sp in decoded for t in (sp.indices, sp.values, sp.dense_shape)]
        return _values_and_grads(tf, outs + [lp], [])

    return build


CASES.update(
    {
        "ctc_beam_1": _beam(1, 1, True),
        "ctc_beam_3_top2": _beam(3, 2, True),
        "ctc_beam_5_top3_nomerge": _beam(5, 3, False),
        "ctc_beam_v2": _beam(4, 2, False, v2=True),
        "ctc_beam_wide": _beam(100, 4, True),
    }
)


def frozen_graph(tf):
    """A graph of the new ops on constants, as TF serializes it: (graph, fetch names)."""
    rng = np.random.RandomState(9)  # its own: the values do not depend on the cases run
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(IMG)
        y, _, _ = tf.nn.fused_batch_norm(x, tf.ones([5]), tf.zeros([5]))
        outs = [
            tf.nn.lrn(y, 2),
            tf.nn.softsign(y),
            tf.nn.depthwise_conv2d(
                y, tf.constant(rng.randn(2, 2, 5, 2).astype(np.float32)), [1, 1, 1, 1], "SAME"
            ),
            tf.nn.dilation2d(
                y,
                tf.constant(rng.randn(2, 2, 5).astype(np.float32)),
                [1, 1, 1, 1],
                [1, 1, 1, 1],
                "VALID",
            ),
            tf.nn.max_pool_with_argmax(y, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")[1],
            tf.nn.conv3d(tf.constant(V3), tf.constant(F3), [1] * 5, "VALID"),
            tf.nn.avg_pool3d(tf.constant(V3), [1, 2, 2, 2, 1], [1] * 5, "VALID"),
            tf.nn.ctc_loss(
                tf.SparseTensor([[0, 0], [1, 0], [2, 0]], tf.constant([1, 2, 0]), [3, 1]),
                tf.constant(CTC_X),
                [6, 5, 4],
            ),
            tf.nn.ctc_greedy_decoder(tf.constant(CTC_X), [6, 5, 4])[1],
        ]
    return g, [t.name for t in outs]

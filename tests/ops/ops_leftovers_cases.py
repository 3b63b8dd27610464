"""Graphs of issue 10's leftovers (quantization ops, the gradient accumulators, tf.dtypes and
tf.math aliases), built the same way by real TF 1.15 (tools/make_ops_leftovers_fixtures.py
writes what it computes to tests/ops/golden/ops_leftovers.json and .npz) and by tinytf
(tests/ops/test_ops_leftovers.py). See tests/fixture_runner.py for the form of a case.
Python 3.7 and NumPy 1.18 compatible."""

import numpy as np

from tests.fixture_runner import describe
from tests.ops.nn_more_cases import _bad, _case

RNG = np.random.RandomState(10)
X = (RNG.randn(3, 5) * 3).astype(np.float32)
X4 = (RNG.randn(2, 3, 4) * 2).astype(np.float32)
RAMP = np.linspace(-8, 8, 41).astype(np.float32)
LO4 = np.array([-1.0, -0.5, 0.2, -3.0], np.float32)
HI4 = np.array([1.0, 2.5, 3.0, -0.1], np.float32)


def _bad_run(fn):
    """The class and first message line of what Session.run of fn(tf) raises."""

    def build(tf):
        out = fn(tf)
        with tf.Session() as sess:
            try:
                sess.run(out)
            except Exception as e:  # noqa: BLE001 - the class is what is recorded
                return {"facts": {"error": [type(e).__name__, str(e).split("\n")[0]]}}
        return {"facts": {"error": None}}

    return build


def _bytes(tf, strings):
    """A string tensor's bytes, joined with '|' (numbers keep the fixture free of objects)."""
    return tf.io.decode_raw(tf.strings.reduce_join(strings, separator="|"), tf.uint8)


def _fetches(outs):
    return {f"out{i}": o for i, o in enumerate(outs)}


def _quantized(fn):
    """fn(tf) -> tensors: their values and static facts (no gradients: integer outputs)."""

    def build(tf):
        outs = list(fn(tf))
        return {"facts": {"outs": [describe(o) for o in outs]}, "runs": [(_fetches(outs), {})]}

    return build


def _quantize_all(tf, x, lo, hi, dtype, mode, round_mode="HALF_AWAY_FROM_ZERO"):
    q = tf.quantize(x, lo, hi, dtype, mode=mode, round_mode=round_mode)
    return list(q) + [tf.dequantize(q.output, q.output_min, q.output_max, mode=mode)]


def _quantize_cases():
    cases = {}
    for dtype in ("qint8", "quint8", "qint32"):
        for mode in ("MIN_COMBINED", "MIN_FIRST", "SCALED"):
            for lo, hi in ((-2.0, 5.0), (0.5, 3.0), (-7.0, -1.0)):
                key = f"quantize_{dtype}_{mode.lower()}_{lo:g}_{hi:g}"
                cases[key] = _quantized(
                    lambda tf, d=dtype, m=mode, a=lo, b=hi: _quantize_all(
                        tf, RAMP, a, b, getattr(tf, d), m
                    )
                )
    cases["quantize_scaled_half_to_even"] = _quantized(
        lambda tf: _quantize_all(tf, RAMP / 4, -2.0, 2.0, tf.qint8, "SCALED", "HALF_TO_EVEN")
    )
    cases["quantize_tiny_range"] = _quantized(
        lambda tf: _quantize_all(tf, RAMP / 100, 0.01, 0.01, tf.quint8, "MIN_COMBINED")
    )
    cases["quantize_v2_order"] = _quantized(
        lambda tf: list(tf.quantize_v2(RAMP, -1.0, 1.0, tf.quint8, "MIN_FIRST", "qv2"))
    )
    return cases


def _concat(tf, dtype, axis):
    a = tf.quantize(X, -2.0, 6.0, dtype, mode="MIN_FIRST")
    b = tf.quantize(X * 0.5, -1.0, 1.5, dtype, mode="MIN_FIRST")
    c = tf.quantize(X, -2.0, 6.0, dtype, mode="MIN_FIRST")
    out = tf.quantized_concat(
        axis,
        [a.output, b.output, c.output],
        [a.output_min, b.output_min, c.output_min],
        [a.output_max, b.output_max, c.output_max],
    )
    return list(out)


def _fake_quant_cases():
    return {
        "fq_args": _case(lambda tf, x: tf.fake_quant_with_min_max_args(x), X),
        "fq_args_ramp": _case(lambda tf, x: tf.fake_quant_with_min_max_args(x), RAMP),
        "fq_args_narrow4": _case(
            lambda tf, x: tf.fake_quant_with_min_max_args(
                x, min=-1.3, max=2.7, num_bits=4, narrow_range=True
            ),
            RAMP,
        ),
        "fq_args_positive": _case(
            lambda tf, x: tf.fake_quant_with_min_max_args(x, min=0.5, max=3.0), RAMP
        ),
        "fq_args_gradient": _case(
            lambda tf, g, x: tf.fake_quant_with_min_max_args_gradient(g, x, -2.0, 3.0),
            X,
            RAMP[:15].reshape(3, 5),
            grad=False,
        ),
        "fq_vars": _case(
            lambda tf, x, a, b: tf.fake_quant_with_min_max_vars(x, a, b),
            X,
            np.float32(-2.5),
            np.float32(4.0),
        ),
        "fq_vars_bits": _case(
            lambda tf, x, a, b: tf.fake_quant_with_min_max_vars(x, a, b, 3, True),
            RAMP,
            np.float32(-7.0),
            np.float32(-1.0),
        ),
        "fq_vars_zero": _case(
            lambda tf, x, a, b: tf.fake_quant_with_min_max_vars(x, a, b),
            X,
            np.float32(0),
            np.float32(0),
        ),
        "fq_vars_gradient": _case(
            lambda tf, g, x, a, b: list(tf.fake_quant_with_min_max_vars_gradient(g, x, a, b)),
            X * 0 + 1,
            X,
            np.float32(-1.0),
            np.float32(2.0),
            grad=False,
        ),
        "fq_per_channel": _case(
            lambda tf, x, a, b: tf.fake_quant_with_min_max_vars_per_channel(x, a, b),
            X4,
            LO4,
            HI4,
        ),
        "fq_per_channel_narrow": _case(
            lambda tf, x, a, b: tf.fake_quant_with_min_max_vars_per_channel(
                x, a, b, num_bits=5, narrow_range=True
            ),
            X4[0],
            LO4,
            HI4,
        ),
        "fq_per_channel_gradient": _case(
            lambda tf, g, x, a, b: list(
                tf.fake_quant_with_min_max_vars_per_channel_gradient(g, x, a, b)
            ),
            X4 * 0 + 2,
            X4,
            LO4,
            HI4,
            grad=False,
        ),
    }


def _accumulate(tf, fn):
    """fn(tf) -> (facts, [fetch dicts]): the accumulator's runs, one Session.run each."""
    facts, runs = fn(tf)
    return {"facts": facts, "runs": [(fetches, {}) for fetches in runs]}


def _dense(tf, reduction_type="MEAN"):
    acc = tf.ConditionalAccumulator(
        tf.float32, shape=[2, 3], name="acc", reduction_type=reduction_type
    )
    g1, g2 = X[:2, :3], X[1:, 2:]
    apply1 = acc.apply_grad(g1)
    apply2 = acc.apply_grad(g2, local_step=1)
    stale = acc.apply_grad(g2 * 10, local_step=0)
    take = acc.take_grad(2)
    count = acc.num_accumulated()
    step = acc.set_global_step(5)
    after = acc.apply_grad(g1, local_step=5)
    take_one = acc.take_grad(1)
    facts = {
        "name": acc.name,
        "dtype": acc.dtype.name,
        "ref": describe(acc.accumulator_ref)[:2],
        "ops": [o.name for o in (apply1, apply2, step)] + [describe(take), describe(count)],
    }
    runs = [
        {"a": apply1},
        {"a": apply2},
        {"n": count},
        {"t": take},
        {"a": stale},
        {"n": count},
        {"s": step},
        {"a": stale},
        {"a": after},
        {"n": count},
        {"t": take_one},
    ]
    return facts, runs


def _sparse(tf):
    acc = tf.SparseConditionalAccumulator(tf.float32, shape=[4, 3], name="sacc")
    apply1 = acc.apply_grad([0, 2], X[:2, :3], [4, 3])
    grad = tf.IndexedSlices(tf.constant(X[1:, 2:]), tf.constant([2, 3]))
    apply2 = acc.apply_indexed_slices_grad(grad)
    taken = acc.take_grad(2)
    count = acc.num_accumulated()
    step = acc.set_global_step(3)
    stale = acc.apply_grad([1], X[:1, :3], local_step=1)
    fresh = acc.apply_grad([1], X[:1, :3], local_step=3)
    slices = acc.take_indexed_slices_grad(1)
    facts = {
        "name": acc.name,
        "ops": [o.name for o in (apply1, apply2, step)] + [describe(count)],
        "taken": [describe(t) for t in taken],
        "fields": list(taken._fields),
        "slices": [describe(t) for t in (slices.indices, slices.values, slices.dense_shape)],
    }
    runs = [
        {"a": apply1},
        {"a": apply2},
        {"n": count},
        {"i": taken.indices, "v": taken.values, "s": taken.shape},
        {"a": step},
        {"a": stale},
        {"a": fresh},
        {"n": count},
        {"i": slices.indices, "v": slices.values, "s": slices.dense_shape},
    ]
    return facts, runs


def _accumulator_cases():
    return {
        "acc_mean": lambda tf: _accumulate(tf, _dense),
        "acc_sum": lambda tf: _accumulate(tf, lambda tf: _dense(tf, "SUM")),
        "acc_sparse": lambda tf: _accumulate(tf, _sparse),
        "bad_acc_shape": _bad(
            lambda tf: tf.ConditionalAccumulator(tf.float32, shape=[2]).apply_grad([1.0, 2, 3])
        ),
        "bad_acc_reduction": _bad(
            lambda tf: tf.ConditionalAccumulator(tf.float32, reduction_type="MAX")
        ),
        "bad_acc_dtype": _bad(lambda tf: tf.SparseConditionalAccumulator(tf.string)),
        "bad_acc_take_zero": _bad_run(
            lambda tf: tf.ConditionalAccumulator(tf.float32).take_grad(0)
        ),
    }


CASES = {}
CASES.update(_quantize_cases())
CASES.update(_fake_quant_cases())
CASES.update(_accumulator_cases())
CASES.update(
    {
        "concat_qint32": _quantized(lambda tf: _concat(tf, tf.qint32, 1)),
        "bad_concat_qint8": _bad_run(lambda tf: _concat(tf, tf.qint8, 1)),
        "concat_quint8": _quantized(lambda tf: _concat(tf, tf.quint8, 0)),
        "as_string": _quantized(
            lambda tf: [
                _bytes(tf, tf.dtypes.as_string(X, precision=2)),
                _bytes(tf, tf.dtypes.as_string([3, 14], width=4, fill="0")),
            ]
        ),
        "math_aliases": _case(
            lambda tf, x: [
                tf.math.softplus(x),
                tf.math.softsign(x),
                tf.math.log_softmax(x),
                tf.math.l2_normalize(x, 1),
                tf.math.top_k(x, 2)[0],
                tf.math.zero_fraction(tf.nn.relu(x)),
            ],
            X,
        ),
        "math_int_aliases": _quantized(
            lambda tf: [tf.math.in_top_k(X, [0, 1, 2], 2), tf.math.invert_permutation([2, 0, 1])]
        ),
        "bad_fq_args_range": _bad_run(lambda tf: tf.fake_quant_with_min_max_args(X, 2.0, 1.0)),
        "bad_fq_args_bits": _bad_run(lambda tf: tf.fake_quant_with_min_max_args(X, num_bits=1)),
        "bad_fq_vars_bits": _bad_run(
            lambda tf: tf.fake_quant_with_min_max_vars(X, -1.0, 1.0, num_bits=17)
        ),
        "bad_fq_vars_rank": _bad(lambda tf: tf.fake_quant_with_min_max_vars(X, [-1.0], 1.0)),
        "bad_fq_per_channel_depth": _bad(
            lambda tf: tf.fake_quant_with_min_max_vars_per_channel(X, LO4, HI4)
        ),
        "bad_quantize_dtype": _bad(lambda tf: tf.quantize(X, -1.0, 1.0, tf.float32)),
        "bad_quantize_range": _bad_run(lambda tf: tf.quantize(X, 1.0, -1.0, tf.quint8)),
        "bad_quantize_mode": _bad(lambda tf: tf.quantize(X, -1.0, 1.0, tf.quint8, mode="X")),
        "bad_quantize_round_name": _bad(
            lambda tf: tf.quantize(X, -1.0, 1.0, tf.quint8, round_mode="UP")
        ),
        "bad_dequantize_mode": _bad(
            lambda tf: tf.dequantize(tf.quantize(X, -1.0, 1.0, tf.quint8).output, -1.0, 1.0, "Y")
        ),
        "bad_quantize_round": _bad_run(
            lambda tf: tf.quantize(X, -1.0, 1.0, tf.quint8, round_mode="HALF_TO_EVEN")
        ),
        "bad_dequantize_dtype": _bad(lambda tf: tf.dequantize(X, -1.0, 1.0)),
    }
)

# -- fractional pools: windows fixed by integer ratios (TF's random shuffle of equal steps)
IMG = RNG.randn(2, 6, 8, 3)


def _frac(fn_name, ratio, overlapping=False, pseudo_random=False):
    def fn(tf, x):
        out = getattr(tf.nn, fn_name)(
            x, ratio, pseudo_random, overlapping, deterministic=True, seed=1, seed2=2
        )
        return list(out)

    return _case(fn, IMG, unknown=False)


CASES.update(
    {
        "frac_max_2": _frac("fractional_max_pool", [1, 2, 2, 1]),
        "frac_max_2_overlap": _frac("fractional_max_pool", [1, 2, 2, 1], overlapping=True),
        "frac_max_3_2": _frac("fractional_max_pool", [1, 3, 2, 1]),
        "frac_avg_2": _frac("fractional_avg_pool", [1, 2, 2, 1]),
        "frac_avg_2_overlap": _frac("fractional_avg_pool", [1, 2, 4, 1], overlapping=True),
        "frac_avg_f32": _case(
            lambda tf, x: list(tf.nn.fractional_avg_pool(x, [1, 2, 2, 1])),
            IMG.astype(np.float32),
            unknown=False,
        ),
        "frac_max_int": _quantized(
            lambda tf: list(tf.nn.fractional_max_pool((IMG * 10).astype(np.int32), [1, 2, 2, 1]))
        ),
        "frac_shapes_pseudo": lambda tf: {
            "facts": {
                "outs": [
                    describe(t)
                    for t in tf.nn.fractional_max_pool(IMG, [1, 1.44, 1.73, 1], True, True)
                ]
            }
        },
        "frac_shapes_unknown": lambda tf: {
            "facts": {
                "outs": [
                    describe(t)
                    for t in tf.nn.fractional_avg_pool(
                        tf.placeholder(tf.float32, [None, 5, None, 2]), [1, 1.5, 2, 1]
                    )
                ]
            }
        },
        "bad_frac_seed": _bad_run(
            lambda tf: tf.nn.fractional_max_pool(IMG, [1, 2, 2, 1], seed=3).output
        ),
        "bad_frac_ratio_len": _bad(lambda tf: tf.nn.fractional_max_pool(IMG, [1, 2, 2])),
    }
)

CASES.update(
    {
        "ctc_unique_labels": _quantized(
            lambda tf: tf.nn.ctc_unique_labels([[3, 4, 4, 3, 0], [1, 1, 1, 0, 0], [5, 6, 7, 8, 9]])
        ),
        "ctc_unique_labels_int64": _quantized(
            lambda tf: tf.nn.ctc_unique_labels(np.array([[2, 2], [0, 7]], np.int64))
        ),
    }
)

# -- combined non-max suppression: distinct scores (TF's order among ties is unspecified)
_BOX_RNG = np.random.RandomState(12)
_CORNERS = _BOX_RNG.uniform(-0.1, 1.1, (2, 12, 3, 2, 2)).astype(np.float32)
BOXES3 = np.concatenate([_CORNERS.min(axis=3), _CORNERS.max(axis=3)], axis=3).reshape(2, 12, 3, 4)
SCORES3 = _BOX_RNG.permutation(72).reshape(2, 12, 3).astype(np.float32) / 72


def _combined(boxes=BOXES3, per_class=3, total=5, **kw):
    return _quantized(
        lambda tf: list(
            tf.image.combined_non_max_suppression(boxes, SCORES3, per_class, total, **kw)
        )
    )


CASES.update(
    {
        "combined_nms": _combined(),
        "combined_nms_iou": _combined(iou_threshold=0.2, score_threshold=0.3),
        "combined_nms_pad": _combined(per_class=2, total=20, pad_per_class=True),
        "combined_nms_pad_total": _combined(per_class=4, total=7, pad_per_class=True),
        "combined_nms_noclip": _combined(total=30, clip_boxes=False),
        "combined_nms_q1": _combined(boxes=BOXES3[:, :, :1], per_class=4, total=8),
        "combined_nms_zero_per_class": _combined(per_class=0),
        "bad_combined_nms_total": _bad(
            lambda tf: tf.image.combined_non_max_suppression(BOXES3, SCORES3, 2, 0)
        ),
        "bad_combined_nms_iou": _bad_run(
            lambda tf: tf.image.combined_non_max_suppression(BOXES3, SCORES3, 2, 3, 1.5)
        ),
        "bad_combined_nms_rank": _bad(
            lambda tf: tf.image.combined_non_max_suppression(BOXES3[0], SCORES3, 2, 3)
        ),
    }
)

# -- JPEG quality: a smooth image (JPEG's error small, so codecs' rounding shows)
_YY, _XX = np.mgrid[0:16, 0:24]
PHOTO = np.stack(
    [128 + 100 * np.sin(_XX / 5.0), 128 + 90 * np.cos(_YY / 4.0), (_XX * 7 + _YY * 3) % 256], -1
).astype(np.uint8)


def _jpeg(fn):
    """fn(tf) -> an adjusted image; with the JPEG bytes its graph encoded, decoded exactly
    (INTEGER_ACCURATE) and as raw bytes."""

    def build(tf):
        out = fn(tf)
        graph = tf.get_default_graph()
        (encode,) = [o for o in graph.get_operations() if o.type == "EncodeJpegVariableQuality"]
        data = encode.outputs[0]
        exact = tf.image.decode_jpeg(data, dct_method="INTEGER_ACCURATE")
        return [out, exact, tf.io.decode_raw(data, tf.uint8)]

    return _quantized(build)


CASES.update(
    {
        "jpeg_quality_uint8": _jpeg(lambda tf: tf.image.adjust_jpeg_quality(PHOTO, 30)),
        "jpeg_quality_95": _jpeg(lambda tf: tf.image.adjust_jpeg_quality(PHOTO, 95)),
        "jpeg_quality_float": _jpeg(
            lambda tf: tf.image.adjust_jpeg_quality(PHOTO.astype(np.float32) / 255, 60)
        ),
        "jpeg_quality_tensor": _jpeg(
            lambda tf: tf.image.adjust_jpeg_quality(PHOTO, tf.constant(10))
        ),
        "jpeg_random_quality": _jpeg(lambda tf: tf.image.random_jpeg_quality(PHOTO, 40, 41, 3)),
        "bad_jpeg_random_range": _bad(lambda tf: tf.image.random_jpeg_quality(PHOTO, 50, 101)),
        "bad_jpeg_random_order": _bad(lambda tf: tf.image.random_jpeg_quality(PHOTO, 50, 50)),
    }
)


# -- sparse crosses (SparseCross)
def _st(tf, indices, values, shape):
    return tf.SparseTensor(indices, values, shape)


def _cross_inputs(tf):
    a = _st(tf, [[0, 0], [1, 0], [1, 1]], np.array([b"a", b"b", b"c"], object), [2, 2])
    b = _st(tf, [[0, 0], [0, 1], [1, 0]], np.array([3, 5, 7], np.int64), [2, 3])
    dense = tf.constant([[b"x"], [b"y"]])
    return a, b, dense


def _sparse_out(fn):
    def build(tf):
        sp = fn(tf)
        outs = [
            sp.indices,
            tf.strings.to_hash_bucket_fast(sp.values, 1 << 30)
            if sp.values.dtype == tf.string
            else sp.values,
            sp.dense_shape,
        ]
        return {"facts": {"outs": [describe(o)[1:] for o in outs]}, "runs": [(_fetches(outs), {})]}

    return build


CASES.update(
    {
        "cross_strings": _sparse_out(lambda tf: tf.sparse.cross(list(_cross_inputs(tf))[::2])),
        "cross_mixed": _sparse_out(lambda tf: tf.sparse.cross(list(_cross_inputs(tf)))),
        "cross_dense_only": _sparse_out(
            lambda tf: tf.sparse.cross([tf.constant([[1, 2], [3, 4]]), tf.constant([[5], [6]])])
        ),
        "cross_hashed": _sparse_out(lambda tf: tf.sparse.cross_hashed(list(_cross_inputs(tf)))),
        "cross_hashed_buckets": _sparse_out(
            lambda tf: tf.sparse.cross_hashed(list(_cross_inputs(tf)), 100, hash_key=7)
        ),
        "bad_cross_not_list": _bad(lambda tf: tf.sparse.cross(tuple(_cross_inputs(tf)))),
    }
)

# -- glimpses inside the image (outside pixels are random noise: tested apart)
GLIMPSE_X = RNG.randn(2, 6, 7, 2).astype(np.float32)
_GLIMPSES = {
    "centered": ([3, 2], [[0.2, -0.3], [0.0, 0.0]], {}),
    "pixels": ([3, 2], [[2, 1], [1.0, 3.0]], {"centered": False, "normalized": False}),
    "normalized": ([3, 2], [[0.2, 0.5], [0.6, 0.1]], {"centered": False}),
    "centered_pixels": ([3, 2], [[0.2, 0.5], [-0.6, 0.1]], {"normalized": False}),
    "whole": ([6, 7], [[0.0, 0.0], [0.0, 0.0]], {"uniform_noise": False}),
}
CASES.update(
    {
        "glimpse_" + k: _quantized(
            lambda tf, s=s, o=o, kw=kw: [tf.image.extract_glimpse(GLIMPSE_X, s, o, **kw)]
        )
        for k, (s, o, kw) in _GLIMPSES.items()
    }
)
CASES["bad_glimpse_offsets"] = _bad(
    lambda tf: tf.image.extract_glimpse(GLIMPSE_X, [2, 2], [[0.0, 0.0]])
)

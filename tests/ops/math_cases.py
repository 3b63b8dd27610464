"""Graphs of issue 10's math ops built the same way by real TF 1.15 (tools/make_math_fixtures.py
writes what it computes to tests/ops/golden/math.json and math.npz) and by tinytf
(tests/ops/test_*_math_ops.py and friends): values, dtypes, static shapes, op names, TF's
gradients, and the errors of bad inputs. See tests/fixture_runner.py for the form of a case.
Python 3.7 and NumPy 1.18 compatible."""

import numpy as np

from tests.fixture_runner import describe, error_of

_rng = np.random.RandomState(10)
X = _rng.uniform(-2, 2, (2, 3)).astype(np.float32)
POS = _rng.uniform(0.3, 3.0, (2, 3)).astype(np.float32)
POS2 = _rng.uniform(0.3, 3.0, (2, 3)).astype(np.float32)
UNIT = _rng.uniform(0.05, 0.95, (2, 3)).astype(np.float32)
OPEN = _rng.uniform(-0.9, 0.9, (2, 3)).astype(np.float32)
IX = np.array([[7, -7, 3], [-3, 0, 9]], np.int32)
J = np.array([[2, 2, -2], [2, 5, -4]], np.int32)
Z = (X + 1j * POS).astype(np.complex64)


def _unary_case(name, data, dtype):
    def build(tf):
        fn = _resolve(tf, name)
        x = tf.placeholder(dtype, [None, 3], name="x")
        y = fn(x)
        fetches = {"y": y}
        if y.dtype.is_floating and dtype.is_floating:
            dx = tf.gradients(y, x)[0]
            if dx is not None:
                fetches["dx"] = dx
        return {"facts": {"y": describe(y)}, "runs": [(fetches, {x: data})]}

    return build


def _binary_case(name, a, b, grad=True):
    def build(tf):
        fn = _resolve(tf, name)
        x = tf.placeholder(tf.as_dtype(a.dtype), [None, 3], name="x")
        y = tf.placeholder(tf.as_dtype(b.dtype), [None] * (b.ndim - 1) + [3], name="y")
        z = fn(x, y)
        fetches = {"z": z}
        if grad:
            gx, gy = tf.gradients(z, [x, y])
            fetches.update({k: v for k, v in (("dx", gx), ("dy", gy)) if v is not None})
        return {"facts": {"z": describe(z)}, "runs": [(fetches, {x: a, y: b})]}

    return build


def _resolve(tf, dotted):
    obj = tf
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


UNARY = {
    "math.erf": (X, "float32"),
    "math.erfc": (X, "float32"),
    "math.lgamma": (X, "float32"),
    "math.digamma": (POS, "float32"),
    "math.bessel_i0e": (X, "float32"),
    "math.bessel_i1e": (X, "float32"),
    "math.bessel_i0": (X, "float32"),
    "math.bessel_i1": (X, "float32"),
    "math.acosh": (POS + 1, "float32"),
    "math.asinh": (X, "float32"),
    "math.atanh": (OPEN, "float32"),
    "math.cosh": (X, "float32"),
    "math.sinh": (X, "float32"),
    "math.expm1": (X, "float64"),
    "math.rint": (X * 2, "float32"),
    "math.is_nan": (np.array([[np.nan, 1, np.inf]] * 2, np.float32), "float32"),
    "math.is_inf": (np.array([[np.nan, 1, -np.inf]] * 2, np.float32), "float32"),
    "math.is_finite": (np.array([[np.nan, 1, np.inf]] * 2, np.float32), "float32"),
    "math.log_sigmoid": (X * 10, "float32"),
    "math.reciprocal_no_nan": (np.array([[0, 2, -4]] * 2, np.float32), "float32"),
    "math.angle": (X, "float32"),
    "bitwise.invert": (IX, "int32"),
}

BINARY = {
    "math.igamma": (POS, POS2[0]),
    "math.igammac": (POS, POS2[0]),
    "math.zeta": (POS + 1.5, POS2[0]),
    "math.polygamma": (np.array([[0, 1, 2], [3, 1, 0]], np.float32), POS2[0]),
    "math.atan2": (X, POS2 - 1.5),  # TF 1.15's gradient does not reduce a broadcast
    "math.divide_no_nan": (X, np.array([0.0, 2.0, -1.0], np.float32)),
    "math.multiply_no_nan": (
        np.array([[np.inf, 1, 2], [3, np.nan, 4]], np.float32),
        np.array([0.0, 2.0, -1.0], np.float32),
    ),
    "math.xlogy": (np.array([[0, 1, 2], [3, 0, 4]], np.float32), POS2[0]),
    "math.xdivy": (np.array([[0, 1, 2], [3, 0, 4]], np.float32), POS2[0]),
    "math.nextafter": (X, np.array([0.0, 10.0, -10.0], np.float32)),
    "truncatediv": (IX, J[0]),
    "truncatemod": (IX, J[0]),
    "truncatediv_float": (X * 3, np.array([1.5, -1.0, 0.7], np.float32)),
    "truncatediv_uint8": (IX.astype(np.uint8), np.array([2, 3, 4], np.uint8)),
    "truncatemod_float": (X * 3, np.array([1.5, -1.0, 0.7], np.float32)),
    "bitwise.bitwise_and": (IX, J[0]),
    "bitwise.bitwise_or": (IX, J[0]),
    "bitwise.bitwise_xor": (IX, J[0]),
    "bitwise.left_shift": (IX, np.array([1, 31, 40], np.int32)),
    "bitwise.right_shift": (IX, np.array([1, -3, 40], np.int32)),
}


def _add_elementwise(cases):
    for name, (data, dtype) in UNARY.items():

        def build(tf, name=name, data=data, dtype=dtype):
            return _unary_case(name, data.astype(dtype), tf.as_dtype(dtype))(tf)

        cases["unary/" + name] = build
    for name, (a, b) in BINARY.items():
        fn = name.replace("_float", "")
        fn = fn.replace("_uint8", "")
        grad = a.dtype.kind == "f" and fn not in ("truncatemod", "truncatediv")
        cases["binary/" + name] = _binary_case(fn, a, b, grad)


def betainc(tf):
    a = tf.placeholder(tf.float64, [2, 3], name="a")
    b = tf.placeholder(tf.float64, [2, 3], name="b")
    x = tf.placeholder(tf.float64, [2, 3], name="x")
    y = tf.math.betainc(a, b, x)
    feed = {a: POS.astype(np.float64), b: POS2.astype(np.float64), x: UNIT.astype(np.float64)}
    return {
        "facts": {
            "y": describe(y),
            "scalar_a": describe(tf.math.betainc(tf.constant(1.0, tf.float64), b, x)),
        },
        "runs": [({"y": y, "dx": tf.gradients(y, x)[0]}, feed)],
    }


def igamma_float64_grad_a(tf):
    a = tf.placeholder(tf.float64, [4], name="a")
    x = tf.placeholder(tf.float64, [4], name="x")
    feed = {a: [0.5, 1.0, 2.5, 7.0], x: [0.3, 2.0, 1.0, 6.0]}
    p, q = tf.math.igamma(a, x), tf.math.igammac(a, x)
    fetches = {"p": p, "q": q, "dpa": tf.gradients(p, a)[0], "dqa": tf.gradients(q, a)[0]}
    return {"runs": [(fetches, feed)]}


def lbeta(tf):
    x = tf.placeholder(tf.float32, [2, None], name="x")
    y = tf.math.lbeta(x)
    return {
        "facts": {"y": describe(y), "empty": describe(tf.math.lbeta(tf.zeros([2, 0])))},
        "runs": [({"y": y, "dx": tf.gradients(y, x)[0]}, {x: POS})],
    }


def reductions(tf):
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    outs = {
        "lse1": tf.reduce_logsumexp(x, 1),
        "lse_all_keep": tf.reduce_logsumexp(x, keepdims=True),
        "lse_inf": tf.reduce_logsumexp(tf.constant([-np.inf, -np.inf])),
        "std0": tf.math.reduce_std(x, 0),
        "var1_keep": tf.math.reduce_variance(x, 1, keepdims=True),
        "euclid1": tf.math.reduce_euclidean_norm(x, 1),
        "euclid_int": tf.math.reduce_euclidean_norm(tf.constant([[3, 4], [1, 1]]), 1),
        "nonzero": tf.count_nonzero(tf.constant([[0.0, 1.0], [2.0, 0.0]])),
        "nonzero1": tf.count_nonzero(tf.constant([[0, 1], [2, 3]]), 1, dtype=tf.int32),
        "nonzero_str": tf.count_nonzero(tf.constant([b"", b"a", b"bc"])),
        "nonzero_bool": tf.count_nonzero(tf.constant([[True, False], [True, True]]), 0),
        "nonzero_input": tf.count_nonzero(input=[1.0, 0.0], keepdims=True),
    }
    grads = {
        "d_lse1": tf.gradients(outs["lse1"], x)[0],
        "d_std0": tf.gradients(outs["std0"], x)[0],
    }
    facts = {k: describe(v) for k, v in outs.items()}
    return {"facts": facts, "runs": [(dict(outs, **grads), {x: X})]}


def norms(tf):
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    outs = {
        "default": tf.norm(x),
        "axis1": tf.norm(x, axis=1),
        "ord1": tf.norm(x, ord=1, axis=0),
        "ord3": tf.norm(x, ord=3, axis=-1, keepdims=True),
        "inf": tf.norm(x, ord=np.inf),
        "fro": tf.norm(x, ord="fro", axis=[0, 1]),
        "m1": tf.norm(x, ord=1, axis=[0, 1]),
        "minf": tf.norm(x, ord=np.inf, axis=(1, 0)),
        "m2": tf.norm(x, ord=2, axis=[0, 1]),
        "m2_keep": tf.norm(x, ord=2, axis=[1, 0], keepdims=True),
        "complex": tf.norm(tf.constant(Z)),
    }
    grads = {"d_" + k: tf.gradients(outs[k], x)[0] for k in ("default", "ord3", "m1", "m2")}
    z = tf.placeholder(tf.float32, [3], name="z")
    grads["d_at_zero"] = tf.gradients(tf.norm(z), z)[0]
    facts = {k: describe(v) for k, v in outs.items()}
    for label, kwargs in (
        ("bad_ord", {"ord": -1}),
        ("bad_matrix_ord", {"ord": 3, "axis": [0, 1]}),
        ("same_axes", {"axis": [1, 1]}),
        ("axis_list3", {"axis": [0, 1, 1]}),
    ):
        facts[label] = error_of(lambda kwargs=kwargs: tf.norm(x, **kwargs))
    feed = {x: X, z: np.zeros(3, np.float32)}
    return {"facts": facts, "runs": [(dict(outs, **grads), feed)]}


def cumulative(tf):
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    outs = {
        "cls": tf.math.cumulative_logsumexp(x, 1),
        "cls_excl": tf.math.cumulative_logsumexp(x, 1, exclusive=True),
        "cls_rev": tf.math.cumulative_logsumexp(x, 0, reverse=True),
        "cumsum_int32": tf.math.cumsum(tf.constant([[1, 2], [3, 4]], tf.int32), 1),
        "cumprod_int16": tf.cumprod(tf.constant([1, 2, 3], tf.int16), exclusive=True),
    }
    grads = {"d_cls": tf.gradients(outs["cls"], x)[0], "d_rev": tf.gradients(outs["cls_rev"], x)[0]}
    facts = {k: describe(v) for k, v in outs.items()}
    return {"facts": facts, "runs": [(dict(outs, **grads), {x: X})]}


def compositions(tf):
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    a = tf.math.accumulate_n([x, x * 2, x], shape=[2, 3])
    outs = {
        "accumulate_n": a,
        "accumulate_one": tf.math.accumulate_n([x]),
        "polyval": tf.math.polyval([1.0, -2.0, 3.0], x),
        "polyval_empty": tf.math.polyval([], x),
        "scalar_mul": tf.scalar_mul(3.0, x),
        "angle_c": tf.math.angle(tf.constant(Z)),
    }
    grads = {"d_acc": tf.gradients(a, x)[0]}
    facts = {k: describe(v) for k, v in outs.items()}
    facts["scalar_mul_vector"] = error_of(lambda: tf.scalar_mul([1.0, 2.0], x))
    facts["polyval_not_list"] = error_of(lambda: tf.math.polyval((1.0,), x))
    facts["accumulate_empty"] = error_of(lambda: tf.math.accumulate_n([]))
    return {"facts": facts, "runs": [(dict(outs, **grads), {x: X})]}


def counting(tf):
    values = tf.constant([0.1, 0.5, 0.99, 1.5, -1.0, 0.2], tf.float32)
    outs = {
        "bincount": tf.math.bincount([1, 1, 3, 0]),
        "bincount_min_max": tf.math.bincount([1, 1, 3, 4], minlength=6, maxlength=4),
        "bincount_weights": tf.math.bincount([1, 1, 3], weights=[0.5, 0.25, 2.0]),
        "bincount_empty": tf.math.bincount(tf.zeros([0], tf.int32)),
        "bincount_float": tf.math.bincount([2, 0], dtype=tf.float64),
        "hist": tf.histogram_fixed_width(values, [0.0, 1.0], 5),
        "hist_int64": tf.histogram_fixed_width(values, [0.0, 1.0], nbins=3, dtype=tf.int64),
        "hist_int": tf.histogram_fixed_width(tf.constant([1, 5, 9, 10]), [0, 10], 4),
        "bins": tf.histogram_fixed_width_bins(tf.reshape(values, [2, 3]), [0.0, 1.0], 5),
        "confusion": tf.math.confusion_matrix([0, 1, 2, 1], [0, 2, 2, 1]),
        "confusion_w": tf.math.confusion_matrix(
            [[0], [1], [2]], [0, 2, 2], num_classes=4, weights=[1.0, 2.0, 3.0], dtype=tf.float32
        ),
    }
    facts = {k: describe(v) for k, v in outs.items()}
    facts["hist_name"] = tf.histogram_fixed_width(values, [0.0, 1.0], 5, name="h").name
    return {"facts": facts, "runs": [(outs, None)]}


def _run_error(tf, build):
    """[class, first line of the message] of running what build() makes."""
    with tf.Session() as sess:
        found = error_of(lambda: sess.run(build()))
    return None if found is None else [found[0], found[1].split("\n")[0]]


def run_errors(tf):
    facts = {
        "truncatediv_zero": _run_error(tf, lambda: tf.truncatediv(tf.constant([1]), [0])),
        "truncatemod_zero": _run_error(tf, lambda: tf.truncatemod(tf.constant([1]), [0])),
        "bincount_negative": _run_error(tf, lambda: tf.math.bincount([1, -1])),
        "hist_nbins": _run_error(
            tf,
            lambda: tf.histogram_fixed_width([1.0], [0.0, 1.0], tf.placeholder_with_default(0, [])),
        ),
        "hist_range": _run_error(
            tf,
            lambda: tf.histogram_fixed_width(
                [1.0], tf.placeholder_with_default([1.0, 1.0], [2]), 3
            ),
        ),
        "confusion_negative": _run_error(
            tf, lambda: tf.math.confusion_matrix(tf.placeholder_with_default([-1, 0], [2]), [0, 0])
        ),
        "confusion_bound": _run_error(
            tf,
            lambda: tf.math.confusion_matrix(
                tf.placeholder_with_default([3, 0], [2]), [0, 0], num_classes=2
            ),
        ),
    }
    return {"facts": facts}


def build_errors(tf):
    f = tf.constant([1.0])
    return {
        "facts": {
            "erf_int": error_of(lambda: tf.math.erf(tf.constant([1])))[0],
            "igamma_half": error_of(lambda: tf.math.igamma(tf.constant([1.0], tf.float16), [1.0]))[
                0
            ],
            "bitwise_float": error_of(lambda: tf.bitwise.bitwise_and(f, f))[0],
            "xlogy_int": error_of(lambda: tf.math.xlogy(tf.constant([1]), [1]))[0],
            "atan2_mismatch": error_of(lambda: tf.atan2(f, tf.constant([1.0], tf.float64)))[0],
            "bitcast_shape": error_of(
                lambda: tf.bitcast(tf.constant([1, 2, 3], tf.uint8), tf.int16)
            ),
            "bitcast_bool": error_of(lambda: tf.bitcast(tf.constant([1, 2]), tf.bool))[0],
            "betainc_shapes": error_of(
                lambda: tf.math.betainc(tf.ones([2]), tf.ones([3]), tf.ones([2]))
            )[0],
        }
    }


def dtype_casts(tf):
    outs = {
        "bitcast_f2u8": tf.bitcast(tf.constant([1.0, -2.5]), tf.uint8),
        "bitcast_u8_i16": tf.bitcast(tf.constant([[1, 2], [3, 4]], tf.uint8), tf.int16),
        "bitcast_same": tf.bitcast(tf.constant([1.0], tf.float32), tf.int32),
        "saturate_u8": tf.saturate_cast(tf.constant([-3.0, 300.0, 5.5]), tf.uint8),
        "saturate_i8": tf.saturate_cast(tf.constant([-300, 100, 200], tf.int32), tf.int8),
        "saturate_f": tf.saturate_cast(tf.constant([1e10, -1e10], tf.float64), tf.int32),
        "bf16_roundtrip": tf.cast(tf.to_bfloat16(tf.constant([1.1, 3.3, -7.77, 1e30])), tf.float32),
        "bf16_bits": tf.bitcast(tf.to_bfloat16(tf.constant([1.1, 3.3, -7.77])), tf.uint16),
        "bf16_from_int": tf.cast(tf.cast(tf.constant([3, 257, -1000]), tf.bfloat16), tf.float32),
    }
    facts = {k: describe(v) for k, v in outs.items()}
    facts["bf16_name"] = tf.to_bfloat16(tf.constant([1.0])).name
    facts["bitcast_static"] = describe(tf.bitcast(tf.placeholder(tf.float64, [None, 2]), tf.int16))
    return {"facts": facts, "runs": [(outs, None)]}


def dtype_facts(tf):
    facts = {}
    for name in (
        "bfloat16",
        "qint8",
        "quint8",
        "qint16",
        "quint16",
        "qint32",
        "resource",
        "variant",
    ):
        d = getattr(tf, name)
        facts[name] = [
            d.name,
            d.as_datatype_enum,
            d._as_ref.name,
            d._as_ref.as_datatype_enum,
            d.is_numpy_compatible,
            d.is_quantized,
            d.is_floating,
            d.is_integer,
            d.is_unsigned,
            d.size,
            str(d),
            repr(d),
            d.real_dtype.name,
            error_of(lambda d=d: d.min),
        ]
        if name not in ("resource", "variant"):
            facts[name + "/np"] = str(np.dtype(d.as_numpy_dtype))
            facts[name + "/as_dtype_np"] = tf.as_dtype(d.as_numpy_dtype).name
        facts[name + "/as_dtype_name"] = tf.as_dtype(name).name
        facts[name + "/as_dtype_enum"] = tf.as_dtype(d.as_datatype_enum).name
    facts["bfloat16/limits"] = [float(tf.bfloat16.min), float(tf.bfloat16.max)]
    facts["quantized"] = sorted(d.name for d in tf.dtypes.QUANTIZED_DTYPES)
    facts["same_quantized"] = tf.QUANTIZED_DTYPES == tf.dtypes.QUANTIZED_DTYPES
    return {"facts": facts}


def op_names(tf):
    x = tf.constant(X)
    made = {
        "div_no_nan": tf.div_no_nan(x, x),
        "multiply_no_nan": tf.math.multiply_no_nan(x, x),
        "reciprocal_no_nan": tf.math.reciprocal_no_nan(x),
        "xlogy": tf.math.xlogy(x, x),
        "xdivy": tf.math.xdivy(x, x),
        "log_sigmoid": tf.math.log_sigmoid(x),
        "lbeta": tf.math.lbeta(x),
        "bessel_i0": tf.math.bessel_i0(x),
        "reduce_logsumexp": tf.reduce_logsumexp(x),
        "reduce_std": tf.math.reduce_std(x),
        "reduce_variance": tf.math.reduce_variance(x),
        "euclid": tf.math.reduce_euclidean_norm(x),
        "count_nonzero": tf.count_nonzero(x),
        "norm": tf.norm(x),
        "cls": tf.math.cumulative_logsumexp(x),
        "accumulate_n": tf.math.accumulate_n([x, x]),
        "scalar_mul": tf.scalar_mul(2.0, x),
        "saturate_cast": tf.saturate_cast(x, tf.uint8),
        "angle": tf.math.angle(x),
        "angle_c": tf.math.angle(tf.constant(Z)),
        "polyval": tf.math.polyval([1.0, 2.0], x),
        "hist_bins": tf.histogram_fixed_width_bins(x, [0.0, 1.0]),
        "erf": tf.math.erf(x),
        "atan2": tf.atan2(x, x),
        "bitcast": tf.bitcast(x, tf.int32),
        "bincount": tf.math.bincount([1]),
        "confusion": tf.confusion_matrix([1], [1]),
        "named_erf": tf.math.erf(x, name="my_erf"),
        "named_xlogy": tf.math.xlogy(x, x, name="my_xlogy"),
        "named_norm": tf.norm(x, name="my_norm"),
    }
    return {"facts": {k: describe(v) for k, v in made.items()}}


def special_edges(tf):
    """Poles, zeros and out-of-domain arguments, where libraries disagree most."""
    edge = np.array([-2.0, -1.5, -0.0, 0.0, 0.5, 1.0, 40.0, np.inf, -np.inf, np.nan])
    x = tf.constant(edge)
    a = tf.constant([-1.0, 0.0, 0.5, 1.0, 2.0])
    s = tf.constant([0.0, 0.0, 0.0, 1e-300, 1e3])
    outs = {
        "erf": tf.math.erf(x),
        "erfc": tf.math.erfc(x),
        "lgamma": tf.math.lgamma(x),
        "digamma": tf.math.digamma(x),
        "bessel_i0e": tf.math.bessel_i0e(x),
        "bessel_i1e": tf.math.bessel_i1e(x),
        "igamma": tf.math.igamma(a, s),
        "igammac": tf.math.igammac(a, s),
        "igamma_neg_x": tf.math.igamma(a, -s - 1),
        "zeta": tf.math.zeta(
            tf.constant([0.5, 1.0, 2.0, 3.0, 2.0]), tf.constant([1.0, 1.0, -1.5, 0.0, 1e-3])
        ),
        "polygamma": tf.math.polygamma(
            tf.constant([0.0, 1.0, 2.0, 1.0, 3.0]), tf.constant([0.0, -1.0, -1.5, 1e-3, 50.0])
        ),
        "betainc": tf.math.betainc(
            tf.constant([0.0, 1.0, 2.0, -1.0, 1.0]),
            tf.constant([1.0, 0.0, 2.0, 1.0, 1.0]),
            tf.constant([0.5, 0.5, 1.5, 0.5, 0.0]),
        ),
        "atanh": tf.math.atanh(tf.constant([-1.0, 1.0, 2.0])),
        "acosh": tf.math.acosh(tf.constant([0.5, 1.0])),
        "rint": tf.math.rint(tf.constant([-2.5, -1.5, 0.5, 1.5, 2.5])),
        "cls_empty_axis": tf.math.cumulative_logsumexp(tf.constant([-np.inf, 0.0]), 0),
        "nextafter": tf.math.nextafter(tf.constant([0.0, 1.0]), tf.constant([1.0, 1.0])),
    }
    return {"runs": [(outs, None)]}


CASES = {
    "special_edges": special_edges,
    "betainc": betainc,
    "igamma_float64_grad_a": igamma_float64_grad_a,
    "lbeta": lbeta,
    "reductions": reductions,
    "norms": norms,
    "cumulative": cumulative,
    "compositions": compositions,
    "counting": counting,
    "run_errors": run_errors,
    "build_errors": build_errors,
    "dtype_casts": dtype_casts,
    "dtype_facts": dtype_facts,
    "op_names": op_names,
}
_add_elementwise(CASES)


GRAPH_FETCHES = [
    "erf",
    "lgamma",
    "igamma",
    "betainc",
    "accumulate_n",
    "bitcast",
    "angle",
    "histogram",
    "cumulative_logsumexp",
    "left_shift",
    "euclidean_norm",
    "xlogy",
    "truncatediv",
    "rint",
    "is_finite",
    "atan2",
]


def graph_for_import(tf):
    """A graph of the new op types whose GraphDef real TF writes and tinytf imports and runs
    (fed x, fetched as "out_<name>" for the names in GRAPH_FETCHES)."""
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    made = [
        tf.math.erf(x),
        tf.math.lgamma(x),
        tf.math.igamma(x, x + 1),
        tf.math.betainc(tf.ones_like(x), x + 1, tf.sigmoid(x)),
        tf.math.accumulate_n([x, x, x]),
        tf.bitcast(x, tf.uint8),
        tf.math.angle(tf.complex(x, x + 1)),
        tf.histogram_fixed_width(x, [0.0, 2.0], 4, dtype=tf.int64),
        tf.math.cumulative_logsumexp(x, 1, exclusive=True),
        tf.bitwise.left_shift(tf.cast(x * 10, tf.int32), tf.constant([1, 2, 40])),
        tf.math.reduce_euclidean_norm(x, 1),
        tf.math.xlogy(x, x + 1),
        tf.truncatediv(tf.cast(x * 10, tf.int32) - 5, 3),
        tf.rint(x * 3),
        tf.is_finite(tf.math.log(x)),
        tf.atan2(x, x - 1),
    ]
    return x, [tf.identity(t, name="out_" + n) for t, n in zip(made, GRAPH_FETCHES)]


GRAPH_FEED = np.abs(X) + 0.1

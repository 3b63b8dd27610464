"""tf.map_fn / scan / foldl / foldr / hessians cases shared by tools/make_functional_fixtures.py
(run with real TF 1.15) and tests/ops/test_functional_ops.py (run with tinytf): each builds with
the `tf` module it is given. Python 3.7 compatible; no tinytf import."""

import collections

import numpy as np

X = np.arange(6, dtype=np.float32).reshape(3, 2) / 4 + 0.5
V = np.array([0.5, -1.5, 2.0, 3.0, -0.25], np.float32)
INTS = np.array([3, 1, 4, 1, 5], np.int32)
Pair = collections.namedtuple("Pair", ["first", "second"])


def _ph(tf, value, shape):
    """`value` behind a placeholder_with_default of `shape`: only the run sees its length."""
    return tf.placeholder_with_default(value, shape)


# -- value cases: build(tf) -> list of tensors ------------------------------------------------
def map_square(tf):
    return [tf.map_fn(lambda x: x * x, X)]


def map_int(tf):
    return [tf.map_fn(lambda x: x * 2 + 1, INTS)]


def map_row_sum(tf):
    return [tf.map_fn(lambda r: tf.reduce_sum(r), X)]


def map_dtype_change(tf):
    return [tf.map_fn(lambda x: tf.cast(x > 1.0, tf.int32), V, dtype=tf.int32)]


def map_tuple_out(tf):
    neg, pos = tf.map_fn(lambda x: (-x, x), V, dtype=(tf.float32, tf.float32))
    return [neg, pos]


def map_nested_elems(tf):
    out = tf.map_fn(lambda t: t[0] * t[1][0] + t[1][1], (X, [X, X * 2]), dtype=tf.float32)
    return [out]


def map_nested_out(tf):
    out = tf.map_fn(
        lambda t: {"s": t[0] + t[1], "p": [t[0] * t[1]]},
        (V, V * 2),
        dtype={"s": tf.float32, "p": [tf.float32]},
    )
    return [out["s"], out["p"][0]]


def map_dict_same_structure(tf):
    out = tf.map_fn(lambda d: {"a": d["a"] * 2.0, "b": d["b"] - 1}, {"a": V, "b": INTS})
    return [out["a"], out["b"]]


def map_strings(tf):
    return [tf.map_fn(lambda s: tf.strings.join([s, s]), np.array([b"ab", b"c"]))]


def map_namedtuple(tf):
    out = tf.map_fn(lambda p: Pair(p.second, p.first * 2.0), Pair(V, V - 1.0))
    return [out.first, out.second]


def map_unknown_length(tf):
    return [tf.map_fn(lambda r: r * 3.0, _ph(tf, X, [None, 2]))]


def map_unknown_shape(tf):
    return [tf.map_fn(lambda r: r * 3.0, _ph(tf, X, None))]


def map_infer_shape_false(tf):
    return [tf.map_fn(lambda r: r[:1] * 2.0, X, infer_shape=False)]


def map_options(tf):
    out = tf.map_fn(lambda x: x - 1.0, V, parallel_iterations=1, back_prop=False, swap_memory=True)
    return [out]


def map_nested_map(tf):
    return [tf.map_fn(lambda r: tf.map_fn(lambda e: e * e + 1.0, r), X)]


def map_second_shorter_reads_zeros(tf):
    """TF 1.15 checks no lengths: the shorter elem's unwritten slices read as zeros."""
    elems = (_ph(tf, X, [None, 2]), _ph(tf, X[:2], [None, 2]))
    return [tf.map_fn(lambda t: t[0] + t[1], elems, dtype=tf.float32)]


def scan_second_shorter_reads_zeros(tf):
    elems = (_ph(tf, V, [None]), _ph(tf, V[:3], [None]))
    return [tf.scan(lambda a, t: a + t[0] * t[1], elems, initializer=tf.constant(0.0))]


def map_empty(tf):
    return [tf.map_fn(lambda x: x * 2.0, np.zeros([0, 2], np.float32))]


def map_captured(tf):
    w = tf.constant([2.0, -1.0])
    return [tf.map_fn(lambda r: tf.reduce_sum(r * w), X)]


def scan_sum(tf):
    return [tf.scan(lambda a, x: a + x, V)]


def scan_reverse(tf):
    return [tf.scan(lambda a, x: a + x, V, reverse=True)]


def scan_int(tf):
    return [tf.scan(lambda a, x: a * 2 - x, INTS)]


def scan_initializer(tf):
    return [tf.scan(lambda a, x: a * x, V, initializer=tf.constant(1.0))]


def scan_reverse_initializer(tf):
    return [tf.scan(lambda a, x: a * 0.5 + x, V, initializer=tf.constant(2.0), reverse=True)]


def scan_rows(tf):
    return [tf.scan(lambda a, r: a * r + 1.0, X)]


def scan_multi_elems(tf):
    out = tf.scan(lambda a, x: x[0] - x[1] + a, (INTS + 1, INTS), tf.constant(0))
    return [out]


def scan_fibonacci(tf):
    elems = np.array([1, 0, 0, 0, 0, 0], np.int64)
    initializer = (np.array(0, np.int64), np.array(1, np.int64))
    a, b = tf.scan(lambda acc, _: (acc[1], acc[0] + acc[1]), elems, initializer)
    return [a, b]


def scan_different_shape(tf):
    return [tf.scan(lambda a, x: a + tf.reduce_sum(x), X, initializer=tf.constant(0.0))]


def scan_unknown_length(tf):
    return [tf.scan(lambda a, x: a * x, _ph(tf, V, [None]), reverse=True)]


def scan_infer_shape_false(tf):
    return [tf.scan(lambda a, x: a + x, X, infer_shape=False)]


def scan_options(tf):
    out = tf.scan(lambda a, x: a - x, V, parallel_iterations=3, back_prop=False, swap_memory=True)
    return [out]


def foldl_sum(tf):
    return [tf.foldl(lambda a, x: a + x, V)]


def foldl_order(tf):
    return [tf.foldl(lambda a, x: a * 2.0 - x, V)]


def foldl_initializer(tf):
    return [tf.foldl(lambda a, x: a * x, INTS, initializer=tf.constant(2))]


def foldl_rows(tf):
    return [tf.foldl(lambda a, r: a * r, X, initializer=tf.ones([2]))]


def foldl_nested(tf):
    out = tf.foldl(
        lambda a, x: (a[0] + x[0], a[1] * x[1]),
        (V, V + 1.0),
        initializer=(tf.constant(0.0), tf.constant(1.0)),
    )
    return list(out)


def foldl_dict(tf):
    out = tf.foldl(
        lambda a, x: {"n": a["n"] + 1, "s": a["s"] + x["v"]},
        {"v": V},
        initializer={"n": tf.constant(0), "s": tf.constant(0.0)},
    )
    return [out["n"], out["s"]]


def foldl_unknown_length(tf):
    return [tf.foldl(lambda a, x: a - x, _ph(tf, V, [None]))]


def foldr_order(tf):
    return [tf.foldr(lambda a, x: a * 2.0 - x, V)]


def foldr_initializer(tf):
    return [tf.foldr(lambda a, x: a - x, INTS, initializer=tf.constant(100))]


def foldr_unknown_length(tf):
    return [tf.foldr(lambda a, x: a * 0.5 + x, _ph(tf, V, [None]))]


def foldr_options(tf):
    out = tf.foldr(
        lambda a, x: a + x * x, V, parallel_iterations=1, back_prop=False, swap_memory=True
    )
    return [out]


CASES = {
    name: fn
    for name, fn in sorted(globals().items())
    if name.split("_")[0] in ("map", "scan", "foldl", "foldr") and callable(fn)
}


# -- gradient cases: build(tf, x) -> y; x is X as a float32/float64 constant ------------------
GRADS = {
    "map_sin": lambda tf, x: tf.map_fn(lambda r: tf.sin(r) * r, x),
    "map_captured": lambda tf, x: tf.map_fn(lambda r: r * x[0], x),
    "map_tuple": lambda tf, x: tf.add_n(
        list(tf.map_fn(lambda r: (r * r, tf.exp(r)), x, dtype=(x.dtype, x.dtype)))
    ),
    "map_nested": lambda tf, x: tf.map_fn(lambda r: tf.map_fn(lambda e: e * tf.sin(e), r), x),
    "scan_rows": lambda tf, x: tf.scan(lambda a, r: a * r + tf.sin(r), x),
    "scan_reverse": lambda tf, x: tf.scan(lambda a, r: a * tf.cos(r), x, reverse=True),
    "scan_initializer": lambda tf, x: tf.scan(
        lambda a, r: a * r, x, initializer=tf.ones([2], x.dtype)
    ),
    "foldl_product": lambda tf, x: tf.foldl(lambda a, r: a * r, x),
    "foldr_mixed": lambda tf, x: tf.foldr(
        lambda a, r: a * tf.cos(r) + r, x, initializer=tf.constant([0.5, 2.0], x.dtype)
    ),
}


# -- hessian cases: build(tf, x) -> the hessians list; x is X as a float32/float64 constant ----
def _hessian_pair(tf, x):
    w = tf.reduce_sum(x, 0)
    return tf.hessians(tf.reduce_sum(tf.sin(x)) * tf.reduce_sum(w * w * w), [x, w])


HESSIANS = {
    "cube": lambda tf, x: tf.hessians(tf.reduce_sum(x * x * x), x),
    "matmul": lambda tf, x: tf.hessians(tf.reduce_sum(tf.sin(tf.matmul(tf.transpose(x), x))), x),
    "two_ys": lambda tf, x: tf.hessians([tf.reduce_sum(tf.exp(x)), tf.reduce_prod(x)], [x]),
    "pair": _hessian_pair,
}


# -- bad cases: build(tf) raises while building, or (run=True) when run -----------------------
def _wrong_dtype_write(tf):
    return [tf.map_fn(lambda x: tf.cast(x, tf.float32), INTS)]


BAD = {
    "map_not_callable": lambda tf: tf.map_fn(3, V),
    "map_scalar": lambda tf: tf.map_fn(lambda x: x, tf.constant(1.0)),
    "map_python_list": lambda tf: tf.map_fn(lambda x: x + 1.0, [0.5, 1.5, 2.5]),
    "map_scalars": lambda tf: tf.map_fn(lambda x: x, (1.0, 2.0), dtype=tf.float32),
    "map_sparse": lambda tf: tf.map_fn(lambda x: x, tf.SparseTensor([[0, 0]], [1.0], [2, 2])),
    "map_structure_mismatch": lambda tf: tf.map_fn(lambda x: (x, x), V),
    "map_dtype_list_not_tuple": lambda tf: tf.map_fn(
        lambda x: (x, x), V, dtype=[tf.float32, tf.float32]
    ),
    "map_dtype_too_long": lambda tf: tf.map_fn(
        lambda x: (x, x), V, dtype=(tf.float32, tf.float32, tf.float32)
    ),
    "map_static_length_mismatch": lambda tf: tf.map_fn(
        lambda t: t[0], (X, X[:2]), dtype=tf.float32
    ),
    "map_second_elem_scalar": lambda tf: tf.map_fn(lambda t: t[0], (X, 1.0), dtype=tf.float32),
    "scan_not_callable": lambda tf: tf.scan(None, V),
    "scan_scalar": lambda tf: tf.scan(lambda a, x: a + x, tf.constant(1.0)),
    "scan_structure_mismatch": lambda tf: tf.scan(lambda a, x: (a, x), V),
    "scan_initializer_mismatch": lambda tf: tf.scan(
        lambda a, x: a + x, V, initializer=(tf.constant(0.0), tf.constant(1.0))
    ),
    "scan_shape_change": lambda tf: tf.scan(lambda a, x: tf.stack([a, x]), V),
    "foldl_not_callable": lambda tf: tf.foldl("f", V),
    "foldl_python_list": lambda tf: tf.foldl(lambda a, x: a + x, [1, 2, 3]),
    "foldr_scalar": lambda tf: tf.foldr(lambda a, x: a + x, tf.constant(1.0)),
    "hessians_unconnected": lambda tf: tf.hessians(tf.reduce_sum(tf.constant(X)), tf.constant(V)),
}

BAD_RUN = {
    "map_second_longer": lambda tf: [
        tf.map_fn(
            lambda t: t[0] + t[1],
            (_ph(tf, X[:2], [None, 2]), _ph(tf, X, [None, 2])),
            dtype=tf.float32,
        )
    ],
    "scan_second_longer": lambda tf: [
        tf.scan(
            lambda a, t: a + t[0] * t[1],
            (_ph(tf, V[:3], [None]), _ph(tf, V, [None])),
            initializer=tf.constant(0.0),
        )
    ],
    "foldl_empty": lambda tf: [tf.foldl(lambda a, x: a + x, _ph(tf, V[:0], [None]))],
    "foldr_empty": lambda tf: [tf.foldr(lambda a, x: a + x, _ph(tf, V[:0], [None]))],
    "scan_empty": lambda tf: [tf.scan(lambda a, x: a + x, _ph(tf, V[:0], [None]))],
    "map_wrong_dtype_write": _wrong_dtype_write,
    "scan_dtype_change": lambda tf: [tf.scan(lambda a, x: tf.cast(a + x, tf.float64), V)],
    "foldl_dtype_change": lambda tf: [tf.foldl(lambda a, x: tf.cast(a, tf.float64) + 1.0, V)],
}


# -- graphs whose op names and types are compared with TF's -----------------------------------
GRAPHS = {
    "map": lambda tf: tf.map_fn(lambda x: x * x, tf.constant(V)),
    "map_unknown": lambda tf: tf.map_fn(lambda x: x * x, _ph(tf, V, [None]), name="sq"),
    "scan": lambda tf: tf.scan(lambda a, x: a + x, tf.constant(V)),
    "scan_reverse_init": lambda tf: tf.scan(
        lambda a, x: a + x, tf.constant(V), initializer=tf.constant(1.0), reverse=True
    ),
    "foldl": lambda tf: tf.foldl(lambda a, x: a + x, tf.constant(V)),
    "foldr": lambda tf: tf.foldr(lambda a, x: a + x, tf.constant(V), name="right"),
    "hessians": lambda tf: _hessians_graph(tf, tf.constant(V)),
}


# -- GraphDefs both ways: build(tf) -> list of tensors (no feeds) -----------------------------
def _scan_gradient(tf):
    x = tf.constant(X)
    y = tf.scan(lambda a, r: a * tf.sin(r) + r, x, reverse=True)
    return [y, tf.gradients(tf.reduce_sum(y * y), x)[0]]


ROUND_TRIP = {
    "map_tuple_out": map_tuple_out,
    "map_nested_map": map_nested_map,
    "scan_fibonacci": scan_fibonacci,
    "foldr_order": foldr_order,
    "scan_gradient": _scan_gradient,
}


def _hessians_graph(tf, x):
    return tf.hessians(tf.reduce_sum(x * x * x), x)


def weights(shape):
    """Fixed weights for the gradient cases' loss sum(w * y)."""
    size = int(np.prod(shape))
    return (np.arange(size, dtype=np.float64).reshape(shape) % 5 - 1.5) / 2

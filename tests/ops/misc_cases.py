"""Cases for the small top-level ops and helpers (src/tinytf/ops/misc_ops.py, misc_util.py),
written once for both libraries: each takes `tf` (real TF 1.15 or tinytf) and a scratch
directory, runs in a fresh default graph and returns JSON-able results.
tools/make_misc_fixtures.py records real TF's results in golden/misc.json;
tests/ops/test_misc_ops.py runs them with tinytf and compares."""

import sys

import numpy as np

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def error(fn, message=False):
    """The exception class name (and message if asked) that fn() raises, or None."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001  (the class is the result)
        return [type(e).__name__, str(e)] if message else type(e).__name__
    return None


def _value(x):
    if x is None:
        return None
    if isinstance(x, bytes):
        return x.decode("latin-1")
    x = np.asarray(x)
    if x.dtype == object:
        return [None if v is None else _value(v) for v in x.ravel()]
    if x.dtype.kind == "c":
        x = np.stack([x.real, x.imag], -1)
    return {"dtype": str(x.dtype), "shape": list(x.shape), "value": x.tolist()}


def _text(s):
    return s.decode() if isinstance(s, bytes) else s


def _spec(t):
    return [t.dtype.name, None if t.shape.ndims is None else t.shape.as_list(), t.op.type]


@case
def is_tensor(tf, tmp):
    return [
        tf.is_tensor(x)
        for x in [
            tf.constant(1), tf.Variable(1.0), np.ones(2), 3.0, [1],
            tf.SparseTensor([[0]], [1.0], [2]),
            tf.IndexedSlices(tf.constant([1.0]), tf.constant([0])),
        ]
    ]


_PROTO_ARGS = [
    (1.0,), ([1, 2, 3],), (5, "float32", [2, 3]), ([1, 2], "int64", [4]), (b"ab",),
    ([b"a", b"bc"],), (np.float16([1, 2]),), ([1 + 2j],), ([True, False],),
    (np.arange(6, dtype=np.float64).reshape(2, 3),), (7, "int32", [1]), (2**40,), ([],),
    ([1.5, 2.5], "float32", [2], True), (3, "float32", [2, 2], False, True),
]


@case
def make_tensor_proto(tf, tmp):
    out = [tf.make_tensor_proto(*a).SerializeToString().hex() for a in _PROTO_ARGS]
    round_trip = [_value(tf.make_ndarray(tf.make_tensor_proto(*a))) for a in _PROTO_ARGS]
    bad = [
        error(lambda: tf.make_tensor_proto([1, 2, 3], shape=[2]), True),
        error(lambda: tf.make_tensor_proto([1, 2], shape=[3], verify_shape=True), True),
        error(lambda: tf.make_tensor_proto([1, 2], shape=[3], allow_broadcast=True), True),
    ]
    return {"protos": out, "arrays": round_trip, "bad": bad}


@case
def get_static_value(tf, tmp):
    x = tf.placeholder(tf.float32, [None, 3])
    tensors = [
        tf.constant([1, 2]) + 1, x, tf.shape(tf.ones([2, 3])), tf.size(tf.ones([2, 3])),
        tf.rank(x), tf.range(1, 7, 2), tf.cast(tf.constant([1.7, 2.2]), tf.int32),
        tf.concat([tf.constant([1]), tf.constant([2, 3])], 0), tf.stack([1, 2]),
        tf.stack([[1], [2]], axis=1), tf.fill([2, 2], 3.0), tf.equal(tf.constant(1), 1),
        tf.not_equal(tf.constant([1, 2]), 1), tf.identity(tf.constant(1)),
        tf.shape(x), tf.stack([1, tf.shape(x)[0]]),
    ]
    values = [_value(tf.get_static_value(t)) for t in tensors]
    partial = _value(tf.get_static_value(tf.stack([1, tf.shape(x)[0]]), partial=True))
    return {
        "values": values, "partial": partial, "python": tf.get_static_value(3),
        "variable": _value(tf.get_static_value(tf.Variable(1.0))),
    }


@case
def timestamp(tf, tmp):
    t = tf.timestamp()
    with tf.Session() as sess:
        a, b = sess.run(t), sess.run(t)
    return {"spec": _spec(t), "increasing": bool(b >= a > 1.5e9)}


@case
def fingerprint(tf, tmp):
    data = [
        tf.constant([[1, 2], [3, 4]], tf.int32), tf.constant([b"hello", b"a", b""]),
        tf.constant([[b"ab", b"c"], [b"", b"xyz"]]), tf.constant([1.5, -2.0], tf.float64),
        tf.constant(np.zeros([2, 0, 3], np.uint8)),
    ]
    prints = [tf.fingerprint(d) for d in data]
    with tf.Session() as sess:
        values = [_value(v) for v in sess.run(prints)]
    bad = [
        error(lambda: tf.fingerprint(tf.constant([1]), method="x")),
        error(lambda: tf.fingerprint(tf.constant(1))),
    ]
    return {"values": values, "specs": [_spec(p) for p in prints], "bad": bad}


def _print_ops(tf, path):
    x = tf.constant([[1.5, 2, 3, 4, 5]])
    s = tf.SparseTensor([[0, 1]], [7], [2, 3])
    f = "file://" + path
    return [
        tf.print(x, output_stream=f),
        tf.print("x:", x, {"b": x, "a": 1}, [1, "two"], sep="|", end="!\n", summarize=2,
                 output_stream=f),
        tf.print(s, output_stream=f),
        tf.print(tf.constant("scalar str"), output_stream=f),
        tf.print("{}", x, summarize=-1, output_stream=f),
        tf.print(tf.constant([b"a\n", b"b"]), tf.constant(True), output_stream=f, end=""),
        tf.print("no tensors", 3, output_stream=f, name="named"),
        tf.print(tf.zeros([2, 0]), tf.range(10), output_stream=f),
    ]


@case
def print_(tf, tmp):
    path = f"{tmp}/printed.txt"
    ops = _print_ops(tf, path)
    with tf.Session() as sess:
        for op in ops:
            sess.run(op)
    with open(path) as f:
        text = f.read()
    x = tf.constant(1)
    bad = [
        error(lambda: tf.print(x, output_stream=5), True),
        error(lambda: tf.print(x, foo=1), True),
    ]
    return {
        "text": text, "types": [op.type for op in ops], "names": [op.name for op in ops],
        "formats": [op.inputs[0].op.type for op in ops], "bad": bad,
        "streams": [_text(op.get_attr("output_stream")) for op in
                    [tf.print(x), tf.print(x, output_stream=sys.stdout)]],
    }


@case
def numpy_function(tf, tmp):
    x = tf.constant([3.0, 1.0, 2.0])
    y = tf.numpy_function(lambda a: np.sort(a) * 2, [x], tf.float32)
    a, b = tf.numpy_function(lambda a: (a, a.astype(np.int64)), [x], [tf.float32, tf.int64])
    with tf.Session() as sess:
        values = [_value(v) for v in sess.run([y, a, b])]
    return {"values": values, "type": y.op.type, "shape": y.shape.ndims}


def _names(variables):
    return [v.op.name for v in variables]


@case
def enums(tf, tmp):
    out = {}
    for cls in ["AggregationMethod", "UnconnectedGradients", "VariableAggregation",
                "VariableSynchronization"]:
        members = {k: getattr(getattr(tf, cls), k) for k in dir(getattr(tf, cls))
                   if k.isupper()}
        out[cls] = {k: getattr(v, "value", v) for k, v in members.items()}
    out["unconnected_by_enum"] = _value(tf.Session().run(tf.gradients(
        tf.constant(1.0), tf.constant([2.0, 3.0]),
        unconnected_gradients=tf.UnconnectedGradients.ZERO)[0]))
    x = tf.constant([1.0, 2.0])
    y = x * x + x * 3.0
    grads = [tf.gradients(y, x, aggregation_method=m)[0] for m in
             [tf.AggregationMethod.ADD_N, tf.AggregationMethod.EXPERIMENTAL_TREE,
              tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N]]
    out["aggregated"] = [_value(v) for v in tf.Session().run(grads)]
    return out


@case
def seeds_and_regularizers(tf, tmp):
    before = [tf.get_seed(None), tf.get_seed(5)]
    tf.set_random_seed(7)
    after = [tf.get_seed(None), tf.get_seed(5), tf.get_seed(None)]
    return {"seeds": [list(s) if s[0] is not None else [None, None] for s in before + after],
            "no_regularizer": tf.no_regularizer(tf.constant(1.0))}


@case
def local_variables(tf, tmp):
    with tf.variable_scope("s"):
        v = tf.get_local_variable("v", [2], initializer=tf.zeros_initializer())
        w = tf.get_variable("w", [1])
    u = tf.Variable(3, name="u")
    names = tf.report_uninitialized_variables()
    some = tf.report_uninitialized_variables([w], name="some")
    none = tf.report_uninitialized_variables([])
    with tf.Session() as sess:
        first = _value(sess.run(names))
        sess.run(w.initializer)
        second = [_value(v) for v in sess.run([names, some, none])]
    return {
        "local": _names(tf.local_variables()), "global": _names(tf.global_variables()),
        "trainable": _names(tf.trainable_variables()), "v": [v.name, v.dtype.name],
        "first": first, "second": second, "spec": _spec(names), "name": some.op.name,
        "none": _spec(none), "u": u.op.name,
    }


@case
def clip_by_average_norm(tf, tmp):
    t = tf.constant([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]])
    clipped = [tf.clip_by_average_norm(t, c) for c in [0.5, 10.0]]
    grad = tf.gradients(clipped[0], t)[0]
    with tf.Session() as sess:
        values = [_value(v) for v in sess.run(clipped + [grad])]
    return {"values": values, "names": [c.op.name for c in clipped],
            "spec": _spec(clipped[0])}


@case
def count_up_to(tf, tmp):
    v = tf.Variable(3, name="counter")
    c = tf.count_up_to(v, 5)
    out = []
    with tf.Session() as sess:
        sess.run(v.initializer)
        out += [int(sess.run(c)), int(sess.run(c)), int(sess.run(v))]
        kind, message = error(lambda: sess.run(c), True)
        out.append([kind, message.split("\n")[0]])
    bad = [error(lambda: tf.count_up_to(tf.Variable(1.0), 3)),
           error(lambda: tf.count_up_to(tf.Variable([1, 2]), 3))]
    return {"values": out, "spec": _spec(c), "bad": bad}


@case
def guarantee_const(tf, tmp):
    x = tf.constant([1.0, 2.0])
    g = tf.guarantee_const(x)
    return {"spec": _spec(g), "value": _value(tf.Session().run(g)),
            "grad": error(lambda: tf.gradients(g, x))}


def _sparse(tf, indices, values, shape):
    return tf.SparseTensor(indices, values, shape)


@case
def edit_distance(tf, tmp):
    hyp = _sparse(tf, [[0, 0, 0], [1, 0, 0], [1, 0, 1]], [b"a", b"b", b"c"], [2, 1, 2])
    truth = _sparse(tf, [[0, 1, 0], [1, 0, 0], [1, 0, 1], [1, 0, 2]],
                    [b"a", b"b", b"d", b"c"], [2, 2, 3])
    ints_h = _sparse(tf, [[0, 0], [0, 1], [2, 0]], [1, 2, 3], [3, 2])
    ints_t = _sparse(tf, [[0, 0], [1, 0]], [1, 5], [3, 1])
    dists = [tf.edit_distance(hyp, truth), tf.edit_distance(hyp, truth, normalize=False),
             tf.edit_distance(ints_h, ints_t), tf.edit_distance(ints_h, ints_t, False)]
    with tf.Session() as sess:
        values = [_value(v) for v in sess.run(dists)]
    bad = [error(lambda: tf.edit_distance(tf.constant([1]), ints_t)),
           error(lambda: tf.edit_distance(ints_h, _sparse(tf, [[0]], [1.0], [1]))),
           error(lambda: tf.edit_distance(ints_h, _sparse(tf, [[0]], [1], [1])))]
    return {"values": values, "specs": [_spec(d) for d in dists], "bad": bad}


@case
def custom_gradient(tf, tmp):
    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(dy):
            return dy * (1 - 1 / (1 + e))

        return tf.log(1 + e), grad

    @tf.custom_gradient
    def two(x, y):
        return [x * y, x + y], lambda da, db: (da * y + db, da * x + db * 2.0)

    x = tf.constant([0.0, 100.0])
    y = log1pexp(x)
    a, b = two(tf.constant(3.0), tf.constant(4.0))
    gs = tf.gradients(y, x) + tf.gradients(a + b, list(a.op.inputs[2:]))
    with tf.variable_scope("vs"):
        w = tf.get_variable("w", [], initializer=tf.constant_initializer(2.0))

    @tf.custom_gradient
    def scaled(x):
        def grad(dy, variables=None):
            return dy * 10.0, [dy * 100.0 for _ in variables]

        return x * w, grad

    s = scaled(tf.constant(3.0))
    gs += tf.gradients(s, [s.op.inputs[1], w])
    with tf.Session() as sess:
        sess.run(w.initializer)
        values = [_value(v) for v in sess.run([y, a, b, s] + [g for g in gs if g is not None])]
    values.append([g is None for g in gs])

    def no_variables(x):
        return x * w, lambda dy: dy

    def makes_var(x):
        tf.Variable(1.0)
        return x, lambda dy: dy

    bad = [error(lambda: tf.custom_gradient(makes_var)(tf.constant(1.0)), True),
           error(lambda: tf.custom_gradient(no_variables)(tf.constant(1.0)), True),
           error(lambda: log1pexp(x=tf.constant(1.0)))]
    return {"values": values, "types": [y.op.type, a.op.type], "name": log1pexp.__name__,
            "bad": bad}


@case
def make_template(tf, tmp):
    def layer(x, n=2):
        w = tf.get_variable("w", [int(x.shape[-1]), n])
        return tf.matmul(x, w, name="mm")

    t = tf.make_template("lin", layer, n=3)
    x = tf.ones([1, 2])
    y1, y2 = t(x), t(x)
    later = tf.make_template("lin", layer, create_scope_now_=True)
    z1, z2 = later(x), later(x)
    with tf.variable_scope("outer"):
        u = tf.make_template("u", layer, unique_name_="fixed")(x)

    def bad_layer(x):
        return x * tf.Variable(1.0)

    b = tf.make_template("bad", bad_layer)
    b(x)
    return {
        "names": [y1.op.name, y2.op.name, z1.op.name, z2.op.name, u.op.name],
        "vars": _names(tf.global_variables()),
        "template": [t.name, t.variable_scope.name, t.variable_scope_name,
                     _names(t.variables), _names(t.trainable_variables),
                     later.variable_scope_name],
        "bad": error(lambda: b(x)),
        "none": error(lambda: tf.make_template(None, layer)),
    }


@case
def init_scope(tf, tmp):
    a = tf.constant(1.0)
    with tf.name_scope("outer"), tf.control_dependencies([a]):
        inside = tf.constant(2.0, name="in")
        with tf.init_scope():
            lifted = tf.constant(3.0, name="lifted")
    return {"inside": [inside.op.name, [c.name for c in inside.op.control_inputs]],
            "lifted": [lifted.op.name, [c.name for c in lifted.op.control_inputs]]}


_SAMPLERS = ["all_candidate_sampler", "fixed_unigram_candidate_sampler",
             "learned_unigram_candidate_sampler", "log_uniform_candidate_sampler",
             "uniform_candidate_sampler"]


@case
def aliases(tf, tmp):
    logger = tf.get_logger()
    return {
        "samplers": [getattr(tf.random, n) is getattr(tf.nn, n) for n in _SAMPLERS],
        "get_seed": tf.get_seed is tf.random.get_seed,
        "logger": [type(logger).__name__, logger.name, logger is tf.get_logger()],
    }


@case
def unknown_shapes_and_runtime_errors(tf, tmp):
    data = tf.placeholder(tf.int64, [None, 3])
    method = tf.placeholder(tf.string, [])
    fp = tf.fingerprint(data, method)
    hs, ts = tf.placeholder(tf.int64, [3]), tf.placeholder(tf.int64, [None])
    hyp = tf.SparseTensor(tf.constant([[0, 0, 0]], tf.int64), [1], hs)
    truth = tf.SparseTensor(tf.placeholder(tf.int64, [None, None]), [1], ts)
    dist = tf.edit_distance(hyp, truth)
    feed = {data: [[1, 2, 3]], method: b"nope"}
    with tf.Session() as sess:
        bad_method = error(lambda: sess.run(fp, feed))
        bad_rank = error(lambda: sess.run(dist, {hs: [1, 1, 1], ts: [1, 1],
                                                 truth.indices: [[0, 0]]}))
        ok = _value(sess.run(dist, {hs: [1, 1, 2], ts: [1, 1, 1], truth.indices: [[0, 0, 0]]}))
    return {"specs": [_spec(fp), _spec(dist)], "bad_method": bad_method, "bad_rank": bad_rank,
            "ok": ok}


def plain(x):
    """A fetched value as JSON: see _value."""
    return _value(x)


def graph_with_new_ops(tf):
    """Fetches that use every op type of misc_ops (for the GraphDef round trip)."""
    v = tf.Variable(2, name="counter")
    hyp = tf.SparseTensor([[0, 0], [0, 1]], [1, 2], [1, 2])
    truth = tf.SparseTensor([[0, 0]], [1], [1, 1])
    printed = tf.print("value", tf.constant([1, 2]), output_stream=sys.stdout)
    with tf.control_dependencies([printed]):
        const = tf.guarantee_const(tf.constant([1.5, 2.5]), name="gc")
    return [
        tf.fingerprint(tf.constant([[1, 2], [3, 4]], tf.int64), name="fp"),
        tf.edit_distance(hyp, truth, normalize=False, name="ed"),
        const, tf.count_up_to(v, 10, name="cut"),
        tf.cast(tf.timestamp(name="ts") > 1.5e9, tf.int32),
    ]

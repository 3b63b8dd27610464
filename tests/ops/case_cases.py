"""Cases for tf.case, tf.switch_case (src/tinytf/ops/case_ops.py) and tf.recompute_grad
(src/tinytf/ops/recompute_grad.py), written once for both libraries: each takes `tf` (real
TF 1.15 or tinytf), runs in a fresh default graph and returns JSON-able results.
tools/make_case_fixtures.py records real TF's results in golden/case.json; tests/ops/test_case.py
and tests/ops/test_recompute_grad.py run them with tinytf and compare."""

import collections

import numpy as np

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def error(fn, message=True):
    """[class name, first message line] of what fn() raises (the class alone if not
    `message`), or None."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001  (the class is the result)
        name = type(e).__name__
        return [name, str(e).split("\n")[0]] if message else name
    return None


def _value(x):
    if isinstance(x, (list, tuple)):
        return [_value(v) for v in x]
    x = np.asarray(x)
    return {"dtype": str(x.dtype), "value": x.tolist()}


def _runs(sess, fetch, feeds):
    """The value of `fetch` for each feed dict, or the error it fails with."""
    out = []
    for feed in feeds:
        try:
            out.append(_value(sess.run(fetch, feed)))
        except Exception as e:  # noqa: BLE001
            out.append([type(e).__name__, str(e).split("\n")[0]])
    return out


def _scalar(tf):
    x = tf.placeholder(tf.float32, [], name="x")
    return x, tf.less(x, 0.0, name="neg"), tf.less(x, 10.0, name="small")


def _spec(t):
    return [t.dtype.name, None if t.shape.ndims is None else t.shape.as_list()]


# -- tf.case ---------------------------------------------------------------------------------


@case
def case_each_branch_and_default(tf):
    x, neg, small = _scalar(tf)
    r = tf.case([(neg, lambda: x * 2), (small, lambda: x * 3)], default=lambda: x * 4)
    with tf.Session() as sess:  # -5: both true, the first pair wins
        values = _runs(sess, r, [{x: -5.0}, {x: 5.0}, {x: 50.0}])
    return {"values": values, "name": r.name, "spec": _spec(r)}


@case
def case_without_default(tf):
    x, neg, _ = _scalar(tf)
    big = tf.greater(x, 10.0, name="big")
    r = tf.case([(neg, lambda: x * 2), (big, lambda: x * 3)])
    one = tf.case([(neg, lambda: x * 2)], name="single")
    with tf.Session() as sess:
        values = _runs(sess, r, [{x: -1.0}, {x: 20.0}, {x: 5.0}])
        single = _runs(sess, one, [{x: -1.0}, {x: 1.0}])
    return {"values": values, "single": single, "names": [r.name, one.name]}


@case
def case_exclusive(tf):
    x, neg, small = _scalar(tf)
    big = tf.greater(x, 10.0, name="big")
    with_default = tf.case(
        [(neg, lambda: x * 2), (small, lambda: x * 3)], default=lambda: x * 4, exclusive=True
    )
    without = tf.case([(neg, lambda: x * 2), (big, lambda: x * 3)], exclusive=True)
    feeds = [{x: -5.0}, {x: 5.0}, {x: 50.0}]
    with tf.Session() as sess:
        return {
            "with_default": _runs(sess, with_default, feeds),
            "without_default": _runs(sess, without, feeds),
        }


@case
def case_dict_pairs(tf):
    x = tf.placeholder(tf.float32, [], name="x")
    b_small = tf.less(x, 10.0, name="b_small")
    a_neg = tf.less(x, 0.0, name="a_neg")
    sorted_by_name = tf.case({b_small: lambda: x * 3, a_neg: lambda: x * 2}, lambda: x * 4)
    ordered = tf.case(
        collections.OrderedDict([(b_small, lambda: x * 3), (a_neg, lambda: x * 2)]),
        lambda: x * 4,
    )
    feeds = [{x: -5.0}, {x: 5.0}, {x: 50.0}]
    with tf.Session() as sess:
        return {
            "sorted": _runs(sess, sorted_by_name, feeds),
            "ordered": _runs(sess, ordered, feeds),
        }


@case
def case_structures_and_strict(tf):
    x, neg, _ = _scalar(tf)
    loose = tf.case([(neg, lambda: [x * 2])], default=lambda: [x * 3])
    strict = tf.case([(neg, lambda: [x * 2])], default=lambda: [x * 3], strict=True)
    nested = tf.case(
        [(neg, lambda: (x, {"a": x + 1, "b": [x * 2]}))],
        default=lambda: (-x, {"a": x - 1, "b": [x * 4]}),
    )
    kinds = [type(loose).__name__, type(strict).__name__, type(nested).__name__]
    kinds += [type(nested[1]).__name__, type(nested[1]["b"]).__name__]
    with tf.Session() as sess:
        values = [
            _runs(sess, [loose, strict[0], nested[0], nested[1]["a"], nested[1]["b"][0]], [{x: v}])
            for v in (-1.0, 2.0)
        ]
    return {"kinds": kinds, "values": values}


@case
def case_runs_only_the_chosen_branch(tf):
    x, neg, small = _scalar(tf)
    v = tf.Variable(0.0, name="counter")
    r = tf.case(
        [(neg, lambda: tf.assign_add(v, 1.0)), (small, lambda: tf.assign_add(v, 10.0))],
        default=lambda: tf.assign_add(v, 100.0),
    )
    with tf.Session() as sess:
        sess.run(v.initializer)
        return _runs(sess, r, [{x: -1.0}, {x: 1.0}, {x: 11.0}, {x: -1.0}])


@case
def case_nested_in_cond(tf):
    x, neg, small = _scalar(tf)
    p = tf.placeholder(tf.bool, [], name="p")
    inner = lambda: tf.case([(neg, lambda: x * 2), (small, lambda: x * 3)], lambda: x * 4)  # noqa: E731
    r = tf.cond(p, inner, lambda: x * 100)
    in_case = tf.case([(p, inner)], default=lambda: tf.case([(neg, lambda: -x)], lambda: x))
    feeds = [{x: v, p: b} for b in (True, False) for v in (-5.0, 5.0, 50.0)]
    with tf.Session() as sess:
        return {"in_cond": _runs(sess, r, feeds), "in_case": _runs(sess, in_case, feeds)}


@case
def case_gradients(tf):
    x = tf.placeholder(tf.float32, [], name="x")
    y = tf.case([(x < 0, lambda: x * x * 3)], default=lambda: tf.sin(x) * x)
    g = tf.gradients(y, x)[0]
    with tf.Session() as sess:
        return _runs(sess, [y, g], [{x: -2.0}, {x: 0.5}])


@case
def case_bad_calls(tf):
    x, neg, _ = _scalar(tf)
    f = lambda: x  # noqa: E731
    return [
        error(lambda: tf.case(neg)),
        error(lambda: tf.case((neg, f))),
        error(lambda: tf.case([[neg, f]])),
        error(lambda: tf.case([(neg, f, f)])),
        error(lambda: tf.case([(True, f)])),
        error(lambda: tf.case([(x, f)])),
        error(lambda: tf.case([(neg, 3)])),
        error(lambda: tf.case([])),
        error(lambda: tf.case({})),
        # from tf.cond: the classes are TF's, the words are tinytf's cond's
        error(lambda: tf.case([(neg, f)], default=3), message=False),
        error(lambda: tf.case([(neg, f)], default=lambda: (x, x)), message=False),
        error(lambda: tf.case([(tf.constant([True, False]), f)], f), message=False),
        error(lambda: tf.case([(neg, f)], default=lambda: tf.constant(1))),
    ]


# -- tf.switch_case --------------------------------------------------------------------------


def _index(tf):
    return tf.placeholder(tf.int32, [], name="i"), tf.placeholder(tf.float32, [], name="x")


@case
def switch_case_list(tf):
    i, x = _index(tf)
    r = tf.switch_case(i, [lambda: x, lambda: -x, lambda: x * 10])
    feeds = [{i: k, x: 2.0} for k in (-1, 0, 1, 2, 3, 100)]
    with tf.Session() as sess:
        return {"values": _runs(sess, r, feeds), "spec": _spec(r)}


@case
def switch_case_dict_with_default(tf):
    i, x = _index(tf)
    r = tf.switch_case(i, {1: lambda: -x, 0: lambda: x}, default=lambda: x * 7)
    pairs = tf.switch_case(i, [(1, lambda: -x), (0, lambda: x)])
    feeds = [{i: k, x: 2.0} for k in (-1, 0, 1, 2, 5)]
    with tf.Session() as sess:
        return {"dict": _runs(sess, r, feeds), "pairs": _runs(sess, pairs, feeds)}


@case
def switch_case_structures(tf):
    i, x = _index(tf)
    single = tf.switch_case(i, [lambda: [x], lambda: [-x]])
    pair = tf.switch_case(i, [lambda: (x, x * 2), lambda: (-x, x * 3)])
    shapes = tf.switch_case(i, [lambda: tf.zeros([2]), lambda: tf.ones([3])])
    one = tf.switch_case(i, [lambda: x + 1])
    kinds = [type(single).__name__, type(pair).__name__]
    with tf.Session() as sess:
        values = [
            _runs(sess, [single[0], pair[0], pair[1], shapes, one], [{i: k, x: 2.0}])
            for k in (0, 1, 4)
        ]
    return {"kinds": kinds, "specs": [_spec(shapes), _spec(one)], "values": values}


@case
def switch_case_nested(tf):
    i, x = _index(tf)
    p = tf.placeholder(tf.bool, [], name="p")
    branches = [lambda: x, lambda: -x, lambda: x * 10]
    in_cond = tf.cond(p, lambda: tf.switch_case(i, branches), lambda: x * 100)
    in_case = tf.case([(p, lambda: tf.switch_case(i, branches))], default=lambda: x * 5)
    in_switch = tf.switch_case(i, [lambda: tf.switch_case(i + 1, branches), lambda: x * 9])
    feeds = [{i: k, x: 2.0, p: b} for b in (True, False) for k in (0, 1, 2)]
    with tf.Session() as sess:
        return [_runs(sess, t, feeds) for t in (in_cond, in_case, in_switch)]


@case
def switch_case_gradients(tf):
    i, x = _index(tf)
    y = tf.switch_case(i, [lambda: x * x, lambda: tf.exp(x), lambda: x * 3])
    g = tf.gradients(y, x)[0]
    with tf.Session() as sess:
        return _runs(sess, [y, g], [{i: k, x: 0.5} for k in (0, 1, 2, 9)])


@case
def switch_case_bad_calls(tf):
    i, x = _index(tf)
    f = lambda: x  # noqa: E731
    return [
        error(lambda: tf.switch_case(3, [f])),
        error(lambda: tf.switch_case(tf.constant(1.0), [f])),
        error(lambda: tf.switch_case(tf.constant(1, tf.int64), [f, f])),
        error(lambda: tf.switch_case(tf.constant(1, tf.uint8), [f, f])),
        error(lambda: tf.switch_case(i, [])),
        error(lambda: tf.switch_case(i, {})),
        error(lambda: tf.switch_case(i, f)),
        error(lambda: tf.switch_case(i, [f, 3])),
        error(lambda: tf.switch_case(i, [f, (1, f)])),
        error(lambda: tf.switch_case(i, [(0, f, 1)])),
        error(lambda: tf.switch_case(i, [("a", f)])),
        error(lambda: tf.switch_case(i, {0: f, 1: 3})),
        error(lambda: tf.switch_case(i, [(0, f), (2, f)])),
        error(lambda: tf.switch_case(i, [(1, f), (1, f)])),
        error(lambda: tf.switch_case(i, [f, f], default=3)),
        error(lambda: tf.switch_case(i, [lambda: (x, x), lambda: [-x, x]])),
        error(lambda: tf.switch_case(i, [f, lambda: tf.constant(1)])),
    ]


def _loop_with_cases(tf):
    x = tf.placeholder(tf.float32, [], name="x")

    def body(i, acc):
        v = tf.case(
            [(tf.equal(i % 3, 0), lambda: acc + x), (tf.equal(i % 3, 1), lambda: acc * x)],
            default=lambda: acc - 1.0,
        )
        return i + 1, tf.switch_case(i % 2, [lambda: v, lambda: v * 2.0])

    _, r = tf.while_loop(lambda i, a: i < 6, body, [tf.constant(0), tf.constant(0.0)])
    return x, r


@case
def case_and_switch_case_in_a_while_loop(tf):
    x, r = _loop_with_cases(tf)
    with tf.Session() as sess:
        return _runs(sess, r, [{x: 1.5}, {x: -0.5}])


@case
def case_and_switch_case_in_a_while_loop_gradient(tf):
    x, r = _loop_with_cases(tf)
    g = tf.gradients(r, x)[0]
    with tf.Session() as sess:
        return _runs(sess, g, [{x: 1.5}, {x: -0.5}])


# -- tf.recompute_grad -----------------------------------------------------------------------

X = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], np.float32)
W = np.array([[0.3, -0.2], [0.1, 0.4], [-0.5, 0.6]], np.float32)


def _both(tf, block, inputs, wrt, scope=None):
    """[y, dy/d(wrt)...] of block through tf.recompute_grad, then of block itself."""
    out = []
    for fn in (tf.recompute_grad(block), block):
        if scope is None:
            y = fn(*inputs)
        else:
            with tf.variable_scope(scope, use_resource=True):
                y = fn(*inputs)
        weights = np.arange(1, 1 + y.shape.num_elements(), dtype=np.float32)
        loss = tf.reduce_sum(y * weights.reshape(y.shape.as_list()))
        out += [y] + tf.gradients(loss, wrt)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return [_value(v) for v in sess.run(out)]


@case
def recompute_grad_variables(tf):
    with tf.variable_scope("dense", use_resource=True):
        w = tf.get_variable("w", initializer=tf.constant(W))
        b = tf.get_variable("b", initializer=tf.constant([0.1, -0.2]))
    x = tf.constant(X)
    block = lambda x: tf.tanh(tf.matmul(x, w) + b) * tf.sigmoid(x[:, :2])  # noqa: E731
    return _both(tf, block, [x], [x, w, b])


@case
def recompute_grad_captured_tensor(tf):
    with tf.variable_scope("dense", use_resource=True):
        w = tf.get_variable("w", initializer=tf.constant(W))
    x = tf.constant(X)
    h = tf.exp(x)  # read from outside: TF's recomputation sends no gradient through it to x
    return _both(tf, lambda x: tf.matmul(x * h, w), [x], [x, w])[:3]


@case
def recompute_grad_inputs_only(tf):
    x, z = tf.constant(X), tf.constant(X[::-1] + 1.0)
    return _both(tf, lambda x, z: tf.tanh(x * z) * z, [x, z], [x, z], scope="block")


@case
def recompute_grad_calls_f_again(tf):
    calls = []

    def block(x):
        calls.append(1)
        return tf.square(x)

    x = tf.constant(3.0)
    with tf.variable_scope("s", use_resource=True):
        y = tf.recompute_grad(block)(x)
    before = len(calls)
    g = tf.gradients(y, x)[0]
    with tf.Session() as sess:
        return {"calls": [before, len(calls)], "values": _value(sess.run([y, g]))}


@case
def recompute_grad_bad_calls(tf):
    x = tf.constant(1.0)
    with tf.variable_scope("s", use_resource=True):
        w = tf.get_variable("w", initializer=tf.constant(2.0))
    two = tf.recompute_grad(lambda x: (x * w, x + w))(x)

    def gradients_of_two_results():
        try:
            tf.gradients(two[0] + two[1], x)
        except TypeError:  # TF 1.15: OperatorNotAllowedInGraphError, a TypeError
            return "TypeError"

    return [
        error(lambda: tf.recompute_grad(lambda x: x * 2)(x)),
        error(lambda: tf.recompute_grad(lambda x: x * 2)(x=x)),
        gradients_of_two_results(),
    ]


def close(got, want, rtol=1e-5, atol=1e-6):
    """Equal, with float values compared to float32 rounding (kernels may sum in another
    order)."""
    if isinstance(want, float) and isinstance(got, (int, float)):
        return abs(got - want) <= atol + rtol * abs(want)
    if isinstance(want, list) and isinstance(got, list):
        return len(got) == len(want) and all(close(g, w, rtol, atol) for g, w in zip(got, want))
    if isinstance(want, dict) and isinstance(got, dict):
        return got.keys() == want.keys() and all(close(got[k], want[k], rtol, atol) for k in want)
    return got == want


# -- a TF-built GraphDef -----------------------------------------------------------------------

GRAPH_FEEDS = [{"x:0": v} for v in (-5.0, 5.0, 50.0)]


def graph_with_cases(tf):
    """The fetches of a graph with an exclusive case and a case without default."""
    x, neg, small = _scalar(tf)
    big = tf.greater(x, 10.0, name="big")
    pairs = [(neg, lambda: x * 2), (small, lambda: x * 3)]
    exclusive = tf.case(pairs, default=lambda: x * 4, exclusive=True, name="exclusive")
    no_default = tf.case([(neg, lambda: x * 2), (big, lambda: x * 3)], name="no_default")
    return [exclusive, no_default]

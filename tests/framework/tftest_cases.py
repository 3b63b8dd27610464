"""Cases for tf.test run by both real TF 1.15 (tools/make_test_fixtures.py, which records what
TF gives into tests/framework/golden/) and tinytf (the tests, which compare). Each builder takes
the `tf` module, so the same code builds both; Python 3.7 compatible.
"""

import re

import numpy as np

# -- compute_gradient: name -> build(tf) -> compute_gradient's arguments ------------------------


def _tanh_matmul(tf):
    x = tf.placeholder(tf.float64, [2, 3])
    w = tf.constant(np.arange(6.0).reshape(3, 2) / 5.0 - 0.5)
    y = tf.tanh(tf.matmul(x, w))
    return dict(
        x=x, x_shape=[2, 3], y=y, y_shape=[2, 2], x_init_value=np.arange(6.0).reshape(2, 3) / 10
    )


def _square_f32(tf):
    x = tf.placeholder(tf.float32, [3])
    init = np.array([0.5, -1.0, 2.0], np.float32)
    return dict(x=x, x_shape=[3], y=x * x + 3.0 * x, y_shape=[3], x_init_value=init)


def _reduce_sum_rows(tf):
    x = tf.placeholder(tf.float64, [2, 3])
    init = np.arange(6.0).reshape(2, 3)
    return dict(x=x, x_shape=[2, 3], y=tf.reduce_sum(x * x, 1), y_shape=[2], x_init_value=init)


def _list_of_x(tf):
    a = tf.placeholder(tf.float64, [2, 2])
    b = tf.placeholder(tf.float64, [2, 2])
    inits = [np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.5, -0.5], [2.0, 1.0]])]
    # each x is fed in turn; extra_feed_dict holds the value of the other one
    return dict(
        x=[a, b],
        x_shape=[[2, 2], [2, 2]],
        y=a * b + a,
        y_shape=[2, 2],
        x_init_value=inits,
        extra_feed_dict={a: inits[0], b: inits[1]},
    )


def _gather_rows(tf):
    x = tf.placeholder(tf.float64, [4, 2])
    init = np.arange(8.0).reshape(4, 2)
    return dict(
        x=x, x_shape=[4, 2], y=tf.gather(x, [2, 0, 2]) * 2.0, y_shape=[3, 2], x_init_value=init
    )


def _extra_feed(tf):
    x = tf.placeholder(tf.float64, [3])
    p = tf.placeholder(tf.float64, [3])
    init = np.array([1.0, -2.0, 0.5])
    return dict(
        x=x,
        x_shape=[3],
        y=tf.sin(x) * p,
        y_shape=[3],
        x_init_value=init,
        extra_feed_dict={p: np.array([1.0, 2.0, 3.0])},
    )


def _variable_init_targets(tf):
    v = tf.Variable(np.array([1.0, 2.0, 3.0]), name="v")
    x = tf.placeholder(tf.float64, [3])
    init = np.array([0.25, 0.5, 0.75])
    return dict(
        x=x,
        x_shape=[3],
        y=tf.exp(x) * v,
        y_shape=[3],
        x_init_value=init,
        init_targets=[v.initializer],
    )


def _random_init(tf):
    np.random.seed(87654321)  # x_init_value=None: compute_gradient draws x from np.random
    x = tf.placeholder(tf.float64, [2, 2])
    return dict(x=x, x_shape=[2, 2], y=tf.sin(x) * x, y_shape=[2, 2])


def _softmax(tf):
    x = tf.placeholder(tf.float64, [2, 3])
    init = np.array([[0.1, 0.2, 0.7], [1.0, -1.0, 0.0]])
    return dict(x=x, x_shape=[2, 3], y=tf.nn.softmax(x), y_shape=[2, 3], x_init_value=init)


def _complex_abs_square(tf):
    x = tf.placeholder(tf.complex128, [2])
    init = np.array([1 + 2j, -0.5 + 0.25j])
    y = tf.real(x * tf.conj(x))
    return dict(x=x, x_shape=[2], y=y, y_shape=[2], x_init_value=init)


def _complex_scale(tf):
    x = tf.placeholder(tf.complex128, [2])
    init = np.array([1 + 2j, -0.5 + 0.25j])
    y = x * tf.constant(1 - 2j, tf.complex128)
    return dict(x=x, x_shape=[2], y=y, y_shape=[2], x_init_value=init)


def _scalar_y(tf):
    x = tf.placeholder(tf.float64, [3])
    init = np.array([1.0, 2.0, 3.0])
    return dict(x=x, x_shape=[3], y=tf.reduce_sum(tf.square(x)), y_shape=[], x_init_value=init)


GRADIENT_CASES = {
    "tanh_matmul": _tanh_matmul,
    "square_f32": _square_f32,
    "reduce_sum_rows": _reduce_sum_rows,
    "list_of_x": _list_of_x,
    "gather_rows": _gather_rows,
    "extra_feed": _extra_feed,
    "variable_init_targets": _variable_init_targets,
    "random_init": _random_init,
    "softmax": _softmax,
    "complex_abs_square": _complex_abs_square,
    "complex_scale": _complex_scale,
    "scalar_y": _scalar_y,
}


def run_gradient_case(tf, name):
    """{'<i>/theoretical', '<i>/numerical', 'error'} of one case, in a fresh graph and session."""
    with tf.Graph().as_default(), tf.Session():
        args = GRADIENT_CASES[name](tf)
        state = np.random.get_state()
        grads = tf.test.compute_gradient(**args)
        np.random.set_state(state)  # the error check draws the same x as compute_gradient did
        error = tf.test.compute_gradient_error(**args)
    pairs = grads if isinstance(grads, list) else [grads]
    out = {"error": np.asarray(error)}
    for i, (theoretical, numerical) in enumerate(pairs):
        out[f"{i}/theoretical"] = theoretical
        out[f"{i}/numerical"] = numerical
    return out


# -- assert_equal_graph_def: (actual, expected) GraphDefs in text format -----------------------

_A = (
    'node { name: "a" op: "Const" } node { name: "b" op: "Add" input: "a" input: "a" '
    'input: "^c" input: "^d" } node { name: "c" op: "NoOp" } node { name: "d" op: "NoOp" }'
)
_A_SHUFFLED = (
    'node { name: "c" op: "NoOp" } node { name: "d" op: "NoOp" } node { name: "b" op: "Add" '
    'input: "a" input: "a" input: "^d" input: "^c" } node { name: "a" op: "Const" }'
)


def _node(body):
    return 'node { name: "a" op: "X" ' + body + " }"


def _attr(value):
    return _node('attr { key: "k" value { ' + value + " } }")


def _tensor(body):
    return _attr("tensor { " + body + " }")


_F32 = "dtype: DT_FLOAT tensor_shape { dim { size: 3 } } "
GRAPH_DEF_CASES = [
    (_A, _A),
    (_A, _A_SHUFFLED),
    (
        'versions { producer: 3 } library { function { signature { name: "f" } } }' + _node(""),
        _node(""),
    ),
    ('node { name: "a" op: "Const" }', 'node { name: "a" op: "Placeholder" }'),
    ('node { name: "a" op: "Const" }', 'node { name: "b" op: "Const" }'),
    (
        'node { name: "a" op: "Const" } node { name: "b" op: "Const" }',
        'node { name: "a" op: "Const" }',
    ),
    (_node('device: "/cpu:0"'), _node("")),
    (_node('input: "x" input: "y"'), _node('input: "y" input: "x"')),
    (_node('input: "x"'), _node('input: "x" input: "y"')),
    (_node('input: "x:0"'), _node('input: "x"')),
    (_node('input: "x" input: "^y"'), _node('input: "x" input: "^z"')),
    (_node('input: "x" input: "^y" input: "^w"'), _node('input: "x" input: "^y" input: "w"')),
    (_node('input: "x" input: "^y" input: "^w"'), _node('input: "x" input: "^y" input: "^y"')),
    (_node('input: "^y" input: "x"'), _node('input: "x" input: "^y"')),
    (_node('input: "x" input: "y"'), _node('input: "x" input: "^y"')),
    (_attr("type: DT_FLOAT"), _attr("type: DT_INT32")),
    (_attr("type: DT_FLOAT"), _node("")),
    (_node(""), _attr("type: DT_FLOAT_REF")),
    (_node('attr { key: "_class" value { s: "loc:@x" } }'), _node("")),
    (_attr('s: "hi\\nthere"'), _attr('s: "' + "x" * 100 + '"')),
    (_attr("f: 0.1"), _attr("f: 1e20")),
    (_attr("f: 0.3"), _attr("f: 0.30000001")),
    (_attr("f: 3"), _attr("f: -0.5")),
    (_attr("b: true"), _attr("b: false")),
    (_attr("shape { dim { size: 2 } dim { size: -1 } }"), _attr("shape { unknown_rank: true }")),
    (_attr("shape { }"), _attr("list { shape { dim { size: 1 } } shape { } }")),
    (_attr('list { s: ["a", "b"] }'), _attr("list { type: [DT_FLOAT, DT_INT64] }")),
    (_attr("list { f: [1.5, 2] }"), _attr("list { b: [true, false] }")),
    (_attr("list { }"), _attr("list { i: [" + ", ".join(str(i) for i in range(60)) + "] }")),
    (
        _attr(
            'func { name: "f" attr { key: "T" value { type: DT_FLOAT } } '
            'attr { key: "A" value { i: 1 } } }'
        ),
        _attr('func { name: "g" }'),
    ),
    (_attr('placeholder: "T"'), _attr("i: 7")),
    (_attr('s: ""'), _node('attr { key: "k" value { } }')),
    (
        _tensor(
            "dtype: DT_FLOAT tensor_shape { dim { size: 2 } dim { size: 2 } } "
            "float_val: [1, 2, 3, 4]"
        ),
        _tensor("dtype: DT_INT32 tensor_shape { dim { size: 5 } } int_val: [1, 2, 3, 4, 5]"),
    ),
    (
        _tensor('dtype: DT_STRING tensor_shape { dim { size: 2 } } string_val: ["ab", "c"]'),
        _tensor("dtype: DT_BOOL tensor_shape { } bool_val: true"),
    ),
    (_tensor(_F32 + "float_val: [0.1]"), _tensor(_F32 + "float_val: [0.1, 0.1, 0.1]")),
    (
        _tensor("dtype: DT_DOUBLE tensor_shape { dim { size: 1 } } double_val: [0.1]"),
        _tensor(_F32 + "float_val: [0.1, 0.1, 0.1]"),
    ),
    (
        _tensor(
            "dtype: DT_FLOAT tensor_shape { dim { size: 2 } dim { size: 2 } dim { size: 2 } } "
            "float_val: [1, 2, 3, 4, 5, 6, 7, 8]"
        ),
        _tensor("dtype: DT_FLOAT tensor_shape { dim { size: 0 } }"),
    ),
    (
        _tensor("dtype: DT_FLOAT tensor_shape { } float_val: 3.14159265"),
        _tensor("dtype: DT_DOUBLE tensor_shape { } double_val: 3.14159265358979"),
    ),
    (
        _tensor("dtype: DT_INT64 tensor_shape { dim { size: 2 } } int64_val: 5"),
        _tensor('dtype: DT_STRING tensor_shape { } string_val: "a\\nb"'),
    ),
    (
        _tensor("dtype: DT_HALF tensor_shape { dim { size: 4 } } half_val: 15360"),
        _tensor("dtype: DT_COMPLEX64 tensor_shape { } scomplex_val: [1, 2]"),
    ),
    (
        'node { name: "a" op: "Const" }',
        'node { name: "b" op: "X" device: "/cpu:0" input: "x" input: "^y" '
        'attr { key: "z" value { i: 1 } } attr { key: "a" value { s: "q" } } '
        'attr { key: "_c" value { f: 1.25 } } }',
    ),
]


# -- TestCase assertions: name -> fn(tc, tf); what each raises (or returns) -------------------


def _nested_mismatch(tc, tf):
    tc.assertAllClose({"a": [1.0, 2.0], "b": (3.0,)}, {"a": [1.0, 2.0], "b": (3.5,)})


def _cached_graph_mismatch(tc, tf):
    with tc.cached_session():
        pass
    with tc.cached_session(graph=tf.Graph()):
        pass


def _cached_config_mismatch(tc, tf):
    with tc.cached_session():
        pass
    with tc.cached_session(config=tf.ConfigProto()):
        pass


def _thread_not_joined(tc, tf):
    tc.checkedThread(target=lambda: None).start()
    tc.tearDown()


def _thread_raises(tc, tf):
    def boom():
        raise ValueError("boom")

    thread = tc.checkedThread(target=boom)
    thread.start()
    thread.join()


def _op_error_not_raised(tc, tf):
    with tc.assertRaisesOpError("anything"):
        pass


def _predicate_mismatch(tc, tf):
    with tc.assertRaisesWithPredicateMatch(ValueError, "foo"):
        raise ValueError("bar")


def _predicate_callable(tc, tf):
    with tc.assertRaisesWithPredicateMatch(TypeError, lambda e: "bad" in str(e)):
        raise TypeError("a bad value")


def _op_error_matches_op_name(tc, tf):
    p = tf.placeholder(tf.float32, name="my_input")
    with tc.test_session():
        with tc.assertRaisesOpError("Caused by: my_input"):
            p.eval()


def _evaluate_nested(tc, tf):
    a = tf.constant([1, 2])
    return tc.evaluate({"x": a, "y": [a * 2, (a + 1,)]})


def _proto_mismatch(tc, tf):
    tc.assertProtoEquals('node { name: "a" op: "Const" }', tf.GraphDef())


def _proto_text_equal(tc, tf):
    graph_def = tf.GraphDef()
    graph_def.node.add(name="a", op="Const")
    tc.assertProtoEquals('node { name: "a" op: "Const" }', graph_def)


# (name, fn, how to compare messages: "exact", "lines" (TF's own lines must appear; NumPy writes
# the rest, differently across versions), or "type")
ASSERTION_CASES = [
    ("near", lambda tc, tf: tc.assertNear(1.0, 1.5, 0.1), "exact"),
    ("near_msg", lambda tc, tf: tc.assertNear(1.0, 1.5, 0.1, msg="m"), "exact"),
    ("near_inf", lambda tc, tf: tc.assertNear(float("inf"), float("inf"), 0.1), "exact"),
    (
        "array_near_length",
        lambda tc, tf: tc.assertArrayNear([1.0, 2.0], [1.0, 2.0, 3.0], 0.1),
        "exact",
    ),
    ("array_near", lambda tc, tf: tc.assertArrayNear([1.0, 2.0], [1.0, 2.2], 0.1), "exact"),
    ("ndarray_near", lambda tc, tf: tc.assertNDArrayNear(np.ones(3), np.zeros(3), 1.0), "exact"),
    (
        "all_close_ok",
        lambda tc, tf: tc.assertAllClose([1.0, 2.0], np.array([1.0, 2.0000001])),
        "exact",
    ),
    ("all_close", lambda tc, tf: tc.assertAllClose([1.0, 2.0], [1.0, 2.1]), "lines"),
    ("all_close_scalar", lambda tc, tf: tc.assertAllClose(1.0, 1.1), "lines"),
    ("all_close_shape", lambda tc, tf: tc.assertAllClose([1.0, 2.0], [[1.0, 2.0]]), "exact"),
    ("all_close_nested", _nested_mismatch, "lines"),
    ("all_close_dict_vs_list", lambda tc, tf: tc.assertAllClose({"a": 1}, [1]), "exact"),
    (
        "all_close_ragged_ok",
        lambda tc, tf: tc.assertAllClose([[1], [1, 2]], [[1], [1, 2]]),
        "exact",
    ),
    ("all_close_ragged", lambda tc, tf: tc.assertAllClose([[1], [1, 2]], [[1], [1, 3]]), "lines"),
    ("all_close_keys", lambda tc, tf: tc.assertAllClose({"a": 1}, {"b": 1}), "type"),
    ("all_close_rtol", lambda tc, tf: tc.assertAllClose([100.0], [101.0], rtol=0.02), "exact"),
    ("all_close_nan", lambda tc, tf: tc.assertAllClose([np.nan, 1.0], [np.nan, 1.0]), "exact"),
    (
        "according_to_type_half",
        lambda tc, tf: tc.assertAllCloseAccordingToType(
            np.array([1.0], np.float16), np.array([1.0005], np.float16)
        ),
        "exact",
    ),
    (
        "according_to_type_f64",
        lambda tc, tf: tc.assertAllCloseAccordingToType(np.array([1.0]), np.array([1.0005])),
        "lines",
    ),
    ("not_all_close", lambda tc, tf: tc.assertNotAllClose([1.0], [1.0]), "exact"),
    ("not_all_close_ok", lambda tc, tf: tc.assertNotAllClose([1.0], [2.0]), "exact"),
    ("all_equal_shape", lambda tc, tf: tc.assertAllEqual([1, 2], [1, 2, 3]), "exact"),
    ("all_equal", lambda tc, tf: tc.assertAllEqual([1, 2], [1, 3]), "lines"),
    ("all_equal_nan", lambda tc, tf: tc.assertAllEqual([np.nan], [np.nan]), "exact"),
    (
        "all_equal_tensor",
        lambda tc, tf: tc.assertAllEqual(tf.constant([1, 2]) * 2, [2, 4]),
        "exact",
    ),
    ("not_all_equal", lambda tc, tf: tc.assertNotAllEqual([1, 2], [1, 2]), "exact"),
    ("all_greater", lambda tc, tf: tc.assertAllGreater([1, 7], 5), "type"),
    ("all_less", lambda tc, tf: tc.assertAllLess([1, 7], 5), "type"),
    ("all_greater_equal_ok", lambda tc, tf: tc.assertAllGreaterEqual([5, 7], 5), "exact"),
    ("all_less_equal", lambda tc, tf: tc.assertAllLessEqual([5, 7], 5), "type"),
    ("in_range", lambda tc, tf: tc.assertAllInRange(np.array([0.0, 5.0, 2.0]), 1, 3), "exact"),
    (
        "in_range_open",
        lambda tc, tf: tc.assertAllInRange(
            np.array([[1, 2], [3, 3]]), 1, 3, open_lower_bound=True, open_upper_bound=True
        ),
        "exact",
    ),
    ("in_range_nan", lambda tc, tf: tc.assertAllInRange(np.array([np.nan, 1.0]), 0, 3), "exact"),
    ("in_range_strings", lambda tc, tf: tc.assertAllInRange(np.array(["a"]), 0, 3), "exact"),
    ("in_range_many", lambda tc, tf: tc.assertAllInRange(np.arange(20), 30, 40), "exact"),
    ("in_set", lambda tc, tf: tc.assertAllInSet([1, 2, 5, 5], [1, 2]), "exact"),
    ("dtype_equal", lambda tc, tf: tc.assertDTypeEqual(np.array([1.0]), np.float32), "exact"),
    ("shape_equal_type", lambda tc, tf: tc.assertShapeEqual([1], tf.constant([1])), "exact"),
    ("shape_equal_tensor_type", lambda tc, tf: tc.assertShapeEqual(np.zeros(1), [1]), "exact"),
    (
        "shape_equal",
        lambda tc, tf: tc.assertShapeEqual(np.zeros((2, 2)), tf.zeros([2, 3])),
        "lines",
    ),
    (
        "shape_equal_ok",
        lambda tc, tf: tc.assertShapeEqual(np.zeros((2, 3)), tf.zeros([2, 3])),
        "exact",
    ),
    ("device_equal_ok", lambda tc, tf: tc.assertDeviceEqual("/cpu:0", "/device:CPU:0"), "exact"),
    ("device_equal", lambda tc, tf: tc.assertDeviceEqual("/job:w/task:1/cpu:0", "/gpu:0"), "exact"),
    ("starts_with", lambda tc, tf: tc.assertStartsWith("abc", "b"), "exact"),
    ("starts_with_msg", lambda tc, tf: tc.assertStartsWith("abc", "b", msg="m"), "exact"),
    ("op_error_not_raised", _op_error_not_raised, "exact"),
    ("predicate_mismatch", _predicate_mismatch, "exact"),
    ("predicate_callable", _predicate_callable, "exact"),
    ("op_error_op_name", _op_error_matches_op_name, "exact"),
    ("cached_graph_mismatch", _cached_graph_mismatch, "exact"),
    ("cached_config_mismatch", _cached_config_mismatch, "exact"),
    ("thread_not_joined", _thread_not_joined, "exact"),
    ("thread_raises", _thread_raises, "exact"),
    ("evaluate_nested", _evaluate_nested, "exact"),
    ("proto_mismatch", _proto_mismatch, "exact"),
    ("proto_text_equal", _proto_text_equal, "exact"),
]


def run_assertion_case(tf, test_case_class, fn):
    """[exception class name or 'OK', message or repr of the returned value] for one case."""
    tc = test_case_class("runTest")
    tc.setUp()
    try:
        result = fn(tc, tf)
    except Exception as e:  # the case's point is what it raises
        return [type(e).__name__, str(e)]
    finally:
        tc._ClearCachedSession()
    return ["OK", _plain(result)]


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    return value


# -- TF 1.x test programs --------------------------------------------------------------------

# program file in tests/framework -> the command-line arguments of each run recorded
PROGRAM_RUNS = {
    "tf1_test_program.py": [[], ["SoftmaxRegressionTest.testNoGpuNeeded"], ["--benchmarks=all"]],
    "tf1_failing_program.py": [[]],
}
_RESULT_LINE = re.compile(r"^\[ +(RUN|OK|SKIPPED|FAILED|ERROR) +\] (\S+)")


def summarize_run(stdout, stderr, returncode):
    """What a user sees at the end of a test program: per-test lines, counts, status, code."""
    lines = stderr.splitlines()
    results = [" ".join(m.groups()) for m in map(_RESULT_LINE.match, lines) if m]
    ran = [line for line in lines if line.startswith("Ran ")]
    status = [line for line in lines if re.match(r"^(OK|FAILED)\b", line)]
    return {
        "results": results,
        "ran": re.sub(r" in [0-9.]+s$", "", ran[-1]) if ran else None,
        "status": status[-1] if status else None,
        "returncode": returncode,
        "stdout": stdout,
    }

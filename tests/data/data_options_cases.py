"""Dataset.reduce, tf.data.experimental.get_single_element and tf.data.Options cases, run by real
TF 1.15 (tools/make_lookup_mutable_fixtures.py) and by tinytf (tests/data/test_data_options.py):
each returns a fetch or a function of the Session, or raises; the outcome is compared."""

from tests.ops.lookup_cases import outcome  # noqa: F401 - the runner of the cases


def _range(tf, n):
    return tf.data.Dataset.range(n)


def single_range_one(tf):
    return tf.data.experimental.get_single_element(_range(tf, 1))


def single_nested(tf):
    ints = tf.constant([1, 2])  # (tinytf makes Python int lists int64, TF int32)
    dataset = tf.data.Dataset.from_tensors(({"a": 1.0, "b": [True, False]}, ints))
    element = tf.data.experimental.get_single_element(dataset)
    return [element[0]["a"], element[0]["b"], element[1]]


def single_of_map_batch(tf):
    dataset = _range(tf, 4).map(lambda x: x * 2).batch(10)
    element = tf.data.experimental.get_single_element(dataset)
    return lambda sess: [str(element.shape), sess.run(element)]


def single_placeholder(tf):
    x = tf.placeholder(tf.float32, [None])
    element = tf.data.experimental.get_single_element(tf.data.Dataset.from_tensors(x))
    return lambda sess: sess.run(element, {x: [1.5, 2.5]})


def single_err_empty(tf):
    return tf.data.experimental.get_single_element(_range(tf, 0))


def single_err_two(tf):
    return tf.data.experimental.get_single_element(_range(tf, 2))


def single_err_not_dataset(tf):
    return tf.data.experimental.get_single_element(3)


def reduce_sum(tf):
    return _range(tf, 5).reduce(tf.constant(0, tf.int64), lambda s, x: s + x)


def reduce_empty(tf):
    return _range(tf, 0).reduce(tf.constant(7, tf.int64), lambda s, x: s + x)


def reduce_float(tf):
    return _range(tf, 5).reduce(tf.constant(0.5), lambda s, x: s + tf.cast(x, tf.float32))


def reduce_tuple_state(tf):
    state = (tf.constant(0, tf.int64), tf.constant(1, tf.int64))
    return _range(tf, 4).reduce(state, lambda s, x: (s[0] + x, s[1] * (x + 1)))


def reduce_dict_state(tf):
    state = {"n": tf.constant(0), "sum": tf.constant(0.0)}
    dataset = tf.data.Dataset.from_tensor_slices([1.0, 2.0, 4.0])
    result = dataset.reduce(state, lambda s, x: {"n": s["n"] + 1, "sum": s["sum"] + x})
    return [result["n"], result["sum"]]


def reduce_growing_shape(tf):
    result = _range(tf, 3).reduce(tf.zeros([0], tf.int64), lambda s, x: tf.concat([s, [x]], 0))
    return lambda sess: [str(result.shape), sess.run(result)]


def reduce_tuple_elements(tf):
    dataset = tf.data.Dataset.from_tensor_slices((tf.constant([1, 2]), tf.constant([3, 4])))
    return dataset.reduce(tf.constant(0), lambda s, x: s + x[0] * x[1])


def reduce_placeholder_dataset(tf):
    x = tf.placeholder(tf.int64, [None])
    total = tf.data.Dataset.from_tensor_slices(x).reduce(
        tf.constant(0, tf.int64), lambda s, v: s + v
    )
    return lambda sess: [sess.run(total, {x: [1, 2, 3]}), sess.run(total, {x: [10]})]


def reduce_python_state(tf):
    return _range(tf, 3).reduce(tf.constant(1, tf.int64), lambda s, x: s * 2)


def reduce_err_dtype(tf):
    return _range(tf, 5).reduce(tf.constant(0, tf.int64), lambda s, x: tf.cast(s, tf.float32))


def reduce_err_components(tf):
    return _range(tf, 3).reduce(tf.constant(0, tf.int64), lambda s, x: (s, s))


# -- tf.data.Options -----------------------------------------------------------------------------
def _options(tf, **values):
    options = tf.data.Options()
    for name, value in values.items():
        setattr(options, name, value)
    return options


def options_defaults(tf):
    o = tf.data.Options()
    opt, thr, stats, dist = (
        o.experimental_optimization,
        o.experimental_threading,
        o.experimental_stats,
        o.experimental_distribute,
    )
    return lambda sess: [
        sorted(a for a in dir(o) if not a.startswith("_")),
        sorted(a for a in dir(opt) if not a.startswith("_")),
        sorted(a for a in dir(thr) if not a.startswith("_")),
        sorted(a for a in dir(stats) if not a.startswith("_")),
        sorted(a for a in dir(dist) if not a.startswith("_")),
        [repr(o.experimental_deterministic), repr(o.experimental_slack)],
        [repr(o.experimental_stateful_whitelist), repr(opt.map_fusion), repr(opt.autotune)],
        [repr(opt.map_vectorization.enabled), repr(thr.private_threadpool_size)],
        [repr(stats.prefix), repr(stats.counter_prefix), repr(stats.latency_all_edges)],
        [repr(dist.auto_shard), repr(dist.num_devices)],
        [type(x).__name__ for x in (opt, thr, stats, dist, opt.map_vectorization)],
        o == tf.data.Options(),
    ]


def options_set_and_compare(tf):
    a, b = _options(tf, experimental_slack=True), _options(tf, experimental_slack=True)
    c = tf.data.Options()
    c.experimental_optimization.map_fusion = True
    return lambda sess: [a == b, a != b, a == c, c == tf.data.Options(), a == 3]


def options_err_unknown_attribute(tf):
    tf.data.Options().foo = 1


def options_err_type(tf):
    tf.data.Options().experimental_deterministic = 3


def options_err_nested_type(tf):
    tf.data.Options().experimental_threading.private_threadpool_size = 2.5


def options_err_optimization_object(tf):
    try:  # the message names TF's module and the object's address: compare its start
        tf.data.Options().experimental_optimization = tf.data.experimental.ThreadingOptions()
    except TypeError as e:
        message = str(e).split(" must be")[0]
        return lambda sess: message


def options_merge(tf):
    a = _options(tf, experimental_deterministic=False)
    b = _options(tf, experimental_slack=True)
    b.experimental_optimization.map_fusion = True
    a.experimental_optimization.noop_elimination = False
    m = a.merge(b)
    return lambda sess: [
        repr(m.experimental_deterministic),
        repr(m.experimental_slack),
        repr(m.experimental_optimization.map_fusion),
        repr(m.experimental_optimization.noop_elimination),
        m == a,
        repr(a.experimental_slack),
    ]


def options_err_merge_conflict(tf):
    a = _options(tf, experimental_deterministic=False)
    a.merge(_options(tf, experimental_deterministic=True))


def options_err_merge_nested_conflict(tf):
    a, b = tf.data.Options(), tf.data.Options()
    a.experimental_threading.private_threadpool_size = 2
    b.experimental_threading.private_threadpool_size = 3
    a.merge(b)


def options_of_datasets(tf):
    slack, det = (
        _options(tf, experimental_slack=True),
        _options(tf, experimental_deterministic=False),
    )
    d = _range(tf, 3).with_options(det)
    zipped = tf.data.Dataset.zip((d, _range(tf, 2).with_options(slack)))
    both = d.with_options(slack)
    return lambda sess: [
        repr(d.options().experimental_deterministic),
        _range(tf, 3).options() == tf.data.Options(),
        repr(d.map(lambda x: x).batch(2).repeat().options().experimental_deterministic),
        repr(zipped.options().experimental_slack),
        repr(zipped.options().experimental_deterministic),
        repr(both.options().experimental_slack),
        repr(d.concatenate(_range(tf, 1).with_options(slack)).options().experimental_slack),
        sess.run(tf.data.experimental.get_single_element(both.batch(5))),
        det.experimental_slack is None,
    ]


def options_err_with_options_conflict(tf):
    d = _range(tf, 3).with_options(_options(tf, experimental_deterministic=False))
    d.with_options(_options(tf, experimental_deterministic=True))

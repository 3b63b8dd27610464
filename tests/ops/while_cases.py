"""tf.while_loop cases shared by the tests and tools/make_while_fixtures.py (which runs them in
real TF 1.15). Python 3.7 compatible. Each builder takes the `tf` module and returns
(outputs: a list of tensors, feeds: {placeholder name: value}); outputs that are gradients are
checked too. ERRORS: builders that must raise (class name, message) at build or run time."""

import collections

import numpy as np

rng = np.random.RandomState(5)
W = (rng.standard_normal((3, 3)) * 0.5).astype(np.float32)
V0 = rng.standard_normal((3, 1)).astype(np.float32)
Pair = collections.namedtuple("Pair", "a b")


def counter(tf):
    x = tf.placeholder(tf.float32, [], name="x")
    c = tf.constant(3.0, name="c")
    i, a = tf.while_loop(lambda i, a: i < 5, lambda i, a: (i + 1, a * c + x), [tf.constant(0), x])
    return [i, a] + tf.gradients(a, [x, c]), {"x": np.float32(2.0)}


def fed_iterations(tf):
    """The number of iterations is fed: a matrix recurrence v <- tanh(W v)."""
    n = tf.placeholder(tf.int32, [], name="n")
    v0 = tf.placeholder(tf.float32, [3, 1], name="v0")
    w = tf.Variable(W, name="w")
    _, v = tf.while_loop(
        lambda k, v: k < n, lambda k, v: (k + 1, tf.tanh(tf.matmul(w, v))), [0, v0]
    )
    loss = tf.reduce_sum(v * v)
    return [v] + tf.gradients(loss, [w, v0]), {"n": np.int32(4), "v0": V0}


def zero_iterations(tf):
    x = tf.placeholder(tf.float32, [2], name="x")
    r = tf.while_loop(lambda v: tf.reduce_sum(v) < 0.0, lambda v: v * 3.0, [x])
    return [r] + tf.gradients(r, x), {"x": np.float32([1, 2])}


def nested(tf):
    x = tf.placeholder(tf.float32, [], name="x")

    def outer_body(i, acc):
        _, inner = tf.while_loop(
            lambda j, a: j < i + 1, lambda j, a: (j + 1, a * x), [tf.constant(0), acc]
        )
        return i + 1, inner + 1.0

    i, acc = tf.while_loop(lambda i, a: i < 3, outer_body, [tf.constant(0), tf.constant(1.0)])
    return [i, acc] + tf.gradients(acc, x), {"x": np.float32(1.5)}


def cond_in_body(tf):
    x = tf.placeholder(tf.float32, [], name="x")
    i, a = tf.while_loop(
        lambda i, a: i < 6,
        lambda i, a: (i + 1, tf.cond(tf.equal(i % 2, 0), lambda: a + x, lambda: a * 2.0)),
        [tf.constant(0), x],
    )
    return [i, a], {"x": np.float32(0.5)}


def loop_in_cond(tf):
    x = tf.placeholder(tf.float32, [], name="x")

    def looped():
        return tf.while_loop(lambda v: v < 100.0, lambda v: v * x, [x])

    taken = tf.cond(x > 1.0, looped, lambda: x - 1.0)
    other = tf.cond(x < 1.0, looped, lambda: x - 1.0)
    return [taken, other] + tf.gradients(taken, x), {"x": np.float32(3.0)}


def shape_invariant(tf):
    x = tf.placeholder(tf.float32, [1], name="x")
    r = tf.while_loop(
        lambda v: tf.size(v) < 8,
        lambda v: tf.concat([v, v * 2.0], 0),
        [x],
        shape_invariants=[tf.TensorShape([None])],
    )
    return [r, tf.shape(r)] + tf.gradients(tf.reduce_sum(r), x), {"x": np.float32([1.5])}


def maximum_iterations(tf):
    x = tf.placeholder(tf.float32, [], name="x")
    r = tf.while_loop(lambda v: v < 1e6, lambda v: v * 2.0, [x], maximum_iterations=4)
    i, r2 = tf.while_loop(
        lambda i, v: v < 1e6, lambda i, v: (i + 1, v + x), (0, x), maximum_iterations=3
    )
    return [r, i, r2] + tf.gradients(r + r2, x), {"x": np.float32(1.25)}


def structures(tf):
    x = tf.placeholder(tf.float32, [], name="x")
    out = tf.while_loop(
        lambda i, p, d: i < 3,
        lambda i, p, d: (i + 1, Pair(p.a + p.b, p.b * x), {"u": d["u"] * 2.0, "w": d["w"] - 1}),
        [tf.constant(0), Pair(x, tf.constant(1.0)), {"u": x, "w": tf.constant(5)}],
    )
    i, p, d = out
    return [i, p.a, p.b, d["u"], d["w"]] + tf.gradients(p.a + d["u"], x), {"x": np.float32(2.0)}


def python_values(tf):
    i, v = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * 2.5), (0, 1.5))
    single = tf.while_loop(lambda k: k < 10, lambda k: k + 3, [1])
    same = tf.while_loop(lambda k: k < 10, lambda k: [k + 3], [1], return_same_structure=True)
    return [i, v, single, same[0]], {}


def variables_in_body(tf):
    """The body reads a variable and assigns another (control dependencies inside the body)."""
    w = tf.Variable(2.0, name="w")
    total = tf.Variable(0.0, name="total")

    def body(i, a):
        add = tf.assign_add(total, a)
        with tf.control_dependencies([add]):
            return i + 1, a * w

    i, a = tf.while_loop(lambda i, a: i < 4, body, [0, tf.constant(1.0)])
    with tf.control_dependencies([a]):
        final = tf.identity(total.read_value())
    return [a, final] + tf.gradients(a, w), {}


def back_prop_false(tf):
    x = tf.placeholder(tf.float32, [], name="x")
    r = tf.while_loop(lambda v: v < 10.0, lambda v: v * 2.0, [x], back_prop=False)
    g = tf.gradients(r, x)
    return [r, tf.constant(g[0] is None)], {"x": np.float32(1.5)}


def _initializer(tf):
    def init(shape, dtype=None, partition_info=None):
        n = int(np.prod(shape))
        return tf.constant((np.sin(np.arange(n) * 0.7) * 0.4).reshape(shape), dtype=dtype)

    return init


SEQ = rng.standard_normal((2, 5, 3)).astype(np.float32)


def dynamic_rnn_lstm(tf):
    """dynamic_rnn over unknown batch and time, with sequence lengths, and its gradients."""
    x = tf.placeholder(tf.float32, [None, None, 3], name="x")
    lengths = tf.placeholder(tf.int32, [None], name="lengths")
    with tf.variable_scope("lm", initializer=_initializer(tf)):
        cell = tf.nn.rnn_cell.MultiRNNCell(
            [tf.nn.rnn_cell.BasicLSTMCell(4), tf.nn.rnn_cell.GRUCell(3)]
        )
        out, (lstm, gru) = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
    loss = tf.reduce_sum(out * out) + tf.reduce_sum(lstm.h) + tf.reduce_sum(gru)
    weights = tf.trainable_variables()
    return [out, lstm.c, gru] + tf.gradients(loss, [x] + weights), {
        "x": SEQ,
        "lengths": np.int32([5, 3]),
    }


def raw_rnn_lstm(tf):
    """TF's raw_rnn example: an LSTM reading a TensorArray until each sequence's length."""
    x = tf.placeholder(tf.float32, [None, None, 3], name="x")
    lengths = tf.placeholder(tf.int32, [None], name="lengths")
    time_major = tf.transpose(x, [1, 0, 2])
    inputs_ta = tf.TensorArray(dtype=tf.float32, size=tf.shape(x)[1]).unstack(time_major)
    with tf.variable_scope("raw", initializer=_initializer(tf)):
        cell = tf.nn.rnn_cell.BasicLSTMCell(4)

        def loop_fn(time, cell_output, cell_state, loop_state):
            emit = cell_output
            state = (
                cell.zero_state(tf.shape(x)[0], tf.float32) if cell_output is None else (cell_state)
            )
            finished = time >= lengths
            last = tf.shape(x)[1] - 1
            next_input = inputs_ta.read(tf.minimum(time, last))  # (TF 1.15's own example reads
            # in a tf.cond, whose gradient TF 1.15 cannot run: "Retval does not have value")
            return finished, next_input, state, emit, None

        outputs_ta, final_state, _ = tf.nn.raw_rnn(cell, loop_fn)
    out = outputs_ta.stack()
    loss = tf.reduce_sum(out) + tf.reduce_sum(final_state.h)
    return [out, final_state.c] + tf.gradients(loss, [x] + tf.trainable_variables()), {
        "x": SEQ,
        "lengths": np.int32([4, 2]),
    }


def sparse_loop_var(tf):
    """A SparseTensor loop variable whose number of entries grows each iteration."""
    st = tf.SparseTensor(indices=[[0, 0]], values=[1.5], dense_shape=[4, 4])

    def body(i, sp):
        extra = tf.SparseTensor(
            indices=tf.cast(tf.reshape(tf.stack([i + 1, i + 1]), [1, 2]), tf.int64),
            values=tf.reshape(tf.cast(i, tf.float32) + 2.0, [1]),
            dense_shape=[4, 4],
        )
        return i + 1, tf.sparse_add(sp, extra)

    _, out = tf.while_loop(lambda i, sp: i < 3, body, [tf.constant(0), st])
    return [out.indices, out.values, out.dense_shape, tf.sparse_tensor_to_dense(out)], {}


def gradient_options(tf):
    """stop_gradient and a custom gradient inside the body; grad_ys and stop_gradients."""
    x = tf.placeholder(tf.float32, [2], name="x")

    @tf.custom_gradient
    def clipped(v):
        return v * 1.0, lambda dy: tf.clip_by_value(dy, -0.5, 0.5)

    def body(i, a, b):
        return i + 1, clipped(a * x), b * tf.stop_gradient(a) + x

    _, a, b = tf.while_loop(lambda i, a, b: i < 3, body, [0, x, x])
    g_a = tf.gradients(a, x, grad_ys=tf.constant([2.0, -0.25]))
    g_b = tf.gradients(b, x)
    g_stop = tf.gradients(a + b, x, stop_gradients=[a])
    return [a, b] + g_a + g_b + g_stop, {"x": np.float32([0.5, -1.25])}


CASES = {
    f.__name__: f
    for f in (
        sparse_loop_var,
        gradient_options,
        dynamic_rnn_lstm,
        raw_rnn_lstm,
        counter,
        fed_iterations,
        zero_iterations,
        nested,
        cond_in_body,
        loop_in_cond,
        shape_invariant,
        maximum_iterations,
        structures,
        python_values,
        variables_in_body,
        back_prop_false,
    )
}


def _const(tf):
    return tf.constant(0)


ERRORS = {
    "dtype": lambda tf: tf.while_loop(
        lambda i: i < 3, lambda i: tf.cast(i, tf.float32), [tf.constant(0)]
    ),
    "arity": lambda tf: tf.while_loop(
        lambda i, j: i < 3, lambda i, j: i + 1, [tf.constant(0), tf.constant(1)]
    ),
    "structure": lambda tf: tf.while_loop(
        lambda i, j: i < 3, lambda i, j: (i + 1, [j]), [tf.constant(0), tf.constant(1)]
    ),
    "shape": lambda tf: tf.while_loop(
        lambda x: tf.size(x) < 10, lambda x: tf.concat([x, x], 0), [tf.constant([1])]
    ),
    "bad_invariant": lambda tf: tf.while_loop(
        lambda x: tf.size(x) < 10,
        lambda x: tf.concat([x, x], 0),
        [tf.constant([1])],
        shape_invariants=[tf.TensorShape([2])],
    ),
    "non_bool": lambda tf: tf.while_loop(lambda x: x, lambda x: x + 1, [tf.constant(1)]),
    "non_scalar": lambda tf: tf.while_loop(lambda x: x < 3, lambda x: x + 1, [tf.constant([1, 2])]),
    "maximum_iterations_shape": lambda tf: tf.while_loop(
        lambda x: x < 100, lambda x: x + 1, [tf.constant(1)], maximum_iterations=[5]
    ),
    "no_loop_vars": lambda tf: tf.while_loop(lambda x: x < 100, lambda x: x + 1, []),
    "cond_not_callable": lambda tf: tf.while_loop(1, lambda x: x + 1, [1]),
    "body_not_callable": lambda tf: tf.while_loop(lambda x: x < 1, 1, [1]),
    "parallel_iterations": lambda tf: tf.while_loop(
        lambda x: x < 100, lambda x: x + 1, [1], parallel_iterations=0
    ),
    "fetch_inside": lambda tf: (
        tf.while_loop(lambda x: x < 3, lambda x: x + 1, [_const(tf)]),
        tf.get_default_graph().get_tensor_by_name("while/Identity:0"),
    )[1],
}

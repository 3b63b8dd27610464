"""tf.TensorArray cases shared by tools/make_tensor_array_fixtures.py (run with real TF 1.15) and
tests/ops/test_tensor_array.py (run with tinytf): each builds with the `tf` module it is given.
Python 3.7 compatible; no tinytf import."""

import re

import numpy as np

X = np.arange(6, dtype=np.float32).reshape(3, 2) / 4 + 0.5
V = np.array([0.5, -1.5, 2.0, 3.0, -0.25], np.float32)


def _ph(tf, value, shape):
    """`value` behind a placeholder_with_default of `shape`: only the run sees its shape."""
    return tf.placeholder_with_default(value, shape)


# -- value cases: build(tf) -> list of tensors ------------------------------------------------
def write_read(tf):
    ta = tf.TensorArray(tf.float32, 2).write(0, X[0]).write(1, X[1])
    return [ta.read(1), ta.read(0)]


def unstack_stack(tf):
    return [tf.TensorArray(tf.float32, 3).unstack(X).stack()]


def unstack_size(tf):
    ta = tf.TensorArray(tf.float32, 3).unstack(X)
    return [ta.size()]


def gather_constant_indices(tf):
    return [tf.TensorArray(tf.float32, 3).unstack(X).gather([2, 0])]


def scatter_gather(tf):
    ta = tf.TensorArray(tf.float32, 4).scatter([3, 0], X[:2])
    return [ta.gather([0, 3])]


def split_concat_equal(tf):
    ta = tf.TensorArray(tf.float32, 3).split(X, [1, 1, 1])
    return [ta.concat(), ta.size()]


def split_concat_unequal(tf):
    ta = tf.TensorArray(tf.float32, 2, infer_shape=False).split(V, [2, 3])
    return [ta.concat()]


def split_read(tf):
    ta = tf.TensorArray(tf.float32, 2, infer_shape=False).split(V, [2, 3])
    return [ta.read(1)]


def dynamic_write_past_end(tf):
    ta = tf.TensorArray(tf.float32, 1, dynamic_size=True).write(3, X[0])
    return [ta.size(), ta.stack()]


def dynamic_scatter_grows(tf):
    ta = tf.TensorArray(tf.float32, 0, dynamic_size=True).scatter([1, 2], X[:2])
    return [ta.size(), ta.stack()]


def dynamic_split_grows(tf):
    ta = tf.TensorArray(tf.float32, 0, dynamic_size=True, infer_shape=False).split(X, [1, 2])
    return [ta.size(), ta.concat()]


def unwritten_known_shape_zeros(tf):
    return [tf.TensorArray(tf.float32, 3, element_shape=[2]).read(1)]


def unwritten_after_write_zeros(tf):
    return [tf.TensorArray(tf.float32, 3).write(0, X[0]).stack()]


def read_twice_without_clear(tf):
    ta = tf.TensorArray(tf.float32, 2, clear_after_read=False).write(0, X[0])
    a = ta.read(0)
    with tf.control_dependencies([a]):
        b = ta.read(0) * 2
    return [a, b]


def element_shape_partial(tf):
    ta = tf.TensorArray(tf.float32, 2, element_shape=[None, 2], infer_shape=False)
    ta = ta.write(0, _ph(tf, X, [None, 2])).write(1, X[:2])
    return [ta.read(0), ta.read(1)]


def element_shape_from_write(tf):
    ta = tf.TensorArray(tf.float32, 2).write(0, _ph(tf, X[0], None))
    return [ta.write(1, X[1]).read(1)]


def no_infer_shape(tf):
    ta = tf.TensorArray(tf.float32, 2, infer_shape=False).write(0, X[0]).write(1, V)
    return [ta.read(0), ta.read(1)]


def python_values_take_dtype(tf):
    return [tf.TensorArray(tf.float32, 2).write(0, [1, 2]).write(1, [3.5, 4]).read(1)]


def int32_stack(tf):
    ta = tf.TensorArray(tf.int32, 3).write(0, 4).write(2, -1)
    return [ta.stack()]


def int64_unstack_gather(tf):
    x = tf.constant([[1, 2], [3, 4]], tf.int64)
    return [tf.TensorArray(tf.int64, 2).unstack(x).gather([1])]


def float64_concat(tf):
    x = tf.constant(X, tf.float64)
    return [tf.TensorArray(tf.float64, 2, infer_shape=False).split(x, [1, 2]).concat()]


def bool_stack(tf):
    return [tf.TensorArray(tf.bool, 2).write(0, True).write(1, False).stack()]


def string_stack(tf):
    return [tf.TensorArray(tf.string, 2).write(0, "a").write(1, "bc").stack()]


def string_unstack_read(tf):
    ta = tf.TensorArray(tf.string, 3).unstack(["x", "yy", "zzz"])
    return [ta.read(2)]


def identity_flow(tf):
    ta = tf.TensorArray(tf.float32, 1).write(0, X[0]).identity()
    return [ta.read(0), ta.flow]


def empty_stack_known_shape(tf):
    return [tf.TensorArray(tf.float32, 0, element_shape=[2]).stack()]


def empty_concat_known_shape(tf):
    return [tf.TensorArray(tf.float32, 0, element_shape=[None, 3]).concat()]


def size_fed(tf):
    n = tf.placeholder_with_default(4, [])
    return [tf.TensorArray(tf.float32, n).size()]


def named_array(tf):
    ta = tf.TensorArray(tf.float32, 1, tensor_array_name="foo", name="arr").write(0, 1.0)
    return [ta.read(0), ta.flow]


def size_after_close(tf):
    ta = tf.TensorArray(tf.float32, 2).write(0, 1.0)
    close = ta.close()
    with tf.control_dependencies([close]):
        again = ta.close()
    with tf.control_dependencies([again]):
        return [ta.size()]


def explicit_grad_aggregates(tf):
    ta = tf.TensorArray(tf.float32, 2).write(0, [1.0, 2.0]).write(1, [0.0, 0.0])
    g = ta.grad("gradients_test").write(0, [1.0, 1.0]).write(0, [2.0, 3.0])
    return [g.read(0), g.read(1), g.size()]


def explicit_grad_unwritten_zeros(tf):
    ta = tf.TensorArray(tf.float32, 3, element_shape=[2]).write(0, [1.0, 2.0])
    g = ta.grad("gradients_test")
    return [g.read(1), g.read(2)]


def explicit_grad_scalar_elements(tf):
    ta = tf.TensorArray(tf.float32, 2).write(0, 1.0).write(1, 2.0)
    g = ta.grad("gradients_test")
    return [g.read(1), g.size()]


def explicit_grad_same_source_shared(tf):
    ta = tf.TensorArray(tf.float32, 1).write(0, [1.0])
    g1 = ta.grad("gradients_a").write(0, [2.0])
    with tf.control_dependencies([g1.flow]):
        g2 = ta.grad("gradients_a", flow=tf.identity(ta.flow))
    return [g2.read(0)]


CASES = {f.__name__: f for f in [
    write_read, unstack_stack, unstack_size, gather_constant_indices, scatter_gather,
    split_concat_equal, split_concat_unequal, split_read, dynamic_write_past_end,
    dynamic_scatter_grows, dynamic_split_grows, unwritten_known_shape_zeros,
    unwritten_after_write_zeros, read_twice_without_clear, element_shape_partial,
    element_shape_from_write, no_infer_shape, python_values_take_dtype, int32_stack,
    int64_unstack_gather, float64_concat, bool_stack, string_stack, string_unstack_read,
    identity_flow, empty_stack_known_shape, empty_concat_known_shape, size_fed, named_array,
    size_after_close, explicit_grad_aggregates, explicit_grad_unwritten_zeros,
    explicit_grad_scalar_elements, explicit_grad_same_source_shared,
]}  # fmt: skip


# -- gradient cases: build(tf, x) -> y (float); the fixture holds d sum(W * y) / dx -----------
def g_unstack_stack(tf, x):
    return tf.TensorArray(x.dtype, 3).unstack(x).stack() * 3.0


def g_write_read(tf, x):
    ta = tf.TensorArray(x.dtype, 3).write(0, x[0]).write(1, x[1] * x[1]).write(2, x[2])
    return tf.stack([ta.read(1), ta.read(0) * 2.0])


def g_gather_subset(tf, x):
    return tf.TensorArray(x.dtype, 3).unstack(x).gather([2, 0])


def g_scatter_stack(tf, x):
    return tf.TensorArray(x.dtype, 4).scatter([3, 1, 0], x).stack()


def g_split_concat(tf, x):
    ta = tf.TensorArray(x.dtype, 2, infer_shape=False).split(tf.reshape(x, [6]), [2, 4])
    return ta.concat() * tf.range(6.0, dtype=x.dtype)


def g_concat_of_writes(tf, x):
    v = tf.reshape(x, [6])
    ta = tf.TensorArray(x.dtype, 2, infer_shape=False).write(0, v[:2]).write(1, v[2:5] * v[5])
    return ta.concat()


def g_split_read(tf, x):
    ta = tf.TensorArray(x.dtype, 3).split(x, [1, 1, 1])
    return ta.read(1) * ta.read(2)


def g_dynamic(tf, x):
    ta = tf.TensorArray(x.dtype, 0, dynamic_size=True).write(0, x[0]).write(2, x[2] * 2.0)
    return ta.stack()


def g_read_without_clear(tf, x):
    ta = tf.TensorArray(x.dtype, 3, clear_after_read=False).unstack(x)
    return ta.read(1) * ta.read(1) + ta.stack()[0]


def g_known_element_shape(tf, x):
    ta = tf.TensorArray(x.dtype, 3, element_shape=[2]).unstack(x)
    return ta.read(2)


GRADS = {f.__name__: f for f in [
    g_unstack_stack, g_write_read, g_gather_subset, g_scatter_stack, g_split_concat,
    g_concat_of_writes, g_split_read, g_dynamic, g_read_without_clear, g_known_element_shape,
]}  # fmt: skip


def weights(shape):
    """The fixed weights W of the gradient cases' loss."""
    return (np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape) % 5) - 1.5


def two_gradient_calls(tf):
    """Two tf.gradients calls through one array: each gets its own gradient array."""
    x = tf.constant(X)
    y = tf.TensorArray(tf.float32, 3).unstack(x).stack()
    g1 = tf.gradients(tf.reduce_sum(y * 2.0), x)[0]
    g2 = tf.gradients(tf.reduce_sum(y * y), x)[0]
    return [g1, g2]


# -- loop cases: build(tf, x) -> list of tensors, with tf.while_loop; values and d sum(y) / dx --
def loop_write_stack(tf, x):
    def body(i, ta):
        return i + 1, ta.write(i, x[i] * x[i])

    _, ta = tf.while_loop(lambda i, ta: i < 3, body, [0, tf.TensorArray(x.dtype, 3)])
    return [ta.stack()]


def loop_read_accumulate(tf, x):
    inputs = tf.TensorArray(x.dtype, 3).unstack(x)

    def body(i, acc):
        return i + 1, acc + inputs.read(i) * tf.cast(i + 1, x.dtype)

    _, acc = tf.while_loop(lambda i, acc: i < 3, body, [0, tf.zeros([2], x.dtype)])
    return [acc]


def loop_dynamic_size(tf, x):
    def body(i, ta):
        return i + 1, ta.write(i, tf.reduce_sum(x[i]) * tf.cast(i, x.dtype))

    ta = tf.TensorArray(x.dtype, 0, dynamic_size=True)
    _, ta = tf.while_loop(lambda i, ta: i < 3, body, [0, ta])
    return [ta.stack(), ta.size()]


def loop_scan_like(tf, x):
    inputs = tf.TensorArray(x.dtype, 3).unstack(x)

    def body(i, state, out):
        state = state * inputs.read(i) + 1.0
        return i + 1, state, out.write(i, state)

    init = [0, tf.ones([2], x.dtype), tf.TensorArray(x.dtype, 3)]
    _, last, out = tf.while_loop(lambda i, s, o: i < 3, body, init)
    return [out.stack(), last]


LOOPS = {f.__name__: f for f in [
    loop_write_stack, loop_read_accumulate, loop_dynamic_size, loop_scan_like,
]}  # fmt: skip


# -- bad cases: build(tf) -> fetch; TF's exception class and first message line ----------------
def _twice(tf):
    ta = tf.TensorArray(tf.float32, 3).write(0, X[0])
    a = ta.read(0)
    with tf.control_dependencies([a]):
        return ta.read(0)


def _read_closed(tf):
    ta = tf.TensorArray(tf.float32, 3).write(0, X[0])
    with tf.control_dependencies([ta.close()]):
        return ta.read(0)


def _write_after_grad(tf):
    ta = tf.TensorArray(tf.float32, 2, dynamic_size=True).write(0, 1.0)
    g = ta.grad("gradients")
    with tf.control_dependencies([g.flow]):
        return ta.write(3, 2.0).flow


def _write_after_read(tf):
    ta = tf.TensorArray(tf.float32, 2, clear_after_read=False).write(0, 1.0)
    r = ta.read(0)
    with tf.control_dependencies([r]):
        return ta.write(0, 2.0).flow


def _grad_write_wrong_shape(tf):
    ta = tf.TensorArray(tf.float32, 2, infer_shape=False).write(0, [1.0, 2.0])
    return ta.grad("gradients_test").write(0, _ph(tf, [1.0, 2.0, 3.0], [None])).flow


BAD = {
    "write_after_grad_no_longer_dynamic": _write_after_grad,
    "write_after_read": _write_after_read,
    "grad_write_wrong_shape": _grad_write_wrong_shape,
    "size_int64": lambda tf: tf.TensorArray(tf.float32, tf.constant(2, tf.int64)).size(),
    "size_float": lambda tf: tf.TensorArray(tf.float32, 2.0).size(),
    "write_index_int64": lambda tf: (
        tf.TensorArray(tf.float32, 2).write(tf.constant(0, tf.int64), 1.0).flow
    ),
    "write_index_float": lambda tf: tf.TensorArray(tf.float32, 2).write(0.0, 1.0).flow,
    "read_index_int64": lambda tf: (
        tf.TensorArray(tf.float32, 2).write(0, 1.0).read(tf.constant(0, tf.int64))
    ),
    "read_index_vector": lambda tf: tf.TensorArray(tf.float32, 2).write(0, 1.0).read([0]),
    "gather_indices_int64": lambda tf: (
        tf.TensorArray(tf.float32, 2).write(0, 1.0).gather(tf.constant([0], tf.int64))
    ),
    "gather_indices_matrix": lambda tf: tf.TensorArray(tf.float32, 2).write(0, 1.0).gather([[0]]),
    "int_array_float_value": lambda tf: tf.TensorArray(tf.int32, 2).write(0, 1.5).flow,
    "split_int_value": lambda tf: (
        tf.TensorArray(tf.float32, 2).split(tf.constant([1, 2]), [1, 1]).flow
    ),
    "bad_dtype": lambda tf: tf.TensorArray("foo", 2),
    "read_past_size": lambda tf: tf.TensorArray(tf.float32, 3).write(0, X[0]).read(5),
    "read_negative": lambda tf: tf.TensorArray(tf.float32, 3).write(0, X[0]).read(-1),
    "read_unwritten_unknown_shape": lambda tf: tf.TensorArray(tf.float32, 3).read(1),
    "read_unwritten_no_infer": lambda tf: (
        tf.TensorArray(tf.float32, 3, infer_shape=False).write(0, X[0]).read(1)
    ),
    "read_twice": _twice,
    "gather_twice": lambda tf: (
        tf.TensorArray(tf.float32, 2).write(0, 1.0).write(1, 2.0).gather([1, 1])
    ),
    "gather_negative": lambda tf: (
        tf.TensorArray(tf.float32, 2).write(0, 1.0).write(1, 2.0).gather([1, -1])
    ),
    "write_twice": lambda tf: tf.TensorArray(tf.float32, 3).write(0, X[0]).write(0, X[1]).flow,
    "write_past_end": lambda tf: tf.TensorArray(tf.float32, 3).write(3, X[0]).flow,
    "write_negative": lambda tf: tf.TensorArray(tf.float32, 3).write(-1, X[0]).flow,
    "write_wrong_dtype": lambda tf: (
        tf.TensorArray(tf.float32, 3).write(0, tf.constant([1, 2])).flow
    ),
    "write_wrong_shape_build": lambda tf: (
        tf.TensorArray(tf.float32, 3).write(0, X[0]).write(1, V).flow
    ),
    "write_wrong_shape_run": lambda tf: (
        tf.TensorArray(tf.float32, 3).write(0, X[0]).write(1, _ph(tf, V, [None])).flow
    ),
    "write_wrong_element_shape": lambda tf: (
        tf.TensorArray(tf.float32, 3, element_shape=[3]).write(0, _ph(tf, X[0], None)).flow
    ),
    "partial_element_shape_fixed_by_first_write": lambda tf: (
        tf.TensorArray(tf.float32, 2, element_shape=[None, 2])
        .write(0, _ph(tf, X, [None, 2]))
        .write(1, X[:2])
        .flow
    ),
    "stack_empty": lambda tf: tf.TensorArray(tf.float32, 0).stack(),
    "concat_empty": lambda tf: tf.TensorArray(tf.float32, 0).concat(),
    "stack_inconsistent": lambda tf: (
        tf.TensorArray(tf.float32, 2, infer_shape=False).write(0, X[0]).write(1, V).stack()
    ),
    "concat_inconsistent": lambda tf: (
        tf.TensorArray(tf.float32, 2, infer_shape=False).write(0, X).write(1, X[:, :1]).concat()
    ),
    "concat_scalars": lambda tf: tf.TensorArray(tf.float32, 2).write(0, 1.0).write(1, 2.0).concat(),
    "size_negative": lambda tf: tf.TensorArray(tf.float32, -1).size(),
    "size_not_scalar": lambda tf: tf.TensorArray(tf.float32, [2]).size(),
    "read_closed": _read_closed,
    "string_unwritten": lambda tf: (
        tf.TensorArray(tf.string, 2, element_shape=[]).write(0, "a").stack()
    ),
    "scatter_length_mismatch_build": lambda tf: (
        tf.TensorArray(tf.float32, 3).scatter([0, 1], X).flow
    ),
    "scatter_length_mismatch_run": lambda tf: (
        tf.TensorArray(tf.float32, 3).scatter(_ph(tf, [0, 1], [None]), X).flow
    ),
    "scatter_past_end": lambda tf: tf.TensorArray(tf.float32, 3).scatter([0, 4], X[:2]).flow,
    "scatter_scalar": lambda tf: (
        tf.TensorArray(tf.float32, 3).scatter([0], _ph(tf, 1.0, None)).flow
    ),
    "scatter_wrong_dtype": lambda tf: (
        tf.TensorArray(tf.float32, 3).scatter([0], tf.constant([[1, 2]])).flow
    ),
    "split_sum_mismatch": lambda tf: tf.TensorArray(tf.float32, 2).split(V, [1, 1]).flow,
    "split_size_mismatch": lambda tf: (
        tf.TensorArray(tf.float32, 3, infer_shape=False).split(V, [2, 3]).flow
    ),
    "split_inferred_shape": lambda tf: tf.TensorArray(tf.float32, 2).split(V, [2, 3]).flow,
    "split_equal_pieces_inconsistent": lambda tf: (
        tf.TensorArray(tf.float32, 3).write(0, V).split(X, [1, 1, 1]).flow
    ),
    "handle_and_size": lambda tf: tf.TensorArray(
        tf.float32, 2, handle=tf.TensorArray(tf.float32, 1).handle, flow=tf.constant(0.0)
    ),
    "handle_without_flow": lambda tf: tf.TensorArray(
        tf.float32, handle=tf.TensorArray(tf.float32, 1).handle
    ),
    "handle_and_name": lambda tf: tf.TensorArray(
        tf.float32,
        handle=tf.TensorArray(tf.float32, 1).handle,
        flow=tf.constant(0.0),
        tensor_array_name="a",
    ),
    "no_size": lambda tf: tf.TensorArray(tf.float32),
    "handle_not_tensor": lambda tf: tf.TensorArray(tf.float32, handle=3, flow=tf.constant(0.0)),
}


def normalize(message):
    """A message without TF's process-wide array counter (TensorArray_7 -> TensorArray_N)."""
    return re.sub(r"_\d+(?=@|:| has already)", "_N", message)


# -- graphs whose TensorArray op names and types must match TF's --------------------------------
def graph_stack_grad(tf):
    x = tf.constant(X)
    y = tf.TensorArray(tf.float32, 3).unstack(x).stack()
    return tf.gradients(tf.reduce_sum(y), x)


def graph_write_read_grad(tf):
    x = tf.constant(X)
    ta = tf.TensorArray(tf.float32, 2).write(0, x[0]).write(1, x[1])
    return tf.gradients(ta.read(1) * ta.read(0), x)


GRAPHS = {"graph_stack_grad": graph_stack_grad, "graph_write_read_grad": graph_write_read_grad}


# -- GraphDefs TF 1.15 writes (golden/tensor_array_<name>.pb) that tinytf imports and runs ------
def graphdef_plain(tf):
    """Fetches y, c, gx: a stack, a split/concat and a gradient through both."""
    x = tf.constant(X, name="x")
    y = tf.TensorArray(tf.float32, 3, element_shape=[2]).unstack(x).stack()
    ta = tf.TensorArray(tf.float32, 2, infer_shape=False).split(tf.reshape(x, [6]), [2, 4])
    c = ta.concat()
    tf.identity(y * 2.0, name="y")
    tf.identity(c, name="c")
    tf.identity(tf.gradients(tf.reduce_sum(y * y) + tf.reduce_sum(c), x)[0], name="gx")


def graphdef_loop(tf):
    """Fetches y, gx: a TensorArray written in a tf.while_loop, and its gradient."""
    x = tf.constant(X, name="x")
    _, ta = tf.while_loop(
        lambda i, ta: i < 3,
        lambda i, ta: (i + 1, ta.write(i, x[i] * x[i])),
        [0, tf.TensorArray(tf.float32, 3)],
    )
    y = tf.identity(ta.stack(), name="y")
    tf.identity(tf.gradients(tf.reduce_sum(y), x)[0], name="gx")


GRAPHDEFS = {
    "plain": (graphdef_plain, ["y:0", "c:0", "gx:0"]),
    "loop": (graphdef_loop, ["y:0", "gx:0"]),
}

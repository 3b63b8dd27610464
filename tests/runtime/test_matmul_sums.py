"""Sums of matrix products run as one product (src/tinytf/runtime/matmul_sums.py): an AddN of
MatMuls, and a gradient loop's accumulator of a weight's per-iteration products. Values come
from exact float64 arithmetic on the inputs; the rewrites are checked to have happened (and
not to have happened where a product is read elsewhere)."""

import collections

import numpy as np
import pytest

import tinytf as tf
from tinytf.runtime import frames, matmul_sums

RNG = np.random.RandomState(0)


def _ops_run_in_loops(monkeypatch):
    """Counts, by op type, the steps loop bodies run."""
    seen = collections.Counter()
    original = frames._run_steps

    def counting(steps, ops, slots, offset):
        seen.update(ops[offset + k].type for k in range(len(steps)))
        return original(steps, ops, slots, offset)

    monkeypatch.setattr(frames, "_run_steps", counting)
    return seen


def _loop_gradient(steps):
    xs = tf.placeholder(tf.float32, [None, 4, 3])
    cs = tf.placeholder(tf.float32, [None, 4, 5])
    w = tf.Variable(RNG.randn(3, 5).astype(np.float32))
    x_ta = tf.TensorArray(tf.float32, size=tf.shape(xs)[0]).unstack(xs)
    c_ta = tf.TensorArray(tf.float32, size=tf.shape(cs)[0]).unstack(cs)

    def body(t, total):
        return t + 1, total + tf.reduce_sum(tf.matmul(x_ta.read(t), w) * c_ta.read(t))

    _, total = tf.while_loop(lambda t, _: t < tf.shape(xs)[0], body, [0, 0.0])
    (dw,) = tf.gradients(total, [w])
    x = RNG.randn(steps, 4, 3).astype(np.float32)
    c = RNG.randn(steps, 4, 5).astype(np.float32)
    with tf.Session() as sess:
        sess.run(w.initializer)
        got = sess.run(dw, {xs: x, cs: c})
    want = np.einsum("tbi,tbu->iu", x.astype(np.float64), c.astype(np.float64))
    return got, want


def test_a_gradient_loop_adds_the_weight_products_once_at_its_exit(monkeypatch):
    seen = _ops_run_in_loops(monkeypatch)
    got, want = _loop_gradient(steps=7)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    # the forward loop's 7 products; the backward loop's 7 for the weight are one, at the exit
    # (and the inputs' gradients are not asked for)
    assert seen["MatMul"] == 7


def test_a_gradient_loop_of_no_iterations_gives_zeros():
    got, want = _loop_gradient(steps=0)
    np.testing.assert_array_equal(got, np.zeros((3, 5), np.float32))
    assert want.shape == got.shape


def test_dynamic_rnn_kernel_gradient_matches_the_unrolled_graph():
    # the same cell and inputs through dynamic_rnn (deferred accumulator) and an explicit
    # Python unroll whose gradient is an AddN of products: both against float64 arithmetic
    steps, batch, units = 6, 3, 4
    x = RNG.randn(batch, steps, 2).astype(np.float32)
    kernel = RNG.randn(2 + units, units).astype(np.float32) * 0.5
    inputs = tf.placeholder(tf.float32, [batch, steps, 2])
    with tf.variable_scope("rnn", initializer=tf.constant_initializer(kernel)):
        cell = tf.nn.rnn_cell.BasicRNNCell(units)
        out, _ = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)
    (dk,) = tf.gradients(tf.reduce_sum(out), [cell.trainable_variables[0]])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(dk, {inputs: x})
    # float64 backprop through h_t = tanh([x_t, h_{t-1}] k)
    k, hs, zs = kernel.astype(np.float64), [np.zeros((batch, units))], []
    for t in range(steps):
        zs.append(np.concatenate([x[:, t], hs[-1]], 1))
        hs.append(np.tanh(zs[-1] @ k))
    want, dh = np.zeros_like(k), np.zeros((batch, units))
    for t in reversed(range(steps)):
        dpre = (dh + 1.0) * (1 - hs[t + 1] ** 2)
        want += zs[t].T @ dpre
        dh = (dpre @ k.T)[:, 2:]
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


def _addn_plan(sess, fetch, feed):
    sess.run(fetch, feed)
    return list(sess._plans.values())[-1]


def test_an_add_n_of_products_is_one_product():
    a = [tf.placeholder(tf.float32, [6, 3]) for _ in range(4)]
    b = [tf.placeholder(tf.float32, [6, 5]) for _ in range(4)]
    extra = tf.placeholder(tf.float32, [3, 5])
    total = tf.add_n([tf.matmul(x, y, transpose_a=True) for x, y in zip(a, b)] + [extra])
    values = {p: RNG.randn(*p.shape.as_list()).astype(np.float32) for p in a + b + [extra]}
    with tf.Session() as sess:
        got = sess.run(total, values)
        plan = _addn_plan(sess, total, values)
    want = sum(values[x].T.astype(np.float64) @ values[y] for x, y in zip(a, b)) + values[extra]
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    assert [op.type for op in plan._ops].count("MatMul") == 0


@pytest.mark.parametrize("ta,tb", [(False, False), (True, False), (False, True), (True, True)])
def test_every_transpose_form_sums_along_its_contracted_axis(ta, tb):
    def operand(rows, cols, transposed):
        return RNG.randn(*((cols, rows) if transposed else (rows, cols))).astype(np.float32)

    pairs = [(operand(5, 2, ta), operand(2, 4, tb)) for _ in range(3)]
    total = tf.add_n(
        [
            tf.matmul(tf.constant(x), tf.constant(y), transpose_a=ta, transpose_b=tb)
            for x, y in pairs
        ]
    )
    with tf.Session() as sess:
        got = sess.run(tf.identity(total) + tf.zeros([5, 4]))  # not folded whole
    want = sum((x.T if ta else x).astype(np.float64) @ (y.T if tb else y) for x, y in pairs)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_a_product_read_elsewhere_or_not_worth_copying_stays_its_own_step():
    a = tf.placeholder(tf.float32, [None, None])
    b = tf.placeholder(tf.float32, [None, None])
    p1, p2, p3 = tf.matmul(a, b), tf.matmul(b, a), tf.matmul(a, a)
    total = tf.add_n([p1, p2, p3])
    x = RNG.randn(3, 3).astype(np.float32)
    y = RNG.randn(3, 3).astype(np.float32)
    with tf.Session() as sess:
        got, got_p1 = sess.run([total, p1], {a: x, b: y})
        plan = list(sess._plans.values())[-1]
    want = x.astype(np.float64) @ y + y @ x + x @ x
    np.testing.assert_allclose(got, want, rtol=1e-5)
    np.testing.assert_allclose(got_p1, x @ y, rtol=1e-6)
    # p1 is fetched: its own step; p2 and p3 are one step, which runs them one by one (square
    # operands: their concatenation would copy as much as the sum reads)
    assert [op.type for op in plan._ops].count("MatMul") == 1


def test_operands_of_other_shapes_take_the_original_kernels():
    def matmul(a, b):
        return a @ b

    def add(acc, g):
        return acc + g

    collect = matmul_sums._collect(matmul, add, (1, 0))
    acc, pairs = np.zeros((2, 2)), []
    out = collect(acc, pairs, np.ones((2, 3)), np.ones((3, 2)))
    assert out is acc and len(pairs) == 1
    out = collect(acc, pairs, np.ones((2, 3)), np.ones((3, 1)))  # broadcasts: added now
    np.testing.assert_array_equal(out, np.full((2, 2), 3.0))
    assert len(pairs) == 1
    fused = matmul_sums._summed(np, [matmul, matmul], lambda *xs: sum(xs), (1, 0))
    mixed = fused(np.ones((2, 3)), np.ones((3, 2)), np.ones((2, 1)), np.ones((1, 2)))
    np.testing.assert_array_equal(mixed, np.full((2, 2), 4.0))

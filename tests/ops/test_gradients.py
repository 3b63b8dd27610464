import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests.fixture_runner import check_case, load_golden
from tests.ops.bugfix_cases import CASES


def test_gradient_ops_live_under_the_gradients_scope():
    x = tf.placeholder(tf.float32, [None, 3])
    W = tf.Variable(tf.ones([3, 2]))
    loss = tf.reduce_sum(tf.matmul(x, W))
    gx, gW = tf.gradients(loss, [x, W])
    assert gW.op.name.startswith("gradients/MatMul_grad/")
    assert gx.shape.as_list() == [None, 3] and gW.shape.as_list() == [3, 2]
    assert gW.dtype == tf.float32


def test_contributions_from_several_paths_are_summed():
    x = tf.constant(3.0)
    y = x * x + 2 * x + tf.sin(x)
    (g,) = tf.gradients(y, [x])
    with tf.Session() as sess:
        assert sess.run(g) == pytest.approx(2 * 3 + 2 + np.cos(3.0), rel=1e-6)


def test_unconnected_inputs_get_none():
    x, z = tf.constant(1.0), tf.constant(2.0)
    assert tf.gradients(x * 3, [x, z])[1] is None


def test_integer_paths_carry_no_gradient():
    x = tf.constant(2.0)
    through_int = tf.cast(tf.cast(x, tf.int32) * 3, tf.float32)
    assert tf.gradients(through_int + 0.0 * x, [x])[0] is not None
    assert tf.gradients(through_int, [x]) == [None]


def test_grad_ys_weights_the_outputs():
    x = tf.constant([1.0, 2.0])
    y = x * x
    (g,) = tf.gradients(y, [x], grad_ys=[tf.constant([10.0, 100.0])])
    with tf.Session() as sess:
        assert sess.run(g).tolist() == [20.0, 400.0]


def test_several_ys_are_summed():
    x = tf.constant(2.0)
    (g,) = tf.gradients([x * x, 3 * x], [x])
    with tf.Session() as sess:
        assert sess.run(g) == 7.0


def test_stop_gradients_argument():
    a = tf.constant(1.0)
    b = 2 * a
    y = a + b
    ga, gb = tf.gradients(y, [a, b], stop_gradients=[a, b])
    with tf.Session() as sess:
        assert sess.run([ga, gb]) == [1.0, 1.0]


def test_unconnected_gradients_none_or_zero():
    x = tf.constant([1.0, 2.0])
    z = tf.constant([[3.0]])
    y = tf.reduce_sum(x * x)
    assert tf.gradients(y, [z]) == [None]
    (g,) = tf.gradients(y, [z], unconnected_gradients="zero")
    with tf.Session() as sess:
        assert sess.run(g).tolist() == [[0.0]]
    with pytest.raises(ValueError, match="unconnected_gradients"):
        tf.gradients(y, [z], unconnected_gradients="zeros")


def test_broadcast_gradients_are_reduced_to_each_input_shape():
    x = tf.placeholder(tf.float32, [None, 3])
    b = tf.Variable(tf.zeros([3]))
    gx, gb = tf.gradients(tf.reduce_sum(x + b), [x, b])
    assert gb.shape.as_list() == [3]
    with tf.Session() as sess:
        sess.run(b.initializer)
        got = sess.run([gx, gb], {x: np.ones((4, 3))})
    assert got[0].shape == (4, 3) and got[1].tolist() == [4.0, 4.0, 4.0]


GOLDEN = load_golden(pathlib.Path(__file__).parent / "golden", "bugfix")


def test_integer_ys_and_xs_get_none_as_in_tf():
    facts = check_case(
        tf, CASES, "integer_gradients", GOLDEN, apart=("bool_grad_ys_error",)
    )
    # TF's message shows the tensor as TF prints it (without "shape=<unknown>")
    kind, message = facts["bool_grad_ys_error"]
    assert kind == "TypeError" and message.startswith("Gradient type bool generated for real")


def test_gradient_of_integer_output_is_none():
    c = tf.constant(1)
    assert tf.gradients(c * 2, [c]) == [None]


def test_a_reduction_over_an_unknown_rank_still_backpropagates():
    # the reduction's Rank op reads x but carries no gradient; the walk must not wait for it
    x = tf.placeholder(tf.float32)
    (g,) = tf.gradients(tf.reduce_sum(x * 3.0), x)
    with tf.Session() as sess:
        assert sess.run(g, {x: [1.0, 2.0]}).tolist() == [3.0, 3.0]


def test_complex_ys_need_grad_ys():
    x = tf.constant(1.0)
    z = tf.complex(x, x)
    with pytest.raises(TypeError, match="complex tensors must set grad_ys"):
        tf.gradients(z, x)
    assert tf.gradients(z, x, grad_ys=tf.complex(1.0, 0.0))[0] is not None


def test_custom_gradient_via_override_map():
    @tf.RegisterGradient("TinytfTestDouble")
    def _double(op, dy):
        return 2 * dy

    x = tf.constant(3.0)
    g = tf.get_default_graph()
    with g.gradient_override_map({"Identity": "TinytfTestDouble"}):
        y = tf.identity(x)
    with tf.Session() as sess:
        assert sess.run(tf.gradients(y, [x])[0]) == 2.0

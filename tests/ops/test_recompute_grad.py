"""tf.recompute_grad (src/tinytf/ops/recompute_grad.py) against real TF 1.15: the cases of
tests/ops/case_cases.py (values and gradients through the block and through plain f, variables
created outside f, a tensor f reads from outside, f run again in the backward pass, bad calls),
whose TF results tools/make_case_fixtures.py wrote to golden/case.json; then that the backward
pass reads none of the forward pass's activations, and finite-difference gradients."""

import json
from pathlib import Path

import numpy as np
import pytest

import tinytf as tf
from tests.ops import case_cases
from tests.optest import check_gradients

GOLDEN = json.loads((Path(__file__).parent / "golden" / "case.json").read_text())

# TF 1.15 recomputes without variables only inside a variable_scope(use_resource=True); tinytf
# honours that once VariableScope records use_resource.
needs_use_resource = pytest.mark.skipif(
    not hasattr(tf.get_variable_scope(), "use_resource"),
    reason="VariableScope has no use_resource yet (src/tinytf/ops/variable_scope.py)",
)
_NEED_SCOPE = {"recompute_grad_inputs_only", "recompute_grad_calls_f_again"}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=[needs_use_resource] if n in _NEED_SCOPE else [])
        for n in sorted(case_cases.CASES)
        if n.startswith("recompute_grad")
    ],
)
def test_recompute_grad_matches_tf(name):
    with tf.Graph().as_default():
        got = json.loads(json.dumps(case_cases.CASES[name](tf)))
    assert case_cases.close(got, GOLDEN[name]), (got, GOLDEN[name])


def _dense():
    w = tf.Variable(case_cases.W, name="w")
    b = tf.Variable([0.1, -0.2], name="b")
    return w, b, lambda x: tf.tanh(tf.matmul(tf.sin(x), w) + b)


def test_backward_pass_reads_no_forward_activation():
    w, b, block = _dense()
    x = tf.constant(case_cases.X)
    graph = tf.get_default_graph()
    before = set(graph.get_operations())
    y = tf.recompute_grad(block)(x)
    forward = set(graph.get_operations()) - before - {y.op}
    activations = {t for op in forward for t in op.outputs}
    grads = tf.gradients(tf.reduce_sum(y), [x, w, b])
    backward = set(graph.get_operations()) - before - forward - {y.op}
    assert all(g is not None for g in grads)
    assert activations and not any(t in activations for op in backward for t in op.inputs)
    assert len([op for op in backward if op.type == "Tanh"]) == 1
    (sin,) = [op for op in backward if op.type == "Sin"]  # the first op f builds again
    assert sin.control_inputs  # waits for the incoming gradient
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        plain = tf.gradients(tf.reduce_sum(block(x)), [x, w, b])
        for got, want in zip(sess.run(grads), sess.run(plain)):
            np.testing.assert_allclose(got, want, rtol=1e-6)


def test_gradients_with_a_variable_by_finite_differences():
    w = np.array([[0.5, -1.0], [2.0, 0.25]])

    def fn(x):
        v = tf.Variable(w, name="w")
        tf.get_default_session().run(v.initializer)  # check_gradients' session
        return tf.recompute_grad(lambda x: tf.sin(tf.matmul(x, v)) * x)(x)

    check_gradients(fn, [np.array([[0.3, -0.7], [1.1, 0.4]])], rtol=1e-6)


@needs_use_resource
def test_gradients_without_variables_by_finite_differences():
    def fn(x, z):
        with tf.variable_scope("block", use_resource=True):
            return tf.recompute_grad(lambda x, z: tf.tanh(x * z) * tf.exp(z))(x, z)

    check_gradients(fn, [np.array([0.3, -0.7, 1.1]), np.array([0.5, 0.2, -0.4])], rtol=1e-6)


def test_public_name():
    assert tf.compat.v1.recompute_grad is tf.recompute_grad and tf.recompute_grad.__doc__

"""tf.layers against real TF 1.x layers (tools/make_layer_fixtures.py): variable names, shapes and
trainability, output names and static shapes, reuse, UPDATE_OPS, and values (training with batch
statistics, gradients, moving statistics after an update, inference)."""

import json
import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests import fixture_runner
from tests.layers import user_layer_cases
from tests.layers.layer_cases import CASES, IMAGES, VALUE_CASES

GOLDEN = pathlib.Path(__file__).resolve().parent / "golden"
RECORD = json.loads((GOLDEN / "layers.json").read_text())
VALUES = np.load(GOLDEN / "values.npz")


def _shape(t):
    return None if t.shape.ndims is None else t.shape.as_list()


@pytest.mark.parametrize("name", sorted(CASES))
def test_variables_are_named_and_shaped_as_tf(name):
    CASES[name](tf)
    got = [
        [v.op.name, v.shape.as_list(), v in tf.trainable_variables()] for v in tf.global_variables()
    ]
    assert got == RECORD[name]["variables"]
    assert len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)) == RECORD[name]["update_ops"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_outputs_have_tf_static_shapes(name):
    outputs = CASES[name](tf)
    assert [_shape(t) for t in outputs] == [s for _, s in RECORD[name]["outputs"]]


@pytest.mark.parametrize("name", ["naming", "cnn", "dense_batch_norm"])
def test_output_names_follow_tf_scoping_reuse_and_conds(name):
    k = 1 if name == "dense_batch_norm" else None  # its second output is a gradient
    outputs = CASES[name](tf)[:k]
    assert [t.name for t in outputs] == [n for n, _ in RECORD[name]["outputs"]][:k]


@pytest.mark.parametrize("name", VALUE_CASES)
def test_values_gradients_and_moving_statistics_match_tf(name):
    outputs = CASES[name](tf)
    moving = [v for v in tf.global_variables() if "moving_" in v.op.name]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i, got in enumerate(sess.run(outputs)):
            np.testing.assert_allclose(got, VALUES[f"{name}/train/{i}"], rtol=2e-4, atol=1e-5)
        sess.run(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
        for v in moving:
            np.testing.assert_allclose(
                sess.run(v), VALUES[f"{name}/{v.op.name}"], rtol=1e-5, atol=1e-6
            )
        for i, got in enumerate(sess.run(outputs, {"training:0": False})):
            np.testing.assert_allclose(got, VALUES[f"{name}/infer/{i}"], rtol=2e-4, atol=1e-5)


def test_update_ops_do_nothing_when_not_training():
    x = tf.constant(IMAGES)
    training = tf.placeholder_with_default(True, [])
    tf.layers.batch_normalization(x, training=training)
    mean = tf.global_variables()[2]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(tf.get_collection(tf.GraphKeys.UPDATE_OPS), {training: False})
        assert np.all(sess.run(mean) == 0)
        sess.run(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
        assert np.all(sess.run(mean) != 0)


def test_dropout_with_a_python_bool_and_a_tensor():
    x = tf.ones([200, 50])
    training = tf.placeholder(tf.bool, [])
    kept = tf.layers.dropout(x, rate=0.25, training=training)
    with tf.Session() as sess:
        assert np.all(sess.run(kept, {training: False}) == 1)
        dropped = sess.run(kept, {training: True})
    assert set(np.unique(dropped).tolist()) == {0.0, np.float32(1 / 0.75)}
    assert abs((dropped == 0).mean() - 0.25) < 0.03
    assert tf.layers.dropout(x, training=False).op.type == "Identity"


def test_layer_objects_share_variables_across_calls():
    layer = tf.layers.Dense(3, name="proj")
    a = layer(tf.ones([2, 4]))
    b = layer(tf.zeros([5, 4]))
    assert [v.op.name for v in layer.variables] == ["proj/kernel", "proj/bias"]
    assert len(tf.global_variables()) == 2
    assert a.op.name == "proj/BiasAdd" and b.op.name == "proj/BiasAdd_1"
    assert layer.kernel.shape.as_list() == [4, 3]


def test_default_initializers_glorot_uniform_kernel_zero_bias():
    tf.set_random_seed(0)
    tf.layers.dense(tf.ones([1, 300]), 200)
    kernel, bias = tf.global_variables()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        k, b = sess.run([kernel, bias])
    limit = np.sqrt(6 / (300 + 200))
    assert np.all(np.abs(k) <= limit) and np.abs(k).max() > 0.95 * limit
    assert abs(k.std() - limit / np.sqrt(3)) < 0.002
    assert np.all(b == 0)


def test_regularizers_add_losses():
    tf.layers.dense(tf.ones([2, 3]), 4, kernel_regularizer=lambda w: tf.reduce_sum(w * 0 + 1.0))
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(losses) == [12.0]


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match="last dimension of the inputs to `Dense` should be"):
        tf.layers.dense(tf.placeholder(tf.float32, [None, None]), 3)
    with pytest.raises(ValueError, match="expected ndim=4, found ndim=2"):
        tf.layers.conv2d(tf.ones([2, 3]), 4, 3)
    with pytest.raises(ValueError, match="padding"):
        tf.layers.max_pooling2d(tf.ones([1, 4, 4, 1]), 2, 2, padding="full")
    tf.layers.dense(tf.ones([2, 3]), 4, name="fc")
    with pytest.raises(ValueError, match="Variable fc/kernel already exists"):
        tf.layers.dense(tf.ones([2, 3]), 4, name="fc")


def test_a_user_layer_subclass_works_as_in_tf():
    """build/add_weight (trainable and not, with a regularizer), add_loss, losses, two calls
    sharing the weights, `scope` on the first call, TF 1.15's layer names (`scale_1`)."""
    golden = fixture_runner.load_golden(GOLDEN, "user_layers")
    fixture_runner.check_case(tf, user_layer_cases.CASES, "user_layer", golden)


def test_add_weight_refuses_unknown_arguments():
    layer = tf.layers.Layer()
    with pytest.raises(TypeError, match="Unknown keyword argument"):
        layer.add_weight("w", [1], colour="red")


def test_a_layer_takes_a_list_of_inputs():
    class Sum(tf.layers.Layer):
        def build(self, input_shape):
            self.shapes = [s.as_list() for s in input_shape]

        def call(self, inputs):
            return tf.add_n(inputs)

    layer = Sum()
    out = layer([tf.ones([2, 3]), tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])])
    assert layer.shapes == [[2, 3], [2, 3]]
    with tf.Session() as sess:
        assert sess.run(out).tolist() == [[2.0, 3.0, 4.0], [5.0, 6.0, 7.0]]

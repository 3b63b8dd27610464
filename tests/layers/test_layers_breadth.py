"""tf.layers' breadth against real TF 1.15 (tools/make_layers_breadth_fixtures.py ->
golden/layers_breadth.json, .npz): Conv1D/Conv3D and the transposes, SeparableConv1D/2D,
1-D/3-D pooling, channels_first, InputSpec, the Layer API and TF's layer names; values and
gradients from fixed weights, and central-difference gradients."""

import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests import fixture_runner
from tests.layers import layers_breadth_cases as cases

GOLDEN = fixture_runner.load_golden(
    pathlib.Path(__file__).resolve().parent / "golden", "layers_breadth"
)
FACTS, ARRAYS = GOLDEN


@pytest.mark.parametrize(
    "name",
    ["convolutions", "separable", "pooling", "channels_first_runs", "channels_first_graphs"],
)
def test_layer_variables_names_shapes_values_and_gradients_match_tf(name):
    fixture_runner.check_case(tf, cases.CASES, name, GOLDEN, rtol=2e-4, atol=2e-5)


def test_layer_names_are_uniquified_and_a_layer_called_twice_shares_its_variables():
    fixture_runner.check_case(tf, cases.CASES, "naming", GOLDEN)


def test_layer_api_weights_losses_updates_specs_and_shapes_match_tf():
    facts = fixture_runner.check_case(
        tf, cases.CASES, "layer_api", GOLDEN, apart=("losses",), rtol=1e-5
    )
    # TF 1.15 makes a weight regularizer's loss anew (outside the layer's scope) on each read
    # of `losses`; its position (last) and the others' names are what is compared
    want = FACTS["layer_api"]["losses"]
    assert facts["losses"][:-1] == want[:-1]
    assert facts["losses"][-1][0].endswith("w/Regularizer/Sum:0")


def test_get_weights_and_set_weights_match_tf():
    fixture_runner.check_case(tf, cases.CASES, "weights_io", GOLDEN)


def test_bad_arguments_and_inputs_raise_tf_errors():
    fixture_runner.check_case(tf, cases.CASES, "errors", GOLDEN)


def _first_of(x, rank):
    return np.transpose(x, [0, rank + 1, *range(1, rank + 1)])


def _build_channels_first(build, x, rank):
    """The layer built by `build` on x's channels_first transpose, as channels_last again."""
    y = build(tf.constant(_first_of(x, rank)), "channels_first")
    return tf.transpose(y, [0, *range(2, rank + 2), 1])


CHANNELS_FIRST = [  # (output index in the golden case, rank, x, the layer on (inputs, format))
    ("convolutions", 0, 1, cases.X1, lambda t, f: tf.layers.conv1d(
        t, 4, 3, data_format=f, kernel_initializer=tf.constant_initializer(cases._init((3, 3, 4))),
        bias_initializer=tf.constant_initializer(0.1))),
    ("convolutions", 2, 1, cases.X1, lambda t, f: tf.layers.conv1d(
        t, 2, 3, padding="causal", dilation_rate=2, use_bias=False, data_format=f,
        kernel_initializer=tf.constant_initializer(cases._init((3, 3, 2), seed=2)))),
    ("convolutions", 3, 2, cases.X2, lambda t, f: tf.layers.conv2d(
        t, 3, [2, 3], dilation_rate=(2, 1), padding="same", data_format=f,
        kernel_initializer=tf.constant_initializer(cases._init((2, 3, 3, 3), seed=3)))),
    ("convolutions", 4, 3, cases.X3, lambda t, f: tf.layers.conv3d(
        t, 3, 2, strides=(1, 2, 1), data_format=f,
        kernel_initializer=tf.constant_initializer(cases._init((2, 2, 2, 2, 3), seed=4)),
        bias_initializer=tf.constant_initializer(-0.2))),
    ("convolutions", 7, 3, cases.X3, lambda t, f: tf.layers.conv3d_transpose(
        t, 2, [2, 3, 2], strides=2, data_format=f,
        kernel_initializer=tf.constant_initializer(cases._init((2, 3, 2, 2, 2), seed=7)),
        bias_initializer=tf.constant_initializer(0.3))),
    ("separable", 0, 1, cases.X1, lambda t, f: tf.layers.separable_conv1d(
        t, 4, 3, depth_multiplier=2, data_format=f,
        depthwise_initializer=tf.constant_initializer(cases._init((3, 3, 2), seed=9)),
        pointwise_initializer=tf.constant_initializer(cases._init((1, 6, 4), seed=10)),
        bias_initializer=tf.constant_initializer(0.05))),
    ("separable", 3, 2, cases.X2, lambda t, f: tf.layers.separable_conv2d(
        t, 5, [3, 2], depth_multiplier=3, strides=2, activation=tf.nn.tanh, data_format=f,
        depthwise_initializer=tf.constant_initializer(cases._init((3, 2, 3, 3), seed=15)),
        pointwise_initializer=tf.constant_initializer(cases._init((1, 1, 9, 5), seed=16)))),
    ("pooling", 4, 2, cases.X2, lambda t, f: tf.layers.max_pooling2d(
        t, [2, 3], [1, 2], padding="same", data_format=f)),
    ("pooling", 5, 2, cases.X2, lambda t, f: tf.layers.average_pooling2d(t, 3, 2, data_format=f)),
]  # fmt: skip


@pytest.mark.parametrize("case,index,rank,x,build", CHANNELS_FIRST)
def test_channels_first_computes_tf_channels_last_values_transposed(case, index, rank, x, build):
    """Where TF 1.15's CPU refuses an NCHW kernel, tinytf computes what TF's GPU would: the
    channels_last golden values, transposed."""
    y = _build_channels_first(build, x, rank)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(y)
    want = ARRAYS[f"{case}/0/out{index}"]
    np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-5)


GRADIENT_LAYERS = [
    ("conv1d_causal_dilated", [2, 7, 2], lambda t: tf.layers.conv1d(
        t, 3, 2, padding="causal", dilation_rate=2, data_format="channels_first")),
    ("conv3d_transpose", [1, 3, 2, 3, 2], lambda t: tf.layers.conv3d_transpose(
        t, 2, 2, strides=(2, 1, 2), padding="same")),
    ("separable_conv1d", [2, 6, 3], lambda t: tf.layers.separable_conv1d(
        t, 2, 3, depth_multiplier=2, strides=2, padding="same")),
    ("separable_conv2d", [1, 2, 5, 5], lambda t: tf.layers.separable_conv2d(
        t, 3, 2, dilation_rate=2, data_format="channels_first")),
    ("average_pooling3d", [1, 4, 3, 4, 2], lambda t: tf.layers.average_pooling3d(
        t, 2, (2, 1, 2), padding="same")),
    ("max_pooling1d", [2, 2, 8], lambda t: tf.layers.max_pooling1d(
        t, 3, 2, data_format="channels_first")),
]  # fmt: skip


@pytest.mark.parametrize("label,shape,build", GRADIENT_LAYERS, ids=[g[0] for g in GRADIENT_LAYERS])
def test_layer_gradients_match_central_differences(label, shape, build):
    """d(output)/d(input) and d(output)/d(weights) in float64 against central differences;
    the input has distinct values, so max pooling has no ties."""
    values = np.random.RandomState(3).permutation(int(np.prod(shape))).reshape(shape) / 7.0
    x = tf.constant(values, dtype=tf.float64)
    with tf.variable_scope("layer", dtype=tf.float64):
        y = build(x)
    wrt = [x] + tf.trainable_variables()
    with tf.Session():
        tf.global_variables_initializer().run()
        for t in wrt:
            error = tf.test.compute_gradient_error(
                t, t.shape.as_list(), y, y.shape.as_list(), delta=1e-4
            )
            assert error < 1e-6, (label, t.name, error)


def test_a_layer_called_twice_builds_once_and_reuses_its_variables():
    layer = tf.layers.SeparableConv2D(2, 3, name="sep")
    a = layer(tf.ones([1, 5, 5, 3]))
    b = layer(tf.zeros([2, 6, 6, 3]))
    assert [v.op.name for v in tf.global_variables()] == [
        "sep/depthwise_kernel",
        "sep/pointwise_kernel",
        "sep/bias",
    ]
    assert (a.op.name, b.op.name) == ("sep/BiasAdd", "sep/BiasAdd_1")
    assert b.shape.as_list() == [2, 4, 4, 2]


def test_channels_first_pooling_and_transposes_build_tf_ops():
    """As TF 1.15's graph: 1-D pooling expands then transposes, Conv3DTranspose stacks the
    output shape from the dynamic input shape (a None batch and spatial dims are fine)."""
    x = tf.placeholder(tf.float32, [None, 3, 8])
    tf.layers.max_pooling1d(x, 2, 2, data_format="channels_first")
    types = [op.type for op in tf.get_default_graph().get_operations() if op.type != "Const"]
    assert types[1:] == ["ExpandDims", "Transpose", "MaxPool", "Transpose", "Squeeze"]
    y = tf.layers.conv3d_transpose(tf.placeholder(tf.float32, [None, None, 4, 5, 2]), 3, 2, 2)
    assert y.shape.as_list() == [None, None, 8, 10, 3]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feed = {"Placeholder_1:0": np.ones([2, 3, 4, 5, 2], np.float32)}
        assert sess.run(y, feed).shape == (2, 6, 8, 10, 3)


def test_activations_given_by_name_match_tf():
    fixture_runner.check_case(tf, cases.CASES, "activation_names", GOLDEN)


def test_keras_style_scope_makes_keras_variables_as_tf():
    fixture_runner.check_case(tf, cases.CASES, "keras_style", GOLDEN)


def test_set_keras_style_holds_from_then_on(monkeypatch):
    from tinytf.layers import base

    monkeypatch.setattr(base, "_KERAS_STYLE", [False])  # (restored after the test)
    fixture_runner.check_case(tf, cases.CASES, "set_keras_style", GOLDEN)
    assert tf.layers.Dense(2)._keras_style

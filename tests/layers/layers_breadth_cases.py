"""tf.layers' breadth (1-D/3-D and separable convolutions, 1-D/3-D pooling, channels_first,
InputSpec, the Layer API, name uniquification) built the same way by real TF 1.15
(tools/make_layers_breadth_fixtures.py -> tests/layers/golden/layers_breadth.json, .npz) and by
tinytf (tests/layers/test_layers_breadth.py). Each case follows tests/fixture_runner.py.
Python 3.7 (TF 1.15's)."""

import numpy as np

from tests.fixture_runner import describe, error_of

RNG = np.random.RandomState(11)
X1 = RNG.standard_normal((2, 9, 3)).astype(np.float32)  # [batch, width, channels]
X2 = RNG.standard_normal((2, 7, 6, 3)).astype(np.float32)
X3 = RNG.standard_normal((2, 5, 6, 4, 2)).astype(np.float32)


def _init(shape, scale=0.3, seed=0):
    """A constant initializer of fixed values (the same in both frameworks)."""
    values = np.random.RandomState(seed).standard_normal(shape) * scale
    return values.astype(np.float32)


def _variables(tf):
    trainable = set(v.op.name for v in tf.trainable_variables())
    return [[v.op.name, v.shape.as_list(), v.op.name in trainable] for v in tf.global_variables()]


def _with_grads(tf, outputs, inputs):
    """fetches: each output, and the gradients of a weighted sum of them (inputs + variables)."""
    loss = tf.add_n(
        [tf.reduce_sum(o * np.float32(0.5 + 0.1 * i)) ** 2 / 100.0 for i, o in enumerate(outputs)]
    )
    wrt = list(inputs) + tf.trainable_variables()
    grads = tf.gradients(loss, wrt)
    fetch = {f"out{i}": o for i, o in enumerate(outputs)}
    fetch.update({"grad/" + t.op.name: g for t, g in zip(wrt, grads) if g is not None})
    return fetch


def convolutions(tf):
    """Conv1D/2D/3D (valid, same, causal, strides, dilation) and the transposes, fixed weights."""
    c = tf.constant_initializer
    x1, x2, x3 = tf.constant(X1), tf.constant(X2), tf.constant(X3)
    outs = [
        tf.layers.conv1d(x1, 4, 3, kernel_initializer=c(_init((3, 3, 4))),
                         bias_initializer=c(0.1)),
        tf.layers.conv1d(x1, 2, 2, strides=2, padding="same", activation=tf.nn.relu,
                         kernel_initializer=c(_init((2, 3, 2), seed=1))),
        tf.layers.conv1d(x1, 2, 3, padding="causal", dilation_rate=2, use_bias=False,
                         kernel_initializer=c(_init((3, 3, 2), seed=2))),
        tf.layers.conv2d(x2, 3, [2, 3], dilation_rate=(2, 1), padding="same",
                         kernel_initializer=c(_init((2, 3, 3, 3), seed=3))),
        tf.layers.conv3d(x3, 3, 2, strides=(1, 2, 1),
                         kernel_initializer=c(_init((2, 2, 2, 2, 3), seed=4)),
                         bias_initializer=c(-0.2)),
        tf.layers.conv3d(x3, 2, [3, 1, 2], padding="same", dilation_rate=(1, 2, 1),
                         kernel_initializer=c(_init((3, 1, 2, 2, 2), seed=5))),
        tf.layers.conv2d_transpose(x2, 2, 3, strides=(2, 1), padding="same",
                                   kernel_initializer=c(_init((3, 3, 2, 3), seed=6))),
        tf.layers.conv3d_transpose(x3, 2, [2, 3, 2], strides=2,
                                   kernel_initializer=c(_init((2, 3, 2, 2, 2), seed=7)),
                                   bias_initializer=c(0.3)),
        tf.layers.conv3d_transpose(x3, 1, 3, padding="same", strides=(1, 2, 1),
                                   kernel_initializer=c(_init((3, 3, 3, 1, 2), seed=8))),
    ]  # fmt: skip
    facts = {"variables": _variables(tf), "outputs": [describe(o) for o in outs]}
    return {"facts": facts, "runs": [(_with_grads(tf, outs, [x1, x2, x3]), {})]}


def separable(tf):
    """SeparableConv1D/2D: depth_multiplier, strides, dilation, causal, fixed weights."""
    c = tf.constant_initializer
    x1, x2 = tf.constant(X1), tf.constant(X2)
    outs = [
        tf.layers.separable_conv1d(x1, 4, 3, depth_multiplier=2,
                                   depthwise_initializer=c(_init((3, 3, 2), seed=9)),
                                   pointwise_initializer=c(_init((1, 6, 4), seed=10)),
                                   bias_initializer=c(0.05)),
        tf.layers.separable_conv1d(x1, 2, 2, padding="causal", dilation_rate=3,
                                   depthwise_initializer=c(_init((2, 3, 1), seed=11)),
                                   pointwise_initializer=c(_init((1, 3, 2), seed=12))),
        tf.layers.separable_conv1d(x1, 3, 3, strides=2, padding="same", use_bias=False,
                                   depthwise_initializer=c(_init((3, 3, 1), seed=13)),
                                   pointwise_initializer=c(_init((1, 3, 3), seed=14))),
        tf.layers.separable_conv2d(x2, 5, [3, 2], depth_multiplier=3, strides=2,
                                   activation=tf.nn.tanh,
                                   depthwise_initializer=c(_init((3, 2, 3, 3), seed=15)),
                                   pointwise_initializer=c(_init((1, 1, 9, 5), seed=16))),
        tf.layers.separable_conv2d(x2, 2, 2, dilation_rate=2, padding="same",
                                   depthwise_initializer=c(_init((2, 2, 3, 1), seed=17)),
                                   pointwise_initializer=c(_init((1, 1, 3, 2), seed=18))),
    ]  # fmt: skip
    facts = {"variables": _variables(tf), "outputs": [describe(o) for o in outs]}
    return {"facts": facts, "runs": [(_with_grads(tf, outs, [x1, x2]), {})]}


def pooling(tf):
    """Max and average pooling in 1, 2 and 3 dims, valid and same, channels_first for 1-D and
    3-D (which TF's CPU runs through transposes)."""
    x1, x2, x3 = tf.constant(X1), tf.constant(X2), tf.constant(X3)
    cf = "channels_first"
    outs = [
        tf.layers.max_pooling1d(x1, 2, 2),
        tf.layers.average_pooling1d(x1, 3, 2, padding="same"),
        tf.layers.max_pooling1d(x1, 2, 1, data_format=cf),
        tf.layers.average_pooling1d(x1, 2, 2, padding="same", data_format=cf),
        tf.layers.max_pooling2d(x2, [2, 3], [1, 2], padding="same"),
        tf.layers.average_pooling2d(x2, 3, 2),
        tf.layers.max_pooling3d(x3, 2, 2),
        tf.layers.average_pooling3d(x3, [2, 3, 2], [1, 2, 2], padding="same"),
        tf.layers.max_pooling3d(x3, 2, (1, 2, 1), data_format=cf),
        tf.layers.average_pooling3d(x3, 2, 1, padding="same", data_format=cf),
        tf.layers.MaxPooling1D(3, 3, name="mp")(x1),
    ]
    facts = {"outputs": [describe(o) for o in outs]}
    return {"facts": facts, "runs": [(_with_grads(tf, outs, [x1, x2, x3]), {})]}


def channels_first_runs(tf):
    """channels_first where TF 1.15's CPU runs it: conv2d_transpose and flatten."""
    c = tf.constant_initializer
    x2, x3 = tf.constant(X2), tf.constant(X3)
    outs = [
        tf.layers.conv2d_transpose(x2, 2, [2, 3], strides=2, data_format="channels_first",
                                   kernel_initializer=c(_init((2, 3, 2, 7), seed=19)),
                                   bias_initializer=c(0.5)),
        tf.layers.flatten(x3, data_format="channels_first"),
    ]  # fmt: skip
    facts = {"variables": _variables(tf), "outputs": [describe(o) for o in outs]}
    return {"facts": facts, "runs": [(_with_grads(tf, outs, [x2, x3]), {})]}


def channels_first_graphs(tf):
    """channels_first layers TF 1.15 builds but its CPU kernels refuse to run: names, static
    shapes and variables (the values: the test against the channels_last golden values)."""
    cf = "channels_first"
    x1 = tf.placeholder(tf.float32, [None, 3, 9])
    x2 = tf.placeholder(tf.float32, [None, 3, 7, 6])
    x3 = tf.placeholder(tf.float32, [None, 2, 5, 6, 4])
    outs = [
        tf.layers.conv1d(x1, 4, 3, data_format=cf),
        tf.layers.conv1d(x1, 2, 3, padding="causal", dilation_rate=2, data_format=cf),
        tf.layers.conv2d(x2, 3, [2, 3], dilation_rate=(2, 1), padding="same", data_format=cf),
        tf.layers.conv3d(x3, 3, 2, strides=(1, 2, 1), data_format=cf),
        tf.layers.conv3d_transpose(x3, 2, [2, 3, 2], strides=2, data_format=cf),
        tf.layers.separable_conv1d(x1, 4, 3, depth_multiplier=2, data_format=cf),
        tf.layers.separable_conv2d(x2, 5, [3, 2], depth_multiplier=3, strides=2,
                                   data_format=cf),
        tf.layers.max_pooling2d(x2, [2, 3], [1, 2], padding="same", data_format=cf),
    ]  # fmt: skip
    return {"facts": {"variables": _variables(tf), "shapes": [o.shape.as_list() for o in outs]}}


def naming(tf):
    """TF's name uniquification: unnamed layers of one kind, a layer object called twice,
    layer.name against the variable scope, functions and classes mixed, reuse."""
    x = tf.placeholder(tf.float32, [None, 9, 3], name="x")
    outs = [tf.layers.dense(x, 2), tf.layers.dense(x, 2)]
    conv = tf.layers.Conv1D(2, 3)
    outs += [conv(x), conv(x * 2.0)]
    outs += [tf.layers.conv1d(x, 2, 3), tf.layers.separable_conv1d(x, 2, 3)]
    pool = tf.layers.MaxPooling1D(2, 2)
    outs += [pool(x), pool(x), tf.layers.max_pooling1d(x, 2, 2)]
    with tf.variable_scope("tower"):
        outs += [tf.layers.conv1d(x, 2, 1), tf.layers.conv1d(x, 2, 1, name="named")]
    with tf.variable_scope("tower", reuse=True):
        outs.append(tf.layers.conv1d(x, 2, 1, name="named"))
    outs.append(tf.layers.conv1d(x, 2, 1, name="named", reuse=tf.AUTO_REUSE))
    facts = {
        "variables": _variables(tf),
        "outputs": [describe(o) for o in outs],
        "layer_names": [conv.name, pool.name, conv.scope_name, pool.scope_name],
        "conv_weights": [v.op.name for v in conv.weights],
    }
    return {"facts": facts}


def layer_api(tf):
    """The Layer API: add_weight/add_variable (trainable or not), add_loss, add_update,
    losses/updates, weights lists, trainable=False, input_spec, compute_output_shape,
    count_params, activity_regularizer, training dropped for a call() without it."""

    class Affine(tf.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.input_spec = tf.layers.InputSpec(min_ndim=2)

        def build(self, input_shape):
            self.w = self.add_variable(
                "w",
                [int(input_shape[-1]), self.units],
                initializer=tf.constant_initializer(0.25),
                regularizer=lambda w: tf.reduce_sum(w),
            )
            self.b = self.add_weight("b", [self.units], initializer=tf.ones_initializer())
            self.count = self.add_weight(
                "count", [], initializer=tf.zeros_initializer(), trainable=False
            )
            self.input_spec = tf.layers.InputSpec(min_ndim=2, axes={-1: int(input_shape[-1])})
            super().build(input_shape)

        def call(self, inputs):
            self.add_update(lambda: tf.assign_add(self.count, 1.0))
            self.add_loss(tf.reduce_mean(self.b))
            return tf.matmul(inputs, self.w) + self.b

        def compute_output_shape(self, input_shape):
            return tf.TensorShape(input_shape)[:-1].concatenate(self.units)

    x = tf.constant(X1[:, :, 0])
    layer = Affine(3, activity_regularizer=lambda t: tf.reduce_sum(t * t))
    y = layer(x, training=True)
    frozen = tf.layers.Dense(
        2, trainable=False, name="frozen", kernel_initializer=tf.constant_initializer(-0.5)
    )
    z = frozen(y)
    regularized = tf.layers.dense(
        z, 2, activity_regularizer=tf.nn.l2_loss, kernel_initializer=tf.ones_initializer()
    )
    conv = tf.layers.Conv2D(4, 3, strides=2, padding="same")
    conv(tf.constant(X2))
    dense = tf.layers.Dense(5)
    facts = {
        "variables": _variables(tf),
        "trainable": [v.op.name for v in layer.trainable_weights],
        "non_trainable": [v.op.name for v in layer.non_trainable_weights],
        "weights": [v.op.name for v in layer.weights],
        "frozen": [[v.op.name for v in frozen.trainable_weights],
                   [v.op.name for v in frozen.non_trainable_weights]],
        "losses": [describe(t) for t in layer.losses],
        "regularization_losses": [describe(t) for t in tf.get_collection(
            tf.GraphKeys.REGULARIZATION_LOSSES)],
        "updates": len(layer.updates),
        "update_ops": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)),
        "input_spec": [repr(layer.input_spec), repr(conv.input_spec), repr(dense.input_spec)],
        "output_shapes": [
            layer.compute_output_shape([None, 7]).as_list(),
            conv.compute_output_shape([None, 9, 5, 3]).as_list(),
            tf.layers.Conv1D(2, 3, dilation_rate=2).compute_output_shape([4, 11, 2]).as_list(),
            tf.layers.Conv3DTranspose(2, 3, strides=2).compute_output_shape(
                [1, None, 4, 5, 6]).as_list(),
            tf.layers.MaxPooling3D(2, 2, padding="same").compute_output_shape(
                [2, 5, 4, 3, 1]).as_list(),
            tf.layers.SeparableConv2D(6, 3, data_format="channels_first").compute_output_shape(
                [2, 3, 8, 8]).as_list(),
        ],
        "counts": [layer.count_params(), conv.count_params(), frozen.count_params()],
        "built": [layer.built, dense.built],
        "dtype": [layer.dtype, dense.dtype],
        "outputs": [describe(y), describe(z), describe(regularized)],
    }  # fmt: skip
    fetch = {"y": y, "z": z, "losses": tf.add_n(layer.losses), "regularized": regularized}
    fetch["all_losses"] = tf.add_n(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
    grads = tf.gradients(tf.add_n(layer.losses) + tf.reduce_sum(z), layer.trainable_weights)
    fetch.update({"grad/" + v.op.name: g for v, g in zip(layer.trainable_weights, grads)})
    return {"facts": facts, "runs": [(fetch, {}), ({"count": layer.count}, {})]}


def weights_io(tf):
    """get_weights/set_weights in the default session, and their errors."""
    layer = tf.layers.SeparableConv1D(2, 2)
    layer(tf.constant(X1))
    facts = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        shapes = [w.shape for w in layer.get_weights()]
        values = [np.arange(np.prod(s), dtype=np.float32).reshape(s) / 10.0 for s in shapes]
        layer.set_weights(values)
        facts["after_set"] = [w.tolist() for w in layer.get_weights()]
        facts["shapes"] = [list(s) for s in shapes]
        facts["too_few"] = error_of(lambda: layer.set_weights(values[:1]))
        facts["bad_shape"] = error_of(
            lambda: layer.set_weights([values[0].T, values[1], values[2]])
        )
    return {"facts": facts}


def errors(tf):
    """The errors of bad arguments and bad inputs (classes and TF 1.15's messages)."""
    x4 = tf.ones([1, 4, 4, 2])

    def second_call():
        layer = tf.layers.Conv2D(2, 1)
        layer(x4)
        layer(tf.ones([1, 4, 4, 3]))

    def unknown_rank():
        tf.layers.conv1d(tf.placeholder(tf.float32), 2, 1)

    def two_inputs():
        layer = tf.layers.Layer()
        layer.input_spec = [tf.layers.InputSpec(ndim=2)] * 2
        layer(tf.ones([2, 3]))

    def dtype_spec():
        layer = tf.layers.Layer()
        layer.input_spec = tf.layers.InputSpec(dtype=tf.int32)
        layer(tf.ones([2, 3]))

    def shape_spec():
        layer = tf.layers.Layer()
        layer.input_spec = tf.layers.InputSpec(shape=(None, 4))
        layer(tf.ones([2, 3]))

    cases = {
        "padding": lambda: tf.layers.conv2d(x4, 2, 3, padding="full"),
        "causal_2d": lambda: tf.layers.Conv2D(2, 3, padding="causal"),
        "data_format": lambda: tf.layers.Conv1D(2, 3, data_format="NCW"),
        "kernel_size": lambda: tf.layers.Conv3D(2, (3, 3)),
        "strides_type": lambda: tf.layers.MaxPooling2D(2, (1, "a")),
        "ndim": lambda: tf.layers.conv3d(x4, 2, 3),
        "pool_ndim": lambda: tf.layers.max_pooling1d(x4, 2, 2),
        "channels": lambda: tf.layers.conv1d(tf.placeholder(tf.float32, [2, 5, None]), 2, 1),
        "dilated_strides": lambda: tf.layers.conv1d(tf.ones([1, 9, 2]), 2, 2, strides=2,
                                                    dilation_rate=2),
        "second_call": second_call,
        "unknown_rank": unknown_rank,
        "two_inputs": two_inputs,
        "dtype_spec": dtype_spec,
        "shape_spec": shape_spec,
        "min_ndim": lambda: tf.layers.dense(tf.ones([3]), 2),
        "spec_axes": lambda: tf.layers.InputSpec(ndim=2, axes={2: 3}),
        "spec_keys": lambda: tf.layers.InputSpec(axes={"a": 3}),
        "count_params": lambda: tf.layers.Dense(2).count_params(),
        "scope_name": lambda: tf.layers.Dense(2, name="unused").scope_name,
    }  # fmt: skip
    return {"facts": {name: error_of(fn) for name, fn in sorted(cases.items())}}


def activation_names(tf):
    """Activations given by name (TF 1.15 looks them up in Keras), and an unknown name."""
    x = tf.constant(X1)
    names = ["relu", "softmax", "hard_sigmoid", "selu", "linear", "exponential", "softsign"]
    outs = [
        tf.layers.dense(x, 3, activation=name, kernel_initializer=tf.constant_initializer(0.7))
        for name in names
    ]
    outs.append(
        tf.layers.conv1d(x, 2, 2, activation="elu", kernel_initializer=tf.constant_initializer(-1))
    )
    facts = {
        "unknown": error_of(lambda: tf.layers.Dense(2, activation="swish")),
        "not_callable": error_of(lambda: tf.layers.Dense(2, activation=3)),
    }
    fetch = dict(zip(names + ["elu"], outs))
    return {"facts": facts, "runs": [(fetch, {})]}


def keras_style(tf):
    """Inside keras_style_scope: each layer its own variables under its unique name, a fresh
    name scope per call, no variable store (so no clash with tf.layers outside), an RNN cell
    too; scope= and reuse= refused."""
    x = tf.constant(X1[:, :4, 0])
    with tf.layers.experimental.keras_style_scope():
        d1 = tf.layers.Dense(3, kernel_initializer=tf.constant_initializer(0.5))
        outs = [d1(x), d1(x * 2.0), tf.layers.Dense(3, kernel_regularizer=tf.nn.l2_loss)(x)]
        outs.append(tf.layers.dense(x, 2, bias_initializer=tf.constant_initializer(1.0)))
        with tf.variable_scope("vs"):
            outs.append(tf.layers.Dense(3, name="foo")(x))
        scope_error = error_of(lambda: tf.layers.Dense(3)(x, scope="s"))
        reuse_error = error_of(lambda: tf.layers.dense(x, 3, reuse=True))
        cell = tf.nn.rnn_cell.BasicRNNCell(3)
        cell_out, _ = cell(x, tf.zeros([2, 3]))
    outs += [cell_out, tf.layers.dense(x, 2)]
    facts = {
        "variables": _variables(tf),
        "outputs": [describe(o) for o in outs],
        "names": [d1.name, cell.name],
        "cell_weights": [v.op.name for v in cell.weights],
        "regularization_losses": [
            describe(t) for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
        ],
        "errors": [scope_error, reuse_error],
    }
    fetch = {"out0": outs[0], "out1": outs[1]}
    return {"facts": facts, "runs": [(fetch, {})]}


def set_keras_style(tf):
    """set_keras_style: Keras style from then on (it cannot be unset; the last case)."""
    x = tf.constant(X1[:, :4, 0])
    tf.layers.experimental.set_keras_style()
    outs = [tf.layers.dense(x, 2), tf.layers.dense(x, 2)]
    return {"facts": {"variables": _variables(tf), "outputs": [describe(o) for o in outs]}}


CASES = {
    "convolutions": convolutions,
    "separable": separable,
    "pooling": pooling,
    "channels_first_runs": channels_first_runs,
    "channels_first_graphs": channels_first_graphs,
    "naming": naming,
    "layer_api": layer_api,
    "weights_io": weights_io,
    "errors": errors,
    "activation_names": activation_names,
    "keras_style": keras_style,
    "set_keras_style": set_keras_style,  # last: it cannot be unset
}

"""User subclasses of tf.nn.rnn_cell.RNNCell and tf.layers.Layer, built the same way by real
TF 1.15 (tools/make_bugfix_fixtures.py -> tests/layers/golden/user_layers.json, .npz) and by
tinytf (tests/layers/test_rnn.py, test_layers.py). Python 3.7."""

import numpy as np

from tests.fixture_runner import describe

X = (np.arange(2 * 3 * 2, dtype=np.float32).reshape(2, 3, 2) - 5.0) / 10.0


def _names(variables):
    """Variable names in order, each once (TF 1.15 lists the weights of a direct RNNCell
    subclass twice: its custom getter and add_weight both record them)."""
    seen = []
    for v in variables:
        if v.op.name not in seen:
            seen.append(v.op.name)
    return seen


def make_cells(tf):
    class MyLSTM(tf.nn.rnn_cell.RNNCell):
        """An LSTM written the TF 1.x way: build() with add_variable/add_weight."""

        def __init__(self, num_units, reuse=None, name=None):
            super().__init__(_reuse=reuse, name=name)
            self._num_units = num_units

        @property
        def state_size(self):
            return tf.nn.rnn_cell.LSTMStateTuple(self._num_units, self._num_units)

        @property
        def output_size(self):
            return self._num_units

        def build(self, inputs_shape):
            depth = int(inputs_shape[1])
            self._kernel = self.add_variable(
                "kernel",
                shape=[depth + self._num_units, 4 * self._num_units],
                initializer=tf.constant_initializer(
                    np.linspace(-0.5, 0.5, (depth + self._num_units) * 4 * self._num_units)
                ),
            )
            self._bias = self.add_weight(
                "bias", shape=[4 * self._num_units], initializer=tf.zeros_initializer()
            )
            self.built = True

        def call(self, inputs, state):
            c, h = state
            z = tf.matmul(tf.concat([inputs, h], 1), self._kernel) + self._bias
            i, j, f, o = tf.split(z, 4, axis=1)
            new_c = c * tf.sigmoid(f + 1.0) + tf.sigmoid(i) * tf.tanh(j)
            new_h = tf.tanh(new_c) * tf.sigmoid(o)
            return new_h, tf.nn.rnn_cell.LSTMStateTuple(new_c, new_h)

    class OldStyleCell(tf.nn.rnn_cell.RNNCell):
        """A cell that makes its variable with tf.get_variable inside call()."""

        state_size = 3
        output_size = 3

        def call(self, inputs, state):
            w = tf.get_variable("w", [int(inputs.shape[1]) + 3, 3],
                                initializer=tf.constant_initializer(0.25))  # fmt: skip
            out = tf.tanh(tf.matmul(tf.concat([inputs, state], 1), w))
            return out, out

    return MyLSTM, OldStyleCell


def user_rnn_cells(tf):
    """A user LSTM cell through dynamic_rnn, static_rnn and a direct call with `scope`."""
    MyLSTM, OldStyleCell = make_cells(tf)
    x = tf.constant(X)
    cell = MyLSTM(3)
    built_before = cell.built
    out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    named = MyLSTM(3, name="mine")
    outs, _ = tf.nn.static_rnn(named, tf.unstack(x, axis=1), dtype=tf.float32)
    scoped = MyLSTM(3)
    zero = scoped.zero_state(2, tf.float32)
    first, step = scoped(x[:, 0], zero, scope="myscope")
    second, _ = scoped(x[:, 1], step)
    old = OldStyleCell()
    old_out, _ = tf.nn.dynamic_rnn(old, x, dtype=tf.float32)
    facts = {
        "built": [built_before, cell.built],
        "weights": _names(cell.weights),
        "trainable": _names(cell.trainable_variables),
        "named": _names(named.variables),
        "scoped": _names(scoped.variables),
        "old_style": _names(old.trainable_weights),
        "layer_names": [cell.name, named.name, scoped.name, old.name],
        "globals": [v.op.name for v in tf.global_variables()],
        "losses_updates": [len(cell.losses), len(cell.updates)],
        "zero_state": [describe(zero.c), describe(zero.h)],
        "outputs": [describe(t) for t in [out, state.c, outs[-1], first, second, old_out]],
    }
    fetch = {"out": out, "c": state.c, "h": state.h, "static": outs[-1], "first": first,
             "second": second, "old": old_out}  # fmt: skip
    return {"facts": facts, "runs": [(fetch, {})]}


def user_layer(tf):
    """A user tf.layers.Layer: build/add_weight (trainable and not), add_loss, a regularizer,
    two calls sharing the weights, a `scope` on the first call."""

    class Scale(tf.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def build(self, input_shape):
            self.w = self.add_weight(
                "w",
                shape=[int(input_shape[-1]), self.units],
                initializer=tf.constant_initializer(0.5),
                regularizer=lambda w: 0.1 * tf.reduce_sum(tf.square(w)),
            )
            self.m = self.add_weight(
                "m", shape=[self.units], initializer=tf.ones_initializer(), trainable=False
            )
            super().build(input_shape)

        def call(self, inputs):
            self.add_loss(tf.reduce_sum(self.w))
            return tf.matmul(inputs, self.w) * self.m

    flat = tf.reshape(tf.constant(X), [-1, 2])
    layer = Scale(4)
    y1, y2 = layer(flat), layer(flat * 2.0)
    given = Scale(2, name="given")
    y3 = given(flat, scope="explicit")
    facts = {
        "names": [layer.name, given.name, layer.scope_name, given.scope_name],
        "variables": _names(layer.variables) + _names(given.variables),
        "trainable": _names(layer.trainable_weights),
        "non_trainable": _names(layer.non_trainable_weights),
        "losses": len(layer.losses),
        "regularization_losses": len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)),
        "built": layer.built,
        "outputs": [describe(t) for t in [y1, y2, y3]],
    }
    fetch = {"y1": y1, "y2": y2, "y3": y3, "losses": tf.add_n(layer.losses)}
    return {"facts": facts, "runs": [(fetch, {})]}


CASES = {"user_rnn_cells": user_rnn_cells, "user_layer": user_layer}

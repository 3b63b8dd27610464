"""Graphs built with tf.layers the same way by real TF (tools/make_layer_fixtures.py) and by
tinytf (tests/layers/): `CASES[name](tf)` builds into the default graph and returns the tensors
whose names, shapes and values the fixtures record."""

import numpy as np

RNG = np.random.default_rng(5)
IMAGES = RNG.standard_normal((4, 8, 8, 2)).astype(np.float32)
KERNEL = RNG.standard_normal((3, 3, 2, 3)).astype(np.float32) / 3
DENSE = RNG.standard_normal((27, 5)).astype(np.float32) / 5
LABELS = np.array([0, 3, 4, 1])


def naming(tf):
    """Default names, explicit names, scopes, reuse through variable_scope and reuse=True."""
    x = tf.placeholder(tf.float32, [None, 6], name="x")
    outs = [tf.layers.dense(x, 4), tf.layers.dense(x, 4), tf.layers.dense(x, 3, name="fc")]
    outs.append(tf.layers.dense(x, 3, name="fc", reuse=True))
    with tf.variable_scope("model"):
        outs.append(tf.layers.dense(x, 2, activation=tf.nn.relu))
        outs.append(tf.layers.dense(x, 2, use_bias=False))
    with tf.variable_scope("model", reuse=True):
        outs.append(tf.layers.dense(x, 2, activation=tf.nn.relu))
    with tf.variable_scope("dense"):
        outs.append(tf.layers.dense(x, 1))
    outs.append(tf.layers.dense(x, 1))
    with tf.variable_scope("tower", reuse=tf.AUTO_REUSE):
        outs.append(tf.layers.dense(x, 2, name="shared"))
        outs.append(tf.layers.dense(x, 2, name="shared"))
    return outs


def cnn(tf):
    """The lecture's kind of network, every layer type, `training` as a tensor."""
    x = tf.placeholder(tf.float32, [None, 28, 28, 1], name="x")
    training = tf.placeholder_with_default(False, [], name="training")
    h = tf.layers.conv2d(x, 4, 5, padding="same", activation=tf.nn.relu)
    h = tf.layers.max_pooling2d(h, 2, 2)
    h = tf.layers.conv2d(h, 8, [3, 3], strides=(2, 2), use_bias=False)
    h = tf.layers.average_pooling2d(h, 2, 2, padding="same")
    h = tf.layers.batch_normalization(h, training=training)
    h = tf.layers.flatten(h)
    h = tf.layers.dense(h, 16, activation=tf.nn.relu)
    h = tf.layers.dropout(h, rate=0.4, training=training)
    return [h, tf.layers.dense(h, 10)]


def values(tf):
    """Fixed weights: conv -> batch norm (batch statistics) -> pool -> dense; the loss and its
    gradients, then the moving statistics after one update; and the same net in inference."""
    x = tf.constant(IMAGES)
    training = tf.placeholder_with_default(True, [], name="training")
    h = tf.layers.conv2d(
        x,
        3,
        3,
        kernel_initializer=tf.constant_initializer(KERNEL),
        bias_initializer=tf.constant_initializer(0.1),
        activation=tf.nn.relu,
    )
    h = tf.layers.batch_normalization(
        h, training=training, momentum=0.9, gamma_initializer=tf.constant_initializer(1.5)
    )
    h = tf.layers.max_pooling2d(h, 2, 2)
    h = tf.layers.flatten(h)
    h = tf.layers.dropout(h, rate=0.5, training=False)
    logits = tf.layers.dense(h, 5, kernel_initializer=tf.constant_initializer(DENSE))
    loss = tf.losses.sparse_softmax_cross_entropy(LABELS, logits)
    grads = tf.gradients(loss, tf.trainable_variables())
    return [logits, loss] + grads


def dense_batch_norm(tf):
    """Batch norm of a 2-D input (TF's non-fused path: no Bessel correction)."""
    x = tf.constant(IMAGES.reshape(4, -1)[:, :6])
    training = tf.placeholder_with_default(True, [], name="training")
    y = tf.layers.batch_normalization(
        x, training=training, momentum=0.5, epsilon=0.01, center=False
    )
    return [y, tf.reduce_sum(tf.gradients(tf.reduce_sum(y * y * x), x)[0])]


def transpose(tf):
    """conv2d_transpose ('same' and 'valid', stride 2) with fixed weights, and its gradient."""
    x = tf.constant(IMAGES)
    tf.placeholder_with_default(True, [], name="training")  # (fed by the fixtures' second pass)
    kernel = tf.constant_initializer(KERNEL.transpose(0, 1, 3, 2))  # [3, 3, filters 3, in 2]
    same = tf.layers.conv2d_transpose(
        x,
        3,
        3,
        strides=2,
        padding="same",
        kernel_initializer=kernel,
        bias_initializer=tf.constant_initializer(0.2),
    )
    valid = tf.layers.conv2d_transpose(
        x,
        2,
        [3, 2],
        strides=(2, 1),
        use_bias=False,
        kernel_initializer=tf.constant_initializer(0.1),
    )
    grad = tf.gradients(tf.reduce_sum(same * same) + tf.reduce_sum(valid), tf.trainable_variables())
    return [same, valid] + grad


SEQ = RNG.standard_normal((2, 5, 3)).astype(np.float32)
LSTM_KERNEL = (RNG.standard_normal((7, 16)) / 3).astype(np.float32)


def rnn(tf):
    """dynamic_rnn over an LSTM (with sequence lengths) and a GRU, static_rnn over a stack."""
    tf.placeholder_with_default(True, [], name="training")  # (fed by the fixtures' second pass)
    x = tf.constant(SEQ)
    with tf.variable_scope("lstm", initializer=tf.constant_initializer(LSTM_KERNEL)):
        out, state = tf.nn.dynamic_rnn(
            tf.nn.rnn_cell.BasicLSTMCell(4), x, sequence_length=[5, 3], dtype=tf.float32
        )
    gru = tf.nn.rnn_cell.GRUCell(4, kernel_initializer=tf.constant_initializer(0.2))
    out2, state2 = tf.nn.dynamic_rnn(gru, x, dtype=tf.float32, scope="gru")
    with tf.variable_scope("stack", initializer=tf.constant_initializer(-0.1)):
        cells = tf.nn.rnn_cell.MultiRNNCell(
            [tf.nn.rnn_cell.LSTMCell(4, forget_bias=0.5), tf.nn.rnn_cell.BasicRNNCell(2)]
        )
        out3, _ = tf.nn.static_rnn(cells, tf.unstack(x, axis=1), dtype=tf.float32)
    (fw, bw), _ = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.GRUCell(3, kernel_initializer=tf.constant_initializer(0.3)),
        tf.nn.rnn_cell.GRUCell(3, kernel_initializer=tf.constant_initializer(-0.2)),
        x,
        sequence_length=[4, 2],
        dtype=tf.float32,
    )
    loss = tf.reduce_sum(out * out) + tf.reduce_sum(out2) + tf.reduce_sum(out3[-1])
    loss += tf.reduce_sum(fw * bw)
    return [out, state.c, state.h, out2, state2, out3[-1], fw, bw] + tf.gradients(
        loss, [x] + tf.trainable_variables()
    )


CASES = {
    "naming": naming,
    "cnn": cnn,
    "values": values,
    "dense_batch_norm": dense_batch_norm,
    "transpose": transpose,
    "rnn": rnn,
}
VALUE_CASES = (
    "values",
    "dense_batch_norm",
    "transpose",
    "rnn",
)  # deterministic: real TF's numbers are recorded

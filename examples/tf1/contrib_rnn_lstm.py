"""A TF 1.x tf.contrib.rnn program: two stacked BasicLSTMCells (MultiRNNCell, DropoutWrapper
with keep_prob 1) unrolled by static_rnn and by dynamic_rnn over the same sequences, a
sequence-sum regression trained a few steps from fixed initial weights."""

import numpy as np
import tensorflow as tf

STEPS, BATCH, FEATURES, UNITS = 5, 4, 2, 6


def fixed_weights(shape, dtype=tf.float32, partition_info=None):
    """Weights that depend only on their shape (the same under any TF)."""
    count = int(np.prod(shape))
    values = np.cos(np.arange(count, dtype=np.float64) * 0.9) * 0.4
    return tf.constant(values.reshape(shape), dtype=dtype)


def cell():
    cells = [tf.contrib.rnn.DropoutWrapper(tf.contrib.rnn.BasicLSTMCell(UNITS),
                                           output_keep_prob=1.0) for _ in range(2)]
    return tf.contrib.rnn.MultiRNNCell(cells)


def main():
    rng = np.random.RandomState(1)
    data = rng.rand(BATCH, STEPS, FEATURES).astype(np.float32)
    target = data.sum(axis=(1, 2)).reshape(BATCH, 1).astype(np.float32)
    lengths = np.array([5, 3, 4, 2], np.int32)
    inputs = tf.constant(data)
    with tf.variable_scope("static", initializer=fixed_weights):
        outputs, _ = tf.contrib.rnn.static_rnn(cell(), tf.unstack(inputs, axis=1),
                                               dtype=tf.float32)
    with tf.variable_scope("dynamic", initializer=fixed_weights):
        dyn_outputs, state = tf.nn.dynamic_rnn(cell(), inputs, sequence_length=lengths,
                                               dtype=tf.float32)
        w = tf.get_variable("w", [UNITS, 1])
        prediction = tf.matmul(state[-1].h, w)
    loss = tf.reduce_mean(tf.square(prediction - target))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    for v in tf.trainable_variables():
        print("variable %s %s" % (v.name, v.shape.as_list()))
    print("static outputs %d x %s" % (len(outputs), outputs[0].shape.as_list()))
    print("dynamic outputs %s" % dyn_outputs.shape.as_list())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        last = sess.run(outputs[-1])
        same = np.allclose(sess.run(dyn_outputs)[0, -1], last[0], atol=1e-6)
        print("static and dynamic agree on a full sequence: %s" % same)
        print("zeros past length: %s" % (sess.run(dyn_outputs)[3, 2:] == 0).all())
        for i in range(6):
            _, value = sess.run([train, loss])
            print("step %d: loss %.5f" % (i, value))
        print("prediction %s" % " ".join("%.4f" % v for v in sess.run(prediction).ravel()))


if __name__ == "__main__":
    main()

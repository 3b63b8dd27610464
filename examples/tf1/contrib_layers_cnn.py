"""A TF 1.x tf.contrib.layers program: a small CNN (conv2d, max_pool2d, batch_norm, flatten,
fully_connected under an arg_scope) trained a few steps with optimize_loss, from fixed
initializers, printing its variables and losses."""

import numpy as np
import tensorflow as tf

layers = tf.contrib.layers


def fixed_weights(shape, dtype=tf.float32, partition_info=None):
    """Weights that depend only on their shape (the same under any TF)."""
    count = int(np.prod(shape))
    values = np.sin(np.arange(count, dtype=np.float64) * 0.7) * 0.3
    return tf.constant(values.reshape(shape), dtype=dtype)


def show(values):
    return "[%s]" % ", ".join("%.4f" % v for v in np.ravel(values))


def model(images, is_training):
    with tf.contrib.framework.arg_scope(
            [layers.conv2d, layers.fully_connected],
            weights_initializer=fixed_weights,
            biases_initializer=tf.constant_initializer(0.01),
            weights_regularizer=layers.l2_regularizer(0.01)):
        net = layers.conv2d(images, 4, [3, 3], scope="conv1")
        net = layers.max_pool2d(net, [2, 2], scope="pool1")
        net = layers.conv2d(net, 6, [3, 3], normalizer_fn=layers.batch_norm,
                            normalizer_params={"is_training": is_training}, scope="conv2")
        net = layers.flatten(net)
        net = layers.fully_connected(net, 8, scope="fc1")
        return layers.fully_connected(net, 3, activation_fn=None, scope="logits")


def main():
    rng = np.random.RandomState(0)
    images = rng.rand(8, 8, 8, 1).astype(np.float32)
    labels = rng.randint(0, 3, size=8).astype(np.int64)
    logits = model(tf.constant(images), is_training=True)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    total = tf.losses.get_total_loss()
    step = tf.train.get_or_create_global_step()
    train = layers.optimize_loss(total, step, learning_rate=0.1, optimizer="SGD",
                                 summaries=["loss"])
    for v in tf.global_variables():
        print("variable %s %s" % (v.name, v.shape.as_list()))
    print("update ops %d" % len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)))
    print("regularization losses %d" % len(tf.losses.get_regularization_losses()))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(5):
            value, ce = sess.run([train, loss])
            print("step %d: total %.5f, cross-entropy %.5f" % (i, value, ce))
        print("global step %d" % sess.run(step))
        mean = sess.run(tf.global_variables("conv2/BatchNorm/moving_mean")[0])
        print("moving mean x 1000: %s" % show(mean * 1000))
        print("logits %s" % show(sess.run(logits)[:2]))


if __name__ == "__main__":
    main()

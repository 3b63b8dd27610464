"""A TF 1.x program on tf.contrib.learn's MNIST reader (read_data_sets, one_hot, the
validation split, next_batch in order): softmax regression from zero weights, a few steps."""

import argparse

import numpy as np
import tensorflow as tf


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data_dir", required=True)
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    mnist = tf.contrib.learn.datasets.mnist.read_data_sets(args.data_dir, one_hot=True)
    for name in ("train", "validation", "test"):
        part = getattr(mnist, name)
        print("%s: %d examples, images %s %s, labels %s %s" % (
            name, part.num_examples, part.images.shape, part.images.dtype,
            part.labels.shape, part.labels.dtype))
    print("pixel range %.4f..%.4f, first labels %s" % (
        mnist.train.images.min(), mnist.train.images.max(),
        np.argmax(mnist.train.labels[:10], 1).tolist()))
    x = tf.placeholder(tf.float32, [None, 784])
    y = tf.placeholder(tf.float32, [None, 10])
    w = tf.Variable(tf.zeros([784, 10]), name="weights")
    b = tf.Variable(tf.zeros([10]), name="biases")
    logits = tf.matmul(x, w) + b
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(args.steps):
            images, labels = mnist.train.next_batch(100, shuffle=False)
            _, value = sess.run([train, loss], {x: images, y: labels})
            if i % 5 == 4:
                print("step %d: loss %.4f" % (i + 1, value))
        print("epochs completed %d, validation accuracy %.4f" % (
            mnist.train.epochs_completed,
            sess.run(accuracy, {x: mnist.validation.images, y: mnist.validation.labels})))
        print("test accuracy %.4f" % sess.run(
            accuracy, {x: mnist.test.images, y: mnist.test.labels}))


if __name__ == "__main__":
    main()

"""Lecture 25's second lab: the two-conv-layer CNN of TF's "Deep MNIST for experts" (~99.2%).

python examples/cnn_mnist.py [--data-dir data_dir] [--steps 20000]
"""

import argparse
import time

import numpy as np
from tqdm import tqdm

import tinytf as tf
from tinytf.examples.tutorials.mnist import input_data

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--data-dir", default="data_dir")
parser.add_argument("--steps", type=int, default=20000)
parser.add_argument("--seed", type=int, default=None)
parser.add_argument("--logdir", default=None, help="write the graph and loss curves here")
args = parser.parse_args()

mnist = input_data.read_data_sets(args.data_dir, one_hot=True, seed=args.seed)
if args.seed is not None:
    tf.set_random_seed(args.seed)


def weight_variable(shape):
    return tf.Variable(tf.truncated_normal(shape, stddev=0.1))


def bias_variable(shape):
    return tf.Variable(tf.constant(0.1, shape=shape))


def conv2d(x, W):
    return tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding="SAME")


def max_pool_2x2(x):
    return tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")


x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
x_image = tf.reshape(x, [-1, 28, 28, 1])

W_conv1 = weight_variable([5, 5, 1, 32])
b_conv1 = bias_variable([32])
h_conv1 = tf.nn.relu(conv2d(x_image, W_conv1) + b_conv1)
h_pool1 = max_pool_2x2(h_conv1)

W_conv2 = weight_variable([5, 5, 32, 64])
b_conv2 = bias_variable([64])
h_conv2 = tf.nn.relu(conv2d(h_pool1, W_conv2) + b_conv2)
h_pool2 = max_pool_2x2(h_conv2)

W_fc1 = weight_variable([7 * 7 * 64, 1024])
b_fc1 = bias_variable([1024])
h_pool2_flat = tf.reshape(h_pool2, [-1, 7 * 7 * 64])
h_fc1 = tf.nn.relu(tf.matmul(h_pool2_flat, W_fc1) + b_fc1)

keep_prob = tf.placeholder(tf.float32)
h_fc1_drop = tf.nn.dropout(h_fc1, keep_prob)

W_fc2 = weight_variable([1024, 10])
b_fc2 = bias_variable([10])
y_conv = tf.matmul(h_fc1_drop, W_fc2) + b_fc2

cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y_conv))
train_step = tf.train.AdamOptimizer(1e-4).minimize(cross_entropy)
correct_prediction = tf.equal(tf.argmax(y_conv, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))


def test_accuracy(sess, chunk=500):
    """Accuracy on the 10000 test images, in chunks to bound memory."""
    hits = 0.0
    for start in range(0, mnist.test.num_examples, chunk):
        feed = {
            x: mnist.test.images[start : start + chunk],
            y_: mnist.test.labels[start : start + chunk],
            keep_prob: 1.0,
        }
        hits += sess.run(accuracy, feed) * len(feed[x])
    return hits / mnist.test.num_examples


if args.logdir:  # for TensorBoard: the graph, the loss and the training accuracy
    tf.summary.scalar("cross_entropy", cross_entropy)
    tf.summary.scalar("accuracy", accuracy)
    summaries = tf.summary.merge_all()

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    writer = tf.summary.FileWriter(args.logdir, sess.graph) if args.logdir else None
    start, losses = time.perf_counter(), []
    with tqdm(range(args.steps), desc="training", unit="step", mininterval=1.0) as bar:
        for i in bar:
            batch = mnist.train.next_batch(50)
            if i % 100 == 0:
                train_accuracy = accuracy.eval(
                    feed_dict={x: batch[0], y_: batch[1], keep_prob: 1.0}
                )
                bar.write("step %d, training accuracy %g" % (i, train_accuracy))
                if writer:
                    feed = {x: batch[0], y_: batch[1], keep_prob: 1.0}
                    writer.add_summary(sess.run(summaries, feed), i)
            _, loss = sess.run(
                [train_step, cross_entropy], feed_dict={x: batch[0], y_: batch[1], keep_prob: 0.5}
            )
            losses.append(loss)
            if i % 10 == 0:
                bar.set_postfix(loss=f"{np.mean(losses[-100:]):.4f}")
    seconds = time.perf_counter() - start
    if writer:
        writer.close()
    print("test accuracy %g" % test_accuracy(sess))
    k = min(10, len(losses) // 2)
    if k:
        print(
            f"training loss {np.mean(losses[:k]):.4f} (first {k} steps) -> "
            f"{np.mean(losses[-k:]):.4f} (last {k})"
        )
    per_step = 1000 * seconds / max(args.steps, 1)
    print(f"({args.steps} training steps in {seconds:.1f} s, {per_step:.1f} ms/step)")

"""Lecture 25's first lab, as written: softmax regression on MNIST (~92% test accuracy).

python examples/softmax_mnist.py [--data-dir data_dir] [--steps 5000]
"""

import argparse
import time

import tinytf as tf
from tinytf.examples.tutorials.mnist import input_data

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--data-dir", default="data_dir")
parser.add_argument("--steps", type=int, default=5000)
parser.add_argument("--seed", type=int, default=None, help="fixes the order of the batches")
parser.add_argument("--logdir", default=None, help="write the graph and loss curve here")
args = parser.parse_args()

data_dir = args.data_dir
mnist = input_data.read_data_sets(data_dir, one_hot=True, seed=args.seed)

x = tf.placeholder(tf.float32, [None, 784])
W = tf.Variable(tf.zeros([784, 10]))
b = tf.Variable(tf.zeros([10]))
y = tf.nn.softmax(tf.matmul(x, W) + b)

ytrue = tf.placeholder(tf.float32, [None, 10])
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=ytrue, logits=y))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

sess = tf.InteractiveSession()
tf.global_variables_initializer().run()

if args.logdir:  # for TensorBoard: the graph, and the loss every 50 steps
    loss_summary = tf.summary.scalar("cross_entropy", cross_entropy)
    writer = tf.summary.FileWriter(args.logdir, sess.graph)

start = time.perf_counter()
for step in range(args.steps):
    batch_xs, batch_ys = mnist.train.next_batch(100)
    if args.logdir and step % 50 == 0:
        summary, _ = sess.run([loss_summary, train_step], feed_dict={x: batch_xs, ytrue: batch_ys})
        writer.add_summary(summary, step)
        continue
    sess.run(train_step, feed_dict={x: batch_xs, ytrue: batch_ys})
seconds = time.perf_counter() - start
if args.logdir:
    writer.close()

correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(ytrue, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
print(sess.run(accuracy, feed_dict={x: mnist.test.images, ytrue: mnist.test.labels}))
print(f"({args.steps} training steps in {seconds:.2f} s)")

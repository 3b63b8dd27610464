"""A TF 1.x program written the way the tutorials were (flags, tf.app.run, tf.gfile, ConfigProto,
tf.device, summaries, a Saver, a timeline trace). It is plain TF 1.x: run it unchanged with
    python -m tinytf examples/tf1/mnist_with_summaries.py --max_steps 200
or with real TF 1.15 as `python examples/tf1/mnist_with_summaries.py`.
"""
from __future__ import absolute_import, division, print_function  # noqa: UP010

import os

import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data
from tensorflow.python.client import timeline

flags = tf.app.flags
FLAGS = flags.FLAGS
flags.DEFINE_integer("max_steps", 300, "Number of steps to run trainer.")
flags.DEFINE_float("learning_rate", 0.5, "Initial learning rate.")
flags.DEFINE_integer("batch_size", 100, "Examples per training step.")
flags.DEFINE_string("data_dir", "/tmp/tensorflow/mnist/input_data", "Directory for input data.")
flags.DEFINE_string("summaries_dir", "/tmp/tensorflow/mnist/logs", "Summaries, checkpoints, trace.")
flags.DEFINE_boolean("fake_data", False, "If true, uses fake data for unit testing.")


def variable_summaries(var):
    with tf.name_scope("summaries"):
        mean = tf.reduce_mean(var)
        tf.summary.scalar("mean", mean)
        tf.summary.scalar("stddev", tf.sqrt(tf.reduce_mean(tf.square(var - mean))))
        tf.summary.histogram("histogram", var)


def train():
    mnist = input_data.read_data_sets(FLAGS.data_dir, one_hot=True)
    with tf.device("/cpu:0"):
        x = tf.placeholder(tf.float32, [None, 784], name="x-input")
        y_ = tf.placeholder(tf.float32, [None, 10], name="y-input")
        with tf.name_scope("softmax"):
            W = tf.Variable(tf.zeros([784, 10]), name="weights")
            b = tf.Variable(tf.zeros([10]), name="biases")
            variable_summaries(W)
            y = tf.matmul(x, W) + b
    with tf.device("/gpu:0"):  # no GPU here: allow_soft_placement puts it on the CPU
        cross_entropy = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=y))
    tf.summary.scalar("cross_entropy", cross_entropy)
    global_step = tf.train.get_or_create_global_step()
    train_step = tf.train.GradientDescentOptimizer(FLAGS.learning_rate).minimize(
        cross_entropy, global_step=global_step)
    correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    tf.summary.scalar("accuracy", accuracy)
    merged = tf.summary.merge_all()
    saver = tf.train.Saver(max_to_keep=2)

    config = tf.ConfigProto(allow_soft_placement=True, intra_op_parallelism_threads=2)
    config.gpu_options.allow_growth = True
    with tf.Session(config=config) as sess:
        train_writer = tf.summary.FileWriter(FLAGS.summaries_dir + "/train", sess.graph)
        sess.run(tf.global_variables_initializer())
        for i in range(FLAGS.max_steps):
            xs, ys = mnist.train.next_batch(FLAGS.batch_size)
            if i == FLAGS.max_steps // 2:  # one traced step, as the tutorial did
                options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
                metadata = tf.RunMetadata()
                summary, _ = sess.run([merged, train_step], {x: xs, y_: ys},
                                      options=options, run_metadata=metadata)
                train_writer.add_run_metadata(metadata, "step%03d" % i)
                trace = timeline.Timeline(metadata.step_stats)
                with tf.gfile.GFile(os.path.join(FLAGS.summaries_dir, "timeline.json"), "w") as f:
                    f.write(trace.generate_chrome_trace_format())
            else:
                summary, _ = sess.run([merged, train_step], {x: xs, y_: ys})
            train_writer.add_summary(summary, i)
        saver.save(sess, os.path.join(FLAGS.summaries_dir, "model.ckpt"), global_step=global_step)
        acc = sess.run(accuracy, {x: mnist.test.images, y_: mnist.test.labels})
        train_writer.close()
    print("test accuracy %.2f" % acc)
    print("files: %s" % sorted(tf.gfile.ListDirectory(FLAGS.summaries_dir)))


def main(argv):
    del argv  # unused
    if tf.gfile.Exists(FLAGS.summaries_dir):
        tf.gfile.DeleteRecursively(FLAGS.summaries_dir)
    tf.gfile.MakeDirs(FLAGS.summaries_dir)
    train()


if __name__ == "__main__":
    tf.app.run(main=main)

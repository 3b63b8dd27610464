"""The lecture's CNN (examples/cnn_mnist.py) written with tf.layers inside a model_fn and trained
with tf.estimator, as the lecture's closing remark suggests.

python examples/estimator_mnist.py [--data-dir data_dir] [--steps 20000] [--model-dir DIR]

Run it again with the same --model-dir and training resumes from the latest checkpoint.
"""

import argparse
import time

import numpy as np

import tinytf as tf
from tinytf.examples.tutorials.mnist import input_data

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--data-dir", default="data_dir")
parser.add_argument("--steps", type=int, default=20000)
parser.add_argument("--model-dir", default=None, help="checkpoints and summaries (default: temp)")
parser.add_argument("--seed", type=int, default=None)
args = parser.parse_args()

tf.logging.set_verbosity(tf.logging.INFO)  # loss and global_step/sec every 100 steps, as TF


def cnn_model_fn(features, labels, mode):
    """conv(5x5, 32) -> pool -> conv(5x5, 64) -> pool -> dense(1024) -> dropout -> dense(10)."""
    input_layer = tf.reshape(features["x"], [-1, 28, 28, 1])
    conv1 = tf.layers.conv2d(input_layer, 32, [5, 5], padding="same", activation=tf.nn.relu)
    pool1 = tf.layers.max_pooling2d(conv1, pool_size=[2, 2], strides=2)
    conv2 = tf.layers.conv2d(pool1, 64, [5, 5], padding="same", activation=tf.nn.relu)
    pool2 = tf.layers.max_pooling2d(conv2, pool_size=[2, 2], strides=2)
    pool2_flat = tf.layers.flatten(pool2)
    dense = tf.layers.dense(pool2_flat, 1024, activation=tf.nn.relu)
    dropout = tf.layers.dropout(dense, rate=0.5, training=mode == tf.estimator.ModeKeys.TRAIN)
    logits = tf.layers.dense(dropout, 10)

    predictions = {
        "classes": tf.argmax(logits, axis=1),
        "probabilities": tf.nn.softmax(logits, name="softmax_tensor"),
    }
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(mode=mode, predictions=predictions)

    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    if mode == tf.estimator.ModeKeys.TRAIN:
        optimizer = tf.train.AdamOptimizer(1e-4)
        train_op = optimizer.minimize(loss, global_step=tf.train.get_global_step())
        return tf.estimator.EstimatorSpec(mode=mode, loss=loss, train_op=train_op)

    eval_metric_ops = {
        "accuracy": tf.metrics.accuracy(labels=labels, predictions=predictions["classes"])
    }
    return tf.estimator.EstimatorSpec(mode=mode, loss=loss, eval_metric_ops=eval_metric_ops)


mnist = input_data.read_data_sets(args.data_dir, seed=args.seed)
train_labels = np.asarray(mnist.train.labels, dtype=np.int32)
test_labels = np.asarray(mnist.test.labels, dtype=np.int32)

config = tf.estimator.RunConfig(tf_random_seed=args.seed)
classifier = tf.estimator.Estimator(cnn_model_fn, model_dir=args.model_dir, config=config)

train_input_fn = tf.estimator.inputs.numpy_input_fn(
    x={"x": mnist.train.images}, y=train_labels, batch_size=50, num_epochs=None, shuffle=True
)
start = time.perf_counter()
classifier.train(input_fn=train_input_fn, steps=args.steps)
seconds = time.perf_counter() - start

eval_input_fn = tf.estimator.inputs.numpy_input_fn(
    x={"x": mnist.test.images}, y=test_labels, batch_size=500, num_epochs=1, shuffle=False
)
results = classifier.evaluate(input_fn=eval_input_fn)
print("test accuracy %g" % results["accuracy"])
print(f"global step {results['global_step']}, test loss {results['loss']:.4f}")
print(
    f"({args.steps} training steps in {seconds:.1f} s, {1000 * seconds / args.steps:.1f} ms/step)"
)

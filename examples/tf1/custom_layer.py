"""A TF 1.x program with its own tf.layers.Layer subclass (build with add_weight, a
regularizer and a non-trainable weight, call, compute_output_shape) used twice in a model
beside tf.layers.dense, trained a few steps from fixed initial weights."""

import numpy as np
import tensorflow as tf


class ScaledDense(tf.layers.Layer):
    """x @ kernel * scale + bias, with a running count of the calls made while training."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        fan_in = int(input_shape[-1])
        table = np.linspace(-0.5, 0.5, fan_in * self.units).reshape(fan_in, self.units)
        self.kernel = self.add_weight(
            "kernel", [fan_in, self.units], initializer=tf.constant_initializer(table),
            regularizer=tf.contrib.layers.l2_regularizer(0.1))
        self.scale = self.add_weight("scale", [], initializer=tf.ones_initializer())
        self.bias = self.add_weight("bias", [self.units], initializer=tf.zeros_initializer())
        self.calls = self.add_weight("calls", [], initializer=tf.zeros_initializer(),
                                     trainable=False)
        super().build(input_shape)

    def call(self, inputs):
        return tf.matmul(inputs, self.kernel) * self.scale + self.bias

    def compute_output_shape(self, input_shape):
        return tf.TensorShape(input_shape)[:-1].concatenate(self.units)


def main():
    rng = np.random.RandomState(2)
    x_data = rng.rand(16, 3).astype(np.float32)
    y_data = (x_data.sum(1, keepdims=True) > 1.5).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 3])
    first = ScaledDense(4, name="scaled")
    hidden = tf.nn.relu(first(x))
    hidden = tf.layers.dense(hidden, 4, kernel_initializer=tf.constant_initializer(0.3),
                             name="middle")
    logits = ScaledDense(1)(hidden)
    print("output shape %s" % logits.shape.as_list())
    print("computed shape %s" % first.compute_output_shape(tf.TensorShape([None, 3])))
    print("layer weights %s" % [w.name for w in first.weights])
    print("trainable %d, non-trainable %d, losses %d" % (
        len(first.trainable_weights), len(first.non_trainable_weights), len(first.losses)))
    for v in tf.global_variables():
        print("variable %s %s trainable=%s" % (
            v.name, v.shape.as_list(), v in tf.trainable_variables()))
    loss = tf.losses.sigmoid_cross_entropy(y_data, logits) + tf.losses.get_regularization_loss()
    train = tf.train.MomentumOptimizer(0.2, 0.9).minimize(loss)
    count = tf.assign_add(first.calls, 1.0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(8):
            _, value, _ = sess.run([train, loss, count], {x: x_data})
            print("step %d: loss %.5f" % (i, value))
        print("scale %.5f, calls %.0f" % tuple(sess.run([first.scale, first.calls])))


if __name__ == "__main__":
    main()

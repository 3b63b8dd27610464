"""A TF 1.x tf.data program: one iterator switched between a training and a test dataset
(Iterator.from_structure + make_initializer), both made from placeholders fed at their
initializers, training a linear regression."""

import numpy as np
import tensorflow as tf


def main():
    rng = np.random.RandomState(0)
    train_x = rng.rand(64, 3).astype(np.float32)
    train_y = train_x.dot([[1.0], [-2.0], [0.5]]).astype(np.float32) + 0.25
    test_x = rng.rand(16, 3).astype(np.float32)
    test_y = test_x.dot([[1.0], [-2.0], [0.5]]).astype(np.float32) + 0.25
    x_ph = tf.placeholder(tf.float32, [None, 3])
    y_ph = tf.placeholder(tf.float32, [None, 1])
    train = tf.data.Dataset.from_tensor_slices((x_ph, y_ph)).batch(16).repeat(20)
    test = tf.data.Dataset.from_tensor_slices((x_ph, y_ph)).batch(16)
    iterator = tf.data.Iterator.from_structure(train.output_types, train.output_shapes)
    x, y = iterator.get_next()
    w = tf.Variable(tf.zeros([3, 1]))
    b = tf.Variable(0.0)
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(iterator.make_initializer(train), {x_ph: train_x, y_ph: train_y})
        steps = 0
        try:
            while True:
                _, value = sess.run([step, loss])
                steps += 1
                if steps % 20 == 0:
                    print("step %d: loss %.4f" % (steps, value))
        except tf.errors.OutOfRangeError:
            print("trained %d steps" % steps)
        sess.run(iterator.make_initializer(test), {x_ph: test_x, y_ph: test_y})
        print("test loss %.4f" % sess.run(loss))
        print("w %s, b %.3f" % (np.round(sess.run(w).ravel(), 2).tolist(), sess.run(b)))


if __name__ == "__main__":
    main()

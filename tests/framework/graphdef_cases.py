"""Graphs exchanged with real TF (tools/make_graphdef_fixtures.py writes the files). Each
builder takes the `tf` module (tinytf or tf.compat.v1) and returns (outputs, feeds) where
feeds maps placeholder names to values."""

import numpy as np

rng = np.random.default_rng(11)
X_ARITH = {
    "x": np.float32([4, 3, 2, 1]),
    "y": np.float32([2, 3, 4, 5]),
    "z": np.float32([1, 1, 2, 2]),
}
IMAGES = rng.random((3, 8, 8, 1), dtype=np.float32)
W1 = (rng.standard_normal((3, 3, 1, 4)) * 0.3).astype(np.float32)
W2 = (rng.standard_normal((4 * 4 * 4, 5)) * 0.3).astype(np.float32)


def lecture_arithmetic(tf):
    a = tf.constant(5, dtype=tf.float32)
    b = tf.constant(3.1415, dtype=tf.float32)
    c = tf.constant(2, dtype=tf.float32)
    x = tf.placeholder(tf.float32, name="x")
    y = tf.placeholder(tf.float32, name="y")
    z = tf.placeholder(tf.float32, name="z")
    tf.identity(x / a + b * y - c * z, name="ans")
    tf.matmul(tf.constant([[1.0, 2.0], [3.0, 4.0]]), tf.constant([[1.0], [1.0]]), name="mm")
    return ["ans:0", "mm:0"], X_ARITH


def small_convnet(tf):
    x = tf.placeholder(tf.float32, [None, 8, 8, 1], name="images")
    w1 = tf.Variable(W1, name="conv_w")
    h = tf.nn.relu(tf.nn.conv2d(x, w1, [1, 1, 1, 1], "SAME") + 0.1)
    h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    flat = tf.reshape(h, [-1, 4 * 4 * 4])
    w2 = tf.Variable(W2, name="fc_w")
    logits = tf.matmul(flat, w2, name="logits")
    tf.nn.softmax(logits, name="probs")
    tf.argmax(logits, 1, name="classes")
    return ["probs:0", "classes:0"], {"images": IMAGES}


def cond_branches(tf):
    """tf.cond: Switch/Merge, one predicate true and one false, a nested cond."""
    x = tf.placeholder(tf.float32, [None], name="x")
    big = tf.reduce_sum(x) > 100.0
    tf.identity(
        tf.cond(tf.reduce_sum(x) > 0.0, lambda: x * 2.0 + 1.0, lambda: tf.square(x)),
        name="taken_true",
    )
    inner = lambda: tf.cond(big, lambda: x - 1.0, lambda: x * x * x)  # noqa: E731
    tf.identity(tf.cond(big, lambda: tf.exp(x), inner), name="taken_false")
    return ["taken_true:0", "taken_false:0"], {"x": X_ARITH["x"]}


CASES = {
    "lecture_arithmetic": lecture_arithmetic,
    "small_convnet": small_convnet,
    "cond_branches": cond_branches,
}

"""The model of the checkpoint interop fixtures, built the same way by real TF (in
tools/make_checkpoint_fixtures.py) and by tinytf (in the tests): `build(tf)` takes either module."""

import numpy as np

X = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0]], np.float32)
STEP = 7
VALUES = {  # what each variable holds when the checkpoint is saved
    "W": np.arange(6, dtype=np.float32).reshape(3, 2) / 10,
    "b": np.array([0.5, -0.5], np.float32),
    "scope/w64": np.arange(6.0).reshape(3, 1, 2),
    "counts": np.array([1, 2, 3, 4], np.int32),
    "flag": np.array([True, False]),
    "global_step": np.int64(STEP),
}


def build(tf):
    """x -> y = softmax(xW + b) with variables of five dtypes; returns (x, y, assign-all op)."""
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    W = tf.Variable(tf.zeros([3, 2]), name="W")
    b = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
    with tf.variable_scope("scope"):
        w64 = tf.get_variable("w64", initializer=np.zeros((3, 1, 2)))
    counts = tf.Variable(np.zeros(4, np.int32), name="counts")
    flag = tf.Variable(np.array([False, False]), name="flag")
    step = tf.train.get_or_create_global_step()
    y = tf.nn.softmax(tf.matmul(x, W) + b, name="y")
    tf.add_to_collection("outputs", y)
    variables = {
        "W": W,
        "b": b,
        "scope/w64": w64,
        "counts": counts,
        "flag": flag,
        "global_step": step,
    }
    assign = tf.group(*[v.assign(VALUES[k]) for k, v in variables.items()])
    return x, y, assign

"""Graphs built the same way under real TF 1.15 (tools/make_device_fixtures.py) and under tinytf
(tests/client/test_devices.py): each function takes the `tf` module to build with."""


def nested_devices(tf):
    """Ops under nested tf.device blocks (strings, None, '', functions, a DeviceSpec),
    colocate_with, and a variable in a container; returns the variable."""
    a = tf.constant(1.0, name="a")
    with tf.device("/cpu:0"):
        b = tf.constant(2.0, name="b")
        with tf.device("/job:worker/task:1"):
            tf.constant(3.0, name="c")
        with tf.device(None):
            tf.constant(3.0, name="d0")
        with tf.device(""):
            tf.constant(3.0, name="d1")
    with tf.device("/gpu:1"):
        e = tf.add(a, b, name="e")
    with tf.device("/device:GPU:0"):
        with tf.device("/cpu:*"):
            tf.constant(1, name="f")
    with tf.device(lambda op: "/cpu:0" if op.type == "Const" else "/gpu:0"):
        h = tf.constant(1.0, name="h")
        tf.identity(h, name="i")
    with tf.device(tf.DeviceSpec(device_type="GPU", device_index=2)):
        tf.constant(1, name="j")
    with tf.colocate_with(b):
        tf.identity(b, name="k")
    with tf.device("/cpu:0"):
        with tf.colocate_with(e):
            tf.identity(b, name="l")
    with tf.device("/gpu:0"):
        with tf.device("/job:a"):
            tf.constant(1, name="m")
        with tf.device(lambda op: "/cpu:0"):
            with tf.device("/task:2"):
                tf.constant(1, name="n")
    with tf.container("ctr"):
        return tf.Variable(1.0, name="v")


def op_devices(graph):
    """{op name: [device, colocation groups]} of a graph."""
    return {
        op.name: [op.device, [c.decode() for c in op.colocation_groups()]]
        for op in graph.get_operations()
    }


# A program that switches tf.debugging.set_log_device_placement (run in a child process).
GLOBAL_LOGGING = (
    "import tensorflow as tf\n"
    "print(tf.debugging.get_log_device_placement())\n"
    "tf.debugging.set_log_device_placement(True)\n"
    "a = tf.constant(1.0, name='a'); b = tf.add(a, a, name='b')\n"
    "with tf.Session() as s: print('run 1', s.run(b))\n"
    "with tf.Session(config=tf.ConfigProto()) as s: print('run 2', s.run(b))\n"
    "tf.debugging.set_log_device_placement(False)\n"
    "with tf.Session() as s: print('run 3', s.run(b))\n"
)

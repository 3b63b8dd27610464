"""Slices whose bounds are known only at run time: the static shapes TF 1.15 infers (shared by
tests/ops/test_slice_shapes.py and tools/make_slice_shape_fixtures.py; Python 3.7)."""

CASES = {
    "index": lambda tf, x, i: x[i],
    "index_second": lambda tf, x, i: x[:, i],
    "index_then_slices": lambda tf, x, i: x[i, :, 1:],
    "ellipsis": lambda tf, x, i: x[..., i],
    "new_axis": lambda tf, x, i: x[i, tf.newaxis],
    "strided_full": lambda tf, x, i: x[::2, i],
    "range": lambda tf, x, i: x[i : i + 2],
    "reverse_full": lambda tf, x, i: x[::-1, :, i],
}


def build(tf, name):
    x = tf.placeholder(tf.float32, [5, 3, 4])
    i = tf.placeholder(tf.int32, [])
    return CASES[name](tf, x, i)

"""tf.sets over dense and sparse inputs: values against Python's sets (TF 1.15's own values,
including the order of the result, are in test_arrays_golden.py), shapes, bad inputs."""

import numpy as np
import pytest

import tinytf as tf
from tests.optest import Bad, check_bad, params

A = np.array([[3, 1, 2, 3], [4, 4, 4, 4]], np.int32)
B = np.array([[1, 5, 5, 5], [2, 4, 0, 0]], np.int32)


def _rows(st_value, batch):
    rows = [[] for _ in range(batch)]
    for (i, _), v in zip(st_value.indices.tolist(), st_value.values.tolist()):
        rows[i].append(v)
    return rows


@pytest.mark.parametrize(
    "fn, py",
    [
        (tf.sets.intersection, lambda a, b: a & b),
        (tf.sets.union, lambda a, b: a | b),
        (tf.sets.difference, lambda a, b: a - b),
        (lambda a, b: tf.sets.difference(a, b, aminusb=False), lambda a, b: b - a),
    ],
)
def test_set_operations_give_sorted_rows(fn, py):
    with tf.Session() as sess:
        out = sess.run(fn(A, B))
    want = [sorted(py(set(a), set(b))) for a, b in zip(A.tolist(), B.tolist())]
    assert _rows(out, 2) == want
    assert out.dense_shape.tolist() == [2, max(len(w) for w in want)]


def test_sparse_inputs_and_set_size():
    sp = tf.SparseTensor([[0, 0], [0, 2], [1, 1]], np.array([7, 7, 2], np.int32), [2, 3])
    size = tf.sets.size(sp)
    union = tf.sets.union(sp, A)  # Sparse,Dense is flipped to Dense,Sparse, as TF
    diff = tf.sets.difference(sp, A)  # flipped too, so aminusb flips
    assert union.values.dtype == tf.int32 and union.indices.shape.as_list() == [None, 2]
    with tf.Session() as sess:
        s, u, d = sess.run([size, union, diff])
    assert s.tolist() == [1, 1]
    assert _rows(u, 2) == [[1, 2, 3, 7], [2, 4]]
    assert _rows(d, 2) == [[7], [2]]


BAD = [
    Bad("set_size_of_dense", lambda: tf.sets.set_size(A), TypeError, "Expected `SparseTensor`"),
    Bad("rank_1", lambda: tf.sets.union([1, 2], [1]), ValueError, "at least rank 2"),
    Bad("float_sets", lambda: tf.sets.union([[1.0]], [[2.0]]), TypeError, "allowed values"),
    Bad(
        "batch_mismatch",
        lambda: tf.sets.union(tf.placeholder_with_default(A, [None, 4]), [[1, 2]]),
        tf.errors.InvalidArgumentError,
        "leading dimensions",
        run=True,
    ),
    Bad(
        "unordered_sparse",
        lambda: tf.sets.size(tf.SparseTensor([[1, 0], [0, 0]], [1, 2], [2, 2])),
        tf.errors.InvalidArgumentError,
        "ordered",
        run=True,
    ),
]


@pytest.mark.parametrize("bad", params(BAD))
def test_set_op_bad_input(bad):
    check_bad(bad)

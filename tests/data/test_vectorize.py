"""map(parse_single_example).batch(n) runs one parse per batch (src/tinytf/data/vectorize.py):
which functions take that path, and that it gives the written values. (What TF 1.15 gives for
such pipelines, errors included, is checked in test_data_golden.py's parse_then_batch.)"""

import numpy as np

import tinytf as tf
from tinytf.data import structure as st
from tinytf.data.tracing import traced

FIXED = {"x": tf.FixedLenFeature([2], tf.float32), "y": tf.FixedLenFeature([], tf.int64)}
RECORD = st.Spec(tf.string, tf.TensorShape([]))


def _example(x, y):
    feature = {"x": tf.train.Feature(float_list=tf.train.FloatList(value=x)),
               "y": tf.train.Feature(int64_list=tf.train.Int64List(value=[y]))}
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def test_only_a_bare_parse_of_numeric_features_is_vectorized():
    run, _ = traced(lambda r: tf.parse_single_example(r, FIXED), RECORD)
    assert run.batched is not None
    strings = {"s": tf.FixedLenFeature([], tf.string)}
    for fn in (lambda r: tf.parse_single_example(r, strings),
               lambda r: tf.parse_single_example(r, FIXED)["x"] * 2,
               lambda r: tf.strings.length(r)):
        assert traced(fn, RECORD)[0].batched is None


def test_a_batch_is_parsed_at_once_and_a_bad_record_leaves_it_to_the_per_record_path():
    run, _ = traced(lambda r: tf.parse_single_example(r, FIXED), RECORD)
    records = [np.array(_example([i + 0.5, -i], i), object) for i in range(3)]
    batch = run.batched(records)
    np.testing.assert_array_equal(batch["x"], [[0.5, 0], [1.5, -1], [2.5, -2]])
    assert batch["x"].dtype == np.float32 and batch["y"].dtype == np.int64
    np.testing.assert_array_equal(batch["y"], [0, 1, 2])
    short = np.array(_example([1.0], 3), object)
    assert run.batched(records + [short]) is None
    assert run.batched(records + [np.array(b"\xff not a proto", object)]) is None


VARLEN = {"v": tf.VarLenFeature(tf.float32), "n": tf.VarLenFeature(tf.int64),
          "y": tf.FixedLenFeature([], tf.int64)}


def _varlen_example(v, n, y):
    feature = {"y": tf.train.Feature(int64_list=tf.train.Int64List(value=[y]))}
    if v is not None:
        kind = "int64_list" if v and isinstance(v[0], int) else "float_list"
        lists = {"int64_list": tf.train.Int64List, "float_list": tf.train.FloatList}
        feature["v"] = tf.train.Feature(**{kind: lists[kind](value=v)})
    if n is not None:
        feature["n"] = tf.train.Feature(int64_list=tf.train.Int64List(value=n))
    record = tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()
    return np.array(record, object)


def _assert_same(a, b):
    assert sorted(a) == sorted(b)
    for key in a:
        for part in ("indices", "values", "dense_shape") if key != "y" else ():
            x, y = getattr(a[key], part), getattr(b[key], part)
            assert x.dtype == y.dtype and x.shape == y.shape
            np.testing.assert_array_equal(x, y)
    np.testing.assert_array_equal(a["y"], b["y"])


def test_var_len_features_batch_as_the_per_record_path_does():
    from tinytf.data.batching import _stack

    run, _ = traced(lambda r: tf.parse_single_example(r, VARLEN), RECORD)
    assert run.batched is not None
    rng = np.random.RandomState(0)
    records = [_varlen_example(list(rng.rand(rng.randint(4))) if i % 3 else None,
                               list(rng.randint(9, size=rng.randint(3))), i) for i in range(7)]
    fast = run.batched(records)
    slow = st.map_structure(_stack, *[run(r) for r in records])
    _assert_same(fast, slow)
    empty = run.batched([_varlen_example(None, None, 1), _varlen_example([], [], 2)])
    assert list(empty["v"].dense_shape) == [2, 0] and empty["v"].indices.shape == (0, 2)
    assert run.batched(records + [_varlen_example([1, 2], None, 9)]) is None  # a wrong kind


def test_parts_of_var_len_features_are_not_vectorized():
    for fn in (lambda r: tf.parse_single_example(r, VARLEN)["v"].values,
               lambda r: tf.sparse.to_dense(tf.parse_single_example(r, VARLEN)["v"]),
               lambda r: tf.parse_single_example(r, {"s": tf.VarLenFeature(tf.string)})):
        assert traced(fn, RECORD)[0].batched is None

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


def test_only_a_bare_parse_of_dense_features_is_vectorized():
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

"""tf.data transformations whose expected values follow from their definition (the orders real
TF 1.15 gives are checked in test_data_golden.py)."""

import numpy as np
import pytest

import tinytf as tf


def _all(dataset, feed=None, init=False):
    it = dataset.make_initializable_iterator() if init else dataset.make_one_shot_iterator()
    nxt = it.get_next()
    out = []
    with tf.Session() as sess:
        if init:
            sess.run(it.initializer, feed)
        while True:
            try:
                out.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                return out


def test_batch_take_skip_and_shuffle_take_graph_tensors():
    size, count = tf.placeholder(tf.int64, []), tf.placeholder(tf.int64, [])
    d = tf.data.Dataset.range(10).skip(count).take(5).batch(size)
    got = _all(d, {size: 2, count: 3}, init=True)
    assert [b.tolist() for b in got] == [[3, 4], [5, 6], [7]]
    assert d.output_shapes.as_list() == [None]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Batch size must be greater"):
        _all(tf.data.Dataset.range(3).batch(size), {size: 0}, init=True)


def test_shuffle_reshuffles_each_epoch_unless_told_not_to():
    epochs = [_all(tf.data.Dataset.range(50).shuffle(50, seed=1).repeat(2))]
    epochs.append(_all(tf.data.Dataset.range(50).shuffle(
        50, seed=1, reshuffle_each_iteration=False).repeat(2)))
    (a, b), (c, d) = [(e[:50], e[50:]) for e in epochs]
    assert sorted(a) == sorted(b) == list(range(50)) and a != b
    assert c == d


def test_padded_batch_accepts_int64_padding_and_checks_its_type():
    d = tf.data.Dataset.range(1, 4).map(lambda x: tf.fill([x], x))
    got = _all(d.padded_batch(3, [4], padding_values=np.int64(-7)))
    assert got[0].tolist() == [[1, -7, -7, -7], [2, 2, -7, -7], [3, 3, 3, -7]]
    with pytest.raises(TypeError, match="does not match output type"):
        d.padded_batch(2, [None], padding_values=1.5)
    with pytest.raises(ValueError, match="not compatible"):
        d.padded_batch(2, [None, 2])


def test_cache_in_a_file_is_read_back_by_a_new_pipeline(tmp_path):
    calls = []

    def count(v):
        calls.append(int(v))
        return v

    path = str(tmp_path / "cache")

    def pipeline():
        return tf.data.Dataset.range(4).map(
            lambda v: tf.py_func(count, [v], tf.int64, stateful=False)).cache(path)

    assert [int(v) for v in _all(pipeline())] == [0, 1, 2, 3]
    assert [int(v) for v in _all(pipeline())] == [0, 1, 2, 3]
    assert calls == [0, 1, 2, 3]  # the second pass read the file


def test_apply_and_iterator_structure_errors():
    with pytest.raises(TypeError, match="must return a Dataset"):
        tf.data.Dataset.range(3).apply(lambda d: 3)
    it = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([2]))
    with pytest.raises(TypeError, match="output shapes"):
        it.make_initializer(tf.data.Dataset.range(3))
    with pytest.raises(ValueError, match="does not have an initializer"):
        it.initializer
    nxt = it.get_next()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="not been initialized"):
            sess.run(nxt)


def test_sample_from_datasets_follows_its_weights():
    a = tf.data.Dataset.from_tensors(np.int64(0)).repeat(2000)
    b = tf.data.Dataset.from_tensors(np.int64(1)).repeat(2000)
    got = _all(tf.data.experimental.sample_from_datasets([a, b], [0.8, 0.2], seed=0).take(1000))
    assert 0.74 < 1 - np.mean(got) < 0.86


def test_file_datasets_are_datasets(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"1\n2\n")
    d = tf.data.TextLineDataset(str(path))
    assert isinstance(d, tf.data.Dataset) and isinstance(d, tf.data.TextLineDataset)
    assert d.output_types == tf.string and d.output_shapes.as_list() == []
    assert _all(d.map(lambda s: tf.string_to_number(s, tf.int32))) == [1, 2]


def test_a_list_of_tensors_is_one_packed_component():
    a = tf.placeholder(tf.float32, [])
    d = tf.data.Dataset.from_tensor_slices([a, a * 2, 3.0])
    assert d.output_shapes.as_list() == [] and d.output_types == tf.float32
    assert _all(d, {a: 5.0}, init=True) == [5.0, 10.0, 3.0]

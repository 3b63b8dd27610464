"""tf.data: datasets over host arrays, iterators as graph ops, OutOfRangeError at the end."""

import numpy as np
import pytest

import tinytf as tf

X = np.arange(10, dtype=np.float32)
Y = np.arange(10) % 3


def _all(dataset, initializable=False):
    it = (
        dataset.make_initializable_iterator()
        if initializable
        else (dataset.make_one_shot_iterator())
    )
    nxt = it.get_next()
    out = []
    with tf.Session() as sess:
        if initializable:
            sess.run(it.initializer)
        while True:
            try:
                out.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                return out


def test_slices_batches_and_structures():
    d = tf.data.Dataset.from_tensor_slices(({"x": X}, Y)).batch(4)
    assert d.output_types == ({"x": tf.float32}, tf.int64)
    assert d.output_shapes[1].as_list() == [None]
    batches = _all(d)
    assert [len(b[1]) for b in batches] == [4, 4, 2]
    assert np.array_equal(np.concatenate([b[0]["x"] for b in batches]), X)
    dropped = tf.data.Dataset.from_tensor_slices(X).batch(4, drop_remainder=True)
    assert dropped.output_shapes.as_list() == [4] and len(_all(dropped)) == 2
    assert _all(tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]]))[1].tolist() == [3, 4]


def test_repeat_shuffle_take_skip_range_zip():
    assert [int(v) for v in _all(tf.data.Dataset.range(3).repeat(2))] == [0, 1, 2, 0, 1, 2]
    shuffled = [float(v) for v in _all(tf.data.Dataset.from_tensor_slices(X).shuffle(10, seed=1))]
    assert sorted(shuffled) == X.tolist() and shuffled != X.tolist()
    again = [float(v) for v in _all(tf.data.Dataset.from_tensor_slices(X).shuffle(10, seed=1))]
    assert again == shuffled
    assert [int(v) for v in _all(tf.data.Dataset.range(10).skip(2).take(3))] == [2, 3, 4]
    pairs = _all(
        tf.data.Dataset.zip(
            (tf.data.Dataset.range(3), tf.data.Dataset.range(3).map(lambda v: v * 10))
        )
    )
    assert [(int(a), int(b)) for a, b in pairs] == [(0, 0), (1, 10), (2, 20)]
    forever = tf.data.Dataset.range(2).repeat().make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert [int(sess.run(forever)) for _ in range(5)] == [0, 1, 0, 1, 0]


def test_map_traces_the_function_once_and_runs_it_per_element():
    calls = []

    def fn(features, label):
        calls.append(1)
        return {"x": features["x"] * 2.0 + 1.0}, tf.cast(label, tf.int32)

    d = tf.data.Dataset.from_tensor_slices(({"x": X}, Y)).map(fn).batch(10)
    assert d.output_types == ({"x": tf.float32}, tf.int32)
    ((features, labels),) = _all(d)
    assert features["x"].tolist() == (X * 2 + 1).tolist() and labels.dtype == np.int32
    assert len(calls) == 1


def test_initializable_iterator_starts_over_and_must_be_initialized():
    it = tf.data.Dataset.range(3).make_initializable_iterator()
    nxt = it.get_next()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="not been initialized"):
            sess.run(nxt)
        sess.run(it.initializer)
        assert [int(sess.run(nxt)) for _ in range(2)] == [0, 1]
        sess.run(it.initializer)
        assert int(sess.run(nxt)) == 0
    with tf.Session() as sess:  # each Session has its own position
        sess.run(it.initializer)
        assert int(sess.run(nxt)) == 0


def test_end_of_sequence_and_bad_input():
    nxt = tf.data.Dataset.range(1).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        sess.run(nxt)
        with pytest.raises(tf.errors.OutOfRangeError, match="End of sequence"):
            sess.run(nxt)
    with pytest.raises(ValueError, match="must agree in their first dimension"):
        tf.data.Dataset.from_tensor_slices((X, Y[:3]))
    with pytest.raises(ValueError, match="Cannot capture a placeholder"):
        dataset = tf.data.Dataset.from_tensor_slices(tf.placeholder(tf.float32, [None]))
        dataset.make_one_shot_iterator()


def test_estimator_iterates_a_dataset_from_input_fn(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((200, 2)).astype(np.float32)
    y = (x[:, 0] > x[:, 1]).astype(np.int64)

    def input_fn(repeat):
        d = tf.data.Dataset.from_tensor_slices(({"x": x}, y)).shuffle(200, seed=0)
        return (d.repeat() if repeat else d).batch(20)

    est = tf.estimator.LinearClassifier(
        [tf.feature_column.numeric_column("x", shape=[2])], model_dir=str(tmp_path)
    )
    est.train(lambda: input_fn(True), steps=100)
    results = est.evaluate(lambda: input_fn(False))
    assert results["accuracy"] > 0.95 and results["global_step"] == 100


def test_from_generator_and_filter():
    d = tf.data.Dataset.from_generator(
        lambda: ((np.float32(i), np.arange(i)) for i in range(5)),
        (tf.float32, tf.int64),
        (tf.TensorShape([]), tf.TensorShape([None])),
    ).filter(lambda a, b: a > 1.0)
    assert d.output_shapes[1].as_list() == [None]
    got = _all(d)
    assert [float(a) for a, _ in got] == [2.0, 3.0, 4.0]
    assert got[-1][1].tolist() == [0, 1, 2, 3] and got[-1][1].dtype == np.int64
    with pytest.raises(ValueError, match="scalar boolean"):
        tf.data.Dataset.range(3).filter(lambda v: v * 2)

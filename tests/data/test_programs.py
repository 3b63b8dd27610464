"""TF 1.x-style input programs with tf.data, run unchanged: the train/test switch of
Iterator.from_structure with two initializers fed from placeholders, and file datasets that
stream (a large TFRecord file is read as it is consumed, not loaded)."""

import os
import tracemalloc

import numpy as np

import tinytf as tf


def _data(n, seed):
    rng = np.random.RandomState(seed)
    x = rng.randn(n, 2).astype(np.float32)
    y = (x[:, 0] + 2 * x[:, 1] > 0).astype(np.int64)
    return x, y


def test_train_test_switch_program_learns():
    (train_x, train_y), (test_x, test_y) = _data(512, 0), _data(200, 1)
    x_ph = tf.placeholder(tf.float32, [None, 2])
    y_ph = tf.placeholder(tf.int64, [None])
    train = tf.data.Dataset.from_tensor_slices((x_ph, y_ph)).shuffle(512, seed=0).batch(32)
    test = tf.data.Dataset.from_tensor_slices((x_ph, y_ph)).batch(50)
    it = tf.data.Iterator.from_structure(train.output_types, train.output_shapes)
    features, labels = it.get_next()
    train_init, test_init = it.make_initializer(train), it.make_initializer(test)
    logits = tf.layers.dense(features, 2)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    correct = tf.reduce_sum(tf.cast(tf.equal(tf.argmax(logits, 1), labels), tf.int32))
    accuracies = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train_init, {x_ph: train_x, y_ph: train_y})
            steps = 0
            while True:
                try:
                    sess.run(step)
                    steps += 1
                except tf.errors.OutOfRangeError:
                    break
            assert steps == 16
            sess.run(test_init, {x_ph: test_x, y_ph: test_y})
            hits = 0
            try:
                while True:
                    hits += sess.run(correct)
            except tf.errors.OutOfRangeError:
                accuracies.append(hits / len(test_y))
    assert accuracies[-1] > 0.95


def test_a_large_tfrecord_file_is_streamed(tmp_path):
    path = str(tmp_path / "big.tfrecord")
    record = bytes(range(256)) * 400  # 100 KB
    with tf.python_io.TFRecordWriter(path) as w:
        for _ in range(300):  # 30 MB
            w.write(record)
    nxt = tf.data.TFRecordDataset(path).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        tracemalloc.start()
        try:
            for _ in range(5):
                assert sess.run(nxt) == record
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert os.path.getsize(path) > 30_000_000
    assert peak < 5_000_000  # a few records and read chunks, never the whole file


def test_records_before_a_corrupt_one_are_delivered(tmp_path):
    path = str(tmp_path / "r.tfrecord")
    with tf.python_io.TFRecordWriter(path) as w:
        for r in (b"a", b"b", b"c"):
            w.write(r)
    with open(path, "r+b") as f:
        f.seek(2 * 17 + 12)  # the third record's data byte
        f.write(b"X")
    nxt = tf.data.TFRecordDataset(path).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert [sess.run(nxt), sess.run(nxt)] == [b"a", b"b"]
        try:
            sess.run(nxt)
        except tf.errors.DataLossError:
            pass
        else:
            raise AssertionError("a corrupt record must raise DataLossError")


def test_namespace_functions():
    d = tf.data.Dataset.range(3)
    assert tf.data.get_output_types(d) == tf.int64
    assert tf.data.get_output_shapes(d).as_list() == []
    assert tf.data.get_output_classes(d) is tf.Tensor
    assert tf.compat.v1.data.make_one_shot_iterator is tf.data.make_one_shot_iterator
    it = tf.data.make_initializable_iterator(d)
    nxt = tf.data.make_one_shot_iterator(d.map(lambda v: v + 1)).get_next()
    with tf.Session() as sess:
        sess.run(it.initializer)
        assert sess.run(it.get_next()) == 0 and sess.run(nxt) == 1
    assert tf.data.experimental.AUTOTUNE == -1

"""A TF 1.x TFRecord pipeline: tf.train.Examples written with tf.python_io.TFRecordWriter,
read back by tf.data.TFRecordDataset + tf.parse_single_example, and by tf_record_iterator +
tf.parse_example with a VarLenFeature fed through a placeholder."""

import os
import tempfile

import numpy as np
import tensorflow as tf


def example(i):
    feature = {
        "pixels": tf.train.Feature(float_list=tf.train.FloatList(value=[i * 0.5, i + 0.25])),
        "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[i % 3])),
        "tags": tf.train.Feature(
            bytes_list=tf.train.BytesList(value=[b"t%d" % k for k in range(i % 3)])
        ),
    }
    return tf.train.Example(features=tf.train.Features(feature=feature))


def main():
    path = os.path.join(tempfile.mkdtemp(), "data.tfrecord")
    with tf.python_io.TFRecordWriter(path) as writer:
        for i in range(5):
            writer.write(example(i).SerializeToString())
    spec = {
        "pixels": tf.FixedLenFeature([2], tf.float32),
        "label": tf.FixedLenFeature([], tf.int64),
    }
    dataset = tf.data.TFRecordDataset(path).map(lambda r: tf.parse_single_example(r, spec))
    batch = dataset.batch(2).make_one_shot_iterator().get_next()
    serialized = tf.placeholder(tf.string, [None])
    parsed = tf.parse_example(
        serialized, {"tags": tf.VarLenFeature(tf.string), "label": tf.FixedLenFeature([], tf.int64)}
    )
    with tf.Session() as sess:
        try:
            while True:
                b = sess.run(batch)
                print("batch: labels %s, pixel sum %.3f" % (b["label"].tolist(), b["pixels"].sum()))
        except tf.errors.OutOfRangeError:
            print("dataset done")
        records = list(tf.python_io.tf_record_iterator(path))
        tags, labels = sess.run([parsed["tags"], parsed["label"]], {serialized: records})
        print("records: %d, labels %s" % (len(records), labels.tolist()))
        print(
            "tags: indices %s, values %s, shape %s"
            % (tags.indices.tolist(), [v.decode() for v in tags.values], tags.dense_shape.tolist())
        )
        print("round trip: %s" % (tf.train.Example.FromString(records[2]) == example(2)))
        print("checksum %.4f" % float(np.sum(sess.run(tf.constant(labels)))))


if __name__ == "__main__":
    main()

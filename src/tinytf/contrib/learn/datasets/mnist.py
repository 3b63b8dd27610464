"""tf.contrib.learn.datasets.mnist: the module the TF 1.x tutorials' input_data re-exports (the
same read_data_sets, DataSet and dense_to_one_hot), and its IDX extractors."""

import gzip

import numpy as np

from tinytf.datasets.mnist import IMAGES_MAGIC, LABELS_MAGIC
from tinytf.examples.tutorials.mnist.input_data import (  # noqa: F401
    DataSet,
    Datasets,
    dense_to_one_hot,
    read_data_sets,
)

DEFAULT_SOURCE_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"


def _read32(bytestream):
    return int(np.frombuffer(bytestream.read(4), dtype=np.dtype(">u4"))[0])


def _open_checked(f, magic, kind):
    print("Extracting", f.name)
    bytestream = gzip.GzipFile(fileobj=f)
    found = _read32(bytestream)
    if found != magic:
        raise ValueError(f"Invalid magic number {found} in MNIST {kind} file: {f.name}")
    return bytestream


def extract_images(f):
    """The images of an IDX .gz file object: uint8 [index, y, x, 1]."""
    with _open_checked(f, IMAGES_MAGIC, "image") as bytestream:
        num_images, rows, cols = (_read32(bytestream) for _ in range(3))
        buf = bytestream.read(rows * cols * num_images)
        return np.frombuffer(buf, dtype=np.uint8).reshape(num_images, rows, cols, 1)


def extract_labels(f, one_hot=False, num_classes=10):
    """The labels of an IDX .gz file object: uint8 [index] (or one-hot rows)."""
    with _open_checked(f, LABELS_MAGIC, "label") as bytestream:
        num_items = _read32(bytestream)
        labels = np.frombuffer(bytestream.read(num_items), dtype=np.uint8)
        return dense_to_one_hot(labels, num_classes) if one_hot else labels


def load_mnist(train_dir="MNIST-data"):
    """read_data_sets(train_dir)."""
    return read_data_sets(train_dir)

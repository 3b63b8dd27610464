"""`from tensorflow.examples.tutorials.mnist import input_data`, as the TF 1.x tutorials use it.

>>> mnist = input_data.read_data_sets("data_dir", one_hot=True)
>>> batch_xs, batch_ys = mnist.train.next_batch(100)
"""

import collections
import os

import numpy as np

from tinytf.datasets import mnist as _files
from tinytf.framework import dtypes

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


class DataSet:
    """Images and labels with `next_batch`, shuffled once per epoch as in TF 1.x."""

    def __init__(self, images, labels, dtype=dtypes.float32, reshape=True, seed=None):
        dtype = dtypes.as_dtype(dtype).base_dtype
        if dtype not in (dtypes.uint8, dtypes.float32):
            raise TypeError(f"Invalid image dtype {dtype!r}, expected uint8 or float32")
        if images.shape[0] != labels.shape[0]:
            raise ValueError(f"images.shape: {images.shape} labels.shape: {labels.shape}")
        if reshape:
            images = images.reshape(images.shape[0], int(np.prod(images.shape[1:])))
        if dtype == dtypes.float32:
            images = images.astype(np.float32) * np.float32(1.0 / 255.0)
        self._images, self._labels = images, labels
        self._num_examples = images.shape[0]
        self._epochs_completed = 0
        self._index_in_epoch = 0
        self._rng = np.random.RandomState(seed)
        self._order = None  # the current epoch's permutation (None: data order)

    images = property(lambda self: self._images)
    labels = property(lambda self: self._labels)
    num_examples = property(lambda self: self._num_examples)
    epochs_completed = property(lambda self: self._epochs_completed)

    def _shuffle(self):
        # TF 1.x permuted the whole arrays each epoch; gathering each batch through a
        # permutation gives the same batches without copying the data set every epoch.
        self._order = self._rng.permutation(self._num_examples)

    def _take(self, start, end):
        rows = self._order[start:end] if self._order is not None else slice(start, end)
        return self._images[rows], self._labels[rows]

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """The next `batch_size` examples; an epoch's tail joins the next epoch's head."""
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            self._shuffle()
        if start + batch_size <= self._num_examples:
            self._index_in_epoch += batch_size
            return self._take(start, start + batch_size)
        self._epochs_completed += 1
        rest_images, rest_labels = self._take(start, self._num_examples)
        if shuffle:
            self._shuffle()
        self._index_in_epoch = batch_size - (self._num_examples - start)
        new_images, new_labels = self._take(0, self._index_in_epoch)
        return (
            np.concatenate([rest_images, new_images]),
            np.concatenate([rest_labels, new_labels]),
        )


def dense_to_one_hot(labels_dense, num_classes):
    """Class labels -> one-hot rows (float64, as TF's: its tutorials feed them to float32
    placeholders)."""
    return np.eye(num_classes)[labels_dense]


def read_data_sets(
    train_dir,
    fake_data=False,
    one_hot=False,
    dtype=dtypes.float32,
    reshape=True,
    validation_size=5000,
    seed=None,
    source_url=None,
    progress=True,
):
    """train (55000), validation (5000) and test (10000) DataSets from the IDX files in
    `train_dir`, obtained first if absent (see tinytf.datasets.mnist)."""
    if fake_data:
        raise NotImplementedError("fake_data is not supported")
    if source_url is not None:
        _files.MIRRORS.insert(0, source_url if source_url.endswith("/") else source_url + "/")
    _files.maybe_obtain(train_dir, progress=progress)
    arrays = {}
    for name in _files.FILES:
        path = os.path.join(train_dir, name)
        print(f"Extracting {path}")
        magic = _files.IMAGES_MAGIC if "images" in name else _files.LABELS_MAGIC
        arrays[name] = _files.read_idx(path, magic)
    train_images = arrays["train-images-idx3-ubyte.gz"][..., None]
    test_images = arrays["t10k-images-idx3-ubyte.gz"][..., None]
    train_labels = arrays["train-labels-idx1-ubyte.gz"]
    test_labels = arrays["t10k-labels-idx1-ubyte.gz"]
    if one_hot:
        train_labels, test_labels = (
            dense_to_one_hot(train_labels, 10),
            dense_to_one_hot(test_labels, 10),
        )
    if not 0 <= validation_size <= len(train_images):
        raise ValueError(
            f"Validation size should be between 0 and {len(train_images)}. "
            f"Received: {validation_size}."
        )
    make = dict(dtype=dtype, reshape=reshape, seed=seed)
    return Datasets(
        train=DataSet(train_images[validation_size:], train_labels[validation_size:], **make),
        validation=DataSet(train_images[:validation_size], train_labels[:validation_size], **make),
        test=DataSet(test_images, test_labels, **make),
    )


load_mnist = read_data_sets

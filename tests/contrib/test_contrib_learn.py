"""tf.contrib.learn.datasets.mnist: the same reader as the tutorials' input_data (as in TF 1.15,
whose input_data re-exports it), on small IDX files written here (no network); load_dataset
('mnist') reads ./MNIST-data; the extractors read file objects with TF's magic checks."""

import gzip
import struct

import numpy as np
import pytest

import tinytf as tf
from tinytf.examples.tutorials.mnist import input_data

mnist = tf.contrib.learn.datasets.mnist
N_TRAIN, N_TEST = 12, 4


def _idx(path, array, magic):
    with gzip.open(path, "wb") as f:
        f.write(struct.pack(f">{1 + array.ndim}I", magic, *array.shape) + array.tobytes())


def _write(directory, seed=0):
    rng = np.random.RandomState(seed)
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {
        "train-images-idx3-ubyte.gz": rng.randint(0, 256, [N_TRAIN, 28, 28]).astype(np.uint8),
        "train-labels-idx1-ubyte.gz": rng.randint(0, 10, [N_TRAIN]).astype(np.uint8),
        "t10k-images-idx3-ubyte.gz": rng.randint(0, 256, [N_TEST, 28, 28]).astype(np.uint8),
        "t10k-labels-idx1-ubyte.gz": rng.randint(0, 10, [N_TEST]).astype(np.uint8),
    }
    for name, array in arrays.items():
        _idx(directory / name, array, 2051 if "images" in name else 2049)
    return arrays


def test_read_data_sets_is_the_tutorials_reader():
    assert mnist.read_data_sets is input_data.read_data_sets
    assert mnist.DataSet is input_data.DataSet
    assert mnist.dense_to_one_hot is input_data.dense_to_one_hot


def test_read_data_sets_splits_scales_and_one_hots(tmp_path, capsys):
    arrays = _write(tmp_path / "data")
    data = mnist.read_data_sets(str(tmp_path / "data"), one_hot=True, validation_size=2)
    assert "Extracting" in capsys.readouterr().out
    assert data.train.num_examples == N_TRAIN - 2 and data.validation.num_examples == 2
    images = arrays["train-images-idx3-ubyte.gz"].reshape(N_TRAIN, 784) / np.float32(255.0)
    np.testing.assert_allclose(data.validation.images, images[:2], rtol=1e-6)
    np.testing.assert_array_equal(
        data.test.labels.argmax(1), arrays["t10k-labels-idx1-ubyte.gz"])
    xs, ys = data.train.next_batch(4)
    assert xs.shape == (4, 784) and ys.shape == (4, 10)


def test_load_dataset_mnist_reads_mnist_data_in_the_working_directory(tmp_path, monkeypatch):
    arrays = _write(tmp_path / "MNIST-data", seed=1)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="Validation size should be between 0 and 12"):
        tf.contrib.learn.datasets.load_dataset("mnist")  # its 5000 validation images
    data = mnist.read_data_sets("MNIST-data", validation_size=0)
    np.testing.assert_array_equal(data.train.labels, arrays["train-labels-idx1-ubyte.gz"])
    assert data.train.images.dtype == np.float32


def test_extractors_read_file_objects(tmp_path, capsys):
    arrays = _write(tmp_path)
    with open(tmp_path / "train-images-idx3-ubyte.gz", "rb") as f:
        images = mnist.extract_images(f)
    assert images.shape == (N_TRAIN, 28, 28, 1) and images.dtype == np.uint8
    np.testing.assert_array_equal(images[..., 0], arrays["train-images-idx3-ubyte.gz"])
    with open(tmp_path / "t10k-labels-idx1-ubyte.gz", "rb") as f:
        labels = mnist.extract_labels(f, one_hot=True, num_classes=10)
    np.testing.assert_array_equal(labels.argmax(1), arrays["t10k-labels-idx1-ubyte.gz"])
    assert "Extracting" in capsys.readouterr().out


def test_extractors_check_the_magic_number_as_tf(tmp_path):
    _write(tmp_path)
    path = tmp_path / "t10k-labels-idx1-ubyte.gz"
    with open(path, "rb") as f, pytest.raises(ValueError) as e:
        mnist.extract_images(f)
    assert str(e.value) == f"Invalid magic number 2049 in MNIST image file: {path}"
    with open(tmp_path / "t10k-images-idx3-ubyte.gz", "rb") as f, pytest.raises(ValueError):
        mnist.extract_labels(f)


def test_unknown_dataset_is_a_value_error():
    with pytest.raises(ValueError, match="Name of dataset is not found: cifar"):
        tf.contrib.learn.datasets.load_dataset("cifar")


def test_text_preprocessing_as_tf():
    """Golden: tools/make_contrib_fixtures.py (tf.contrib.learn.preprocessing on DOCUMENTS)."""
    import json
    from pathlib import Path

    from tests.contrib import contrib_cases as cases

    golden = json.loads((Path(__file__).parent / "golden" / "contrib.json").read_text())
    got = cases.preprocessing_results(tf.contrib.learn.preprocessing)
    for key, want in golden["preprocessing"].items():
        assert got[key] == want, key


def test_vocabulary_processor_saves_and_restores(tmp_path):
    pre = tf.contrib.learn.preprocessing
    vocab = pre.VocabularyProcessor(3)
    first = list(vocab.fit_transform(["a b", "b c d"]))
    vocab.save(str(tmp_path / "vocab"))
    restored = pre.VocabularyProcessor.restore(str(tmp_path / "vocab"))
    again = list(restored.transform(["a b", "b c d"]))
    np.testing.assert_array_equal(first, again)
    assert [a.dtype for a in again] == [np.int64, np.int64]
    assert len(restored.vocabulary_) == 5  # <UNK>, a, b, c, d
    with pytest.raises(ValueError, match="support_reverse"):
        pre.CategoricalVocabulary(support_reverse=False).reverse(0)

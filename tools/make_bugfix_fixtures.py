"""Fixtures for the bugs a new user hit, tf.initializers, tf.errors and the deprecated names,
made with real TF 1.15 from the cases the tests build the same way with tinytf:

- tests/ops/bugfix_cases.py          -> tests/ops/golden/bugfix.json, bugfix.npz
- tests/training/bugfix_cases.py     -> tests/training/golden/bugfix.json, bugfix.npz
- tests/layers/user_layer_cases.py   -> tests/layers/golden/user_layers.json, user_layers.npz
- tests/layers/rnn_cell_cases.py     -> tests/layers/golden/rnn_cells.json, rnn_cells.npz
- tests/framework/error_cases.py     -> tests/framework/golden/errors.json

Each .json holds the facts a case records while building (names, static shapes, error classes
and messages); each .npz the values of its Session.run calls (see tests/fixture_runner.py).
Run with TF 1.15 (Python 3.7, NumPy 1.18), from any directory:
    /work/tf115/bin/python tools/make_bugfix_fixtures.py
"""

import importlib
import json
import os
import pathlib
import sys
import tempfile

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tensorflow as tf  # noqa: E402  (TF 1.15 itself: tf.contrib and the 1.x names)
from tests.fixture_runner import record_all  # noqa: E402

TARGETS = [
    ("tests.ops.bugfix_cases", "tests/ops/golden", "bugfix"),
    ("tests.training.bugfix_cases", "tests/training/golden", "bugfix"),
    ("tests.layers.user_layer_cases", "tests/layers/golden", "user_layers"),
    ("tests.layers.rnn_cell_cases", "tests/layers/golden", "rnn_cells"),
    ("tests.framework.error_cases", "tests/framework/golden", "errors"),
]


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
    os.chdir(tempfile.mkdtemp())  # the saver cases name relative paths that must not exist
    for module, folder, stem in TARGETS:
        cases = importlib.import_module(module).CASES
        arrays, facts = record_all(tf, cases)
        out = ROOT / folder
        out.mkdir(parents=True, exist_ok=True)
        facts = {"tf_version": tf.VERSION, "cases": facts}
        text = json.dumps(facts, indent=1, sort_keys=True) + "\n"
        _write(out / (stem + ".json"), lambda p, text=text: pathlib.Path(p).write_text(text))
        if arrays:
            _write(out / (stem + ".npz"), lambda p, arrays=arrays: np.savez(p, **arrays))
        print(f"{folder}: {len(cases)} cases, {len(arrays)} arrays (TF {tf.VERSION})")


if __name__ == "__main__":
    main()

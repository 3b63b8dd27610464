"""Fixtures for the tf.train optimizers and learning-rate schedules, made with real TF 1.15
from the cases the tests build the same way with tinytf:

- tests/training/optimizers_breadth_cases.py -> tests/training/golden/optimizers_breadth.json,
  optimizers_breadth.npz

The .json holds the facts each case records while building (slot and variable names, op types,
error classes and messages); the .npz the values of its Session.run calls (see
tests/fixture_runner.py). Run with TF 1.15 (Python 3.7, NumPy 1.18), from any directory:
    /work/tf115/bin/python tools/make_optimizers_breadth_fixtures.py
"""

import json
import os
import pathlib
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import tensorflow as tf  # noqa: E402  (TF 1.15 itself)
from make_bugfix_fixtures import _write  # noqa: E402
from tests.fixture_runner import record, record_all  # noqa: E402
from tests.training.optimizers_breadth_cases import CASES  # noqa: E402

OUT = ROOT / "tests" / "training" / "golden"
NOISY_SAMPLES = 4000


def noisy_statistics():
    """Mean and standard deviation of noisy_linear_cosine_decay over many runs at some steps
    (a sanity record of TF's noise; the test checks tinytf's against the exact moments)."""
    stats = {}
    with tf.Graph().as_default():
        step = tf.placeholder(tf.int64, [])
        noisy = tf.train.noisy_linear_cosine_decay(0.1, step, 50, initial_variance=0.5)
        with tf.Session() as sess:
            for s in (0, 10, 25, 60):
                draws = np.array([sess.run(noisy, {step: s}) for _ in range(NOISY_SAMPLES)])
                stats[str(s)] = [float(draws.mean()), float(draws.std())]
    return stats


def main():
    tf.logging.set_verbosity(tf.logging.ERROR)
    assert record  # the runner the tests use, imported to fail early if it moved
    arrays, facts = record_all(tf, CASES)
    facts = {"tf_version": tf.VERSION, "cases": facts, "noisy_statistics": noisy_statistics()}
    text = json.dumps(facts, indent=1, sort_keys=True) + "\n"
    OUT.mkdir(parents=True, exist_ok=True)
    _write(OUT / "optimizers_breadth.json", lambda p: pathlib.Path(p).write_text(text))
    _write(OUT / "optimizers_breadth.npz", lambda p: np.savez_compressed(p, **arrays))
    print(f"{len(CASES)} cases, {len(arrays)} arrays (TF {tf.VERSION})")


if __name__ == "__main__":
    main()

"""The lecture's two labs, run as a user runs them (short runs for the CNN)."""

import re
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _run(script, *args):
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return out.stdout


def test_softmax_lab_reaches_92_percent(mnist_dir):
    out = _run("softmax_mnist.py", "--data-dir", mnist_dir, "--seed", "0")
    accuracy = float(re.search(r"^(0\.\d+)$", out, re.M).group(1))
    assert accuracy >= 0.92, out


def test_cnn_lab_trains_with_falling_loss(mnist_dir):
    out = _run("cnn_mnist.py", "--data-dir", mnist_dir, "--steps", "60", "--seed", "0")
    first, last = map(float, re.search(r"training loss ([\d.]+) .* -> ([\d.]+)", out).groups())
    assert last < 0.7 * first, out
    accuracy = float(re.search(r"test accuracy ([\d.]+)", out).group(1))
    assert accuracy > 0.5, out


def test_estimator_lab_trains_and_resumes(mnist_dir, tmp_path):
    args = ("--data-dir", mnist_dir, "--steps", "40", "--seed", "0", "--model-dir", str(tmp_path))
    out = _run("estimator_mnist.py", *args)
    assert float(re.search(r"test accuracy ([\d.]+)", out).group(1)) > 0.5, out
    assert "global step 40," in out
    out = _run("estimator_mnist.py", *args)  # the same model_dir: training goes on
    assert "global step 80," in out

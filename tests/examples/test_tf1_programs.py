"""TF 1.x programs run unchanged, with `tensorflow` served by tinytf (`python -m tinytf`), and do
what they did under real TF 1.15 (golden/tf1_programs.json, from tools/run_tf1_programs.py)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = json.loads((Path(__file__).parent / "golden" / "tf1_programs.json").read_text())
# the program's own ops (TF's trace also shows its runtime's _Arg/_Retval and Grappler's rewrites)
OWN_OPS = {
    "MatMul",
    "SoftmaxCrossEntropyWithLogits",
    "ApplyGradientDescent",
    "ScalarSummary",
    "HistogramSummary",
    "MergeSummary",
    "ArgMax",
    "Equal",
    "VariableV2",
    "Sum",
}


def _run_unchanged(*args):
    return subprocess.run(
        [sys.executable, "-m", "tinytf", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )


def test_mnist_with_summaries_runs_as_under_tf(tmp_path, mnist_dir):
    want = GOLDEN["mnist_with_summaries"]
    logdir = tmp_path / "logs"
    done = _run_unchanged(
        "examples/tf1/mnist_with_summaries.py",
        "--max_steps",
        "30",
        "--data_dir",
        mnist_dir,
        "--summaries_dir",
        logdir,
    )
    assert done.returncode == want["returncode"], done.stderr
    lines = done.stdout.splitlines()
    assert want["files_line"] in lines
    accuracy_line = next(x for x in lines if x.startswith(want["accuracy_line_prefix"]))
    accuracy = float(accuracy_line.split()[-1])
    assert accuracy > 0.7  # 30 steps of softmax regression (TF 1.15: 0.8x)

    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    events = EventAccumulator(str(logdir / "train"))
    events.Reload()
    assert sorted(events.Tags()["scalars"] + events.Tags()["histograms"]) == want["summary_tags"]
    assert events.Tags()["run_metadata"] == want["run_metadata_tags"]
    trace = json.loads((logdir / "timeline.json").read_text())
    types = {e["name"] for e in trace["traceEvents"] if e["ph"] == "X"}
    assert OWN_OPS <= types and OWN_OPS <= set(want["trace_op_types"])


def test_a_tf1_test_file_runs_as_under_tf():
    want = GOLDEN["tf1_test_program"]
    done = _run_unchanged("tests/framework/tf1_test_program.py")
    assert done.returncode == want["returncode"], done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[-1] == want["last_line"]
    ran = next(x for x in lines if x.startswith("Ran "))
    assert ran.split(" in ")[0] == want["ran"].split(" in ")[0]


def test_checker_finds_every_name_the_programs_use():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tinytf.check",
            "examples/tf1/mnist_with_summaries.py",
            "tests/framework/tf1_test_program.py",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize("name", sorted(GOLDEN["input_programs"]))
def test_input_pipeline_programs_print_what_they_print_under_tf(name):
    """A CSV queue pipeline with epochs, a TFRecord + Example pipeline and a tf.data train/test
    switch (examples/tf1/), run unchanged: the same output as under TF 1.15, line for line."""
    want = GOLDEN["input_programs"][name]
    done = _run_unchanged(f"examples/tf1/{name}.py")
    assert done.returncode == want["returncode"], done.stderr
    assert done.stdout == want["stdout"]


def _run_api_program(name, mnist_dir):
    want = GOLDEN["api_programs"][name]
    args = [a.replace("{data_dir}", mnist_dir) for a in want["args"]]
    done = _run_unchanged(f"examples/tf1/{name}.py", *args)
    assert done.returncode == want["returncode"], done.stderr
    return done.stdout.replace(mnist_dir, "{data_dir}"), want["stdout"]


@pytest.mark.parametrize("name", sorted(GOLDEN["api_programs"]))
def test_api_programs_print_what_they_print_under_tf(name, mnist_dir):
    """contrib.layers (a CNN under arg_scope, batch_norm, optimize_loss), contrib.rnn (stacked
    LSTMs by static_rnn and dynamic_rnn), contrib.learn's MNIST reader, feature columns with
    LinearClassifier and DNNLinearCombinedClassifier, and a custom tf.layers.Layer subclass
    (examples/tf1/), run unchanged: TF 1.15's output (losses, variables, metrics, the one-hot
    labels' float64) line for line."""
    got, want = _run_api_program(name, mnist_dir)
    assert got == want


def test_checker_finds_every_name_the_api_programs_use():
    programs = [f"examples/tf1/{name}.py" for name in sorted(GOLDEN["api_programs"])]
    done = subprocess.run(
        [sys.executable, "-m", "tinytf.check", *programs], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout

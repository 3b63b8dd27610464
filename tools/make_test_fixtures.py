"""tf.test fixtures, made with real TF 1.15 into tests/framework/golden/:

- gradient_checker.npz: compute_gradient's (theoretical, numerical) Jacobians and
  compute_gradient_error for the cases of tests/framework/tftest_cases.py;
- equal_graph_def.json: what tf.test.assert_equal_graph_def says for each pair of GraphDefs;
- assertions.json: what each tf.test.TestCase assertion case raises (class and message);
- tf1_programs.json: how the TF 1.x test files tests/framework/tf1_*_program.py end when run
  (the per-test lines, "Ran N tests", the status line, the exit code, benchmark output);
- benchmark.json: tf.test.benchmark_config() and Benchmark.report_benchmark's printed report.

Run with real TF 1.15 (Python 3.7, NumPy 1.18):
    /work/tf115/bin/python tools/make_test_fixtures.py
"""

import contextlib
import io
import json
import os
import subprocess
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "tests", "framework")
OUT = os.path.join(HERE, "golden")
sys.path.insert(0, ROOT)

import tensorflow.compat.v1 as tf  # noqa: E402
from tests.framework import tftest_cases as cases  # noqa: E402


def _write(name, data, mode="w"):
    path = os.path.join(OUT, name)
    tmp = path + ".tmp"
    with open(tmp, mode) as f:
        if isinstance(data, str):
            f.write(data)
        else:
            np.savez(f, **data)
    os.replace(tmp, path)


def _gradients():
    arrays = {}
    for name in sorted(cases.GRADIENT_CASES):
        for key, value in cases.run_gradient_case(tf, name).items():
            arrays[f"{name}/{key}"] = value
    _write("gradient_checker.npz", arrays, mode="wb")


def _graph_defs():
    from google.protobuf import text_format

    out = []
    for actual, expected in cases.GRAPH_DEF_CASES:
        a, e = (text_format.Parse(t, tf.GraphDef()) for t in (actual, expected))
        try:
            tf.test.assert_equal_graph_def(a, e)
            message = ""
        except AssertionError as err:
            message = str(err)
        out.append([actual, expected, message])
    _write("equal_graph_def.json", json.dumps(out, indent=1) + "\n")


class _Case(tf.test.TestCase):
    def runTest(self):
        pass


def _assertions():
    out = {}
    for name, fn, _ in cases.ASSERTION_CASES:
        with tf.Graph().as_default():
            out[name] = cases.run_assertion_case(tf, _Case, fn)
    _write("assertions.json", json.dumps(out, indent=1, sort_keys=True) + "\n")


def _programs():
    out = {}
    for program, runs in sorted(cases.PROGRAM_RUNS.items()):
        for args in runs:
            proc = subprocess.run(
                [sys.executable, program] + args,
                cwd=HERE,
                capture_output=True,
                text=True,
            )
            key = " ".join([program] + args)
            out[key] = cases.summarize_run(proc.stdout, proc.stderr, proc.returncode)
    _write("tf1_programs.json", json.dumps(out, indent=1, sort_keys=True) + "\n")


class ReportBenchmark(tf.test.Benchmark):
    def benchmarkReport(self):
        self.report_benchmark(
            iters=3, cpu_time=0.5, wall_time=0.25, throughput=7.0, extras={"a": 1, "b": "x"}
        )


def _benchmarks():
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        ReportBenchmark().benchmarkReport()
    out = {"config": str(tf.test.benchmark_config()), "report": printed.getvalue()}
    _write("benchmark.json", json.dumps(out, indent=1, sort_keys=True) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    _gradients()
    _graph_defs()
    _assertions()
    _programs()
    _benchmarks()
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()

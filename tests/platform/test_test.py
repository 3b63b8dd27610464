"""tf.test's program-level names: main (TF 1.x test files run end to end, ending as they end
under real TF 1.15: tests/framework/golden/tf1_programs.json), the temp directory, build and
GPU facts, Benchmark and benchmark_config (golden/benchmark.json), StubOutForTesting. The
golden files were made by tools/make_test_fixtures.py."""

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import tinytf as tf
from tests.framework import tftest_cases as cases
from tinytf.platform import benchmark as benchmark_module
from tinytf.platform import test as test_module

FRAMEWORK = Path(__file__).parent.parent / "framework"
PROGRAMS = json.loads((FRAMEWORK / "golden" / "tf1_programs.json").read_text())
BENCHMARK = json.loads((FRAMEWORK / "golden" / "benchmark.json").read_text())
RUNS = [(program, args) for program, runs in cases.PROGRAM_RUNS.items() for args in runs]


@pytest.mark.parametrize("program,args", RUNS, ids=[" ".join([p, *a]) for p, a in RUNS])
def test_tf1_test_file_ends_as_under_tf(program, args, tmp_path):
    source = (FRAMEWORK / program).read_text()
    assert "import tensorflow as tf\n" in source
    script = tmp_path / program
    script.write_text(source.replace("import tensorflow as tf\n", "import tinytf as tf\n"))
    env = {k: v for k, v in os.environ.items() if k != "TEST_REPORT_FILE_PREFIX"}
    proc = subprocess.run(
        [sys.executable, script.name, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    got = cases.summarize_run(proc.stdout, proc.stderr, proc.returncode)
    assert got == PROGRAMS[" ".join([program, *args])], proc.stderr


def test_get_temp_dir_is_made_once_per_program(monkeypatch, tmp_path):
    at_exit = []
    monkeypatch.setattr(test_module, "_temp_dir", [])
    monkeypatch.setattr(test_module.atexit, "register", lambda *call: at_exit.append(call))
    monkeypatch.setenv("TEST_TMPDIR", str(tmp_path / "prefix"))
    path = tf.test.get_temp_dir()
    assert os.path.isdir(path) and path.startswith(str(tmp_path / "prefix"))
    assert tf.test.get_temp_dir() == path
    assert len(at_exit) == 1
    fn, *args = at_exit[0]
    fn(*args)  # what runs at exit
    assert not os.path.exists(path)


def test_get_temp_dir_is_named_after_the_program_and_removed_at_exit(tmp_path):
    script = tmp_path / "happy.py"
    script.write_text(
        "import os, tinytf as tf\np = tf.test.get_temp_dir()\nprint(p, os.path.isdir(p))\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    env.pop("TEST_TMPDIR", None)
    out = subprocess.run(
        [sys.executable, script.name], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    path, existed = out.stdout.split()
    assert existed == "True" and not os.path.exists(path)
    # TF strips the characters of ".py" from the end: "happy.py" gives "ha", not "happy" (then
    # mkdtemp's random letters, which may well begin with a "p")
    assert os.path.dirname(path) == str(tmp_path)
    name = os.path.basename(path)
    assert name.startswith("ha") and not name.startswith("happy")


def test_test_src_dir_path_is_under_bazel_runfiles(monkeypatch):
    monkeypatch.setenv("TEST_SRCDIR", "/runfiles")
    assert tf.test.test_src_dir_path("core/platform") == (
        "/runfiles/org_tensorflow/tensorflow/core/platform"
    )
    monkeypatch.delenv("TEST_SRCDIR")
    with pytest.raises(KeyError):
        tf.test.test_src_dir_path("core")


def test_no_gpu_build_and_no_gpu_device():
    assert tf.test.is_built_with_cuda() is False
    assert tf.test.is_built_with_rocm() is False
    assert tf.test.is_built_with_gpu_support() is False
    assert tf.test.is_gpu_available() is False
    assert tf.test.is_gpu_available(cuda_only=True, min_cuda_compute_capability=(3, 5)) is False
    assert tf.test.gpu_device_name() == ""


def _device(kind, desc=""):
    name = f"/device:{kind}:0"
    return types.SimpleNamespace(device_type=kind, name=name, physical_device_desc=desc)


def test_gpu_checks_read_the_local_device_list(monkeypatch):
    from tinytf.client import device_lib

    gpu = _device("GPU", "device: 0, name: X, pci bus id: 0, compute capability: 7.0")
    monkeypatch.setattr(device_lib, "list_local_devices", lambda: [_device("CPU"), gpu])
    assert tf.test.is_gpu_available() is True
    assert tf.test.is_gpu_available(min_cuda_compute_capability=(7, 0)) is True
    assert tf.test.is_gpu_available(min_cuda_compute_capability=(8, 0)) is False
    assert tf.test.gpu_device_name() == "/device:GPU:0"
    monkeypatch.setattr(device_lib, "list_local_devices", lambda: [_device("SYCL")])
    assert tf.test.is_gpu_available() is True
    assert tf.test.is_gpu_available(cuda_only=True) is False


def test_benchmark_config_turns_the_dependency_optimizer_off():
    config = tf.test.benchmark_config()
    assert isinstance(config, tf.ConfigProto)
    assert str(config) == BENCHMARK["config"]


class ReportBenchmark(tf.test.Benchmark):
    def benchmarkReport(self):
        self.report_benchmark(
            iters=3, cpu_time=0.5, wall_time=0.25, throughput=7.0, extras={"a": 1, "b": "x"}
        )


def test_report_benchmark_prints_tf_benchmark_entries(capsys, monkeypatch):
    monkeypatch.delenv("TEST_REPORT_FILE_PREFIX", raising=False)
    ReportBenchmark().benchmarkReport()
    assert capsys.readouterr().out == BENCHMARK["report"]


def test_report_benchmark_writes_the_proto_under_the_report_prefix(monkeypatch, tmp_path):
    monkeypatch.setenv("TEST_REPORT_FILE_PREFIX", str(tmp_path / "out_"))
    ReportBenchmark().report_benchmark(iters=2, name="a/b")
    path = tmp_path / "out_ReportBenchmark.a__b"
    entries = benchmark_module.benchmark_entries_class().FromString(path.read_bytes())
    assert [(e.name, e.iters) for e in entries.entry] == [("ReportBenchmark.a/b", 2)]
    with pytest.raises(OSError, match="File already exists"):
        ReportBenchmark().report_benchmark(iters=2, name="a/b")


def test_report_benchmark_checks_extras_and_metrics(monkeypatch):
    monkeypatch.delenv("TEST_REPORT_FILE_PREFIX", raising=False)
    bench = ReportBenchmark()
    with pytest.raises(TypeError, match="extras must be a dict"):
        bench.report_benchmark(extras=[1])
    with pytest.raises(TypeError, match="metrics must be a list"):
        bench.report_benchmark(metrics={"name": "m"})
    with pytest.raises(TypeError, match="metric must has a 'value' field"):
        bench.report_benchmark(metrics=[{"name": "m"}])


def test_concrete_benchmarks_are_registered_for_the_benchmarks_flag():
    assert ReportBenchmark in benchmark_module.GLOBAL_BENCHMARK_REGISTRY
    assert tf.test.Benchmark not in benchmark_module.GLOBAL_BENCHMARK_REGISTRY
    ReportBenchmark()
    assert os.environ["TF_OVERRIDE_GLOBAL_THREADPOOL"] == "1"


def test_run_op_benchmark_times_the_runs_and_reports_the_median(capsys, monkeypatch):
    monkeypatch.delenv("TEST_REPORT_FILE_PREFIX", raising=False)
    x = tf.Variable(1.0)
    step = tf.assign_add(x, 1.0)
    with tf.Session() as sess:
        sess.run(x.initializer)
        values = ReportBenchmark().run_op_benchmark(sess, step, burn_iters=2, min_iters=3, mbs=4)
        # 2 burn-in runs, 3 timed ones and the traced one of store_memory_usage (TF 1.15: 7.0)
        assert sess.run(x) == 7.0
        traced = ReportBenchmark().run_op_benchmark(
            sess, step, burn_iters=0, min_iters=1, store_trace=True, store_memory_usage=False
        )
        assert sess.run(x) == 9.0  # TF 1.15: 9.0
    assert values["iters"] == 3 and values["name"] is None
    assert list(values["extras"]) == ["allocator_maximum_num_bytes_cpu"]  # as TF 1.15
    assert values["extras"]["allocator_maximum_num_bytes_cpu"] > 0
    assert list(traced["extras"]) == ["full_trace_chrome_format"]  # as TF 1.15
    assert '"name": "AssignAdd"' in traced["extras"]["full_trace_chrome_format"]
    assert values["wall_time"] > 0 and values["throughput"] == 4 / values["wall_time"]
    printed = capsys.readouterr().out
    assert 'name: "ReportBenchmark.run_op_benchmark"' in printed  # the outermost Benchmark frame
    assert "iters: 3" in printed


def test_stub_out_for_testing_puts_the_originals_back():
    stubs = tf.test.StubOutForTesting()
    stubs.Set(os.path, "exists", lambda path: "stubbed")
    stubs.Set(os.path, "exists", lambda path: "twice")
    assert os.path.exists("/nowhere") == "twice"
    stubs.UnsetAll()
    assert os.path.exists("/nowhere") is False


class _Holder:
    @staticmethod
    def make():
        return "original"

    def method(self):
        return "method"


def test_stub_out_smart_set_stubs_the_class_of_an_instance_and_keeps_staticmethods():
    holder = _Holder()
    with tf.test.StubOutForTesting() as stubs:
        stubs.SmartSet(holder, "method", lambda self: "stub")
        assert _Holder().method() == "stub"  # set on the class
        stubs.Set(_Holder, "make", staticmethod(lambda: "stub"))
        assert _Holder.make() == "stub"
        with pytest.raises(AttributeError, match="Attribute not found."):
            stubs.SmartSet(holder, "missing", 1)
    assert holder.method() == "method"
    assert isinstance(_Holder.__dict__["make"], staticmethod) and _Holder.make() == "original"

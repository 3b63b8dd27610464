"""tf.test.Benchmark and tf.test.benchmark_config, and the `--benchmarks=REGEX` switch of
tf.test.main, as TF 1.15's platform/benchmark.py.

Reports are TF's `tensorflow.BenchmarkEntries` proto: printed as text, or written serialized to
`$TEST_REPORT_FILE_PREFIX<name>` when that variable is set. TensorBoard's protos do not include
test_log.proto, so its four messages are declared here and built by protobuf itself.
"""

import functools
import inspect
import numbers
import os
import re
import sys
import time

from tinytf.platform import protos
from tinytf.platform.fileio import atomic_write

GLOBAL_BENCHMARK_REGISTRY = set()
TEST_REPORTER_TEST_ENV = "TEST_REPORT_FILE_PREFIX"
OVERRIDE_GLOBAL_THREADPOOL = "TF_OVERRIDE_GLOBAL_THREADPOOL"

_DOUBLE_VALUE = 'type: TYPE_MESSAGE type_name: ".google.protobuf.DoubleValue"'
_TEST_LOG_PROTO = f"""
name: "tensorflow/core/util/test_log.proto" package: "tensorflow" syntax: "proto3"
dependency: "google/protobuf/wrappers.proto"
message_type {{ name: "EntryValue" oneof_decl {{ name: "kind" }}
  field {{ name: "double_value" number: 1 label: LABEL_OPTIONAL type: TYPE_DOUBLE oneof_index: 0 }}
  field {{ name: "string_value" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }}
}}
message_type {{ name: "MetricEntry"
  field {{ name: "name" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }}
  field {{ name: "value" number: 2 label: LABEL_OPTIONAL type: TYPE_DOUBLE }}
  field {{ name: "min_value" number: 3 label: LABEL_OPTIONAL {_DOUBLE_VALUE} }}
  field {{ name: "max_value" number: 4 label: LABEL_OPTIONAL {_DOUBLE_VALUE} }}
}}
message_type {{ name: "BenchmarkEntry"
  field {{ name: "name" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }}
  field {{ name: "iters" number: 2 label: LABEL_OPTIONAL type: TYPE_INT64 }}
  field {{ name: "cpu_time" number: 3 label: LABEL_OPTIONAL type: TYPE_DOUBLE }}
  field {{ name: "wall_time" number: 4 label: LABEL_OPTIONAL type: TYPE_DOUBLE }}
  field {{ name: "throughput" number: 5 label: LABEL_OPTIONAL type: TYPE_DOUBLE }}
  field {{ name: "extras" number: 6 label: LABEL_REPEATED type: TYPE_MESSAGE
          type_name: ".tensorflow.BenchmarkEntry.ExtrasEntry" }}
  field {{ name: "metrics" number: 7 label: LABEL_REPEATED type: TYPE_MESSAGE
          type_name: ".tensorflow.MetricEntry" }}
  nested_type {{ name: "ExtrasEntry" options {{ map_entry: true }}
    field {{ name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }}
    field {{ name: "value" number: 2 label: LABEL_OPTIONAL type: TYPE_MESSAGE
            type_name: ".tensorflow.EntryValue" }}
  }}
}}
message_type {{ name: "BenchmarkEntries"
  field {{ name: "entry" number: 1 label: LABEL_REPEATED type: TYPE_MESSAGE
          type_name: ".tensorflow.BenchmarkEntry" }}
}}
"""


@functools.cache
def benchmark_entries_class():
    """TF's `tensorflow.BenchmarkEntries` message class (in a private descriptor pool)."""
    from google.protobuf import (
        descriptor_pb2,
        descriptor_pool,
        message_factory,
        text_format,
        wrappers_pb2,
    )

    pool = descriptor_pool.DescriptorPool()
    pool.AddSerializedFile(wrappers_pb2.DESCRIPTOR.serialized_pb)
    pool.Add(text_format.Parse(_TEST_LOG_PROTO, descriptor_pb2.FileDescriptorProto()))
    return message_factory.GetMessageClass(
        pool.FindMessageTypeByName("tensorflow.BenchmarkEntries")
    )


def _fill_entry(entry, iters, cpu_time, wall_time, throughput, extras, metrics):
    for field, value in (
        ("iters", iters),
        ("cpu_time", cpu_time),
        ("wall_time", wall_time),
        ("throughput", throughput),
    ):
        if value is not None:
            setattr(entry, field, value)
    if extras is not None:
        if not isinstance(extras, dict):
            raise TypeError("extras must be a dict")
        for k, v in extras.items():
            if isinstance(v, numbers.Number):
                entry.extras[k].double_value = v
            else:
                entry.extras[k].string_value = str(v)
    if metrics is not None:
        if not isinstance(metrics, list):
            raise TypeError("metrics must be a list")
        for metric in metrics:
            for key in ("name", "value"):
                if key not in metric:
                    raise TypeError(f"metric must has a '{key}' field")
            added = entry.metrics.add(name=metric["name"], value=metric["value"])
            for bound in ("min_value", "max_value"):
                if bound in metric:
                    getattr(added, bound).value = metric[bound]


def _global_report_benchmark(
    name, iters=None, cpu_time=None, wall_time=None, throughput=None, extras=None, metrics=None
):
    entries = benchmark_entries_class()()
    entry = entries.entry.add(name=name)
    _fill_entry(entry, iters, cpu_time, wall_time, throughput, extras, metrics)
    prefix = os.environ.get(TEST_REPORTER_TEST_ENV)
    if prefix is None:
        # protobuf's Python printer, as TF's str(entries) was: map keys sorted, 2.0 not 2
        from google.protobuf import text_format

        print(text_format.MessageToString(entries))
        return
    output_path = prefix + name.replace("/", "__")
    if os.path.exists(output_path):
        raise OSError(f"File already exists: {output_path}")
    atomic_write(output_path, entries.SerializeToString())


class _BenchmarkRegistrar(type):
    """Registers every concrete subclass, so `--benchmarks=REGEX` finds it."""

    def __new__(mcs, clsname, bases, attrs):
        newclass = super().__new__(mcs, clsname, bases, attrs)
        if not newclass.is_abstract():
            GLOBAL_BENCHMARK_REGISTRY.add(newclass)
        return newclass


class _Benchmark(metaclass=_BenchmarkRegistrar):
    """Runs methods named benchmark*; report_benchmark records one result."""

    @classmethod
    def is_abstract(cls):
        return len(cls.mro()) <= 2

    def _get_name(self, overwrite_name=None):
        # The outermost frame whose `self` is a Benchmark names the benchmark method.
        for frame in reversed(inspect.stack()):
            caller = frame.frame.f_locals.get("self")
            if isinstance(caller, _Benchmark):
                return f"{type(caller).__name__}.{overwrite_name or frame.function}"
        raise ValueError("Unable to determine calling Benchmark class.")

    def report_benchmark(
        self,
        iters=None,
        cpu_time=None,
        wall_time=None,
        throughput=None,
        extras=None,
        name=None,
        metrics=None,
    ):
        """Reports one result, named <Class>.<benchmark method> unless `name` is given."""
        _global_report_benchmark(
            self._get_name(overwrite_name=name),
            iters=iters,
            cpu_time=cpu_time,
            wall_time=wall_time,
            throughput=throughput,
            extras=extras,
            metrics=metrics,
        )


def _median(values):
    if not values:
        return -1
    s = sorted(values)
    return (s[len(s) // 2] + s[(len(s) - 1) // 2]) / 2.0


class Benchmark(_Benchmark):
    """tf.test.Benchmark: subclass it and write benchmark* methods (run by --benchmarks=REGEX)."""

    def __init__(self):
        os.environ[OVERRIDE_GLOBAL_THREADPOOL] = "1"
        super().__init__()

    @classmethod
    def is_abstract(cls):
        return len(cls.mro()) <= 3

    def run_op_benchmark(
        self,
        sess,
        op_or_tensor,
        feed_dict=None,
        burn_iters=2,
        min_iters=10,
        store_trace=False,
        store_memory_usage=True,
        name=None,
        extras=None,
        mbs=0,
    ):
        """Times `min_iters` runs of op_or_tensor after `burn_iters` and reports the median;
        store_trace / store_memory_usage add an untimed traced run (Chrome trace, peak bytes)."""
        for _ in range(burn_iters):
            sess.run(op_or_tensor, feed_dict=feed_dict)
        deltas = []
        for _ in range(min_iters):
            start = time.time()
            sess.run(op_or_tensor, feed_dict=feed_dict)
            deltas.append(time.time() - start)
        extras = dict(extras) if extras is not None else {}
        unreported = {}
        if store_trace or store_memory_usage:
            unreported = _traced_extras(
                sess, op_or_tensor, feed_dict, store_trace, store_memory_usage, extras
            )
        median = _median(deltas)
        values = {
            "iters": min_iters,
            "wall_time": median,
            "extras": extras,
            "name": name,
            "throughput": mbs / median,
        }
        self.report_benchmark(**values)
        values["extras"] = {**extras, **unreported}  # TF returns the trace, never reports it
        return values

    def evaluate(self, tensors):
        """The values of `tensors` (nested), run in the default session."""
        from tinytf.client.session import get_default_session

        sess = get_default_session() or self.cached_session()
        return sess.run(tensors)


def _traced_extras(sess, fetches, feed_dict, store_trace, store_memory_usage, extras):
    """One FULL_TRACE run: each allocator's peak into `extras` (store_memory_usage); the Chrome
    trace returned (store_trace)."""
    from tinytf.client.timeline import Timeline

    options = protos.message("RunOptions")(trace_level=protos.message("RunOptions").FULL_TRACE)
    metadata = protos.message("RunMetadata")()
    sess.run(fetches, feed_dict=feed_dict, options=options, run_metadata=metadata)
    if store_memory_usage:
        analysis = Timeline(metadata.step_stats).analyze_step_stats(show_memory=True)
        for allocator, peak in analysis.allocator_maximums.items():
            extras[f"allocator_maximum_num_bytes_{allocator}"] = peak.num_bytes
    if not store_trace:
        return {}
    trace = Timeline(metadata.step_stats).generate_chrome_trace_format()
    return {"full_trace_chrome_format": trace}


def benchmark_config():
    """A ConfigProto with Grappler's dependency optimizer off, for benchmarks."""
    config = protos.message("ConfigProto")()
    rewriter = protos.proto_module("rewriter_config_pb2").RewriterConfig
    config.graph_options.rewrite_options.dependency_optimization = rewriter.OFF
    return config


def _run_benchmarks(regex):
    for benchmark in list(GLOBAL_BENCHMARK_REGISTRY):
        prefix = f"{benchmark.__module__}.{benchmark.__name__}"
        instance = None
        for attr in dir(benchmark):
            if not attr.startswith("benchmark") or not callable(getattr(benchmark, attr)):
                continue
            if regex == "all" or re.search(regex, f"{prefix}.{attr}"):
                instance = instance or benchmark()
                getattr(instance, attr)()


def benchmarks_main(true_main, argv=None):
    """Runs the benchmarks `--benchmarks=REGEX` in argv selects, else true_main()."""
    argv = sys.argv if argv is None else argv
    found = [a for a in argv if a.startswith(("--benchmarks=", "-benchmarks="))]
    if not found:
        return true_main()
    argv.remove(found[0])
    regex = found[0].split("=")[1]
    from tinytf.platform import app

    app.run(main=lambda _: _run_benchmarks(regex), argv=argv)

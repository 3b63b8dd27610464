"""Traced runs (RunOptions FULL_TRACE -> RunMetadata.step_stats) and timeline.Timeline. The Chrome
traces of a StepStats recorded by real TF 1.15 are compared with TF's own traces of it
(golden/timeline_*, written by tools/make_device_fixtures.py)."""

import json
from pathlib import Path

import numpy as np
import pytest
from google.protobuf import text_format

import tinytf as tf
from tinytf.client import timeline

pytest.importorskip("tensorboard")
from tensorboard.compat.proto import step_stats_pb2  # noqa: E402

GOLDEN = Path(__file__).parent / "golden"


def _tf_step_stats():
    return text_format.Parse((GOLDEN / "timeline_step_stats.pbtxt").read_text(),
                             step_stats_pb2.StepStats())


@pytest.mark.parametrize(
    "name,kwargs",
    [("default", {}), ("memory", {"show_memory": True}), ("no_dataflow", {"show_dataflow": False})],
)
def test_chrome_trace_of_tf_step_stats_is_tfs(name, kwargs):
    got = timeline.Timeline(_tf_step_stats()).generate_chrome_trace_format(**kwargs)
    assert got == (GOLDEN / f"timeline_{name}.json").read_text()


def test_allocator_maximums():
    analysis = timeline.Timeline(_tf_step_stats()).analyze_step_stats(show_memory=True)
    peak = analysis.allocator_maximums["cpu"]
    assert peak.num_bytes > 0 and peak.tensors
    assert json.loads(analysis.chrome_trace.format_to_string())["traceEvents"]


def _traced_run(**feeds):
    p = tf.placeholder(tf.float32, [2, 3], name="p")
    w = tf.Variable(tf.ones([3, 4]), name="w")
    z = tf.reduce_sum(tf.nn.relu(tf.matmul(p, w, name="y")), name="z")
    with tf.Session() as sess:
        sess.run(w.initializer)
        md = tf.RunMetadata()
        out = sess.run(z, {p: np.ones((2, 3))}, run_metadata=md,
                       options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE))
    return out, md


def test_full_trace_records_one_node_stat_per_op_run():
    out, md = _traced_run()
    assert out == 24.0
    (dev,) = md.step_stats.dev_stats
    assert dev.device == "/job:localhost/replica:0/task:0/device:CPU:0"
    stats = {n.node_name: n for n in dev.node_stats}
    assert {"w", "w/read", "y", "Relu", "z"} <= set(stats)
    y = stats["y"]
    assert y.timeline_label == "y = MatMul(p, w/read)"
    assert [d.size for d in y.output[0].tensor_description.shape.dim] == [2, 4]
    assert y.output[0].tensor_description.allocation_description.requested_bytes == 32
    starts = [n.all_start_micros for n in dev.node_stats]
    assert starts == sorted(starts) and all(n.all_end_rel_micros >= 0 for n in dev.node_stats)


def test_timeline_of_a_tinytf_run_names_its_ops():
    _, md = _traced_run()
    events = json.loads(timeline.Timeline(md.step_stats).generate_chrome_trace_format())
    ops = {e["args"]["name"]: e["name"] for e in events["traceEvents"] if e["ph"] == "X"}
    assert ops["y"] == "MatMul" and ops["z"] == "Sum" and ops["Relu"] == "Relu"


def test_untraced_run_leaves_run_metadata_empty():
    x = tf.constant(2.0) * 3.0
    md = tf.RunMetadata()
    with tf.Session() as sess:
        assert sess.run(x, run_metadata=md) == 6.0
        assert sess.run(x, options=tf.RunOptions()) == 6.0
    assert not md.step_stats.dev_stats


def test_a_failing_traced_run_names_the_failing_op():
    p = tf.placeholder(tf.float32)
    bad = tf.check_numerics(tf.log(p), "bad", name="checked")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(bad, {p: -1.0}, options=tf.RunOptions(trace_level=3),
                     run_metadata=tf.RunMetadata())
    assert info.value.op.name == "checked"


def test_partition_graphs_on_request():
    x = tf.constant(2.0, name="x") * 3.0
    md = tf.RunMetadata()
    with tf.Session() as sess:
        sess.run(x, options=tf.RunOptions(output_partition_graphs=True), run_metadata=md)
    assert [n.op for n in md.partition_graphs[0].node] == ["Const", "Const", "Mul"]


def test_run_options_of_the_wrong_type_are_refused():
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="RunOptions"):
            sess.run(tf.constant(1), options="x")

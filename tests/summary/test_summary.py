"""Summaries and event files, read back with TensorBoard's own EventAccumulator, and served by
the real TensorBoard on 127.0.0.1."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import numpy as np
import pytest

import tinytf as tf

ea = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator")


def _train_with_summaries(logdir, steps=20):
    rng = np.random.default_rng(0)
    data = rng.standard_normal((64, 5)).astype(np.float32)
    labels = np.eye(3, dtype=np.float32)[(data @ rng.standard_normal((5, 3))).argmax(1)]
    x = tf.placeholder(tf.float32, [None, 5], name="x")
    y_ = tf.placeholder(tf.float32, [None, 3], name="labels")
    W = tf.Variable(tf.zeros([5, 3]), name="W")
    logits = tf.matmul(x, W, name="logits")
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=logits))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("weights", W)
    merged = tf.summary.merge_all()
    losses = []
    with tf.Session() as sess, tf.summary.FileWriter(logdir, sess.graph) as writer:
        sess.run(tf.global_variables_initializer())
        for step in range(steps):
            summary, value, _ = sess.run([merged, loss, train], {x: data, y_: labels})
            writer.add_summary(summary, step)
            losses.append(float(value))
    return losses


def _accumulator(logdir):
    acc = ea.EventAccumulator(logdir, size_guidance={ea.SCALARS: 0, ea.HISTOGRAMS: 0})
    acc.Reload()
    return acc


def test_graph_and_summaries_read_back_with_event_accumulator(tmp_path):
    losses = _train_with_summaries(str(tmp_path))
    acc = _accumulator(str(tmp_path))
    assert acc.Tags()["scalars"] == ["loss"] and acc.Tags()["histograms"] == ["weights"]
    events = acc.Scalars("loss")
    assert [e.step for e in events] == list(range(20))
    np.testing.assert_allclose([e.value for e in events], losses, rtol=1e-6)
    histo = acc.Histograms("weights")[-1].histogram_value
    assert histo.num == 15 and histo.min <= histo.max
    graph = acc.Graph()
    names = {n.name for n in graph.node}
    assert {"x", "labels", "W", "W/read", "logits", "gradients/logits_grad/MatMul_1"} <= names
    by_name = {n.name: n for n in graph.node}
    assert list(by_name["logits"].input) == ["x", "W/read"] and by_name["logits"].op == "MatMul"
    # The writer took the graph before global_variables_initializer() added 'init'.
    assert names == {op.name for op in tf.get_default_graph().get_operations()} - {"init"}


def test_summary_ops_return_serialized_summaries():
    from tensorboard.compat.proto import summary_pb2

    s = tf.summary.scalar("value", tf.constant(3.5))
    t = tf.summary.text("note", tf.constant("hello"))
    img = tf.summary.image("pic", tf.zeros([2, 4, 4, 1]), max_outputs=1)
    with tf.Session() as sess:
        raw = sess.run([s, t, img, tf.summary.merge([s, t])])
    parsed = [summary_pb2.Summary.FromString(r) for r in raw]
    assert parsed[0].value[0].tag == "value" and parsed[0].value[0].simple_value == 3.5
    assert parsed[1].value[0].metadata.plugin_data.plugin_name == "text"
    assert parsed[1].value[0].tensor.string_val == [b"hello"]
    assert parsed[2].value[0].image.encoded_image_string.startswith(b"\x89PNG")
    assert [v.tag for v in parsed[3].value] == ["value", "note"]
    assert tf.get_collection(tf.GraphKeys.SUMMARIES) == [s, t, img]


def test_session_log_and_event_file_record_format(tmp_path):
    with tf.summary.FileWriter(str(tmp_path)) as writer:
        writer.add_session_log(tf.summary.SessionLog(status=tf.summary.SessionLog().START), 3)
    (name,) = os.listdir(tmp_path)
    assert name.startswith("events.out.tfevents.")
    from tensorboard.backend.event_processing import event_file_loader

    events = list(event_file_loader.EventFileLoader(str(tmp_path / name)).Load())
    assert events[0].file_version == "brain.Event:2"
    assert events[1].step == 3 and events[1].session_log.status == 1


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url, deadline):
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_real_tensorboard_serves_the_run(tmp_path):
    logdir = tmp_path / "logs"
    losses = _train_with_summaries(str(logdir / "run1"), steps=5)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tensorboard.main",
            "--logdir",
            str(logdir),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--reload_interval",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        runs = json.loads(_get(f"{base}/data/runs", deadline))
        while runs != ["run1"] and time.monotonic() < deadline:
            time.sleep(0.5)
            runs = json.loads(_get(f"{base}/data/runs", deadline))
        assert runs == ["run1"]
        scalars = json.loads(
            _get(f"{base}/data/plugin/scalars/scalars?run=run1&tag=loss", deadline)
        )
        assert [s[1] for s in scalars] == list(range(5))
        np.testing.assert_allclose([s[2] for s in scalars], losses, rtol=1e-6)
        graph = _get(f"{base}/data/plugin/graphs/graph?run=run1", deadline).decode()
        assert 'name: "logits"' in graph and 'op: "MatMul"' in graph
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_without_tensorboard_summaries_say_how_to_install(monkeypatch):
    for name in list(sys.modules):
        if name == "tensorboard" or name.startswith("tensorboard."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "tensorboard", None)  # makes `import tensorboard` fail
    with pytest.raises(ImportError, match=r"pip install 'tinytf\[tensorboard\]'"):
        tf.summary.scalar("loss", tf.constant(1.0))
    with pytest.raises(ImportError, match="tensorboard"):
        tf.get_default_graph().as_graph_def()


def test_a_closed_file_writer_warns_and_writes_nothing_as_tf_115(tmp_path):
    import glob
    import warnings

    writer = tf.summary.FileWriter(str(tmp_path))
    writer.close()
    size = sum(os.path.getsize(p) for p in glob.glob(str(tmp_path / "events.*")))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        writer.add_summary(tf.Summary(), 1)
    assert "Attempting to use a closed FileWriter" in str(caught[0].message)
    assert sum(os.path.getsize(p) for p in glob.glob(str(tmp_path / "events.*"))) == size

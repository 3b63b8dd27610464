"""tf.contrib.slim / losses / metrics / rnn.LSTMBlockCell / tensorboard projector against real
TF 1.15: the cases of tests/contrib/contrib_corner_cases.py with the same fixed weights (values
after training steps, losses, metric values, LSTM outputs and gradients), the variables' names
and shapes, slim.learning.train's loop, projector_config.pbtxt, TF's errors and the public
names with their parameters. Golden files: tools/make_contrib_corner_fixtures.py."""

import inspect
import json
import threading
from pathlib import Path

import numpy as np
import pytest

import tinytf as tf
from tests.contrib import contrib_corner_cases as cases

HERE = Path(__file__).parent / "golden"
GOLDEN = json.loads((HERE / "contrib_corners.json").read_text())
ARRAYS = np.load(HERE / "contrib_corners.npz")


def _flat(name):
    values, record = cases.run_case(tf, name)
    return cases.base.flatten(name, values, {}), record


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_values_match_tf(name):
    got, _ = _flat(name)
    assert sorted(got) == sorted(k for k in ARRAYS.files if k.startswith(name + "/"))
    for key, value in got.items():
        want = ARRAYS[key]
        if want.dtype.kind == "U":
            assert value.tolist() == want.tolist(), key
            continue
        assert value.shape == want.shape, key
        assert value.dtype == want.dtype, key
        np.testing.assert_allclose(value, want, rtol=2e-5, atol=2e-6, err_msg=key)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_variables_match_tf(name):
    _, record = cases.run_case(tf, name)
    assert record == GOLDEN["cases"][name]


def test_slim_is_contrib_layers_and_framework():
    slim = tf.contrib.slim
    assert slim.conv2d is tf.contrib.layers.conv2d
    assert slim.arg_scope is tf.contrib.framework.arg_scope
    assert slim.model_variable is tf.contrib.framework.model_variable
    assert slim.losses is tf.contrib.losses and slim.metrics is tf.contrib.metrics


def test_slim_learning_train_as_tf(tmp_path):
    got = cases.slim_train(tf, str(tmp_path))
    want = GOLDEN["train"]
    assert got["loss"] == pytest.approx(want["loss"], rel=1e-5)
    assert [got["checkpoint"], int(got["step"]), got["files"]] == [
        want["checkpoint"], want["step"], want["files"]]


def _run_graph_def(graph_def, fetches):
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            return sess.run(fetches), graph.as_graph_def()


def test_tf_graph_def_with_lstm_block_ops_runs_and_exports_as_in_tf():
    assert tf.contrib.rnn.LSTMBlockCell  # registers the ops (tinytf.contrib is imported lazily)
    want = GOLDEN["lstm_graph"]
    got, exported = _run_graph_def(tf.GraphDef.FromString(bytes.fromhex(want["pb"])),
                                   want["fetches"])
    again, _ = _run_graph_def(exported, want["fetches"])
    assert {"LSTMBlockCell", "BlockLSTM"} <= {n.op for n in exported.node}
    for values in (got, again):
        for g, w in zip(values, want["values"]):
            np.testing.assert_allclose(g, np.array(w, np.float32), rtol=2e-5, atol=2e-6)


def test_projector_config_as_tf(tmp_path):
    assert cases.projector_pbtxt(tf, str(tmp_path)) == GOLDEN["projector_pbtxt"]
    projector = tf.contrib.tensorboard.plugins.projector
    from tensorboard.plugins.projector import projector_config_pb2

    assert projector.ProjectorConfig is projector_config_pb2.ProjectorConfig


def test_projector_needs_a_logdir():
    class NoLogdir:
        def get_logdir(self):
            return None

    projector = tf.contrib.tensorboard.plugins.projector
    with pytest.raises(ValueError, match="Summary writer must have a logdir"):
        projector.visualize_embeddings(NoLogdir(), projector.ProjectorConfig())


def test_model_analyzer_as_tf():
    assert cases.model_analyzer(tf) == GOLDEN["model_analyzer"]


def test_queue_runners_context_runs_and_stops_the_queue_threads():
    with tf.Graph().as_default():
        queue = tf.FIFOQueue(4, tf.int32)
        tf.train.add_queue_runner(tf.train.QueueRunner(queue, [queue.enqueue(7)]))
        value = queue.dequeue()
        with tf.Session() as sess:
            before = threading.active_count()
            with tf.contrib.slim.queues.QueueRunners(sess):
                assert [sess.run(value) for _ in range(3)] == [7, 7, 7]
                with pytest.raises(tf.contrib.slim.queues.NestedQueueRunnerError):
                    with tf.contrib.slim.queues.QueueRunners(sess):
                        pass
            assert threading.active_count() == before


def test_fused_cell_needs_a_state_or_dtype():
    # TF 1.15 (autograph) raises "in converted code: ... ValueError: <this>"
    with pytest.raises(ValueError, match="Either initial_state or dtype needs to be specified"):
        tf.contrib.rnn.LSTMBlockFusedCell(3)(tf.zeros([2, 2, 4]))


def test_slim_evaluation_as_tf(tmp_path):
    before = threading.active_count()
    try:
        got = cases.slim_evaluate(tf, str(tmp_path))
    finally:
        tf.summary.FileWriterCache.clear()  # the summary hook's writers, as in TF, stay open
    assert threading.active_count() <= before
    want = GOLDEN["evaluate"]
    for kind in ("once", "loop"):
        assert got[kind]["names"] == want[kind]["names"]
        assert got[kind]["local"] == want[kind]["local"]
        assert got[kind]["final"] == pytest.approx(want[kind]["final"], rel=1e-5)
        assert [s[:2] for s in got[kind]["summaries"]] == [s[:2] for s in want[kind]["summaries"]]
        assert [s[2] for s in got[kind]["summaries"]] == pytest.approx(
            [s[2] for s in want[kind]["summaries"]], rel=1e-5)


@pytest.mark.parametrize("name", sorted(cases.ERRORS))
def test_error_as_tf(name):
    assert cases.error_of(tf, name) == GOLDEN["errors"][name]


@pytest.mark.parametrize("namespace", sorted(GOLDEN["names"]))
def test_public_names_exist_in_tf_with_its_parameters(namespace):
    module = tf.contrib
    for part in namespace.split("."):
        module = getattr(module, part)
    theirs = GOLDEN["names"][namespace]
    names = sorted(n for n, obj in vars(module).items() if not n.startswith("_")
                   and callable(obj) and not inspect.ismodule(obj) and _exported(module, obj))
    assert names and set(names) <= set(theirs), set(names) - set(theirs)
    for name in names:
        obj = getattr(module, name)
        fn = obj.__init__ if inspect.isclass(obj) else obj
        params = [p for p in inspect.signature(fn).parameters if p != "self"]
        if theirs[name] not in (None, ["args", "kwargs"]):
            assert params == theirs[name], name


def _exported(module, obj):
    """A module's own functions and, in a namespace package, all it imports."""
    return module.__name__.endswith("__init__") or hasattr(module, "__path__") or getattr(
        obj, "__module__", None) == module.__name__

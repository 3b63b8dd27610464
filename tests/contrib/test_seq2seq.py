"""tf.contrib.seq2seq against real TF 1.15: the cases of tests/contrib/seq2seq_cases.py built with
the same fixed weights (values, sample ids, lengths, states, sequence_loss gradients through
dynamic_decode), the variables' names and shapes, a checkpoint TF wrote restored into the same
model, decoder graphs TF built imported and run, and tinytf's graphs (which TF ran with the same
results), TF's errors. Golden files: tools/export_seq2seq_graphs.py, then
tools/make_seq2seq_fixtures.py."""

import inspect
import json
from pathlib import Path

import numpy as np
import pytest

import tinytf as tf
from tests.contrib import seq2seq_cases as cases

HERE = Path(__file__).parent / "golden"
GOLDEN = json.loads((HERE / "seq2seq.json").read_text())
ARRAYS = np.load(HERE / "seq2seq.npz")
GRAPHS = np.load(HERE / "seq2seq_graphs.npz")
EXPORTED = np.load(HERE / "seq2seq_tinytf_graphs.npz")
graph_pb2 = pytest.importorskip("tensorboard.compat.proto.graph_pb2")


def _keys(name, forward_only=False):
    keys = sorted(k[len(name) + 1 :] for k in ARRAYS.files if k.startswith(name + "/"))
    if forward_only:
        return [k for k in keys if not k.startswith("grad/") and k != "loss"]
    return keys


def _assert_matches(name, got):
    assert sorted(got) == _keys(name)
    _assert_values(name, got)


def _assert_values(name, got):
    for key, value in got.items():
        want = ARRAYS[f"{name}/{key}"]
        value = np.asarray(value)
        assert value.shape == want.shape, key
        assert value.dtype == want.dtype, key
        np.testing.assert_allclose(value, want, rtol=2e-5, atol=2e-6, err_msg=key)


def _variables(variables):
    return [[v.name, v.shape.as_list()] for v in variables]


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_matches_tf(name):
    with tf.Graph().as_default(), tf.Session() as sess:
        fetches, variables = cases.build(tf, name)
        assert _variables(variables) == GOLDEN["variables"][name]
        sess.run(tf.global_variables_initializer())
        cases.assign_weights(tf, sess, variables)
        _assert_matches(name, sess.run(fetches))


def test_checkpoint_written_by_tf_restores():
    with tf.Graph().as_default(), tf.Session() as sess:
        fetches, _ = cases.build(tf, cases.CKPT_CASE)
        tf.train.Saver().restore(sess, str(HERE / "seq2seq_ckpt" / "model"))
        _assert_matches(cases.CKPT_CASE, sess.run(fetches))


@pytest.mark.parametrize("name", cases.GRAPH_CASES)
def test_decoder_graph_built_by_tf_imports_and_runs(name):
    graph_def = graph_pb2.GraphDef.FromString(GRAPHS[name].tobytes())
    keys = _keys(name, forward_only=True)
    _assert_values(name, dict(zip(keys, cases.run_graph(tf, graph_def, keys))))


@pytest.mark.parametrize("name", cases.GRAPH_CASES)
def test_decoder_graph_built_by_tinytf_runs_in_tf(name):
    graph_def, keys = cases.frozen_graph(tf, name)
    exported = graph_pb2.GraphDef.FromString(EXPORTED[name].tobytes())
    assert sorted(n.op for n in graph_def.node) == sorted(n.op for n in exported.node)
    for key in keys:  # what TF computed from tinytf's graph is what it computed from its own
        np.testing.assert_allclose(
            ARRAYS[f"tinytf_graph/{name}/{key}"], ARRAYS[f"{name}/{key}"], rtol=2e-5, atol=2e-6
        )


# tinytf's Reshape leaves out TF's "and with input tensors computed as partial shapes" suffix
_PREFIX_ONLY = {"untiled_beam_state": " and with input tensors computed"}


@pytest.mark.parametrize("name", sorted(cases.ERRORS))
def test_bad_input_raises_as_tf(name):
    cls, message = GOLDEN["errors"][name]
    with tf.Graph().as_default(), pytest.raises(getattr(tf.errors, cls, None) or eval(cls)) as e:
        cases.ERRORS[name](tf)
    got = str(e.value).split("\n")[0]
    if name in _PREFIX_ONLY:
        message = message.split(_PREFIX_ONLY[name])[0] + "."
    assert got == message


def test_static_shapes_as_tf():
    with tf.Graph().as_default():
        inputs = tf.placeholder(tf.float32, [None, None, cases.DEPTH])
        cell = tf.nn.rnn_cell.GRUCell(cases.UNITS)
        helper = tf.contrib.seq2seq.TrainingHelper(inputs, tf.placeholder(tf.int32, [None]))
        decoder = tf.contrib.seq2seq.BasicDecoder(
            cell, helper, cell.zero_state(tf.shape(inputs)[0], tf.float32)
        )
        outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder)
        assert outputs.rnn_output.shape.as_list() == [None, None, cases.UNITS]
        assert outputs.sample_id.shape.as_list() == [None, None]
        assert outputs.sample_id.dtype == tf.int32
        assert lengths.shape.as_list() == [None]


def test_public_names_and_parameters_as_tf():
    names = {n for n in dir(tf.contrib.seq2seq) if not n.startswith("_")}
    names -= {m for m in names if inspect.ismodule(getattr(tf.contrib.seq2seq, m))}
    assert names == set(GOLDEN["names"])
    for name, params in GOLDEN["names"].items():
        obj = getattr(tf.contrib.seq2seq, name)
        fn = obj.__init__ if inspect.isclass(obj) else obj
        if params is not None and fn is not object.__init__:
            assert [p for p in inspect.signature(fn).parameters if p != "self"] == params, name

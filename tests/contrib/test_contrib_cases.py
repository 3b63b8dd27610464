"""tf.contrib.layers / rnn / framework against real TF 1.15: the cases of
tests/contrib/contrib_cases.py built with the same fixed weights (values after training steps,
moving statistics, regularization losses, summaries), the variables' names, shapes and order,
MODEL_VARIABLES, the named collections, and TF's errors. Golden files:
tools/make_contrib_fixtures.py."""

import inspect
import json
from pathlib import Path

import numpy as np
import pytest

import tinytf as tf
from tests.contrib import contrib_cases as cases

HERE = Path(__file__).parent / "golden"
GOLDEN = json.loads((HERE / "contrib.json").read_text())
ARRAYS = np.load(HERE / "contrib.npz")
summary_pb2 = pytest.importorskip("tensorboard.compat.proto.summary_pb2")

# Optimizer slots made inside a variable scope: TF prefixes them with it
# (`adam/fully_connected/weights/Adam`); tinytf's optimizers do not yet (tinytf/training).
SLOT_NAMES_DIFFER = {"optimize_loss_variants"}


def _summary(serialized):
    """tag -> simple value, or tag/<num, min, max, sum> -> a histogram's."""
    out = {}
    for v in summary_pb2.Summary.FromString(serialized).value:
        if v.WhichOneof("value") == "simple_value":
            out[v.tag] = v.simple_value
        else:
            for field in ("num", "min", "max", "sum"):
                out[f"{v.tag}/{field}"] = getattr(v.histo, field)
    return out


def _assert_value(key, got, want):
    if want.dtype.kind == "S":
        assert _summary(got.tobytes()) == pytest.approx(_summary(want.tobytes()), rel=1e-5), key
        return
    if want.dtype.kind == "U":
        assert got.tolist() == want.tolist(), key
        return
    assert got.shape == want.shape, key
    assert got.dtype == want.dtype, key
    np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-6, err_msg=key)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_values_match_tf(name):
    values, _ = cases.run_case(tf, name)
    got = cases.flatten(name, values, {})
    assert sorted(got) == sorted(k for k in ARRAYS.files if k.startswith(name + "/"))
    for key, value in got.items():
        _assert_value(key, value, ARRAYS[key])


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_variables_and_collections_match_tf(name):
    _, record = cases.run_case(tf, name)
    want = GOLDEN["cases"][name]
    for key in ("model_variables", "trainable", "update_ops"):
        assert record[key] == want[key], key
    if name in SLOT_NAMES_DIFFER:
        model = {n for n, _ in want["model_variables"]}
        assert [v for v in record["variables"] if v[0] in model] == want["model_variables"]
    else:
        assert record["variables"] == want["variables"]
    for collection, tensors in want["collections"].items():
        got = record["collections"][collection]
        assert len(got) == len(tensors), collection
        variables = [t for t in tensors if t.endswith(("weights:0", "biases:0", "beta:0"))]
        assert [t for t in got if t in variables] == variables, collection


@pytest.mark.parametrize("name", sorted(cases.ERRORS))
def test_error_as_tf(name):
    got = cases.error_of(tf, name)
    want = GOLDEN["errors"][name]
    if name == "arg_scope_undecorated":  # the message names the function's module
        want = [want[0], want[1].replace("tensorflow.python.layers.core", "tinytf.layers.core")]
    assert got == want


@pytest.mark.parametrize("namespace", ["layers", "rnn", "framework", "training"])
def test_public_names_exist_in_tf_with_its_parameters(namespace):
    module = getattr(tf.contrib, namespace)
    names = sorted(n for n in vars(module) if not n.startswith("_") and not _own_module(
        getattr(module, n)))
    theirs = GOLDEN["names"][namespace]
    assert names and set(names) <= set(theirs), set(names) - set(theirs)
    for name in names:
        obj = getattr(module, name)
        if isinstance(obj, dict) or isinstance(obj, list) or theirs[name] is None:
            continue
        fn = obj.__init__ if inspect.isclass(obj) else obj
        params = [p for p in inspect.signature(fn).parameters if p != "self"]
        if theirs[name] != ["args", "kwargs"]:
            assert params == theirs[name], name


def _own_module(obj):
    """The namespace's own submodules (tinytf.contrib.layers.layers, ...): not TF's names."""
    return inspect.ismodule(obj) and obj.__name__.startswith("tinytf.contrib.")

"""Runs the cases of tests/ops/image_cases.py with tinytf and compares them with what real
TF 1.15 gave (golden/image_golden.npz and .json, written by tools/make_image_fixtures.py):
values, dtypes and static shapes; for the random cases dtypes and shapes only; and the
exception class and message of every bad case."""

import base64
import json
import re
import types
from pathlib import Path

import numpy as np
import pytest

import tinytf
from tests.ops import image_cases
from tinytf.ops.random_ops import RandomGammaGrad

GOLDEN = Path(__file__).parent / "golden"
META = json.loads((GOLDEN / "image_golden.json").read_text())
with np.load(GOLDEN / "image_golden.npz") as _npz:
    ARRAYS = {k: _npz[k] for k in _npz.files}
INPUTS = {k[3:]: v for k, v in ARRAYS.items() if k.startswith("in/")}
# TF's own message here is the repr of a tuple (a bug in 1.15); only the class is compared.
CLASS_ONLY = {"bad_image_gradients_rank"}


class _TF(types.ModuleType):
    """tinytf, plus the raw RandomGammaGrad op that one case calls."""

    raw_ops = types.SimpleNamespace(
        RandomGammaGrad=lambda alpha, sample: RandomGammaGrad.apply(alpha, sample)
    )

    def __getattr__(self, name):
        return getattr(tinytf, name)


TF = _TF("tf")


def _flat(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def _build(build):
    return _flat(build(TF, {k: tinytf.constant(v, name=k) for k, v in INPUTS.items()}))


def _check_meta(tensors, values, meta):
    assert [t.dtype.name for t in tensors] == meta["dtype"]
    assert [t.shape.as_list() if t.shape.ndims is not None else None for t in tensors] == (
        meta["static"]
    )
    assert [list(np.shape(v)) for v in values] == meta["shape"]
    assert [np.asarray(v).dtype for v in values] == [t.dtype.as_numpy_dtype for t in tensors]


@pytest.mark.parametrize("name", sorted(image_cases.CASES))
def test_values_match_tf(name):
    with tinytf.Graph().as_default(), tinytf.Session() as sess:
        tensors = _build(image_cases.CASES[name])
        values = sess.run(tensors)
    _check_meta(tensors, values, META["cases"][name])
    for i, got in enumerate(values):
        want = ARRAYS[f"out/{name}/{i}"]
        if want.dtype.kind == "f":
            np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-5)
        else:
            np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("name", sorted(image_cases.SHAPES))
def test_random_dtypes_and_shapes_match_tf(name):
    with tinytf.Graph().as_default(), tinytf.Session() as sess:
        tensors = _build(image_cases.SHAPES[name])
        values = sess.run(tensors)
    _check_meta(tensors, values, META["shapes"][name])


def _tf_message(message):
    """TF's message without the " for 'op' (op: ...) with input shapes" tail."""
    return re.escape(message.split(" for '")[0])


@pytest.mark.parametrize("name", sorted({**image_cases.BAD, **image_cases.BAD_RUN}))
def test_errors_match_tf(name):
    want = META["bad"][name]
    exc = getattr(tinytf.errors, want["exc"], None) or getattr(__builtins__, want["exc"], None)
    exc = exc or {"ValueError": ValueError, "TypeError": TypeError}[want["exc"]]
    build = {**image_cases.BAD, **image_cases.BAD_RUN}[name]
    match = None if name in CLASS_ONLY else _tf_message(want["message"])
    with tinytf.Graph().as_default(), tinytf.Session() as sess, pytest.raises(exc, match=match):
        sess.run(_build(build))


def test_a_tf_graph_def_with_the_image_ops_imports_and_runs():
    graph_def = tinytf.GraphDef.FromString(base64.b64decode(META["graph_def"]))
    with tinytf.Graph().as_default() as g, tinytf.Session(graph=g) as sess:
        tinytf.import_graph_def(graph_def, name="")
        got = sess.run(META["graph_fetch"], {"x:0": INPUTS["rgb"]})
        types = {op.type for op in g.get_operations()}
    np.testing.assert_allclose(got, ARRAYS["graph/value"], rtol=1e-5)
    assert {"AdjustHue", "ResizeArea", "DrawBoundingBoxesV2", "NonMaxSuppressionV5"} <= types

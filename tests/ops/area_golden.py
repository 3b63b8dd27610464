"""Runs the cases of tests/ops/<area>_cases.py (signal, strings) with tinytf and compares them
with what real TF 1.15 gave (golden/<area>_golden.json, by tools/make_signal_strings_fixtures.py):
values (floats to a tolerance, everything else exactly), dtypes and static shapes, and the
exception class, stage and first message line of every bad case."""

import functools
import importlib
import json
import re
from pathlib import Path

import numpy as np
import pytest

import tinytf
from tests.ops.io_cases import unpack


@functools.cache
def _load(area):
    golden = json.loads((Path(__file__).parent / "golden" / f"{area}_golden.json").read_text())
    return importlib.import_module(f"tests.ops.{area}_cases"), golden


def names(area, prefix="", table="cases"):
    """The case names of one area whose names start with `prefix`."""
    return sorted(n for n in _load(area)[1][table] if n.startswith(prefix))


def _flat(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def check_case(area, name, rtol=2e-5, atol=2e-5):
    module, golden = _load(area)
    want = golden["cases"][name]
    with tinytf.Graph().as_default(), tinytf.Session() as sess:
        out = module.CASES[name](tinytf)
        tensors = _flat(out)
        assert [t.dtype.name for t in tensors] == want["dtype"]
        assert [str(t.shape) for t in tensors] == want["static"]
        if "value" not in want:
            return
        values = _flat(sess.run(out))
    for got, expected in zip(values, _flat(unpack(want["value"])), strict=True):
        got = np.asarray(got, dtype=object if expected.dtype == object else None)
        assert got.shape == expected.shape
        assert got.dtype == expected.dtype
        if expected.dtype.kind in "fc":
            np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol)
        else:
            assert got.tolist() == expected.tolist()


_ERRORS = {
    "ValueError": ValueError,
    "TypeError": TypeError,
    "NotImplementedError": NotImplementedError,
}


def check_bad(area, name, until=None):
    """TF's exception class, at build or at run as TF raises it, with TF's first line (up to
    `until` in it, where the rest of TF's message is its library's, such as RE2's)."""
    module, golden = _load(area)
    want = golden["bad"][name]
    cls = _ERRORS.get(want["error"]) or getattr(tinytf.errors, want["error"])
    message = want["message"].split("\n")[0]
    pattern = re.escape(message.split(until)[0] if until else message)
    with tinytf.Graph().as_default():
        if want["stage"] == "build":
            with pytest.raises(cls, match=pattern) as info:
                module.BAD[name](tinytf)
            assert type(info.value) is cls
            return
        out = module.BAD[name](tinytf)
        with tinytf.Session() as sess, pytest.raises(cls) as info:
            sess.run(out)
        assert type(info.value) is cls
        assert re.match(pattern, str(info.value).split("\n")[0])


def check_tf_graph_imports(area, rtol=2e-5, atol=2e-5):
    """TF's GraphDef of the area's GRAPH imports into tinytf and its fetches give TF's values."""
    import base64

    graph = _load(area)[1]["graph"]
    graph_def = tinytf.GraphDef()
    graph_def.ParseFromString(base64.b64decode(graph["graph_def"]))
    with tinytf.Graph().as_default(), tinytf.Session() as sess:
        outs = tinytf.import_graph_def(graph_def, return_elements=graph["fetch"], name="")
        values = sess.run(outs)
    for got, want in zip(values, unpack(graph["values"]), strict=True):
        got = np.asarray(got, dtype=object if want.dtype == object else None)
        assert got.dtype == want.dtype and got.shape == want.shape
        if want.dtype.kind in "fc":
            np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)
        else:
            assert got.tolist() == want.tolist()

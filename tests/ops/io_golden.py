"""Runs the cases of tests/ops/io_cases.py with tinytf and compares them with what real TF 1.15
gave (golden/io_golden.json, written by tools/make_io_fixtures.py)."""

import base64
import json
import os
import re
import types
from pathlib import Path

import numpy as np
import pytest

import tinytf
from tests.ops import io_cases
from tinytf.ops import string_ops

GOLDEN = json.loads((Path(__file__).parent / "golden" / "io_golden.json").read_text())
INPUTS = {k: base64.b64decode(v) for k, v in GOLDEN["inputs"].items()}


class _TF(types.ModuleType):
    """tinytf, plus the tf.strings.substr that the cases use (tf.strings is not built yet)."""

    strings = types.SimpleNamespace(substr=string_ops.substr)

    def __getattr__(self, name):
        return getattr(tinytf, name)


TF = _TF("tf")


def names(prefix, table=None):
    """The case names of one area (their prefix), for pytest.mark.parametrize."""
    return sorted(n for n in (table or GOLDEN["cases"]) if n.startswith(prefix))


def bad_names(prefix):
    return names(prefix, GOLDEN["bad"])


def _flat(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def run_case(name, tmp_path):
    """tinytf's (tensors, values) for a case, in a fresh graph with the cases' file tree."""
    root = tmp_path / "tree"
    io_cases.make_tree(str(root))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with tinytf.Graph().as_default(), tinytf.Session() as sess:
            out = io_cases.CASES[name](TF, INPUTS)
            return _flat(out), _flat(sess.run(out))
    finally:
        os.chdir(cwd)


def check_case(name, tmp_path, atol=0):
    """Values, dtypes and static shapes as TF's; `atol` for decoders that differ by build."""
    want = GOLDEN["cases"][name]
    tensors, values = run_case(name, tmp_path)
    assert [t.dtype.name for t in tensors] == want["dtype"]
    assert [str(t.shape) for t in tensors] == want["static"]
    for got, expected in zip(values, _flat(io_cases.unpack(want["value"])), strict=True):
        got = np.asarray(got, dtype=object if expected.dtype == object else None)
        assert got.shape == expected.shape
        if expected.dtype == object:
            assert got.dtype == object
            assert got.tolist() == expected.tolist()
        elif atol:
            assert got.dtype == expected.dtype
            diff = np.abs(got.astype(np.int64) - expected.astype(np.int64))
            assert diff.max(initial=0) <= atol, f"max difference {diff.max()}"
        else:
            assert got.dtype == expected.dtype
            np.testing.assert_array_equal(got, expected)


_ERRORS = {"ValueError": ValueError, "TypeError": TypeError}


def check_bad(name, tmp_path, prefix_only=False):
    """TF's exception class and message (first line), at build or at run as TF raises it."""
    want = GOLDEN["bad"][name]
    cls = _ERRORS.get(want["error"]) or getattr(tinytf.errors, want["error"])
    message = want["message"].split("\n")[0]
    pattern = re.escape(message.split("'")[0] if prefix_only else message)
    root = tmp_path / "tree"
    io_cases.make_tree(str(root))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with tinytf.Graph().as_default():
            if want["stage"] == "build":
                with pytest.raises(cls, match=pattern):
                    io_cases.BAD[name](TF, INPUTS)
                return
            out = io_cases.BAD[name](TF, INPUTS)
            with tinytf.Session() as sess, pytest.raises(cls) as info:
                sess.run(out)
            assert type(info.value) is cls
            assert re.match(pattern, str(info.value).split("\n")[0])
    finally:
        os.chdir(cwd)

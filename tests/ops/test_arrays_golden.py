"""The sorting, set, layout and linear-algebra ops against what real TF 1.15 gave
(golden/arrays_golden.npz and .json, written by tools/make_arrays_fixtures.py from the
builders in tests/ops/arrays_cases.py): values, dtypes, static shapes, and TF's errors."""

import base64
import json
import re
from pathlib import Path

import numpy as np
import pytest

import tinytf as tf
from tests.ops import arrays_cases

GOLDEN = Path(__file__).parent / "golden"
META = json.loads((GOLDEN / "arrays_golden.json").read_text())
VALUES = np.load(GOLDEN / "arrays_golden.npz")


def _parts(out):
    outs = out if isinstance(out, (list, tuple)) else [out]
    parts = []
    for t in outs:
        if isinstance(t, tf.SparseTensor):
            parts += [t.indices, t.values, t.dense_shape]
        else:
            parts.append(t)
    return parts


@pytest.mark.parametrize("name", sorted(arrays_cases.CASES))
def test_matches_tf115(name):
    with tf.Graph().as_default(), tf.Session() as sess:
        parts = _parts(arrays_cases.CASES[name](tf))
        got = sess.run(parts)
    want = META["cases"][name]
    assert len(parts) == len(want)
    for t, value, rec in zip(parts, got, want):
        expected = VALUES[rec["key"]]
        assert t.dtype.name == rec["dtype"], rec["key"]
        static = None if t.shape.ndims is None else t.shape.as_list()
        assert static == rec["static"], f"{rec['key']}: static {static} != {rec['static']}"
        value = np.asarray(value)
        if expected.dtype.kind == "S":  # string tensors are object arrays of bytes
            expected = expected.astype(object)
        assert value.shape == expected.shape, rec["key"]
        if expected.dtype.kind in "fc":
            np.testing.assert_allclose(value, expected, rtol=2e-5, atol=1e-6, err_msg=rec["key"])
        else:
            np.testing.assert_array_equal(value, expected, err_msg=rec["key"])


@pytest.mark.parametrize("name", sorted(arrays_cases.BAD))
def test_errors_match_tf115(name):
    build, exc_name, pattern, at_run = arrays_cases.BAD[name]
    tf_exc, tf_message = META["bad"][name]
    assert tf_exc == exc_name and re.search(pattern, tf_message)  # the table agrees with TF
    exc = getattr(tf.errors, exc_name, None) or getattr(__builtins__, exc_name, None)
    exc = exc or {"ValueError": ValueError, "TypeError": TypeError}[exc_name]
    with tf.Graph().as_default(), tf.Session() as sess:
        if not at_run:
            with pytest.raises(exc, match=pattern):
                build(tf)
            return
        out = build(tf)
        with pytest.raises(exc, match=pattern):
            sess.run(out)


def test_imports_and_runs_a_tf115_graph_def():
    graph = META["graph"]
    graph_def = tf.GraphDef.FromString(base64.b64decode(graph["graph_def"]))
    with tf.Graph().as_default(), tf.Session() as sess:
        tf.import_graph_def(graph_def, name="")
        got = sess.run(graph["fetches"])
    for i, value in enumerate(got):
        expected = VALUES[f"graph:{i}"]
        np.testing.assert_allclose(value, expected, rtol=1e-5, atol=1e-6, err_msg=str(i))

"""The fixture of the sparse and check ops (golden/sparse_debugging_golden.json, written by
tools/make_sparse_debugging_fixtures.py with real TF 1.15 from sparse_debugging_cases.py) and
the checks that compare tinytf's results with it."""

import json
import pathlib

import numpy as np
import pytest

import tinytf as tf

GOLDEN = json.loads(
    (pathlib.Path(__file__).parent / "golden" / "sparse_debugging_golden.json").read_text()
)


def _flat(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


def _static(t):
    if isinstance(t, tf.Operation):
        return "op"
    shape = t.shape
    return None if shape.ndims is None else shape.as_list()


def assert_packed(got, want):
    """A fetched value equals a packed golden one: same dtype, shape and values."""
    if want is None:
        assert got is None
        return
    if "sparse" in want:
        for part, packed in zip((got.indices, got.values, got.dense_shape), want["sparse"]):
            assert_packed(part, packed)
        return
    got = np.asarray(got)
    assert got.dtype.name == want["dtype"] and list(got.shape) == want["shape"]
    if got.dtype.kind in "fc":
        np.testing.assert_allclose(got, np.array(want["value"], got.dtype), rtol=1e-6)
    else:
        assert got.tolist() == want["value"]


def assert_as_specific(got, want):
    """tinytf's static shape knows at least what TF's does (it folds more constants)."""
    if want is None or want == "op":
        assert got == want or want is None
        return
    assert got is not None and len(got) == len(want), f"{got} vs {want}"
    assert all(w is None or g == w for g, w in zip(got, want)), f"{got} vs {want}"


def check_golden_case(build, want):
    with tf.Graph().as_default(), tf.Session() as sess:
        out = _flat(build(tf))
        got = sess.run(out)
        dtypes = ["op" if isinstance(t, tf.Operation) else t.dtype.name for t in out]
        assert dtypes == want["dtype"]
        for t, static in zip(out, want["static"], strict=True):
            assert_as_specific(_static(t), static)
        for value, packed in zip(got, want["value"], strict=True):
            assert_packed(value, packed)


def _comparable(message):
    """A message up to the list of allowed dtypes, which names TF's quantized types too."""
    return message.split(" not in list of allowed values")[0]


def check_golden_error(build, want, feed=False):
    """The same stage (build or run), exception class and message as TF 1.15's."""
    with tf.Graph().as_default(), tf.Session() as sess:
        try:
            out = build(tf)
        except Exception as e:  # noqa: BLE001
            assert (want["stage"], type(e).__name__) == ("build", want["error"]), e
            assert _comparable(str(e)) == _comparable(want["message"])
            return
        args = (out[0], {out[1]: out[2]}) if feed else (out,)
        if want["stage"] == "none":
            sess.run(*args)
            return
        assert want["stage"] == "run"
        with pytest.raises(getattr(tf.errors, want["error"])) as info:
            sess.run(*args)
        assert str(info.value).split("\n\t ")[0] == want["message"]

"""Issue 10's math, bitwise and dtype ops against real TF 1.15: every case of
tests/ops/math_cases.py (tools/make_math_fixtures.py wrote golden/math.json and math.npz) built
with tinytf must record TF's facts (static shapes, dtypes, op names, errors) and values."""

import pathlib

import pytest

import tinytf as tf
from tests.fixture_runner import check_case, load_golden
from tests.ops.math_cases import CASES

GOLDEN = load_golden(pathlib.Path(__file__).parent / "golden", "math")
_TOLERANCE = {"igamma_float64_grad_a": (1e-7, 1e-9)}
# Static shapes that TF's C++ shape inference gets by evaluating constant subgraphs (the
# confusion matrix of constants), or loses in a map_fn (the matrix 2-norm): tinytf's must be
# compatible with TF's, with the same name and dtype.
_COMPATIBLE_SHAPES = {"norms": ("m2_keep",), "counting": ("confusion",), "op_names": ("confusion",)}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_tf_1_15(name):
    rtol, atol = _TOLERANCE.get(name, (2e-5, 1e-6))
    apart = _COMPATIBLE_SHAPES.get(name, ())
    facts = check_case(tf, CASES, name, GOLDEN, apart=apart, rtol=rtol, atol=atol)
    for key in apart:
        (got_name, got_shape, got_dtype), (name_, shape, dtype) = facts[key], GOLDEN[0][name][key]
        assert (got_name, got_dtype) == (name_, dtype)
        assert tf.TensorShape(got_shape).is_compatible_with(tf.TensorShape(shape))


def test_graph_def_written_by_tf_imports_and_runs():
    """The new op types in a GraphDef that TF 1.15 wrote import with TF's attrs and compute
    TF's values."""
    import base64
    import json

    import numpy as np

    from tests.ops.math_cases import GRAPH_FEED, GRAPH_FETCHES

    folder = pathlib.Path(__file__).parent / "golden"
    record = json.loads((folder / "math.json").read_text())
    graph_def = tf.GraphDef.FromString(base64.b64decode(record["graph_def"]))
    arrays = GOLDEN[1]
    with tf.Graph().as_default() as g:
        tf.import_graph_def(graph_def, name="")
        with tf.Session(graph=g) as sess:
            got = sess.run([f"out_{n}:0" for n in GRAPH_FETCHES], {"x:0": GRAPH_FEED})
    for name, value in zip(GRAPH_FETCHES, got, strict=True):
        want = arrays["graphdef/" + name]
        assert value.dtype == want.dtype and value.shape == want.shape, name
        np.testing.assert_allclose(value, want, rtol=1e-5, atol=1e-6, err_msg=name)

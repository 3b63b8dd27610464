"""tf.linalg's LinearOperators, expm, norm and normalize against real TF 1.15: every case of
linear_operator_cases.py run under tinytf must give what tools/make_linalg_operator_fixtures.py
recorded in golden/linear_operator.json (+ .npz): operator facts and hints, each method's
values, dtypes, static shapes and op names, gradients, and TF's exception classes and messages."""

import json
import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests.linalg import linear_operator_cases

GOLDEN_DIR = pathlib.Path(__file__).parent / "golden"
_ARRAYS = dict(np.load(GOLDEN_DIR / "linear_operator.npz"))
GOLDEN = linear_operator_cases.unpack(
    json.loads((GOLDEN_DIR / "linear_operator.json").read_text()), _ARRAYS
)
CASES = linear_operator_cases.all_cases()

# Messages that print a Tensor whose op tinytf names differently are compared up to a marker.
PREFIX_ONLY = {
    # tinytf's dtype-mismatch message of a binary op ends in a period, TF's does not.
    f"circulant_dynamic.{m}": "complex128"
    for m in ("solve", "solve_adj", "solve_adj_arg", "solvevec", "solvevec_adj")
}
# Where TF 1.15 itself fails (assert_non_singular of a complex operator compares a real
# condition number with a complex bound), tinytf fails one op earlier: same class, own words.
CLASS_ONLY = {"adjoint_c64.assert_non_singular", "full_c64.assert_non_singular"}
# tinytf has no ConjugateTranspose op: transpose(conjugate=True) of a complex tensor is a
# Transpose and then a Conj, one name deeper than TF's single op.
NAME_FIXUPS = [("/transpose/Conj:0", "/transpose:0")]
# tinytf's concat of a single tensor names its Identity after the scope (TF: scope/concat).
ONE_TENSOR_CONCAT = {("algebra_derived", 4)}
# TF's C++ shape inference evaluates num_rows through the Identity that assert_proper_shapes
# puts on it (with control inputs); tinytf's constant folding stops there.
STATIC_SHAPE_UNKNOWN = {"identity_f64.cholesky.to_dense"}
GRADIENT_FAILS = set()  # cases whose gradient tinytf cannot run (none now)


def _tolerance(dtype):
    return 1e-10 if dtype in (np.float64, np.complex128) else 2e-4


def _assert_array(got, want, where, single=False):
    got = np.asarray(got)
    assert got.dtype == want.dtype, where
    assert got.shape == want.shape, where
    tol = _tolerance(np.float32 if single else want.dtype)
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol, equal_nan=True, err_msg=where)


def _assert_error(got, want, where):
    assert isinstance(got, dict) and got.get("error") == want["error"], (where, got)
    if where in CLASS_ONLY:
        return
    marker = PREFIX_ONLY.get(where)
    if marker is None:
        assert got["message"] == want["message"], where
    else:
        cut = want["message"].index(marker) + len(marker)
        assert got["message"][:cut] == want["message"][:cut], where


def _assert_values(got, want, case_id):
    assert sorted(got) == sorted(want), case_id
    for name, w in want.items():
        g, where = got[name], f"{case_id}.{name}"
        if isinstance(w, dict):
            assert g == w, where
            continue
        if where in STATIC_SHAPE_UNKNOWN:
            assert g[0] == [None] * len(w[0]), where
        else:
            assert g[0] == w[0], where + " static shape"
        _assert_array(g[1], w[1], where)


def _assert_check_phase(got, want):
    """tinytf's check_ops fold more constants than TF's (through a transpose, say), so an
    assert_* method may fail at build where TF's fails at run: the class must be the same."""
    for name in list(got["facts"]):
        g = got["facts"][name]
        if name.startswith("assert_") and isinstance(g, dict) and "error" in g:
            if want["values"].get(name) == {"run_error": g["error"]}:
                del got["facts"][name]
                got["values"][name] = {"run_error": g["error"]}


def _assert_operator(got, want, case_id):
    if "error" in want:
        _assert_error(got, want, case_id)
        return
    _assert_check_phase(got, want)
    for name, w in want["facts"].items():
        g = got["facts"].get(name)
        if isinstance(g, str):
            for ours, tfs in NAME_FIXUPS:
                g = g.replace(ours, tfs)
        if isinstance(w, dict) and "error" in w:
            _assert_error(g, w, f"{case_id}.{name}")
        else:
            assert g == w, f"{case_id}.{name}"
    assert sorted(got["facts"]) == sorted(want["facts"])
    _assert_values(got["values"], want["values"], case_id)
    assert ("gradients" in got) == ("gradients" in want)
    if case_id in GRADIENT_FAILS:
        assert got["gradients"] == {"error": "InvalidArgumentError"}
        return
    # a gradient through a single-precision operator is single precision, whatever its dtype
    single = want["facts"]["operator"]["dtype"] in ("float32", "complex64")
    for i, (g, w) in enumerate(zip(got.get("gradients", []), want.get("gradients", []))):
        assert (g is None) == (w is None), (case_id, i)
        if w is not None:
            _assert_array(g, w, f"{case_id}.gradient{i}", single)


def _assert_function(got, want, case_id):
    assert len(got["outputs"]) == len(want["outputs"])
    for i, (g, w) in enumerate(zip(got["outputs"], want["outputs"])):
        name = w["name"]
        if (case_id, i) in ONE_TENSOR_CONCAT:
            name = name.replace("/concat:0", ":0")
        assert (g["dtype"], g["static"], g["name"]) == (w["dtype"], w["static"], name), case_id
        _assert_array(g["value"], w["value"], case_id)
    for i, (g, w) in enumerate(zip(got["gradients"], want["gradients"])):
        _assert_array(g, w, f"{case_id}.gradient{i}")


@pytest.mark.parametrize("case_id", sorted(GOLDEN))
def test_case_matches_tf115(case_id):
    kind = CASES[case_id][0]
    got = linear_operator_cases.run(tf, CASES[case_id])
    want = GOLDEN[case_id]
    if kind == "operator":
        _assert_operator(got, want, case_id)
    elif kind == "function":
        _assert_function(got, want, case_id)
    elif "error" in want:
        _assert_error(got, want, case_id)
    else:
        assert got == want, case_id


def test_every_case_has_a_golden_record():
    assert sorted(CASES) == sorted(GOLDEN)

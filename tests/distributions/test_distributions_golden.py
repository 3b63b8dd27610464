"""tf.distributions against real TF 1.15: every case of distributions_cases.py run under tinytf
must give what tools/make_distributions_fixtures.py recorded in golden/distributions.json
(values, dtypes, static shapes, names; or the exception class, message and phase)."""

import json
import pathlib

import numpy as np
import pytest

import tinytf as tf
import tinytf.distributions as tfd
from tests.distributions import distributions_cases

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" / "distributions.json").read_text())
CASES = distributions_cases.all_cases()

# Messages compared only up to (and including) the first occurrence of a marker in TF's.
PREFIX_ONLY = {
    # Shape inference outside tf.distributions words the rest.
    "bad.dirichlet_batch_mode": "but are 2 and 3",
    "dirichlet.mode": "but are 2 and 3",
    "dirichlet64.mode": "but are 2 and 3",
    # Two identical checks guard log_prob's two halves (which fails first is TF's run order),
    # and TF names the checked total_count by its Const input.
    "bad.multinomial_counts_sum": "integer_form/",
    "bad.multinomial_fractional": "integer_form",
    # The repr of the function already registered (an address).
    "bad.register_kl_twice": "<function",
    # TF prints a NaN whose sign bit is set as -nan; check_ops' summaries print nan.
    "bad.kl_nan_checked": "Values:] [",
    "bad.kl_method_nan_checked": "Values:] [",
}


class _Namespace:
    """`tf` as the cases see it: tinytf, with tf.distributions reachable before the lead adds
    it to tinytf's lazy namespaces."""

    def __getattr__(self, name):
        return tfd if name == "distributions" else getattr(tf, name)


TF = _Namespace()


def _assert_record(got, want, case_id):
    if isinstance(want, list) and want and isinstance(want[0], dict) and "dtype" in want[0]:
        assert len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            _assert_record(g, w, case_id)
        return
    if not (isinstance(want, dict) and "dtype" in want and "shape" in want):
        assert got == want
        return
    assert got["dtype"] == want["dtype"]
    assert got["static"] == want["static"]
    assert got["shape"] == want["shape"]
    if "value" in want:
        rtol = 1e-12 if want["dtype"] == "float64" else 2e-5
        np.testing.assert_allclose(
            np.asarray(got["value"], dtype=float),
            np.asarray(want["value"], dtype=float),
            rtol=rtol,
            atol=rtol,
            equal_nan=True,
            err_msg=case_id,
        )


@pytest.mark.parametrize("case_id", sorted(GOLDEN))
def test_case_matches_tf115(case_id):
    want = GOLDEN[case_id]
    got = distributions_cases.run(TF, CASES[case_id])
    if "error" in want:
        assert got.get("error") == want["error"], got
        assert got["phase"] == want["phase"]
        marker = PREFIX_ONLY.get(case_id)
        if marker is not None:
            assert marker in want["message"]
            cut = want["message"].index(marker) + len(marker)
            assert got["message"][:cut] == want["message"][:cut]
        else:
            assert got["message"] == want["message"]
        return
    assert "out" in got, got
    _assert_record(got["out"], want["out"], case_id)


def test_every_case_has_a_golden():
    assert sorted(CASES) == sorted(GOLDEN)

"""Every case of tests/ops/metrics_cases.py run with tinytf against what real TF 1.15 gave
(golden/metrics.json, written by tools/make_metrics_fixtures.py): the update's result and the
value after each of three steps, the local variables (names, order) and collections, the names,
dtypes and static shapes; or the exception class and message of a bad case."""

import json
import math
import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests.ops import metrics_cases

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" / "metrics.json").read_text())
CASES = {case["id"]: case for case in metrics_cases.CASES}


def _close(got, want, where):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    assert got.shape == want.shape, where
    np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-6, err_msg=where, equal_nan=True)


def _assertion_head(message):
    """An Assert's message up to its first data item (later items name graph tensors)."""
    return message.split("] [")[0] if message.startswith("assertion failed") else message


@pytest.mark.parametrize("cid", sorted(GOLDEN))
def test_metric_matches_tf(cid):
    want, got = GOLDEN[cid], metrics_cases.run(tf, CASES[cid])
    if "error" in want:
        assert "error" in got, f"TF raised {want}"
        assert (got["stage"], got["error"]) == (want["stage"], want["error"]), got
        assert _assertion_head(got["message"]) == _assertion_head(want["message"])
        return
    assert "error" not in got, got
    for key in ("locals", "metric_variables", "globals", "collected", "dtypes", "shapes", "names"):
        assert got[key] == want[key], key
    _close(got["initial"], want["initial"], "initial value")
    assert len(got["steps"]) == len(want["steps"])
    for i, (g, w) in enumerate(zip(got["steps"], want["steps"])):
        _close(g[0], w[0], f"update of step {i}")
        _close(g[1], w[1], f"value after step {i}")


def test_golden_covers_every_tf_metric():
    tested = {case["metric"] for case in metrics_cases.CASES if "error" not in GOLDEN[case["id"]]}
    public = {n for n in dir(tf.metrics) if not n.startswith("_")}
    assert public == tested and len(public) == 33, public ^ tested
    assert not any(math.isnan(v) for v in GOLDEN["mean"]["steps"][-1])

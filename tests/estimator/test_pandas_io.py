"""tf.estimator.inputs.pandas_input_fn against real TF 1.15 (pandas is an optional extra: the
tests skip without it). The scenarios are estimator_v1_cases.PANDAS_SCENARIOS; the golden
file is written by tools/make_estimator_v1_fixtures.py."""

import pytest

import tinytf as tf
from tests.estimator import estimator_v1_cases as cases
from tests.estimator.test_estimator_breadth import assert_close
from tests.estimator.test_estimator_v1 import GOLDEN, _unpartitioned

pytest.importorskip("pandas")


@pytest.mark.parametrize("scenario", cases.PANDAS_SCENARIOS, ids=lambda s: s.__name__)
def test_pandas_scenario_matches_tf115(scenario, tmp_path):
    actual = cases.run(tf, scenario, str(tmp_path))
    assert_close(actual, _unpartitioned(GOLDEN[scenario.__name__]), rtol=2e-5, atol=2e-6)


def test_without_pandas_it_is_a_type_error(monkeypatch):
    """TF 1.15's error when pandas is not installed."""
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(TypeError, match="without pandas installed"):
        tf.estimator.inputs.pandas_input_fn(None, shuffle=False)

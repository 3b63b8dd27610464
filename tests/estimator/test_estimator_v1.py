"""TF 1.x's head-taking estimators, tf.contrib.estimator's heads and tf.estimator.tpu against
real TF 1.15: each scenario of estimator_v1_cases.py runs under tinytf and is compared with
what TF 1.15 returned for it (the golden file, written by tools/make_estimator_v1_fixtures.py)."""

import json
import pathlib

import pytest

import tinytf as tf
from tests.estimator import estimator_v1_cases as cases
from tests.estimator.test_estimator_breadth import assert_close

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" / "estimator_v1.json").read_text())


def _unpartitioned(golden):
    """TF 1.15 wraps a linear model's variables in a one-part min_max_variable_partitioner,
    so their optimizer slots are named `<variable>/part_0/Ftrl`; tinytf does not partition
    (the variables themselves have the same names and values)."""
    if isinstance(golden, dict):
        return {k.replace("/part_0/", "/"): _unpartitioned(v) for k, v in golden.items()}
    return golden


@pytest.mark.parametrize("scenario", cases.SCENARIOS, ids=lambda s: s.__name__)
def test_scenario_matches_tf115(scenario, tmp_path):
    actual = cases.run(tf, scenario, str(tmp_path))
    assert_close(actual, _unpartitioned(GOLDEN[scenario.__name__]), rtol=2e-5, atol=2e-6)


def test_tpu_serving_graph_export_is_refused(tmp_path):
    """TF 1.15 also writes a TPU serving graph when export_to_tpu=True (the default); tinytf
    cannot build one, so it refuses instead of leaving it out."""
    seen = []
    est = cases._tpu_estimator(tf, str(tmp_path / "m"), seen)
    est.train(cases._tpu_input_fn(tf, seen), steps=1)
    receiver_fn = tf.estimator.export.build_raw_serving_input_receiver_fn(
        {"x": tf.placeholder(tf.float32, [None, 2])}
    )
    with pytest.raises(ValueError, match="export_to_tpu=False"):
        est.export_saved_model(str(tmp_path / "export"), receiver_fn)

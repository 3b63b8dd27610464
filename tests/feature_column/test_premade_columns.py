"""Premade estimators over categorical, crossed, embedding and weighted columns, against real
TF 1.15: the cases of premade_cases.py, recorded by tools/make_feature_column_fixtures.py
(variable names and shapes; the linear models' evaluation after training from zeros)."""

import itertools
import json
import pathlib

import numpy as np
import pytest

import tinytf as tf
from tests.feature_column import premade_cases

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" / "premade.json").read_text())[
    "cases"
]


@pytest.fixture(scope="module")
def results():
    tf.logging.set_verbosity(tf.logging.ERROR)
    return {name: run(tf) for name, run in premade_cases.CASES.items()}


@pytest.mark.parametrize("name", sorted(premade_cases.CASES))
def test_variables_are_tfs(results, name):
    assert results[name]["variables"] == GOLDEN[name]["variables"]


@pytest.mark.parametrize("name", ["combined", "combined_linear_only"])
def test_combined_models_optimizer_slots_are_tfs(results, name):
    assert results[name]["slots"] == GOLDEN[name]["slots"]


def test_combined_errors_are_tfs():
    assert premade_cases.errors(tf) == GOLDEN["errors"]


def test_wide_and_deep_classifier_learns(tmp_path):
    fc = tf.feature_column
    city, age = premade_cases._columns(fc)
    make = premade_cases._estimator(tf, "DNNLinearCombinedClassifier")
    est = make(
        linear_feature_columns=[fc.crossed_column([city, age], 32)],
        dnn_feature_columns=[fc.embedding_column(city, 3), fc.indicator_column(age)],
        dnn_hidden_units=[8],
        dnn_optimizer=lambda: tf.train.AdagradOptimizer(0.1),
        model_dir=str(tmp_path),
    )
    input_fn = premade_cases._input_fn(tf)
    est.train(input_fn, steps=200)
    metrics = est.evaluate(input_fn, steps=1)
    assert metrics["global_step"] == 200
    assert metrics["accuracy"] > 0.9


@pytest.mark.parametrize(
    "name", ["combined_linear_only", "linear_crossed", "linear_regressor", "linear_weighted"]
)
def test_linear_models_train_and_evaluate_as_tf(results, name):
    got, want = results[name]["eval"], GOLDEN[name]["eval"]
    assert sorted(got) == sorted(want)
    for key in want:
        assert got[key] == pytest.approx(want[key], rel=2e-4, abs=1e-5), key


def test_dnn_with_embeddings_learns(tmp_path):
    fc = tf.feature_column
    city, age = premade_cases._columns(fc)
    columns = [fc.embedding_column(city, 3), fc.indicator_column(age)]
    config = tf.estimator.RunConfig(tf_random_seed=1)  # random initial weights: one draw
    est = tf.estimator.DNNClassifier([8], columns, model_dir=str(tmp_path), config=config)
    input_fn = premade_cases._input_fn(tf)
    est.train(input_fn, steps=300)
    metrics = est.evaluate(input_fn, steps=1)
    assert metrics["accuracy"] > 0.9
    _, labels = premade_cases._data()
    # the input_fn's constants never run out: take one batch's worth of predictions
    predictions = list(itertools.islice(est.predict(lambda: input_fn()[0]), len(labels)))
    classes = np.array([p["class_ids"][0] for p in predictions])
    assert np.mean(classes == labels) == pytest.approx(metrics["accuracy"])

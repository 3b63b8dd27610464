"""Premade estimators over feature columns, run the same way under real TF 1.15
(tools/make_feature_column_fixtures.py) and under tinytf (test_premade_columns.py). A case is
`run(tf) -> {"variables": [[name, shape], ...], "eval": {metric: value}}`; the linear models
start from zeros and the embeddings from constant initializers, so TF's numbers are exact
targets (the DNN's hidden layers are random: only its names and shapes are). Python 3.7."""

import tempfile

import numpy as np

CITIES = ["paris", "rome", "oslo", "lima"]


def _data():
    rng = np.random.RandomState(7)
    n = 64
    city = rng.randint(0, 4, n)
    age = rng.uniform(10, 80, n).astype(np.float32)
    tag = rng.randint(0, 3, n)
    label = ((city % 2 == 0) ^ (age > 45)).astype(np.int64)
    return {
        "city": np.array([CITIES[c] for c in city]),
        "age": age,
        "tag": np.array([f"t{t}" for t in tag]),
        "code": tag.astype(np.int64),
    }, label


def _input_fn(tf):
    x, y = _data()

    def input_fn():
        features = {k: tf.constant(v) for k, v in x.items()}
        return features, tf.constant(y)

    return input_fn


def _columns(fc):
    city = fc.categorical_column_with_vocabulary_list("city", CITIES)
    age = fc.bucketized_column(fc.numeric_column("age"), [30.0, 45.0, 60.0])
    return city, age


def _summary(estimator, input_fn, steps):
    estimator.train(input_fn, steps=steps)
    metrics = estimator.evaluate(input_fn, steps=1)
    names = estimator.get_variable_names()
    return {
        "variables": sorted(
            [n, list(estimator.get_variable_value(n).shape)] for n in names
            if "Ftrl" not in n and "Adagrad" not in n),
        "slots": sorted(n for n in names if "Ftrl" in n or "Adagrad" in n),
        "eval": {k: float(v) for k, v in metrics.items()},
    }


def _linear_crossed(tf):
    fc = tf.feature_column
    city, age = _columns(fc)
    columns = [city, age, fc.crossed_column([city, age], 16),
               fc.categorical_column_with_hash_bucket("tag", 5)]
    est = tf.estimator.LinearClassifier(columns, model_dir=tempfile.mkdtemp())
    return _summary(est, _input_fn(tf), 30)


def _linear_regressor(tf):
    fc = tf.feature_column
    city, age = _columns(fc)
    columns = [fc.numeric_column("age"), fc.crossed_column(["city", "tag"], 10),
               fc.weighted_categorical_column(
                   fc.categorical_column_with_identity("code", 3), "age")]
    est = tf.estimator.LinearRegressor(columns, model_dir=tempfile.mkdtemp())
    return _summary(est, _input_fn(tf), 20)


def _linear_weighted(tf):
    fc = tf.feature_column
    city, age = _columns(fc)
    weight = fc.numeric_column("age", normalizer_fn=lambda x: x / 40.0)
    est = tf.estimator.LinearClassifier(
        [city, age], weight_column=weight, model_dir=tempfile.mkdtemp())
    return _summary(est, _input_fn(tf), 15)


def _dnn_embedding(tf):
    fc = tf.feature_column
    city, age = _columns(fc)
    columns = [fc.embedding_column(city, 3), fc.indicator_column(age),
               fc.embedding_column(fc.categorical_column_with_hash_bucket("tag", 7), 2)]
    est = tf.estimator.DNNClassifier([8, 4], columns, model_dir=tempfile.mkdtemp())
    out = _summary(est, _input_fn(tf), 10)
    del out["eval"]  # random hidden layers: the test checks that it learns instead
    return out


def _estimator(tf, name):
    """tf.estimator.<name>; in tinytf before the namespace exports it, canned.py's."""
    if hasattr(tf.estimator, name):
        return getattr(tf.estimator, name)
    from tinytf.estimator import canned

    return getattr(canned, name)


def _combined_linear_only(tf):
    fc = tf.feature_column
    city, age = _columns(fc)
    est = _estimator(tf, "DNNLinearCombinedRegressor")(
        linear_feature_columns=[city, age, fc.crossed_column(["city", "tag"], 12)],
        model_dir=tempfile.mkdtemp())
    return _summary(est, _input_fn(tf), 25)


def _combined(tf):
    fc = tf.feature_column
    city, age = _columns(fc)
    est = _estimator(tf, "DNNLinearCombinedClassifier")(
        linear_feature_columns=[age, fc.crossed_column([city, age], 16)],
        dnn_feature_columns=[fc.embedding_column(city, 2), fc.indicator_column(age)],
        dnn_hidden_units=[4], model_dir=tempfile.mkdtemp())
    out = _summary(est, _input_fn(tf), 10)
    del out["eval"]  # random hidden layers
    return out


CASES = {
    "combined": _combined,
    "combined_linear_only": _combined_linear_only,
    "linear_crossed": _linear_crossed,
    "linear_regressor": _linear_regressor,
    "linear_weighted": _linear_weighted,
    "dnn_embedding": _dnn_embedding,
}


def errors(tf):
    """What the combined estimators raise without columns (constructing) or without hidden
    units (training)."""
    fc = tf.feature_column
    make = _estimator(tf, "DNNLinearCombinedClassifier")
    out = {}
    try:
        make(model_dir=tempfile.mkdtemp())
    except ValueError as e:
        out["no_columns"] = str(e)
    est = make(dnn_feature_columns=[fc.numeric_column("age")], model_dir=tempfile.mkdtemp())
    try:
        est.train(_input_fn(tf), steps=1)
    except ValueError as e:
        out["no_hidden_units"] = str(e)
    return out

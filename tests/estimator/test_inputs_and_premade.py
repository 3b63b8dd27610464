"""numpy_input_fn, feature columns, the premade estimators and MonitoredTrainingSession."""

import numpy as np
import pytest

import tinytf as tf

RNG = np.random.default_rng(3)
X = RNG.standard_normal((300, 3)).astype(np.float32)
SCORE = X @ np.array([1.0, -2.0, 0.5])
Y2 = (SCORE > 0).astype(np.int64)
Y3 = np.digitize(SCORE, [-1.0, 1.0])


def _batches(input_fn):
    """All batches an input_fn yields, fed as the Estimator feeds them."""
    from tinytf.estimator.numpy_io import FEEDERS

    with tf.Graph().as_default() as g:
        features, labels = input_fn()
        (feed,) = g.get_collection(FEEDERS)
        out = []
        with tf.Session() as sess:
            while True:
                try:
                    out.append(sess.run((features, labels), feed()))
                except StopIteration:
                    return out


def test_numpy_input_fn_batches_epochs_and_the_short_last_batch():
    x = {"a": np.arange(10.0), "b": np.arange(20).reshape(10, 2)}
    batches = _batches(
        tf.estimator.inputs.numpy_input_fn(
            x, np.arange(10) * 10, batch_size=4, num_epochs=2, shuffle=False
        )
    )
    assert [len(b[1]) for b in batches] == [4, 4, 4, 4, 4]
    assert np.concatenate([b[0]["a"] for b in batches]).tolist() == list(range(10)) * 2
    assert batches[1][0]["b"].tolist() == [[8, 9], [10, 11], [12, 13], [14, 15]]
    assert batches[0][1].tolist() == [0, 10, 20, 30]
    shuffled = _batches(
        tf.estimator.inputs.numpy_input_fn(
            x, np.arange(10), batch_size=3, num_epochs=1, shuffle=True
        )
    )
    assert [len(b[1]) for b in shuffled] == [3, 3, 3, 1]
    order = np.concatenate([b[0]["a"] for b in shuffled])
    assert sorted(order.tolist()) == list(range(10)) and order.tolist() != list(range(10))
    assert all(np.array_equal(b[0]["a"] * 1, b[1]) for b in shuffled)  # rows stay paired


def test_numpy_input_fn_errors():
    with pytest.raises(ValueError, match="shuffle must be provided explicitly as a bool"):
        tf.estimator.inputs.numpy_input_fn({"x": X})
    with pytest.raises(ValueError, match="Length of tensors in x and y is mismatched"):
        tf.estimator.inputs.numpy_input_fn({"x": X}, Y2[:10], shuffle=False)


def test_input_layer_concatenates_columns_sorted_by_name():
    features = {"b": tf.constant([[1.0, 2.0]]), "a": tf.constant([7]), "c": tf.constant([[3.0]])}
    columns = [
        tf.feature_column.numeric_column(k, shape=s) for k, s in (("c", 1), ("b", [2]), ("a", 1))
    ]
    net = tf.feature_column.input_layer(features, columns)
    assert net.shape.as_list() == [1, 4] and net.dtype == tf.float32
    with tf.Session() as sess:
        assert sess.run(net).tolist() == [[7.0, 1.0, 2.0, 3.0]]
    with pytest.raises(ValueError, match="Feature d is not in features dictionary."):
        tf.feature_column.input_layer(features, [tf.feature_column.numeric_column("d")])
    with pytest.raises(ValueError, match="shape dimensions must be greater than 0"):
        tf.feature_column.numeric_column("x", shape=[0])


def _fit(estimator, y, steps=300):
    estimator.train(
        tf.estimator.inputs.numpy_input_fn(
            {"x": X}, y, batch_size=30, num_epochs=None, shuffle=True
        ),
        steps=steps,
    )
    return estimator.evaluate(tf.estimator.inputs.numpy_input_fn({"x": X}, y, shuffle=False))


COLUMNS = [tf.feature_column.numeric_column("x", shape=[3])]


def test_linear_classifier_binary(tmp_path):
    est = tf.estimator.LinearClassifier(COLUMNS, model_dir=str(tmp_path))
    results = _fit(est, Y2)
    assert results["accuracy"] > 0.95 and results["auc"] > 0.98
    assert results["accuracy_baseline"] == pytest.approx(max(Y2.mean(), 1 - Y2.mean()))
    assert results["label/mean"] == pytest.approx(Y2.mean())
    # loss: the mean over the 3 eval batches (128 + 128 + 44 examples) of each batch's summed
    # loss (TF's canned default reduction), so 300 / 3 times the mean per-example loss
    assert results["loss"] == pytest.approx(results["average_loss"] * 100, rel=1e-5)
    assert {"linear/linear_model/x/weights", "linear/linear_model/bias_weights"} <= set(
        est.get_variable_names()
    )
    first = next(est.predict(tf.estimator.inputs.numpy_input_fn({"x": X[:1]}, shuffle=False)))
    assert set(first) == {"logits", "logistic", "probabilities", "class_ids", "classes"}
    assert first["classes"][0] == str(Y2[0]).encode()
    assert first["probabilities"][1] == pytest.approx(first["logistic"][0])


def test_dnn_classifier_three_classes(tmp_path):
    est = tf.estimator.DNNClassifier(
        [16, 8],
        COLUMNS,
        model_dir=str(tmp_path),
        n_classes=3,
        config=tf.estimator.RunConfig(tf_random_seed=0),
    )
    results = _fit(est, Y3)
    assert results["accuracy"] > 0.9
    names = est.get_variable_names()
    for layer in ("dnn/hiddenlayer_0", "dnn/hiddenlayer_1", "dnn/logits"):
        assert f"{layer}/kernel" in names and f"{layer}/bias" in names
    assert est.get_variable_value("dnn/hiddenlayer_1/kernel").shape == (16, 8)


@pytest.mark.parametrize(
    "make",
    [
        lambda d: tf.estimator.LinearRegressor(COLUMNS, model_dir=d),
        lambda d: tf.estimator.DNNRegressor(
            [8], COLUMNS, model_dir=d, config=tf.estimator.RunConfig(tf_random_seed=0)
        ),
    ],
)
def test_regressors(tmp_path, make):
    results = _fit(make(str(tmp_path)), SCORE.astype(np.float32), steps=500)
    assert results["average_loss"] < 0.1 * SCORE.var()


def test_monitored_training_session_saves_and_ends_with_the_input(tmp_path):
    step = tf.train.get_or_create_global_step()
    w = tf.Variable(0.0)
    train = tf.group(w.assign_add(1.0), tf.assign_add(step, 1))
    feeds = iter(range(5))
    hook = tf.train.FeedFnHook(lambda: {} if next(feeds) is not None else {})
    with tf.train.MonitoredTrainingSession(
        checkpoint_dir=str(tmp_path), hooks=[hook], save_summaries_steps=None
    ) as sess:
        while not sess.should_stop():
            sess.run(train)
    assert tf.train.latest_checkpoint(str(tmp_path)).endswith("model.ckpt-5")
    assert tf.train.load_variable(str(tmp_path), "Variable") == 5.0

"""Scenarios of tf.estimator's breadth (baselines, warm starting, export outputs and receivers,
exporters in train_and_evaluate, add_metrics, the parse-example specs), each written once
against a `tf` module: tools/make_estimator_breadth_fixtures.py runs them under real TF 1.15
(tests/estimator/golden/estimator_breadth.json), tests/estimator/test_estimator_breadth.py
under tinytf, and the test compares. Python 3.7 compatible (TF 1.15's interpreter)."""

import os
import re

import numpy as np

X6 = np.array([[1.0], [2.0], [3.0], [4.0], [5.0], [6.0]], np.float32)
Y2 = np.array([1, 0, 1, 1, 0, 1], np.int64)
Y3 = np.array([2, 0, 1, 2, 2, 0], np.int64)
W6 = np.array([1.0, 2.0, 0.5, 1.0, 3.0, 1.0], np.float32)
Y_REG = np.array(
    [[1.0, -1.0], [2.0, 0.0], [3.0, 1.0], [2.5, 0.5], [1.5, 2.0], [0.5, 1.0]], np.float32
)


def jsonable(value):
    """Plain JSON values of what TF returns (arrays, numpy scalars, bytes, dicts, lists)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, np.generic):
        return jsonable(value.item())
    return value


def error(fn):
    """[exception class name, message] of what fn raises."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the class is what is recorded
        return [type(e).__name__, re.sub(" at 0x[0-9a-f]+", " at 0x", str(e))]
    return None


def _input_fn(tf, x, y=None, epochs=None):
    return tf.estimator.inputs.numpy_input_fn(x, y, batch_size=6, num_epochs=epochs, shuffle=False)


def _variables(est):
    return {n: jsonable(est.get_variable_value(n)) for n in est.get_variable_names()}


def _fit(tf, est, x, y, steps=5):
    est.train(_input_fn(tf, x, y), steps=steps)
    return {
        "eval": jsonable(est.evaluate(_input_fn(tf, x, y, epochs=1))),
        "predictions": jsonable(list(est.predict(_input_fn(tf, x, epochs=1)))[:2]),
        "variables": _variables(est),
    }


def baseline_binary(tf, tmp):
    est = tf.estimator.BaselineClassifier(model_dir=os.path.join(tmp, "m"))
    return _fit(tf, est, {"x": X6}, Y2)


def baseline_multiclass_weighted(tf, tmp):
    est = tf.estimator.BaselineClassifier(
        model_dir=os.path.join(tmp, "m"), n_classes=3, weight_column="w", optimizer="Adagrad"
    )
    return _fit(tf, est, {"x": X6, "w": W6}, Y3)


def baseline_regressor(tf, tmp):
    est = tf.estimator.BaselineRegressor(
        model_dir=os.path.join(tmp, "m"),
        label_dimension=2,
        weight_column=tf.feature_column.numeric_column("w"),
    )
    return _fit(tf, est, {"x": X6, "w": W6}, Y_REG, steps=4)


def baseline_errors(tf, tmp):
    return {
        "n_classes": error(lambda: tf.estimator.BaselineClassifier(n_classes=1)),
        "bad_optimizer": error(
            lambda: tf.estimator.BaselineRegressor(
                model_dir=os.path.join(tmp, "m"), optimizer="Nope"
            ).train(_input_fn(tf, {"x": X6}, Y_REG[:, :1]), steps=1)
        ),
    }


# -- a small custom model: y ~ x . alpha + beta -------------------------------------------
def _linear_model_fn(tf):
    def model_fn(features, labels, mode, params):
        alpha = tf.get_variable(
            "alpha", [2, 1], initializer=tf.constant_initializer([[0.5], [-1.0]])
        )
        beta = tf.get_variable("beta", [1], initializer=tf.constant_initializer(0.25))
        pred = tf.matmul(features["x"], alpha) + beta
        if mode == tf.estimator.ModeKeys.PREDICT:
            outputs = {
                "serving_default": tf.estimator.export.RegressionOutput(pred[:, 0]),
                "predict": tf.estimator.export.PredictOutput({"y": pred}),
            }
            return tf.estimator.EstimatorSpec(mode, predictions={"y": pred}, export_outputs=outputs)
        loss = tf.reduce_mean(tf.square(pred - labels))
        opt = tf.train.GradientDescentOptimizer(params["lr"])
        train_op = opt.minimize(loss, global_step=tf.train.get_global_step())
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)

    return model_fn


X_LIN = np.array(
    [[1.0, 2.0], [0.5, -1.0], [2.0, 0.0], [-1.0, 1.0], [0.0, 3.0], [1.5, 1.5]], np.float32
)
Y_LIN = (X_LIN @ np.array([[2.0], [1.0]], np.float32) - 0.5).astype(np.float32)


def _linear_estimator(tf, model_dir, lr=0.1, warm_start_from=None, config=None):
    return tf.estimator.Estimator(
        _linear_model_fn(tf),
        model_dir=model_dir,
        params={"lr": lr},
        warm_start_from=warm_start_from,
        config=config,
    )


def _raw_receiver_fn(tf):
    def fn():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        return tf.estimator.export.ServingInputReceiver({"x": x}, {"x": x})

    return fn


def _parsing_receiver_fn(tf):
    spec = {"x": tf.FixedLenFeature([2], tf.float32)}
    return tf.estimator.export.build_parsing_serving_input_receiver_fn(spec)


def warm_start(tf, tmp):
    source = _linear_estimator(tf, os.path.join(tmp, "a"))
    source.train(_input_fn(tf, {"x": X_LIN}, Y_LIN), steps=3)
    export_dir = source.export_savedmodel(os.path.join(tmp, "exp"), _raw_receiver_fn(tf))
    settings = tf.estimator.WarmStartSettings(source.model_dir, vars_to_warm_start="alpha")
    only_alpha = _linear_estimator(tf, os.path.join(tmp, "b"), lr=0.0, warm_start_from=settings)
    only_alpha.train(_input_fn(tf, {"x": X_LIN}, Y_LIN), steps=1)
    from_saved = _linear_estimator(tf, os.path.join(tmp, "c"), lr=0.0, warm_start_from=export_dir)
    from_saved.train(_input_fn(tf, {"x": X_LIN}, Y_LIN), steps=1)
    default = tf.estimator.WarmStartSettings("somewhere")
    return {
        "source": _variables(source),
        "only_alpha": _variables(only_alpha),
        "from_saved_model": _variables(from_saved),
        "defaults": jsonable(
            [
                default.vars_to_warm_start,
                default.var_name_to_vocab_info,
                default.var_name_to_prev_var_name,
            ]
        ),
        "errors": {
            "empty": error(lambda: tf.estimator.WarmStartSettings("")),
            "bad_type": error(lambda: _linear_estimator(tf, tmp, warm_start_from=3)),
        },
    }


def _layout(path):
    path = path.decode() if isinstance(path, bytes) else path
    files = []
    for root, _, names in os.walk(path):
        files += [os.path.relpath(os.path.join(root, n), path) for n in names]
    return sorted(files)


def _signatures(tf, export_dir):
    export_dir = export_dir.decode()  # (tinytf's loader.load takes no bytes yet)
    with tf.Graph().as_default():
        with tf.Session() as sess:
            meta = tf.saved_model.loader.load(sess, ["serve"], export_dir)
    out = {}
    for key, sig in meta.signature_def.items():
        out[key] = {
            "method_name": sig.method_name,
            "inputs": {k: [v.name, v.dtype] for k, v in sig.inputs.items()},
            "outputs": {k: v.dtype for k, v in sig.outputs.items()},
        }
    return out


def _examples(tf, rows):
    return [
        tf.train.Example(
            features=tf.train.Features(
                feature={"x": tf.train.Feature(float_list=tf.train.FloatList(value=list(row)))}
            )
        ).SerializeToString()
        for row in rows
    ]


def _run_signature(tf, export_dir, key, feeds):
    export_dir = export_dir.decode()
    with tf.Graph().as_default():
        with tf.Session() as sess:
            meta = tf.saved_model.loader.load(sess, ["serve"], export_dir)
            sig = meta.signature_def[key]
            feed = {sig.inputs[k].name: v for k, v in feeds.items()}
            fetch = {k: v.name for k, v in sig.outputs.items()}
            return jsonable(sess.run(fetch, feed))


def export_signatures(tf, tmp):
    est = _linear_estimator(tf, os.path.join(tmp, "m"))
    est.train(_input_fn(tf, {"x": X_LIN}, Y_LIN), steps=2)
    extra = os.path.join(tmp, "notes.txt")
    with open(extra, "w") as f:
        f.write("hello")
    parsed = est.export_savedmodel(
        os.path.join(tmp, "p"), _parsing_receiver_fn(tf), assets_extra={"docs/notes.txt": extra}
    )
    raw = est.export_savedmodel(os.path.join(tmp, "r"), _raw_receiver_fn(tf))
    examples = _examples(tf, X_LIN[:3])
    return {
        "returns_bytes": isinstance(parsed, bytes),
        "parsed_layout": _layout(parsed),
        "parsed_signatures": _signatures(tf, parsed),
        "raw_signatures": _signatures(tf, raw),
        "regress": _run_signature(tf, parsed, "serving_default", {"inputs": examples}),
        "predict": _run_signature(tf, parsed, "predict", {"examples": examples}),
        "raw_predict": _run_signature(tf, raw, "predict", {"x": X_LIN[:2]}),
    }


def export_outputs(tf, tmp):
    """The signatures the outputs make and the errors of bad outputs and receivers."""
    out = {}
    with tf.Graph().as_default():
        scores = tf.placeholder(tf.float32, [None, 3], name="scores")
        classes = tf.placeholder(tf.string, [None, 3], name="classes")
        ints = tf.placeholder(tf.int32, [None], name="ints")
        serialized = tf.placeholder(tf.string, [None], name="serialized")
        floats = tf.placeholder(tf.float32, [None], name="floats")
        doubles = tf.placeholder(tf.float64, [None], name="doubles")
        E = tf.estimator.export
        sigs = {
            "classify": E.ClassificationOutput(scores=scores, classes=classes),
            "classify_scores": E.ClassificationOutput(scores=scores),
            "regress": E.RegressionOutput(floats),
            "predict": E.PredictOutput({"a": scores, ("b", "c"): floats}),
            "predict_one": E.PredictOutput(floats),
        }
        for key, output in sigs.items():
            sig = output.as_signature_def({"examples": serialized})
            out[key] = {
                "method_name": sig.method_name,
                "inputs": {k: [v.name, v.dtype] for k, v in sig.inputs.items()},
                "outputs": {k: [v.name, v.dtype] for k, v in sig.outputs.items()},
            }
        out["is_export_output"] = [isinstance(s, E.ExportOutput) for s in sigs.values()]
        out["base_signature"] = E.ExportOutput().as_signature_def({})
        out["errors"] = {
            "no_outputs": error(lambda: E.ClassificationOutput()),
            "int_scores": error(lambda: E.ClassificationOutput(scores=ints)),
            "float_classes": error(lambda: E.ClassificationOutput(classes=scores)),
            "int_regression": error(lambda: E.RegressionOutput(ints)),
            "int_key": error(lambda: E.PredictOutput({1: scores})),
            "not_tensor": error(lambda: E.PredictOutput({"a": 3})),
            "classify_float_input": error(lambda: sigs["classify"].as_signature_def({"x": floats})),
            "classify_two_inputs": error(
                lambda: sigs["classify"].as_signature_def({"a": serialized, "b": serialized})
            ),
            "regress_double": error(
                lambda: E.RegressionOutput(doubles).as_signature_def({"e": serialized})
            ),
            "receiver_not_tensor": error(lambda: E.ServingInputReceiver({"a": 3}, {"x": floats})),
            "receiver_int_key": error(lambda: E.ServingInputReceiver(floats, {1: floats})),
            "receiver_none": error(lambda: E.ServingInputReceiver(floats, None)),
            "alternatives_not_dict": error(
                lambda: E.ServingInputReceiver(floats, floats, [floats])
            ),
            "tensor_receiver_none": error(lambda: E.TensorServingInputReceiver(None, floats)),
        }
        plain = E.ServingInputReceiver(floats, floats, {"alt": serialized})
        tensor = E.TensorServingInputReceiver(floats, {"f": floats})
        out["receivers"] = {
            "plain": [
                sorted(plain.features),
                sorted(plain.receiver_tensors),
                sorted(plain.receiver_tensors_alternatives["alt"]),
            ],
            "tensor_features_is_the_tensor": tensor.features is floats,
            "tensor_receivers": sorted(tensor.receiver_tensors),
        }
        fn = E.build_parsing_serving_input_receiver_fn(
            {"x": tf.FixedLenFeature([2], tf.float32), "v": tf.VarLenFeature(tf.int64)}, 4
        )
        parsed = fn()
        out["parsing_receiver"] = {
            "receivers": {k: [v.name, str(v.shape)] for k, v in parsed.receiver_tensors.items()},
            "features": sorted(parsed.features),
            "x_shape": str(parsed.features["x"].shape),
        }
    return out


def exporters(tf, tmp):
    config = tf.estimator.RunConfig(save_checkpoints_steps=2)
    est = _linear_estimator(tf, os.path.join(tmp, "m"), config=config)
    fn = _raw_receiver_fn(tf)
    all_exporters = [
        tf.estimator.LatestExporter("latest", fn, exports_to_keep=1),
        tf.estimator.FinalExporter("final", fn),
        tf.estimator.BestExporter("best", fn),
    ]
    train_spec = tf.estimator.TrainSpec(_input_fn(tf, {"x": X_LIN}, Y_LIN), max_steps=4)
    eval_spec = tf.estimator.EvalSpec(
        _input_fn(tf, {"x": X_LIN}, Y_LIN, epochs=1),
        steps=None,
        exporters=all_exporters,
        start_delay_secs=0,
        throttle_secs=0,
    )
    metrics, results = tf.estimator.train_and_evaluate(est, train_spec, eval_spec)
    base = os.path.join(est.model_dir, "export")
    counts = {name: len(os.listdir(os.path.join(base, name))) for name in os.listdir(base)}
    return {
        "metrics": jsonable(metrics),
        "results": [type(r).__name__ for r in results],
        "result_parents": [
            os.path.basename(os.path.dirname(r.decode())) for r in results if r is not None
        ],
        "export_counts": counts,
        "layout": _layout(results[0]),
        "exporters_kept": len(eval_spec.exporters),
    }


def exporter_errors(tf, tmp):
    fn = _raw_receiver_fn(tf)
    inp = _input_fn(tf, {"x": X_LIN}, Y_LIN)
    latest = tf.estimator.LatestExporter("same", fn)
    one = tf.estimator.EvalSpec(inp, exporters=latest)
    return {
        "single_exporter": [type(e).__name__ for e in one.exporters],
        "not_exporter": error(lambda: tf.estimator.EvalSpec(inp, exporters=[3])),
        "duplicate": error(
            lambda: tf.estimator.EvalSpec(
                inp, exporters=[latest, tf.estimator.FinalExporter("same", fn)]
            )
        ),
        "empty_name": error(
            lambda: tf.estimator.EvalSpec(inp, exporters=[tf.estimator.FinalExporter("", fn)])
        ),
        "keep_zero": error(lambda: tf.estimator.LatestExporter("x", fn, exports_to_keep=0)),
        "best_keep_zero": error(lambda: tf.estimator.BestExporter("x", fn, exports_to_keep=0)),
        "compare_none": error(lambda: tf.estimator.BestExporter("x", fn, compare_fn=None)),
        "compare_args": error(
            lambda: tf.estimator.BestExporter("x", fn, compare_fn=lambda best_eval_result: 1)
        ),
        "compare_extra": error(
            lambda: tf.estimator.BestExporter(
                "x", fn, compare_fn=lambda best_eval_result, current_eval_result, other=1: 1
            )
        ),
        "start_delay": error(lambda: tf.estimator.EvalSpec(inp, start_delay_secs=-1)),
        "abstract": error(lambda: tf.estimator.Exporter()),
    }


def add_metrics(tf, tmp):
    est = _linear_estimator(tf, os.path.join(tmp, "m"))
    est.train(_input_fn(tf, {"x": X_LIN}, Y_LIN), steps=3)

    def metric_fn(labels, predictions, features):
        return {
            "mae": tf.metrics.mean_absolute_error(labels, predictions["y"]),
            "x_mean": tf.metrics.mean(features["x"]),
        }

    def predict_fn(features, labels, mode, params):
        spec = _linear_model_fn(tf)(features, labels, mode, params)
        if mode == tf.estimator.ModeKeys.EVAL:
            pred = tf.get_default_graph().get_tensor_by_name("add:0")
            return spec._replace(predictions={"y": pred})
        return spec

    with_preds = tf.estimator.Estimator(predict_fn, model_dir=est.model_dir, params={"lr": 0.1})
    extended = tf.estimator.add_metrics(with_preds, metric_fn)
    return {
        "same_dir": extended.model_dir == est.model_dir,
        "eval": jsonable(extended.evaluate(_input_fn(tf, {"x": X_LIN}, Y_LIN, epochs=1))),
        "bad_args": error(lambda: tf.estimator.add_metrics(est, lambda labels, mode: {})),
    }


def _spec(spec):
    out = {}
    for key, feature in spec.items():
        kind = type(feature).__name__
        if kind == "VarLenFeature":
            out[key] = [kind, feature.dtype.name]
        else:
            out[key] = [
                kind,
                list(feature.shape),
                feature.dtype.name,
                jsonable(feature.default_value),
            ]
    return out


def parse_example_specs(tf, tmp):
    fc = tf.feature_column
    columns = [
        fc.numeric_column("x", shape=[2]),
        fc.categorical_column_with_identity("c", num_buckets=4),
    ]
    return {
        "classifier": _spec(tf.estimator.classifier_parse_example_spec(columns, "y")),
        "classifier_weighted": _spec(
            tf.estimator.classifier_parse_example_spec(
                columns, "y", label_dtype=tf.string, label_default="no", weight_column="w"
            )
        ),
        "regressor": _spec(
            tf.estimator.regressor_parse_example_spec(
                columns, "y", label_dimension=3, weight_column=fc.numeric_column("w", (1,))
            )
        ),
        "errors": {
            "label_is_feature": error(
                lambda: tf.estimator.classifier_parse_example_spec(columns, "x")
            ),
            "weight_is_feature": error(
                lambda: tf.estimator.regressor_parse_example_spec(columns, "y", weight_column="x")
            ),
            "weight_type": error(
                lambda: tf.estimator.classifier_parse_example_spec(columns, "y", weight_column=3)
            ),
        },
    }


def hooks_are_train_names(tf, tmp):
    names = [
        "CheckpointSaverHook",
        "CheckpointSaverListener",
        "FeedFnHook",
        "FinalOpsHook",
        "GlobalStepWaiterHook",
        "LoggingTensorHook",
        "NanLossDuringTrainingError",
        "NanTensorHook",
        "ProfilerHook",
        "SecondOrStepTimer",
        "SessionRunArgs",
        "SessionRunContext",
        "SessionRunHook",
        "SessionRunValues",
        "StepCounterHook",
        "StopAtStepHook",
        "SummarySaverHook",
        "VocabInfo",
    ]
    return {n: getattr(tf.estimator, n) is getattr(tf.train, n) for n in names}


# -- the v2 heads ---------------------------------------------------------------------------
def baseline_estimator_heads(tf, tmp):
    out = {}
    heads = {
        "regression": (tf.estimator.RegressionHead(label_dimension=2, weight_column="w"), Y_REG),
        "multi_class": (tf.estimator.MultiClassHead(3, name="mc"), Y3),
        "poisson": (tf.estimator.PoissonRegressionHead(), np.abs(Y_REG[:, :1])),
        "logistic": (
            tf.estimator.LogisticRegressionHead(loss_reduction="sum"),
            Y2[:, None].astype(np.float32),
        ),
        "binary": (tf.estimator.BinaryClassHead(weight_column="w", thresholds=[0.3, 0.7]), Y2),
    }
    for key, (head, labels) in heads.items():
        est = tf.estimator.BaselineEstimator(head, model_dir=os.path.join(tmp, key))
        out[key] = _fit(tf, est, {"x": X6, "w": W6}, labels, steps=3)
    return out


def _head_model_fn(tf, head):
    def model_fn(features, labels, mode):
        kernel = tf.get_variable(
            "kernel",
            [2, head.logits_dimension],
            initializer=tf.constant_initializer(
                np.linspace(-0.5, 0.7, 2 * head.logits_dimension).reshape(2, -1)
            ),
        )
        logits = tf.matmul(features["x"], kernel)
        reg = [0.1 * tf.reduce_sum(tf.square(kernel))]

        def train_op_fn(loss):
            opt = tf.train.GradientDescentOptimizer(0.1)
            return opt.minimize(loss, global_step=tf.train.get_global_step())

        return head.create_estimator_spec(
            features, mode, logits, labels, train_op_fn=train_op_fn, regularization_losses=reg
        )

    return model_fn


def heads_in_model_fn(tf, tmp):
    out = {}
    y3 = np.array([[0], [2], [1], [1], [0], [2]], np.int64)
    heads = {
        "multi_class": (tf.estimator.MultiClassHead(3, weight_column="w"), y3),
        "regression": (tf.estimator.RegressionHead(name="r"), Y_LIN),
        "binary": (tf.estimator.BinaryClassHead(name="b"), (Y_LIN > 1.5).astype(np.int64)),
        "multi_class_vocabulary": (
            tf.estimator.MultiClassHead(3, label_vocabulary=["a", "b", "c"]),
            np.array([[b"a"], [b"c"], [b"b"], [b"b"], [b"a"], [b"c"]]),
        ),
        "multi_label": (
            tf.estimator.MultiLabelHead(
                3, weight_column="w", thresholds=[0.4], classes_for_class_based_metrics=[0, 2]
            ),
            np.array([[1, 0, 1], [0, 1, 1], [1, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]]),
        ),
        "multi_head": (
            tf.estimator.MultiHead(
                [tf.estimator.MultiClassHead(3, name="c"), tf.estimator.RegressionHead(name="r")],
                head_weights=[1.0, 0.5],
            ),
            {"c": np.array([[0], [2], [1], [1], [0], [2]]), "r": Y_LIN},
        ),
        "binary_vocabulary": (
            tf.estimator.BinaryClassHead(label_vocabulary=("no", "yes")),
            np.where(Y_LIN > 1.5, b"yes", b"no"),
        ),
    }
    for key, (head, labels) in heads.items():
        est = tf.estimator.Estimator(_head_model_fn(tf, head), model_dir=os.path.join(tmp, key))
        out[key] = _fit(tf, est, {"x": X_LIN, "w": W6}, labels, steps=3)
        spec = {"x": tf.FixedLenFeature([2], tf.float32)}
        fn = tf.estimator.export.build_parsing_serving_input_receiver_fn(spec)
        path = est.export_savedmodel(os.path.join(tmp, key + "_export"), fn)
        out[key]["signatures"] = _signatures(tf, path)
        out[key]["serving_default"] = _run_signature(
            tf, path, "serving_default", {"inputs": _examples(tf, X_LIN[:2])}
        )
    return out


def head_api(tf, tmp):
    out = {}
    logits3 = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]], np.float32)
    with tf.Graph().as_default():
        mc = tf.estimator.MultiClassHead(3, loss_reduction="sum", name="h")
        reg = tf.estimator.RegressionHead(label_dimension=3)
        poisson = tf.estimator.PoissonRegressionHead(label_dimension=3, compute_full_loss=False)
        labels = tf.constant([[2], [1]], tf.int64)
        binary = tf.estimator.BinaryClassHead(loss_reduction="sum")
        ml = tf.estimator.MultiLabelHead(
            3, label_vocabulary=["a", "b", "c"], classes_for_class_based_metrics=["c"], name="m"
        )
        sparse = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], [b"c", b"a", b"b"], [2, 2])
        sparse_ids = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], [2, 0, 1], [2, 2])
        values = {
            "mc_loss": mc.loss(labels, logits3, {}),
            "mc_predictions": mc.predictions(logits3),
            "mc_some_predictions": mc.predictions(logits3, ["probabilities"]),
            "reg_loss": reg.loss(tf.constant(logits3 * 0.5), logits3, {}),
            "reg_loss_regularized": reg.loss(
                tf.constant(logits3 * 0.5), logits3, {}, regularization_losses=[tf.constant(2.0)]
            ),
            "poisson_loss": poisson.loss(tf.constant(np.abs(logits3)), logits3, {}),
            "poisson_predictions": poisson.predictions(logits3),
            "binary_loss": binary.loss(tf.constant([[1], [0]]), logits3[:, :1], {}),
            "binary_predictions": binary.predictions(logits3[:, :1]),
            "ml_sparse_strings_loss": ml.loss(sparse, logits3, {}),
            "ml_sparse_ids_loss": tf.estimator.MultiLabelHead(3).loss(sparse_ids, logits3, {}),
            "ml_dense_loss": ml.loss(tf.constant([[1, 0, 1], [0, 1, 1]]), logits3, {}),
            "ml_predictions": ml.predictions(logits3),
            "mh_loss": tf.estimator.MultiHead(
                [mc, tf.estimator.BinaryClassHead(name="b", loss_reduction="sum")], [2.0, 1.0]
            ).loss({"h": labels, "b": tf.constant([[1], [0]])}, np.ones([2, 4], np.float32), {}),
        }
        with tf.Session() as sess:
            sess.run(tf.tables_initializer())
            out["values"] = jsonable(sess.run(values))
        out["properties"] = [
            mc.name,
            mc.logits_dimension,
            mc.loss_reduction,
            reg.name,
            reg.logits_dimension,
            reg.loss_reduction,
        ]
        out["metric_keys"] = {
            "mc": sorted(mc.metrics()),
            "mc_reg": sorted(mc.metrics(regularization_losses=[tf.constant(1.0)])),
            "reg": sorted(reg.metrics()),
            "ml": sorted(ml.metrics()),
            "binary": sorted(tf.estimator.BinaryClassHead(thresholds=[0.25], name="z").metrics()),
        }
        out["is_head"] = isinstance(mc, tf.estimator.Head)
        opt = tf.train.GradientDescentOptimizer(0.1)
        spec = lambda **kw: mc.create_estimator_spec(  # noqa: E731
            {}, tf.estimator.ModeKeys.TRAIN, tf.constant(logits3), labels, **kw
        )
        out["errors"] = {
            "n_classes": error(lambda: tf.estimator.MultiClassHead(2)),
            "n_classes_none": error(lambda: tf.estimator.MultiClassHead(None)),
            "ml_n_classes": error(lambda: tf.estimator.MultiLabelHead(1)),
            "mh_empty": error(lambda: tf.estimator.MultiHead([])),
            "mh_unnamed": error(lambda: tf.estimator.MultiHead([reg])).__class__.__name__,
            "mh_weights": error(lambda: tf.estimator.MultiHead([mc], head_weights=[1.0, 2.0])),
            "mh_reductions": error(
                lambda: (
                    tf.estimator.MultiHead(
                        [mc, tf.estimator.RegressionHead(name="q")]
                    ).loss_reduction
                )
            ),
            "mh_labels": error(lambda: tf.estimator.MultiHead([mc]).loss([1, 2], logits3, {})),
            "mh_split": error(
                lambda: tf.estimator.MultiHead([mc]).predictions(tf.constant(logits3[:, :2]))
            ),
            "ml_thresholds": error(lambda: tf.estimator.MultiLabelHead(3, thresholds=[0.0])),
            "ml_vocabulary": error(
                lambda: tf.estimator.MultiLabelHead(3, label_vocabulary=("a", "b"))
            ),
            "ml_classes_range": error(
                lambda: tf.estimator.MultiLabelHead(3, classes_for_class_based_metrics=[3])
            ),
            "ml_classes_strings": error(
                lambda: tf.estimator.MultiLabelHead(3, classes_for_class_based_metrics=["a"])
            ),
            "vocabulary_size": error(
                lambda: tf.estimator.MultiClassHead(3, label_vocabulary=["a", "b"])
            ),
            "vocabulary_int_labels": error(
                lambda: tf.estimator.MultiClassHead(3, label_vocabulary=["a", "b", "c"]).loss(
                    labels, logits3, {}
                )
            ),
            "thresholds": error(lambda: tf.estimator.BinaryClassHead(thresholds=[0.5, 1.0])),
            "vocabulary_type": error(lambda: tf.estimator.BinaryClassHead(label_vocabulary="ab")),
            "binary_labels": error(
                lambda: tf.estimator.BinaryClassHead().loss(
                    tf.constant([[1, 0]]), tf.constant([[0.5]]), {}
                )
            ),
            "label_dimension": error(lambda: tf.estimator.RegressionHead(label_dimension=0)),
            "v1_reduction": error(
                lambda: tf.estimator.RegressionHead(loss_reduction=tf.losses.Reduction.SUM)
            ),
            "none_reduction": error(lambda: tf.estimator.RegressionHead(loss_reduction="none")),
            "loss_fn_args": error(lambda: tf.estimator.RegressionHead(loss_fn=lambda x: x)),
            "loss_fn_extra": error(
                lambda: tf.estimator.RegressionHead(loss_fn=lambda labels, logits, other: labels)
            ),
            "no_labels": error(lambda: reg.loss(None, logits3, {})),
            "label_dim": error(lambda: reg.loss(tf.constant(logits3[:, :2]), logits3, {})),
            "logits_dim": error(lambda: mc.loss(labels, logits3[:, :2], {})),
            "float_labels": error(lambda: mc.loss(tf.constant([[1.0], [2.0]]), logits3, {})),
            "bad_key": error(lambda: mc.predictions(logits3, ["nope"])),
            "no_train": error(lambda: spec()),
            "both": error(lambda: spec(optimizer=opt, train_op_fn=lambda loss: loss)),
            "v1_optimizer": (error(lambda: spec(optimizer=opt)) or [""])[1].split(" Given")[0],
            "abstract": error(lambda: tf.estimator.Head()),
        }
    return out


SCENARIOS = [
    baseline_binary,
    baseline_multiclass_weighted,
    baseline_regressor,
    baseline_errors,
    warm_start,
    export_signatures,
    export_outputs,
    exporters,
    exporter_errors,
    add_metrics,
    parse_example_specs,
    hooks_are_train_names,
    baseline_estimator_heads,
    heads_in_model_fn,
    head_api,
]


def run(tf, scenario, tmp):
    """The scenario's JSON-able result (TF's and tinytf's runs are compared)."""
    return jsonable(scenario(tf, tmp))

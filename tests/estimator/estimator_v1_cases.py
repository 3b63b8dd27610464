"""Scenarios of TF 1.x's head-taking estimators (DNNEstimator, LinearEstimator,
DNNLinearCombinedEstimator), tf.contrib.estimator's heads and tf.estimator.tpu (TPUEstimator
with use_tpu=False, TPUEstimatorSpec, RunConfig, TPUConfig), each written once against a `tf`
module: tools/make_estimator_v1_fixtures.py runs them under real TF 1.15
(tests/estimator/golden/estimator_v1.json), tests/estimator/test_estimator_v1.py under tinytf,
and the test compares. Python 3.7 compatible (TF 1.15's interpreter)."""

import os

import numpy as np

from tests.estimator.estimator_breadth_cases import W6, X_LIN, _variables, error, jsonable

Y3 = np.array([[0], [2], [1], [1], [0], [2]], np.int64)
Y2 = np.array([[1], [0], [1], [0], [0], [1]], np.int64)
Y_REG2 = np.array(
    [[1.0, -1.0], [2.0, 0.0], [3.0, 1.0], [2.5, 0.5], [1.5, 2.0], [0.5, 1.0]], np.float32
)
Y_MULTI_LABEL = np.array([[1, 0, 1], [0, 1, 1], [1, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]])
FEATURES = {"x": X_LIN, "w": W6}


def _columns(tf):
    return [tf.feature_column.numeric_column("x", shape=[2])]


def _input_fn(tf, y=None, epochs=None):
    return tf.estimator.inputs.numpy_input_fn(
        FEATURES, y, batch_size=6, num_epochs=epochs, shuffle=False
    )


def _reseed(tf, est, y):
    """One training step makes the checkpoint (TF's and tinytf's random initial values
    differ); its variables are then rewritten with values NumPy draws, so that both runs go
    on from the same weights."""
    est.train(_input_fn(tf, y), steps=1)
    names = sorted(n for n in est.get_variable_names() if n != "global_step")
    with tf.Graph().as_default():
        variables = {"global_step": tf.Variable(np.int64(1), name="global_step")}
        for i, name in enumerate(names):
            shape = np.shape(est.get_variable_value(name))
            value = np.random.RandomState(i).uniform(-0.6, 0.6, shape).astype(np.float32)
            variables[name] = tf.Variable(value, name=f"v{i}")
        saver = tf.train.Saver(variables)
        with tf.Session() as session:
            session.run(tf.global_variables_initializer())
            saver.save(session, os.path.join(est.model_dir, "model.ckpt"), global_step=1)


def _fit(tf, est, y, steps=3):
    est.train(_input_fn(tf, y), steps=steps)
    return {
        "eval": jsonable(est.evaluate(_input_fn(tf, y, epochs=1))),
        "predictions": jsonable(list(est.predict(_input_fn(tf, epochs=1)))[:2]),
        "variables": _variables(est),
    }


def dnn_estimators(tf, tmp):
    ce, out = tf.contrib.estimator, {}
    cases = {
        "multi_class_weighted": (ce.multi_class_head(3, weight_column="w"), Y3, "SGD"),
        "binary_sum_thresholds": (
            ce.binary_classification_head(
                thresholds=[0.3, 0.6], loss_reduction=tf.losses.Reduction.SUM, name="b"
            ),
            Y2,
            tf.train.GradientDescentOptimizer(0.1),
        ),
        "regression_mean": (
            ce.regression_head(
                label_dimension=2, weight_column="w", loss_reduction=tf.losses.Reduction.MEAN
            ),
            Y_REG2,
            "SGD",
        ),
    }
    for key, (head, labels, optimizer) in cases.items():
        est = tf.estimator.DNNEstimator(
            head, [4, 3], _columns(tf), model_dir=os.path.join(tmp, key), optimizer=optimizer
        )
        _reseed(tf, est, labels)
        out[key] = _fit(tf, est, labels)
    return out


def linear_estimators(tf, tmp):
    ce, out = tf.contrib.estimator, {}
    cases = {
        "regression_dim2": (ce.regression_head(label_dimension=2, weight_column="w"), Y_REG2),
        "multi_label": (
            ce.multi_label_head(3, thresholds=[0.5], classes_for_class_based_metrics=[1]),
            Y_MULTI_LABEL,
        ),
        "logistic": (ce.logistic_regression_head(), (Y2 * 0.8).astype(np.float32)),
        "poisson_nonzero": (
            ce.poisson_regression_head(
                weight_column="w", loss_reduction=tf.losses.Reduction.SUM_BY_NONZERO_WEIGHTS
            ),
            np.abs(Y_REG2[:, :1]),
        ),
    }
    for key, (head, labels) in cases.items():  # zero initial weights, TF's default Ftrl
        est = tf.estimator.LinearEstimator(head, _columns(tf), model_dir=os.path.join(tmp, key))
        out[key] = _fit(tf, est, labels)
    return out


def combined_estimators(tf, tmp):
    ce, out = tf.contrib.estimator, {}
    cases = {
        "poisson": (ce.poisson_regression_head(), np.abs(Y_REG2[:, :1])),
        "multi_class": (ce.multi_class_head(3, name="mc"), Y3),
        # TF hands the combined model's head a train_op_fn, so a v2 head trains too
        "v2_multi_class_head": (tf.estimator.MultiClassHead(3), Y3),
    }
    for key, (head, labels) in cases.items():
        est = tf.estimator.DNNLinearCombinedEstimator(
            head,
            model_dir=os.path.join(tmp, key),
            linear_feature_columns=_columns(tf),
            linear_optimizer="SGD",
            dnn_feature_columns=_columns(tf),
            dnn_optimizer="SGD",
            dnn_hidden_units=[3],
        )
        _reseed(tf, est, labels)
        out[key] = _fit(tf, est, labels)
    linear_only = tf.estimator.DNNLinearCombinedEstimator(
        ce.regression_head(),
        model_dir=os.path.join(tmp, "linear_only"),
        linear_feature_columns=_columns(tf),
    )
    out["linear_only"] = _fit(tf, linear_only, Y_REG2[:, :1])
    return out


def _message_head(result):
    """The error with the message cut before the optimizer's repr (its module differs)."""
    return result and [result[0], result[1].split(" Given:")[0]]


def v2_heads_and_errors(tf, tmp):
    ce, out = tf.contrib.estimator, {}
    for key, cls in (("dnn", tf.estimator.DNNEstimator), ("linear", tf.estimator.LinearEstimator)):
        args = ([3],) if key == "dnn" else ()
        est = cls(
            tf.estimator.MultiClassHead(3),
            *args,
            feature_columns=_columns(tf),
            model_dir=os.path.join(tmp, key),
        )
        out[key + "_v2_head_train"] = _message_head(
            error(lambda: est.train(_input_fn(tf, Y3), steps=1))
        )
    bad = {
        "multi_class_2": lambda: ce.multi_class_head(2),
        "reduction_none": lambda: ce.multi_class_head(3, loss_reduction=tf.losses.Reduction.NONE),
        "reduction_keras_sum": lambda: ce.regression_head(loss_reduction="sum"),
        "bad_threshold": lambda: ce.binary_classification_head(thresholds=[1.5]),
        "label_dimension_0": lambda: ce.regression_head(label_dimension=0),
        "multi_label_1": lambda: ce.multi_label_head(1),
    }
    out["errors"] = {key: error(fn) for key, fn in bad.items()}
    return out


def _spec_values(tf, head, logits, labels, mode, train_op_fn=None):
    """loss, metric values (after one update), prediction keys and LOSSES of one spec (in
    TRAIN: one step of SGD at 0.1, a regularization loss of 0.25)."""
    with tf.Graph().as_default():
        tf.train.get_or_create_global_step()
        features = {"w": tf.constant(W6[:, None])}
        kwargs = {}
        if mode == tf.estimator.ModeKeys.TRAIN:
            kwargs = {
                "optimizer": tf.train.GradientDescentOptimizer(0.1),
                "regularization_losses": [tf.constant(0.25)],
                "train_op_fn": train_op_fn,
            }
        scale = tf.Variable(1.0, name="scale")
        spec = head.create_estimator_spec(
            features, mode, tf.constant(logits) * scale, tf.constant(labels), **kwargs
        )
        with tf.Session() as session:
            session.run(
                [
                    tf.global_variables_initializer(),
                    tf.local_variables_initializer(),
                    tf.tables_initializer(),
                ]
            )
            out = {"predictions": sorted(spec.predictions)}
            if mode == tf.estimator.ModeKeys.EVAL:
                session.run({k: v[1] for k, v in spec.eval_metric_ops.items()})
                out["metrics"] = session.run({k: v[0] for k, v in spec.eval_metric_ops.items()})
            else:
                session.run(spec.train_op)
                out["global_step"] = session.run(tf.train.get_global_step())
                out["scale"] = session.run(scale)
            out["loss"] = session.run(spec.loss)
            out["losses_collection"] = len(tf.get_collection(tf.GraphKeys.LOSSES))
        return out


def head_specs(tf, tmp):
    ce, out = tf.contrib.estimator, {}
    rng = np.random.RandomState(3)
    logits1 = rng.uniform(-2, 2, (6, 1)).astype(np.float32)
    logits3 = rng.uniform(-2, 2, (6, 3)).astype(np.float32)
    reduction = tf.losses.Reduction
    cases = {
        "binary": (
            ce.binary_classification_head(weight_column="w", thresholds=[0.3, 0.55]),
            logits1,
            Y2,
        ),
        "binary_vocabulary_nonzero": (
            ce.binary_classification_head(
                label_vocabulary=["n", "y"], loss_reduction=reduction.SUM_BY_NONZERO_WEIGHTS
            ),
            logits1,
            np.where(Y2 > 0, b"y", b"n"),
        ),
        "multi_class_mean": (
            ce.multi_class_head(3, weight_column="w", loss_reduction=reduction.MEAN),
            logits3,
            Y3,
        ),
        "multi_label": (
            ce.multi_label_head(
                3,
                weight_column="w",
                thresholds=[0.4],
                classes_for_class_based_metrics=[0, 2],
                name="ml",
            ),
            logits3,
            Y_MULTI_LABEL,
        ),
        "regression": (
            ce.regression_head(label_dimension=3, name="r"),
            logits3,
            Y_MULTI_LABEL * 1.5,
        ),
    }
    for key, (head, logits, labels) in cases.items():
        out[key] = _spec_values(tf, head, logits, labels, tf.estimator.ModeKeys.EVAL)
        out[key + "_train"] = _spec_values(tf, head, logits, labels, tf.estimator.ModeKeys.TRAIN)
    out["both_set"] = error(
        lambda: _spec_values(
            tf,
            ce.regression_head(),
            logits1,
            Y2 * 1.0,
            tf.estimator.ModeKeys.TRAIN,
            train_op_fn=lambda loss: loss,
        )
    )
    return jsonable(out)


# -- tf.estimator.tpu on CPU ------------------------------------------------------------------
def _tpu_model_fn(tf, seen, spec_kind="tpu"):
    def model_fn(features, labels, mode, params, config):
        seen.append(["model_fn", mode, sorted(params.items()), type(config).__name__])
        kernel = tf.get_variable("kernel", [2, 1], initializer=tf.constant_initializer(0.3))
        logits = tf.matmul(features["x"], kernel)
        if mode == tf.estimator.ModeKeys.PREDICT:
            return tf.estimator.tpu.TPUEstimatorSpec(mode, predictions={"logits": logits})
        loss = tf.losses.sigmoid_cross_entropy(labels, logits)
        step = tf.train.GradientDescentOptimizer(0.1).minimize(loss, tf.train.get_global_step())
        if spec_kind == "plain":
            return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=step)

        def metric_fn(labels, logits):
            predicted = tf.cast(logits > 0, tf.float32)
            return {
                "accuracy": tf.metrics.accuracy(labels, predicted),
                "mean_logit": tf.metrics.mean(logits),
            }

        def host_fn(loss):
            counter = tf.get_variable(
                "host_calls", [], tf.int32, tf.zeros_initializer(), trainable=False
            )
            return [tf.assign_add(counter, 1)]

        return tf.estimator.tpu.TPUEstimatorSpec(
            mode,
            loss=loss,
            train_op=step,
            host_call=(host_fn, [loss]),
            eval_metrics=(metric_fn, {"labels": labels, "logits": logits}),
        )

    return model_fn


def _tpu_input_fn(tf, seen, labelled=True):
    def input_fn(params, mode):
        seen.append(["input_fn", mode, sorted(params.items())])
        data = ({"x": X_LIN}, Y2.astype(np.float32)) if labelled else {"x": X_LIN}
        dataset = tf.data.Dataset.from_tensor_slices(data)
        if mode == tf.estimator.ModeKeys.TRAIN:
            dataset = dataset.repeat()
        return dataset.batch(params["batch_size"], drop_remainder=True)

    return input_fn


def _tpu_estimator(tf, tmp, seen, spec_kind="tpu", **kwargs):
    args = {
        "use_tpu": False,
        "train_batch_size": 4,
        "eval_batch_size": 2,
        "predict_batch_size": 3,
        "params": {"lr": 0.1},
    }
    args.update(kwargs)
    config = tf.estimator.tpu.RunConfig(model_dir=tmp, tf_random_seed=1)
    return tf.estimator.tpu.TPUEstimator(_tpu_model_fn(tf, seen, spec_kind), config=config, **args)


def tpu_estimator_on_cpu(tf, tmp):
    out, seen = {}, []
    est = _tpu_estimator(tf, os.path.join(tmp, "tpu"), seen)
    est.train(_tpu_input_fn(tf, seen), steps=3)
    out["eval"] = est.evaluate(_tpu_input_fn(tf, seen, labelled=True), steps=2)
    out["predictions"] = list(est.predict(_tpu_input_fn(tf, seen, labelled=False)))
    out["variables"] = _variables(est)
    out["params"], out["config"] = est.params, type(est.config).__name__
    plain = _tpu_estimator(
        tf, os.path.join(tmp, "plain"), seen, "plain", params=None, eval_batch_size=None
    )
    plain.train(_tpu_input_fn(tf, seen), steps=2)
    out["plain_variables"] = _variables(plain)
    # eval_on_tpu=False evaluates on the CPU even with use_tpu=True
    on_tpu = _tpu_estimator(tf, os.path.join(tmp, "tpu"), seen, use_tpu=True, eval_on_tpu=False)
    out["eval_off_tpu"] = on_tpu.evaluate(_tpu_input_fn(tf, seen), steps=1)
    out["seen"] = seen
    return out


def tpu_export(tf, tmp):
    """The CPU serving graph (TF adds a TPU one besides unless export_to_tpu=False, which
    tinytf cannot build: there it is an error)."""
    from tests.estimator.estimator_breadth_cases import _run_signature, _signatures

    seen = []
    est = _tpu_estimator(tf, os.path.join(tmp, "m"), seen, export_to_tpu=False)
    est.train(_tpu_input_fn(tf, seen), steps=2)
    placeholder = {"x": tf.placeholder(tf.float32, [None, 2])}
    receiver_fn = tf.estimator.export.build_raw_serving_input_receiver_fn(placeholder)
    path = est.export_saved_model(os.path.join(tmp, "export"), receiver_fn)
    return {
        "model_fn_call": seen[-1],
        "signatures": _signatures(tf, path),
        "serving_default": _run_signature(tf, path, "serving_default", {"x": X_LIN[:2]}),
    }


def _runtime_message(result):
    return result and [result[0], result[1].split(" Available devices")[0]]


def tpu_errors(tf, tmp):
    seen, T = [], tf.estimator.tpu
    model_fn = _tpu_model_fn(tf, seen)

    def make(**kwargs):
        args = {"model_fn": model_fn, "config": T.RunConfig(model_dir=tmp), "use_tpu": False}
        args.update(kwargs)
        return T.TPUEstimator(**args)

    bad = {
        "plain_config": lambda: make(config=tf.estimator.RunConfig()),
        "no_config": lambda: make(config=None),
        "reserved_params": lambda: make(params={"batch_size": 3}),
        "tpu_no_batch": lambda: make(use_tpu=True),
        "tpu_float_batch": lambda: make(use_tpu=True, train_batch_size=3.0),
        "tpu_negative_batch": lambda: make(use_tpu=True, train_batch_size=-1),
        "tpu_zero_eval_batch": lambda: make(use_tpu=True, train_batch_size=4, eval_batch_size=0),
        "model_fn_bad_arg": lambda: make(model_fn=lambda features, labels, extra: None),
        "model_fn_no_params": lambda: make(model_fn=lambda features, labels: None, params={}),
        "input_fn_no_params": lambda: make(train_batch_size=2).train(
            lambda: ({"x": X_LIN}, Y2), steps=1
        ),
        "model_fn_without_params_at_train": lambda: make(
            model_fn=lambda features, labels, mode: None, train_batch_size=2
        ).train(_tpu_input_fn(tf, seen), steps=1),
        "sliced_eval_on_cpu": lambda: make(
            config=T.RunConfig(
                model_dir=tmp,
                tpu_config=T.TPUConfig(
                    eval_training_input_configuration=T.InputPipelineConfig.SLICED
                ),
            ),
            eval_batch_size=2,
        ).evaluate(_tpu_input_fn(tf, seen), steps=1),
    }
    out = {key: error(fn) for key, fn in bad.items()}
    out["train_on_tpu"] = _runtime_message(
        error(
            lambda: make(use_tpu=True, train_batch_size=2).train(_tpu_input_fn(tf, seen), steps=1)
        )
    )
    return out


def tpu_configs(tf, tmp):
    T = tf.estimator.tpu
    P = T.InputPipelineConfig
    out = {"pipeline": [P.PER_SHARD_V1, P.PER_HOST_V1, P.PER_HOST_V2, P.BROADCAST, P.SLICED]}
    out["default"] = list(T.TPUConfig())
    out["fields"] = list(T.TPUConfig._fields)
    out["per_shard"] = list(
        T.TPUConfig(iterations_per_loop="1h", num_shards=8, per_host_input_for_training=False)
    )
    bad = {
        "iterations_0": lambda: T.TPUConfig(iterations_per_loop=0),
        "iterations_unit": lambda: T.TPUConfig(iterations_per_loop="10x"),
        "num_shards_0": lambda: T.TPUConfig(num_shards=0),
        "num_shards_float": lambda: T.TPUConfig(num_shards=2.0),
        "cores_3": lambda: T.TPUConfig(num_cores_per_replica=3),
        "eval_input_v2": lambda: T.TPUConfig(eval_training_input_configuration=P.PER_HOST_V2),
        "partition_dims_mode": lambda: T.TPUConfig(input_partition_dims=[[1, 2]]),
        "partition_dims_cores": lambda: T.TPUConfig(
            input_partition_dims=[[1, 2]], per_host_input_for_training=P.PER_HOST_V2
        ),
        "partition_dims_len": lambda: T.TPUConfig(input_partition_dims=[1, 2, 3]),
        "sleep_secs": lambda: T.TPUConfig(initial_infeed_sleep_secs=-2),
    }
    out["errors"] = {key: error(fn) for key, fn in bad.items()}
    config = T.RunConfig(
        master="grpc://tpu:8470",
        tpu_config=T.TPUConfig(5),
        save_checkpoints_steps=7,
        model_dir=os.path.join(tmp, "m"),
    )
    plain = T.RunConfig()
    replaced = config.replace(tpu_config=T.TPUConfig(9), keep_checkpoint_max=2)
    out["run_config"] = {
        "master": [
            config.master,
            config.evaluation_master,
            plain.master,
            plain.evaluation_master,
            replaced.master,
        ],
        "tpu_config": [list(config.tpu_config), list(replaced.tpu_config)],
        "replaced": [
            type(replaced).__name__,
            replaced.keep_checkpoint_max,
            replaced.save_checkpoints_steps,
            replaced.model_dir == config.model_dir,
            replaced.cluster,
        ],
        "evaluation_master": T.RunConfig(evaluation_master="grpc://e").evaluation_master,
    }
    return out


def tpu_specs(tf, tmp):
    Spec = tf.estimator.tpu.TPUEstimatorSpec
    train = tf.estimator.ModeKeys.TRAIN
    bad = {
        "eval_metrics_not_tuple": lambda: Spec(train, eval_metrics=lambda: None),
        "eval_metrics_three": lambda: Spec(train, eval_metrics=(len, [], 1)),
        "eval_metrics_not_callable": lambda: Spec(train, eval_metrics=(1, [])),
        "eval_metrics_tensors": lambda: Spec(train, eval_metrics=(len, 1)),
        "eval_metrics_arity": lambda: Spec(train, eval_metrics=(lambda a, b: None, [1])),
        "host_call_arity": lambda: Spec(train, host_call=(lambda a: None, [1, 2])),
        "hook": lambda: Spec(train, training_hooks=[1]),
    }
    out = {"errors": {key: error(fn) for key, fn in bad.items()}}
    out["fields"] = list(Spec._fields)
    with tf.Graph().as_default():
        loss = tf.constant(2.0)
        spec = Spec(tf.estimator.ModeKeys.EVAL, loss=loss, host_call=(lambda *a: None, [1, 2]))
        out["varargs_ok"] = len(spec)
        out["missing"] = [
            error(lambda: Spec(train, loss=loss)),
            error(lambda: Spec(tf.estimator.ModeKeys.EVAL)),
            error(lambda: Spec(tf.estimator.ModeKeys.PREDICT)),
        ]
        spec = Spec(
            tf.estimator.ModeKeys.EVAL,
            loss=loss,
            eval_metrics=(lambda x: {"m": tf.metrics.mean(x)}, [loss]),
            scaffold_fn=lambda: tf.train.Scaffold(),
        )
        converted = spec.as_estimator_spec()
        out["as_estimator_spec"] = [
            type(converted).__name__,
            sorted(converted.eval_metric_ops),
            type(converted.scaffold).__name__,
            len(converted.evaluation_hooks),
        ]
    return out


# -- tf.estimator.inputs.pandas_input_fn (pandas is optional: these need it) ------------------
def _frames():
    import pandas as pd

    index = list(range(10, 16))
    x = pd.DataFrame(
        {"a": X_LIN[:, 0], "b": [3, 1, 4, 1, 5, 9], "s": ["p", "q", "r", "s", "t", "u"]},
        index=index,
    )
    y = pd.Series(Y_REG2[:, 0], index=index)
    y_frame = pd.DataFrame({"t1": Y_REG2[:, 0], "a": Y_REG2[:, 1]}, index=index)
    return pd, x, y, y_frame


def _echo_model_fn(tf):
    def model_fn(features, labels, mode):
        if mode == tf.estimator.ModeKeys.PREDICT:
            return tf.estimator.EstimatorSpec(mode, predictions=features)
        metrics = {k: tf.metrics.mean(v) for k, v in labels.items()}
        metrics["count"] = tf.metrics.mean(tf.ones_like(labels["t1"]) * 6.0)
        loss = tf.reduce_sum(tf.cast(features["b"], tf.float32)) * 0.0
        return tf.estimator.EstimatorSpec(mode, loss=loss, eval_metric_ops=metrics)

    return model_fn


def pandas_inputs(tf, tmp):
    pd, x, y, y_frame = _frames()
    fn = tf.estimator.inputs.pandas_input_fn
    est = tf.estimator.Estimator(_echo_model_fn(tf), model_dir=os.path.join(tmp, "echo"))
    batches = list(est.predict(fn(x, batch_size=4, shuffle=False), yield_single_examples=False))
    out = {"batches": batches, "dtypes": [str(b.dtype) for b in batches[0].values()]}
    repeated = est.predict(
        fn(x, batch_size=4, num_epochs=None, shuffle=False), yield_single_examples=False
    )
    out["repeated"] = [next(repeated)["b"] for _ in range(3)]
    # the Estimator needs a checkpoint to evaluate: one made by a step of a linear model
    columns = [tf.feature_column.numeric_column("a"), tf.feature_column.numeric_column("b")]
    linear = tf.estimator.LinearRegressor(columns, model_dir=os.path.join(tmp, "linear"))
    linear.train(fn(x[["a", "b"]], y, batch_size=4, num_epochs=None, shuffle=False), steps=4)
    out["linear"] = {
        "eval": linear.evaluate(fn(x[["a", "b"]], y, batch_size=4, shuffle=False)),
        "variables": _variables(linear),
    }
    frame_est = tf.estimator.Estimator(_echo_model_fn(tf), model_dir=os.path.join(tmp, "linear"))
    out["frame_targets"] = frame_est.evaluate(fn(x, y_frame, batch_size=4, shuffle=False))
    return out


def pandas_errors(tf, tmp):
    pd, x, y, _ = _frames()
    fn = tf.estimator.inputs.pandas_input_fn
    out = {
        "no_shuffle": error(lambda: fn(x, y)),
        "target_not_str": error(lambda: fn(x, y, shuffle=False, target_column=1)),
    }
    clash = error(lambda: fn(x.assign(target=1), y, shuffle=False))
    out["target_clash"] = clash and [clash[0], clash[1].split(" with that name:")[0]]
    mismatch = error(lambda: fn(x, y.reset_index(drop=True), shuffle=False))
    out["index_mismatch"] = mismatch and [mismatch[0], mismatch[1].split("\n")[0]]
    return out


PANDAS_SCENARIOS = [pandas_inputs, pandas_errors]


SCENARIOS = [
    dnn_estimators,
    linear_estimators,
    combined_estimators,
    v2_heads_and_errors,
    head_specs,
    tpu_estimator_on_cpu,
    tpu_export,
    tpu_errors,
    tpu_configs,
    tpu_specs,
]


def run(tf, scenario, tmp):
    """The scenario's JSON-able result (TF's and tinytf's runs are compared)."""
    return jsonable(scenario(tf, tmp))

"""The premade Estimators: LinearClassifier, DNNClassifier, LinearRegressor and DNNRegressor,
with TF 1.x's variable names (`linear/linear_model/x/weights`, `dnn/hiddenlayer_0/kernel`, ...),
default optimizers (Ftrl for linear models, Adagrad for DNNs), summed training loss, and the
predictions and evaluation metrics of TF's heads."""

import math

from tinytf.estimator.estimator import Estimator
from tinytf.estimator.model_fn import EstimatorSpec, ModeKeys
from tinytf.feature_column import dense as fc_dense
from tinytf.feature_column import feature_column as fc
from tinytf.feature_column.base import LazyBuilder
from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, get_collection
from tinytf.framework.op_def import control_dependencies
from tinytf.layers import core as core_layers
from tinytf.ops import (
    array_ops,
    control_flow_ops,
    init_ops,
    math_ops,
    metrics_ops,
    nn_ops,
    reduction_ops,
    state_ops,
)
from tinytf.ops import (
    variable_scope as vs,
)
from tinytf.ops.constant_op import constant
from tinytf.ops.indexing_ops import gather
from tinytf.ops.losses import Reduction
from tinytf.training import optimizers, training_util

_OPTIMIZERS = {
    "Adagrad": optimizers.AdagradOptimizer,
    "Adam": optimizers.AdamOptimizer,
    "Ftrl": optimizers.FtrlOptimizer,
    "RMSProp": optimizers.RMSPropOptimizer,
    "SGD": optimizers.GradientDescentOptimizer,
}


def _optimizer(opt, learning_rate):
    if isinstance(opt, str):
        if opt not in _OPTIMIZERS:
            raise ValueError(
                f"Unsupported optimizer name: {opt}. Supported names are: "
                f"{tuple(sorted(_OPTIMIZERS))}"
            )
        return _OPTIMIZERS[opt](learning_rate=learning_rate)
    return opt() if callable(opt) and not hasattr(opt, "minimize") else opt


# -- heads: logits -> loss, predictions, metrics ----------------------------------------------
def _labels(labels):
    """Labels as [batch, 1]."""
    return array_ops.reshape(labels, [-1, 1]) if labels.shape.ndims == 1 else labels


def _summed_loss(unreduced, weight):
    """(the batch's loss: per-example losses, weighted, summed (TF's canned default), the
    weights for the metrics: a [batch, 1] tensor, or None)."""
    w = (
        None
        if weight is None
        else array_ops.reshape(math_ops.cast(weight, dtypes.float32), [-1, 1])
    )
    loss = reduction_ops.reduce_sum(unreduced if w is None else unreduced * w, name="loss")
    return loss, w


def _classification(logits, labels, mode, n_classes, weight, train_op_fn):
    binary = n_classes == 2
    class_names = constant([str(i).encode() for i in range(n_classes)])
    if binary:
        logistic = math_ops.sigmoid(logits, name="logistic")
        two_class = array_ops.concat([array_ops.zeros_like(logits), logits], 1)
        probabilities = nn_ops.softmax(two_class, name="probabilities")
    else:
        probabilities = nn_ops.softmax(logits, name="probabilities")
        two_class = logits
    class_ids = array_ops.expand_dims(reduction_ops.argmax(two_class, 1), -1, name="class_ids")
    predictions = {
        "logits": logits,
        "probabilities": probabilities,
        "class_ids": class_ids,
        "classes": gather(class_names, class_ids, name="str_classes"),
    }
    if binary:
        predictions["logistic"] = logistic
    if mode == ModeKeys.PREDICT:
        return EstimatorSpec(mode, predictions=predictions)
    labels = _labels(labels)
    if binary:
        unreduced = nn_ops.sigmoid_cross_entropy_with_logits(
            labels=math_ops.cast(labels, dtypes.float32), logits=logits
        )
    else:
        unreduced = array_ops.expand_dims(
            nn_ops.sparse_softmax_cross_entropy_with_logits(
                labels=array_ops.squeeze(math_ops.cast(labels, dtypes.int64), [1]), logits=logits
            ),
            -1,
        )
    loss, w = _summed_loss(unreduced, weight)
    if mode == ModeKeys.TRAIN:
        return EstimatorSpec(mode, predictions=predictions, loss=loss, train_op=train_op_fn(loss))
    metrics = {
        "accuracy": metrics_ops.accuracy(
            math_ops.cast(labels, dtypes.int64), class_ids, w, name="accuracy"
        ),
        "average_loss": metrics_ops.mean(unreduced, w, name="average_loss"),
    }
    if binary:
        float_labels = math_ops.cast(labels, dtypes.float32)
        label_mean = metrics_ops.mean(float_labels, w, name="label/mean")
        metrics.update(
            {
                "label/mean": label_mean,
                "prediction/mean": metrics_ops.mean(logistic, w, name="prediction/mean"),
                "accuracy_baseline": (
                    math_ops.maximum(label_mean[0], 1 - label_mean[0], name="value"),
                    math_ops.maximum(label_mean[1], 1 - label_mean[1], name="update_op"),
                ),
                "precision": metrics_ops.precision(float_labels, class_ids, w, name="precision"),
                "recall": metrics_ops.recall(float_labels, class_ids, w, name="recall"),
                "auc": metrics_ops.auc(float_labels, logistic, w, name="auc"),
                "auc_precision_recall": metrics_ops.auc(
                    float_labels, logistic, w, curve="PR", name="auc_precision_recall"
                ),
            }
        )
    return EstimatorSpec(mode, predictions=predictions, loss=loss, eval_metric_ops=metrics)


def _regression(logits, labels, mode, n_classes, weight, train_op_fn):
    predictions = {"predictions": logits}
    if mode == ModeKeys.PREDICT:
        return EstimatorSpec(mode, predictions=predictions)
    labels = math_ops.cast(_labels(labels), dtypes.float32)
    unreduced = math_ops.squared_difference(logits, labels)
    loss, w = _summed_loss(unreduced, weight)
    if mode == ModeKeys.TRAIN:
        return EstimatorSpec(mode, predictions=predictions, loss=loss, train_op=train_op_fn(loss))
    metrics = {
        "average_loss": metrics_ops.mean(unreduced, w, name="average_loss"),
        "label/mean": metrics_ops.mean(labels, w, name="label/mean"),
        "prediction/mean": metrics_ops.mean(logits, w, name="prediction/mean"),
    }
    return EstimatorSpec(mode, predictions=predictions, loss=loss, eval_metric_ops=metrics)


# -- networks: features -> logits ----------------------------------------------------------
def _linear_logits(features, feature_columns, units, mode, sparse_combiner="sum"):
    with vs.variable_scope("linear"):
        return fc.linear_model(
            features, feature_columns, units=units, sparse_combiner=sparse_combiner
        )


def _dnn_logits(
    features, feature_columns, units, mode, hidden_units, activation_fn, dropout, batch_norm=False
):
    with vs.variable_scope("dnn"):
        with vs.variable_scope("input_from_feature_columns"):
            net = fc.input_layer(features, feature_columns)
        glorot = init_ops.glorot_uniform_initializer()
        for i, width in enumerate(hidden_units):
            with vs.variable_scope(f"hiddenlayer_{i}") as scope:
                net = core_layers.dense(
                    net, width, activation=activation_fn, kernel_initializer=glorot, name=scope
                )
                if dropout is not None and mode == ModeKeys.TRAIN:
                    net = core_layers.dropout(net, rate=dropout, training=True)
        with vs.variable_scope("logits") as scope:
            return core_layers.dense(net, units, kernel_initializer=glorot, name=scope)


def _combined_logits(features, units, mode, linear_kwargs, dnn_kwargs):
    """TF's wide-and-deep logits: the DNN's plus the linear model's (either may be absent)."""
    parts = []
    if dnn_kwargs["feature_columns"]:
        if not dnn_kwargs["hidden_units"]:  # TF checks it here, when the model is built
            raise ValueError(
                "dnn_hidden_units must be defined when dnn_feature_columns is specified."
            )
        parts.append(_dnn_logits(features, units=units, mode=mode, **dnn_kwargs))
    if linear_kwargs["feature_columns"]:
        parts.append(_linear_logits(features, units=units, mode=mode, **linear_kwargs))
    return parts[0] + parts[1] if len(parts) == 2 else parts[0]


def _train_op_fn(optimizers_by_scope):
    """One optimizer over all variables (global_step passed to minimize), or, for the combined
    models, one per scope over that scope's trainable variables and then global_step += 1."""
    if list(optimizers_by_scope) == [None]:
        optimizer = optimizers_by_scope[None]
        return lambda loss: optimizer().minimize(loss, global_step=training_util.get_global_step())

    def train_op_fn(loss):
        steps = []
        for scope, optimizer in optimizers_by_scope.items():
            trainable = get_collection(GraphKeys.TRAINABLE_VARIABLES, scope=scope)
            if trainable:
                steps.append(optimizer().minimize(loss, var_list=trainable))
        with control_dependencies([control_flow_ops.group(*steps)]):
            return state_ops.assign_add(training_util.get_global_step(), 1).op

    return train_op_fn


def _weights(features, weight_column):
    """The example weights: a feature key or a numeric column (TF's weight_column)."""
    if not weight_column:
        return None
    if isinstance(weight_column, str):
        weight_column = fc_dense.numeric_column(weight_column)
    return weight_column._get_dense_tensor(LazyBuilder(features))


def _canned_model_fn(network, head, n_classes, weight_column, optimizers_by_scope, kwargs):
    units = n_classes if head is _regression else (1 if n_classes == 2 else n_classes)

    def model_fn(features, labels, mode, config):
        logits = network(features, mode=mode, units=units, **kwargs)
        weight = _weights(features, weight_column)
        return head(logits, labels, mode, n_classes, weight, _train_op_fn(optimizers_by_scope))

    return model_fn


class _Canned(Estimator):
    """A premade Estimator: subclasses name their network, head and default learning rate,
    and pass their constructor's arguments (locals()) to _build."""

    _network = _head = _learning_rate = None

    def _build(self, args):
        for key in ("partitioner", "input_layer_partitioner"):
            if args.get(key) is not None:
                raise NotImplementedError(f"tinytf's premade estimators have no {key}")
        if args.get("label_vocabulary") is not None:
            raise NotImplementedError(
                "tinytf's premade classifiers take integer labels (no label_vocabulary)"
            )
        if args.get("batch_norm"):
            raise NotImplementedError("tinytf's DNN estimators have no batch_norm")
        if args.get("loss_reduction") not in (None, Reduction.SUM):
            raise NotImplementedError(
                "tinytf's premade estimators sum the loss over the batch "
                "(loss_reduction=tf.losses.Reduction.SUM, TF's default)"
            )
        network_kwargs, optimizers_by_scope = self._network_args(args)
        model_fn = self._model_fn_of(args, network_kwargs, optimizers_by_scope)
        Estimator.__init__(
            self,
            model_fn,
            model_dir=args["model_dir"],
            config=args["config"],
            warm_start_from=args.get("warm_start_from"),
        )

    def _model_fn_of(self, args, network_kwargs, optimizers_by_scope):
        n = args.get("n_classes", args.get("label_dimension"))
        if self._head is _classification and n < 2:
            raise ValueError(f"n_classes must be > 1 for classification: {n}")
        return _canned_model_fn(
            self._network, self._head, n, args["weight_column"], optimizers_by_scope, network_kwargs
        )

    def _network_args(self, args):
        """(the network's keyword arguments, {variable scope or None: optimizer factory})."""
        columns = list(args["feature_columns"])
        network_kwargs = {"feature_columns": columns}
        if "hidden_units" in args:
            network_kwargs.update(
                hidden_units=list(args["hidden_units"]),
                activation_fn=args["activation_fn"],
                dropout=args["dropout"],
            )
        else:
            network_kwargs["sparse_combiner"] = args["sparse_combiner"]
        rate = self._learning_rate(columns)
        return network_kwargs, {None: lambda: _optimizer(args["optimizer"], rate)}


def _linear_rate(feature_columns):
    return min(0.2, 1.0 / math.sqrt(len(feature_columns)))


def _dnn_rate(feature_columns):
    return 0.05


class LinearClassifier(_Canned):
    """Logistic (2 classes) or softmax regression over feature columns."""

    _network, _head, _learning_rate = (
        staticmethod(_linear_logits),
        staticmethod(_classification),
        staticmethod(_linear_rate),
    )

    def __init__(
        self,
        feature_columns,
        model_dir=None,
        n_classes=2,
        weight_column=None,
        label_vocabulary=None,
        optimizer="Ftrl",
        config=None,
        partitioner=None,
        warm_start_from=None,
        loss_reduction=None,
        sparse_combiner="sum",
    ):
        self._build(locals())


class LinearRegressor(_Canned):
    """Linear regression over feature columns (squared error)."""

    _network, _head, _learning_rate = (
        staticmethod(_linear_logits),
        staticmethod(_regression),
        staticmethod(_linear_rate),
    )

    def __init__(
        self,
        feature_columns,
        model_dir=None,
        label_dimension=1,
        weight_column=None,
        optimizer="Ftrl",
        config=None,
        partitioner=None,
        warm_start_from=None,
        loss_reduction=None,
        sparse_combiner="sum",
    ):
        self._build(locals())


class DNNClassifier(_Canned):
    """A feed-forward network (hidden_units, activation_fn, dropout) classifier."""

    _network, _head, _learning_rate = (
        staticmethod(_dnn_logits),
        staticmethod(_classification),
        staticmethod(_dnn_rate),
    )

    def __init__(
        self,
        hidden_units,
        feature_columns,
        model_dir=None,
        n_classes=2,
        weight_column=None,
        label_vocabulary=None,
        optimizer="Adagrad",
        activation_fn=nn_ops.relu,
        dropout=None,
        input_layer_partitioner=None,
        config=None,
        warm_start_from=None,
        loss_reduction=None,
        batch_norm=False,
    ):
        self._build(locals())


class DNNRegressor(_Canned):
    """A feed-forward network regressor (squared error)."""

    _network, _head, _learning_rate = (
        staticmethod(_dnn_logits),
        staticmethod(_regression),
        staticmethod(_dnn_rate),
    )

    def __init__(
        self,
        hidden_units,
        feature_columns,
        model_dir=None,
        label_dimension=1,
        weight_column=None,
        optimizer="Adagrad",
        activation_fn=nn_ops.relu,
        dropout=None,
        input_layer_partitioner=None,
        config=None,
        warm_start_from=None,
        loss_reduction=None,
        batch_norm=False,
    ):
        self._build(locals())


# -- wide and deep -------------------------------------------------------------------------
_DNN_LEARNING_RATE = 0.001
_LINEAR_LEARNING_RATE = 0.005


class _Combined(_Canned):
    """A DNN and a linear model whose logits add up, each part trained by its own optimizer
    (TF's defaults: Adagrad at 0.001 and Ftrl at min(0.005, 1/sqrt(#linear columns)))."""

    _network = staticmethod(_combined_logits)

    def _network_args(self, args):
        linear = list(args["linear_feature_columns"] or [])
        dnn = list(args["dnn_feature_columns"] or [])
        if not linear and not dnn:
            raise ValueError(
                "Either linear_feature_columns or dnn_feature_columns must be defined."
            )
        linear_kwargs = {
            "feature_columns": linear,
            "sparse_combiner": args["linear_sparse_combiner"],
        }
        dnn_kwargs = {
            "feature_columns": dnn,
            "hidden_units": list(args["dnn_hidden_units"] or []),
            "activation_fn": args["dnn_activation_fn"],
            "dropout": args["dnn_dropout"],
        }
        optimizers_by_scope = {}
        if dnn:
            optimizers_by_scope["dnn"] = lambda: _optimizer(
                args["dnn_optimizer"], _DNN_LEARNING_RATE
            )
        if linear:
            rate = min(_LINEAR_LEARNING_RATE, 1.0 / math.sqrt(len(linear)))
            optimizers_by_scope["linear"] = lambda: _optimizer(args["linear_optimizer"], rate)
        kwargs = {"linear_kwargs": linear_kwargs, "dnn_kwargs": dnn_kwargs}
        return kwargs, optimizers_by_scope


class DNNLinearCombinedClassifier(_Combined):
    """Wide (linear) and deep (DNN) classifier over feature columns."""

    _head = staticmethod(_classification)

    def __init__(
        self,
        model_dir=None,
        linear_feature_columns=None,
        linear_optimizer="Ftrl",
        dnn_feature_columns=None,
        dnn_optimizer="Adagrad",
        dnn_hidden_units=None,
        dnn_activation_fn=nn_ops.relu,
        dnn_dropout=None,
        n_classes=2,
        weight_column=None,
        label_vocabulary=None,
        input_layer_partitioner=None,
        config=None,
        warm_start_from=None,
        loss_reduction=Reduction.SUM,
        batch_norm=False,
        linear_sparse_combiner="sum",
    ):
        self._build(locals())


class DNNLinearCombinedRegressor(_Combined):
    """Wide (linear) and deep (DNN) regressor over feature columns (squared error)."""

    _head = staticmethod(_regression)

    def __init__(
        self,
        model_dir=None,
        linear_feature_columns=None,
        linear_optimizer="Ftrl",
        dnn_feature_columns=None,
        dnn_optimizer="Adagrad",
        dnn_hidden_units=None,
        dnn_activation_fn=nn_ops.relu,
        dnn_dropout=None,
        label_dimension=1,
        weight_column=None,
        input_layer_partitioner=None,
        config=None,
        warm_start_from=None,
        loss_reduction=Reduction.SUM,
        batch_norm=False,
        linear_sparse_combiner="sum",
    ):
        self._build(locals())


# -- the v1 estimators of a given head --------------------------------------------------------
def _head_model_fn(network, head, optimizers_by_scope, kwargs):
    """A model_fn of `head` over the network's logits: TF hands a single-model estimator's
    optimizer to the head (so a v2 head, which takes only Keras optimizers, cannot train),
    and the combined model's per-scope train_op_fn."""

    def model_fn(features, labels, mode, config):
        logits = network(features, mode=mode, units=head.logits_dimension, **kwargs)
        spec_args = {"features": features, "mode": mode, "labels": labels, "logits": logits}
        if list(optimizers_by_scope) == [None]:
            spec_args["optimizer"] = optimizers_by_scope[None]()
        else:
            spec_args["train_op_fn"] = _train_op_fn(optimizers_by_scope)
        return head.create_estimator_spec(**spec_args)

    return model_fn


class _OfHead:
    """Mixed in before a premade estimator: its network under the given `head`."""

    def _model_fn_of(self, args, network_kwargs, optimizers_by_scope):
        return _head_model_fn(self._network, args["head"], optimizers_by_scope, network_kwargs)


class DNNEstimator(_OfHead, _Canned):
    """A feed-forward network under a given head (TF 1.x's `_Head`s, e.g.
    tf.contrib.estimator.multi_class_head)."""

    _network, _learning_rate = staticmethod(_dnn_logits), staticmethod(_dnn_rate)

    def __init__(
        self,
        head,
        hidden_units,
        feature_columns,
        model_dir=None,
        optimizer="Adagrad",
        activation_fn=nn_ops.relu,
        dropout=None,
        input_layer_partitioner=None,
        config=None,
        warm_start_from=None,
        batch_norm=False,
    ):
        self._build(locals())


class LinearEstimator(_OfHead, _Canned):
    """A linear model under a given head."""

    _network, _learning_rate = staticmethod(_linear_logits), staticmethod(_linear_rate)

    def __init__(
        self,
        head,
        feature_columns,
        model_dir=None,
        optimizer="Ftrl",
        config=None,
        partitioner=None,
        sparse_combiner="sum",
    ):
        self._build(locals())


class DNNLinearCombinedEstimator(_OfHead, _Combined):
    """Wide (linear) and deep (DNN) model under a given head."""

    def __init__(
        self,
        head,
        model_dir=None,
        linear_feature_columns=None,
        linear_optimizer="Ftrl",
        dnn_feature_columns=None,
        dnn_optimizer="Adagrad",
        dnn_hidden_units=None,
        dnn_activation_fn=nn_ops.relu,
        dnn_dropout=None,
        input_layer_partitioner=None,
        config=None,
        linear_sparse_combiner="sum",
    ):
        self._build(locals())

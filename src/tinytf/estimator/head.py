"""tf.estimator's v2 heads (Head, BinaryClassHead, MultiClassHead, RegressionHead,
LogisticRegressionHead, PoissonRegressionHead): logits -> loss, predictions, evaluation
metrics and an EstimatorSpec for a model_fn, as TF 1.15's (loss reduced over the batch by
default, 'loss' summary, the serving signatures). The metrics are Keras metrics in TF; here
they are objects with the same update_state/result, evaluated by the Estimator as
(value, update_op) pairs. An `optimizer` must be a tf.keras optimizer in TF 1.15, which tinytf
has none of: pass `train_op_fn`.

    head = tf.estimator.MultiClassHead(n_classes=3)
    return head.create_estimator_spec(features, mode, logits, labels, train_op_fn=...)
"""

import abc
import inspect

from tinytf.estimator.export_output import ClassificationOutput, PredictOutput, RegressionOutput
from tinytf.estimator.model_fn import EstimatorSpec, ModeKeys
from tinytf.framework import dtypes
from tinytf.framework.op_def import control_dependencies, name_scope
from tinytf.framework.ops import Tensor
from tinytf.ops import (
    array_ops,
    check_ops,
    control_flow_ops,
    math_ops,
    metrics_ops,
    nn_impl_ops,
    nn_ops,
    reduction_ops,
    string_convert_ops,
)
from tinytf.ops.constant_op import constant
from tinytf.ops.elementwise_ops import div_no_nan

SUM, SUM_OVER_BATCH_SIZE, AUTO = "sum", "sum_over_batch_size", "auto"  # Keras' ReductionV2
_REDUCTIONS = (AUTO, "none", SUM, SUM_OVER_BATCH_SIZE)
_LABEL_NONE_ERR_MSG = (
    "You must provide a labels Tensor. Given: None. Suggested troubleshooting steps: Check "
    "that your data contains your label feature. Check that your input_fn properly parses and "
    "returns labels."
)
_MISMATCHED_LABEL_DIM_ERR_MSG = (
    "Mismatched label shape. Expected labels dimension={}.  Received {}. Suggested Fix: If "
    "your classifier expects one-hot encoding label, check your n_classes argument to the "
    "estimator and/or the shape of your label. Otherwise, check the shape of your label."
)


class _Metric:
    """A Keras-style metric (update_state, result) over a tf.metrics (value, update_op) pair;
    iterating it gives that pair, which is what the Estimator runs."""

    def __init__(self, name, metric_fn):
        self.name, self._metric_fn, self._pair = name, metric_fn, None

    def update_state(self, *args, **kwargs):
        """Adds a batch; returns the update op."""
        self._pair = self._metric_fn(*args, name=self.name, **kwargs)
        return self._pair[1]

    def result(self):
        """The metric's value so far."""
        return self._pair[0] if self._pair else constant(0.0)

    def __iter__(self):
        return iter(self._pair if self._pair else (self.result(), control_flow_ops.no_op()))


def _mean(values, sample_weight=None, name=None):
    values = math_ops.cast(values, dtypes.float32)
    weights = None if sample_weight is None else sample_weight * array_ops.ones_like(values)
    return metrics_ops.mean(values, weights, name=name)


def _accuracy(y_true, y_pred, sample_weight=None, name=None):
    return metrics_ops.accuracy(y_true, y_pred, sample_weight, name=name)


def _check_logits_final_dim(logits, expected):
    """float32 logits whose last dimension (when static) is `expected`."""
    with name_scope("logits"):
        logits = math_ops.cast(logits, dtypes.float32)
        shape = logits.shape
        if shape.ndims is not None and shape.ndims < 2:
            raise ValueError(
                f"logits shape must be [D0, D1, ... DN, logits_dimension], got {shape}."
            )
        if shape.ndims is not None and shape[-1] is not None and shape[-1] != expected:
            raise ValueError(
                f"logits shape must be [D0, D1, ... DN, logits_dimension], got {shape}."
            )
        return logits


def _check_labels(labels, logits, dimension):
    """Dense labels shaped as the logits with a last dimension `dimension` ([batch] labels of
    [batch, 1] logits get their last axis)."""
    if labels is None:
        raise ValueError(_LABEL_NONE_ERR_MSG)
    with name_scope("labels"):
        if not isinstance(labels, Tensor):
            from tinytf.ops.sparse_ops import SparseTensor

            if isinstance(labels, SparseTensor):
                raise ValueError("SparseTensor labels are not supported.")
            labels = constant(labels)
        if labels.shape.ndims is not None and labels.shape.ndims == logits.shape.ndims - 1:
            labels = array_ops.expand_dims(labels, -1)
        final = labels.shape[-1] if labels.shape.ndims else None
        if final is not None and final != dimension:
            raise ValueError(_MISMATCHED_LABEL_DIM_ERR_MSG.format(dimension, final))
        return labels


def _check_label_range(labels, n_classes, message=None):
    with name_scope("check_label_range"):
        less = check_ops.assert_less_equal(
            labels,
            constant(n_classes - 1, dtype=labels.dtype),
            message=message or "Labels must be <= n_classes - 1",
        )
        positive = check_ops.assert_non_negative(labels, message=message or "Labels must be >= 0")
        with control_dependencies([less, positive]):
            return array_ops.identity(labels)


def _weights(features, weight_column):
    """[batch, 1] float weights from the weight column, or None."""
    if weight_column is None:
        return None
    from tinytf.feature_column.dense import NumericColumn

    key = weight_column
    if not isinstance(weight_column, str):
        if not isinstance(weight_column, NumericColumn):
            raise TypeError(
                f"Weight column must be either a string or NumericColumn. Given type: "
                f"{type(weight_column)}."
            )
        key = weight_column.key
    with name_scope("weights"):
        weights = features[key]
        if not (weights.dtype.base_dtype.is_floating or weights.dtype.base_dtype.is_integer):
            raise ValueError(
                f"Weight column should be castable to float. Given dtype: {weights.dtype}"
            )
        weights = math_ops.cast(weights, dtypes.float32, name="weights")
        if weights.shape.ndims == 1:
            weights = array_ops.expand_dims(weights, -1)
        return weights


def _validate_loss_fn_args(loss_fn):
    args = list(inspect.signature(loss_fn).parameters)
    for required in ("labels", "logits"):
        if required not in args:
            raise ValueError(
                f"loss_fn must contain argument: {required}. Given arguments: {tuple(args)}"
            )
    invalid = list(set(args) - {"labels", "logits", "features", "loss_reduction"})
    if invalid:
        raise ValueError(f"loss_fn has unexpected args: {invalid}")


def _validate_loss_reduction(loss_reduction):
    if loss_reduction not in _REDUCTIONS or loss_reduction == "none":
        raise ValueError(
            f"Invalid loss_reduction: {loss_reduction}. See `tf.losses.Reduction` for valid "
            "options."
        )


def _reduce(unweighted_loss, weights, reduction):
    """Keras' compute_weighted_loss: the weighted losses summed, or their mean over all
    elements (SUM_OVER_BATCH_SIZE, AUTO)."""
    weighted = unweighted_loss if weights is None else unweighted_loss * weights
    total = reduction_ops.reduce_sum(weighted)
    if reduction == SUM:
        return total
    count = math_ops.cast(array_ops.size(weighted), dtypes.float32)
    return div_no_nan(total, count, name="value")


def _train_op(optimizer, train_op_fn, update_ops, loss):
    if update_ops is not None and not isinstance(update_ops, (list, tuple)):
        raise ValueError(f"update_ops should be a list or a tuple. Given type: {type(update_ops)}.")
    with name_scope(None), name_scope("training"):
        if optimizer is not None:
            if train_op_fn is not None:
                raise ValueError("train_op_fn and optimizer cannot both be set.")
            raise ValueError(  # TF 1.15 takes only tf.keras optimizers, which tinytf lacks
                f"The given optimizer is not a tf.keras.optimizers.Optimizer instance. "
                f"Given: {optimizer}"
            )
        if train_op_fn is None:
            raise ValueError("train_op_fn and optimizer cannot both be None.")
        train_op = train_op_fn(loss)
        if update_ops is not None:
            train_op = control_flow_ops.group(train_op, *update_ops)
        return train_op


def _check_prediction_keys(keys, valid_keys):
    for key in keys or ():
        if key not in valid_keys:
            raise ValueError(
                f"Prediction key must be in PredictionKeys, given: {key}."
                f"Valid prediction keys include {valid_keys}."
            )


def _all_classes(scores, n_classes, vocabulary=None):
    """(every class id, every class name) as rows, one per example of `scores`."""
    rows = array_ops.concat([array_ops.shape(scores)[:1], [1]], 0)
    ids = math_ops.range(n_classes)
    names = constant(list(vocabulary)) if vocabulary else string_convert_ops.as_string(ids)
    return (
        array_ops.tile(array_ops.expand_dims(ids, 0), rows),
        array_ops.tile(array_ops.expand_dims(names, 0), rows),
    )


def _classification_output(scores, n_classes, vocabulary=None):
    """The Classify signature's output: the scores and every class's name."""
    return ClassificationOutput(
        scores=scores, classes=_all_classes(scores, n_classes, vocabulary)[1]
    )


def _class_predictions(logits, n_classes, vocabulary=None):
    """class_ids (the argmax, [batch, 1]), classes (their strings: the vocabulary's or the
    ids') and all_class_ids/all_classes (every class, one row per example)."""
    from tinytf.ops.lookup_tables import index_to_string_table_from_tensor

    class_ids = array_ops.expand_dims(reduction_ops.argmax(logits, -1, name="class_ids"), -1)
    if vocabulary:
        table = index_to_string_table_from_tensor(vocabulary, name="class_string_lookup")
        classes = table.lookup(class_ids)
    else:
        classes = string_convert_ops.as_string(class_ids, name="str_classes")
    all_ids, all_names = _all_classes(logits, n_classes, vocabulary)
    return {
        "class_ids": class_ids,
        "classes": classes,
        "all_class_ids": all_ids,
        "all_classes": all_names,
    }


def _check_vocabulary(label_vocabulary):
    if label_vocabulary is not None and not isinstance(label_vocabulary, (list, tuple)):
        raise ValueError(
            f"label_vocabulary should be a list or a tuple. Given type: {type(label_vocabulary)}"
        )


def _label_ids(labels, vocabulary):
    """String labels as their index in the vocabulary (-1 when absent)."""
    from tinytf.ops.lookup_tables import index_table_from_tensor

    if labels.dtype.base_dtype != dtypes.string:
        raise ValueError(
            f"Labels dtype should be string if there is a vocabulary. Instead got {labels.dtype}"
        )
    table = index_table_from_tensor(vocabulary_list=tuple(vocabulary), name="class_id_lookup")
    return table.lookup(labels)


class Head(abc.ABC):
    """Turns a model's logits into loss, predictions, metrics and an EstimatorSpec."""

    name = property(abc.abstractmethod(lambda self: None), doc="The head's name (or None).")
    logits_dimension = property(abc.abstractmethod(lambda self: None), doc="Logits per example.")
    loss_reduction = property(abc.abstractmethod(lambda self: None), doc="How losses reduce.")

    @abc.abstractmethod
    def loss(self, labels, logits, features=None, mode=None, regularization_losses=None):
        """The scalar training loss (plus the regularization losses)."""

    @abc.abstractmethod
    def predictions(self, logits, keys=None):
        """{prediction key: tensor} of the logits."""

    @abc.abstractmethod
    def metrics(self, regularization_losses=None):
        """{metric key: metric object} to be updated by update_metrics."""

    @abc.abstractmethod
    def update_metrics(
        self, eval_metrics, features, logits, labels, mode=None, regularization_losses=None
    ):
        """Updates the metrics with one batch; returns them."""

    def _summary_key(self, key):
        return f"{key}/{self.name}" if self.name else key

    def _export_outputs(self, predictions):
        raise NotImplementedError  # each head below gives its own

    def create_estimator_spec(
        self,
        features,
        mode,
        logits,
        labels=None,
        optimizer=None,
        trainable_variables=None,
        train_op_fn=None,
        update_ops=None,
        regularization_losses=None,
    ):
        """The EstimatorSpec of `mode`: predictions and serving outputs, or the loss with
        metrics (EVAL) or a train op (TRAIN, from train_op_fn)."""
        with name_scope(self.name or "head"):
            predictions = self.predictions(logits)
            if mode == ModeKeys.PREDICT:
                return EstimatorSpec(
                    mode, predictions=predictions, export_outputs=self._export_outputs(predictions)
                )
            loss = self.loss(labels, logits, features, mode, regularization_losses)
            if mode == ModeKeys.EVAL:
                metrics = self.update_metrics(
                    self.metrics(regularization_losses),
                    features,
                    logits,
                    labels,
                    regularization_losses=regularization_losses,
                )
                return EstimatorSpec(
                    mode, predictions=predictions, loss=loss, eval_metric_ops=metrics
                )
            train_op = _train_op(optimizer, train_op_fn, update_ops, loss)
        self._summaries(loss, regularization_losses)
        return EstimatorSpec(mode, predictions=predictions, loss=loss, train_op=train_op)

    def _summaries(self, loss, regularization_losses, keyed=True):
        from tinytf.ops import summary_ops
        from tinytf.training.basic_session_run_hooks import _summaries_available

        if not _summaries_available():
            return
        key = self._summary_key if keyed else str
        with name_scope(None):
            summary_ops.scalar(key("loss"), loss)
            if regularization_losses is not None:
                summary_ops.scalar(
                    key("regularization_loss"), math_ops.add_n(regularization_losses)
                )


class _SingleLossHead(Head):
    """What the heads below share: weights, reduction, loss_fn and the loss/metrics flow."""

    def __init__(self, logits_dimension, weight_column, loss_reduction, loss_fn, name):
        _validate_loss_reduction(loss_reduction)
        if loss_fn:
            _validate_loss_fn_args(loss_fn)
        self._logits_dimension, self._weight_column = logits_dimension, weight_column
        self._loss_reduction, self._loss_fn, self._name = loss_reduction, loss_fn, name

    name = property(lambda self: self._name)
    logits_dimension = property(lambda self: self._logits_dimension)
    loss_reduction = property(lambda self: self._loss_reduction)

    def _call_loss_fn(self, labels, logits, features):
        kwargs = (
            {"features": features}
            if "features" in inspect.signature(self._loss_fn).parameters
            else {}
        )
        with name_scope("call_loss_fn"):
            return self._loss_fn(labels=labels, logits=logits, **kwargs)

    def _unweighted_loss_and_weights(self, logits, labels, features):
        if self._loss_fn:
            loss = self._call_loss_fn(labels, logits, features)
        else:
            loss = self._default_loss(labels, logits)
        return loss, _weights(features or {}, self._weight_column)

    def loss(self, labels, logits, features=None, mode=None, regularization_losses=None):
        """The training loss, reduced as loss_reduction says, plus the regularization."""
        with name_scope("losses"):
            logits = _check_logits_final_dim(logits, self._logits_dimension)
            labels = self._processed_labels(logits, labels)
            unweighted, weights = self._unweighted_loss_and_weights(logits, labels, features)
            loss = self._reduce_loss(unweighted, weights)
            if regularization_losses is not None:
                loss = loss + math_ops.add_n(regularization_losses)
            return loss

    def _reduce_loss(self, unweighted, weights):
        return _reduce(unweighted, weights, self._loss_reduction)

    def _base_metrics(self, names, regularization_losses):
        with name_scope("metrics"):
            metrics = {self._summary_key(key): _Metric(key, fn) for key, fn in names}
            if regularization_losses is not None:
                key = "regularization_loss"
                metrics[self._summary_key(key)] = _Metric(key, _mean)
        return metrics

    def _update_regularization(self, eval_metrics, regularization_losses):
        if regularization_losses is not None:
            eval_metrics[self._summary_key("regularization_loss")].update_state(
                values=math_ops.add_n(regularization_losses)
            )


class RegressionHead(_SingleLossHead):
    """Squared error (or `loss_fn`) on `label_dimension` real labels per example; predictions
    are the logits (or inverse_link_fn of them)."""

    def __init__(
        self,
        label_dimension=1,
        weight_column=None,
        loss_reduction=SUM_OVER_BATCH_SIZE,
        loss_fn=None,
        inverse_link_fn=None,
        name=None,
    ):
        if label_dimension < 1:
            raise ValueError(f"Invalid label_dimension {label_dimension}.")
        super().__init__(label_dimension, weight_column, loss_reduction, loss_fn, name)
        self._inverse_link_fn = inverse_link_fn

    def _processed_labels(self, logits, labels):
        labels = _check_labels(labels, logits, self._logits_dimension)
        return math_ops.cast(labels, dtypes.float32)

    def _default_loss(self, labels, logits):
        return math_ops.squared_difference(logits, labels)

    def predictions(self, logits, keys=None):
        """{'predictions'} (and 'logits' with an inverse link)."""
        logits = _check_logits_final_dim(logits, self._logits_dimension)
        with name_scope("predictions"):
            if self._inverse_link_fn:
                return {"predictions": self._inverse_link_fn(logits), "logits": logits}
            return {"predictions": logits}

    def metrics(self, regularization_losses=None):
        """average_loss, prediction/mean, label/mean (and regularization_loss)."""
        names = [("average_loss", _mean), ("prediction/mean", _mean), ("label/mean", _mean)]
        return self._base_metrics(names, regularization_losses)

    def update_metrics(
        self, eval_metrics, features, logits, labels, mode=None, regularization_losses=None
    ):
        """Adds the batch's loss, labels and predictions to the metrics."""
        predicted = self.predictions(logits)["predictions"]
        logits = _check_logits_final_dim(logits, self._logits_dimension)
        label_ids = self._processed_labels(logits, labels)
        unweighted, weights = self._unweighted_loss_and_weights(logits, label_ids, features)
        key = self._summary_key
        eval_metrics[key("average_loss")].update_state(values=unweighted, sample_weight=weights)
        eval_metrics[key("label/mean")].update_state(values=label_ids, sample_weight=weights)
        eval_metrics[key("prediction/mean")].update_state(values=predicted, sample_weight=weights)
        self._update_regularization(eval_metrics, regularization_losses)
        return eval_metrics

    def _export_outputs(self, predictions):
        output = RegressionOutput(value=predictions["predictions"])
        return {
            "serving_default": output,
            "regression": output,
            "predict": PredictOutput(predictions),
        }


class PoissonRegressionHead(RegressionHead):
    """Poisson regression: log-Poisson loss of the logits (log rates); predictions exp()."""

    def __init__(
        self,
        label_dimension=1,
        weight_column=None,
        loss_reduction=SUM_OVER_BATCH_SIZE,
        compute_full_loss=True,
        name=None,
    ):
        self._compute_full_loss = compute_full_loss
        super().__init__(
            label_dimension,
            weight_column,
            loss_reduction,
            loss_fn=self._poisson_loss,
            inverse_link_fn=math_ops.exp,
            name=name,
        )

    def _poisson_loss(self, labels, logits):
        return nn_impl_ops.log_poisson_loss(
            targets=labels, log_input=logits, compute_full_loss=self._compute_full_loss
        )


class LogisticRegressionHead(RegressionHead):
    """Regression of labels in [0, 1] by sigmoid cross-entropy; predictions sigmoid()."""

    def __init__(self, weight_column=None, loss_reduction=SUM_OVER_BATCH_SIZE, name=None):
        super().__init__(
            1,
            weight_column,
            loss_reduction,
            loss_fn=self._logistic_loss,
            inverse_link_fn=math_ops.sigmoid,
            name=name,
        )

    def _logistic_loss(self, labels, logits):
        labels = _check_label_range(labels, 2, message="Labels must be in range [0, 1]")
        return nn_ops.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)


class MultiClassHead(_SingleLossHead):
    """Softmax cross-entropy over `n_classes` (> 2) classes: integer labels, or strings of
    `label_vocabulary`."""

    _KEYS = ["logits", "probabilities", "class_ids", "classes", "all_class_ids", "all_classes"]

    def __init__(
        self,
        n_classes,
        weight_column=None,
        label_vocabulary=None,
        loss_reduction=SUM_OVER_BATCH_SIZE,
        loss_fn=None,
        name=None,
    ):
        if n_classes is None:
            raise ValueError("n_classes cannot be None")
        _check_vocabulary(label_vocabulary)
        if label_vocabulary is not None and len(label_vocabulary) != n_classes:
            raise ValueError(
                f'"label_vocabulary" does not have "n_classes" items. '
                f"len(label_vocabulary)={len(label_vocabulary)}, n_classes={n_classes}, "
                f"label_vocabulary={label_vocabulary}"
            )
        super().__init__(n_classes, weight_column, loss_reduction, loss_fn, name)
        if isinstance(n_classes, int) and n_classes <= 2:
            raise ValueError(f"n_classes must be > 2: {n_classes}.")
        self._n_classes, self._label_vocabulary = n_classes, label_vocabulary

    def _processed_labels(self, logits, labels):
        labels = _check_labels(labels, logits, 1)
        if self._label_vocabulary is not None:
            labels = _label_ids(labels, self._label_vocabulary)
        elif not labels.dtype.base_dtype.is_integer:
            raise ValueError(f"Labels dtype should be integer. Instead got {labels.dtype}.")
        return _check_label_range(labels, self._n_classes)

    def _default_loss(self, labels, logits):
        loss = nn_ops.sparse_softmax_cross_entropy_with_logits(
            labels=array_ops.squeeze(labels, [-1]), logits=logits
        )
        return array_ops.expand_dims(loss, -1)

    def predictions(self, logits, keys=None):
        """logits, probabilities, class_ids, classes and all_class_ids/all_classes (or the
        `keys` among them)."""
        _check_prediction_keys(keys, self._KEYS)
        logits = _check_logits_final_dim(logits, self._logits_dimension)
        out = {}
        with name_scope("predictions"):
            out["logits"] = logits
            out["probabilities"] = nn_ops.softmax(logits, name="probabilities")
            out.update(_class_predictions(logits, self._n_classes, self._label_vocabulary))
        return {k: v for k, v in out.items() if k in (keys or self._KEYS)}

    def metrics(self, regularization_losses=None):
        """average_loss, accuracy (and regularization_loss)."""
        return self._base_metrics(
            [("average_loss", _mean), ("accuracy", _accuracy)], regularization_losses
        )

    def update_metrics(
        self, eval_metrics, features, logits, labels, mode=None, regularization_losses=None
    ):
        """Adds the batch's loss and accuracy to the metrics."""
        class_ids = self.predictions(logits, ["class_ids"])["class_ids"]
        logits = _check_logits_final_dim(logits, self._logits_dimension)
        label_ids = self._processed_labels(logits, labels)
        unweighted, weights = self._unweighted_loss_and_weights(logits, label_ids, features)
        key = self._summary_key
        eval_metrics[key("average_loss")].update_state(values=unweighted, sample_weight=weights)
        eval_metrics[key("accuracy")].update_state(
            y_true=label_ids, y_pred=class_ids, sample_weight=weights
        )
        self._update_regularization(eval_metrics, regularization_losses)
        return eval_metrics

    def _export_outputs(self, predictions):
        output = ClassificationOutput(
            scores=predictions["probabilities"], classes=predictions["all_classes"]
        )
        return {
            "serving_default": output,
            "classification": output,
            "predict": PredictOutput(predictions),
        }


def _above(threshold, metric_fn):
    """metric_fn of the labels and whether the logistic is above `threshold` (Keras'
    BinaryAccuracy/Precision/Recall at a threshold)."""

    def fn(y_true, y_pred, sample_weight=None, name=None):
        predicted = math_ops.cast(math_ops.greater(y_pred, threshold), dtypes.float32)
        if sample_weight is not None:
            sample_weight = sample_weight * array_ops.ones_like(predicted)
        return metric_fn(y_true, predicted, sample_weight, name=name)

    return fn


def _threshold_keys(head, thresholds):
    """((summary key, metric function) of accuracy, precision and recall at each
    threshold)."""
    return [
        (head._summary_key(f"{key}/positive_threshold_{t:g}"), _above(t, fn))
        for t in thresholds
        for key, fn in (
            ("accuracy", _accuracy),
            ("precision", metrics_ops.precision),
            ("recall", metrics_ops.recall),
        )
    ]


def _auc(curve, summation_method):
    def fn(y_true, y_pred, sample_weight=None, name=None):
        if sample_weight is not None:
            sample_weight = sample_weight * array_ops.ones_like(y_pred)
        return metrics_ops.auc(
            y_true, y_pred, sample_weight, curve=curve, summation_method=summation_method, name=name
        )

    return fn


class BinaryClassHead(_SingleLossHead):
    """Logistic regression of 0/1 labels (or the two strings of `label_vocabulary`) by
    sigmoid cross-entropy on one logit, with precision/recall/accuracy at each of
    `thresholds` besides TF's usual metrics."""

    _KEYS = [
        "logits",
        "logistic",
        "probabilities",
        "class_ids",
        "classes",
        "all_class_ids",
        "all_classes",
    ]

    def __init__(
        self,
        weight_column=None,
        thresholds=None,
        label_vocabulary=None,
        loss_reduction=SUM_OVER_BATCH_SIZE,
        loss_fn=None,
        name=None,
    ):
        _check_vocabulary(label_vocabulary)
        thresholds = tuple(thresholds) if thresholds else ()
        for threshold in thresholds:
            if threshold <= 0.0 or threshold >= 1.0:
                raise ValueError(f"thresholds not in (0, 1): {(thresholds,)}.")
        super().__init__(1, weight_column, loss_reduction, loss_fn, name)
        self._thresholds, self._label_vocabulary = thresholds, label_vocabulary

    def _processed_labels(self, logits, labels):
        labels = _check_labels(labels, logits, 1)
        if self._label_vocabulary is not None:
            labels = _label_ids(labels, self._label_vocabulary)
        return _check_label_range(math_ops.cast(labels, dtypes.float32), 2)

    def _default_loss(self, labels, logits):
        return nn_ops.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)

    def predictions(self, logits, keys=None):
        """logits, logistic, probabilities, class_ids, classes, all_class_ids/all_classes (or
        the `keys` among them)."""
        _check_prediction_keys(keys, self._KEYS)
        logits = _check_logits_final_dim(logits, 1)
        out = {}
        with name_scope("predictions"):
            out["logits"] = logits
            out["logistic"] = math_ops.sigmoid(logits, name="logistic")
            two_class = array_ops.concat(
                [array_ops.zeros_like(logits), logits], -1, name="two_class_logits"
            )
            out["probabilities"] = nn_ops.softmax(two_class, name="probabilities")
            out.update(_class_predictions(two_class, 2, self._label_vocabulary))
        return {k: v for k, v in out.items() if k in (keys or self._KEYS)}

    def metrics(self, regularization_losses=None):
        """TF's binary metrics (average_loss, accuracy, precision, recall, prediction/mean,
        label/mean, accuracy_baseline, auc, auc_precision_recall) and the threshold ones."""
        names = [
            ("average_loss", _mean),
            ("accuracy", _accuracy),
            ("precision", metrics_ops.precision),
            ("recall", metrics_ops.recall),
            ("prediction/mean", _mean),
            ("label/mean", _mean),
            ("accuracy_baseline", None),
            ("auc", _auc("ROC", "trapezoidal")),
            ("auc_precision_recall", _auc("PR", "careful_interpolation")),
        ]
        metrics = self._base_metrics(names, regularization_losses)
        for name, fn in _threshold_keys(self, self._thresholds):
            metrics[name] = _Metric(name, fn)
        return metrics

    def update_metrics(
        self, eval_metrics, features, logits, labels, mode=None, regularization_losses=None
    ):
        """Adds the batch to every metric."""
        class_ids = self.predictions(logits, ["class_ids"])["class_ids"]
        logits = _check_logits_final_dim(logits, 1)
        labels = self._processed_labels(logits, labels)
        unweighted, weights = self._unweighted_loss_and_weights(logits, labels, features)
        logistic = self.predictions(logits, ["logistic"])["logistic"]
        m = {
            k: eval_metrics[self._summary_key(k)]
            for k in (
                "average_loss",
                "accuracy",
                "precision",
                "recall",
                "prediction/mean",
                "label/mean",
                "accuracy_baseline",
                "auc",
                "auc_precision_recall",
            )
        }
        m["average_loss"].update_state(values=unweighted, sample_weight=weights)
        for key in ("accuracy", "precision", "recall"):
            m[key].update_state(labels, class_ids, weights)
        m["prediction/mean"].update_state(values=logistic, sample_weight=weights)
        label_mean = m["label/mean"]
        label_mean.update_state(values=labels, sample_weight=weights)
        mean = label_mean.result()  # the baseline is the label mean's, with no update of its own
        m["accuracy_baseline"]._pair = (math_ops.maximum(mean, 1 - mean), control_flow_ops.no_op())
        for key in ("auc", "auc_precision_recall"):
            m[key].update_state(labels, logistic, weights)
        self._update_regularization(eval_metrics, regularization_losses)
        for name, _ in _threshold_keys(self, self._thresholds):
            eval_metrics[name].update_state(labels, logistic, weights)
        return eval_metrics

    def _export_outputs(self, predictions):
        output = ClassificationOutput(
            scores=predictions["probabilities"], classes=predictions["all_classes"]
        )
        return {
            "serving_default": output,
            "classification": output,
            "regression": RegressionOutput(value=predictions["logistic"]),
            "predict": PredictOutput(predictions),
        }

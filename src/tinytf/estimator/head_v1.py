"""TF 1.x's canned heads (the `_Head`s that tf.contrib.estimator.multi_class_head & co build,
and that the v1 DNNEstimator/LinearEstimator/DNNLinearCombinedEstimator take): the v2 heads'
loss, predictions and metrics, with TF 1.x's differences: any tf.losses.Reduction but NONE
(the loss goes through tf.losses.compute_weighted_loss, into the LOSSES collection), a
tf.train optimizer in create_estimator_spec (minimize with the global step, UPDATE_OPS
grouped in), trapezoidal PR-AUC and accuracy at `logistic >= threshold`."""

from tinytf.estimator import head as head_lib
from tinytf.estimator import multi_label_head
from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, get_collection
from tinytf.ops import array_ops, math_ops, reduction_ops
from tinytf.ops import losses as losses_lib
from tinytf.training import training_util

_Reduction = losses_lib.Reduction


def _at_least(threshold, metric_fn):
    """metric_fn of the labels and whether the logistic is >= `threshold` (TF 1.x's
    accuracy_at_threshold)."""

    def fn(y_true, y_pred, sample_weight=None, name=None):
        predicted = math_ops.cast(math_ops.greater_equal(y_pred, threshold), dtypes.float32)
        if sample_weight is not None:
            sample_weight = sample_weight * array_ops.ones_like(predicted)
        return metric_fn(y_true, predicted, sample_weight, name=name)

    return fn


class _V1Head:
    """Mixed in before a v2 head class: TF 1.x's reduction, optimizer and metric rules."""

    _in_metrics = False  # the metrics recompute the loss, which TF 1.x collects only once

    def update_metrics(self, *args, **kwargs):
        """The v2 head's update, without collecting its recomputed losses."""
        self._in_metrics = True
        try:
            return super().update_metrics(*args, **kwargs)
        finally:
            self._in_metrics = False

    def _set_v1_reduction(self, loss_reduction):
        if loss_reduction not in _Reduction.all() or loss_reduction == _Reduction.NONE:
            raise ValueError(f"Invalid loss_reduction: {loss_reduction}")
        self._loss_reduction = loss_reduction

    def _reduce_loss(self, unweighted, weights):
        return losses_lib.compute_weighted_loss(
            unweighted, 1.0 if weights is None else weights, reduction=self._loss_reduction
        )

    def metrics(self, regularization_losses=None):
        """The v2 head's metrics, with TF 1.x's PR-AUC and threshold accuracy."""
        metrics = super().metrics(regularization_losses)
        for key, metric in metrics.items():
            if key.startswith("auc_precision_recall"):
                metric._metric_fn = head_lib._auc("PR", "trapezoidal")
        for threshold in getattr(self, "_thresholds", ()):
            key = self._summary_key(f"accuracy/positive_threshold_{threshold:g}")
            metrics[key]._metric_fn = _at_least(threshold, head_lib._accuracy)
        return metrics

    def create_estimator_spec(
        self,
        features,
        mode,
        logits,
        labels=None,
        optimizer=None,
        train_op_fn=None,
        regularization_losses=None,
    ):
        """The EstimatorSpec of `mode`; training minimizes the loss with `optimizer` (a
        tf.train.Optimizer) or by `train_op_fn(loss)`."""
        if optimizer is not None:
            if train_op_fn is not None:
                raise ValueError("train_op_fn and optimizer cannot both be set.")

            def train_op_fn(loss):
                return optimizer.minimize(loss, global_step=training_util.get_global_step())

        spec = super().create_estimator_spec(
            features,
            mode,
            logits,
            labels,
            train_op_fn=train_op_fn,
            update_ops=get_collection(GraphKeys.UPDATE_OPS) or None,
            regularization_losses=regularization_losses,
        )
        metrics = {k: tuple(v) for k, v in spec.eval_metric_ops.items()}  # TF 1.x's pairs
        return spec._replace(eval_metric_ops=metrics)


def _v1(v2_class, tf_name, default_loss=None):
    """The v1 head class over `v2_class` (built with a placeholder reduction, then TF 1.x's);
    `default_loss` is TF 1.x's own (tf.losses with Reduction.NONE, which puts the
    per-example losses into the LOSSES collection as TF's heads do)."""

    def __init__(self, *args, loss_reduction=_Reduction.SUM, **kwargs):
        v2_class.__init__(self, *args, loss_reduction=head_lib.SUM, **kwargs)
        self._set_v1_reduction(loss_reduction)

    def _default_loss(self, labels, logits):
        collection = None if self._in_metrics else GraphKeys.LOSSES
        return default_loss(labels, logits, collection)

    members = {"__init__": __init__, "__module__": __name__}
    if default_loss is not None:
        members["_default_loss"] = _default_loss
    return type(tf_name, (_V1Head, v2_class), members)


def _softmax_loss(labels, logits, collection):
    loss = losses_lib.sparse_softmax_cross_entropy(
        labels=array_ops.squeeze(labels, [-1]),
        logits=logits,
        loss_collection=collection,
        reduction=_Reduction.NONE,
    )
    return array_ops.expand_dims(loss, -1)


def _squared_loss(labels, logits, collection):
    return losses_lib.mean_squared_error(
        labels, logits, loss_collection=collection, reduction=_Reduction.NONE
    )


def _multi_label_loss(labels, logits, collection):
    loss = losses_lib.sigmoid_cross_entropy(
        labels, logits, loss_collection=collection, reduction=_Reduction.NONE
    )
    return reduction_ops.reduce_mean(loss, axis=-1, keepdims=True)


_BinaryLogisticHeadWithSigmoidCrossEntropyLoss = _v1(
    head_lib.BinaryClassHead, "_BinaryLogisticHeadWithSigmoidCrossEntropyLoss"
)
_MultiClassHeadWithSoftmaxCrossEntropyLoss = _v1(
    head_lib.MultiClassHead, "_MultiClassHeadWithSoftmaxCrossEntropyLoss", _softmax_loss
)
_RegressionHeadWithMeanSquaredErrorLoss = _v1(
    head_lib.RegressionHead, "_RegressionHeadWithMeanSquaredErrorLoss", _squared_loss
)
_PoissonRegressionHead = _v1(
    head_lib.PoissonRegressionHead, "_RegressionHeadWithMeanSquaredErrorLoss"
)
_LogisticRegressionHead = _v1(
    head_lib.LogisticRegressionHead, "_RegressionHeadWithMeanSquaredErrorLoss"
)
_MultiLabelHead = _v1(multi_label_head.MultiLabelHead, "_MultiLabelHead", _multi_label_loss)

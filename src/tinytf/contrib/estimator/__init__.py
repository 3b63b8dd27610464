"""tf.contrib.estimator's head factories: TF 1.x's `_Head`s (for tf.estimator.DNNEstimator,
LinearEstimator, DNNLinearCombinedEstimator and custom model_fns), with the loss averaged over
the batch by default (tf.losses.Reduction.SUM_OVER_BATCH_SIZE). The rest of
tf.contrib.estimator (RNNEstimator, replicate_model_fn, multi_head, ...) is absent."""

from tinytf.estimator import head_v1 as _v1
from tinytf.ops.losses import Reduction as _Reduction

_SUM_OVER_BATCH_SIZE = _Reduction.SUM_OVER_BATCH_SIZE


def binary_classification_head(
    weight_column=None,
    thresholds=None,
    label_vocabulary=None,
    loss_reduction=_SUM_OVER_BATCH_SIZE,
    loss_fn=None,
    name=None,
):
    """A head for 0/1 labels: sigmoid cross-entropy on one logit."""
    return _v1._BinaryLogisticHeadWithSigmoidCrossEntropyLoss(
        weight_column=weight_column,
        thresholds=thresholds,
        label_vocabulary=label_vocabulary,
        loss_reduction=loss_reduction,
        loss_fn=loss_fn,
        name=name,
    )


def multi_class_head(
    n_classes,
    weight_column=None,
    label_vocabulary=None,
    loss_reduction=_SUM_OVER_BATCH_SIZE,
    loss_fn=None,
    name=None,
):
    """A head for one of `n_classes` (> 2) classes: softmax cross-entropy."""
    return _v1._MultiClassHeadWithSoftmaxCrossEntropyLoss(
        n_classes,
        weight_column=weight_column,
        label_vocabulary=label_vocabulary,
        loss_reduction=loss_reduction,
        loss_fn=loss_fn,
        name=name,
    )


def multi_label_head(
    n_classes,
    weight_column=None,
    thresholds=None,
    label_vocabulary=None,
    loss_reduction=_SUM_OVER_BATCH_SIZE,
    loss_fn=None,
    classes_for_class_based_metrics=None,
    name=None,
):
    """A head for any subset of `n_classes` classes: sigmoid cross-entropy per class."""
    if n_classes is None or n_classes < 2:  # (TF 1.x's message says multi-class)
        raise ValueError(
            f"n_classes must be > 1 for multi-class classification. Given: {n_classes}"
        )
    return _v1._MultiLabelHead(
        n_classes,
        weight_column=weight_column,
        thresholds=thresholds,
        label_vocabulary=label_vocabulary,
        loss_reduction=loss_reduction,
        loss_fn=loss_fn,
        classes_for_class_based_metrics=classes_for_class_based_metrics,
        name=name,
    )


def regression_head(
    weight_column=None,
    label_dimension=1,
    loss_reduction=_SUM_OVER_BATCH_SIZE,
    loss_fn=None,
    inverse_link_fn=None,
    name=None,
):
    """A head for `label_dimension` real labels: squared error (or `loss_fn`)."""
    return _v1._RegressionHeadWithMeanSquaredErrorLoss(
        label_dimension,
        weight_column=weight_column,
        loss_reduction=loss_reduction,
        loss_fn=loss_fn,
        inverse_link_fn=inverse_link_fn,
        name=name,
    )


def poisson_regression_head(
    weight_column=None,
    label_dimension=1,
    loss_reduction=_SUM_OVER_BATCH_SIZE,
    compute_full_loss=True,
    name=None,
):
    """A head for counts: log-Poisson loss of the logits; predictions exp(logits)."""
    return _v1._PoissonRegressionHead(
        label_dimension,
        weight_column=weight_column,
        loss_reduction=loss_reduction,
        compute_full_loss=compute_full_loss,
        name=name,
    )


def logistic_regression_head(weight_column=None, loss_reduction=_SUM_OVER_BATCH_SIZE, name=None):
    """A head for labels in [0, 1]: sigmoid cross-entropy; predictions sigmoid(logits)."""
    return _v1._LogisticRegressionHead(
        weight_column=weight_column, loss_reduction=loss_reduction, name=name
    )

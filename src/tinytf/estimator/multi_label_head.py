"""tf.estimator.MultiLabelHead: any number of `n_classes` labels per example (an indicator
tensor, or a SparseTensor of class ids or vocabulary strings), each a sigmoid of its logit;
metrics as TF 1.15's (average_loss, auc, auc_precision_recall, the threshold ones and the
per-class ones of classes_for_class_based_metrics)."""

from tinytf.estimator import head as head_lib
from tinytf.estimator.export_output import PredictOutput
from tinytf.framework import dtypes
from tinytf.framework.op_def import control_dependencies, name_scope
from tinytf.ops import math_ops, nn_ops, reduction_ops
from tinytf.ops.sparse_ops import SparseTensor


def _check_arguments(n_classes, thresholds, label_vocabulary):
    if n_classes is None or n_classes < 2:
        raise ValueError(
            f"n_classes must be > 1 for multi-label classification. Given: {n_classes}"
        )
    for threshold in thresholds:
        if threshold <= 0.0 or threshold >= 1.0:
            raise ValueError(f"thresholds must be in (0, 1) range. Given: {threshold}")
    if label_vocabulary is not None:
        if not isinstance(label_vocabulary, (list, tuple)):
            raise ValueError(
                f"label_vocabulary must be a list or tuple. Given type: {type(label_vocabulary)}"
            )
        if len(label_vocabulary) != n_classes:
            raise ValueError(
                f"Length of label_vocabulary must be n_classes ({n_classes}). Given: "
                f"{len(label_vocabulary)}"
            )


def _class_ids(classes, n_classes, label_vocabulary):
    """classes_for_class_based_metrics as class ids."""
    classes = tuple(classes or ())
    if classes and isinstance(classes[0], str):
        if not label_vocabulary:
            raise ValueError(
                "label_vocabulary must be provided when classes_for_class_based_metrics are sting."
            )
        return tuple(label_vocabulary.index(c) for c in classes)
    for class_id in classes:
        if class_id < 0 or class_id >= n_classes:
            raise ValueError(
                f"All classes_for_class_based_metrics must be in range [0, {n_classes - 1}]. "
                f"Given: {class_id}"
            )
    return classes


class MultiLabelHead(head_lib._SingleLossHead):
    """Sigmoid cross-entropy per class, averaged over the classes of each example."""

    _KEYS = ["logits", "probabilities"]

    def __init__(
        self,
        n_classes,
        weight_column=None,
        thresholds=None,
        label_vocabulary=None,
        loss_reduction=head_lib.SUM_OVER_BATCH_SIZE,
        loss_fn=None,
        classes_for_class_based_metrics=None,
        name=None,
    ):
        thresholds = tuple(thresholds) if thresholds else ()
        _check_arguments(n_classes, thresholds, label_vocabulary)
        super().__init__(n_classes, weight_column, loss_reduction, loss_fn, name)
        self._n_classes, self._thresholds = n_classes, thresholds
        self._label_vocabulary = label_vocabulary
        self._class_metric_ids = _class_ids(
            classes_for_class_based_metrics, n_classes, label_vocabulary
        )

    def _processed_labels(self, logits, labels):
        from tinytf.ops.sparse_array_ops import sparse_to_indicator

        if labels is None:
            raise ValueError(head_lib._LABEL_NONE_ERR_MSG)
        if isinstance(labels, SparseTensor):
            values = labels.values
            if values.dtype.base_dtype == dtypes.string:
                ids = head_lib._label_ids(values, self._label_vocabulary)
                labels = SparseTensor(labels.indices, ids, labels.dense_shape)
            elif not values.dtype.base_dtype.is_integer:
                raise ValueError(f"Labels dtype should be integer. Instead got {values.dtype}.")
            else:
                checked = head_lib._check_label_range(
                    values,
                    self._n_classes,
                    message=f"labels must be an integer SparseTensor with values in "
                    f"[0, {self._n_classes})",
                )
                with control_dependencies([checked]):
                    labels = SparseTensor(labels.indices, values, labels.dense_shape)
            indicator = math_ops.cast(sparse_to_indicator(labels, self._n_classes), dtypes.int64)
        else:
            indicator = head_lib._check_label_range(
                labels,
                2,
                message="labels must be an integer indicator Tensor with values in [0, 1]",
            )
        return head_lib._check_labels(indicator, logits, self._n_classes)

    def _default_loss(self, labels, logits):
        loss = nn_ops.sigmoid_cross_entropy_with_logits(
            labels=math_ops.cast(labels, dtypes.float32), logits=logits
        )
        return reduction_ops.reduce_mean(loss, axis=-1, keepdims=True)

    def predictions(self, logits, keys=None):
        """logits and probabilities (their sigmoids), or the `keys` among them."""
        head_lib._check_prediction_keys(keys, self._KEYS)
        logits = head_lib._check_logits_final_dim(logits, self._n_classes)
        with name_scope("predictions"):
            out = {
                "logits": logits,
                "probabilities": math_ops.sigmoid(logits, name="probabilities"),
            }
        return {k: v for k, v in out.items() if k in (keys or self._KEYS)}

    def _class_keys(self, class_id):
        label = (
            f"class{class_id}"
            if self._label_vocabulary is None
            else self._label_vocabulary[class_id]
        )
        return [
            self._summary_key(f"{k}/{label}")
            for k in ("probability_mean", "auc", "auc_precision_recall")
        ]

    def metrics(self, regularization_losses=None):
        """average_loss, auc, auc_precision_recall, the threshold and per-class metrics."""
        names = [
            ("average_loss", head_lib._mean),
            ("auc", head_lib._auc("ROC", "trapezoidal")),
            ("auc_precision_recall", head_lib._auc("PR", "careful_interpolation")),
        ]
        metrics = self._base_metrics(names, regularization_losses)
        for name, fn in head_lib._threshold_keys(self, self._thresholds):
            metrics[name] = head_lib._Metric(name, fn)
        for class_id in self._class_metric_ids:
            fns = (
                head_lib._mean,
                head_lib._auc("ROC", "trapezoidal"),
                head_lib._auc("PR", "careful_interpolation"),
            )
            for name, fn in zip(self._class_keys(class_id), fns):
                metrics[name] = head_lib._Metric(name, fn)
        return metrics

    def update_metrics(
        self, eval_metrics, features, logits, labels, mode=None, regularization_losses=None
    ):
        """Adds the batch to every metric."""
        logits = head_lib._check_logits_final_dim(logits, self._n_classes)
        labels = self._processed_labels(logits, labels)
        unweighted, weights = self._unweighted_loss_and_weights(logits, labels, features)
        probabilities = self.predictions(logits, ["probabilities"])["probabilities"]
        key = self._summary_key
        eval_metrics[key("average_loss")].update_state(values=unweighted, sample_weight=weights)
        for name in ("auc", "auc_precision_recall"):
            eval_metrics[key(name)].update_state(labels, probabilities, weights)
        self._update_regularization(eval_metrics, regularization_losses)
        for name, _ in head_lib._threshold_keys(self, self._thresholds):
            eval_metrics[name].update_state(labels, probabilities, weights)
        for class_id in self._class_metric_ids:
            mean, auc, auc_pr = self._class_keys(class_id)
            class_probabilities = probabilities[..., class_id : class_id + 1]
            class_labels = labels[..., class_id : class_id + 1]
            eval_metrics[mean].update_state(values=class_probabilities, sample_weight=weights)
            for name in (auc, auc_pr):
                eval_metrics[name].update_state(class_labels, class_probabilities, weights)
        return eval_metrics

    def _export_outputs(self, predictions):
        output = head_lib._classification_output(
            predictions["probabilities"], self._n_classes, self._label_vocabulary
        )
        return {
            "serving_default": output,
            "classification": output,
            "predict": PredictOutput(predictions),
        }

"""tf.estimator.BaselineClassifier, BaselineRegressor and BaselineEstimator: models that
ignore the features and learn one bias per logit (`baseline/bias`), so they predict the labels'
prior (class frequencies, mean); TF's defaults (Ftrl at 0.3, summed loss for the classifier and
regressor, whose heads are the premade estimators'; BaselineEstimator takes any head)."""

from tinytf.estimator import canned
from tinytf.estimator.estimator import Estimator
from tinytf.framework.op_def import control_dependencies
from tinytf.ops import array_ops, check_ops, init_ops, math_ops
from tinytf.ops import variable_scope as vs
from tinytf.ops.losses import Reduction
from tinytf.training import training_util

_LEARNING_RATE = 0.3


def _weight_column_key(weight_column):
    from tinytf.feature_column.dense import NumericColumn

    if weight_column is None or isinstance(weight_column, str):
        return weight_column
    if not isinstance(weight_column, NumericColumn):
        raise TypeError(
            f"Weight column must be either a string or _NumericColumn. Given type: "
            f"{type(weight_column)}."
        )
    return weight_column.key


def _baseline_logits(features, num_outputs, weight_key):
    """bias * ones([batch, num_outputs]), the batch size read from the first feature (the
    others are checked to agree when the model runs)."""
    size_checks, batch_size = [], None
    for key, feature in features.items():
        if key == weight_key:
            continue
        first_dim = array_ops.shape(feature)[0]
        if batch_size is None:
            batch_size = first_dim
        else:
            size_checks.append(check_ops.assert_equal(batch_size, first_dim))
    with control_dependencies(size_checks):
        with vs.variable_scope("baseline"):
            bias = vs.get_variable("bias", shape=[num_outputs], initializer=init_ops.Zeros)
            return math_ops.multiply(bias, array_ops.ones([batch_size, num_outputs]))


def _check_supported(label_vocabulary, loss_reduction):
    if label_vocabulary is not None:
        raise NotImplementedError(
            "tinytf's premade classifiers take integer labels (no label_vocabulary)"
        )
    if loss_reduction != Reduction.SUM:
        raise NotImplementedError(
            "tinytf's premade estimators sum the loss over the batch "
            "(loss_reduction=tf.losses.Reduction.SUM, TF's default)"
        )


def _train_op_fn(optimizer):
    def train_op_fn(loss):
        opt = canned._optimizer(optimizer, _LEARNING_RATE)
        return opt.minimize(loss, global_step=training_util.get_global_step())

    return train_op_fn


def _baseline_model_fn(head, n, units, weight_column, optimizer):
    weight_key = _weight_column_key(weight_column)

    def model_fn(features, labels, mode, config):
        logits = _baseline_logits(features, units, weight_key)
        weight = features[weight_key] if weight_key else None
        return head(logits, labels, mode, n, weight, _train_op_fn(optimizer))

    return model_fn


class BaselineClassifier(Estimator):
    """Predicts each class's frequency in the training labels (logistic for 2 classes,
    softmax for more)."""

    def __init__(
        self,
        model_dir=None,
        n_classes=2,
        weight_column=None,
        label_vocabulary=None,
        optimizer="Ftrl",
        config=None,
        loss_reduction=Reduction.SUM,
    ):
        _check_supported(label_vocabulary, loss_reduction)
        if n_classes < 2:  # TF's multi-class head says so
            raise ValueError(f"n_classes must be > 2: {n_classes}.")
        units = 1 if n_classes == 2 else n_classes
        model_fn = _baseline_model_fn(
            canned._classification, n_classes, units, weight_column, optimizer
        )
        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config)


class BaselineRegressor(Estimator):
    """Predicts the mean of the training labels (squared error)."""

    def __init__(
        self,
        model_dir=None,
        label_dimension=1,
        weight_column=None,
        optimizer="Ftrl",
        config=None,
        loss_reduction=Reduction.SUM,
    ):
        _check_supported(None, loss_reduction)
        model_fn = _baseline_model_fn(
            canned._regression, label_dimension, label_dimension, weight_column, optimizer
        )
        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config)


class BaselineEstimator(Estimator):
    """A baseline (one learned bias per logit) under any `head` (tf.estimator.*Head)."""

    def __init__(self, head, model_dir=None, optimizer="Ftrl", config=None):
        def model_fn(features, labels, mode, config):
            logits = _baseline_logits(features, head.logits_dimension, None)
            return head.create_estimator_spec(
                features=features,
                mode=mode,
                logits=logits,
                labels=labels,
                train_op_fn=_train_op_fn(optimizer),
            )

        super().__init__(model_fn=model_fn, model_dir=model_dir, config=config)

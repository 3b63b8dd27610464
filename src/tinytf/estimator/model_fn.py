"""tf.estimator.ModeKeys and EstimatorSpec: what a model_fn returns for each mode."""

from collections import namedtuple

from tinytf.framework.ops import Operation, Tensor


class ModeKeys:
    """The three modes a model_fn is called in."""

    TRAIN = "train"
    EVAL = "eval"
    PREDICT = "infer"


_FIELDS = [
    "mode",
    "predictions",
    "loss",
    "train_op",
    "eval_metric_ops",
    "export_outputs",
    "training_chief_hooks",
    "training_hooks",
    "scaffold",
    "evaluation_hooks",
    "prediction_hooks",
]


class EstimatorSpec(namedtuple("EstimatorSpec", _FIELDS)):
    """The ops of a model for one mode: TRAIN needs loss and train_op, EVAL needs loss,
    PREDICT needs predictions (a tensor or a dict of tensors)."""

    def __new__(
        cls,
        mode,
        predictions=None,
        loss=None,
        train_op=None,
        eval_metric_ops=None,
        export_outputs=None,
        training_chief_hooks=None,
        training_hooks=None,
        scaffold=None,
        evaluation_hooks=None,
        prediction_hooks=None,
    ):
        if mode not in (ModeKeys.TRAIN, ModeKeys.EVAL, ModeKeys.PREDICT):
            raise ValueError(f"mode={mode!r} is not one of ModeKeys.")
        if train_op is None and mode == ModeKeys.TRAIN:
            raise ValueError("Missing train_op.")
        if loss is None and mode in (ModeKeys.TRAIN, ModeKeys.EVAL):
            raise ValueError("Missing loss.")
        if predictions is None and mode == ModeKeys.PREDICT:
            raise ValueError("Missing predictions.")
        if loss is not None:
            if not isinstance(loss, Tensor):
                raise TypeError(f"loss must be Tensor, given: {loss}")
            if loss.shape.ndims not in (None, 0) and loss.shape.num_elements() != 1:
                raise ValueError(f"Loss must be scalar, given: {loss}")
        if train_op is not None and not isinstance(train_op, (Tensor, Operation)):
            raise TypeError(f"train_op must be Operation or Tensor, given: {train_op}")
        for name, (value, update) in (eval_metric_ops or {}).items():
            if not isinstance(value, Tensor):
                raise TypeError(
                    f"Values of eval_metric_ops must be (metric_value, update_op) "
                    f"tuples, given: {(value, update)} for key: {name}"
                )
        return super().__new__(
            cls,
            mode,
            predictions,
            loss,
            train_op,
            dict(eval_metric_ops or {}),
            export_outputs,
            tuple(training_chief_hooks or ()),
            tuple(training_hooks or ()),
            scaffold,
            tuple(evaluation_hooks or ()),
            tuple(prediction_hooks or ()),
        )

"""tf.estimator.add_metrics: the same model with more evaluation metrics."""

import inspect

from tinytf.estimator.estimator import Estimator
from tinytf.estimator.model_fn import ModeKeys

_VALID_METRIC_FN_ARGS = {"features", "labels", "predictions", "config"}


def add_metrics(estimator, metric_fn):
    """A new Estimator (same model_dir and config) whose evaluations also report the
    {name: (value, update_op)} metrics that metric_fn(features, labels, predictions, config)
    returns (any subset of those arguments)."""
    args = set(inspect.signature(metric_fn).parameters)
    invalid = list(args - _VALID_METRIC_FN_ARGS)
    if invalid:
        raise ValueError(f"metric_fn ({metric_fn}) has following not expected args: {invalid}")

    def new_model_fn(features, labels, mode, config):
        spec = estimator._call_model_fn(features, labels, mode)
        if mode != ModeKeys.EVAL:
            return spec
        given = {
            "features": features,
            "labels": labels,
            "predictions": spec.predictions,
            "config": config,
        }
        new_metrics = metric_fn(**{k: v for k, v in given.items() if k in args})
        return spec._replace(eval_metric_ops={**(spec.eval_metric_ops or {}), **new_metrics})

    return Estimator(
        model_fn=new_model_fn,
        model_dir=estimator.model_dir,
        config=estimator.config,
        warm_start_from=getattr(estimator, "_warm_start_settings", None),
    )

"""tf.estimator.train_and_evaluate (local mode): trains to train_spec.max_steps and evaluates
each new checkpoint (at most every eval_spec.throttle_secs), and at the end.

    train_spec = tf.estimator.TrainSpec(train_input_fn, max_steps=1000)
    eval_spec = tf.estimator.EvalSpec(eval_input_fn, steps=None, throttle_secs=60)
    metrics, _ = tf.estimator.train_and_evaluate(estimator, train_spec, eval_spec)
"""

from collections import namedtuple

from tinytf.estimator.estimator import Estimator
from tinytf.estimator.exporter import _export_eval_result, _validate_exporters
from tinytf.platform import tf_logging as logging
from tinytf.training.basic_session_run_hooks import CheckpointSaverListener, SecondOrStepTimer


class TrainSpec(namedtuple("TrainSpec", ["input_fn", "max_steps", "hooks"])):
    """How to train: the input_fn, the global step to stop at, extra hooks."""

    def __new__(cls, input_fn, max_steps=None, hooks=None):
        if not callable(input_fn):
            raise TypeError(f"`input_fn` must be callable, given: {input_fn}")
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        return super().__new__(cls, input_fn, max_steps, tuple(hooks or ()))


_EVAL_FIELDS = [
    "input_fn",
    "steps",
    "name",
    "hooks",
    "exporters",
    "start_delay_secs",
    "throttle_secs",
]


class EvalSpec(namedtuple("EvalSpec", _EVAL_FIELDS)):
    """How to evaluate: the input_fn, how many batches (None: all), how often at most, and
    the exporters to run after each evaluation."""

    def __new__(
        cls,
        input_fn,
        steps=100,
        name=None,
        hooks=None,
        exporters=None,
        start_delay_secs=120,
        throttle_secs=600,
    ):
        if not callable(input_fn):
            raise TypeError(f"`input_fn` must be callable, given: {input_fn}")
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if throttle_secs < 0:
            raise ValueError(f"Must specify throttle_secs >= 0, given: {throttle_secs}")
        exporters = _validate_exporters(exporters)
        if start_delay_secs < 0:
            raise ValueError(f"Must specify start_delay_secs >= 0, given: {start_delay_secs}")
        return super().__new__(
            cls,
            input_fn,
            steps,
            name,
            tuple(hooks or ()),
            exporters,
            start_delay_secs,
            throttle_secs,
        )


class _EvaluateNewCheckpoints(CheckpointSaverListener):
    """Evaluates after a checkpoint is saved (not the first, untrained one), at most every
    throttle_secs, and at the end if the last checkpoint was not evaluated."""

    def __init__(self, estimator, eval_spec, max_steps):
        self._estimator, self._spec, self._max_steps = estimator, eval_spec, max_steps
        self._timer = SecondOrStepTimer(every_secs=eval_spec.throttle_secs)
        self._first = True
        self.metrics, self.export_results = None, []

    def _evaluate(self, step):
        self._timer.update_last_triggered_step(step)
        checkpoint_path = self._estimator.latest_checkpoint()
        self.metrics = self._estimator.evaluate(
            self._spec.input_fn,
            steps=self._spec.steps,
            hooks=self._spec.hooks,
            name=self._spec.name,
            checkpoint_path=checkpoint_path,
        )
        final = bool(self._max_steps) and self.metrics["global_step"] >= self._max_steps
        self.export_results = _export_eval_result(
            self._estimator, self._spec.exporters, checkpoint_path, self.metrics, final
        )

    def after_save(self, session, global_step_value):
        if self._first:  # the checkpoint of the untrained model
            self._first = False
            return
        if self._timer.should_trigger_for_step(global_step_value):
            self._evaluate(global_step_value)

    def end(self, session, global_step_value):
        if global_step_value != self._timer.last_triggered_step():
            self._evaluate(global_step_value)


def train_and_evaluate(estimator, train_spec, eval_spec):
    """Trains `estimator` per train_spec, evaluating per eval_spec; returns (the last
    evaluation's metrics, the exporters' results after it)."""
    if not isinstance(estimator, Estimator):
        raise TypeError(
            f"`estimator` must have type `tf.estimator.Estimator`. Got: {type(estimator)}"
        )
    if not isinstance(train_spec, TrainSpec):
        raise TypeError(
            f"`train_spec` must have type `tf.estimator.TrainSpec`. Got: {type(train_spec)}"
        )
    if not isinstance(eval_spec, EvalSpec):
        raise TypeError(
            f"`eval_spec` must have type `tf.estimator.EvalSpec`. Got: {type(eval_spec)}"
        )
    logging.info("Running training and evaluation locally (non-distributed).")
    listener = _EvaluateNewCheckpoints(estimator, eval_spec, train_spec.max_steps)
    estimator.train(
        train_spec.input_fn,
        hooks=list(train_spec.hooks),
        max_steps=train_spec.max_steps,
        saving_listeners=[listener],
    )
    return listener.metrics, listener.export_results

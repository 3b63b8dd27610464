"""tf.estimator.Estimator: trains, evaluates and predicts with a model_fn, keeping checkpoints and
summaries in model_dir (training resumes from the latest checkpoint and its global step).

    def model_fn(features, labels, mode, params):
        logits = tf.layers.dense(features["x"], 10)
        ...
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)

    est = tf.estimator.Estimator(model_fn, model_dir="model")
    est.train(tf.estimator.inputs.numpy_input_fn({"x": x}, y, shuffle=True), steps=1000)
"""

import contextlib
import inspect
import os
import shutil
import tempfile
import time

import numpy as np

from tinytf.client.session import Session
from tinytf.data.dataset_ops import Dataset
from tinytf.estimator import numpy_io, warm_start
from tinytf.estimator.model_fn import EstimatorSpec, ModeKeys
from tinytf.estimator.run_config import RunConfig
from tinytf.framework.graph import Graph, GraphKeys
from tinytf.ops import control_flow_ops, metrics_ops, summary_ops
from tinytf.ops.random_ops import set_random_seed
from tinytf.platform import tf_logging as logging
from tinytf.training import basic_session_run_hooks as hooks_lib
from tinytf.training import checkpoint_management, checkpoint_utils, training_util
from tinytf.training import monitored_session as ms
from tinytf.training.saver import Saver
from tinytf.training.session_run_hook import SessionRunHook


class _ProgressBar(SessionRunHook):
    """A tqdm bar over the training steps, shown only when stderr is a terminal."""

    def __init__(self, loss, steps, max_steps):
        self._loss, self._steps, self._max_steps = loss, steps, max_steps

    def after_create_session(self, session, coord):
        from tqdm import tqdm

        total = self._steps
        if self._max_steps is not None:
            total = self._max_steps - int(session.run(training_util.get_global_step()))
        self._bar = tqdm(total=total, unit="step", disable=None, leave=False)

    def before_run(self, run_context):
        return hooks_lib.SessionRunArgs(self._loss)

    def after_run(self, run_context, run_values):
        self._bar.update(1)
        if self._bar.n % 10 == 1:
            self._bar.set_postfix(loss=f"{float(run_values.results):.4g}", refresh=False)

    def end(self, session):
        self._bar.close()


class _FinalOpsHook(SessionRunHook):
    """Runs `final_ops` when the session ends (the metric values after the last update)."""

    def __init__(self, final_ops):
        self._ops, self.values = final_ops, None

    def end(self, session):
        self.values = session.run(self._ops)


class Estimator:
    """A model (model_fn) with its directory: train(), evaluate(), predict()."""

    def __init__(self, model_fn, model_dir=None, config=None, params=None, warm_start_from=None):
        if not callable(model_fn):
            raise ValueError("model_fn must be provided to Estimator.")
        config = config or RunConfig()
        if model_dir and config.model_dir and model_dir != config.model_dir:
            raise ValueError(
                f"model_dir are set both in constructor and RunConfig, but with "
                f"different values. In constructor: '{model_dir}', in RunConfig: "
                f"'{config.model_dir}' "
            )
        model_dir = model_dir or config.model_dir
        if model_dir is None:
            model_dir = tempfile.mkdtemp()
            logging.warning("Using temporary folder as model directory: %s", model_dir)
        self._model_dir = os.fspath(model_dir)
        self._config = config.replace(model_dir=self._model_dir)
        self._model_fn, self._params = model_fn, dict(params or {})
        self._warm_start_settings = warm_start._settings(warm_start_from)
        logging.info("Using config: %s", self._config)

    model_dir = property(lambda self: self._model_dir)
    config = property(lambda self: self._config)
    params = property(lambda self: dict(self._params))
    model_fn = property(lambda self: self._model_fn)

    # -- reading the model -------------------------------------------------------------------
    def latest_checkpoint(self):
        return checkpoint_management.latest_checkpoint(self._model_dir)

    def get_variable_names(self):
        return [name for name, _ in checkpoint_utils.list_variables(self._model_dir)]

    def get_variable_value(self, name):
        return checkpoint_utils.load_variable(self._model_dir, name)

    # -- building ----------------------------------------------------------------------------
    @contextlib.contextmanager
    def _graph(self):
        """A new default graph, seeded from the config."""
        with Graph().as_default() as graph:
            if self._config.tf_random_seed is not None:
                set_random_seed(self._config.tf_random_seed)
            yield graph

    def _params_for(self, mode, fn_kind):
        """The params handed to the input_fn (`fn_kind` "input_fn") or the model_fn."""
        return self.params

    def _inputs(self, input_fn, mode):
        args = inspect.signature(input_fn).parameters
        given = {"mode": mode, "params": self._params_for(mode, "input_fn"), "config": self._config}
        result = input_fn(**{k: v for k, v in given.items() if k in args})
        if isinstance(result, Dataset):  # TF 1.x's estimators iterate a returned Dataset
            result = result.make_one_shot_iterator().get_next()
        if isinstance(result, (tuple, list)):
            if len(result) != 2:
                raise ValueError("input_fn should return (features, labels) as a len 2 tuple.")
            return result[0], result[1]
        return result, None

    def _call_model_fn(self, features, labels, mode):
        args = inspect.signature(self._model_fn).parameters
        if "features" not in args:
            raise ValueError(f"model_fn ({self._model_fn}) must include features argument.")
        if "labels" not in args and labels is not None and mode != ModeKeys.PREDICT:
            raise ValueError("model_fn does not take labels, but input_fn returns labels.")
        kwargs = {"features": features}
        for name, value in (
            ("labels", labels),
            ("mode", mode),
            ("params", self._params_for(mode, "model_fn")),
            ("config", self._config),
        ):
            if name in args:
                kwargs[name] = value
        spec = self._model_fn(**kwargs)
        if not isinstance(spec, EstimatorSpec):
            raise ValueError(f"model_fn should return an EstimatorSpec. Given: {spec}")
        return spec

    @staticmethod
    def _feed_hooks(graph):
        return [hooks_lib.FeedFnHook(f) for f in graph.get_collection(numpy_io.FEEDERS)]

    # -- train -------------------------------------------------------------------------------
    def train(self, input_fn, hooks=None, steps=None, max_steps=None, saving_listeners=None):
        """Trains for `steps` more steps or up to global step `max_steps` (or until the input
        ends), saving checkpoints in model_dir."""
        if steps is not None and max_steps is not None:
            raise ValueError("Can not provide both steps and max_steps.")
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        if max_steps is not None:
            latest = self.latest_checkpoint()
            if latest and int(checkpoint_utils.load_variable(latest, "global_step")) >= max_steps:
                logging.info("Skipping training since max_steps has already saved.")
                return self
        with self._graph() as graph:
            global_step = training_util.get_or_create_global_step()
            features, labels = self._inputs(input_fn, ModeKeys.TRAIN)
            spec = self._call_model_fn(features, labels, ModeKeys.TRAIN)
            if self._warm_start_settings:
                warm_start._warm_start(self._warm_start_settings)
            if hooks_lib._summaries_available():  # (without TensorBoard: no summaries)
                summary_ops.scalar("loss", spec.loss)
            every = self._config.log_step_count_steps
            all_hooks = self._feed_hooks(graph) + list(hooks or []) + list(spec.training_hooks)
            all_hooks += [
                hooks_lib.NanTensorHook(spec.loss),
                hooks_lib.LoggingTensorHook(
                    {"loss": spec.loss, "step": global_step}, every_n_iter=every
                ),
                _ProgressBar(spec.loss, steps, max_steps),
            ]
            if steps is not None or max_steps is not None:
                all_hooks.append(hooks_lib.StopAtStepHook(steps, max_steps))
            scaffold = spec.scaffold or ms.Scaffold()
            if scaffold.saver is None and not graph.get_collection(GraphKeys.SAVERS):
                scaffold.saver = Saver(
                    max_to_keep=self._config.keep_checkpoint_max,
                    keep_checkpoint_every_n_hours=self._config.keep_checkpoint_every_n_hours,
                    save_relative_paths=True,
                )
            saver_hooks = list(spec.training_chief_hooks)
            if saving_listeners:
                saver_hooks.append(self._checkpoint_hook(scaffold, saving_listeners))
            loss = None
            with ms.MonitoredTrainingSession(
                checkpoint_dir=self._model_dir,
                scaffold=scaffold,
                hooks=all_hooks,
                chief_only_hooks=saver_hooks,
                save_checkpoint_secs=None
                if saving_listeners
                else self._config.save_checkpoints_secs,
                save_checkpoint_steps=None
                if saving_listeners
                else self._config.save_checkpoints_steps,
                save_summaries_steps=self._config.save_summary_steps,
                config=self._config.session_config,
                log_step_count_steps=every,
            ) as session:
                while not session.should_stop():
                    _, loss = session.run([spec.train_op, spec.loss])
        hooks_lib.SummaryWriterCache.clear()
        logging.info("Loss for final step: %s.", loss)
        return self

    def _checkpoint_hook(self, scaffold, listeners):
        return hooks_lib.CheckpointSaverHook(
            self._model_dir,
            save_secs=self._config.save_checkpoints_secs,
            save_steps=self._config.save_checkpoints_steps,
            scaffold=scaffold,
            listeners=listeners,
        )

    # -- evaluate ----------------------------------------------------------------------------
    def evaluate(self, input_fn, steps=None, hooks=None, checkpoint_path=None, name=None):
        """The eval_metric_ops (and `loss`, `global_step`) over the input (or `steps` batches),
        with the latest checkpoint; also written as summaries to model_dir/eval[_name]."""
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        checkpoint_path = checkpoint_path or self.latest_checkpoint()
        if not checkpoint_path:
            logging.info(
                "Could not find trained model in model_dir: %s, running "
                "initialization to evaluate.",
                self._model_dir,
            )
        with self._graph() as graph:
            global_step = training_util.get_or_create_global_step()
            features, labels = self._inputs(input_fn, ModeKeys.EVAL)
            spec = self._call_model_fn(features, labels, ModeKeys.EVAL)
            metrics = dict(spec.eval_metric_ops)
            if "loss" not in metrics:
                metrics["loss"] = metrics_ops.mean(spec.loss)
            update = control_flow_ops.group(*[u for _, u in metrics.values()])
            final = _FinalOpsHook(
                {**{k: v for k, (v, _) in metrics.items()}, "global_step": global_step}
            )
            all_hooks = self._feed_hooks(graph) + list(hooks or []) + list(spec.evaluation_hooks)
            all_hooks += [hooks_lib.StopAfterNEvalsHook(steps), final]
            creator = ms.ChiefSessionCreator(
                spec.scaffold,
                config=self._config.session_config,
                checkpoint_filename_with_path=checkpoint_path,
            )
            logging.info(
                "Starting evaluation at %s", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            )
            with ms.MonitoredSession(creator, all_hooks) as session:
                while not session.should_stop():
                    session.run(update)
            logging.info("Finished evaluation at %s", time.strftime("%Y-%m-%d-%H:%M:%S"))
        results = final.values
        self._write_eval(results, name)
        return results

    def _write_eval(self, results, name):
        step = results["global_step"]
        line = ", ".join(f"{k} = {results[k]!s}" for k in sorted(results))
        logging.info("Saving dict for global step %d: %s", step, line)
        if not hooks_lib._summaries_available():
            return
        from tinytf.summary.writer import FileWriter

        writer = FileWriter(os.path.join(self._model_dir, "eval" if not name else f"eval_{name}"))
        for key, value in sorted(results.items()):
            if key != "global_step" and np.ndim(value) == 0:
                writer.add_summary(hooks_lib._scalar(key, value), step)
        writer.close()

    # -- export ------------------------------------------------------------------------------
    def export_savedmodel(
        self,
        export_dir_base,
        serving_input_receiver_fn,
        assets_extra=None,
        as_text=False,
        checkpoint_path=None,
        strip_default_attrs=False,
    ):
        """The model (PREDICT mode, fed by serving_input_receiver_fn) with the latest
        checkpoint's variables, as a SavedModel in export_dir_base/<timestamp>; returns its
        path (bytes)."""
        return _export_savedmodel(
            self, export_dir_base, serving_input_receiver_fn, assets_extra, as_text, checkpoint_path
        )

    export_saved_model = export_savedmodel

    # -- predict -----------------------------------------------------------------------------
    def predict(
        self,
        input_fn,
        predict_keys=None,
        hooks=None,
        checkpoint_path=None,
        yield_single_examples=True,
    ):
        """Yields the predictions for each example of the input (a dict per example when the
        model_fn's predictions are a dict), with the latest checkpoint."""
        checkpoint_path = checkpoint_path or self.latest_checkpoint()
        if not checkpoint_path:
            logging.info(
                "Could not find trained model in model_dir: %s, running initialization to predict.",
                self._model_dir,
            )
        with self._graph() as graph:
            training_util.get_or_create_global_step()
            features, _ = self._inputs(input_fn, ModeKeys.PREDICT)
            spec = self._call_model_fn(features, None, ModeKeys.PREDICT)
            predictions = spec.predictions
            if isinstance(predictions, dict) and predict_keys is not None:
                missing = set(predict_keys) - set(predictions)
                if missing:
                    raise ValueError(
                        f"Expected to run at least one output from "
                        f"{sorted(predictions)}, provided {sorted(missing)}."
                    )
                predictions = {k: predictions[k] for k in predict_keys}
            all_hooks = self._feed_hooks(graph) + list(hooks or []) + list(spec.prediction_hooks)
            creator = ms.ChiefSessionCreator(
                spec.scaffold,
                config=self._config.session_config,
                checkpoint_filename_with_path=checkpoint_path,
            )
            with ms.MonitoredSession(creator, all_hooks) as session:
                while not session.should_stop():
                    batch = session.run(predictions)
                    if not yield_single_examples:
                        yield batch
                        continue
                    yield from _examples(batch)


def _export_savedmodel(
    estimator, export_dir_base, serving_input_receiver_fn, assets_extra, as_text, checkpoint_path
):
    from tinytf.estimator import export as export_lib
    from tinytf.saved_model import saved_model as sm

    checkpoint_path = checkpoint_path or estimator.latest_checkpoint()
    if not checkpoint_path:
        raise ValueError(f"Couldn't find trained model at {estimator.model_dir}.")
    export_dir = export_lib._timestamped_export_dir(export_dir_base)
    with estimator._graph():
        training_util.get_or_create_global_step()
        receiver = serving_input_receiver_fn()
        spec = estimator._call_model_fn(receiver.features, None, ModeKeys.PREDICT)
        signatures = export_lib._signature_defs(receiver, spec.export_outputs, spec.predictions)
        with Session() as session:
            Saver(sharded=False).restore(session, checkpoint_path)
            builder = sm.SavedModelBuilder(export_dir)
            builder.add_meta_graph_and_variables(session, [sm.SERVING], signatures)
            builder.save(as_text)
    for dest, source in (assets_extra or {}).items():  # TF copies them beside the model
        target = os.path.join(export_dir, "assets.extra", dest)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(source, target)
    logging.info("SavedModel written to: %s", export_dir)
    return export_dir.encode()


def _examples(batch):
    if not isinstance(batch, dict):
        yield from batch
        return
    sizes = {len(v) for v in batch.values()}
    if len(sizes) != 1:
        raise ValueError(f"Batch length of predictions should be same. {batch}")
    for i in range(sizes.pop()):
        yield {k: v[i] for k, v in batch.items()}

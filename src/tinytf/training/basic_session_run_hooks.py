"""The standard SessionRunHooks of tf.train: stop at a step, log tensors, stop on NaN loss,
count steps per second, save checkpoints and summaries; and the timer they share."""

import functools
import os
import time

import numpy as np

from tinytf.framework import errors
from tinytf.framework.graph import get_default_graph
from tinytf.platform import tf_logging as logging
from tinytf.training import training_util
from tinytf.training.graph_io import write_graph
from tinytf.training.session_run_hook import SessionRunArgs, SessionRunHook


class SecondOrStepTimer:
    """Triggers every `every_secs` seconds or every `every_steps` steps (one of them)."""

    def __init__(self, every_secs=None, every_steps=None):
        if every_secs is None and every_steps is None:
            raise ValueError("Either every_secs or every_steps should be provided.")
        if every_secs is not None and every_steps is not None:
            raise ValueError("Can not provide both every_secs and every_steps.")
        self._secs, self._steps = every_secs, every_steps
        self._last_time = self._last_step = None

    def should_trigger_for_step(self, step):
        if self._last_step is None:
            return True
        if self._last_step == step:
            return False
        if self._secs is not None:
            return time.time() >= self._last_time + self._secs
        return step >= self._last_step + self._steps

    def update_last_triggered_step(self, step):
        """Records a trigger at `step`; returns (seconds, steps) since the last one."""
        now = time.time()
        elapsed = (None, None)
        if self._last_time is not None:
            elapsed = (now - self._last_time, step - self._last_step)
        self._last_time, self._last_step = now, step
        return elapsed

    def last_triggered_step(self):
        return self._last_step


def _global_step_tensor():
    step = training_util.get_global_step()
    if step is None:
        raise RuntimeError("Global step should be created to use this hook.")
    return step


class StopAtStepHook(SessionRunHook):
    """Requests a stop after `num_steps` more steps, or once the global step reaches last_step."""

    def __init__(self, num_steps=None, last_step=None):
        if (num_steps is None) == (last_step is None):
            raise ValueError("One of num_steps or last_step must be specified.")
        if num_steps is not None and num_steps < 0:
            raise ValueError("num_steps must be non-negative.")
        self._num_steps, self._last_step = num_steps, last_step

    def begin(self):
        self._step = _global_step_tensor()

    def after_create_session(self, session, coord):
        step = int(session.run(self._step))
        if self._last_step is None:
            self._last_step = step + self._num_steps

    def before_run(self, run_context):
        return SessionRunArgs(self._step)

    def after_run(self, run_context, run_values):
        step = int(run_values.results)  # fetched with the train op: the value after it
        if step >= self._last_step:
            run_context.request_stop()


class LoggingTensorHook(SessionRunHook):
    """Logs the values of tensors ({tag: tensor} or a list) every N steps or seconds, at INFO."""

    def __init__(self, tensors, every_n_iter=None, every_n_secs=None, at_end=False, formatter=None):
        if isinstance(tensors, dict):
            self._tags = sorted(tensors)
        else:
            self._tags = [t if isinstance(t, str) else t.name for t in tensors]
            tensors = dict(zip(self._tags, tensors))
        self._tensors, self._formatter, self._at_end = tensors, formatter, at_end
        self._timer = (
            SecondOrStepTimer(every_n_secs, every_n_iter)
            if (every_n_iter or every_n_secs)
            else None
        )
        self._iter = 0

    def begin(self):
        graph = get_default_graph()
        self._fetches = {tag: _tensor(graph, t) for tag, t in self._tensors.items()}

    def before_run(self, run_context):
        self._should_log = self._timer is not None and self._timer.should_trigger_for_step(
            self._iter
        )
        return SessionRunArgs(self._fetches) if self._should_log else None

    def _log(self, values):
        if self._formatter:
            logging.info(self._formatter(values))
            return
        line = ", ".join(f"{tag} = {_fmt(values[tag])}" for tag in self._tags)
        elapsed, _ = (
            self._timer.update_last_triggered_step(self._iter) if self._timer else (None, None)
        )
        if elapsed is not None:
            line += f" ({elapsed:.3f} sec)"
        logging.info("%s", line)

    def after_run(self, run_context, run_values):
        if self._should_log:
            self._log(run_values.results)
        self._iter += 1

    def end(self, session):
        if self._at_end:
            self._log(session.run(self._fetches))


def _tensor(graph, t):
    """A tensor from a Tensor or a name; an op name means its (only) output, as in TF."""
    if isinstance(t, str) and ":" not in t:
        op = graph.as_graph_element(t, allow_tensor=False)
        if len(op.outputs) != 1:
            raise ValueError(
                f"Name {t} is ambiguous, as this `Operation` has multiple outputs (at least 2)."
            )
        return op.outputs[0]
    return graph.as_graph_element(t)


def _fmt(value):
    value = np.asarray(value)
    return str(value[()]) if value.ndim == 0 else np.array2string(value)


class NanLossDuringTrainingError(RuntimeError):
    def __str__(self):
        return "NaN loss during training."


class NanTensorHook(SessionRunHook):
    """Stops training (raising, by default) when the loss becomes NaN."""

    def __init__(self, loss_tensor, fail_on_nan_loss=True):
        self._loss, self._fail = loss_tensor, fail_on_nan_loss

    def before_run(self, run_context):
        return SessionRunArgs(self._loss)

    def after_run(self, run_context, run_values):
        if np.isnan(run_values.results):
            if self._fail:
                logging.error("Model diverged with loss = NaN.")
                raise NanLossDuringTrainingError
            logging.warning("Model diverged with loss = NaN.")
            run_context.request_stop()


class _SummaryWriters:
    """One FileWriter per directory, shared by the hooks (TF's SummaryWriterCache)."""

    _writers = {}

    @classmethod
    def get(cls, logdir):
        from tinytf.summary.writer import FileWriter

        if logdir not in cls._writers or cls._writers[logdir]._closed:
            cls._writers[logdir] = FileWriter(logdir)
        return cls._writers[logdir]

    @classmethod
    def clear(cls):
        for writer in cls._writers.values():
            writer.close()
        cls._writers.clear()


SummaryWriterCache = _SummaryWriters


@functools.lru_cache(maxsize=1)
def _summaries_available():
    """Whether TensorBoard's protobufs are there (else one warning, and no summaries)."""
    try:
        import tensorboard  # noqa: F401
    except ImportError:
        logging.warning(
            "tensorboard is not installed: no summaries are written "
            "(pip install 'tinytf[tensorboard]')"
        )
        return False
    return True


class _WritingHook(SessionRunHook):
    """A hook that reads the global step and writes summaries to output_dir (if TensorBoard's
    protobufs are there)."""

    def begin(self):
        self._step = _global_step_tensor()
        if self._writer is None and self._output_dir and _summaries_available():
            self._writer = _SummaryWriters.get(self._output_dir)


class StepCounterHook(_WritingHook):
    """Logs and records (summary `global_step/sec`) the training speed every N steps."""

    def __init__(self, every_n_steps=100, every_n_secs=None, output_dir=None, summary_writer=None):
        self._timer = SecondOrStepTimer(every_n_secs, None if every_n_secs else every_n_steps)
        self._output_dir, self._writer = output_dir, summary_writer

    def before_run(self, run_context):
        return SessionRunArgs(self._step)

    def after_run(self, run_context, run_values):
        step = int(run_values.results)
        if self._timer.should_trigger_for_step(step):
            secs, steps = self._timer.update_last_triggered_step(step)
            if secs:
                rate = steps / secs
                logging.info("global_step/sec: %g", rate)
                if self._writer is not None:
                    self._writer.add_summary(_scalar("global_step/sec", rate), step)


def _scalar(tag, value):
    from tinytf.framework.graph_io import protos

    summary = protos().Summary
    return summary(value=[summary.Value(tag=tag, simple_value=float(value))])


class SummarySaverHook(_WritingHook):
    """Runs the summary op every N steps (or seconds) and writes what it returns."""

    def __init__(
        self,
        save_steps=None,
        save_secs=None,
        output_dir=None,
        summary_writer=None,
        scaffold=None,
        summary_op=None,
    ):
        self._timer = SecondOrStepTimer(save_secs, None if save_secs else save_steps)
        self._output_dir, self._writer = output_dir, summary_writer
        self._scaffold, self._op = scaffold, summary_op

    def before_run(self, run_context):
        op = self._op if self._op is not None else getattr(self._scaffold, "summary_op", None)
        self._request = op is not None and self._writer is not None
        fetches = {"step": self._step}
        if self._request:
            self._request = self._timer.should_trigger_for_step(self._next_step)
        if self._request:
            fetches["summary"] = op
        return SessionRunArgs(fetches)

    def after_create_session(self, session, coord):
        self._next_step = int(session.run(self._step))

    def after_run(self, run_context, run_values):
        step = int(run_values.results["step"])
        if self._request:
            self._timer.update_last_triggered_step(self._next_step)
            self._writer.add_summary(run_values.results["summary"], step)
        self._next_step = step

    def end(self, session):
        if self._writer is not None:
            self._writer.flush()


class CheckpointSaverHook(SessionRunHook):
    """Saves `checkpoint_dir/model.ckpt-<step>` at the start, every N steps or seconds, and at
    the end (with the graph as graph.pbtxt and each checkpoint's meta graph)."""

    def __init__(
        self,
        checkpoint_dir,
        save_secs=None,
        save_steps=None,
        saver=None,
        checkpoint_basename="model.ckpt",
        scaffold=None,
        listeners=None,
        save_graph_def=True,
    ):
        self._dir, self._saver, self._scaffold = checkpoint_dir, saver, scaffold
        self._save_graph_def = save_graph_def
        self._path = os.path.join(checkpoint_dir, checkpoint_basename)
        self._timer = SecondOrStepTimer(save_secs, None if save_secs else save_steps)
        self._listeners = list(listeners or [])

    def begin(self):
        self._step = _global_step_tensor()
        for listener in self._listeners:
            listener.begin()

    def _get_saver(self):
        return self._saver or self._scaffold.saver

    def after_create_session(self, session, coord):
        step = int(session.run(self._step))
        # the graph and the meta graphs need TensorBoard's protos
        self._meta = self._save_graph_def and _summaries_available()
        if self._meta:
            write_graph(session.graph, self._dir, "graph.pbtxt")
        saver = self._get_saver()
        state = os.path.join(self._dir, "checkpoint")
        if os.path.exists(state):
            from tinytf.training import checkpoint_management

            kept = checkpoint_management.get_checkpoint_state(self._dir)
            if kept is not None:
                saver.recover_last_checkpoints(list(kept.all_model_checkpoint_paths))
        self._save(session, step)
        self._timer.update_last_triggered_step(step)

    def before_run(self, run_context):
        return SessionRunArgs(self._step)

    def after_run(self, run_context, run_values):
        step = int(run_values.results)
        if self._timer.should_trigger_for_step(step):
            self._timer.update_last_triggered_step(step)
            if self._save(run_context.session, step):
                run_context.request_stop()

    def end(self, session):
        step = int(session.run(self._step))
        if step != self._timer.last_triggered_step():
            self._save(session, step)
        for listener in self._listeners:
            listener.end(session, step)

    def _save(self, session, step):
        logging.info("Saving checkpoints for %d into %s.", step, self._path)
        for listener in self._listeners:
            listener.before_save(session, step)
        self._get_saver().save(session, self._path, global_step=step, write_meta_graph=self._meta)
        return any(listener.after_save(session, step) for listener in self._listeners)


class CheckpointSaverListener:
    """Called around each save of a CheckpointSaverHook; after_save returning True stops."""

    def begin(self):
        pass

    def before_save(self, session, global_step_value):
        pass

    def after_save(self, session, global_step_value):
        pass

    def end(self, session, global_step_value):
        pass


class FeedFnHook(SessionRunHook):
    """Feeds `feed_fn()` into every run; feed_fn raising StopIteration ends the input."""

    def __init__(self, feed_fn):
        self._feed_fn = feed_fn

    def before_run(self, run_context):
        try:
            return SessionRunArgs(fetches=None, feed_dict=self._feed_fn())
        except StopIteration:
            raise errors.OutOfRangeError(
                None, None, "End of input: all batches were fed (num_epochs reached)"
            ) from None


class StopAfterNEvalsHook(SessionRunHook):
    """Stops an evaluation loop after num_evals runs."""

    def __init__(self, num_evals):
        self._num_evals, self._done = num_evals, 0

    def after_run(self, run_context, run_values):
        self._done += 1
        if self._num_evals is not None and self._done >= self._num_evals:
            run_context.request_stop()


def _global_step_read(hook_name):
    step = training_util._get_or_create_global_step_read()
    if step is None:
        raise RuntimeError(f"Global step should be created to use {hook_name}.")
    return step


class GlobalStepWaiterHook(SessionRunHook):
    """Holds the first run until the global step reaches wait_until_step (a worker waiting
    for the chief), polling every 0.5 s."""

    def __init__(self, wait_until_step):
        self._wait_until_step = wait_until_step

    def begin(self):
        self._worker_is_started = False
        self._global_step_tensor = _global_step_read("_GlobalStepWaiterHook")

    def before_run(self, run_context):
        if self._worker_is_started:
            return None
        if self._wait_until_step <= 0:
            self._worker_is_started = True
            return None
        logging.info("Waiting for global step %d before starting training.", self._wait_until_step)
        last_logged_step = 0
        while True:
            current_step = run_context.session.run(self._global_step_tensor)
            if current_step >= self._wait_until_step:
                self._worker_is_started = True
                return None
            if current_step - last_logged_step > 1000:
                logging.info(
                    "Waiting for global step %d before starting training. Current step is %d.",
                    self._wait_until_step, current_step,
                )  # fmt: skip
                last_logged_step = current_step
            time.sleep(0.5)


class FinalOpsHook(SessionRunHook):
    """Runs final_ops (a Tensor, a list or a dict of them) at the end; the values are in
    final_ops_values."""

    def __init__(self, final_ops, final_ops_feed_dict=None):
        self._final_ops, self._final_ops_feed_dict = final_ops, final_ops_feed_dict
        self._final_ops_values = None

    @property
    def final_ops_values(self):
        return self._final_ops_values

    def end(self, session):
        if self._final_ops is None:
            return
        try:
            self._final_ops_values = session.run(
                self._final_ops, feed_dict=self._final_ops_feed_dict
            )
        except (errors.OutOfRangeError, StopIteration):
            logging.warning(
                "An OutOfRangeError or StopIteration exception is raised by the code in "
                "FinalOpsHook. This typically means the Ops running by the FinalOpsHook have "
                "a dependency back to some input source, which should not happen. For example, "
                "for metrics in tf.estimator.Estimator, all metrics functions return two Ops: "
                "`value_op` and  `update_op`. Estimator.evaluate calls the `update_op` for each "
                "batch of the data in input source and, once it is exhausted, it call the "
                "`value_op` to get the metric values. The `value_op` here should have "
                "dependency back to variables reading only, rather than reading another batch "
                "from input. Otherwise, the `value_op`, executed by `FinalOpsHook`, triggers "
                "another data reading, which ends OutOfRangeError/StopIteration. Please fix "
                "that."
            )
            raise


class ProfilerHook(SessionRunHook):
    """Traces a run every N steps or seconds and writes it as a Chrome trace
    (output_dir/timeline-<step>.json, for chrome://tracing), with the run metadata in the
    directory's event file."""

    def __init__(
        self,
        save_steps=None,
        save_secs=None,
        output_dir="",
        show_dataflow=True,
        show_memory=False,
    ):
        self._output_file = os.path.join(output_dir, "timeline-{}.json")
        self._file_writer = _SummaryWriters.get(output_dir)
        self._show_dataflow, self._show_memory = show_dataflow, show_memory
        self._timer = SecondOrStepTimer(every_secs=save_secs, every_steps=save_steps)

    def begin(self):
        self._next_step = None
        self._global_step_tensor = _global_step_read("ProfilerHook")

    def before_run(self, run_context):
        from tinytf.platform import protos

        self._request_summary = self._next_step is not None and (
            self._timer.should_trigger_for_step(self._next_step)
        )
        options = None
        if self._request_summary:
            run_options = protos.message("RunOptions")
            options = run_options(trace_level=run_options.FULL_TRACE)
        return SessionRunArgs({"global_step": self._global_step_tensor}, options=options)

    def after_run(self, run_context, run_values):
        stale_global_step = run_values.results["global_step"]
        if self._next_step is None:
            # so that the first trace comes only after N steps or seconds
            self._timer.update_last_triggered_step(stale_global_step)
        global_step = stale_global_step + 1
        if self._request_summary:
            global_step = run_context.session.run(self._global_step_tensor)
            self._timer.update_last_triggered_step(global_step)
            self._save(
                global_step,
                self._output_file.format(global_step),
                run_values.run_metadata.step_stats,
            )
            self._file_writer.add_run_metadata(run_values.run_metadata, f"step_{global_step}")
        self._next_step = global_step + 1

    def _save(self, step, save_path, step_stats):
        from tinytf.client.timeline import Timeline
        from tinytf.platform import gfile

        logging.info("Saving timeline for %d into '%s'.", step, save_path)
        trace = Timeline(step_stats).generate_chrome_trace_format(
            show_dataflow=self._show_dataflow, show_memory=self._show_memory
        )
        with gfile.GFile(save_path + ".tmp", "w") as f:
            f.write(trace)
        gfile.Rename(save_path + ".tmp", save_path, overwrite=True)

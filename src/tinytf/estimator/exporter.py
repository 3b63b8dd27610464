"""tf.estimator's exporters: what train_and_evaluate exports after each evaluation, into
model_dir/export/<name>/<timestamp> (LatestExporter: every time, keeping the newest
`exports_to_keep`; BestExporter: when compare_fn says the evaluation is the best so far;
FinalExporter: once training has reached max_steps)."""

import glob
import inspect
import os
import shutil

from tinytf.platform import tf_logging as logging


class Exporter:
    """Exports an Estimator's model after an evaluation (subclasses give `name` and
    `export`; TF 1.15's base class is not abstract under Python 3, so neither is this)."""

    @property
    def name(self):
        """The directory under model_dir/export this exporter writes to."""

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        """Exports the model of `checkpoint_path` under `export_path`; returns the export's
        path or None."""


class _SavedModelExporter(Exporter):
    """Estimator.export_saved_model with a fixed serving_input_receiver_fn."""

    def __init__(self, name, serving_input_receiver_fn, assets_extra=None, as_text=False):
        self._name, self._receiver_fn = name, serving_input_receiver_fn
        self._assets_extra, self._as_text = assets_extra, as_text

    name = property(lambda self: self._name)

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        """The path of the new SavedModel (bytes)."""
        return estimator.export_saved_model(
            export_path,
            self._receiver_fn,
            assets_extra=self._assets_extra,
            as_text=self._as_text,
            checkpoint_path=checkpoint_path,
        )


def _garbage_collect_exports(export_dir_base, exports_to_keep):
    """Deletes all but the `exports_to_keep` newest timestamped exports."""
    if exports_to_keep is None:
        return
    base = os.fsdecode(export_dir_base)
    versions = sorted(
        int(name)
        for name in (os.listdir(base) if os.path.isdir(base) else [])
        if len(name) == 10 and name.isdigit()
    )
    for version in versions[: max(0, len(versions) - exports_to_keep)]:
        shutil.rmtree(os.path.join(base, str(version)), ignore_errors=True)


def _check_exports_to_keep(exports_to_keep, message):
    if exports_to_keep is not None and exports_to_keep <= 0:
        raise ValueError(message)


class LatestExporter(Exporter):
    """Exports after every evaluation, keeping the `exports_to_keep` newest."""

    def __init__(
        self, name, serving_input_receiver_fn, assets_extra=None, as_text=False, exports_to_keep=5
    ):
        self._exporter = _SavedModelExporter(name, serving_input_receiver_fn, assets_extra, as_text)
        self._exports_to_keep = exports_to_keep
        _check_exports_to_keep(
            exports_to_keep, "`exports_to_keep`, if provided, must be positive number"
        )

    name = property(lambda self: self._exporter.name)

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        """Exports, then deletes the oldest exports beyond exports_to_keep."""
        result = self._exporter.export(
            estimator, export_path, checkpoint_path, eval_result, is_the_final_export
        )
        _garbage_collect_exports(export_path, self._exports_to_keep)
        return result


class FinalExporter(Exporter):
    """Exports once, after the evaluation at the end of training."""

    def __init__(self, name, serving_input_receiver_fn, assets_extra=None, as_text=False):
        self._exporter = _SavedModelExporter(name, serving_input_receiver_fn, assets_extra, as_text)

    name = property(lambda self: self._exporter.name)

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        """Exports only when `is_the_final_export`."""
        if not is_the_final_export:
            return None
        logging.info("Performing the final export in the end of training.")
        return self._exporter.export(
            estimator, export_path, checkpoint_path, eval_result, is_the_final_export
        )


def _loss_smaller(best_eval_result, current_eval_result):
    """True when the current evaluation's loss is below the best's."""
    if not best_eval_result or "loss" not in best_eval_result:
        raise ValueError("best_eval_result cannot be empty or no loss is found in it.")
    if not current_eval_result or "loss" not in current_eval_result:
        raise ValueError("current_eval_result cannot be empty or no loss is found in it.")
    return best_eval_result["loss"] > current_eval_result["loss"]


def _verify_compare_fn_args(compare_fn):
    args = set(inspect.signature(compare_fn).parameters)
    for name in ("best_eval_result", "current_eval_result"):
        if name not in args:
            raise ValueError(f"compare_fn ({compare_fn}) must include {name} argument.")
    extra = list(args - {"best_eval_result", "current_eval_result"})
    if extra:
        raise ValueError(f"compare_fn ({compare_fn}) has following not expected args: {extra}")


class BestExporter(Exporter):
    """Exports when an evaluation beats the best one so far (by compare_fn; the best is first
    read back from the evaluation summaries in model_dir)."""

    def __init__(
        self,
        name="best_exporter",
        serving_input_receiver_fn=None,
        event_file_pattern="eval/*.tfevents.*",
        compare_fn=_loss_smaller,
        assets_extra=None,
        as_text=False,
        exports_to_keep=5,
    ):
        if compare_fn is None:
            raise ValueError("`compare_fn` must not be None.")
        _verify_compare_fn_args(compare_fn)
        self._compare_fn = compare_fn
        self._exporter = _SavedModelExporter(name, serving_input_receiver_fn, assets_extra, as_text)
        self._event_file_pattern = event_file_pattern
        self._model_dir = self._best_eval_result = None
        self._exports_to_keep = exports_to_keep
        _check_exports_to_keep(
            exports_to_keep,
            f"`exports_to_keep`, if provided, must be a positive number. Got {exports_to_keep}",
        )

    name = property(lambda self: self._exporter.name)

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        """Exports when eval_result is the best so far; returns the path or None."""
        if self._model_dir != estimator.model_dir and self._event_file_pattern:
            logging.info("Loading best metric from event files.")
            self._model_dir = estimator.model_dir
            pattern = os.path.join(self._model_dir, self._event_file_pattern)
            self._best_eval_result = self._get_best_eval_result(pattern)
        if self._best_eval_result is not None and not self._compare_fn(
            best_eval_result=self._best_eval_result, current_eval_result=eval_result
        ):
            return None
        logging.info("Performing best model export.")
        self._best_eval_result = eval_result
        result = self._exporter.export(
            estimator, export_path, checkpoint_path, eval_result, is_the_final_export
        )
        _garbage_collect_exports(export_path, self._exports_to_keep)
        return result

    def _get_best_eval_result(self, event_files):
        from tinytf.training.summary_iterator import summary_iterator

        best = None
        for event_file in glob.glob(event_files):
            for event in summary_iterator(event_file):
                if not event.HasField("summary"):
                    continue
                result = {
                    v.tag: v.simple_value for v in event.summary.value if v.HasField("simple_value")
                }
                if result and (best is None or self._compare_fn(best, result)):
                    best = result
        return best


def _validate_exporters(exporters):
    """`exporters` (one, an iterable or None) as a tuple of uniquely named Exporters."""
    if not exporters:
        return ()
    if isinstance(exporters, Exporter):
        exporters = [exporters]
    names = []
    try:
        for exporter in exporters:
            if not isinstance(exporter, Exporter):
                raise TypeError
            if not exporter.name:
                raise ValueError(
                    "An Exporter cannot have a name that is `None` or empty. All exporter "
                    f"names: {[e.name for e in exporters]}"
                )
            if not isinstance(exporter.name, str):
                raise ValueError(
                    f"An Exporter must have a string name. Given: {type(exporter.name)}"
                )
            if exporter.name in names:
                raise ValueError(
                    "`exporters` must have unique names. Such a name cannot be `None`. All "
                    f"exporter names: {[e.name for e in exporters]}"
                )
            names.append(exporter.name)
    except TypeError:
        raise TypeError(
            "`exporters` must be an Exporter, an iterable of Exporter, or `None`, found "
            f"{exporters}."
        ) from None
    return tuple(exporters)


def _export_eval_result(estimator, exporters, checkpoint_path, metrics, is_the_final_export):
    """Runs each exporter into model_dir/export/<its name>; returns their results."""
    base = os.path.join(os.fsdecode(estimator.model_dir), "export")
    return [
        exporter.export(
            estimator=estimator,
            export_path=os.path.join(base, exporter.name),
            checkpoint_path=checkpoint_path,
            eval_result=metrics,
            is_the_final_export=is_the_final_export,
        )
        for exporter in exporters
    ]

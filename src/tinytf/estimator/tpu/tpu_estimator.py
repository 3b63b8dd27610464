"""tf.estimator.tpu.TPUEstimator and TPUEstimatorSpec, as TF 1.15 runs them without a TPU
(use_tpu=False, or evaluation with eval_on_tpu=False): the Estimator's CPU path, with the batch
size of the mode in params['batch_size'] for input_fn and model_fn (and params['use_tpu'] for
the model_fn), and a TPUEstimatorSpec's eval_metrics/host_call run on the host. A TPU run
fails as TF's does on a machine without TPU cores.

    def model_fn(features, labels, mode, params):
        ...  # params["batch_size"] is train_batch_size in TRAIN
        return tf.estimator.tpu.TPUEstimatorSpec(mode, loss=loss, train_op=train_op,
                                                 eval_metrics=(metric_fn, [labels, logits]))

    est = tf.estimator.tpu.TPUEstimator(model_fn, config=tf.estimator.tpu.RunConfig(),
                                        use_tpu=False, train_batch_size=32)
"""

import collections
import enum
import inspect

from tinytf.estimator.estimator import Estimator
from tinytf.estimator.model_fn import EstimatorSpec, ModeKeys
from tinytf.estimator.tpu import tpu_config
from tinytf.training.session_run_hook import SessionRunArgs, SessionRunHook

_RESERVED_PARAMS_KEYS = ["batch_size", "context"]


class ExportSavedModelApiVersion(enum.Enum):
    """How TPUEstimator exports for TPU serving (TF's V1/V2)."""

    V1 = 1
    V2 = 2


def _positional_args(fn):
    """(the names of fn's positional parameters, whether it takes *args)."""
    params = inspect.signature(fn).parameters.values()
    names = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return names, any(p.kind == p.VAR_POSITIONAL for p in params)


def _validate_host_calls(host_calls):
    """TF's checks of `eval_metrics` and `host_call`: (fn, tensors list or dict), with as many
    tensors as fn takes arguments."""
    for name, host_call in host_calls.items():
        if not isinstance(host_call, (tuple, list)):
            raise ValueError(f"{name} should be tuple or list")
        if len(host_call) != 2:
            raise ValueError(f"{name} should have two elements.")
        if not callable(host_call[0]):
            raise TypeError(f"{name}[0] should be callable.")
        if not isinstance(host_call[1], (tuple, list, dict)):
            raise ValueError(f"{name}[1] should be tuple or list, or dict.")
        if isinstance(host_call[1], (tuple, list)):
            args, varargs = _positional_args(host_call[0])
            if not varargs and len(host_call[1]) != len(args):
                raise RuntimeError(
                    f"In TPUEstimatorSpec.{name}, length of tensors {len(host_call[1])} does "
                    f"not match method args of the function, which takes {len(args)}."
                )


def _call_on_host(host_call):
    fn, tensors = host_call
    return fn(**tensors) if isinstance(tensors, dict) else fn(*tensors)


class _HostCallHook(SessionRunHook):
    """Runs the host_call's ops with every step (TF's CPU _OutfeedHostCallHook)."""

    def __init__(self, tensors):
        self._tensors = tensors

    def before_run(self, run_context):
        return SessionRunArgs(self._tensors if self._tensors is not None else [])


_SPEC_FIELDS = [
    "mode",
    "predictions",
    "loss",
    "train_op",
    "eval_metrics",
    "export_outputs",
    "scaffold_fn",
    "host_call",
    "training_hooks",
    "evaluation_hooks",
    "prediction_hooks",
]


class TPUEstimatorSpec(collections.namedtuple("TPUEstimatorSpec", _SPEC_FIELDS)):
    """A model_fn's ops for TPUEstimator: metrics as eval_metrics=(metric_fn, tensors), the
    Scaffold as scaffold_fn, per-step host work as host_call=(fn, tensors)."""

    def __new__(
        cls,
        mode,
        predictions=None,
        loss=None,
        train_op=None,
        eval_metrics=None,
        export_outputs=None,
        scaffold_fn=None,
        host_call=None,
        training_hooks=None,
        evaluation_hooks=None,
        prediction_hooks=None,
    ):
        host_calls = {"eval_metrics": eval_metrics, "host_call": host_call}
        _validate_host_calls({k: v for k, v in host_calls.items() if v is not None})
        hooks = [tuple(h or ()) for h in (training_hooks, evaluation_hooks, prediction_hooks)]
        for hook in hooks[0] + hooks[1] + hooks[2]:
            if not isinstance(hook, SessionRunHook):
                raise TypeError(f"All hooks must be SessionRunHook instances, given: {hook}")
        EstimatorSpec(mode, predictions=predictions, loss=loss, train_op=train_op)  # TF's checks
        return super().__new__(
            cls,
            mode,
            predictions,
            loss,
            train_op,
            eval_metrics,
            export_outputs,
            scaffold_fn,
            host_call,
            *hooks,
        )

    def as_estimator_spec(self):
        """The equivalent EstimatorSpec for CPU: eval_metrics called for eval_metric_ops,
        host_call run by a hook with every step."""
        eval_metric_ops = None if self.eval_metrics is None else _call_on_host(self.eval_metrics)
        hooks = () if self.host_call is None else (_HostCallHook(_call_on_host(self.host_call)),)
        return EstimatorSpec(
            mode=self.mode,
            predictions=self.predictions,
            loss=self.loss,
            train_op=self.train_op,
            eval_metric_ops=eval_metric_ops,
            export_outputs=self.export_outputs,
            scaffold=self.scaffold_fn() if self.scaffold_fn else None,
            training_hooks=self.training_hooks + hooks,
            evaluation_hooks=self.evaluation_hooks + hooks,
            prediction_hooks=self.prediction_hooks + hooks,
        )


def _no_tpu_error():
    return RuntimeError(
        "Cannot find any TPU cores in the system. Please double check Tensorflow master "
        "address and TPU worker(s). Available devices are "
        "(/job:localhost/replica:0/task:0/device:CPU:0)."
    )


def _check_batch_sizes(use_tpu, config, train_batch_size, eval_batch_size, predict_batch_size):
    if not use_tpu:
        return
    if train_batch_size is None:
        raise ValueError("`train_batch_size` cannot be `None`")
    tpu_config.check_positive_integer(train_batch_size, "train_batch_size")
    if (
        config.tpu_config.per_host_input_for_training is tpu_config.InputPipelineConfig.PER_SHARD_V1
        and config.tpu_config.num_cores_per_replica
    ):
        raise ValueError(
            "Model parallelism only supports per host input for training. Please adjust "
            "TPURunconfig.per_host_input_for_training."
        )
    for size, name in (
        (eval_batch_size, "eval_batch_size"),
        (predict_batch_size, "predict_batch_size"),
    ):
        if size is not None:
            tpu_config.check_positive_integer(size, name)


def _verify_model_fn_args(model_fn, params):
    """TF's construction-time checks of the model_fn's arguments."""
    if not callable(model_fn):
        raise ValueError("model_fn must be provided to Estimator.")
    args = set(inspect.signature(model_fn).parameters)
    if "features" not in args:
        raise ValueError(f"model_fn ({model_fn}) must include features argument.")
    if params is not None and "params" not in args:
        raise ValueError(
            f"model_fn ({model_fn}) does not include params argument, but params ({params}) "
            "is passed to Estimator."
        )
    invalid = sorted(args - {"features", "labels", "mode", "params", "self", "config"})
    if invalid:
        raise ValueError(f"model_fn ({model_fn}) has following not expected args: {invalid}")


class TPUEstimator(Estimator):
    """An Estimator whose input_fn and model_fn get the mode's batch size as
    params['batch_size']; its model_fn may return a TPUEstimatorSpec. Needs a
    tf.estimator.tpu.RunConfig; runs on CPU with use_tpu=False (TF's way to debug a TPU
    model), and evaluation with eval_on_tpu=False."""

    def __init__(
        self,
        model_fn=None,
        model_dir=None,
        config=None,
        params=None,
        use_tpu=True,
        train_batch_size=None,
        eval_batch_size=None,
        predict_batch_size=None,
        batch_axis=None,
        eval_on_tpu=True,
        export_to_tpu=True,
        export_to_cpu=True,
        warm_start_from=None,
        embedding_config_spec=None,
        export_saved_model_api_version=ExportSavedModelApiVersion.V1,
    ):
        if config is None or not isinstance(config, tpu_config.RunConfig):
            raise ValueError("`config` must be provided with type `tpu_config.RunConfig`")
        if params is not None and any(k in params for k in _RESERVED_PARAMS_KEYS):
            raise ValueError(
                f"{_RESERVED_PARAMS_KEYS} are reserved keys but existed in params {params}."
            )
        _check_batch_sizes(use_tpu, config, train_batch_size, eval_batch_size, predict_batch_size)
        if embedding_config_spec is not None:  # TPU embeddings need a TPU
            raise ValueError("tinytf has no TPU embeddings: embedding_config_spec must be None.")
        _verify_model_fn_args(model_fn, params)
        super().__init__(
            self._augment_model_fn(model_fn), model_dir, config, params or {}, warm_start_from
        )
        if not isinstance(export_saved_model_api_version, ExportSavedModelApiVersion):
            raise ValueError(
                f"export_saved_model_api_version should be of type ExportSavedModelApiVersion; "
                f"got {export_saved_model_api_version}."
            )
        self._use_tpu, self._eval_on_tpu = use_tpu, eval_on_tpu
        self._export_to_tpu, self._export_to_cpu = export_to_tpu, export_to_cpu
        self._batch_sizes = {
            ModeKeys.TRAIN: train_batch_size,
            ModeKeys.EVAL: eval_batch_size,
            ModeKeys.PREDICT: predict_batch_size,
        }
        self._input_fn_invoked = False  # else the model_fn is called for an export

    def _running_on_cpu(self, mode):
        return not self._use_tpu or (mode == ModeKeys.EVAL and not self._eval_on_tpu)

    def _params_for(self, mode, fn_kind):
        params = self.params
        exporting = fn_kind == "model_fn" and not self._input_fn_invoked
        size = None if exporting else self._batch_sizes.get(mode)
        if size is not None:
            params["batch_size"] = size
        if fn_kind == "model_fn":
            params["use_tpu"] = False
        return params

    def _inputs(self, input_fn, mode):
        if "params" not in inspect.signature(input_fn).parameters:
            raise ValueError(
                f"input_fn ({input_fn}) does not include params argument, required by "
                f'TPUEstimator to pass batch size as params["batch_size"]'
            )
        sliced = tpu_config.InputPipelineConfig.SLICED
        if (
            self._running_on_cpu(mode)
            and mode != ModeKeys.TRAIN
            and self._config.tpu_config.eval_training_input_configuration is sliced
        ):
            raise ValueError(
                "Invalid TPUConfig `eval_training_input_configuration` value. SLICED mode only "
                "works on use_tpu = True."
            )
        if not self._running_on_cpu(mode):
            raise _no_tpu_error()
        self._input_fn_invoked = True
        return super()._inputs(input_fn, mode)

    def _augment_model_fn(self, model_fn):
        """The model_fn the Estimator calls: the user's, given what it takes, with a
        TPUEstimatorSpec turned into its CPU EstimatorSpec."""

        def _model_fn(features, labels, mode, config, params):
            self._input_fn_invoked = False
            args = inspect.signature(model_fn).parameters
            if "labels" not in args and labels is not None:
                raise ValueError("model_fn does not take labels, but input_fn returns labels.")
            if "params" not in args:
                raise ValueError(
                    f"model_fn ({model_fn}) does not include params argument, required by "
                    "TPUEstimator to pass batch size as params['batch_size']"
                )
            given = {"labels": labels, "mode": mode, "config": config, "params": params}
            spec = model_fn(features=features, **{k: v for k, v in given.items() if k in args})
            return spec.as_estimator_spec() if isinstance(spec, TPUEstimatorSpec) else spec

        return _model_fn

    def export_savedmodel(
        self,
        export_dir_base,
        serving_input_receiver_fn,
        assets_extra=None,
        as_text=False,
        checkpoint_path=None,
        strip_default_attrs=False,
    ):
        """The CPU serving graph as a SavedModel (the TPU one needs export_to_tpu=False
        here: tinytf cannot build TPU inference graphs)."""
        if not self._export_to_cpu and not self._export_to_tpu:
            raise ValueError("One of export_to_cpu and export_to_tpu must be true.")
        if self._export_to_tpu:
            raise ValueError(
                "tinytf cannot export a TPU serving graph: construct the TPUEstimator with "
                "export_to_tpu=False"
            )
        return super().export_savedmodel(
            export_dir_base, serving_input_receiver_fn, assets_extra, as_text, checkpoint_path
        )

    export_saved_model = export_savedmodel

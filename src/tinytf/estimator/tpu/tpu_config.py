"""tf.estimator.tpu's configuration: InputPipelineConfig, TPUConfig and the RunConfig that
TPUEstimator requires (TF 1.15's fields, defaults and argument checks). Without a TPU only
the CPU path of TPUEstimator runs, which reads none of the TPU fields."""

import collections
import json
import os
import re

from tinytf.estimator import run_config

_ITERATIONS_PER_LOOP = re.compile(r"^(?P<value>[1-9]\d*)((?P<suffix>[s|m|h])$|$)")


def check_positive_integer(value, name):
    """TypeError unless `value` is an int, ValueError unless it is positive (TF's check)."""
    if not isinstance(value, int):
        raise TypeError(f"{name} must be int, got {type(value)}")
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")


def _check_iterations_per_loop(iterations_per_loop):
    if _ITERATIONS_PER_LOOP.match(str(iterations_per_loop)) is None:
        raise ValueError(
            "Invalid TPUConfig `iterations_per_loop` value. Value must be positive integer "
            "value or time-based value `<N><s|m|h>` where <N> is anypositive integer and `s`, "
            "`m`, `h` are unit of time in seconds, minutes, hours respectively. Examples of "
            "valid values: `3600s`, `60m`, `1h`."
        )


class InputPipelineConfig:
    """How the input pipeline feeds the TPU shards (the constants TPUConfig takes)."""

    PER_SHARD_V1 = 1
    PER_HOST_V1 = 2
    PER_HOST_V2 = 3
    BROADCAST = 4
    SLICED = 5


_TPU_CONFIG_FIELDS = [
    "iterations_per_loop",
    "num_shards",
    "num_cores_per_replica",
    "per_host_input_for_training",
    "tpu_job_name",
    "initial_infeed_sleep_secs",
    "input_partition_dims",
    "eval_training_input_configuration",
    "experimental_host_call_every_n_steps",
]


def _check_partition_dims(input_partition_dims, per_host_input_for_training, cores):
    if len(input_partition_dims) not in (1, 2):
        raise ValueError("input_partition_dims must be a list/tuple with one or two elements.")
    if per_host_input_for_training is not InputPipelineConfig.PER_HOST_V2:
        raise ValueError("input_partition_dims is only supported in PER_HOST_V2 mode.")
    if cores is None:
        raise ValueError("input_partition_dims requires setting num_cores_per_replica.")


def _tpu_job_name_from_tf_config():
    tf_config = json.loads(os.environ.get("TF_CONFIG", "{}"))
    return tf_config.get("service", {}).get("tpu_worker_job_name")


class TPUConfig(collections.namedtuple("TPUConfig", _TPU_CONFIG_FIELDS)):
    """The TPU-specific settings of a tf.estimator.tpu.RunConfig."""

    def __new__(
        cls,
        iterations_per_loop=2,
        num_shards=None,
        num_cores_per_replica=None,
        per_host_input_for_training=True,
        tpu_job_name=None,
        initial_infeed_sleep_secs=None,
        input_partition_dims=None,
        eval_training_input_configuration=InputPipelineConfig.PER_HOST_V1,
        experimental_host_call_every_n_steps=1,
    ):
        _check_iterations_per_loop(iterations_per_loop)
        if num_shards is not None:
            check_positive_integer(num_shards, "TPUConfig num_shards")
        if input_partition_dims is not None:
            _check_partition_dims(
                input_partition_dims, per_host_input_for_training, num_cores_per_replica
            )
        if num_cores_per_replica is not None and num_cores_per_replica not in (
            1,
            2,
            4,
            8,
            16,
            32,
            64,
            128,
        ):
            raise ValueError(
                f"num_cores_per_replica must be 1, 2, 4, 8, 16, 32, 64, 128; got "
                f"{num_cores_per_replica}"
            )
        if eval_training_input_configuration not in (
            InputPipelineConfig.PER_HOST_V1,
            InputPipelineConfig.SLICED,
        ):
            raise ValueError(
                f"eval_training_input_configuration must be PER_HOST_V1 or SLICED; got "
                f"{eval_training_input_configuration}"
            )
        if per_host_input_for_training is False:
            per_host_input_for_training = InputPipelineConfig.PER_SHARD_V1
        elif per_host_input_for_training is True:
            per_host_input_for_training = InputPipelineConfig.PER_HOST_V1
        if initial_infeed_sleep_secs:
            check_positive_integer(initial_infeed_sleep_secs, "TPUConfig initial_infeed_sleep_secs")
        return super().__new__(
            cls,
            iterations_per_loop,
            num_shards,
            num_cores_per_replica,
            per_host_input_for_training,
            tpu_job_name or _tpu_job_name_from_tf_config(),
            initial_infeed_sleep_secs,
            input_partition_dims,
            eval_training_input_configuration,
            experimental_host_call_every_n_steps,
        )


class RunConfig(run_config.RunConfig):
    """tf.estimator.RunConfig with a TPUConfig, the TPU master and the evaluation master."""

    def __init__(
        self, tpu_config=None, evaluation_master=None, master=None, cluster=None, **kwargs
    ):
        super().__init__(**kwargs)
        self.tpu_config = tpu_config or TPUConfig()
        self.cluster = cluster
        if master is not None:
            if cluster is not None:
                raise ValueError("Both master and cluster are set.")
            self.master = master
        elif cluster:
            self.master = cluster.master()
        self.evaluation_master = self.master if evaluation_master is None else evaluation_master

    def replace(self, **kwargs):
        """A copy with some properties changed (tpu_config among them)."""
        tpu_config = kwargs.pop("tpu_config", self.tpu_config)
        plain = run_config.RunConfig(**{k: getattr(self, k) for k in _BASE_ARGS})
        base = plain.replace(**kwargs)
        new = RunConfig(
            tpu_config=tpu_config,
            evaluation_master=self.evaluation_master,
            master=self.master,
            **{k: getattr(base, k) for k in _BASE_ARGS},
        )
        new.cluster = self.cluster
        return new


_BASE_ARGS = (
    "model_dir",
    "tf_random_seed",
    "save_summary_steps",
    "save_checkpoints_steps",
    "save_checkpoints_secs",
    "session_config",
    "keep_checkpoint_max",
    "keep_checkpoint_every_n_hours",
    "log_step_count_steps",
)

"""tf.estimator.RunConfig: where and how often an Estimator saves, logs and summarizes."""


class RunConfig:
    """Model directory, seed, checkpoint/summary/log frequencies (TF 1.x's defaults)."""

    def __init__(
        self,
        model_dir=None,
        tf_random_seed=None,
        save_summary_steps=100,
        save_checkpoints_steps=None,
        save_checkpoints_secs=None,
        session_config=None,
        keep_checkpoint_max=5,
        keep_checkpoint_every_n_hours=10000,
        log_step_count_steps=100,
        train_distribute=None,
        device_fn=None,
        protocol=None,
        eval_distribute=None,
        experimental_distribute=None,
        experimental_max_worker_delay_secs=None,
        session_creation_timeout_secs=7200,
    ):
        if save_checkpoints_steps is not None and save_checkpoints_secs is not None:
            raise ValueError(
                "Can not provide both save_checkpoints_steps and save_checkpoints_secs."
            )
        if save_checkpoints_steps is None and save_checkpoints_secs is None:
            save_checkpoints_secs = 600
        self.model_dir = model_dir
        self.tf_random_seed = tf_random_seed
        self.save_summary_steps = save_summary_steps
        self.save_checkpoints_steps = save_checkpoints_steps
        self.save_checkpoints_secs = save_checkpoints_secs
        self.session_config = session_config
        self.keep_checkpoint_max = keep_checkpoint_max
        self.keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self.log_step_count_steps = log_step_count_steps
        self.is_chief, self.num_ps_replicas, self.num_worker_replicas = True, 0, 1
        self.task_type, self.task_id, self.master = "worker", 0, ""

    def replace(self, **kwargs):
        """A copy with some properties changed."""
        values = dict(vars(self))
        for key in (
            "is_chief",
            "num_ps_replicas",
            "num_worker_replicas",
            "task_type",
            "task_id",
            "master",
        ):
            values.pop(key)
        for key in kwargs:
            if key not in values:
                raise ValueError(f"Replacing {key} is not supported.")
        values.update(kwargs)
        if "save_checkpoints_steps" in kwargs and "save_checkpoints_secs" not in kwargs:
            values["save_checkpoints_secs"] = None
        return RunConfig(**values)

    def __repr__(self):
        return f"RunConfig({vars(self)})"

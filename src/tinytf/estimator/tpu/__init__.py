"""tf.estimator.tpu: TPUEstimator and its configuration, as TF 1.15 runs them without a TPU
(use_tpu=False). tf.estimator.tpu.experimental.EmbeddingConfigSpec is absent."""

from tinytf.estimator.tpu.tpu_config import InputPipelineConfig, RunConfig, TPUConfig  # noqa: F401
from tinytf.estimator.tpu.tpu_estimator import TPUEstimator, TPUEstimatorSpec  # noqa: F401

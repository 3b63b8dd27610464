"""tf.estimator."""

from tinytf.estimator import export, inputs  # noqa: F401
from tinytf.estimator.estimator import Estimator  # noqa: F401
from tinytf.estimator.model_fn import EstimatorSpec, ModeKeys  # noqa: F401
from tinytf.estimator.run_config import RunConfig  # noqa: F401
from tinytf.estimator.canned import (  # noqa: F401
    DNNClassifier,
    DNNRegressor,
    LinearClassifier,
    LinearRegressor,
)
from tinytf.estimator.training import EvalSpec, TrainSpec, train_and_evaluate  # noqa: F401

"""tf.estimator."""

from tinytf.estimator import export, inputs, tpu  # noqa: F401
from tinytf.estimator.baseline import (  # noqa: F401
    BaselineClassifier,
    BaselineEstimator,
    BaselineRegressor,
)
from tinytf.estimator.canned import (  # noqa: F401
    DNNClassifier,
    DNNEstimator,
    DNNLinearCombinedClassifier,
    DNNLinearCombinedEstimator,
    DNNLinearCombinedRegressor,
    DNNRegressor,
    LinearClassifier,
    LinearEstimator,
    LinearRegressor,
)
from tinytf.estimator.estimator import Estimator  # noqa: F401
from tinytf.estimator.exporter import (  # noqa: F401
    BestExporter,
    Exporter,
    FinalExporter,
    LatestExporter,
)
from tinytf.estimator.extenders import add_metrics  # noqa: F401
from tinytf.estimator.head import (  # noqa: F401
    BinaryClassHead,
    Head,
    LogisticRegressionHead,
    MultiClassHead,
    PoissonRegressionHead,
    RegressionHead,
)
from tinytf.estimator.model_fn import EstimatorSpec, ModeKeys  # noqa: F401
from tinytf.estimator.multi_head import MultiHead  # noqa: F401
from tinytf.estimator.multi_label_head import MultiLabelHead  # noqa: F401
from tinytf.estimator.parsing_utils import (  # noqa: F401
    classifier_parse_example_spec,
    regressor_parse_example_spec,
)
from tinytf.estimator.run_config import RunConfig  # noqa: F401
from tinytf.estimator.training import EvalSpec, TrainSpec, train_and_evaluate  # noqa: F401
from tinytf.estimator.warm_start import WarmStartSettings  # noqa: F401

# The hooks and session-run types tf.estimator re-exports from tf.train (the same objects).
from tinytf.training.basic_session_run_hooks import (  # noqa: F401
    CheckpointSaverHook,
    CheckpointSaverListener,
    FeedFnHook,
    FinalOpsHook,
    GlobalStepWaiterHook,
    LoggingTensorHook,
    NanLossDuringTrainingError,
    NanTensorHook,
    ProfilerHook,
    SecondOrStepTimer,
    StepCounterHook,
    StopAtStepHook,
    SummarySaverHook,
)
from tinytf.training.session_run_hook import (  # noqa: F401
    SessionRunArgs,
    SessionRunContext,
    SessionRunHook,
    SessionRunValues,
)
from tinytf.training.warm_starting_util import VocabInfo  # noqa: F401

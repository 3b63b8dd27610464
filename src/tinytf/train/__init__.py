"""tf.train."""

from tinytf.training.optimizer import Optimizer  # noqa: F401
from tinytf.training.optimizers import (  # noqa: F401
    AdagradOptimizer,
    AdamOptimizer,
    FtrlOptimizer,
    GradientDescentOptimizer,
    MomentumOptimizer,
    RMSPropOptimizer,
)
from tinytf.training.training_util import (  # noqa: F401
    create_global_step,
    exponential_decay,
    get_global_step,
    get_or_create_global_step,
)
from tinytf.ops.io_ops import match_filenames_once  # noqa: F401
from tinytf.training.graph_io import write_graph  # noqa: F401
from tinytf.training.saver import Saver  # noqa: F401
from tinytf.training.checkpoint_management import (  # noqa: F401
    checkpoint_exists,
    generate_checkpoint_state_proto,
    get_checkpoint_mtimes,
    get_checkpoint_state,
    latest_checkpoint,
    remove_checkpoint,
    update_checkpoint_state,
)
from tinytf.training.checkpoint_utils import (  # noqa: F401
    NewCheckpointReader,
    init_from_checkpoint,
    list_variables,
    load_variable,
)
from tinytf.training.meta_graph import export_meta_graph, import_meta_graph  # noqa: F401
from tinytf.training.session_run_hook import (  # noqa: F401
    SessionRunArgs,
    SessionRunContext,
    SessionRunHook,
    SessionRunValues,
)
from tinytf.training.basic_session_run_hooks import (  # noqa: F401
    CheckpointSaverHook,
    CheckpointSaverListener,
    FeedFnHook,
    LoggingTensorHook,
    NanLossDuringTrainingError,
    NanTensorHook,
    SecondOrStepTimer,
    StepCounterHook,
    StopAtStepHook,
    SummarySaverHook,
    SummaryWriterCache,
)
from tinytf.training.monitored_session import (  # noqa: F401
    ChiefSessionCreator,
    MonitoredSession,
    MonitoredTrainingSession,
    Scaffold,
    SingularMonitoredSession,
)
from tinytf.training.learning_rate_decay import (  # noqa: F401
    cosine_decay,
    inverse_time_decay,
    natural_exp_decay,
    piecewise_constant,
    polynomial_decay,
)
from tinytf.training.moving_averages import ExponentialMovingAverage  # noqa: F401

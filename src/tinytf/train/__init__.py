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
# issue 13: example-protos
# tf.train.Example and its parts are protobuf classes: imported (with protobuf) on first use
_EXAMPLE_PROTOS = frozenset(
    (
        "BytesList",
        "Example",
        "Feature",
        "FeatureList",
        "FeatureLists",
        "Features",
        "FloatList",
        "Int64List",
        "SequenceExample",
    )
)


def __getattr__(name):
    if name in _EXAMPLE_PROTOS:
        from tinytf.platform import example_protos

        return getattr(example_protos, name)
    raise AttributeError(f"module 'tinytf.train' has no attribute '{name}'")


def __dir__():
    return sorted(set(globals()) | _EXAMPLE_PROTOS)
# issue 13: queues
from tinytf.train import queue_runner  # noqa: E402, F401
from tinytf.training.coordinator import Coordinator, LooperThread  # noqa: E402, F401
from tinytf.training.input import (  # noqa: E402, F401
    batch,
    batch_join,
    input_producer,
    limit_epochs,
    maybe_batch,
    maybe_batch_join,
    maybe_shuffle_batch,
    maybe_shuffle_batch_join,
    range_input_producer,
    shuffle_batch,
    shuffle_batch_join,
    slice_input_producer,
    string_input_producer,
)
from tinytf.training.queue_runner import (  # noqa: E402, F401
    QueueRunner,
    add_queue_runner,
    start_queue_runners,
)
# issue 11: sessions
from tinytf.training.basic_loops import basic_train_loop  # noqa: E402, F401
from tinytf.training.basic_session_run_hooks import (  # noqa: E402, F401
    FinalOpsHook,
    GlobalStepWaiterHook,
    ProfilerHook,
)
from tinytf.training.checkpoint_utils import (  # noqa: E402, F401
    checkpoints_iterator,
    load_checkpoint,
)
from tinytf.training.device_setter import replica_device_setter  # noqa: E402, F401
from tinytf.training.monitored_session import (  # noqa: E402, F401
    SessionCreator,
    WorkerSessionCreator,
)
from tinytf.training.server_lib import ClusterSpec  # noqa: E402, F401
from tinytf.training.session_manager import SessionManager  # noqa: E402, F401
from tinytf.training.summary_iterator import summary_iterator  # noqa: E402, F401
from tinytf.training.supervisor import Supervisor  # noqa: E402, F401
from tinytf.training.training_util import assert_global_step, global_step  # noqa: E402, F401
from tinytf.training.warm_starting_util import VocabInfo, warm_start  # noqa: E402, F401

# ClusterDef, JobDef and SaverDef are TensorBoard's compiled protos, imported on first use
_SESSION_PROTOS = {"ClusterDef": "cluster_pb2", "JobDef": "cluster_pb2", "SaverDef": "saver_pb2"}
_getattr_before_sessions, _dir_before_sessions = __getattr__, __dir__


def __getattr__(name):  # noqa: F811
    if name in _SESSION_PROTOS:
        from tinytf.platform import protos

        try:
            return getattr(protos.proto_module(_SESSION_PROTOS[name]), name)
        except ImportError as e:
            raise AttributeError(f"tf.train.{name} needs the `tensorboard` package") from e
    return _getattr_before_sessions(name)


def __dir__():  # noqa: F811
    return sorted(set(_dir_before_sessions()) | set(_SESSION_PROTOS))
# issue 11: optimizers
from tinytf.training.learning_rate_decay import (  # noqa: E402, F401
    cosine_decay_restarts,
    linear_cosine_decay,
    noisy_linear_cosine_decay,
    piecewise_constant_decay,
)
from tinytf.training.optimizers import AdadeltaOptimizer  # noqa: E402, F401
from tinytf.training.optimizers_proximal import (  # noqa: E402, F401
    AdagradDAOptimizer,
    ProximalAdagradOptimizer,
    ProximalGradientDescentOptimizer,
)
from tinytf.training.sync_replicas_optimizer import SyncReplicasOptimizer  # noqa: E402, F401
# issue 11: object-based checkpoints
from tinytf.training.checkpoint import Checkpoint, CheckpointManager  # noqa: E402, F401

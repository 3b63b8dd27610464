"""tf.train."""

from tinytf.training.optimizer import Optimizer  # noqa: F401
from tinytf.training.optimizers import (  # noqa: F401
    AdagradOptimizer,
    AdamOptimizer,
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
from tinytf.training.graph_io import write_graph  # noqa: F401

"""tf.contrib.rnn: tf.nn.rnn_cell's cells and wrappers (the same objects, as in TF 1.15),
static_rnn and static_bidirectional_rnn, the stacked bidirectional RNNs, LayerNormBasicLSTMCell,
LSTMBlockCell, LSTMBlockFusedCell and the embedding and projection wrappers."""

from tinytf.contrib.rnn.core_rnn_cell import (  # noqa: F401
    EmbeddingWrapper,
    InputProjectionWrapper,
    OutputProjectionWrapper,
)
from tinytf.contrib.rnn.layer_norm_cell import LayerNormBasicLSTMCell  # noqa: F401
from tinytf.contrib.rnn.lstm_ops import LSTMBlockCell, LSTMBlockFusedCell  # noqa: F401
from tinytf.contrib.rnn.stacked import (  # noqa: F401
    stack_bidirectional_dynamic_rnn,
    stack_bidirectional_rnn,
)
from tinytf.layers.rnn import _best_effort_batch_size as best_effort_input_batch_size  # noqa: F401
from tinytf.layers.rnn import _transpose_batch_time as transpose_batch_time  # noqa: F401
from tinytf.layers.rnn import static_rnn  # noqa: F401
from tinytf.layers.rnn_cell import (  # noqa: F401
    BasicLSTMCell,
    BasicRNNCell,
    DeviceWrapper,
    DropoutWrapper,
    GRUCell,
    LSTMCell,
    LSTMStateTuple,
    MultiRNNCell,
    ResidualWrapper,
    RNNCell,
)
from tinytf.layers.static_bidirectional_rnn import static_bidirectional_rnn  # noqa: F401

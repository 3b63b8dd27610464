"""tf.nn."""

from tinytf.ops.conv_ops import (  # noqa: F401
    avg_pool,
    conv2d,
    conv2d_backprop_filter,
    conv2d_backprop_input,
    conv2d_transpose,
    max_pool,
)
from tinytf.ops.math_ops import sigmoid, tanh  # noqa: F401
from tinytf.ops.nn_ops import (  # noqa: F401
    batch_normalization,
    bias_add,
    dropout,
    elu,
    embedding_lookup,
    in_top_k,
    l2_loss,
    l2_normalize,
    leaky_relu,
    log_softmax,
    moments,
    relu,
    selu,
    relu6,
    sigmoid_cross_entropy_with_logits,
    weighted_cross_entropy_with_logits,
    softmax,
    softmax_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2,
    softplus,
    sparse_softmax_cross_entropy_with_logits,
    top_k,
)
from tinytf.nn import rnn_cell  # noqa: F401, E402
from tinytf.layers.rnn import (  # noqa: F401, E402
    bidirectional_dynamic_rnn,
    dynamic_rnn,
    static_rnn,
)

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
# issue 10: nn
from tinytf.ops.nn_impl_ops import (  # noqa: F401, E402
    batch_norm_with_global_normalization,
    compute_average_loss,
    crelu,
    log_poisson_loss,
    normalize_moments,
    relu_layer,
    scale_regularization_loss,
    softsign,
    sufficient_statistics,
    swish,
    weighted_moments,
    xw_plus_b,
    zero_fraction,
)
from tinytf.ops.normalization_ops import (  # noqa: F401, E402
    fused_batch_norm,
    local_response_normalization,
    lrn,
)
from tinytf.ops.conv_nd_ops import (  # noqa: F401, E402
    avg_pool1d,
    avg_pool3d,
    avg_pool_v2,
    conv1d,
    conv1d_transpose,
    conv3d,
    conv3d_backprop_filter,
    conv3d_backprop_filter_v2,
    conv3d_transpose,
    conv_transpose,
    convolution,
    max_pool1d,
    max_pool2d,
    max_pool3d,
    max_pool_v2,
    pool,
    with_space_to_batch,
)
from tinytf.ops.conv_ops import avg_pool as avg_pool2d  # noqa: F401, E402
from tinytf.ops.depthwise_conv_ops import (  # noqa: F401, E402
    atrous_conv2d,
    atrous_conv2d_transpose,
    depthwise_conv2d,
    depthwise_conv2d_backprop_filter,
    depthwise_conv2d_backprop_input,
    depthwise_conv2d_native,
    depthwise_conv2d_native_backprop_filter,
    depthwise_conv2d_native_backprop_input,
    separable_conv2d,
)
from tinytf.ops.candidate_sampling_ops import (  # noqa: F401, E402
    all_candidate_sampler,
    compute_accidental_hits,
    fixed_unigram_candidate_sampler,
    learned_unigram_candidate_sampler,
    log_uniform_candidate_sampler,
    nce_loss,
    sampled_softmax_loss,
    uniform_candidate_sampler,
)
from tinytf.ops.embedding_sparse_ops import (  # noqa: F401, E402
    embedding_lookup_sparse,
    safe_embedding_lookup_sparse,
)
from tinytf.ops.morphology_ops import (  # noqa: F401, E402
    dilation2d,
    erosion2d,
    max_pool_with_argmax,
)
from tinytf.ops.layout_ops import (  # noqa: F401, E402
    depth_to_space,
    space_to_batch,
    space_to_depth,
)
from tinytf.layers.static_bidirectional_rnn import static_bidirectional_rnn  # noqa: F401, E402
from tinytf.ops.ctc_ops import (  # noqa: F401, E402
    collapse_repeated,
    ctc_greedy_decoder,
    ctc_loss,
    ctc_loss_v2,
)
from tinytf.ops.ctc_beam_ops import (  # noqa: F401, E402
    ctc_beam_search_decoder,
    ctc_beam_search_decoder_v2,
)
# issue 10: segments (TF's embedding_lookup, partitioned params included)
from tinytf.ops.embedding_ops import embedding_lookup  # noqa: F401, E402
# issue 12: rnn
from tinytf.layers.raw_rnn import raw_rnn  # noqa: F401, E402
# issue 10: leftovers
from tinytf.ops.fractional_pool_ops import fractional_avg_pool, fractional_max_pool  # noqa: E402, F401
from tinytf.ops.ctc_labels_ops import ctc_unique_labels  # noqa: E402, F401
# wave3: quantized pools
from tinytf.ops.quantized_nn_ops import quantized_avg_pool, quantized_max_pool  # noqa: E402, F401
from tinytf.ops.rnn_state_saving import static_state_saving_rnn  # noqa: F401, E402

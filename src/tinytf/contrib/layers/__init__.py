"""tf.contrib.layers: TF 1.x's layer functions (fully_connected, conv2d, batch_norm, ...), its
regularizers, initializers, summaries and optimize_loss."""

from tinytf.contrib.layers.initializers import (  # noqa: F401
    variance_scaling_initializer,
    xavier_initializer,
    xavier_initializer_conv2d,
)
from tinytf.contrib.layers.layers import (  # noqa: F401
    avg_pool2d,
    bias_add,
    conv1d,
    conv2d,
    conv2d_transpose,
    conv3d,
    convolution,
    convolution1d,
    convolution2d,
    convolution2d_transpose,
    convolution3d,
    dropout,
    elu,
    embed_sequence,
    embedding_lookup_unique,
    flatten,
    fully_connected,
    layer_norm,
    linear,
    max_pool2d,
    one_hot_encoding,
    relu,
    relu6,
    repeat,
    softmax,
    stack,
)
from tinytf.contrib.layers.more_layers import (  # noqa: F401
    avg_pool3d,
    conv3d_transpose,
    convolution3d_transpose,
    max_pool3d,
    maxout,
    separable_convolution2d,
    unit_norm,
)
from tinytf.contrib.layers.more_layers import separable_convolution2d as separable_conv2d  # noqa
from tinytf.contrib.layers.normalization import batch_norm, instance_norm  # noqa: F401
from tinytf.contrib.layers.optimizers import (  # noqa: F401
    OPTIMIZER_CLS_NAMES,
    OPTIMIZER_SUMMARIES,
    optimize_loss,
)
from tinytf.contrib.layers.regularizers import (  # noqa: F401
    apply_regularization,
    l1_l2_regularizer,
    l1_regularizer,
    l2_regularizer,
    sum_regularizer,
)
from tinytf.contrib.layers.summaries import (  # noqa: F401
    summarize_activation,
    summarize_activations,
    summarize_collection,
    summarize_tensor,
    summarize_tensors,
)

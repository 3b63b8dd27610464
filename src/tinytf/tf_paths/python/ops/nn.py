"""TF's `tensorflow.python.ops.nn` (the names tinytf has)."""

from tinytf.tf_paths import alias

# names this TF module binds to other functions than tf.nn's (TF 2's avg_pool2d and
# max_pool_with_argmax, the v1 Conv3DBackpropFilter wrapper): tinytf has only tf.nn's
__getattr__, __dir__ = alias(
    __name__,
    "tinytf.nn",
    omit=("avg_pool2d", "conv3d_backprop_filter", "max_pool_with_argmax"),
)

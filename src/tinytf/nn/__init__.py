"""tf.nn."""

from tinytf.ops.math_ops import sigmoid, tanh  # noqa: F401
from tinytf.ops.nn_ops import softmax  # noqa: F401

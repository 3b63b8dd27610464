"""tf.compat.v1: the same objects as `tinytf` (code written for TF 2's compat layer runs too)."""

from tinytf import *  # noqa: F401, F403
from tinytf import dtypes, errors, linalg, math, nn, random, sparse  # noqa: F401


def disable_v2_behavior():
    """No-op: tinytf always behaves as TF 1.x."""


def disable_eager_execution():
    """No-op: tinytf is always in graph mode."""


def executing_eagerly():
    return False


def __getattr__(name):  # the namespaces tinytf imports on first use (tf.estimator, tf.app, ...)
    import tinytf

    return getattr(tinytf, name)

"""tf.compat.v1: the same objects as `tinytf` (code written for TF 2's compat layer runs too)."""

from tinytf import *  # noqa: F401, F403
from tinytf import compat, dtypes, errors, linalg, math, nn, random, sparse, version  # noqa: F401


def __getattr__(name):  # the namespaces tinytf imports on first use (tf.estimator, tf.app, ...)
    import tinytf

    try:
        return getattr(tinytf, name)
    except AttributeError:
        from tinytf.compat._switches import NOT_IN_TINYTF

        if name in NOT_IN_TINYTF:
            raise AttributeError(
                f"module 'tinytf.compat.v1' has no attribute '{name}': {NOT_IN_TINYTF[name]}"
            ) from None
        raise

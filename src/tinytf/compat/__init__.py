"""tf.compat: TF's string and version helpers; `tf.compat.v1` is tinytf itself (the TF 1.x API).
There is no `tf.compat.v2`: tinytf implements TF 1.x only."""

from tinytf.compat._strings import (  # noqa: F401
    as_bytes,
    as_str,
    as_str_any,
    as_text,
    bytes_or_text_types,
    complex_types,
    integral_types,
    path_to_str,
    real_types,
)
from tinytf.compat._switches import forward_compatibility_horizon, forward_compatible  # noqa: F401
from tinytf.framework.tensor_shape import dimension_at_index, dimension_value  # noqa: F401


def __getattr__(name):
    # v1 mirrors all of tinytf, so it is imported once tinytf is complete (first use)
    if name == "v1":
        import importlib

        return importlib.import_module("tinytf.compat.v1")
    from tinytf.compat._switches import NOT_IN_TINYTF

    reason = NOT_IN_TINYTF.get(f"compat.{name}")
    raise AttributeError(
        f"module 'tinytf.compat' has no attribute '{name}'" + (f": {reason}" if reason else "")
    )

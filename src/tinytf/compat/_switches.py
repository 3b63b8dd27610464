"""TF 1.15's behaviour switches. tinytf is TF 1.x graph mode only: each `disable_*` switch keeps
what is already so (a no-op, as in TF 1.15 by default), the `*_enabled` queries say False, and
the switches that would turn TF 2 behaviour on are absent (a program that needs one needs TF 2).
"""

import contextlib
import datetime
import os

# Names TF 1.15 has that tinytf leaves out on purpose, and why (used in error messages and by
# `python -m tinytf.check`). Keys are paths under `tf.`.
NOT_IN_TINYTF = {
    "enable_eager_execution": "tinytf runs TF 1.x graph mode only (no eager execution)",
    "enable_v2_behavior": "tinytf implements TF 1.x behaviour only",
    "enable_resource_variables": "tinytf has TF 1.x reference variables only",
    "enable_control_flow_v2": "tinytf builds TF 1.x control flow only",
    "enable_tensor_equality": "tinytf Tensors compare by identity, as in TF 1.x",
    "enable_v2_tensorshape": "tinytf TensorShapes hold Dimensions, as in TF 1.x",
    "compat.v2": "tinytf implements the TF 1.x API only (use `tensorflow.compat.v1`)",
    "keras": "tinytf has no Keras (tf.layers covers TF 1.x models)",
}
for _name in list(NOT_IN_TINYTF):
    if "." not in _name:
        NOT_IN_TINYTF[f"compat.v1.{_name}"] = NOT_IN_TINYTF[_name]


def disable_v2_behavior():
    """Keeps TF 1.x behaviour (tinytf has no other)."""


def disable_eager_execution():
    """Keeps graph mode (tinytf is always in graph mode)."""


def disable_resource_variables():
    """Keeps reference variables (tinytf has no resource variables)."""


def disable_control_flow_v2():
    """Keeps TF 1.x control flow (Switch/Merge, Enter/Exit)."""


def disable_tensor_equality():
    """Keeps Tensor `==` as identity (TF 1.x), so Tensors stay hashable."""


def disable_v2_tensorshape():
    """Keeps TensorShape items as Dimension objects (TF 1.x)."""


def executing_eagerly():
    """False: tinytf builds graphs and runs them in a Session."""
    return False


def resource_variables_enabled():
    """False: variables are TF 1.x reference variables."""
    return False


def control_flow_v2_enabled():
    """False: cond and while_loop build TF 1.x control-flow ops."""
    return False


# -- forward compatibility (tensorflow/python/compat/compat.py) -------------------------------
_HORIZON = datetime.date(2019, 8, 21)  # TF 1.15.0's
_DELTA_DAYS_VAR = "TF_FORWARD_COMPATIBILITY_DELTA_DAYS"
_date_number = None


def _number(year, month, day):
    return (year << 9) | (month << 5) | day


def _set_horizon(date=None):
    global _date_number
    if date is None:
        date = _HORIZON
        delta = os.getenv(_DELTA_DAYS_VAR)
        if delta:
            date += datetime.timedelta(days=int(delta))
    _date_number = _number(date.year, date.month, date.day)


_set_horizon()


def forward_compatible(year, month, day):
    """True if TF 1.15's forward-compatibility horizon is past (year, month, day)."""
    return _date_number > _number(year, month, day)


@contextlib.contextmanager
def forward_compatibility_horizon(year, month, day):
    """Context manager: `forward_compatible` answers as if the horizon were (year, month, day)."""
    try:
        _set_horizon(datetime.date(year, month, day))
        yield
    finally:
        _set_horizon()

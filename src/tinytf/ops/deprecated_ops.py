"""TF 1.x's deprecated spellings that are thin wrappers rather than plain aliases (a default op
name of their own, or another argument order): tf.to_double, tf.realdiv, tf.op_scope, ...
Plain aliases (tf.lin_space, tf.reverse_v2, ...) are imports in tinytf/__init__.py."""

import logging

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import name_scope
from tinytf.ops.math_ops import FloorDiv, RealDiv, cast
from tinytf.ops.variable_scope import variable_scope

_log = logging.getLogger("tensorflow")


def to_double(x, name="ToDouble"):
    """cast(x, tf.float64) (deprecated: use tf.cast)."""
    return cast(x, D.float64, name=name)


def to_complex64(x, name="ToComplex64"):
    """cast(x, tf.complex64) (deprecated: use tf.cast)."""
    return cast(x, D.complex64, name=name)


def to_complex128(x, name="ToComplex128"):
    """cast(x, tf.complex128) (deprecated: use tf.cast)."""
    return cast(x, D.complex128, name=name)


def realdiv(x, y, name=None):
    """The raw RealDiv op: x / y, integers truncated toward zero (C++ division)."""
    return RealDiv.apply(x, y, name=name)


def floor_div(x, y, name=None):
    """The raw FloorDiv op: floor(x / y) (tf.floordiv without its name scope)."""
    return FloorDiv.apply(x, y, name=name)


def op_scope(values, name, default_name=None):
    """tf.name_scope(name, default_name, values), in the deprecated argument order."""
    _log.warning(
        "tf.op_scope(values, name, default_name) is deprecated, "
        "use tf.name_scope(name, default_name, values)"
    )
    return name_scope(name, default_name=default_name, values=values)


def variable_op_scope(
    values,
    name_or_scope,
    default_name=None,
    initializer=None,
    regularizer=None,
    caching_device=None,
    partitioner=None,
    custom_getter=None,
    reuse=None,
    dtype=None,
    use_resource=None,
    constraint=None,
):
    """tf.variable_scope(name_or_scope, default_name, values, ...), in the deprecated order."""
    _log.warning(
        "tf.variable_op_scope(values, name, default_name) is deprecated, "
        "use tf.variable_scope(name, default_name, values)"
    )
    return variable_scope(
        name_or_scope,
        default_name=default_name,
        values=values,
        initializer=initializer,
        regularizer=regularizer,
        caching_device=caching_device,
        partitioner=partitioner,
        custom_getter=custom_getter,
        reuse=reuse,
        dtype=dtype,
        use_resource=use_resource,
        constraint=constraint,
    )

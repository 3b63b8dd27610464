"""The global step and learning-rate schedules."""

from tinytf.framework import dtypes as D
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import math_ops
from tinytf.ops.init_ops import Zeros
from tinytf.ops.variable_scope import _store


def get_global_step(graph=None):
    """The global step variable of `graph` (default graph), or None."""
    graph = graph or get_default_graph()
    found = graph.get_collection(GraphKeys.GLOBAL_STEP)
    if len(found) > 1:
        raise TypeError("There should only be one global step.")
    return found[0] if found else None


def create_global_step(graph=None):
    """Creates the int64 scalar 'global_step' variable; ValueError if it exists."""
    graph = graph or get_default_graph()
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    with graph.as_default():
        return _store().get(
            "global_step",
            [],
            D.int64,
            Zeros(),
            False,
            False,
            [GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP],
            None,
        )


def get_or_create_global_step(graph=None):
    """The global step variable, created if it does not exist yet."""
    return get_global_step(graph) or create_global_step(graph)


def exponential_decay(
    learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None
):
    """learning_rate * decay_rate ** (global_step / decay_steps) (floored if staircase)."""
    if global_step is None:
        raise ValueError("global_step is required for exponential_decay.")
    with name_scope(name, "ExponentialDecay", [learning_rate, global_step]) as scope:
        lr = convert_to_tensor(learning_rate, name="learning_rate")
        dtype = lr.dtype
        p = math_ops.cast(global_step, dtype) / math_ops.cast(decay_steps, dtype)
        if staircase:
            p = math_ops.floor(p)
        return math_ops.multiply(lr, math_ops.pow(math_ops.cast(decay_rate, dtype), p), name=scope)

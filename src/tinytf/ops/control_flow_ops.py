"""NoOp and the grouping helpers built on control dependencies."""

import builtins

from tinytf.framework.graph import get_default_graph
from tinytf.framework.op_def import OpDef, name_scope, register_op


@register_op
class NoOp(OpDef):
    """Does nothing; other ops hang on it through control dependencies."""

    def infer():
        return []

    def kernel(xp):
        return ()


def no_op(name=None):
    """An op that does nothing (a target for control dependencies)."""
    return NoOp.apply(name=name)


def group(*inputs, **kwargs):
    """An op that runs all `inputs` (ops or tensors) when it runs."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"Unknown keyword arguments: {', '.join(kwargs)}")
    deps = [i for i in _flatten(inputs) if i is not None]
    for d in deps:
        if not hasattr(d, "graph"):
            raise TypeError(
                f"Expected tf.group() expected Tensor arguments not '{d}' with type '{type(d)}'"
            )
    with name_scope(name, "group_deps", deps) as scope:
        if not deps:
            return no_op(name=scope)
        with get_default_graph().control_dependencies(deps):
            return no_op(name=scope)


def tuple(tensors, name=None, control_inputs=None):
    """The tensors, each passed through only after all of them (and control_inputs) exist."""
    from tinytf.ops.array_ops import identity

    with name_scope(name, "tuple", tensors):
        gate = group(*[t for t in tensors if t is not None], *(control_inputs or []))
        with get_default_graph().control_dependencies([gate]):
            return [None if t is None else identity(t) for t in tensors]


def _flatten(values):
    for v in values:
        if isinstance(v, (list, set, frozenset, builtins.tuple)):
            yield from _flatten(v)
        else:
            yield v

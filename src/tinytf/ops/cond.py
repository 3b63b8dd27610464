"""tf.cond, built as TF 1.x builds it: Switch ops route each value into the branch the predicate
picks (the other output is dead), the branch ops run only on live values, and Merge ops forward
whichever branch ran.

    y = tf.cond(x > 0, lambda: x * 2, lambda: -x)    # cond/Switch, ..., cond/Merge
"""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.graph import get_default_graph
from tinytf.framework.op_def import (
    DEAD,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.framework.ops import Operation
from tinytf.framework.tensor_shape import unknown_shape
from tinytf.ops import array_ops, shape_util


@register_op
class Switch(OpDef):
    """(output_false, output_true): `data` on the side `pred` picks, a dead tensor on the other."""

    inputs = ("data", "pred")
    type_inputs = ("data",)
    foldable = False
    aliases_input = True
    list_output = True

    def infer(data, pred):
        shape_util.with_rank(pred.shape, 0)
        if pred.dtype.base_dtype != D.bool:
            raise TypeError(f"pred must be a bool tensor, got {pred.dtype.name}")
        return [TensorSpec(data.shape, data.dtype)] * 2

    def kernel(xp, data, pred):
        return (DEAD, data) if bool(pred) else (data, DEAD)

    def grad(op, d_false, d_true):
        return merge([d_false, d_true])[0], None


@register_op
class Merge(OpDef):
    """(output, value_index): the one live tensor of `inputs` and where it was."""

    inputs = ("inputs*",)
    foldable = False
    aliases_input = True
    takes_dead = True

    def infer(*inputs):
        dims = [t.shape.as_list() if t.shape.ndims is not None else None for t in inputs]
        shape = dims[0]
        for d in dims[1:]:  # what all inputs agree on
            if shape is None or d is None or len(d) != len(shape):
                shape = None
                break
            shape = [a if a == b else None for a, b in zip(shape, d)]
        return [
            TensorSpec(unknown_shape() if shape is None else shape, inputs[0].dtype),
            TensorSpec([], D.int32),
        ]

    def kernel(xp, *inputs):
        for i, value in enumerate(inputs):
            if value is not DEAD:
                return value, np.int32(i)
        return DEAD, DEAD

    def grad(op, d_output, d_index):
        pred = getattr(op, "_cond_pred", None)
        if pred is None:
            raise LookupError(f"No gradient for Merge '{op.name}' outside a tf.cond")
        return list(switch(d_output, pred))


def switch(data, pred, name=None):
    """(output_false, output_true) of a Switch op."""
    return Switch.apply(data, pred, name=name or "Switch")


def merge(inputs, name=None):
    """(output, value_index) of a Merge op over `inputs`."""
    return Merge.apply(list(inputs), name=name or "Merge")


class CondContext:
    """While a branch is built: values from outside enter through a Switch (once each), and ops
    with no input from inside depend on the branch's pivot, so that the whole branch is dead
    when the predicate picks the other one."""

    def __init__(self, pred, pivot, branch, outer):
        self.pred, self.pivot, self.branch, self.outer = pred, pivot, branch, outer
        self.created = set()
        self._entered = {}

    def enter(self, t):
        """The branch's version of tensor `t`."""
        if t.op in self.created or t.op is self.pivot:
            return t
        if self.outer is not None:
            t = self.outer.enter(t)
        if t not in self._entered:
            graph = get_default_graph()
            with graph.control_dependencies(None):  # made in the enclosing branch or loop
                graph._cond_context = self.outer
                self._entered[t] = switch(t, self.pred)[self.branch]
            context = self
            while context is not None:  # the Switch's output is the branch's own value
                context.created.add(self._entered[t].op)
                context = context.outer
        return self._entered[t]

    def process(self, opdef, inputs):
        """The inputs an op created in the branch gets; whether it needs the pivot too."""
        refs = opdef.ref_inputs
        inputs = [t if i in refs else self.enter(t) for i, t in enumerate(inputs)]
        inside = any(i not in refs for i in range(len(inputs)))
        return inputs, not inside

    def created_op(self, op, needs_pivot):
        context = self
        while context is not None:  # an op of a nested branch is inside the outer ones too
            context.created.add(op)
            context = context.outer
        if needs_pivot:
            op._add_control_inputs([self.pivot])


def _flatten(value):
    if isinstance(value, (list, tuple)):
        return [x for v in value for x in _flatten(v)]
    if isinstance(value, dict):
        return [x for k in sorted(value) for x in _flatten(value[k])]
    return [value]


def _pack(structure, flat):
    flat = iter(flat)

    def build(value):
        if isinstance(value, (list, tuple)):
            return type(value)(build(v) for v in value)
        if isinstance(value, dict):
            return {k: build(value[k]) for k in sorted(value)}
        return next(flat)

    return build(structure)


def _branch(fn, ctx, graph):
    saved, graph._cond_context = graph._cond_context, ctx
    try:
        result = fn()
    finally:
        graph._cond_context = saved
    if result is None:
        raise ValueError("true_fn and false_fn must return a value (a tensor or a structure)")
    outputs = []
    for value in _flatten(result):
        if isinstance(value, Operation):
            graph._cond_context = ctx
            try:
                with graph.control_dependencies([value]):
                    value = array_ops.identity(ctx.pivot.outputs[0])
            finally:
                graph._cond_context = saved
        outputs.append(ctx.enter(convert_to_tensor(value)))
    return result, outputs


def cond(pred, true_fn=None, false_fn=None, strict=False, name=None, fn1=None, fn2=None):
    """true_fn() if pred else false_fn(), choosing when the graph runs; only the chosen branch's
    ops run. Both return the same structure of tensors."""
    true_fn = fn1 if true_fn is None else true_fn
    false_fn = fn2 if false_fn is None else false_fn
    if not callable(true_fn) or not callable(false_fn):
        raise TypeError("true_fn and false_fn must be callable.")
    graph = get_default_graph()
    with name_scope(name, "cond", [pred]):
        pred = convert_to_tensor(pred)
        outer = graph._cond_context
        p_false, p_true = switch(pred, pred)
        pivot_t = array_ops.identity(p_true, name="switch_t").op
        pivot_f = array_ops.identity(p_false, name="switch_f").op
        pred_id = array_ops.identity(pred, name="pred_id")
        true_ctx = CondContext(pred_id, pivot_t, 1, outer)
        false_ctx = CondContext(pred_id, pivot_f, 0, outer)
        true_result, true_out = _branch(true_fn, true_ctx, graph)
        false_result, false_out = _branch(false_fn, false_ctx, graph)
        if len(true_out) != len(false_out):
            raise ValueError(
                "true_fn and false_fn must return the same number of results: "
                f"{len(true_out)} vs {len(false_out)}"
            )
        merged = []
        for f, t in zip(false_out, true_out):
            if f.dtype.base_dtype != t.dtype.base_dtype:
                raise ValueError(
                    "Outputs of true_fn and false_fn must have the same type: "
                    f"{t.dtype.name}, {f.dtype.name}"
                )
            out, _ = merge([f, t])
            out.op._cond_pred = pred_id
            merged.append(out)
    result = _pack(true_result, merged)
    if not strict and isinstance(result, (list, tuple)) and len(result) == 1:
        return result[0]  # TF 1.x unpacks singletons unless strict
    return result

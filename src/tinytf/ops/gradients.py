"""tf.gradients: symbolic reverse-mode differentiation that adds the gradient ops to the graph.

The walk: find the ops between xs and ys, count for each op how many of its consumers still
owe it a gradient, then visit ops once all their output gradients are in, summing gradients
that arrive by several paths (AddN) and calling each op's registered gradient function.
"""

import collections

from tinytf.framework import dtypes
from tinytf.framework.op_def import convert_to_tensor, get_gradient_function, name_scope
from tinytf.ops import indexed_slices
from tinytf.ops.array_ops import fill, identity, shape, zeros_like
from tinytf.ops.constant_op import constant
from tinytf.ops.indexed_slices import is_indexed_slices
from tinytf.ops.math_ops import add_n
from tinytf.ops.while_grad import LoopNode
from tinytf.ops.while_loop import WhileContext, while_parent

_DIFFERENTIABLE = dtypes.FLOATS | dtypes.COMPLEX


def gradients(
    ys,
    xs,
    grad_ys=None,
    name="gradients",
    colocate_gradients_with_ops=False,
    gate_gradients=False,
    aggregation_method=None,
    stop_gradients=None,
    unconnected_gradients="none",
):
    """d(sum of ys)/d(x) for each x in xs, as tensors of the graph (None where x does not
    affect ys, or zeros with unconnected_gradients="zero"). `grad_ys` weights each y;
    `stop_gradients` are treated as constants."""
    unconnected = getattr(unconnected_gradients, "value", unconnected_gradients)
    if unconnected not in ("none", "zero"):
        raise ValueError(f"Unknown value for unconnected_gradients: {unconnected_gradients!r}")
    ys, xs = _as_list(ys), _as_list(xs)
    with name_scope(name, "gradients", ys + xs):
        ys = [convert_to_tensor(y) for y in ys]
        xs = [convert_to_tensor(x, as_ref=True) for x in xs]
        stops = {convert_to_tensor(s).op for s in _as_list(stop_gradients or [])}
        level = _innermost_loop(ys[0].graph._cond_context) if ys else None
        result = backprop(ys, _grad_ys(ys, grad_ys), xs, stops, level)
        if unconnected == "zero":
            result = [zeros_like(x) if g is None else g for g, x in zip(result, xs)]
        return result


def backprop(ys, grad_ys, xs, stops, level=None, boundary=frozenset()):
    """The gradients of `ys` weighted by `grad_ys` with respect to `xs`, among the ops of one
    while loop's body (`level`; None: outside loops), where a nested loop counts as one node.
    The walk does not go past the ops in `boundary` (a loop body's inputs)."""
    nodes = _Nodes(ys[0].graph, level) if ys else None
    between = _ops_between(ys, xs, nodes, boundary)
    pending = _pending_counts(between, nodes)
    grads = collections.defaultdict(list)  # tensor -> gradients arriving for it
    for y, gy in zip(ys, grad_ys):
        grads[y].append(gy)
    ready = [n for n in _unique(nodes.of(y.op) for y in ys) if n in between and pending[n] == 0]
    while ready:
        node = ready.pop()
        _backprop_node(node, grads, between, stops, nodes)
        for t in node.inputs:
            src = nodes.of(t.op)
            if src in between:
                pending[src] -= 1
                if pending[src] == 0:
                    ready.append(src)
    return [_aggregate(grads.get(x, []), x) for x in xs]


class _Nodes:
    """The nodes of the walk at one loop level: ops of that level, and one node for each loop
    nested directly in it (its Exits included); ops of other levels are no node (None)."""

    def __init__(self, graph, level):
        self.level, self.loop_of, self.exit_of, self._units = level, {}, {}, {}
        for context in getattr(graph, "_while_contexts", ()):  # outer loops first
            for op in context.created:
                self.loop_of[op] = context
            for x in context.exits:
                self.exit_of[x.op] = context

    def of(self, op):
        if self.level is not None and op not in self.exit_of:
            if _is_around(self.loop_of.get(op), self.level):  # tf.gradients in a loop's body
                return op
        context = self.exit_of.get(op)
        if context is None:
            context = self.loop_of.get(op)
            if context is self.level:
                return op
        while context is not None and while_parent(context) is not self.level:
            context = while_parent(context)
        if context is None:
            return None
        if context not in self._units:
            self._units[context] = LoopNode(context)
        return self._units[context]


def _as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _unique(items):
    return list(dict.fromkeys(items))


def _grad_ys(ys, grad_ys):
    """The initial gradient of each y, checked as TF checks it: ones of y's dtype by default
    (so an integer y seeds a gradient that then stops at the first integer edge)."""
    grad_ys = _as_list(grad_ys) if grad_ys is not None else [None] * len(ys)
    if len(grad_ys) != len(ys):
        raise ValueError(f"Passed {len(grad_ys)} grad_ys for {len(ys)} ys")
    out = []
    for i, (y, gy) in enumerate(zip(ys, grad_ys)):
        dtype = y.dtype.base_dtype
        if gy is None:
            if dtype.is_complex:
                raise TypeError(
                    f"Gradients of complex tensors must set grad_ys (y.dtype = {dtype!r})"
                )
            one = constant(1, dtype=dtype, name=f"grad_ys_{i}")  # TypeError for bool and string
            out.append(fill(shape(y), one))
            continue
        # a Python value takes y's dtype (TF 1.15 makes float32 of it, then fails in the
        # first gradient op of a float64 y)
        gy = convert_to_tensor(gy, preferred_dtype=dtype)
        _check_grad_y_dtype(y, gy.dtype.base_dtype)
        out.append(identity(gy, name=f"grad_ys_{i}"))
    return out


def _check_grad_y_dtype(y, g):
    dtype = y.dtype.base_dtype
    if dtype.is_floating or dtype.is_integer:
        if not (g.is_floating or g.is_integer):
            raise TypeError(
                f"Gradient type {g.name} generated for real or integer-valued tensor {y} with "
                f"type {dtype.name} must be real or integer"
            )
    elif dtype.is_complex:
        if not g.is_complex:
            raise TypeError(
                f"Gradient type {g.name} generated for complex-valued tensor {y} with type "
                f"{dtype.name} must be real"
            )
    else:
        raise TypeError(
            f"Tensor {y} with type {dtype.name} must be numeric to obtain a default gradient"
        )


def _innermost_loop(context):
    while context is not None and not isinstance(context, WhileContext):
        context = context.outer
    return context


def _is_around(context, level):
    """Whether `context` is `level` or a loop around it (None: outside every loop)."""
    while level is not None:
        if level is context:
            return True
        level = level.outer
    return context is None


def _ops_between(ys, xs, nodes, boundary):
    """Nodes on a path from some x to some y, found as TF finds them: forward from the xs along
    float and complex edges only, then back from the ys through the nodes so reached (an integer
    edge, such as a reduction's Rank, neither carries nor waits for a gradient). Ops in
    stop_gradients stay in: they are reached, but pass no gradient back to their inputs."""
    reached, stack = set(), [nodes.of(x.op) for x in xs]
    while stack:
        node = stack.pop()
        if node is None or node in reached:
            continue
        reached.add(node)
        stack.extend(
            nodes.of(c)
            for t in node.outputs
            if t.dtype.base_dtype in _DIFFERENTIABLE
            for c in t.consumers()
        )
    between, stack = set(), [nodes.of(y.op) for y in ys]
    while stack:
        node = stack.pop()
        if node is None or node in between or node not in reached:
            continue
        between.add(node)
        if node not in boundary:
            stack.extend(nodes.of(t.op) for t in node.inputs)
    return between


def _pending_counts(between, nodes):
    pending = dict.fromkeys(between, 0)
    for node in between:
        for t in node.inputs:
            src = nodes.of(t.op)
            if src in between:
                pending[src] += 1
    return pending


def _backprop_node(op, grads, between, stops, nodes):
    out_grads = [
        None if t.op in stops else _aggregate(grads.get(t, []), t) for t in op.outputs
    ]  # (a loop's Exit in stop_gradients stops the gradient of its output only)
    if op in stops or all(g is None for g in out_grads):
        return
    if not any(nodes.of(t.op) in between for t in op.inputs):
        return
    if hasattr(op, "loop_gradients"):  # a while loop, differentiated as a whole
        in_grads = op.loop_gradients(out_grads, stops)
    else:
        fn = get_gradient_function(op)
        if fn is None:
            return
        out_grads = _fill_missing(op, out_grads)
        with name_scope(op.name + "_grad"):
            in_grads = fn(op, *out_grads)
    in_grads = in_grads if isinstance(in_grads, (list, tuple)) else [in_grads]
    if len(in_grads) != len(op.inputs):
        raise ValueError(
            f"Num gradients {len(in_grads)} generated for op {op.name} do not "
            f"match num inputs {len(op.inputs)}"
        )
    for t, g in zip(op.inputs, in_grads):
        if g is not None and t.dtype.base_dtype in _DIFFERENTIABLE and nodes.of(t.op) in between:
            grads[t].append(g if is_indexed_slices(g) else convert_to_tensor(g))


def _fill_missing(op, out_grads):
    """An op with several outputs gets zeros for the outputs nobody differentiated."""
    return [
        zeros_like(t) if g is None and t.dtype.base_dtype in _DIFFERENTIABLE else g
        for t, g in zip(op.outputs, out_grads)
    ]


def _aggregate(items, tensor):
    items = [g for g in items if g is not None]
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    if any(is_indexed_slices(g) for g in items):
        return indexed_slices.aggregate(items)
    return add_n(items)

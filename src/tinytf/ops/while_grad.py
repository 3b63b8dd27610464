"""The gradient of a while loop, built as TF 1.x builds it: a backward loop that runs as many
iterations as the forward one did, each one the gradient of the body, in reverse order.

The forward loop gets a counter (f_count) the first time it is differentiated. Each forward
value the body's gradient needs is pushed on a stack in the forward loop (StackPushV2, once per
iteration, ordered before the counter's increment) and popped in the backward loop
(StackPopV2), so memory grows with the iterations. Gradients for values from outside the loop
(captured weights) are summed over the iterations in accumulator loop variables.
"""

from tinytf.framework import dtypes as D
from tinytf.framework.graph import get_default_graph
from tinytf.framework.op_def import convert_to_tensor
from tinytf.ops import array_ops, frame_ops, stack_ops
from tinytf.ops import cond as cond_ops
from tinytf.ops.constant_op import constant
from tinytf.ops.while_loop import WhileContext, register, while_parent

_DIFFERENTIABLE = D.FLOATS | D.COMPLEX


def _differentiable(t):
    return t.dtype.base_dtype in _DIFFERENTIABLE


class LoopNode:
    """A forward loop as one node of tf.gradients' walk: its inputs are the values that enter
    it (loop variables' initial values, then captured values), its outputs its Exits."""

    def __init__(self, context):
        self.context = context
        self.name = context.name
        self.captured = [
            e for (t, ref), e in context._entered.items() if not ref and _differentiable(e)
        ]
        self.inputs = [e.op._inputs[0] for e in context.enters] + [
            e.op._inputs[0] for e in self.captured
        ]
        self.outputs = list(context.exits)

    def loop_gradients(self, exit_grads, stops):
        """Gradients for self.inputs, given those of the loop's Exits."""
        context = self.context
        if isinstance(context, GradWhileContext):
            raise TypeError("Second-order gradient for while loops not supported.")
        if not context.back_prop:
            return [None] * len(self.inputs)
        varying = _needed_vars(context, [k for k, g in enumerate(exit_grads) if g is not None])
        if not varying:
            return [None] * len(self.inputs)
        return _backward_loop(context, self.captured, varying, exit_grads, stops)


def _needed_vars(context, seeds):
    """The loop variables the backward loop carries: those whose Exits get a gradient, and
    those their next values depend on along float edges (as far as TF's gradient reaches)."""
    identity_of = {t.op: k for k, t in enumerate(context.identities)}
    needed = {k for k in seeds if _differentiable(context.exits[k])}
    todo = list(needed)
    while todo:
        k = todo.pop()
        stack, seen = [context.next_iterations[k].op._inputs[0]], set()
        while stack:
            t = stack.pop()
            if t in seen or not _differentiable(t) or t.op not in context.created:
                continue
            seen.add(t)
            j = identity_of.get(t.op)
            if j is not None:
                if j not in needed:
                    needed.add(j)
                    todo.append(j)
                continue
            stack.extend(t.op._inputs)
    return sorted(needed)


class GradWhileContext(WhileContext):
    """The backward loop of `forward`: a forward value its ops use is popped from a stack."""

    enforce_shape_invariant = False

    def __init__(self, forward, outer):
        super().__init__(forward.parallel_iterations, False, forward.swap_memory, None, outer)
        self.forward = forward
        self._history = {}
        self.decrement = None  # this iteration's count - 1: pops wait for it
        self.sync = None  # a ControlTrigger after this iteration's pops; the next count waits

    def enter(self, t, ref=False):
        if t.op in self.created:
            return t
        if t.op in self.forward.created:
            if t not in self._history:
                self._history[t] = _history_value(self, t)
            return self._history[t]
        return super().enter(t, ref)


def _forward_index(forward):
    """The forward loop's counter (added once): (its Exit, the increment op)."""
    if forward.grad_state is not None:
        return forward.grad_state
    graph = get_default_graph()
    parent = while_parent(forward)
    with graph.control_dependencies(None):
        # in a loop inside a loop, the count starts after the outer count moved on (TF's
        # order: one outer iteration's inner pushes all come before the next one's)
        graph._cond_context = parent
        zero = constant(0, name="f_count")
        if parent is not None and parent.grad_state is not None:
            zero.op._add_control_input(parent.grad_state[1])
    with graph.control_dependencies(None):
        real = forward.outer.enter(zero) if forward.outer is not None else zero
        enter = frame_ops.Enter.apply(
            real,
            name="f_count",
            frame_name=forward.name,
            is_constant=False,
            parallel_iterations=forward.parallel_iterations,
        )
    register(forward, enter.op)
    with graph.control_dependencies(None):
        graph._cond_context = forward
        merge = cond_ops.merge([enter, enter])[0]
        register(forward, merge.op)
        switch = cond_ops.switch(merge, forward.loop_cond)
        add = switch[1] + 1
        nxt = frame_ops.NextIteration.apply(add, name="NextIteration")
        merge.op._update_input(1, nxt)
        count = frame_ops.Exit.apply(switch[0], name="f_count")
    forward.created.discard(count.op)
    forward.grad_state = (count, add.op, nxt.op)
    return forward.grad_state


def _history_value(grad_context, t):
    """`t`'s value in the forward iteration that the backward iteration mirrors. As in TF, the
    pushes of one forward iteration come after its count and before the next one's, and the
    pops of one backward iteration before the next one's: with iterations run in parallel (TF's
    executor), the stacks stay in order."""
    forward = grad_context.forward
    _, increment, next_count = _forward_index(forward)
    graph = t.graph
    with graph.control_dependencies(None):
        handle = stack_ops.StackV2.apply(
            constant(-1, dtype=D.int32), elem_type=t.dtype.base_dtype, name="f_acc"
        )
        graph._cond_context = forward
        push = stack_ops.StackPushV2.apply(handle, t, swap_memory=forward.swap_memory)
    push.op._add_control_input(increment)
    next_count._add_control_input(push.op)
    with graph.control_dependencies(None):  # (restores the context it clears)
        graph._cond_context = grad_context
        pop = stack_ops.StackPopV2.apply(handle, elem_type=t.dtype.base_dtype)
        pop.op._add_control_input(grad_context.decrement)
    _sync(grad_context)._add_control_input(pop.op)
    pop.set_shape(t.shape)
    return pop


def _sync(grad_context):
    """The ControlTrigger the backward loop's next count waits for (made once)."""
    if grad_context.sync is None:
        graph = get_default_graph()
        with graph.control_dependencies(None):
            graph._cond_context = grad_context
            grad_context.sync = frame_ops.ControlTrigger.apply(name="b_sync")
    return grad_context.sync


def _dense(g):
    from tinytf.ops.indexed_slices import is_indexed_slices

    if is_indexed_slices(g):
        from tinytf.ops.math_ops import unsorted_segment_sum

        return unsorted_segment_sum(g.values, g.indices, g.dense_shape[0])
    return convert_to_tensor(g)


def _backward_loop(forward, captured, varying, exit_grads, stops):
    from tinytf.ops.gradients import backprop

    graph = get_default_graph()
    count = _forward_index(forward)[0]
    n_vars = len(forward.enters)
    init_dv = [
        exit_grads[k] if exit_grads[k] is not None else array_ops.zeros_like(forward.exits[k])
        for k in varying
    ]
    init_dv = [_dense(g) for g in init_dv]
    # each accumulator starts as new zeros every run (a control input keeps them from being
    # folded into a constant), so the backward loop may add into it in place
    with graph.control_dependencies([count]):
        init_acc = [array_ops.zeros_like(e.op._inputs[0]) for e in captured]
    structure = set(e.op for e in forward.enters) | {m.op for m in forward.merges}
    structure |= {s[0].op for s in forward.switches} | {i.op for i in forward.identities}
    structure |= {e.op for e in captured}
    connected = set()

    def body(n, dvs, accs):
        context.decrement = (n - 1).op
        ys = [forward.next_iterations[k].op._inputs[0] for k in varying]
        xs = [forward.identities[k] for k in varying] + list(captured)
        grads = backprop(ys, list(dvs), xs, stops, level=forward, boundary=structure)
        new_dvs = [
            array_ops.zeros_like(dv) if g is None else _dense(g)
            for g, dv in zip(grads[: len(varying)], dvs)
        ]
        new_accs = []
        for j, (g, acc) in enumerate(zip(grads[len(varying) :], accs)):
            if g is not None:
                connected.add(j)
                acc = acc + _dense(g)
                acc.op._accumulates = True  # its first input is read by nothing else
            new_accs.append(acc)
        return context.decrement.outputs[0], new_dvs, new_accs

    context = GradWhileContext(forward, graph._cond_context)
    invariants = (
        count.shape,
        [forward.merges[k].shape for k in varying],
        [e.shape for e in captured],
    )
    _, dvs, accs = context.build(
        lambda n, dvs, accs: n > 0, body, [count, init_dv, init_acc], invariants, True
    )
    if context.sync is not None:
        context.next_iterations[0].op._add_control_input(context.sync)
    parent = while_parent(context)
    if isinstance(parent, GradWhileContext):  # the outer backward iteration waits for this loop
        _sync(parent)._add_control_input(context.exits[0].op)
    result = [None] * n_vars
    for k, dv in zip(varying, dvs):
        result[k] = dv
    return result + [acc if j in connected else None for j, acc in enumerate(accs)]

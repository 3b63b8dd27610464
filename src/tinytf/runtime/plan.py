"""Compile (fetches, feeds, targets) into a Plan once; a Plan then runs as a flat loop.

A Plan holds one step per needed op, in dependency order: (kernel with attrs bound, input slot
indices, output slot or slice, slots to free after the step). Everything that depends only on the
signature is decided here: pruning, order, slots, constant folding, last uses, fetch copies.
"""

import functools

import numpy as np

from tinytf.framework import errors
from tinytf.framework.op_def import DEAD
from tinytf.runtime import donation, matmul_sums, shape_memo, tracing


class RunContext:
    """Per-Session state that stateful kernels read and write (variables, random generators)."""

    def __init__(self, backend):
        self.backend = backend
        self.variables = {}  # VariableV2 Operation -> array
        self.rngs = {}  # Operation -> generator
        self.iterators = {}  # tf.data iterator -> Python iterator over its dataset
        self.counters = {}  # Operation -> how many times it ran (tf.Print's first_n)
        self.tables = {}  # lookup table op or (container, shared_name) -> its table


class Plan:
    """A compiled signature: run(feed_arrays) -> list of fetched values."""

    def __init__(self, backend, steps, ops, init, feed_slots, fetch_slots, copy_fetches):
        self._backend = backend
        self._steps = steps
        self._ops = ops
        self._init = init
        self._feed_slots = feed_slots
        self._fetch_slots = fetch_slots
        self._copy_fetches = copy_fetches
        self.num_steps = len(steps)
        self.may_fetch_dead = False

    def run(self, feed_arrays, trace=None):
        """The fetched values; `trace` (a tracing.StepTrace) records each op's timing."""
        slots = self._init.copy()
        for i, value in zip(self._feed_slots, feed_arrays):
            slots[i] = value
        step = None
        try:
            with self._backend.quiet():
                if trace is not None:
                    self._run_traced(slots, trace)
                else:
                    for step in self._steps:
                        fn, ins, out, frees = step
                        slots[out] = fn(*[slots[i] for i in ins])
                        for i in frees:
                            slots[i] = None
        except Exception as e:
            if trace is not None and len(trace.records) < self.num_steps:
                step = self._steps[len(trace.records)]  # the first step not recorded failed
            if step is None:
                raise
            raise _attribute(e, self._ops[self._steps.index(step)]) from e
        backend = self._backend
        if self.may_fetch_dead:
            for k, i in enumerate(self._fetch_slots):
                if slots[i] is DEAD:
                    raise errors.InvalidArgumentError(
                        None,
                        None,
                        f"Retval[{k}] does not have value (it is on the branch of a "
                        "tf.cond that was not taken)",
                    )
        result = [backend.to_host(slots[i]) for i in self._fetch_slots]
        for k in self._copy_fetches:
            result[k] = backend.copy(result[k])
        return result

    def _run_traced(self, slots, trace):
        """The loop of run(), timing each step (a separate loop: untraced runs pay nothing)."""
        now = tracing.now_ns
        for op, (fn, ins, out, frees) in zip(self._ops, self._steps):
            start = now()
            slots[out] = fn(*[slots[i] for i in ins])
            end = now()
            trace.record(op, start, end, slots[out] if isinstance(out, slice) else (slots[out],))
            for i in frees:
                slots[i] = None


def _attribute(exc, op):
    """A kernel failure as TF reports it: an OpError that names the node."""
    if isinstance(exc, errors.OpError):
        return exc.with_op(exc.op or op)
    return errors.InvalidArgumentError(None, None, f"{type(exc).__name__}: {exc}").with_op(op)


def compile_plan(fetches, targets, feeds, backend, ctx):
    """fetches: Tensors; targets: Operations; feeds: Tensors fed at run time (cut the graph)."""
    fed = set(feeds)
    order = _needed_ops(fetches, targets, fed)
    nodes = order
    if any(op.type in ("Enter", "RefEnter") for op in order):  # while loops: one unit a frame
        from tinytf.runtime import frames

        nodes = frames.root_nodes(order, fed, fetches, targets)
    slot_of = {t: i for i, t in enumerate(feeds)}
    init = [None] * len(feeds)
    aliased = set(range(len(feeds)))
    steps, step_ops, folded, maybe_dead = compile_steps(
        nodes, slot_of, init, backend, ctx, fed, aliased
    )
    fetch_slots = [slot_of[t] for t in fetches]
    if not maybe_dead:  # no dead tensors (conds): steps may be fused (not in loops)
        keep = set(fetch_slots) | folded
        steps, step_ops = matmul_sums.rewrite(steps, step_ops, keep, backend.xp)
        steps, step_ops = backend.rewrite(steps, step_ops, keep)
        steps, step_ops, _ = shape_memo.rewrite(steps, step_ops, keep, init, folded)
    _set_frees(steps, set(fetch_slots) | folded)
    if backend.xp is np:
        donation.donate(steps, step_ops, aliased)
    _drop_unread(init, steps, folded - set(fetch_slots))
    copies = [k for k, s in enumerate(fetch_slots) if s in aliased or s in folded]
    steps = [tuple(s) for s in steps]
    plan = Plan(backend, steps, step_ops, init, list(range(len(feeds))), fetch_slots, copies)
    plan.may_fetch_dead = maybe_dead
    plan.all_ops = order
    return plan


def compile_steps(nodes, slot_of, init, backend, ctx, fed=(), aliased=None, fold=True):
    """The steps of `nodes` (ops, or while-loop units, dependencies first): each reads the
    slots slot_of gives its inputs and writes new slots appended to `init`. Returns (steps,
    their ops, folded slots, whether any may see a dead tensor); `aliased` collects the slots
    that may share memory with a variable or a feed."""
    aliased = set() if aliased is None else aliased
    maybe_dead = _maybe_dead(nodes, fed)
    live_slot = {}  # op that may be dead -> the slot saying whether it ran
    folded = set()
    steps, step_ops = [], []
    for op in nodes:
        ins = [_input_slot(op, i, t, slot_of, init) for i, t in enumerate(op._inputs)]
        first = len(init)
        init.extend([None] * len(op._outputs))
        for k, t in enumerate(op._outputs):
            slot_of.setdefault(t, first + k)
        fn = _bind(op, backend, ctx)
        opdef = op._opdef
        single = len(op._outputs) == 1 and not opdef.list_output
        out = first if single else slice(first, first + len(op._outputs))
        if op in maybe_dead:  # inside a tf.cond branch: skipped when an input is dead
            controls = [live_slot[c] for c in op._control_inputs if c in live_slot]
            live_slot[op] = len(init)
            init.append(None)
            fn = _skip_if_dead(fn, len(op._outputs), single, len(controls), opdef.takes_dead)
            ins, out = ins + controls, slice(first, first + len(op._outputs) + 1)
        if fold and _foldable(op, ins, folded):
            _fold(op, fn, ins, out, init, backend)
            folded.update(range(first, first + len(op._outputs)))
            continue
        if opdef.stateful or (
            opdef.aliases_input and ins and (ins[0] in aliased or ins[0] in folded)
        ):
            aliased.update(range(first, first + len(op._outputs)))
        steps.append([fn, ins, out, ()])
        step_ops.append(op)
    return steps, step_ops, folded, bool(maybe_dead)


def _maybe_dead(order, fed):
    """The ops that can see a dead tensor: those downstream (data or control) of a Switch, or
    of a stack's pop (a while loop's gradient pops the dead values of untaken branches) where
    the graph has a tf.cond at all (a loop's own Switches never hand a push a dead value)."""
    dead = set()
    sources = ("Switch", "StackPopV2") if _has_cond(order) else ("Switch",)
    for op in order:
        if (
            op.type in sources
            or any((t not in fed and t.op in dead) for t in op._inputs)
            or any(c in dead for c in op._control_inputs)
        ):
            dead.add(op)
    return dead


def _has_cond(order):
    """Whether the graph of these ops (if they pop stacks) has a Switch that is not a while
    loop's own (whose predicate is its LoopCond): a tf.cond, whose untaken branch is dead."""
    pop = next((op for op in order if op.type == "StackPopV2"), None)
    if pop is None:
        return False
    return any(
        op.type in ("Switch", "RefSwitch") and op._inputs[1].op.type != "LoopCond"
        for op in pop._graph.get_operations()
    )


def _skip_if_dead(fn, n_outputs, single, n_controls, takes_dead):
    """fn, run only when its inputs (and control inputs) are live; its outputs, then True for
    "it ran" - or all DEAD."""
    dead = (DEAD,) * (n_outputs + 1)

    def step(*args):
        data = args[: len(args) - n_controls]
        if any(a is DEAD for a in args[len(data) :]) or (
            not takes_dead and any(a is DEAD for a in data)
        ):
            return dead
        result = fn(*data)
        result = (result,) if single else tuple(result)
        if takes_dead and result[0] is DEAD:
            return dead
        return (*result, True)

    return step


def _needed_ops(fetches, targets, fed):
    """The ops the fetches and targets need, dependencies first."""

    def deps(op):
        refs = op._opdef.ref_inputs
        # a reference input is a variable, not a value (unless it passes through a loop)
        found = [
            t.op
            for i, t in enumerate(op._inputs)
            if t not in fed and (i not in refs or t.op.type == "RefEnter")
        ]
        # a control input whose outputs are all fed counts as done (TF replaces it by the feed)
        found.extend(
            c for c in op._control_inputs if not (c._outputs and all(o in fed for o in c._outputs))
        )
        return found

    return dependency_order([t.op for t in fetches if t not in fed] + list(targets), deps)


def dependency_order(roots, deps, allowed=None):
    """The nodes reachable from `roots` through deps(node) (within `allowed`, if given),
    dependencies first (an iterative post-order DFS; a cycle is cut where it closes)."""
    order, seen = [], set()
    for root in roots:
        stack = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if node in seen:
                continue
            seen.add(node)
            stack.append((node, True))
            stack.extend(
                (d, False)
                for d in reversed(deps(node))
                if d not in seen and (allowed is None or d in allowed)
            )
    return order


def _input_slot(op, index, tensor, slot_of, init):
    if index in op._opdef.ref_inputs:
        init.append(variable_handle(tensor))  # the variable itself, not its value
        return len(init) - 1
    return slot_of[tensor]


def variable_handle(tensor):
    """The variable op behind a reference tensor (through Identity-like ops)."""
    op = tensor.op
    while not getattr(op._opdef, "is_variable", False):
        if not op._opdef.aliases_input or not op._inputs:
            raise TypeError(f"Input '{tensor.name}' must be a reference to a variable.")
        op = op._inputs[0].op
    return op


def _bind(op, backend, ctx):
    if hasattr(op, "bind"):  # a while loop's frame (runtime/frames.py)
        return op.bind(backend, ctx)
    if getattr(op, "_accumulates", False):  # a gradient loop's accumulator (ops/while_grad.py)
        return functools.partial(_add_into, backend.xp)
    kernel = backend.kernel(op._opdef)
    if op._opdef.stateful:
        return functools.partial(kernel, backend.xp, ctx=ctx, op=op, **op._attrs)
    return functools.partial(kernel, backend.xp, **op._attrs)


def _add_into(xp, acc, g):
    """acc + g, written into acc when it can hold the sum (acc is the accumulator's own)."""
    if (
        isinstance(acc, xp.ndarray)
        and acc.flags.writeable
        and getattr(g, "shape", None) == acc.shape
        and xp.result_type(acc, g) == acc.dtype
    ):
        return xp.add(acc, g, out=acc)
    return xp.add(acc, g)


def _foldable(op, ins, folded):
    opdef = op._opdef
    return (
        opdef.foldable
        and not opdef.stateful
        and not op._control_inputs
        and all(i in folded for i in ins)
    )


def _fold(op, fn, ins, out, init, backend):
    try:
        with backend.quiet():
            init[out] = fn(*[init[i] for i in ins])
    except Exception as e:
        raise _attribute(e, op) from e


def _drop_unread(init, steps, folded):
    """Folded values that only fed other folded ops need not stay alive."""
    read = {i for step in steps for i in step[1]}
    for slot in folded - read:
        init[slot] = None


def output_slots(step):
    """The slots a step writes (its out: one slot or a slice of them)."""
    out = step[2]
    return range(out.start, out.stop) if isinstance(out, slice) else (out,)


def slot_readers(steps):
    """slot -> the indices of the steps that read it, in order (for rewrites of steps)."""
    found = {}
    for k, step in enumerate(steps):
        for slot in step[1]:
            found.setdefault(slot, []).append(k)
    return found


def slot_writers(steps):
    """slot -> the index of the step that writes it."""
    return {slot: k for k, step in enumerate(steps) for slot in output_slots(step)}


def _set_frees(steps, keep):
    """Each step frees the slots it was the last to read (never fetched or folded ones)."""
    last = {}
    for k, step in enumerate(steps):
        for i in step[1]:
            last[i] = k
    frees = [[] for _ in steps]
    for slot, k in last.items():
        if slot not in keep:
            frees[k].append(slot)
    for step, f in zip(steps, frees):
        step[1] = tuple(step[1])
        step[3] = tuple(f)

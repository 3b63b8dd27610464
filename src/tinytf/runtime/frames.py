"""While loops at run time: each loop's frame is compiled once, with the plan, into a LoopUnit
that is a single step of its parent's plan.

Frames are found as TF's executor finds them: an Enter's output is in the child frame it names,
an Exit's output back in the parent frame, every other op in the frame of its inputs. A frame's
ops split into the loop's structure (Enter, Merge, Switch, LoopCond, NextIteration, Exit), the
predicate's steps (what LoopCond needs) and the body's steps (the rest); nested loops are units
among those steps. A unit runs:

    merge values = entered values
    while (run the predicate's steps; LoopCond's value):
        switch values = merge values; run the body's steps; merge values = next values
    exit values = merge values

so a loop of n iterations costs n passes over its steps and no planning.
"""

import collections

from tinytf.framework import errors
from tinytf.runtime import matmul_sums
from tinytf.runtime import plan as _plan

ENTERS = ("Enter", "RefEnter")
EXITS = ("Exit", "RefExit")


class Frame:
    """One loop's frame: its ops (those whose outputs live in it) and its nested frames."""

    def __init__(self, name, parent):
        self.name, self.parent = name, parent
        self.ops = []  # ops whose home is this frame (Exits leaving it included)
        self.children = {}

    def child(self, name):
        if name not in self.children:
            self.children[name] = Frame(name, self)
        return self.children[name]


def root_nodes(order, fed, fetches, targets):
    """The root plan's nodes: ops outside loops and one LoopUnit per outermost loop."""
    root, home = _assign_frames(order, fed)
    for element in [t.op for t in fetches if t not in fed] + list(targets):
        if home[element] is not root and element.type not in EXITS:
            raise errors.InaccessibleTensorError(
                f"Operation '{element.name}' has been marked as not fetchable. Typically this "
                "happens when it is defined in another function or code block. Use return "
                "values,explicit Python locals or TensorFlow collections to access it."
            )
    return _frame_nodes(root, home, fed)


def _assign_frames(order, fed):
    """(root frame, op -> its home frame); an Exit's home is the frame it leaves."""
    needed = set(order)
    consumers = collections.defaultdict(list)
    sources = {}
    for op in order:
        srcs = [t.op for t in op._inputs if t not in fed and t.op in needed]
        srcs += [c for c in op._control_inputs if c in needed]
        sources[op] = srcs
        for s in srcs:
            consumers[s].append(op)
    root, out_frame, home = Frame(None, None), {}, {}
    queue = collections.deque()

    def place(op, frame):
        if op.type in ENTERS:
            home[op] = out_frame[op] = frame.child(op._attrs["frame_name"])
        elif op.type in EXITS:
            if frame.parent is None:
                raise errors.InvalidArgumentError(
                    None, None, f"Exit '{op.name}' is not inside a while loop's frame"
                )
            home[op], out_frame[op] = frame, frame.parent
        else:
            home[op] = out_frame[op] = frame
        queue.append(op)

    for op in order:
        if not sources[op]:
            place(op, root)
    while queue:
        src = queue.popleft()
        for op in consumers[src]:
            if op not in home:
                place(op, out_frame[src])
    for op in order:
        home[op].ops.append(op)
    return root, home


def _unit_of(frame, op, home, units):
    """The node that stands for `op` among `frame`'s nodes (None: op is outside the frame)."""
    f = home[op]
    if f is frame and op.type not in EXITS:
        return op
    while f is not None and f.parent is not frame:
        f = f.parent
    return None if f is None else units[f]


def _frame_nodes(frame, home, fed, skip=()):
    """`frame`'s ops (but `skip`) and the LoopUnits of its child frames, dependencies first."""
    units = {c: LoopUnit(c, home, fed) for c in frame.children.values()}
    members = [op for op in frame.ops if op not in skip and op.type not in EXITS]
    nodes = members + list(units.values())

    def deps(node):
        if isinstance(node, LoopUnit):
            found = node.outside
        else:
            found = [t.op for t in node._inputs if t not in fed and t.op in home]
            found += [c for c in node._control_inputs if c in home]
        return [u for u in (_unit_of(frame, o, home, units) for o in found) if u is not None]

    return _plan.dependency_order(nodes, deps, set(nodes))


class _UnitDef:
    """What the plan compiler asks of an op's definition, for a LoopUnit."""

    ref_inputs = ()
    list_output = True
    stateful = True  # never folded; its outputs may alias a variable
    foldable = False
    aliases_input = False
    takes_dead = False


class LoopUnit:
    """A loop's frame as one node of its parent's plan: inputs are the values its Enters take,
    outputs those its Exits give."""

    _opdef = _UnitDef
    type = "While"
    device = ""
    _defined_at = None  # an error raised between its ops' steps names the frame alone

    def __init__(self, frame, home, fed):
        self.frame, self._home, self._fed = frame, home, fed
        self.name = frame.name
        ops = _subtree_ops(frame)
        inside = set(ops)
        self.enters = [op for op in frame.ops if op.type == "Enter"]
        self.exits = [op for op in frame.ops if op.type in EXITS]
        self._inputs = [e._inputs[0] for e in self.enters]
        self._outputs = [x._outputs[0] for x in self.exits]
        # the parent-frame ops this unit waits for: entered values and outside control inputs
        outside = [t.op for t in self._inputs if t not in fed]
        outside += [c for op in ops for c in op._control_inputs if c not in inside]
        self.outside = list(dict.fromkeys(outside))
        self._control_inputs = [c for c in self.outside if c not in {t.op for t in self._inputs}]

    inputs = property(lambda self: list(self._inputs))
    outputs = property(lambda self: list(self._outputs))

    def bind(self, backend, ctx):
        """The unit's kernel: fn(*entered values) -> exit values."""
        return _compile_loop(self, backend, ctx)


def _subtree_ops(frame):
    ops = list(frame.ops)
    for child in frame.children.values():
        ops += _subtree_ops(child)
    return ops


class _Loop:
    """A frame's structure: per loop variable its Enter, Merge, Switch, NextIteration."""

    def __init__(self, unit, home):
        frame = unit.frame
        ops = [op for op in frame.ops if op.type not in EXITS]
        conds = [op for op in ops if op.type == "LoopCond"]
        if len(conds) != 1:
            raise errors.InvalidArgumentError(
                None, None, f"While loop frame '{frame.name}' has {len(conds)} LoopCond ops"
            )
        self.loop_cond = conds[0]
        self.merges = [op for op in ops if _is_loop_merge(op, home, frame)]
        self.switches = [
            op for op in ops if op.type == "Switch" and op._inputs[1].op is self.loop_cond
        ]
        self.next_iterations = [m._inputs[1].op for m in self.merges]
        self.structure = {self.loop_cond, *self.merges, *self.switches, *self.next_iterations}
        self.structure.update(op for op in ops if op.type == "Enter")


def _is_loop_merge(op, home, frame):
    return (
        op.type == "Merge"
        and len(op._inputs) == 2
        and op._inputs[0].op.type == "Enter"
        and op._inputs[1].op.type in ("NextIteration", "RefNextIteration")
        and home[op._inputs[0].op] is frame
    )


def _compile_loop(unit, backend, ctx):
    home, fed = unit._home, unit._fed
    loop = _Loop(unit, home)
    slot_of, init = {}, []

    def preset(tensors):
        for t in tensors:
            slot_of[t] = len(init)
            init.append(None)
        return [slot_of[t] for t in tensors]

    preset([e._outputs[0] for e in unit.enters])
    merge_slots = preset([m._outputs[0] for m in loop.merges])
    preset([m._outputs[1] for m in loop.merges])
    preset([loop.loop_cond._outputs[0]])
    switch_of = {s._inputs[0].op: s for s in loop.switches}
    true_slots = [
        (preset(switch_of[m]._outputs)[1], slot)
        for m, slot in zip(loop.merges, merge_slots)
        if m in switch_of
    ]
    keep = set(range(len(init)))
    enter_of_merge = [slot_of[m._inputs[0]] for m in loop.merges]
    nodes = _frame_nodes(unit.frame, home, fed, skip=loop.structure)
    cond_nodes = _ancestors(nodes, loop.loop_cond, home, unit)
    body_nodes = [n for n in nodes if n not in cond_nodes]
    steps, ops, _, _ = _plan.compile_steps(
        cond_nodes + body_nodes, slot_of, init, backend, ctx, fed, fold=False
    )
    pred_slot = slot_of[loop.loop_cond._inputs[0]]
    next_slots = [slot_of[n._inputs[0]] for n in loop.next_iterations]
    moves = list(zip(merge_slots, next_slots))
    steps, ops, deferred = matmul_sums.defer_accumulators(
        steps, ops, init, true_slots, moves, backend.xp, first=len(cond_nodes)
    )
    keep.update(next_slots + [pred_slot] + [d[1] for d in deferred])
    keep.update(i for i, v in enumerate(init) if v is not None)  # variable handles: every pass
    _plan._set_frees(steps, keep)
    steps = [tuple(s) for s in steps]
    n_cond = len(cond_nodes)
    cond_steps, body_steps = steps[:n_cond], steps[n_cond:]
    exit_slots = [merge_slots[loop.merges.index(x._inputs[0].op._inputs[0].op)] for x in unit.exits]
    starts = list(zip(merge_slots, enter_of_merge))

    def run(*entered):
        slots = init.copy()
        slots[: len(entered)] = entered
        for m, e in starts:
            slots[m] = slots[e]
        for _, pairs, _, _ in deferred:
            slots[pairs] = []
        while True:
            _run_steps(cond_steps, ops, slots, 0)
            if not slots[pred_slot]:
                break
            for t, m in true_slots:
                slots[t] = slots[m]
            _run_steps(body_steps, ops, slots, n_cond)
            for m, n in moves:
                slots[m] = slots[n]
        for m, pairs, finish, op in deferred:
            try:
                slots[m] = finish(slots[m], slots[pairs])
            except Exception as e:
                raise _plan._attribute(e, op) from e
        return tuple(slots[i] for i in exit_slots)

    return run


def _ancestors(nodes, loop_cond, home, unit):
    """The nodes LoopCond's value needs (the predicate's steps), in dependency order."""
    index = {n: k for k, n in enumerate(nodes)}
    needed, stack = set(), [loop_cond._inputs[0].op]
    frame = unit.frame
    units = {n.frame: n for n in nodes if isinstance(n, LoopUnit)}
    while stack:
        op = stack.pop()
        node = _unit_of(frame, op, home, units) if op in home else None
        if node is None or node not in index or node in needed:
            continue
        needed.add(node)
        if isinstance(node, LoopUnit):
            stack.extend(node.outside)
        else:
            stack.extend(t.op for t in node._inputs)
            stack.extend(node._control_inputs)
    return [n for n in nodes if n in needed]


def _run_steps(steps, ops, slots, offset):
    k = 0
    try:
        for k, (fn, ins, out, frees) in enumerate(steps):  # noqa: B007 - k names the failure
            slots[out] = fn(*[slots[i] for i in ins])
            for i in frees:
                slots[i] = None
    except Exception as e:
        raise _plan._attribute(e, ops[offset + k]) from e

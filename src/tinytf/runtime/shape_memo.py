"""The steps that compute only from shapes, run once per shape: where a batch size is known only
at run time, a gradient's bookkeeping (reduce_mean's Shape -> Prod -> FloorDiv -> Cast ->
BroadcastTo -> RealDiv, a dropout's Shape -> RandomUniform's shape) runs every step, about 10
us a kernel in Python where TF's C++ takes 1 (a quarter of the softmax lab's step, measured).

A value is "from shapes" if it is a folded constant, the output of a Shape, Size, Rank or ShapeN
step, or the output of a pure (foldable) step whose inputs are all from shapes. Each connected
group of such steps becomes one step: it reads the tensors whose shapes the group takes, and
returns the group's values that other steps read, computed once per tuple of those shapes
(and kept, read-only, while small). The group's steps run, in order, on a miss.
"""

import numpy as np

from tinytf.runtime import plan as _plan

_SHAPE_OPS = {"Shape", "Size", "Rank", "ShapeN"}
_MAX_KEPT = 1 << 16  # elements of one shape's kept values: larger ones are computed each run
_MAX_SHAPES = 8  # shapes remembered per group (a training and an evaluation batch, ...)


def rewrite(steps, ops, keep, init, folded):
    """steps and ops with each group of shape-only steps as one memoizing step. New output
    slots are appended to `init`; returns (steps, ops, the slots of memoized values)."""
    member, shape_only = {}, set(folded)
    for k, (step, op) in enumerate(zip(steps, ops)):
        opdef = getattr(op, "_opdef", None)
        if opdef is None or opdef.stateful:
            continue
        source = op.type in _SHAPE_OPS
        if not source and not (opdef.foldable and all(i in shape_only for i in step[1])):
            continue
        if any(s in keep for s in _plan.output_slots(step)):
            continue  # fetched: the plan's own step, reading the group's values
        member[k] = source
        shape_only.update(_plan.output_slots(step))
    groups = _groups(steps, member)
    producer, readers = _plan.slot_writers(steps), _plan.slot_readers(steps)
    insert, drop, redirect, memo_slots = {}, set(), {}, set()
    for group in groups:
        found = _memo_step(group, steps, ops, member, readers, producer, keep, init)
        if found is None:
            continue
        at, step, outputs = found
        insert.setdefault(at, []).append((step, ops[group[0]]))
        drop.update(group)
        n = step[2].start
        for j, slot in enumerate(outputs):
            redirect[slot] = n + j
        memo_slots.update(range(n, n + len(outputs)))
    if not insert:
        return steps, ops, set()
    new_steps, new_ops = [], []
    for k, (step, op) in enumerate(zip(steps, ops)):
        for memo, first in insert.get(k, ()):
            new_steps.append(memo)
            new_ops.append(first)
        if k not in drop:
            new_steps.append([step[0], [redirect.get(i, i) for i in step[1]], step[2], step[3]])
            new_ops.append(op)
    return new_steps, new_ops, memo_slots


def _groups(steps, member):
    """The members' connected groups (through the slots one writes and another reads)."""
    parent = {k: k for k in member}

    def root(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    writer = {s: k for k in member for s in _plan.output_slots(steps[k])}
    for k in member:
        for i in steps[k][1]:
            if i in writer:
                parent[root(k)] = root(writer[i])
    found = {}
    for k in sorted(member):
        found.setdefault(root(k), []).append(k)
    return [g for g in found.values() if any(member[k] for k in g)]


def _memo_step(group, steps, ops, member, readers, producer, keep, init):
    """(the place to insert it before, the memoizing step, the group's slots others read), or
    None where no place has the shapes it reads there before its values are read."""
    inside = set(group)
    written = {s for k in group for s in _plan.output_slots(steps[k])}
    outputs = sorted(s for s in written if any(r not in inside for r in readers.get(s, ())))
    if not outputs:
        return None
    sources = []  # the slots whose shapes the group reads
    for k in group:
        if member[k]:
            sources.extend(i for i in steps[k][1] if i not in sources and i not in written)
    at = max([group[0]] + [producer.get(i, -1) + 1 for i in sources])
    if at > min(r for s in outputs for r in readers[s] if r not in inside):
        return None
    n = len(init)
    init.extend([None] * len(outputs))
    fn = _memoizing(group, steps, ops, sources, outputs, init)
    return at, [fn, list(sources), slice(n, n + len(outputs)), ()], outputs


def _memoizing(group, steps, ops, sources, outputs, init):
    program = [(steps[k][0], tuple(steps[k][1]), steps[k][2], ops[k]) for k in group]
    written = {s for k in group for s in _plan.output_slots(steps[k])}
    # the folded constants the group reads, as they are now (the plan drops those no step reads)
    consts = {i: init[i] for _, ins, _, _ in program for i in ins if i not in written}
    cache = {}

    def shape_step(*arrays):
        key = tuple(np.shape(a) for a in arrays)
        found = cache.get(key)
        if found is not None:
            return found
        slots = {**consts, **dict(zip(sources, arrays))}
        for fn, ins, out, op in program:
            try:
                value = fn(*[slots[i] for i in ins])
            except Exception as e:
                raise _plan._attribute(e, op) from e
            if isinstance(out, slice):
                slots.update(zip(range(out.start, out.stop), value))
            else:
                slots[out] = value
        values = tuple(slots[s] for s in outputs)
        if sum(np.size(v) for v in values) <= _MAX_KEPT:
            for v in values:
                if isinstance(v, np.ndarray):
                    v.setflags(write=False)
            if len(cache) >= _MAX_SHAPES:
                cache.pop(next(iter(cache)))
            cache[key] = values
        return values

    shape_step.kept = cache  # shapes -> the values kept for them
    return shape_step

"""Element-wise steps that write their result into an input array nothing else holds, as NumPy
elides its own temporaries: a sum or product at the last read of an input slot, whose array
owns its memory, has the result's shape and dtype and is held by that slot alone, is computed
into it instead of into a new array of the output's size (an allocation and its page faults).

"Held by that slot alone" is checked when the step runs, by the array's reference count: any
other slot, view or Python name holding it adds one, and the step then allocates as before.
Only the plan's own loop (Plan.run) calls these steps; the count it gives an input that nothing
else holds is measured once, below, through the same kind of call."""

import sys

import numpy as np

_UFUNCS = {"Add": np.add, "AddV2": np.add, "Sub": np.subtract, "Mul": np.multiply}
_MIN_SIZE = 1 << 15  # below, the checks cost about what the allocation saves


def _probe(a, b):
    return sys.getrefcount(a), sys.getrefcount(b)


def _sole_count():
    """The count an input held only by its slot has inside a step, as Plan.run calls it."""
    slots = [np.empty(1), np.empty(1)]
    return _probe(*[slots[i] for i in (0, 1)])  # noqa: C416  (Plan.run's own call)


_SOLE = _sole_count()


def donate(steps, ops, shared):
    """Rewrites, in place, the steps of binary element-wise ops that read an input slot for the
    last time (a slot in their frees, not in `shared`: feeds, variables' memory) so that the
    result may be written into that input. steps: [fn, ins, out, frees] lists."""
    for step, op in zip(steps, ops):
        ufunc = _UFUNCS.get(getattr(op, "type", None))
        if ufunc is None or len(step[1]) != 2 or not isinstance(step[2], int):
            continue
        dying = [p for p, slot in enumerate(step[1]) if slot in step[3] and slot not in shared]
        if dying and step[1][0] != step[1][1]:
            step[0] = _donating(step[0], ufunc, 0 in dying, 1 in dying)


def _takes(x, other):
    return (
        type(x) is np.ndarray
        and x.size >= _MIN_SIZE
        and x.base is None
        and x.flags.writeable
        and x.dtype.kind in "fc"
        and np.broadcast_shapes(x.shape, np.shape(other)) == x.shape
        and np.result_type(x, other) == x.dtype
    )


def _donating(fn, ufunc, first, second):
    sole_a, sole_b = _SOLE

    def step(a, b):
        if first and sys.getrefcount(a) == sole_a and _takes(a, b):
            return ufunc(a, b, out=a)
        if second and sys.getrefcount(b) == sole_b and _takes(b, a):
            return ufunc(a, b, out=b)
        return fn(a, b)

    return step

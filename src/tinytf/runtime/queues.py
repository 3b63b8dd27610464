"""The runtime side of TF's queues and readers: the per-Session resource store (shared_name and
container semantics), the blocking queue structures (TF's fifo_queue.cc, random_shuffle_queue.cc,
padding_fifo_queue.cc, priority_queue.cc) and the waits that honour RunOptions(timeout_in_ms)
and Session.close.

Several Session.run calls use one queue at once (queue runners do), so every queue guards its
state with a threading.Condition; a run that waits is woken by an enqueue, a dequeue, a close,
its deadline, or the session closing.
"""

import collections
import contextlib
import heapq
import itertools
import threading
import time

import numpy as np

from tinytf.framework import errors

_ids = itertools.count()  # TF's process-wide resource ids ("_0_fifo_queue")
_store_lock = threading.Lock()
_run = threading.local()  # this thread's run deadline (time.monotonic seconds) or None


@contextlib.contextmanager
def run_deadline(timeout_ms):
    """Blocking kernels run inside give up after `timeout_ms` (RunOptions.timeout_in_ms)."""
    saved = getattr(_run, "deadline", None)
    _run.deadline = time.monotonic() + timeout_ms / 1000 if timeout_ms > 0 else None
    try:
        yield
    finally:
        _run.deadline = saved


class _Store:
    """A session's queues and readers: by (container, shared_name), and by the op that made them
    (an op without a shared_name makes one resource of its own per session, as TF)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.shared = {}
        self.by_op = {}
        self.cancelled = False
        self.waitables = []  # the Conditions that a closing session must wake


def store(ctx):
    """The resource store of the session whose RunContext is `ctx`."""
    found = getattr(ctx, "queue_store", None)
    if found is None:
        with _store_lock:
            found = getattr(ctx, "queue_store", None)
            if found is None:
                found = ctx.queue_store = _Store()
    return found


def cancel(ctx):
    """Session.close: every run waiting on one of the session's queues stops (CancelledError)."""
    found = getattr(ctx, "queue_store", None)
    if found is None:
        return
    found.cancelled = True
    for cond in list(found.waitables):
        with cond:
            cond.notify_all()


def resource(ctx, op, make):
    """The resource of `op` in this session, made on first use by make(name, store)."""
    st = store(ctx)
    found = st.by_op.get(op)  # made already (a dict read needs no lock): every run after the first
    if found is not None:
        return found
    with st.lock:
        found = st.by_op.get(op)
        if found is not None:
            return found
        container, shared = op._attrs.get("container", ""), op._attrs.get("shared_name", "")
        key = (container, shared)
        found = st.shared.get(key) if shared else None
        if found is None:
            found = make(shared or f"_{next(_ids)}_{op.name}", st)
            if shared:
                st.shared[key] = found
        st.by_op[op] = found
        return found


def wait(cond, ready, st, what):
    """Waits (holding `cond`) until ready() is true; CancelledError when the session closes,
    DeadlineExceededError past the run's deadline."""
    deadline = getattr(_run, "deadline", None)
    while not ready():
        if st.cancelled:
            raise errors.CancelledError(None, None, f"{what} operation was cancelled")
        if deadline is None:
            cond.wait()
            continue
        left = deadline - time.monotonic()
        if left <= 0:
            raise errors.DeadlineExceededError(None, None, "Timed out waiting for notification")
        cond.wait(left)


def shape_text(dims):
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


# -- queues ------------------------------------------------------------------------------------
class FIFOQueue:
    """First in, first out; `capacity` elements at most (TF's FIFOQueue)."""

    kind = "FIFOQueue"

    def __init__(self, name, st, component_types, shapes, capacity):
        self.name, self.store = name, st
        self.dtypes = list(component_types)
        self.shapes = [None if s.ndims is None else tuple(s.as_list()) for s in shapes] or None
        self.capacity = capacity if capacity >= 0 else 2**31 - 1
        self.cond = threading.Condition()
        self.closed = False
        self.pending = 0  # enqueue runs in progress
        self.cancelled_generation = 0  # bumped by close(cancel_pending_enqueues=True)
        self.items = self._container()
        st.waitables.append(self.cond)

    def _container(self):
        return collections.deque()

    # the element store, overridden by the shuffling and priority queues
    def _put(self, element):
        self.items.append(element)

    def _take(self):
        return self.items.popleft()

    def _available(self):
        return len(self.items)

    def size(self):
        return len(self.items)

    # -- enqueue --------------------------------------------------------------------------------
    def check_element(self, components):
        for i, value in enumerate(components):
            expected = self.shapes[i] if self.shapes else None
            if expected is not None and not fits(expected, value.shape):
                raise errors.InvalidArgumentError(
                    None,
                    None,
                    f"Shape mismatch in tuple component {i}. Expected {shape_text(expected)}, "
                    f"got {shape_text(value.shape)}",
                )

    def enqueue(self, elements):
        """Adds the element tuples one by one, each waiting for room."""
        with self.cond:
            self._check_open()
            generation = self.cancelled_generation
            self.pending += 1
            try:
                for element in elements:
                    wait(
                        self.cond,
                        lambda: self._room() or generation != self.cancelled_generation,
                        self.store,
                        "Enqueue",
                    )
                    if generation != self.cancelled_generation:
                        raise errors.CancelledError(None, None, "Enqueue operation was cancelled")
                    self._put(element)
                    self.cond.notify_all()
            finally:
                self.pending -= 1
                self.cond.notify_all()

    def _room(self):
        return len(self.items) < self.capacity

    def _check_open(self):
        if self.closed:
            raise errors.CancelledError(None, None, f"{self.kind} '{self.name}' is closed.")

    # -- dequeue --------------------------------------------------------------------------------
    def check_shapes(self):
        if self.shapes is None or any(s is None or None in s for s in self.shapes):
            raise errors.InvalidArgumentError(
                None,
                None,
                f"{self.kind}'s DequeueMany and DequeueUpTo require the components to have "
                "specified shapes.",
            )

    def dequeue(self, n, up_to=False):
        """n element tuples (all that are left of a closed queue, with up_to). As TF, a
        dequeue takes elements as they come, so it may ask for more than the capacity."""
        with self.cond:
            taken = []
            try:
                while len(taken) < n:
                    wait(
                        self.cond,
                        lambda: self.closed or self._available() > 0,
                        self.store,
                        "Dequeue",
                    )
                    need = n - len(taken)
                    if self.closed and len(self.items) < need:
                        short, taken = taken, []  # restored once, by _closed_short
                        return self._closed_short(short, need, up_to)
                    taken.extend(self._take() for _ in range(min(need, self._available())))
                    self.cond.notify_all()
            except errors.OpError:  # cancelled or timed out: what was taken goes back
                self._restore(taken)
                self.cond.notify_all()
                raise
            return taken

    def _closed_short(self, taken, need, up_to):
        size = len(self.items)
        self._restore(taken)
        if up_to and self.items:
            return [self._take() for _ in range(len(self.items))]
        raise errors.OutOfRangeError(
            None,
            None,
            f"{self.kind} '{self.name}' is closed and has insufficient elements "
            f"(requested {need}, current size {size})",
        )

    def _restore(self, taken):
        self.items.extendleft(reversed(taken))

    def close(self, cancel_pending_enqueues):
        """Closes the queue: after its pending enqueues finished, or failing them (cancel)."""
        with self.cond:
            if cancel_pending_enqueues:
                self.cancelled_generation += 1
            else:  # TF's close waits for the enqueues already running
                wait(self.cond, lambda: self.pending == 0, self.store, "Close")
            self.closed = True
            self.cond.notify_all()


class RandomShuffleQueue(FIFOQueue):
    """Dequeues a random element, keeping `min_after_dequeue` until closed (TF's
    RandomShuffleQueue; its own generator, so orders differ from TF's but repeat per seed)."""

    kind = "RandomShuffleQueue"

    def __init__(self, name, st, component_types, shapes, capacity, min_after_dequeue, seeds):
        super().__init__(name, st, component_types, shapes, capacity)
        self.min_after_dequeue = min_after_dequeue
        self.rng = np.random.default_rng(list(seeds) if any(seeds) else None)

    def _container(self):
        return []

    def _take(self):
        items = self.items
        k = int(self.rng.integers(len(items)))
        items[k], items[-1] = items[-1], items[k]
        return items.pop()

    def _available(self):
        return len(self.items) - (0 if self.closed else self.min_after_dequeue)

    def _restore(self, taken):
        self.items.extend(taken)


class PriorityQueue(FIFOQueue):
    """Dequeues the element with the smallest int64 priority (component 0) first."""

    kind = "PriorityQueue"

    def _container(self):
        self._order = itertools.count()
        return []

    def _put(self, element):
        heapq.heappush(self.items, (int(element[0]), next(self._order), element))

    def _take(self):
        return heapq.heappop(self.items)[2]

    def _restore(self, taken):
        for element in taken:
            self._put(element)

    def check_element(self, components):
        super().check_element(components)
        if components[0].shape != ():
            raise errors.InvalidArgumentError(
                None,
                None,
                "Expected the priority element to be a scalar, but received shape: "
                f"{shape_text(components[0].shape)}",
            )


class PaddingFIFOQueue(FIFOQueue):
    """A FIFOQueue whose components may have unknown dims; batches are padded with zeros."""

    kind = "PaddingFIFOQueue"

    def check_shapes(self):
        pass  # partial shapes are what this queue is for


def fits(expected, actual):
    return len(expected) == len(actual) and all(
        e is None or e == a for e, a in zip(expected, actual)
    )


def stack(xp, elements, dtypes, pad):
    """The components of `elements` stacked into batches (padded to the largest, if `pad`)."""
    result = []
    for i, dtype in enumerate(dtypes):
        parts = [e[i] for e in elements]
        if pad and parts:
            shape = tuple(max(p.shape[d] for p in parts) for d in range(parts[0].ndim))
            parts = [_pad(xp, p, shape, dtype) for p in parts]
        if parts:
            result.append(xp.stack(parts))
        else:
            result.append(xp.zeros((0,), dtype.as_numpy_dtype))
    return result


def _pad(xp, part, shape, dtype):
    if part.shape == shape:
        return part
    out = xp.full(shape, b"" if dtype.name == "string" else 0, dtype=part.dtype)
    out[tuple(slice(0, n) for n in part.shape)] = part
    return out

"""The runtime side of TF's gradient accumulators (conditional_accumulator.h,
sparse_conditional_accumulator.h), which SyncReplicasOptimizer aggregates through: a gradient
from a step older than the accumulator's global step is dropped; take() waits for `num_required`
gradients, returns their mean (or sum) and advances the global step. Session.close wakes a
waiting take() (runtime/queues.py's store and wait)."""

import threading

import numpy as np

from tinytf.framework import errors
from tinytf.runtime import queues


def _shape_text(dims):
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


class ConditionalAccumulator:
    """Dense gradients of one shape (TF's ConditionalAccumulator)."""

    def __init__(self, name, st, shape, reduction_type):
        self.name, self.store = name, st
        self.shape = shape  # a tuple with None for unknown dims, or None (unknown rank)
        self.mean = reduction_type == "MEAN"
        self.cond = threading.Condition()
        self.global_step, self.count, self.total = 0, 0, None
        st.waitables.append(self.cond)

    def _check_shape(self, value):
        known = self.shape
        if known is not None and (
            len(known) != value.ndim or any(k not in (None, v) for k, v in zip(known, value.shape))
        ):
            raise errors.InvalidArgumentError(
                None,
                None,
                f"Shape mismatch: expected {_shape_text(known)}, got {_shape_text(value.shape)}",
            )
        if self.total is not None and self.total.shape != value.shape:
            raise errors.InvalidArgumentError(
                None,
                None,
                f"Shape of tensor to accumulate {_shape_text(value.shape)} does not equal shape "
                f"of accumulator {_shape_text(self.total.shape)}",
            )

    def apply(self, local_step, value):
        with self.cond:
            self._check_shape(value)
            if local_step < self.global_step:  # a stale gradient: TF drops it (with a warning)
                return
            self.total = np.array(value, copy=True) if self.total is None else self.total + value
            self.count += 1
            self.cond.notify_all()

    def take(self, num_required):
        """Waits for num_required gradients; their mean or sum. The global step advances."""
        if num_required < 1:
            raise errors.InvalidArgumentError(
                None, None, f"Argument num_required must be positive, but was {num_required}"
            )
        with self.cond:
            queues.wait(self.cond, lambda: self.count >= num_required, self.store, "TakeGrad")
            out = self.total / self.total.dtype.type(self.count) if self.mean else self.total
            self.total, self.count = None, 0
            self.global_step += 1
            return out

    def set_global_step(self, step):
        with self.cond:
            self.global_step = int(step)
            self.cond.notify_all()

    def num_accumulated(self):
        with self.cond:
            return self.count


class SparseConditionalAccumulator(ConditionalAccumulator):
    """IndexedSlices gradients: rows are summed per index and averaged by how many gradients
    had that index. As TF's kernel, it merges each new gradient into the stored rows as two
    sorted lists (the first gradient is kept as given), so duplicate or unsorted indices within
    one gradient stay separate entries, exactly as TF 1.15 returns them."""

    def __init__(self, name, st, shape, reduction_type):
        super().__init__(name, st, shape, reduction_type)
        self.rows = None  # [index, summed value, count] in the stored order

    def apply_slices(self, local_step, indices, values):
        with self.cond:
            if local_step < self.global_step:
                return
            incoming = [[int(i), np.array(v, copy=True), 1] for i, v in zip(indices, values)]
            self.rows = incoming if self.rows is None else _merge(self.rows, incoming)
            self.count += 1
            self.cond.notify_all()

    def take_slices(self, num_required, value_shape, dtype):
        """(indices, values, dense shape) once num_required gradients have arrived. The shape
        is the accumulator's, or [-1] + the rows' shape (TF ignores the gradients' own)."""
        if num_required < 1:
            raise errors.InvalidArgumentError(
                None, None, f"Argument num_required must be positive, but was {num_required}"
            )
        with self.cond:
            queues.wait(self.cond, lambda: self.count >= num_required, self.store, "TakeGrad")
            rows, self.rows, self.count = self.rows or [], None, 0
            self.global_step += 1
        indices = np.array([r[0] for r in rows], np.int64)
        if rows:
            values = np.stack([r[1] / r[1].dtype.type(r[2]) if self.mean else r[1] for r in rows])
        else:
            values = np.zeros((0,) + tuple(value_shape), dtype)
        if self.shape:
            shape = [-1 if d is None else d for d in self.shape]
        else:
            shape = [-1] + list(values.shape[1:])
        return indices, values, np.array(shape, np.int64)


def _merge(stored, incoming):
    """TF's merge of two index lists it assumes sorted: equal heads are summed and counted."""
    out, i, j = [], 0, 0
    while i < len(stored) and j < len(incoming):
        a, b = stored[i], incoming[j]
        if a[0] < b[0]:
            out.append(a)
            i += 1
        elif a[0] > b[0]:
            out.append(b)
            j += 1
        else:
            out.append([a[0], a[1] + b[1], a[2] + 1])
            i, j = i + 1, j + 1
    return out + stored[i:] + incoming[j:]

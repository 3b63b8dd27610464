"""TF 1.15's queues: the queue ops (FIFOQueueV2, RandomShuffleQueueV2, PaddingFIFOQueueV2,
PriorityQueueV2 and the QueueEnqueue/Dequeue/Size/Close/IsClosed ops) and the Python classes
tf.QueueBase, tf.FIFOQueue, tf.RandomShuffleQueue, tf.PaddingFIFOQueue, tf.PriorityQueue
(data_flow_ops.py). The queue itself lives in the session (runtime/queues.py): a queue op's
value is that session's queue object, made on first use.
"""

import collections.abc

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError, ShapeError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    init_scope,
    name_scope,
    register_op,
)
from tinytf.framework.tensor_shape import Dimension, TensorShape, as_shape, unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.random_ops import get_seed
from tinytf.ops.string_ops import as_bytes
from tinytf.runtime import queues

_HANDLE = TensorSpec(TensorShape([]), D.resource)


class _QueueOp(OpDef):
    attrs = {
        "component_types": None,
        "shapes": (),
        "capacity": -1,
        "container": "",
        "shared_name": "",
    }
    stateful = True
    foldable = False
    make = queues.FIFOQueue

    def infer(**attrs):
        return _HANDLE

    def kernel(xp, *, ctx, op, component_types, shapes, capacity, container, shared_name, **extra):
        make = op._opdef.make
        return queues.resource(
            ctx, op, lambda name, st: make(name, st, component_types, shapes, capacity, **extra)
        )


@register_op
class FIFOQueueV2(_QueueOp):
    """A FIFO queue of `capacity` elements of `component_types` (its handle)."""


@register_op
class PaddingFIFOQueueV2(_QueueOp):
    """A FIFO queue whose DequeueMany pads components to the largest element."""

    make = queues.PaddingFIFOQueue


@register_op
class PriorityQueueV2(_QueueOp):
    """A queue dequeuing the smallest int64 priority first."""

    attrs = {
        "component_types": (),
        "shapes": None,
        "capacity": -1,
        "container": "",
        "shared_name": "",
    }
    make = queues.PriorityQueue

    def kernel(xp, *, ctx, op, component_types, shapes, capacity, container, shared_name):
        types = [D.int64, *component_types]
        shapes = [TensorShape([]), *shapes] if shapes else ()
        return queues.resource(
            ctx, op, lambda name, st: queues.PriorityQueue(name, st, types, shapes, capacity)
        )


@register_op
class RandomShuffleQueueV2(_QueueOp):
    """A queue dequeuing random elements, keeping `min_after_dequeue` until closed."""

    attrs = {**_QueueOp.attrs, "min_after_dequeue": 0, "seed": 0, "seed2": 0}

    def kernel(
        xp,
        *,
        ctx,
        op,
        component_types,
        shapes,
        capacity,
        container,
        shared_name,
        min_after_dequeue,
        seed,
        seed2,
    ):
        return queues.resource(
            ctx,
            op,
            lambda name, st: queues.RandomShuffleQueue(
                name, st, component_types, shapes, capacity, min_after_dequeue, (seed, seed2)
            ),
        )


def _copy(xp, value):
    value = xp.array(value, copy=True)
    if value.dtype == object:  # a fed Python str leaves the queue as bytes, as in TF
        for idx, item in np.ndenumerate(value):
            if isinstance(item, str):
                value[idx] = as_bytes(item)
    return value


@register_op
class QueueEnqueueV2(OpDef):
    """Enqueues one element (a tuple of components), waiting while the queue is full."""

    inputs = ("handle", "components*")
    type_inputs = ()
    attrs = {"Tcomponents": None, "timeout_ms": -1}
    stateful = True

    def infer(handle, *components, Tcomponents, timeout_ms):
        return []

    def kernel(xp, queue, *components, ctx, op, Tcomponents, timeout_ms):
        element = tuple(_copy(xp, c) for c in components)
        queue.check_element(element)
        queue.enqueue([element])
        return ()


@register_op
class QueueEnqueueManyV2(OpDef):
    """Enqueues the rows of the components (sliced along dimension 0) as elements."""

    inputs = ("handle", "components*")
    type_inputs = ()
    attrs = {"Tcomponents": None, "timeout_ms": -1}
    stateful = True

    def infer(handle, *components, Tcomponents, timeout_ms):
        return []

    def kernel(xp, queue, *components, ctx, op, Tcomponents, timeout_ms):
        batches = [_copy(xp, c) for c in components]
        _check_batch(queue, batches)
        n = batches[0].shape[0]
        queue.enqueue([tuple(b[k, ...] for b in batches) for k in range(n)])
        return ()


def _check_batch(queue, batches):
    """Every component is [batch] + its element shape (TF's ValidateManyTuple)."""
    n = batches[0].shape[0] if batches[0].ndim else None
    for i, b in enumerate(batches):
        expected = queue.shapes[i] if queue.shapes else None
        if (
            b.ndim == 0
            or n is None
            or b.shape[0] != n
            or (expected is not None and not queues.fits(expected, b.shape[1:]))
        ):
            dims = (n,) + (expected if expected is not None else tuple(b.shape[1:]))
            raise InvalidArgumentError(
                None,
                None,
                f"Shape mismatch in tuple component {i}. Expected {queues.shape_text(dims)}, "
                f"got {queues.shape_text(b.shape)}",
            )
    if isinstance(queue, queues.PriorityQueue) and batches[0].ndim != 1:
        raise InvalidArgumentError(
            None,
            None,
            "Expected the priority element to be a scalar, but received shape: "
            f"{queues.shape_text(batches[0].shape[1:])}",
        )


@register_op
class QueueDequeueV2(OpDef):
    """Dequeues one element, waiting while the queue is empty."""

    inputs = ("handle",)
    attrs = {"component_types": None, "timeout_ms": -1}
    stateful = True
    list_output = True

    def infer(handle, *, component_types, timeout_ms):
        return [TensorSpec(unknown_shape(), D.as_dtype(t)) for t in component_types]

    def kernel(xp, queue, *, ctx, op, component_types, timeout_ms):
        return list(queue.dequeue(1)[0])


class _DequeueManyOp(OpDef):
    inputs = ("handle", "n")
    type_inputs = ()
    attrs = {"component_types": None, "timeout_ms": -1}
    stateful = True
    list_output = True
    up_to = False

    def infer(handle, n, *, component_types, timeout_ms):
        known = shape_util.constant_value(n)
        if known is not None and int(known) < 0:
            raise ShapeError(f"Input 'n' must be >= 0, but is {int(known)}")
        return [TensorSpec(unknown_shape(), D.as_dtype(t)) for t in component_types]

    def kernel(xp, queue, n, *, ctx, op, component_types, timeout_ms):
        queue.check_shapes()
        taken = queue.dequeue(int(n), up_to=op._opdef.up_to)
        if not taken:
            return [xp.zeros((0, *s), t.as_numpy_dtype) for s, t in zip(queue.shapes, queue.dtypes)]
        pad = isinstance(queue, queues.PaddingFIFOQueue)
        return queues.stack(xp, taken, queue.dtypes, pad)


@register_op
class QueueDequeueManyV2(_DequeueManyOp):
    """Dequeues `n` elements as batches, waiting until there are `n`."""


@register_op
class QueueDequeueUpToV2(_DequeueManyOp):
    """Dequeues `n` elements as batches, or what is left of a closed queue."""

    up_to = True


@register_op
class QueueSizeV2(OpDef):
    """The number of elements in the queue."""

    inputs = ("handle",)
    stateful = True

    def infer(handle):
        return TensorSpec([], D.int32)

    def kernel(xp, queue, *, ctx, op):
        return xp.asarray(queue.size(), dtype=D.int32.as_numpy_dtype)


@register_op
class QueueIsClosedV2(OpDef):
    """Whether the queue is closed."""

    inputs = ("handle",)
    stateful = True

    def infer(handle):
        return TensorSpec([], D.bool)

    def kernel(xp, queue, *, ctx, op):
        return xp.asarray(queue.closed)


@register_op
class QueueCloseV2(OpDef):
    """Closes the queue: later enqueues fail, dequeues drain what is left."""

    inputs = ("handle",)
    attrs = {"cancel_pending_enqueues": False}
    stateful = True

    def infer(handle, *, cancel_pending_enqueues):
        return []

    def kernel(xp, queue, *, ctx, op, cancel_pending_enqueues):
        queue.close(cancel_pending_enqueues)
        return ()


for _name in (
    "FIFOQueueV2",
    "PaddingFIFOQueueV2",
    "PriorityQueueV2",
    "RandomShuffleQueueV2",
    "QueueEnqueueV2",
    "QueueEnqueueManyV2",
    "QueueDequeueV2",
    "QueueDequeueManyV2",
    "QueueDequeueUpToV2",
    "QueueSizeV2",
    "QueueIsClosedV2",
    "QueueCloseV2",
):
    NotDifferentiable(_name)


# -- the Python classes (data_flow_ops.py) -----------------------------------------------------
def _as_type_list(dtypes):
    if isinstance(dtypes, D.DType):
        return [dtypes]
    return [D.as_dtype(d) for d in dtypes]


def _as_shape_list(shapes, unknown_dim_allowed=False):
    if unknown_dim_allowed and (
        not isinstance(shapes, collections.abc.Sequence)
        or not shapes
        or any(s is None or isinstance(s, int) for s in shapes)
    ):
        raise ValueError("When providing partial shapes, a list of shapes must be provided.")
    if shapes is None:
        return None
    if isinstance(shapes, TensorShape):
        shapes = [shapes]
    if not isinstance(shapes, (tuple, list)):
        raise TypeError("shapes must be a TensorShape or a list or tuple of TensorShapes.")
    if all(s is None or isinstance(s, int) for s in shapes):
        shapes = [shapes]
    shapes = [as_shape(s) for s in shapes]
    if not unknown_dim_allowed and any(not s.is_fully_defined() for s in shapes):
        raise ValueError(f"All shapes must be fully defined: {_shapes_repr(shapes)}")
    if any(s.ndims is None for s in shapes):
        raise ValueError(f"All shapes must have a defined rank: {_shapes_repr(shapes)}")
    return shapes


def _shapes_repr(shapes):
    inner = ", ".join(
        "TensorShape(None)"
        if s.ndims is None
        else "TensorShape([" + ", ".join(f"Dimension({d})" for d in s.as_list()) + "])"
        for s in shapes
    )
    return f"[{inner}]"


def _as_name_list(names, dtypes):
    if names is None:
        return None
    if not isinstance(names, (list, tuple)):
        names = [names]
    if len(names) != len(dtypes):
        raise ValueError("List of names must have the same length as the list of dtypes")
    return list(names)


class QueueBase:
    """Base class for queues: enqueue, dequeue, size and close over a queue handle."""

    def __init__(self, dtypes, shapes, names, queue_ref):
        self._dtypes = dtypes
        if shapes is not None:
            if len(shapes) != len(dtypes):
                raise ValueError("Queue shapes must have the same length as dtypes")
            self._shapes = [TensorShape(s) for s in shapes]
        else:
            self._shapes = [unknown_shape() for _ in dtypes]
        if names is not None:
            if len(names) != len(dtypes):
                raise ValueError("Queue names must have the same length as dtypes")
            self._names = names
        else:
            self._names = None
        self._queue_ref = queue_ref
        self._name = queue_ref.op.name.split("/")[-1]

    queue_ref = property(lambda self: self._queue_ref)
    name = property(lambda self: self._queue_ref.op.name)
    dtypes = property(lambda self: self._dtypes)
    shapes = property(lambda self: self._shapes)
    names = property(lambda self: self._names)

    def _check_enqueue_dtypes(self, vals):
        if isinstance(vals, dict):
            if not self._names:
                raise ValueError("Queue must have names to enqueue a dictionary")
            if sorted(self._names, key=str) != sorted(vals.keys(), key=str):
                raise ValueError(
                    "Keys in dictionary to enqueue do not match names of Queue.  Dictionary: "
                    f"({sorted(vals.keys())}), Queue: ({sorted(self._names)})"
                )
            vals = [vals[k] for k in self._names]
        else:
            if self._names:
                raise ValueError("You must enqueue a dictionary in a Queue with names")
            if not isinstance(vals, (list, tuple)):
                vals = [vals]
        return [
            convert_to_tensor(v, dtype=d, name=f"component_{i}")
            for i, (v, d) in enumerate(zip(vals, self._dtypes))
        ]

    def _scope_vals(self, vals):
        if isinstance(vals, (list, tuple)):
            return list(vals)
        if isinstance(vals, dict):
            return list(vals.values())
        return [vals]

    def enqueue(self, vals, name=None):
        """Enqueues one element; running it waits while the queue is full."""
        with name_scope(name, f"{self._name}_enqueue", self._scope_vals(vals)) as scope:
            vals = self._check_enqueue_dtypes(vals)
            for val, shape in zip(vals, self._shapes):
                val.shape.assert_is_compatible_with(shape)
            return QueueEnqueueV2.apply(
                self._queue_ref, vals, Tcomponents=tuple(v.dtype for v in vals), name=scope
            )

    def enqueue_many(self, vals, name=None):
        """Enqueues the slices of `vals` along dimension 0 as separate elements."""
        with name_scope(name, f"{self._name}_EnqueueMany", self._scope_vals(vals)) as scope:
            vals = self._check_enqueue_dtypes(vals)
            batch_dim = Dimension(None)
            for val, shape in zip(vals, self._shapes):
                val_shape = val.shape.with_rank_at_least(1)
                batch_dim = batch_dim.merge_with(val_shape[0])
                val_shape[1:].assert_is_compatible_with(shape)
            return QueueEnqueueManyV2.apply(
                self._queue_ref, vals, Tcomponents=tuple(v.dtype for v in vals), name=scope
            )

    def _dequeue_return_value(self, tensors):
        if self._names:
            return dict(zip(self._names, tensors))
        return tensors[0] if len(tensors) == 1 else tensors

    def dequeue(self, name=None):
        """Dequeues one element; running it waits while the queue is empty."""
        ret = QueueDequeueV2.apply(
            self._queue_ref,
            component_types=tuple(self._dtypes),
            name=name or f"{self._name}_Dequeue",
        )
        for output, shape in zip(ret, self._shapes):
            output.set_shape(shape)
        return self._dequeue_return_value(ret)

    def dequeue_many(self, n, name=None):
        """Dequeues `n` elements concatenated along a new dimension 0."""
        ret = QueueDequeueManyV2.apply(
            self._queue_ref,
            n,
            component_types=tuple(self._dtypes),
            name=name or f"{self._name}_DequeueMany",
        )
        batch = shape_util.constant_value(ret[0].op.inputs[1])
        batch = None if batch is None else int(batch)
        for output, shape in zip(ret, self._shapes):
            output.set_shape(TensorShape([batch]).concatenate(shape))
        return self._dequeue_return_value(ret)

    def dequeue_up_to(self, n, name=None):
        """Dequeues up to `n` elements (fewer only when the queue is closed)."""
        ret = QueueDequeueUpToV2.apply(
            self._queue_ref,
            n,
            component_types=tuple(self._dtypes),
            name=name or f"{self._name}_DequeueUpTo",
        )
        for output, shape in zip(ret, self._shapes):
            output.set_shape(TensorShape([None]).concatenate(shape))
        return self._dequeue_return_value(ret)

    def close(self, cancel_pending_enqueues=False, name=None):
        """Closes the queue (and fails the pending enqueues, if cancel_pending_enqueues)."""
        return QueueCloseV2.apply(
            self._queue_ref,
            cancel_pending_enqueues=cancel_pending_enqueues,
            name=name or f"{self._name}_Close",
        )

    def is_closed(self, name=None):
        """A bool tensor: whether the queue is closed."""
        return QueueIsClosedV2.apply(self._queue_ref, name=name or f"{self._name}_Is_Closed")

    def size(self, name=None):
        """An int32 tensor: the number of elements in the queue."""
        return QueueSizeV2.apply(self._queue_ref, name=name or f"{self._name}_Size")


def _make_ref(opdef, name, **attrs):
    with init_scope():
        return opdef.apply(name=name, **attrs)


def _shape_attr(shapes):
    return tuple(shapes) if shapes else ()


class FIFOQueue(QueueBase):
    """A queue that dequeues elements in first-in first-out order."""

    def __init__(
        self, capacity, dtypes, shapes=None, names=None, shared_name=None, name="fifo_queue"
    ):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes)
        names = _as_name_list(names, dtypes)
        ref = _make_ref(
            FIFOQueueV2,
            name,
            component_types=tuple(dtypes),
            shapes=_shape_attr(shapes),
            capacity=capacity,
            shared_name=shared_name or "",
        )
        super().__init__(dtypes, shapes, names, ref)


class PaddingFIFOQueue(QueueBase):
    """A FIFOQueue whose components may have unknown dims; dequeue_many pads them."""

    def __init__(
        self, capacity, dtypes, shapes, names=None, shared_name=None, name="padding_fifo_queue"
    ):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes, unknown_dim_allowed=True)
        names = _as_name_list(names, dtypes)
        if len(dtypes) != len(shapes):
            raise ValueError(
                "Shapes must be provided for all components, but received "
                f"{len(dtypes)} dtypes and {len(shapes)} shapes."
            )
        ref = _make_ref(
            PaddingFIFOQueueV2,
            name,
            component_types=tuple(dtypes),
            shapes=tuple(shapes),
            capacity=capacity,
            shared_name=shared_name or "",
        )
        super().__init__(dtypes, shapes, names, ref)


class PriorityQueue(QueueBase):
    """A queue whose elements carry an int64 priority (component 0); lowest first."""

    def __init__(
        self, capacity, types, shapes=None, names=None, shared_name=None, name="priority_queue"
    ):
        types = _as_type_list(types)
        shapes = _as_shape_list(shapes)
        ref = _make_ref(
            PriorityQueueV2,
            name,
            component_types=tuple(types),
            shapes=_shape_attr(shapes),
            capacity=capacity,
            shared_name=shared_name or "",
        )
        priority_shapes = [TensorShape([])] + shapes if shapes else shapes
        super().__init__([D.int64] + types, priority_shapes, names, ref)


class RandomShuffleQueue(QueueBase):
    """A queue that dequeues elements in a random order (min_after_dequeue kept until closed)."""

    def __init__(
        self,
        capacity,
        min_after_dequeue,
        dtypes,
        shapes=None,
        names=None,
        seed=None,
        shared_name=None,
        name="random_shuffle_queue",
    ):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes)
        names = _as_name_list(names, dtypes)
        seed1, seed2 = get_seed(seed)
        if seed1 is None and seed2 is None:
            seed1, seed2 = 0, 0
        ref = _make_ref(
            RandomShuffleQueueV2,
            name,
            component_types=tuple(dtypes),
            shapes=_shape_attr(shapes),
            capacity=capacity,
            min_after_dequeue=min_after_dequeue,
            seed=seed1,
            seed2=seed2,
            shared_name=shared_name or "",
        )
        super().__init__(dtypes, shapes, names, ref)

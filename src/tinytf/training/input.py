"""TF 1.x's queue-based input pipeline (TF's training/input.py): input producers that fill a
queue with (shuffled, epoch-limited) values, and batchers that group elements into batches
through a FIFO, padding or shuffling queue - each with its QueueRunner in the graph.

    >>> files = tf.train.string_input_producer(["a.csv"], num_epochs=2)
    >>> _, line = tf.TextLineReader().read(files)
    >>> batch = tf.train.shuffle_batch(tf.decode_csv(line, [[0.], [0]]), 32, 1000, 100)
"""

import itertools

from tinytf.framework import dtypes as D
from tinytf.framework.graph import GraphKeys
from tinytf.framework.op_def import control_dependencies, convert_to_tensor, name_scope
from tinytf.framework.tensor_shape import as_shape
from tinytf.ops import array_ops, math_ops, shape_util
from tinytf.ops.check_ops import Assert_
from tinytf.ops.cond import cond
from tinytf.ops.constant_op import constant
from tinytf.ops.control_flow_ops import no_op
from tinytf.ops.indexing_ops import gather
from tinytf.ops.misc_ops import count_up_to
from tinytf.ops.partition_ops import dynamic_partition
from tinytf.ops.queue_ops import FIFOQueue, PaddingFIFOQueue, RandomShuffleQueue
from tinytf.ops.random_ops import random_shuffle
from tinytf.ops.summary_ops import scalar as _summary_scalar
from tinytf.ops.variables import Variable
from tinytf.training.queue_runner import QueueRunner, add_queue_runner


# -- producers ---------------------------------------------------------------------------------
def limit_epochs(tensor, num_epochs=None, name=None):
    """`tensor`, `num_epochs` times; then OutOfRangeError (a local variable counts the epochs:
    run tf.local_variables_initializer() first)."""
    if num_epochs is None:
        return tensor
    if num_epochs <= 0:
        raise ValueError(f"num_epochs must be > 0 not {num_epochs}.")
    with name_scope(name, "limit_epochs", [tensor]) as name:
        zero64 = constant(0, dtype=D.int64)
        epochs = Variable(
            zero64, name="epochs", trainable=False, collections=[GraphKeys.LOCAL_VARIABLES]
        )
        counter = count_up_to(epochs, num_epochs)
        with control_dependencies([counter]):
            return array_ops.identity(tensor, name=name)


def input_producer(
    input_tensor,
    element_shape=None,
    num_epochs=None,
    shuffle=True,
    seed=None,
    capacity=32,
    shared_name=None,
    summary_name=None,
    name=None,
    cancel_op=None,
):
    """A queue filled with the rows of `input_tensor` (shuffled, for `num_epochs` epochs)."""
    with name_scope(name, "input_producer", [input_tensor]):
        input_tensor = convert_to_tensor(input_tensor, name="input_tensor")
        element_shape = input_tensor.shape[1:].merge_with(as_shape(element_shape))
        if not element_shape.is_fully_defined():
            raise ValueError(
                "Either `input_tensor` must have a fully defined shape or `element_shape` "
                "must be specified"
            )
        if shuffle:
            input_tensor = random_shuffle(input_tensor, seed=seed)
        input_tensor = limit_epochs(input_tensor, num_epochs)
        q = FIFOQueue(
            capacity=capacity,
            dtypes=[input_tensor.dtype.base_dtype],
            shapes=[element_shape],
            shared_name=shared_name,
            name=name,
        )
        enq = q.enqueue_many([input_tensor])
        add_queue_runner(QueueRunner(q, [enq], cancel_op=cancel_op))
        if summary_name is not None:
            _summary_scalar(summary_name, math_ops.cast(q.size(), D.float32) * (1.0 / capacity))
        return q


def string_input_producer(
    string_tensor,
    num_epochs=None,
    shuffle=True,
    seed=None,
    capacity=32,
    shared_name=None,
    name=None,
    cancel_op=None,
):
    """A queue of the strings in `string_tensor` (file names, for a reader)."""
    not_null_err = "string_input_producer requires a non-null input tensor"
    if not hasattr(string_tensor, "op") and not len(string_tensor):
        raise ValueError(not_null_err)
    with name_scope(name, "input_producer", [string_tensor]) as name:
        string_tensor = convert_to_tensor(string_tensor, dtype=D.string)
        nonempty = math_ops.greater(array_ops.size(string_tensor), 0)
        with control_dependencies([Assert_(nonempty, [not_null_err])]):
            string_tensor = array_ops.identity(string_tensor)
        return input_producer(
            input_tensor=string_tensor,
            element_shape=[],
            num_epochs=num_epochs,
            shuffle=shuffle,
            seed=seed,
            capacity=capacity,
            shared_name=shared_name,
            name=name,
            summary_name=f"fraction_of_{capacity}_full",
            cancel_op=cancel_op,
        )


def range_input_producer(
    limit, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None, name=None
):
    """A queue of the integers 0 .. limit-1."""
    with name_scope(name, "input_producer", [limit]) as name:
        range_tensor = math_ops.range(limit)
        return input_producer(
            range_tensor,
            [],
            num_epochs,
            shuffle,
            seed,
            capacity,
            shared_name,
            f"fraction_of_{capacity}_full",
            name,
        )


def slice_input_producer(
    tensor_list, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None, name=None
):
    """One slice (row) of each tensor in `tensor_list` per run, rows picked together."""
    with name_scope(name, "input_producer", tensor_list):
        tensor_list = [convert_to_tensor(t) for t in tensor_list]
        if not tensor_list:
            raise ValueError("Expected at least one tensor in slice_input_producer().")
        range_size = array_ops.shape(tensor_list[0])[0]
        queue = range_input_producer(
            range_size,
            num_epochs=num_epochs,
            shuffle=shuffle,
            seed=seed,
            capacity=capacity,
            shared_name=shared_name,
        )
        index = queue.dequeue()
        return [gather(t, index) for t in tensor_list]


# -- batching helpers --------------------------------------------------------------------------
def _as_tensor_list(tensors):
    if isinstance(tensors, dict):
        return [tensors[k] for k in sorted(tensors, key=str)]
    return tensors


def _as_tensor_list_list(tensors_list):
    if not tensors_list:
        raise ValueError("Expected at least one set of tensors")
    if isinstance(tensors_list[0], dict):
        expected_keys = set(tensors_list[0].keys())
        for tensors in tensors_list[1:]:
            if set(tensors.keys()) != expected_keys:
                raise ValueError("All dictionaries in tensors_list must have the same keys")
        return [_as_tensor_list(tensors) for tensors in tensors_list]
    return tensors_list


def _as_original_type(original_tensors, tensor_list):
    if isinstance(original_tensors, dict):
        if len(original_tensors) == 1:
            tensor_list = [tensor_list]  # one component dequeues as a bare tensor
        return {k: tensor_list[i] for i, k in enumerate(sorted(original_tensors, key=str))}
    return tensor_list


def _validate(tensor_list):
    if not isinstance(tensor_list, (list, tuple)):
        tensor_list = [tensor_list]
    for t in tensor_list:
        if hasattr(t, "_fetch_parts"):
            raise TypeError("tinytf's batching queues take dense tensors, not SparseTensors.")
    tensor_list = [convert_to_tensor(t) for t in tensor_list]
    if not tensor_list:
        raise ValueError("Expected at least one tensor in batch().")
    return tensor_list


def _validate_keep_input(keep_input, enqueue_many):
    keep_input = convert_to_tensor(keep_input)
    ndims = keep_input.shape.ndims
    if ndims is None:
        raise ValueError("`keep_input` dimensions must be known at graph construction.")
    if not enqueue_many and ndims == 1:
        raise ValueError("`keep_input` cannot be a vector when `enqueue_many=False`.")
    if ndims > 1:
        raise ValueError("`keep_input` must be 0 or 1 dimensions.")
    return keep_input


def _shapes(tensor_list_list, shapes, enqueue_many):
    if shapes is not None:
        return shapes
    first = tensor_list_list[0]
    for tl in tensor_list_list:
        for t in tl[: len(first)]:
            if t.shape.ndims is None:
                raise ValueError(f"Cannot infer Tensor's rank: {t}")
    return [
        _first_shape([tl[i].shape for tl in tensor_list_list], enqueue_many)
        for i in range(len(first))
    ]


def _first_shape(shape_list, enqueue_many):
    # TF merges the shapes but keeps the first one (its merge result is dropped)
    shape = shape_list[0]
    return (shape.with_rank_at_least(1)[1:] if enqueue_many else shape).as_list()


def _dtypes(tensor_list_list):
    types = [t.dtype for t in tensor_list_list[0]]
    for tl in tensor_list_list[1:]:
        other = [t.dtype for t in tl]
        if other != types:
            raise TypeError(
                "Expected types to be consistent: "
                f"{', '.join(x.name for x in types)} vs. {', '.join(x.name for x in other)}."
            )
    return types


def _enqueue_ops(queue, tensor_list_list, enqueue_many, keep_input):
    enqueue_fn = queue.enqueue_many if enqueue_many else queue.enqueue
    if keep_input.shape.ndims == 1:
        keep = math_ops.cast(keep_input, D.int32)
        return [
            enqueue_fn([dynamic_partition(x, keep, 2)[1] for x in tl]) for tl in tensor_list_list
        ]
    known = shape_util.constant_value(keep_input)
    if known is not None:  # TF's smart_cond: no tf.cond for a constant
        return [enqueue_fn(tl) if bool(known) else no_op() for tl in tensor_list_list]
    return [cond(keep_input, lambda tl=tl: enqueue_fn(tl), no_op) for tl in tensor_list_list]


def _enqueue(queue, tensor_list, threads, enqueue_many, keep_input):
    ops = _enqueue_ops(queue, [tensor_list], enqueue_many, keep_input) * threads
    add_queue_runner(QueueRunner(queue, ops))


def _enqueue_join(queue, tensor_list_list, enqueue_many, keep_input):
    add_queue_runner(
        QueueRunner(queue, _enqueue_ops(queue, tensor_list_list, enqueue_many, keep_input))
    )


def _dequeue(queue, batch_size, allow_smaller_final_batch, name):
    if allow_smaller_final_batch:
        return queue.dequeue_up_to(batch_size, name=name)
    return queue.dequeue_many(batch_size, name=name)


def _fraction_full(queue, capacity):
    _summary_scalar(
        f"fraction_of_{capacity}_full", math_ops.cast(queue.size(), D.float32) * (1.0 / capacity)
    )


def _flatten(tensor_list_list):
    return list(itertools.chain.from_iterable(tensor_list_list))


# -- batchers ----------------------------------------------------------------------------------
def _batch(
    tensors,
    batch_size,
    keep_input,
    num_threads=1,
    capacity=32,
    enqueue_many=False,
    shapes=None,
    dynamic_pad=False,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    tensor_list = _as_tensor_list(tensors)
    with name_scope(name, "batch", list(_listed(tensor_list)) + [keep_input]) as name:
        tensor_list = _validate(tensor_list)
        keep_input = _validate_keep_input(keep_input, enqueue_many)
        types = _dtypes([tensor_list])
        shapes = _shapes([tensor_list], shapes, enqueue_many)
        make = PaddingFIFOQueue if dynamic_pad else FIFOQueue
        queue = make(capacity=capacity, dtypes=types, shapes=shapes, shared_name=shared_name)
        _enqueue(queue, tensor_list, num_threads, enqueue_many, keep_input)
        _fraction_full(queue, capacity)
        dequeued = _dequeue(queue, batch_size, allow_smaller_final_batch, name)
        return _as_original_type(tensors, dequeued)


def _batch_join(
    tensors_list,
    batch_size,
    keep_input,
    capacity=32,
    enqueue_many=False,
    shapes=None,
    dynamic_pad=False,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    tensor_list_list = _as_tensor_list_list(tensors_list)
    with name_scope(name, "batch_join", _flatten(tensor_list_list) + [keep_input]) as name:
        tensor_list_list = [_validate(t) for t in tensor_list_list]
        keep_input = _validate_keep_input(keep_input, enqueue_many)
        types = _dtypes(tensor_list_list)
        shapes = _shapes(tensor_list_list, shapes, enqueue_many)
        make = PaddingFIFOQueue if dynamic_pad else FIFOQueue
        queue = make(capacity=capacity, dtypes=types, shapes=shapes, shared_name=shared_name)
        _enqueue_join(queue, tensor_list_list, enqueue_many, keep_input)
        _fraction_full(queue, capacity)
        dequeued = _dequeue(queue, batch_size, allow_smaller_final_batch, name)
        return _as_original_type(tensors_list[0], dequeued)


def _check_capacity(capacity, min_after_dequeue):
    if capacity <= min_after_dequeue:
        raise ValueError(
            f"capacity {capacity} must be bigger than min_after_dequeue {min_after_dequeue}."
        )


def _shuffle_queue(capacity, min_after_dequeue, seed, types, shapes, shared_name):
    return RandomShuffleQueue(
        capacity=capacity,
        min_after_dequeue=min_after_dequeue,
        seed=seed,
        dtypes=types,
        shapes=shapes,
        shared_name=shared_name,
    )


def _shuffle_summary(queue, capacity, min_after_dequeue):
    full = math_ops.cast(math_ops.maximum(0, queue.size() - min_after_dequeue), D.float32) * (
        1.0 / (capacity - min_after_dequeue)
    )
    _summary_scalar(
        f"fraction_over_{min_after_dequeue}_of_{capacity - min_after_dequeue}_full", full
    )


def _shuffle_batch(
    tensors,
    batch_size,
    capacity,
    min_after_dequeue,
    keep_input,
    num_threads=1,
    seed=None,
    enqueue_many=False,
    shapes=None,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    tensor_list = _as_tensor_list(tensors)
    with name_scope(name, "shuffle_batch", list(_listed(tensor_list)) + [keep_input]) as name:
        _check_capacity(capacity, min_after_dequeue)
        tensor_list = _validate(tensor_list)
        keep_input = _validate_keep_input(keep_input, enqueue_many)
        types = _dtypes([tensor_list])
        shapes = _shapes([tensor_list], shapes, enqueue_many)
        queue = _shuffle_queue(capacity, min_after_dequeue, seed, types, shapes, shared_name)
        _enqueue(queue, tensor_list, num_threads, enqueue_many, keep_input)
        _shuffle_summary(queue, capacity, min_after_dequeue)
        dequeued = _dequeue(queue, batch_size, allow_smaller_final_batch, name)
        return _as_original_type(tensors, dequeued)


def _shuffle_batch_join(
    tensors_list,
    batch_size,
    capacity,
    min_after_dequeue,
    keep_input,
    seed=None,
    enqueue_many=False,
    shapes=None,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    tensor_list_list = _as_tensor_list_list(tensors_list)
    with name_scope(name, "shuffle_batch_join", _flatten(tensor_list_list) + [keep_input]) as name:
        _check_capacity(capacity, min_after_dequeue)
        tensor_list_list = [_validate(t) for t in tensor_list_list]
        keep_input = _validate_keep_input(keep_input, enqueue_many)
        types = _dtypes(tensor_list_list)
        shapes = _shapes(tensor_list_list, shapes, enqueue_many)
        queue = _shuffle_queue(capacity, min_after_dequeue, seed, types, shapes, shared_name)
        _enqueue_join(queue, tensor_list_list, enqueue_many, keep_input)
        _shuffle_summary(queue, capacity, min_after_dequeue)
        dequeued = _dequeue(queue, batch_size, allow_smaller_final_batch, name)
        return _as_original_type(tensors_list[0], dequeued)


def _listed(tensor_list):
    return tensor_list if isinstance(tensor_list, (list, tuple)) else [tensor_list]


def batch(
    tensors,
    batch_size,
    num_threads=1,
    capacity=32,
    enqueue_many=False,
    shapes=None,
    dynamic_pad=False,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    """Batches of `batch_size` of `tensors` through a FIFO (or, with dynamic_pad, padding)
    queue filled by `num_threads` threads."""
    return _batch(
        tensors,
        batch_size,
        True,
        num_threads,
        capacity,
        enqueue_many,
        shapes,
        dynamic_pad,
        allow_smaller_final_batch,
        shared_name,
        name,
    )


def maybe_batch(
    tensors,
    keep_input,
    batch_size,
    num_threads=1,
    capacity=32,
    enqueue_many=False,
    shapes=None,
    dynamic_pad=False,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    """batch(), enqueuing only the elements for which `keep_input` is true."""
    return _batch(
        tensors,
        batch_size,
        keep_input,
        num_threads,
        capacity,
        enqueue_many,
        shapes,
        dynamic_pad,
        allow_smaller_final_batch,
        shared_name,
        name,
    )


def batch_join(
    tensors_list,
    batch_size,
    capacity=32,
    enqueue_many=False,
    shapes=None,
    dynamic_pad=False,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    """Batches from several lists of tensors, one enqueuing thread per list."""
    return _batch_join(
        tensors_list,
        batch_size,
        True,
        capacity,
        enqueue_many,
        shapes,
        dynamic_pad,
        allow_smaller_final_batch,
        shared_name,
        name,
    )


def maybe_batch_join(
    tensors_list,
    keep_input,
    batch_size,
    capacity=32,
    enqueue_many=False,
    shapes=None,
    dynamic_pad=False,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    """batch_join(), enqueuing only the elements for which `keep_input` is true."""
    return _batch_join(
        tensors_list,
        batch_size,
        keep_input,
        capacity,
        enqueue_many,
        shapes,
        dynamic_pad,
        allow_smaller_final_batch,
        shared_name,
        name,
    )


def shuffle_batch(
    tensors,
    batch_size,
    capacity,
    min_after_dequeue,
    num_threads=1,
    seed=None,
    enqueue_many=False,
    shapes=None,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    """Batches of elements drawn at random from a RandomShuffleQueue."""
    return _shuffle_batch(
        tensors,
        batch_size,
        capacity,
        min_after_dequeue,
        True,
        num_threads,
        seed,
        enqueue_many,
        shapes,
        allow_smaller_final_batch,
        shared_name,
        name,
    )


def maybe_shuffle_batch(
    tensors,
    batch_size,
    capacity,
    min_after_dequeue,
    keep_input,
    num_threads=1,
    seed=None,
    enqueue_many=False,
    shapes=None,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    """shuffle_batch(), enqueuing only the elements for which `keep_input` is true."""
    return _shuffle_batch(
        tensors,
        batch_size,
        capacity,
        min_after_dequeue,
        keep_input,
        num_threads,
        seed,
        enqueue_many,
        shapes,
        allow_smaller_final_batch,
        shared_name,
        name,
    )


def shuffle_batch_join(
    tensors_list,
    batch_size,
    capacity,
    min_after_dequeue,
    seed=None,
    enqueue_many=False,
    shapes=None,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    """shuffle_batch() from several lists of tensors, one enqueuing thread per list."""
    return _shuffle_batch_join(
        tensors_list,
        batch_size,
        capacity,
        min_after_dequeue,
        True,
        seed,
        enqueue_many,
        shapes,
        allow_smaller_final_batch,
        shared_name,
        name,
    )


def maybe_shuffle_batch_join(
    tensors_list,
    batch_size,
    capacity,
    min_after_dequeue,
    keep_input,
    seed=None,
    enqueue_many=False,
    shapes=None,
    allow_smaller_final_batch=False,
    shared_name=None,
    name=None,
):
    """shuffle_batch_join(), enqueuing only the elements for which `keep_input` is true."""
    return _shuffle_batch_join(
        tensors_list,
        batch_size,
        capacity,
        min_after_dequeue,
        keep_input,
        seed,
        enqueue_many,
        shapes,
        allow_smaller_final_batch,
        shared_name,
        name,
    )

"""tf.queue: the queue classes (the same ones as tf.FIFOQueue & co)."""

from tinytf.ops.queue_ops import (  # noqa: F401
    FIFOQueue,
    PaddingFIFOQueue,
    PriorityQueue,
    QueueBase,
    RandomShuffleQueue,
)

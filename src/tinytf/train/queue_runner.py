"""`tf.train.queue_runner`: the queue-runner names under their TF 1.x module path."""

from tinytf.training.queue_runner import (  # noqa: F401
    QueueRunner,
    add_queue_runner,
    start_queue_runners,
)

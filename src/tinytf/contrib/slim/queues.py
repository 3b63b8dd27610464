"""tf.contrib.slim.queues: QueueRunners, a context that runs the graph's queue runners."""

import contextlib
import threading

from tinytf.framework.graph import GraphKeys, get_collection
from tinytf.training.coordinator import Coordinator

_queue_runner_lock = threading.Lock()


class NestedQueueRunnerError(Exception):
    """QueueRunners contexts were nested."""


@contextlib.contextmanager
def QueueRunners(session):
    """Starts the QUEUE_RUNNERS' threads on `session` for the block; stops and joins them."""
    if not _queue_runner_lock.acquire(False):
        raise NestedQueueRunnerError("QueueRunners cannot be nested")
    coord = Coordinator()
    threads = []
    for qr in get_collection(GraphKeys.QUEUE_RUNNERS):
        threads.extend(qr.create_threads(session, coord=coord, daemon=True, start=True))
    try:
        yield
    finally:
        coord.request_stop()
        try:
            coord.join(threads, stop_grace_period_secs=120)
        except RuntimeError:
            session.close()
        _queue_runner_lock.release()

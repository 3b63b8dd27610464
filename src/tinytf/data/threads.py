"""The threads of tf.data: prefetch's background producer and map's pool of workers. Both
stop when their iterator is dropped (re-initialized, or its Session closed) or closed."""

import collections
import os
import queue
import threading
import weakref

AUTOTUNE = -1
_END = object()
_POLL_S = 0.05  # how often a blocked producer looks whether it should stop


def parallel_map(run, iterator, num_parallel_calls):
    """run(element) for each element on a pool of threads, results in the input's order."""
    workers = (os.cpu_count() or 2) if num_parallel_calls == AUTOTUNE else num_parallel_calls
    if workers < 1:
        raise ValueError("num_parallel_calls must be positive or tf.data.experimental.AUTOTUNE")
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tinytf-map")
    pending = collections.deque()
    try:
        for element in iterator:
            pending.append(pool.submit(run, element))
            if len(pending) >= workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for f in pending:
            f.cancel()
        pool.shutdown(wait=True)


class _Producer:
    """The state the background thread shares (never the Prefetcher itself, so that dropping
    the Prefetcher stops the thread)."""

    def __init__(self, iterator, size):
        self.iterator, self.buffer = iterator, queue.Queue(maxsize=size)
        self.stop = threading.Event()
        self.produced = 0  # elements pulled from upstream so far (tests read it)

    def run(self):
        try:
            for element in self.iterator:
                self.produced += 1
                if not self._put((element, None)):
                    return
            self._put((_END, None))
        except BaseException as e:  # re-raised in the consumer, as TF's prefetch does
            self._put((_END, e))

    def _put(self, item):
        while not self.stop.is_set():
            try:
                self.buffer.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False


class Prefetcher:
    """A Python iterator whose elements a background thread produces ahead, at most
    `buffer_size` of them (AUTOTUNE: a few)."""

    def __init__(self, iterator, buffer_size):
        size = 4 if buffer_size in (None, AUTOTUNE) else int(buffer_size)
        if size < 1:
            raise ValueError("buffer_size must be positive or tf.data.experimental.AUTOTUNE")
        self._state = _Producer(iterator, size)
        self._thread = threading.Thread(
            target=self._state.run, name="tinytf-prefetch", daemon=True
        )
        self._done = False
        self._finalizer = weakref.finalize(self, _stop, self._state, self._thread)
        self._thread.start()

    produced = property(lambda self: self._state.produced)

    def __iter__(self):
        return self

    def __next__(self):
        if self._done:
            raise StopIteration
        while True:
            try:
                element, error = self._state.buffer.get(timeout=_POLL_S)
                break
            except queue.Empty:
                if not self._thread.is_alive() and self._state.buffer.empty():
                    raise StopIteration from None
        if element is _END:
            self._done = True
            self.close()
            if error is not None:
                raise error
            raise StopIteration
        return element

    def close(self):
        """Stops the producer and waits for it."""
        self._finalizer()


def _stop(state, thread):
    state.stop.set()
    if thread is not threading.current_thread():
        thread.join()
    close = getattr(state.iterator, "close", None)
    if close is not None and thread is not threading.current_thread():
        close()  # a generator upstream runs its finally blocks (nested pools and prefetchers)

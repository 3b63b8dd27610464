"""The threads of tf.data: prefetch's background producer and map's pool of workers. Both
stop when their iterator is dropped (re-initialized, or its Session closed) or closed."""

import collections
import os
import queue
import threading
import weakref

AUTOTUNE = -1
_END = object()
_ERROR = object()  # an element whose run failed; the error comes with it
_POLL_S = 0.05  # how often a blocked producer looks whether it should stop


class ParallelMapped:
    """map(num_parallel_calls): run(element) on a pool of threads, results in the input's
    order. Like the plain map's iterator it goes on after an element's error; batch() takes a
    whole batch's inputs through run_all (TF's map_and_batch fusion)."""

    def __init__(self, run, upstream, num_parallel_calls):
        from concurrent.futures import ThreadPoolExecutor

        workers = (os.cpu_count() or 2) if num_parallel_calls == AUTOTUNE else num_parallel_calls
        if workers < 1:
            raise ValueError("num_parallel_calls must be positive or tf.data.experimental.AUTOTUNE")
        self._run, self._upstream, self._workers = run, upstream, workers
        self.batched = getattr(run, "batched", None)  # a whole batch's run (data/vectorize.py)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tinytf-map")
        self._pending = collections.deque()
        self._exhausted = False
        self._finalizer = weakref.finalize(self, _shut_down, self._pool, self._pending, upstream)

    def __iter__(self):
        return self

    def __next__(self):
        while not self._exhausted and len(self._pending) < self._workers:
            try:
                element = next(self._upstream)
            except StopIteration:
                self._exhausted = True
                break
            self._pending.append(self._pool.submit(self._run, element))
        if not self._pending:
            raise StopIteration
        return self._pending.popleft().result()

    def run_all(self, elements):
        """run() of each element, at once on the pool; the first error is raised."""
        return list(self._pool.map(self._run, elements))

    def close(self):
        self._finalizer()


def _shut_down(pool, pending, upstream):
    for f in pending:
        f.cancel()
    pool.shutdown(wait=True)
    close = getattr(upstream, "close", None)
    if close is not None:
        close()


class _Producer:
    """The state the background thread shares (never the Prefetcher itself, so that dropping
    the Prefetcher stops the thread)."""

    def __init__(self, iterator, size):
        self.iterator, self.buffer = iterator, queue.Queue(maxsize=size)
        self.stop = threading.Event()
        self.produced = 0  # elements pulled from upstream so far (tests read it)

    def run(self):
        while True:
            try:
                element = next(self.iterator)
            except StopIteration:
                self._put((_END, None))
                return
            except Exception as e:  # an element's error: re-raised in the consumer, as TF's
                if not self._put((_ERROR, e)):  # prefetch does, which then goes on
                    return
                continue
            except BaseException as e:
                self._put((_END, e))
                return
            self.produced += 1
            if not self._put((element, None)):
                return

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
        if element is _ERROR:
            raise error
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

"""tf.train.Coordinator and tf.train.LooperThread (TF's training/coordinator.py): threads ask
should_stop(), any of them may request_stop(ex), and join() waits for them and re-raises the
first exception reported."""

import contextlib
import sys
import threading
import time

from tinytf.framework import errors
from tinytf.platform import tf_logging as logging


class Coordinator:
    """Coordinates the termination of a set of threads.

    >>> coord = tf.train.Coordinator()
    >>> threads = tf.train.start_queue_runners(sess, coord=coord)
    >>> coord.request_stop(); coord.join(threads)
    """

    def __init__(self, clean_stop_exception_types=None):
        if clean_stop_exception_types is None:
            clean_stop_exception_types = (errors.OutOfRangeError,)
        self._clean_stop_exception_types = tuple(clean_stop_exception_types)
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._exc_info_to_raise = None
        self._joined = False
        self._registered_threads = set()

    def _filter_exception(self, ex):
        ex2 = ex[1] if isinstance(ex, tuple) else ex
        if isinstance(ex2, self._clean_stop_exception_types):
            return None
        return ex

    def request_stop(self, ex=None):
        """Asks the threads to stop; `ex` (an exception or exc_info) is re-raised by join()."""
        with self._lock:
            ex = self._filter_exception(ex)
            if self._joined:
                if isinstance(ex, tuple):
                    raise ex[1].with_traceback(ex[2])
                if ex is not None:
                    _, ex_instance, _ = sys.exc_info()
                    raise ex_instance if ex_instance is not None else ex
            if not self._stop_event.is_set():
                if ex and self._exc_info_to_raise is None:
                    if isinstance(ex, tuple):
                        logging.info("Error reported to Coordinator: %s", ex[1])
                        self._exc_info_to_raise = ex
                    else:
                        logging.info("Error reported to Coordinator: %s, %s", type(ex), ex)
                        info = sys.exc_info()
                        if info[1] is not ex:
                            info = (type(ex), ex, ex.__traceback__)
                        self._exc_info_to_raise = info
                    if len(self._exc_info_to_raise) != 3 or not self._exc_info_to_raise[0]:
                        raise ValueError(
                            f"ex must be a tuple or sys.exc_info must return the "
                            f"current exception: {self._exc_info_to_raise}"
                        )
                self._stop_event.set()

    def clear_stop(self):
        """Clears the stop flag (after join(), to reuse the coordinator)."""
        with self._lock:
            self._joined = False
            self._exc_info_to_raise = None
            if self._stop_event.is_set():
                self._stop_event.clear()

    def should_stop(self):
        """True once a stop was requested."""
        return self._stop_event.is_set()

    @contextlib.contextmanager
    def stop_on_exception(self):
        """A context that reports an exception raised inside to request_stop()."""
        try:
            yield
        except:  # noqa: E722 - TF reports every exception, as here
            self.request_stop(ex=sys.exc_info())

    def wait_for_stop(self, timeout=None):
        """Waits until a stop is requested (at most `timeout` seconds); True if it was."""
        return self._stop_event.wait(timeout)

    def register_thread(self, thread):
        """Adds a thread for join() to wait for."""
        with self._lock:
            self._registered_threads.add(thread)

    def join(self, threads=None, stop_grace_period_secs=120, ignore_live_threads=False):
        """Waits for the threads to stop; re-raises the exception reported to request_stop().
        RuntimeError if threads are still alive `stop_grace_period_secs` after the request."""
        with self._lock:
            threads = set(threads or ()) | self._registered_threads
        while any(t.is_alive() for t in threads) and not self.wait_for_stop(1.0):
            pass
        stop_wait_secs = 0.001
        deadline = time.monotonic() + stop_grace_period_secs
        while any(t.is_alive() for t in threads) and time.monotonic() < deadline:
            time.sleep(stop_wait_secs)
            stop_wait_secs = min(1.0, 2 * stop_wait_secs)
        stragglers = [t.name for t in threads if t.is_alive()]
        with self._lock:
            self._joined = True
            self._registered_threads = set()
            if self._exc_info_to_raise:
                _, ex_instance, tb = self._exc_info_to_raise
                raise ex_instance.with_traceback(tb)
            if stragglers:
                if ignore_live_threads:
                    logging.info(
                        "Coordinator stopped with threads still running: %s", " ".join(stragglers)
                    )
                else:
                    raise RuntimeError(
                        "Coordinator stopped with threads still running: " + " ".join(stragglers)
                    )

    @property
    def joined(self):
        return self._joined

    def raise_requested_exception(self):
        """Re-raises the exception reported to request_stop(), if any."""
        with self._lock:
            if self._exc_info_to_raise:
                _, ex_instance, tb = self._exc_info_to_raise
                raise ex_instance.with_traceback(tb)


class LooperThread(threading.Thread):
    """A thread that runs target(*args) every `timer_interval_secs` until the coordinator stops
    (or, without an interval, runs run_loop() in a loop)."""

    def __init__(self, coord, timer_interval_secs, target=None, args=None, kwargs=None):
        if not isinstance(coord, Coordinator):
            raise ValueError(f"'coord' argument must be a Coordinator: {coord}")
        super().__init__()
        self.daemon = True
        self._coord = coord
        self._timer_interval_secs = timer_interval_secs
        self._target = target
        if self._target:
            self._args = args or ()
            self._kwargs = kwargs or {}
        elif args or kwargs:
            raise ValueError("'args' and 'kwargs' argument require that you also pass 'target'")
        self._coord.register_thread(self)

    @staticmethod
    def loop(coord, timer_interval_secs, target, args=None, kwargs=None):
        """Starts a LooperThread that calls `target` every `timer_interval_secs`."""
        looper = LooperThread(coord, timer_interval_secs, target=target, args=args, kwargs=kwargs)
        looper.start()
        return looper

    def run(self):
        with self._coord.stop_on_exception():
            self.start_loop()
            if self._timer_interval_secs is None:
                while not self._coord.should_stop():
                    self.run_loop()
            else:
                next_timer_time = time.time()
                while not self._coord.wait_for_stop(next_timer_time - time.time()):
                    next_timer_time += self._timer_interval_secs
                    self.run_loop()
            self.stop_loop()

    def start_loop(self):
        """Called once when the thread starts."""

    def stop_loop(self):
        """Called once when the thread stops."""

    def run_loop(self):
        """Called at each tick: runs the target."""
        if self._target:
            self._target(*self._args, **self._kwargs)

"""tf.summary.FileWriterCache: one FileWriter per log directory (Estimator and MonitoredSession's
summary hooks share them)."""

import threading

from tinytf.framework.graph import get_default_graph
from tinytf.summary.writer import FileWriter


class FileWriterCache:
    """Cache of FileWriters, one per directory; each writes the default graph when made."""

    _cache = {}
    _lock = threading.RLock()

    @staticmethod
    def clear():
        """Closes and forgets every cached writer."""
        with FileWriterCache._lock:
            for writer in FileWriterCache._cache.values():
                writer.close()
            FileWriterCache._cache = {}

    @staticmethod
    def get(logdir):
        """The FileWriter of `logdir`, made (with the default graph) on first use."""
        with FileWriterCache._lock:
            if logdir not in FileWriterCache._cache:
                FileWriterCache._cache[logdir] = FileWriter(logdir, graph=get_default_graph())
            return FileWriterCache._cache[logdir]

"""tf.logging: TF 1.x's logging functions over Python's `logging`, logger "tensorflow".

As in TF 1.x, only warnings and errors show until `tf.logging.set_verbosity(tf.logging.INFO)`;
lines look like TF's: `INFO:tensorflow:loss = 0.35, step = 101 (0.820 sec)`.
"""

import logging
import sys

DEBUG, INFO, WARN, ERROR, FATAL = (
    logging.DEBUG,
    logging.INFO,
    logging.WARN,
    logging.ERROR,
    logging.FATAL,
)
_logger = logging.getLogger("tensorflow")


def _configure():
    if not _logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s:%(name)s:%(message)s"))
        _logger.addHandler(handler)
        _logger.propagate = False
    if _logger.level == logging.NOTSET:
        _logger.setLevel(WARN)


_configure()


def get_logger():
    return _logger


def set_verbosity(v):
    """Shows messages of level `v` (tf.logging.INFO, ...) and above."""
    _logger.setLevel(v)


def get_verbosity():
    return _logger.getEffectiveLevel()


def log(level, msg, *args, **kwargs):
    _logger.log(level, msg, *args, **kwargs)


def debug(msg, *args, **kwargs):
    _logger.debug(msg, *args, **kwargs)


def info(msg, *args, **kwargs):
    _logger.info(msg, *args, **kwargs)


def warning(msg, *args, **kwargs):
    _logger.warning(msg, *args, **kwargs)


warn = warning


def error(msg, *args, **kwargs):
    _logger.error(msg, *args, **kwargs)


def fatal(msg, *args, **kwargs):
    _logger.fatal(msg, *args, **kwargs)


_counts = {}


def _calls_from_caller():
    """How many times the caller's caller has called before (per file and line)."""
    caller = sys._getframe(2)
    key = (caller.f_code.co_filename, caller.f_lineno)
    _counts[key] = _counts.get(key, 0) + 1
    return _counts[key] - 1


def log_every_n(level, msg, n, *args):
    """Logs on the 1st, (n+1)th, (2n+1)th... call from the same place."""
    if _calls_from_caller() % n == 0:
        _logger.log(level, msg, *args)


def log_first_n(level, msg, n, *args):
    """Logs on the first n calls from the same place."""
    if _calls_from_caller() < n:
        _logger.log(level, msg, *args)


def log_if(level, msg, condition, *args):
    if condition:
        _logger.log(level, msg, *args)

"""tf.logging: TF 1.x's logging functions over Python's `logging`, logger "tensorflow".

As in TF 1.x, the logger's own level is unset, so it follows the root logger: only warnings and
errors show until `tf.logging.set_verbosity(tf.logging.INFO)`, except under `tf.app.run`, where
absl sets the root level from --verbosity (INFO by default). Lines look like TF's:
`INFO:tensorflow:loss = 0.35, step = 101 (0.820 sec)`. Unlike TF, the logger does not propagate
to the root logger, so absl's root handler does not print each line a second time.
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


def _next_count():
    """Counts the calls of log_every_n / log_first_n per token, as TF 1.15 keys them."""
    # TF 1.15's token is the first frame outside the *calling* file (its frame offset is one
    # off), so all calls from a script's own functions share ('<unknown>', 0). Kept: a program
    # from TF 1.15 logs the same lines.
    frame = sys._getframe(2)
    calling_file = frame.f_code.co_filename
    while frame is not None and frame.f_code.co_filename == calling_file:
        frame = frame.f_back
    token = ("<unknown>", 0) if frame is None else (frame.f_code.co_filename, frame.f_lineno)
    _counts[token] = _counts.get(token, -1) + 1
    return _counts[token]


def log_every_n(level, msg, n, *args):
    """Logs on the 1st, (n+1)th, (2n+1)th... call with the same token."""
    log_if(level, msg, _next_count() % n == 0, *args)


def log_first_n(level, msg, n, *args):
    """Logs on the first n calls with the same token."""
    log_if(level, msg, _next_count() < n, *args)


def log_if(level, msg, condition, *args):
    if condition:
        _logger.log(level, msg, *args)


def vlog(level, msg, *args, **kwargs):
    """Logs at the numeric `level` (below DEBUG shows as `Level 1:tensorflow:...`)."""
    _logger.log(level, msg, *args, **kwargs)


def TaskLevelStatusMessage(msg):  # noqa: N802  (TF's name)
    """Logs `msg` as an error, as TF 1.15 does."""
    error(msg)

"""tf.train.SessionRunHook and its arguments: code that runs around each MonitoredSession.run.

class PrintLoss(tf.train.SessionRunHook):
    def before_run(self, run_context):
        return tf.train.SessionRunArgs(loss)          # fetched along with the caller's run
    def after_run(self, run_context, run_values):
        print(run_values.results)
"""

from collections import namedtuple


class SessionRunHook:
    """Hook into a MonitoredSession: begin, after_create_session, before_run/after_run, end."""

    def begin(self):
        """Called once before the graph is finalized: add ops here."""

    def after_create_session(self, session, coord):
        """Called when the session is ready (variables initialized or restored)."""

    def before_run(self, run_context):
        """Returns None or SessionRunArgs: more fetches and feeds for this run."""
        return None

    def after_run(self, run_context, run_values):
        """Sees the results of the fetches this hook asked for."""

    def end(self, session):
        """Called at the end of the session (not after an error)."""


class SessionRunArgs(namedtuple("SessionRunArgs", ["fetches", "feed_dict", "options"])):
    """What a hook adds to a run: fetches (any structure Session.run takes) and feeds."""

    def __new__(cls, fetches, feed_dict=None, options=None):
        return super().__new__(cls, fetches, feed_dict, options)


class SessionRunContext:
    """The run in progress: its arguments, its session, and a way to stop the loop."""

    def __init__(self, original_args, session):
        self._original_args = original_args
        self._session = session
        self._stop_requested = False

    original_args = property(lambda self: self._original_args)
    session = property(lambda self: self._session)
    stop_requested = property(lambda self: self._stop_requested)

    def request_stop(self):
        """Asks the training loop to stop after this run (should_stop() turns True)."""
        self._stop_requested = True


SessionRunValues = namedtuple("SessionRunValues", ["results", "options", "run_metadata"])

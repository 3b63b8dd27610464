"""tf.train.MonitoredSession and MonitoredTrainingSession: a Session that initializes or restores
the variables, runs hooks around every run, saves checkpoints and summaries, and ends the loop
cleanly when the input is exhausted (OutOfRangeError) or a hook asks to stop.

    with tf.train.MonitoredTrainingSession(checkpoint_dir="ckpt", hooks=hooks) as sess:
        while not sess.should_stop():
            sess.run(train_op)
"""

from tinytf.client.session import Session
from tinytf.framework import errors
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.ops import control_flow_ops, variables
from tinytf.platform import tf_logging as logging
from tinytf.training import checkpoint_management
from tinytf.training.session_run_hook import SessionRunArgs, SessionRunContext, SessionRunValues


class Scaffold:
    """The ops and saver a MonitoredSession uses: made from the graph unless given."""

    def __init__(
        self,
        init_op=None,
        init_feed_dict=None,
        init_fn=None,
        ready_op=None,
        ready_for_local_init_op=None,
        local_init_op=None,
        summary_op=None,
        saver=None,
        copy_from_scaffold=None,
    ):
        self.init_op, self.init_feed_dict, self.init_fn = init_op, init_feed_dict, init_fn
        self.local_init_op, self.summary_op, self.saver = local_init_op, summary_op, saver
        self.ready_op, self.ready_for_local_init_op = ready_op, ready_for_local_init_op

    def finalize(self):
        """Fills in the missing pieces, then finalizes the graph."""
        graph = get_default_graph()
        if self.init_op is None:
            self.init_op = control_flow_ops.group(
                variables.global_variables_initializer(), name="init"
            )
        if self.local_init_op is None:
            self.local_init_op = control_flow_ops.group(
                variables.local_variables_initializer(), name="init_1"
            )
        if self.summary_op is None:
            summaries = graph.get_collection(GraphKeys.SUMMARIES)
            if summaries:
                from tinytf.ops.summary_ops import merge_all

                self.summary_op = merge_all()
        if self.saver is None:
            savers = graph.get_collection(GraphKeys.SAVERS)
            if savers:
                self.saver = savers[0]
            else:
                from tinytf.training.saver import Saver

                self.saver = Saver(allow_empty=True, max_to_keep=5)
                graph.add_to_collection(GraphKeys.SAVERS, self.saver)
        graph.finalize()
        return self


class ChiefSessionCreator:
    """Creates the Session: restores the latest checkpoint of checkpoint_dir, or initializes."""

    def __init__(
        self,
        scaffold=None,
        master="",
        config=None,
        checkpoint_dir=None,
        checkpoint_filename_with_path=None,
    ):
        self._scaffold = scaffold or Scaffold()
        self._config, self._dir = config, checkpoint_dir
        self._path = checkpoint_filename_with_path

    def create_session(self):
        scaffold = self._scaffold.finalize()
        session = Session(config=self._config)
        path = self._path
        if path is None and self._dir:
            path = checkpoint_management.latest_checkpoint(self._dir)
        if path:
            scaffold.saver.restore(session, path)
        else:
            session.run(scaffold.init_op, feed_dict=scaffold.init_feed_dict)
            if scaffold.init_fn is not None:
                scaffold.init_fn(scaffold, session)
        session.run(scaffold.local_init_op)
        return session


class MonitoredSession:
    """A Session that runs `hooks` around each run; a context manager that swallows the
    OutOfRangeError ending the input."""

    def __init__(self, session_creator=None, hooks=None, stop_grace_period_secs=120):
        from tinytf.training.coordinator import Coordinator
        from tinytf.training.queue_runner import start_queue_runners

        self._hooks = list(hooks or [])
        for hook in self._hooks:
            hook.begin()
        self._session = (session_creator or ChiefSessionCreator()).create_session()
        self._stop = False
        self._grace = stop_grace_period_secs
        # as TF: a Coordinator for the queue runners and the hooks, stopped when closing
        self._coord = Coordinator(clean_stop_exception_types=[])
        if self._session.graph.get_collection(GraphKeys.QUEUE_RUNNERS):
            start_queue_runners(sess=self._session, coord=self._coord)
        for hook in self._hooks:
            hook.after_create_session(self._session, self._coord)

    graph = property(lambda self: self._session.graph)

    def should_stop(self):
        return self._stop or self._coord.should_stop()

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Runs `fetches` and whatever the hooks ask for; returns the results for `fetches`."""
        context = SessionRunContext(SessionRunArgs(fetches, feed_dict, options), self._session)
        requests = [hook.before_run(context) for hook in self._hooks]
        feeds = dict(feed_dict or {})
        extra = {}
        for i, request in enumerate(requests):
            if request is None:
                continue
            if request.feed_dict:
                overlap = set(feeds) & set(request.feed_dict)
                if overlap:
                    raise RuntimeError(
                        f"Same tensor is fed by a SessionRunHook and user: "
                        f"{sorted(str(t) for t in overlap)}"
                    )
                feeds.update(request.feed_dict)
            if request.fetches is not None:
                extra[i] = request.fetches
        results = self._session.run(
            {"caller": fetches, "hooks": extra}, feeds, options, run_metadata
        )
        for i, hook in enumerate(self._hooks):
            values = SessionRunValues(results["hooks"].get(i), options, run_metadata)
            hook.after_run(context, values)
        self._stop = self._stop or context.stop_requested
        return results["caller"]

    def run_step_fn(self, step_fn):
        return step_fn(self)

    def close(self, _run_end_hooks=True):
        if self._session is None:
            return
        try:
            if _run_end_hooks:
                for hook in self._hooks:
                    hook.end(self._session)
        finally:
            self._coord.request_stop()
            try:
                self._coord.join(stop_grace_period_secs=self._grace, ignore_live_threads=True)
            finally:
                self._session.close()
                self._session = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        ended = exc_type in (None, errors.OutOfRangeError, StopIteration)
        if exc_type in (errors.OutOfRangeError, StopIteration):
            logging.debug("Reached the end of the input: %s", exc)
        self.close(_run_end_hooks=ended)
        return ended and exc_type is not None


SingularMonitoredSession = MonitoredSession


def MonitoredTrainingSession(
    master="",
    is_chief=True,
    checkpoint_dir=None,
    scaffold=None,  # noqa: N802
    hooks=None,
    chief_only_hooks=None,
    save_checkpoint_secs=600,
    save_summaries_steps=100,
    save_summaries_secs=None,
    config=None,
    stop_grace_period_secs=120,
    log_step_count_steps=100,
    max_wait_secs=7200,
    save_checkpoint_steps=None,
    summary_dir=None,
    save_graph_def=True,
):
    """A MonitoredSession for training: restores from / saves checkpoints to checkpoint_dir,
    writes summaries there, and logs global_step/sec every log_step_count_steps."""
    from tinytf.training import basic_session_run_hooks as h

    scaffold = scaffold or Scaffold()
    all_hooks = list(hooks or []) + list(chief_only_hooks or [])
    summary_dir = summary_dir or checkpoint_dir
    if summary_dir and log_step_count_steps:
        all_hooks.append(
            h.StepCounterHook(every_n_steps=log_step_count_steps, output_dir=summary_dir)
        )
    if summary_dir and (save_summaries_steps or save_summaries_secs):
        all_hooks.append(
            h.SummarySaverHook(
                save_steps=save_summaries_steps,
                save_secs=save_summaries_secs,
                output_dir=summary_dir,
                scaffold=scaffold,
            )
        )
    if checkpoint_dir and (save_checkpoint_steps or save_checkpoint_secs):
        all_hooks.append(
            h.CheckpointSaverHook(
                checkpoint_dir,
                save_secs=save_checkpoint_secs,
                save_steps=save_checkpoint_steps,
                scaffold=scaffold,
                save_graph_def=save_graph_def,
            )
        )
    creator = ChiefSessionCreator(scaffold, config=config, checkpoint_dir=checkpoint_dir)
    return MonitoredSession(creator, all_hooks)

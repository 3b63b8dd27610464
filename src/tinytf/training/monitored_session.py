"""tf.train.MonitoredSession and MonitoredTrainingSession: a Session that initializes or restores
the variables, runs hooks around every run, saves checkpoints and summaries, and ends the loop
cleanly when the input is exhausted (OutOfRangeError) or a hook asks to stop.

    with tf.train.MonitoredTrainingSession(checkpoint_dir="ckpt", hooks=hooks) as sess:
        while not sess.should_stop():
            sess.run(train_op)
"""

import abc
import inspect

from tinytf.framework import errors
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.ops import control_flow_ops, init_ops, misc_util, variables
from tinytf.platform import protos
from tinytf.platform import tf_logging as logging
from tinytf.training.session_manager import SessionManager
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
        if copy_from_scaffold is not None:
            if not isinstance(copy_from_scaffold, Scaffold):
                raise TypeError("copy_from_scaffold is not a Scaffold instance.")
            init_op = init_op or copy_from_scaffold.init_op
            init_feed_dict = init_feed_dict or copy_from_scaffold.init_feed_dict
            init_fn = init_fn or copy_from_scaffold._user_init_fn
            ready_op = ready_op or copy_from_scaffold.ready_op
            ready_for_local_init_op = (
                ready_for_local_init_op or copy_from_scaffold.ready_for_local_init_op
            )
            local_init_op = local_init_op or copy_from_scaffold.local_init_op
            summary_op = summary_op or copy_from_scaffold.summary_op
            saver = saver or copy_from_scaffold.saver
        self.init_op, self.init_feed_dict, self._user_init_fn = init_op, init_feed_dict, init_fn
        self.local_init_op, self.summary_op, self.saver = local_init_op, summary_op, saver
        self.ready_op, self.ready_for_local_init_op = ready_op, ready_for_local_init_op

    @property
    def init_fn(self):
        """As TF: the user's init_fn(scaffold, session) as a function of the session."""
        user = self._user_init_fn
        return (lambda sess: user(self, sess)) if user else None

    @staticmethod
    def get_or_default(arg_name, collection_key, default_constructor):
        """The one item of a collection, else default_constructor() (added to it)."""
        graph = get_default_graph()
        elements = graph.get_collection(collection_key)
        if len(elements) > 1:
            raise RuntimeError(
                f'More than one item in the collection "{collection_key}". Please indicate '
                "which one to use by passing it to the tf.Scaffold constructor as:  "
                f"tf.Scaffold({arg_name}=item to use)"
            )
        if elements:
            return elements[0]
        element = default_constructor()
        if element is not None:
            graph.add_to_collection(collection_key, element)
        return element

    def finalize(self):
        """Fills in the missing pieces, then finalizes the graph."""
        graph = get_default_graph()
        if self.init_op is None:
            self.init_op = Scaffold.get_or_default("init_op", GraphKeys.INIT_OP, _default_init_op)
        if self.ready_op is None:
            self.ready_op = Scaffold.get_or_default(
                "ready_op", GraphKeys.READY_OP, misc_util.report_uninitialized_variables
            )
        if self.ready_for_local_init_op is None:
            self.ready_for_local_init_op = Scaffold.get_or_default(
                "ready_for_local_init_op",
                GraphKeys.READY_FOR_LOCAL_INIT_OP,
                lambda: misc_util.report_uninitialized_variables(variables.global_variables()),
            )
        if self.local_init_op is None:
            self.local_init_op = Scaffold.get_or_default(
                "local_init_op", GraphKeys.LOCAL_INIT_OP, Scaffold.default_local_init_op
            )
        if self.summary_op is None:
            self.summary_op = Scaffold.get_or_default(
                "summary_op", GraphKeys.SUMMARY_OP, _merge_all_summaries
            )
        if self.saver is None:
            self.saver = _saver_or_default(graph)
        graph.finalize()
        logging.info("Graph was finalized.")
        return self

    @staticmethod
    def default_local_init_op():
        """The local variables' and the tables' initializers, grouped."""
        return control_flow_ops.group(
            variables.local_variables_initializer(), init_ops.tables_initializer(), name="init_1"
        )


def _default_init_op():
    return control_flow_ops.group(variables.global_variables_initializer(), name="init")


def _merge_all_summaries():
    if not get_default_graph().get_collection(GraphKeys.SUMMARIES):
        return None
    from tinytf.ops.summary_ops import merge_all

    return merge_all()


def _saver_or_default(graph):
    savers = graph.get_collection(GraphKeys.SAVERS)
    if len(savers) > 1:
        raise RuntimeError(
            f"More than one item in collection {GraphKeys.SAVERS}. Please indicate which one "
            "to use by passing it to the constructor."
        )
    if savers:
        return savers[0]
    from tinytf.training.saver import Saver

    saver = Saver(sharded=True, allow_empty=True)
    graph.add_to_collection(GraphKeys.SAVERS, saver)
    return saver


class SessionCreator(abc.ABC):
    """A factory of Sessions (what MonitoredSession calls to make, or remake, its session)."""

    @abc.abstractmethod
    def create_session(self):
        """A new, ready Session."""


class _ScaffoldSessionCreator(SessionCreator):
    """A SessionManager made from the scaffold's ops, once."""

    def __init__(self, scaffold, master, config):
        self._scaffold = scaffold or Scaffold()
        self._master, self._config = master, config
        self._session_manager = None

    def _get_session_manager(self):
        if self._session_manager is None:
            self._session_manager = SessionManager(
                local_init_op=self._scaffold.local_init_op,
                ready_op=self._scaffold.ready_op,
                ready_for_local_init_op=self._scaffold.ready_for_local_init_op,
                graph=get_default_graph(),
            )
        return self._session_manager


class ChiefSessionCreator(_ScaffoldSessionCreator):
    """Creates the Session: restores the latest checkpoint of checkpoint_dir, or initializes."""

    def __init__(
        self,
        scaffold=None,
        master="",
        config=None,
        checkpoint_dir=None,
        checkpoint_filename_with_path=None,
    ):
        super().__init__(scaffold, master, config)
        self._checkpoint_dir = checkpoint_dir
        self._checkpoint_filename_with_path = checkpoint_filename_with_path

    def create_session(self):
        """A Session restored from the checkpoint, or initialized by the scaffold's ops."""
        self._scaffold.finalize()
        return self._get_session_manager().prepare_session(
            self._master,
            saver=self._scaffold.saver,
            checkpoint_dir=self._checkpoint_dir,
            checkpoint_filename_with_path=self._checkpoint_filename_with_path,
            config=self._config,
            init_op=self._scaffold.init_op,
            init_feed_dict=self._scaffold.init_feed_dict,
            init_fn=self._scaffold.init_fn,
        )


class WorkerSessionCreator(_ScaffoldSessionCreator):
    """Creates a Session once the chief has made the model ready (waits up to max_wait_secs)."""

    def __init__(self, scaffold=None, master="", config=None, max_wait_secs=30 * 60):
        super().__init__(scaffold, master, config)
        self._max_wait_secs = max_wait_secs

    def create_session(self):
        """A Session whose model is ready; DeadlineExceededError after max_wait_secs."""
        self._scaffold.finalize()
        return self._get_session_manager().wait_for_session(
            self._master, config=self._config, max_wait_secs=self._max_wait_secs
        )


def _merge_run_options(options, incoming):
    """As TF: numbers take the larger value, flags the OR, debug watches are appended."""
    options.trace_level = max(options.trace_level, incoming.trace_level)
    options.timeout_in_ms = max(options.timeout_in_ms, incoming.timeout_in_ms)
    options.inter_op_thread_pool = max(options.inter_op_thread_pool, incoming.inter_op_thread_pool)
    options.output_partition_graphs = (
        options.output_partition_graphs or incoming.output_partition_graphs
    )
    options.debug_options.debug_tensor_watch_opts.extend(
        incoming.debug_options.debug_tensor_watch_opts
    )
    options.debug_options.reset_disk_byte_usage = (
        options.debug_options.reset_disk_byte_usage or incoming.debug_options.reset_disk_byte_usage
    )
    options.report_tensor_allocations_upon_oom = (
        options.report_tensor_allocations_upon_oom or incoming.report_tensor_allocations_upon_oom
    )


def _check_disjoint(feeds1, feeds2, message):
    overlap = set(feeds1) & set(feeds2)
    if overlap:
        raise RuntimeError(f"{message} Conflict(s): {list(overlap)}")


class _MonitoredSession:
    """A Session that runs `hooks` around each run; a context manager that swallows the
    OutOfRangeError ending the input."""

    def __init__(self, session_creator, hooks, stop_grace_period_secs=120):
        from tinytf.training.coordinator import Coordinator
        from tinytf.training.queue_runner import start_queue_runners

        self._graph_was_finalized = get_default_graph().finalized
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
        """Whether a hook, the coordinator or a closed session ends the loop."""
        return self._session is None or self._stop or self._coord.should_stop()

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Runs `fetches` and whatever the hooks ask for; returns the results for `fetches`."""
        if self.should_stop():
            raise RuntimeError("Run called even after should_stop requested.")
        context = SessionRunContext(SessionRunArgs(fetches, feed_dict), self._session)
        requests = [hook.before_run(context) for hook in self._hooks]
        hook_feeds, extra, hook_options = {}, {}, []
        for i, request in enumerate(requests):
            if request is None:
                continue
            if request.fetches is not None:
                extra[i] = request.fetches
            if request.feed_dict:
                _check_disjoint(hook_feeds, request.feed_dict, "Same tensor is fed by two hooks.")
                hook_feeds.update(request.feed_dict)
            if request.options:
                hook_options.append(request.options)
        if hook_feeds and feed_dict:
            _check_disjoint(
                feed_dict, hook_feeds, "Same tensor is fed by a SessionRunHook and user."
            )
        feeds = {**hook_feeds, **(feed_dict or {})}
        # options and metadata are made only when asked for: the plain run needs no protos
        if hook_options or options is not None or run_metadata is not None:
            options = options if options is not None else protos.message("RunOptions")()
            for incoming in hook_options:
                _merge_run_options(options, incoming)
            if run_metadata is None:
                run_metadata = protos.message("RunMetadata")()
        results = self._session.run(
            {"caller": fetches, "hooks": extra}, feeds or None, options, run_metadata
        )
        for i, hook in enumerate(self._hooks):
            values = SessionRunValues(results["hooks"].get(i), options, run_metadata)
            hook.after_run(context, values)
        self._stop = self._stop or context.stop_requested
        return results["caller"]

    def run_step_fn(self, step_fn):
        """step_fn(step_context): its runs see the raw session, or the hooks through
        step_context.run_with_hooks; step_context.request_stop() ends the loop."""
        args = tuple(inspect.signature(step_fn).parameters)
        if inspect.ismethod(step_fn):
            args = ("self",) + args
        if args not in (("step_context",), ("self", "step_context")):
            raise ValueError(
                "`step_fn` may either have one `step_context` argument, or `self` and "
                f"`step_context` arguments if it's an instance method. Got {args} instead."
            )
        return step_fn(_StepContext(self._session, self.run))

    def close(self, _run_end_hooks=True):
        """Runs the hooks' end(), stops the threads and closes the session."""
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
                graph = self._session.graph
                self._session.close()
                self._session = None
                # as TF: the graph can grow again after the session, unless it came finalized
                if not self._graph_was_finalized:
                    graph._unsafe_unfinalize()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        ended = exc_type in (None, errors.OutOfRangeError, StopIteration)
        if exc_type in (errors.OutOfRangeError, StopIteration):
            logging.debug("Reached the end of the input: %s", exc)
        self.close(_run_end_hooks=ended)
        return ended and exc_type is not None


class _StepContext:
    """What run_step_fn's step_fn gets: the raw session and a run with the hooks."""

    def __init__(self, session, run_with_hooks_fn):
        self._session, self._run_with_hooks_fn = session, run_with_hooks_fn

    @property
    def session(self):
        return self._session

    def run_with_hooks(self, *args, **kwargs):
        """MonitoredSession.run, hooks included."""
        return self._run_with_hooks_fn(*args, **kwargs)

    def request_stop(self):
        """Ends step_fn (StopIteration), which ends the `with MonitoredSession` block."""
        raise StopIteration("step_fn has requested the iterations to stop.")


class MonitoredSession(_MonitoredSession):
    """A Session that initializes or restores (session_creator), runs the hooks around each
    run, and ends the loop cleanly at the end of the input."""

    StepContext = _StepContext

    def __init__(self, session_creator=None, hooks=None, stop_grace_period_secs=120):
        super().__init__(session_creator, hooks, stop_grace_period_secs)


class SingularMonitoredSession(_MonitoredSession):
    """A MonitoredSession on one process, with raw_session() for runs without the hooks."""

    StepContext = _StepContext

    def __init__(
        self,
        hooks=None,
        scaffold=None,
        master="",
        config=None,
        checkpoint_dir=None,
        stop_grace_period_secs=120,
        checkpoint_filename_with_path=None,
    ):
        creator = ChiefSessionCreator(
            scaffold=scaffold,
            master=master,
            config=config,
            checkpoint_dir=checkpoint_dir,
            checkpoint_filename_with_path=checkpoint_filename_with_path,
        )
        super().__init__(creator, hooks, stop_grace_period_secs)

    def raw_session(self):
        """The underlying tf.Session."""
        return self._session


USE_DEFAULT = object()


def MonitoredTrainingSession(  # noqa: N802 - TF's name
    master="",
    is_chief=True,
    checkpoint_dir=None,
    scaffold=None,
    hooks=None,
    chief_only_hooks=None,
    save_checkpoint_secs=USE_DEFAULT,
    save_summaries_steps=USE_DEFAULT,
    save_summaries_secs=USE_DEFAULT,
    config=None,
    stop_grace_period_secs=120,
    log_step_count_steps=100,
    max_wait_secs=7200,
    save_checkpoint_steps=USE_DEFAULT,
    summary_dir=None,
    save_graph_def=True,
):
    """A MonitoredSession for training: restores from / saves checkpoints to checkpoint_dir,
    writes summaries there, and logs global_step/sec every log_step_count_steps."""
    from tinytf.training import basic_session_run_hooks as h

    if save_summaries_steps is USE_DEFAULT and save_summaries_secs is USE_DEFAULT:
        save_summaries_steps, save_summaries_secs = 100, None
    elif save_summaries_secs is USE_DEFAULT:
        save_summaries_secs = None
    elif save_summaries_steps is USE_DEFAULT:
        save_summaries_steps = None
    if save_checkpoint_steps is USE_DEFAULT and save_checkpoint_secs is USE_DEFAULT:
        save_checkpoint_steps, save_checkpoint_secs = None, 600
    elif save_checkpoint_secs is USE_DEFAULT:
        save_checkpoint_secs = None
    elif save_checkpoint_steps is USE_DEFAULT:
        save_checkpoint_steps = None
    scaffold = scaffold or Scaffold()
    if not is_chief:
        creator = WorkerSessionCreator(scaffold, master, config, max_wait_secs)
        return MonitoredSession(creator, hooks or [], stop_grace_period_secs)
    # as TF: the chief-only hooks run first, then the saving hooks, then the caller's
    all_hooks = list(chief_only_hooks or [])
    summary_dir = summary_dir or checkpoint_dir
    if summary_dir and log_step_count_steps and log_step_count_steps > 0:
        all_hooks.append(
            h.StepCounterHook(every_n_steps=log_step_count_steps, output_dir=summary_dir)
        )
    if summary_dir and ((save_summaries_steps or 0) > 0 or (save_summaries_secs or 0) > 0):
        all_hooks.append(
            h.SummarySaverHook(
                save_steps=save_summaries_steps,
                save_secs=save_summaries_secs,
                output_dir=summary_dir,
                scaffold=scaffold,
            )
        )
    if checkpoint_dir and ((save_checkpoint_secs or 0) > 0 or (save_checkpoint_steps or 0) > 0):
        all_hooks.append(
            h.CheckpointSaverHook(
                checkpoint_dir,
                save_secs=save_checkpoint_secs,
                save_steps=save_checkpoint_steps,
                scaffold=scaffold,
                save_graph_def=save_graph_def,
            )
        )
    all_hooks.extend(hooks or [])
    creator = ChiefSessionCreator(scaffold, master, config, checkpoint_dir=checkpoint_dir)
    return MonitoredSession(creator, all_hooks, stop_grace_period_secs)

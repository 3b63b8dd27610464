"""tf.contrib.slim.evaluation: evaluate_once (one checkpoint) and evaluation_loop (each new
checkpoint of a directory), as TF 1.15 runs them: a MonitoredSession restoring the checkpoint,
eval_op run num_evals times (counted by the local `eval_step` variable), then the summaries
written to logdir and the final_op's values returned."""

from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.ops import init_ops, state_ops, summary_ops
from tinytf.ops import variable_scope as vs
from tinytf.platform import tf_logging as logging
from tinytf.training import training_util
from tinytf.training.basic_session_run_hooks import FinalOpsHook
from tinytf.training.checkpoint_utils import checkpoints_iterator
from tinytf.training.monitored_session import ChiefSessionCreator, MonitoredSession, Scaffold
from tinytf.training.saver import Saver
from tinytf.training.session_run_hook import SessionRunArgs, SessionRunHook

_USE_DEFAULT = 0


def _get_or_create_eval_step():
    eval_steps = get_default_graph().get_collection(GraphKeys.EVAL_STEP)
    if len(eval_steps) == 1:
        return eval_steps[0]
    if eval_steps:
        raise ValueError("Multiple tensors added to tf.GraphKeys.EVAL_STEP")
    return vs.get_variable("eval_step", shape=[], dtype=dtypes.int64,
                           initializer=init_ops.zeros_initializer(), trainable=False,
                           collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.EVAL_STEP])


class _StopAfterNEvalsHook(SessionRunHook):
    """Stops once the eval step (re-initialized with each session) reaches num_evals."""

    def __init__(self, num_evals):
        self._num_evals, self._evals_completed = num_evals, None

    def before_run(self, run_context):
        return SessionRunArgs({"evals_completed": self._evals_completed})

    def after_run(self, run_context, run_values):
        if run_values.results["evals_completed"] >= self._num_evals:
            run_context.request_stop()


class _SummaryAtEndHook(SessionRunHook):
    """Runs the summary op at the end of an evaluation and writes it to log_dir."""

    def __init__(self, log_dir, summary_op, feed_dict=None):
        self._log_dir, self._summary_op, self._feed_dict = log_dir, summary_op, feed_dict

    def begin(self):
        self._global_step = training_util.get_or_create_global_step()

    def after_create_session(self, session, coord):
        from tinytf.summary.writer_cache import FileWriterCache

        self._summary_writer = FileWriterCache.get(self._log_dir)

    def end(self, session):
        step = training_util.global_step(session, self._global_step)
        self._summary_writer.add_summary(session.run(self._summary_op, self._feed_dict), step)
        self._summary_writer.flush()


def _hooks(num_evals, logdir, summary_op, summary_op_feed_dict, hooks):
    if summary_op == _USE_DEFAULT:
        summary_op = summary_ops.merge_all()
    all_hooks = [_StopAfterNEvalsHook(num_evals)]
    if summary_op is not None:
        all_hooks.append(_SummaryAtEndHook(logdir, summary_op, summary_op_feed_dict))
    return all_hooks + list(hooks or [])


def _with_eval_step(eval_ops, hooks):
    """eval_ops with the eval step's increment; the stop hooks watch the new step."""
    update = state_ops.assign_add(_get_or_create_eval_step(), 1, use_locking=True)
    for hook in hooks:
        if isinstance(hook, _StopAfterNEvalsHook):
            hook._evals_completed = update
    if isinstance(eval_ops, dict):
        eval_ops["update_eval_step"] = update
        return eval_ops
    if isinstance(eval_ops, (tuple, list)):
        return list(eval_ops) + [update]
    return [eval_ops, update]


def _evaluate(checkpoint_path, master, scaffold, eval_ops, feed_dict, hooks, config):
    creator = ChiefSessionCreator(scaffold=scaffold, master=master, config=config,
                                  checkpoint_filename_with_path=checkpoint_path)
    with MonitoredSession(session_creator=creator, hooks=hooks) as session:
        logging.info("Starting evaluation of %s", checkpoint_path)
        if eval_ops is not None:
            while not session.should_stop():
                session.run(eval_ops, feed_dict)


def _prepared(eval_op, final_op, final_op_feed_dict, hooks):
    _get_or_create_eval_step()
    if eval_op is not None:
        eval_op = _with_eval_step(eval_op, hooks)
    final_hook = FinalOpsHook(final_op, final_op_feed_dict)
    return eval_op, hooks + [final_hook], final_hook


def evaluate_once(master, checkpoint_path, logdir, num_evals=1, initial_op=None,
                  initial_op_feed_dict=None, eval_op=None, eval_op_feed_dict=None,
                  final_op=None, final_op_feed_dict=None, summary_op=_USE_DEFAULT,
                  summary_op_feed_dict=None, variables_to_restore=None, session_config=None,
                  hooks=None):
    """Evaluates the checkpoint once: eval_op num_evals times, summaries to logdir; returns
    final_op's values."""
    hooks = _hooks(num_evals, logdir, summary_op, summary_op_feed_dict, hooks)
    saver = None if variables_to_restore is None else Saver(variables_to_restore)
    scaffold = Scaffold(init_op=initial_op, init_feed_dict=initial_op_feed_dict, saver=saver)
    eval_op, hooks, final_hook = _prepared(eval_op, final_op, final_op_feed_dict, hooks)
    _evaluate(checkpoint_path, master, scaffold, eval_op, eval_op_feed_dict, hooks,
              session_config)
    return final_hook.final_ops_values


def evaluation_loop(master, checkpoint_dir, logdir, num_evals=1, initial_op=None,
                    initial_op_feed_dict=None, init_fn=None, eval_op=None,
                    eval_op_feed_dict=None, final_op=None, final_op_feed_dict=None,
                    summary_op=_USE_DEFAULT, summary_op_feed_dict=None,
                    variables_to_restore=None, eval_interval_secs=60,
                    max_number_of_evaluations=None, session_config=None, timeout=None,
                    timeout_fn=None, hooks=None):
    """evaluate_once on each new checkpoint of checkpoint_dir (at most every
    eval_interval_secs, until max_number_of_evaluations or the timeout); returns the last
    final_op values."""
    hooks = _hooks(num_evals, logdir, summary_op, summary_op_feed_dict, hooks)
    saver = None if variables_to_restore is None else Saver(variables_to_restore)
    scaffold = Scaffold(init_op=initial_op, init_feed_dict=initial_op_feed_dict,
                        init_fn=init_fn, saver=saver)
    eval_op, hooks, final_hook = _prepared(eval_op, final_op, final_op_feed_dict, hooks)
    done = 0
    for path in checkpoints_iterator(checkpoint_dir, min_interval_secs=eval_interval_secs,
                                     timeout=timeout, timeout_fn=timeout_fn):
        _evaluate(path, master, scaffold, eval_op, eval_op_feed_dict, hooks, session_config)
        done += 1
        if max_number_of_evaluations is not None and done >= max_number_of_evaluations:
            break
    return final_hook.final_ops_values

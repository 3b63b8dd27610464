"""tf.contrib.slim.learning: create_train_op (the loss, run after the gradient update and the
UPDATE_OPS) and train, TF 1.x slim's Supervisor-managed training loop."""

import os
import sys
import time

from tinytf.errors import AbortedError, OutOfRangeError
from tinytf.framework.graph import GraphKeys, get_collection, get_default_graph
from tinytf.framework.op_def import control_dependencies, name_scope
from tinytf.framework.ops import Tensor
from tinytf.ops import clip_ops, constant_op, debug_ops, math_ops, summary_ops
from tinytf.ops.check_ops import with_dependencies
from tinytf.ops.control_flow_ops import group, no_op
from tinytf.ops.indexed_slices import IndexedSlices
from tinytf.ops.init_ops import tables_initializer
from tinytf.ops.misc_util import report_uninitialized_variables
from tinytf.ops.variables import (
    global_variables_initializer,
    local_variables_initializer,
    trainable_variables,
)
from tinytf.platform import file_io, protos
from tinytf.platform import tf_logging as logging
from tinytf.training import training_util
from tinytf.training.optimizer import Optimizer
from tinytf.training.saver import Saver
from tinytf.training.supervisor import Supervisor

_USE_GLOBAL_STEP = 0
_USE_DEFAULT = 0


def _map_values(grad, fn):
    if isinstance(grad, IndexedSlices):
        return IndexedSlices(fn(grad.values), grad.indices, grad.dense_shape)
    return fn(grad)


def clip_gradient_norms(gradients_to_variables, max_norm):
    """Each gradient clipped by norm to `max_norm` (IndexedSlices: their values)."""
    return [
        (None if g is None else _map_values(g, lambda t: clip_ops.clip_by_norm(t, max_norm)), v)
        for g, v in gradients_to_variables
    ]


def multiply_gradients(grads_and_vars, gradient_multipliers):
    """Gradients scaled by the multiplier given for their variable (or its op name)."""
    if not isinstance(grads_and_vars, list):
        raise ValueError("`grads_and_vars` must be a list.")
    if not gradient_multipliers:
        raise ValueError("`gradient_multipliers` is empty.")
    if not isinstance(gradient_multipliers, dict):
        raise ValueError("`gradient_multipliers` must be a dict.")
    out = []
    for grad, var in grads_and_vars:
        key = var if var in gradient_multipliers else var.op.name
        if key in gradient_multipliers:
            if grad is None:
                raise ValueError("Requested multiple of `None` gradient.")
            m = gradient_multipliers[key]
            if not isinstance(m, Tensor):
                m = constant_op.constant(m, dtype=grad.dtype)
            grad = _map_values(grad, lambda t, m=m: t * m)
        out.append((grad, var))
    return out


def add_gradients_summaries(grads_and_vars):
    """A histogram and a norm summary of each gradient, named after its variable."""
    return _gradient_summaries(grads_and_vars, "/")


def _gradient_summaries(grads_and_vars, sep):
    # create_train_op goes through contrib.training's copy, which names them var_gradient
    summaries = []
    for grad, var in grads_and_vars:
        if grad is None:
            logging.info("Var %s has no gradient", var.op.name)
            continue
        values = grad.values if isinstance(grad, IndexedSlices) else grad
        summaries.append(summary_ops.histogram(f"{var.op.name}{sep}gradient", values))
        summaries.append(
            summary_ops.scalar(f"{var.op.name}{sep}gradient_norm", clip_ops.global_norm([values]))
        )
    return summaries


def _with_update_ops(total_loss, update_ops):
    global_update_ops = set(get_collection(GraphKeys.UPDATE_OPS))
    update_ops = global_update_ops if update_ops is None else set(update_ops)
    if not global_update_ops.issubset(update_ops):
        logging.warning("update_ops in create_train_op does not contain all the "
                        "update_ops in GraphKeys.UPDATE_OPS")
    if not update_ops:
        return total_loss
    with control_dependencies(update_ops):
        barrier = no_op(name="update_barrier")
    return with_dependencies([barrier], total_loss)


def create_train_op(total_loss, optimizer, global_step=_USE_GLOBAL_STEP, update_ops=None,
                    variables_to_train=None, clip_gradient_norm=0, summarize_gradients=False,
                    gate_gradients=Optimizer.GATE_OP, aggregation_method=None,
                    colocate_gradients_with_ops=False, gradient_multipliers=None,
                    check_numerics=True):
    """A tensor that, run, updates the variables and gives the loss (added to TRAIN_OP)."""
    if global_step is _USE_GLOBAL_STEP:
        global_step = training_util.get_or_create_global_step()
    total_loss = _with_update_ops(total_loss, update_ops)
    if variables_to_train is None:
        variables_to_train = trainable_variables()
    assert variables_to_train
    grads = optimizer.compute_gradients(
        total_loss, variables_to_train, gate_gradients=gate_gradients,
        aggregation_method=aggregation_method,
        colocate_gradients_with_ops=colocate_gradients_with_ops,
    )
    if gradient_multipliers:
        with name_scope("multiply_grads"):
            grads = multiply_gradients(grads, gradient_multipliers)
    if clip_gradient_norm > 0:
        with name_scope("clip_grads"):
            grads = clip_gradient_norms(grads, clip_gradient_norm)
    if summarize_gradients:
        with name_scope("summarize_grads"):
            _gradient_summaries(grads, "_")
    grad_updates = optimizer.apply_gradients(grads, global_step=global_step)
    with name_scope("train_op"):
        if check_numerics:
            total_loss = debug_ops.check_numerics(total_loss, "LossTensor is inf or nan")
        train_op = with_dependencies([grad_updates], total_loss)
    train_ops = get_default_graph().get_collection_ref(GraphKeys.TRAIN_OP)
    if train_op not in train_ops:
        train_ops.append(train_op)
    return train_op



def _trace_options(sess, kwargs):
    if "should_trace" not in kwargs:
        return None, None
    if "logdir" not in kwargs:
        raise ValueError("logdir must be present in train_step_kwargs when should_trace is "
                         "present")
    if not sess.run(kwargs["should_trace"]):
        return None, None
    RunOptions = protos.message("RunOptions")
    return RunOptions(trace_level=RunOptions.FULL_TRACE), protos.message("RunMetadata")()


def _write_trace(run_metadata, step, kwargs):
    from tinytf.client.timeline import Timeline

    trace = Timeline(run_metadata.step_stats).generate_chrome_trace_format()
    path = os.path.join(kwargs["logdir"], f"tf_trace-{step}.json")
    logging.info("Writing trace to %s", path)
    file_io.atomic_write_string_to_file(path, trace)
    if "summary_writer" in kwargs:
        kwargs["summary_writer"].add_run_metadata(run_metadata, f"run_metadata-{step}")


def train_step(sess, train_op, global_step, train_step_kwargs):
    """One step: run train_op, maybe trace and log; returns (loss, should_stop)."""
    start = time.time()
    options, run_metadata = _trace_options(sess, train_step_kwargs)
    total_loss, np_global_step = sess.run(
        [train_op, global_step], options=options, run_metadata=run_metadata
    )
    elapsed = time.time() - start
    if run_metadata is not None:
        _write_trace(run_metadata, np_global_step, train_step_kwargs)
    if "should_log" in train_step_kwargs and sess.run(train_step_kwargs["should_log"]):
        logging.info("global step %d: loss = %.4f (%.3f sec/step)", np_global_step, total_loss,
                     elapsed)
    should_stop = False
    if "should_stop" in train_step_kwargs:
        should_stop = sess.run(train_step_kwargs["should_stop"])
    return total_loss, should_stop


def _default_step_kwargs(global_step, number_of_steps, log_every_n_steps, is_chief,
                         trace_every_n_steps, logdir):
    with name_scope("train_step"):
        kwargs = {}
        if number_of_steps:
            kwargs["should_stop"] = math_ops.greater_equal(global_step, number_of_steps)
        else:
            kwargs["should_stop"] = constant_op.constant(False)
        if log_every_n_steps > 0:
            kwargs["should_log"] = math_ops.equal(math_ops.mod(global_step, log_every_n_steps), 0)
        if is_chief and trace_every_n_steps is not None:
            kwargs["should_trace"] = math_ops.equal(
                math_ops.mod(global_step, trace_every_n_steps), 0
            )
            kwargs["logdir"] = logdir
    return kwargs


def _check_train_args(train_op, logdir, summary_op, saver, trace_every_n_steps, sync_optimizer,
                      number_of_steps):
    if train_op is None:
        raise ValueError("train_op cannot be None.")
    if logdir is None:
        if summary_op != _USE_DEFAULT:
            raise ValueError("Cannot provide summary_op because logdir=None")
        if saver is not None:
            raise ValueError("Cannot provide saver because logdir=None")
        if trace_every_n_steps is not None:
            raise ValueError("Cannot provide trace_every_n_steps because logdir=None")
    if sync_optimizer is not None:
        # tinytf's SyncReplicasOptimizer has no ready_for_local_init_op for a Supervisor
        raise ValueError("tinytf's slim.learning.train takes no sync_optimizer.")
    if number_of_steps is not None and number_of_steps <= 0:
        raise ValueError("`number_of_steps` must be either None or a positive number.")


def _init_ops(init_op, ready_op, local_init_op):
    with name_scope("init_ops"):
        if init_op == _USE_DEFAULT:
            init_op = global_variables_initializer()
        if ready_op == _USE_DEFAULT:
            ready_op = report_uninitialized_variables()
        if local_init_op == _USE_DEFAULT:
            local_init_op = group(local_variables_initializer(), tables_initializer())
    return init_op, ready_op, local_init_op


def _run_loop(sv, sess, train_step_fn, train_op, global_step, kwargs):
    total_loss = None
    try:
        while not sv.should_stop():
            total_loss, should_stop = train_step_fn(sess, train_op, global_step, kwargs)
            if should_stop:
                logging.info("Stopping Training.")
                sv.request_stop()
                break
    except OutOfRangeError as e:
        logging.info("Caught OutOfRangeError. Stopping Training. %s", e)
    return total_loss


def train(train_op, logdir, train_step_fn=train_step, train_step_kwargs=_USE_DEFAULT,
          log_every_n_steps=1, graph=None, master="", is_chief=True, global_step=None,
          number_of_steps=None, init_op=_USE_DEFAULT, init_feed_dict=None,
          local_init_op=_USE_DEFAULT, init_fn=None, ready_op=_USE_DEFAULT,
          summary_op=_USE_DEFAULT, save_summaries_secs=600, summary_writer=_USE_DEFAULT,
          startup_delay_steps=0, saver=None, save_interval_secs=600, sync_optimizer=None,
          session_config=None, session_wrapper=None, trace_every_n_steps=None,
          ignore_live_threads=False):
    """Runs train_op under a Supervisor until number_of_steps (or a stop); saves a final
    checkpoint in logdir; returns the last loss."""
    _check_train_args(train_op, logdir, summary_op, saver, trace_every_n_steps, sync_optimizer,
                      number_of_steps)
    graph = graph or get_default_graph()
    with graph.as_default():
        if global_step is None:
            global_step = training_util.get_or_create_global_step()
        saver = saver or Saver()
        init_op, ready_op, local_init_op = _init_ops(init_op, ready_op, local_init_op)
        if summary_op == _USE_DEFAULT:
            summary_op = summary_ops.merge_all()
        if summary_writer == _USE_DEFAULT:
            summary_writer = Supervisor.USE_DEFAULT
        if train_step_kwargs == _USE_DEFAULT:
            train_step_kwargs = _default_step_kwargs(
                global_step, number_of_steps, log_every_n_steps, is_chief, trace_every_n_steps,
                logdir,
            )
    sv = Supervisor(
        graph=graph, is_chief=is_chief, logdir=logdir, init_op=init_op,
        init_feed_dict=init_feed_dict, local_init_op=local_init_op,
        ready_for_local_init_op=None, ready_op=ready_op, summary_op=summary_op,
        summary_writer=summary_writer, global_step=global_step, saver=saver,
        save_summaries_secs=save_summaries_secs, save_model_secs=save_interval_secs,
        init_fn=init_fn,
    )
    if summary_writer is not None:
        train_step_kwargs["summary_writer"] = sv.summary_writer
    total_loss, should_retry = None, True
    while should_retry:
        try:
            should_retry = False
            with sv.managed_session(master, start_standard_services=False,
                                    config=session_config) as sess:
                logging.info("Starting Session.")
                if session_wrapper is not None:
                    sess = session_wrapper(sess)
                if is_chief:
                    if logdir:
                        sv.start_standard_services(sess)
                elif startup_delay_steps > 0:
                    _wait_for_step(sess, global_step,
                                   min(startup_delay_steps, number_of_steps or sys.maxsize))
                threads = sv.start_queue_runners(sess)
                logging.info("Starting Queues.")
                total_loss = _run_loop(sv, sess, train_step_fn, train_op, global_step,
                                       train_step_kwargs)
                if logdir and sv.is_chief:
                    logging.info("Finished training! Saving model to disk.")
                    sv.saver.save(sess, sv.save_path, global_step=sv.global_step)
                    sv.stop(threads, close_summary_writer=True,
                            ignore_live_threads=ignore_live_threads)
        except AbortedError:
            logging.info("Retrying training!")
            should_retry = True
    return total_loss


def _wait_for_step(sess, global_step, step):
    while True:
        if training_util.global_step(sess, global_step) >= step:
            break
        logging.info("Waiting for step %d, currently at %d", step, training_util.global_step(
            sess, global_step))
        time.sleep(0.1)

"""SyncReplicasOptimizer (TF 1.15's sync_replicas_optimizer.py) and its session hook.

Each worker's train op adds its gradients to one accumulator per variable (stale ones, from a
step before the accumulator's global step, are dropped), then takes a token from the sync token
queue into its local step. The chief's queue runner loops over the sync op: take the mean of
`replicas_to_aggregate` gradients per variable, apply them with the wrapped optimizer (global
step + 1), and put `max(total_num_replicas, replicas_to_aggregate)` tokens of the new global
step. On one process (one worker, the chief) the update lands asynchronously, as in TF.
"""

from tinytf.framework import dtypes as D
from tinytf.framework.graph import GraphKeys
from tinytf.framework.op_def import control_dependencies, name_scope
from tinytf.ops import accumulator_ops, state_ops
from tinytf.ops.array_ops import fill
from tinytf.ops.control_flow_ops import group, no_op
from tinytf.ops.indexed_slices import is_indexed_slices
from tinytf.ops.misc_util import report_uninitialized_variables
from tinytf.ops.queue_ops import FIFOQueue
from tinytf.ops.variables import Variable, global_variables
from tinytf.training.optimizer import Optimizer
from tinytf.training.queue_runner import QueueRunner
from tinytf.training.session_run_hook import SessionRunHook


class SyncReplicasOptimizer(Optimizer):
    """Aggregates `replicas_to_aggregate` workers' gradients before `opt` applies them.

    >>> opt = tf.train.SyncReplicasOptimizer(tf.train.GradientDescentOptimizer(0.1), 1)
    >>> train = opt.minimize(loss, global_step=tf.train.get_or_create_global_step())
    >>> hooks = [opt.make_session_run_hook(is_chief=True)]
    """

    def __init__(
        self,
        opt,
        replicas_to_aggregate,
        total_num_replicas=None,
        variable_averages=None,
        variables_to_average=None,
        use_locking=False,
        name="sync_replicas",
    ):
        if total_num_replicas is None:
            total_num_replicas = replicas_to_aggregate
        super().__init__(use_locking, name)
        self._opt = opt
        self._replicas_to_aggregate = replicas_to_aggregate
        self._total_num_replicas = total_num_replicas
        self._tokens_per_step = max(total_num_replicas, replicas_to_aggregate)
        self._variable_averages, self._variables_to_average = (
            variable_averages,
            variables_to_average,
        )
        self._gradients_applied = False
        self._global_step = self._sync_token_queue = self._chief_queue_runner = None
        self._accumulator_list = []

    def compute_gradients(self, *args, **kwargs):
        """The wrapped optimizer's compute_gradients."""
        return self._opt.compute_gradients(*args, **kwargs)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """The worker's train op: accumulate the gradients, then wait for a token; also builds
        the chief's sync op, its queue runner and init ops."""
        grads_and_vars = list(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("Must supply at least one variable")
        if global_step is None:
            raise ValueError("Global step is required to check staleness")
        self._global_step = global_step
        step_dtype = global_step.dtype.base_dtype
        no_op()  # TF's anchor that the local step is colocated with: in its graph too
        self._local_step = Variable(
            0,
            trainable=False,
            collections=[GraphKeys.LOCAL_VARIABLES],
            dtype=step_dtype,
            name="sync_rep_local_step",
        )
        self.local_step_init_op = state_ops.assign(self._local_step, global_step)
        self.ready_for_local_init_op = report_uninitialized_variables(global_variables())
        with name_scope(None, self._name):
            train_ops, aggregated = self._accumulate(grads_and_vars)
            with name_scope(""):
                update_op = self._opt.apply_gradients(
                    zip(aggregated, [v for _, v in grads_and_vars]), global_step
                )
                train_op = self._token_ops(train_ops, update_op, step_dtype)
            init_ops = [self.local_step_init_op]
            for accum in self._accumulator_list:
                init_ops.append(accum.set_global_step(global_step, name="SetGlobalStep"))
            self.chief_init_op = group(*init_ops)
            self._gradients_applied = True
            return train_op

    def _accumulate(self, grads_and_vars):
        train_ops, aggregated = [], []
        for grad, var in grads_and_vars:
            if grad is None:
                aggregated.append(None)  # passed through
                continue
            shared = var.name + "/grad_accum"
            if is_indexed_slices(grad):
                accum = accumulator_ops.sparse_conditional_accumulator(
                    grad.dtype, shape=(), shared_name=shared
                )
                train_ops.append(accum.apply_indexed_slices_grad(grad, self._local_step))
                aggregated.append(accum.take_indexed_slices_grad(self._replicas_to_aggregate))
            else:
                accum = accumulator_ops.conditional_accumulator(
                    grad.dtype, shape=var.shape, shared_name=shared
                )
                train_ops.append(accum.apply_grad(grad, local_step=self._local_step))
                aggregated.append(accum.take_grad(self._replicas_to_aggregate))
            self._accumulator_list.append(accum)
        return train_ops, aggregated

    def _token_ops(self, train_ops, update_op, step_dtype):
        self._sync_token_queue = FIFOQueue(
            -1, step_dtype, shapes=(), name="sync_token_q", shared_name="sync_token_q"
        )
        dummy_queue = FIFOQueue(
            1, D.int32, shapes=(), name="dummy_queue", shared_name="dummy_queue"
        )
        with control_dependencies(train_ops):
            token = self._sync_token_queue.dequeue()
        train_op = state_ops.assign(self._local_step, token)
        with control_dependencies([update_op]):
            tokens = fill([self._tokens_per_step], self._global_step)
            sync_op = self._sync_token_queue.enqueue_many((tokens,))
        if self._variable_averages is not None:
            with control_dependencies([sync_op]), name_scope(""):
                sync_op = self._variable_averages.apply(self._variables_to_average)
        self._chief_queue_runner = QueueRunner(dummy_queue, [sync_op])
        return train_op

    def get_chief_queue_runner(self):
        """The QueueRunner that runs the sync op (for the chief)."""
        if self._gradients_applied is False:
            raise ValueError("Should be called after apply_gradients().")
        return self._chief_queue_runner

    def get_slot(self, *args, **kwargs):
        """The wrapped optimizer's slot."""
        return self._opt.get_slot(*args, **kwargs)

    def variables(self):
        """The wrapped optimizer's variables."""
        return self._opt.variables()

    def get_slot_names(self, *args, **kwargs):
        """The wrapped optimizer's slot names."""
        return self._opt.get_slot_names(*args, **kwargs)

    def get_init_tokens_op(self, num_tokens=-1):
        """An op putting `num_tokens` (default replicas_to_aggregate) first tokens in the queue."""
        if self._gradients_applied is False:
            raise ValueError("get_init_tokens_op() should be called after apply_gradients().")
        tokens_needed = self._replicas_to_aggregate - self._total_num_replicas
        if num_tokens == -1:
            num_tokens = self._replicas_to_aggregate
        elif num_tokens < tokens_needed:
            raise ValueError(
                f"Too few tokens to finish the first step: {num_tokens:d} (given) vs "
                f"{tokens_needed:d} (needed)"
            )
        if num_tokens <= 0:
            return no_op(name="no_init_tokens")
        with name_scope(""):
            tokens = fill([num_tokens], self._global_step)
            return self._sync_token_queue.enqueue_many((tokens,))

    def make_session_run_hook(self, is_chief, num_tokens=-1):
        """The hook that runs the init ops (and, on the chief, the tokens and queue runner)."""
        return _SyncReplicasOptimizerHook(self, is_chief, num_tokens)


class _SyncReplicasOptimizerHook(SessionRunHook):
    """Runs the local-step init (chief: also the accumulators' global step, the first tokens,
    and starts the sync queue runner) once the session exists."""

    def __init__(self, sync_optimizer, is_chief, num_tokens):
        self._sync_optimizer, self._is_chief, self._num_tokens = (
            sync_optimizer,
            is_chief,
            num_tokens,
        )

    def begin(self):
        opt = self._sync_optimizer
        if opt._gradients_applied is False:
            raise ValueError(
                "SyncReplicasOptimizer.apply_gradient should be called before using the hook."
            )
        self._ready_for_local_init_op = opt.ready_for_local_init_op
        if self._is_chief:
            self._local_init_op = opt.chief_init_op
            self._q_runner = opt.get_chief_queue_runner()
            self._init_tokens_op = opt.get_init_tokens_op(self._num_tokens)
        else:
            self._local_init_op = opt.local_step_init_op
            self._q_runner = self._init_tokens_op = None

    def after_create_session(self, session, coord):
        from tinytf.training.session_manager import _ready

        ready, msg = _ready(
            self._ready_for_local_init_op,
            session,
            "Model is not ready for SyncReplicasOptimizer local init.",
        )
        if not ready:
            raise RuntimeError(
                "Init operations did not make model ready for SyncReplicasOptimizer "
                f"local_init. Init op: {self._local_init_op.name}, error: {msg}"
            )
        session.run(self._local_init_op)
        if self._init_tokens_op is not None:
            session.run(self._init_tokens_op)
        if self._q_runner is not None:
            self._q_runner.create_threads(session, coord=coord, daemon=True, start=True)

"""Optimizer: compute_gradients -> apply_gradients (slots, per-variable update ops, global step)."""

from tinytf.framework import dtypes as D
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.op_def import control_dependencies, convert_to_tensor, name_scope
from tinytf.ops import state_ops
from tinytf.ops.array_ops import zeros_like
from tinytf.ops.control_flow_ops import group
from tinytf.ops.gradients import gradients
from tinytf.ops.indexed_slices import IndexedSlices, is_indexed_slices
from tinytf.ops.init_ops import Constant
from tinytf.ops.variable_scope import get_variable_scope
from tinytf.ops.variables import Variable, trainable_variables


class Optimizer:
    """Base class of the optimizers; subclasses define _create_slots, _prepare, _apply_dense."""

    GATE_NONE, GATE_OP, GATE_GRAPH = 0, 1, 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking, self._name = use_locking, name
        self._slots = {}
        self._non_slots = {}

    def get_name(self):
        return self._name

    def minimize(
        self,
        loss,
        global_step=None,
        var_list=None,
        gate_gradients=GATE_OP,
        aggregation_method=None,
        colocate_gradients_with_ops=False,
        name=None,
        grad_loss=None,
    ):
        """compute_gradients then apply_gradients: the op that takes one training step.

        >>> train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)
        """
        grads_and_vars = self.compute_gradients(loss, var_list=var_list, grad_loss=grad_loss)
        if not [v for g, v in grads_and_vars if g is not None]:
            raise ValueError(
                "No gradients provided for any variable, check your graph for ops that do not "
                f"support gradients, between variables {[v.name for _, v in grads_and_vars]} "
                f"and loss {loss}."
            )
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(
        self,
        loss,
        var_list=None,
        gate_gradients=GATE_OP,
        aggregation_method=None,
        colocate_gradients_with_ops=False,
        grad_loss=None,
    ):
        """[(gradient or None, variable)] for the trainable variables (or `var_list`)."""
        loss = convert_to_tensor(loss)
        var_list = trainable_variables() if var_list is None else list(var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        grads = gradients(loss, var_list, grad_ys=grad_loss)
        return list(zip(grads, var_list))

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """An op that applies the gradients (and increments global_step, if given)."""
        grads_and_vars = [(g, v) for g, v in grads_and_vars]
        var_list = [v for g, v in grads_and_vars if g is not None]
        if not var_list:
            raise ValueError(
                f"No gradients provided for any variable: {[v.name for _, v in grads_and_vars]}."
            )
        with control_dependencies(None):
            self._create_slots(var_list)
        with name_scope(name, self._name) as scope:
            self._prepare()
            updates = []
            for grad, var in grads_and_vars:
                if grad is None:
                    continue
                with name_scope(f"update_{var.op.name}"):
                    updates.append(self._apply_one(grad, var))
            if global_step is None:
                train_op = self._finish(updates, scope)
            else:
                with control_dependencies([self._finish(updates, "update")]):
                    train_op = state_ops.assign_add(global_step, 1, name=scope).op
        get_default_graph().add_to_collection(GraphKeys.TRAIN_OP, train_op)
        return train_op

    def _apply_one(self, grad, var):
        if is_indexed_slices(grad):  # only the rows looked up (TF's sparse path)
            return self._apply_sparse_duplicate_indices(grad, var)
        return self._apply_dense(convert_to_tensor(grad), var)

    def _apply_sparse_duplicate_indices(self, grad, var):
        values, indices = _deduplicate_indexed_slices(grad.values, grad.indices)
        return self._apply_sparse(IndexedSlices(values, indices, grad.dense_shape), var)

    # -- what subclasses define -------------------------------------------------------------
    def _create_slots(self, var_list):
        pass

    def _prepare(self):
        pass

    def _apply_dense(self, grad, var):
        raise NotImplementedError

    def _apply_sparse(self, grad, var):
        raise NotImplementedError

    def _finish(self, update_ops, name_scope):
        return group(*update_ops, name=name_scope)

    # -- slots ---------------------------------------------------------------------------------
    def _slot(self, var, slot_name, op_name, initial=0.0):
        """A non-trainable variable shaped like `var`, named '<var>/<op_name>' as TF does."""
        slots = self._slots.setdefault(slot_name, {})
        if var not in slots:
            scope = get_variable_scope().name  # TF names slots inside the variable scope
            prefix = f"{scope}/" if scope else ""
            with name_scope(None):
                init = (
                    zeros_like(var.initialized_value())
                    if initial == 0.0
                    else Constant(initial, dtype=var.dtype.base_dtype)(var.shape.as_list())
                )
                name = f"{prefix}{var.op.name}/{op_name}"
                slots[var] = Variable(init, trainable=False, name=name)
        return slots[var]

    def _non_slot(self, name, initial, like):
        if name not in self._non_slots:  # in the caller's name scope, as TF's
            self._non_slots[name] = Variable(
                initial, trainable=False, name=name, dtype=like.dtype.base_dtype
            )
        return self._non_slots[name]

    def get_slot(self, var, name):
        return self._slots.get(name, {}).get(var)

    def get_slot_names(self):
        return sorted(self._slots)

    def variables(self):
        found = [v for slots in self._slots.values() for v in slots.values()]
        return list(self._non_slots.values()) + found


def _deduplicate_indexed_slices(values, indices):
    """(rows summed per index, the unique indices in ascending order). TF builds this from
    Unique + UnsortedSegmentSum; tinytf sorts instead (TopKV2), with the same sums."""
    from tinytf.ops import array_ops, math_ops, sequence_ops
    from tinytf.ops.indexing_ops import gather
    from tinytf.ops.nn_ops import top_k
    from tinytf.ops.segment_ops import unsorted_segment_sum

    neg_sorted, order = top_k(-indices, array_ops.size(indices))
    ids = -neg_sorted
    is_new = array_ops.concat([[True], math_ops.not_equal(ids[1:], ids[:-1])], 0)
    segment = sequence_ops.cumsum(math_ops.cast(is_new, D.int32)) - 1
    unique = array_ops.boolean_mask(ids, is_new)
    summed = unsorted_segment_sum(gather(values, order), segment, array_ops.size(unique))
    return summed, unique


def _tensor(value, name, dtype):
    value = value() if callable(value) else value
    return convert_to_tensor(value, dtype=dtype, name=name)

"""The proximal optimizers (forward-backward splitting with L1/L2) and Adagrad dual averaging,
each an Optimizer over its Apply/SparseApply op. As in TF 1.15, the Proximal optimizers pass
their hyperparameters uncast: a float64 variable needs float64 tensors for them."""

from tinytf.framework.graph import colocate_with
from tinytf.framework.op_def import convert_to_tensor
from tinytf.ops import training_ops_extra as extra_ops
from tinytf.ops.array_ops import identity
from tinytf.ops.math_ops import cast
from tinytf.training.optimizer import Optimizer


def _regularizers(opt):
    """The learning rate, L1 and L2 strengths as tensors, made once per apply_gradients."""
    return [
        convert_to_tensor(opt._lr, name="learning_rate"),
        convert_to_tensor(opt._l1, name="l1_regularization_strength"),
        convert_to_tensor(opt._l2, name="l2_regularization_strength"),
    ]


def _check_initial(value, what):
    if value <= 0.0:
        raise ValueError(f"{what} must be positive: {value}")


class ProximalGradientDescentOptimizer(Optimizer):
    """A gradient step, then the proximal step of L1 (soft threshold) and L2 (shrink)."""

    def __init__(
        self,
        learning_rate,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        use_locking=False,
        name="ProximalGradientDescent",
    ):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _prepare(self):
        self._hyper = _regularizers(self)

    def _apply_dense(self, grad, var):
        return extra_ops.ApplyProximalGradientDescent.apply(
            var._ref(), *self._hyper, grad, use_locking=self._use_locking
        ).op

    def _apply_sparse(self, grad, var):
        return extra_ops.SparseApplyProximalGradientDescent.apply(
            var._ref(), *self._hyper, grad.values, grad.indices, use_locking=self._use_locking
        ).op


class ProximalAdagradOptimizer(Optimizer):
    """Adagrad's step size lr / sqrt(accum), then the proximal step of L1 and L2. Slot
    `<var>/ProximalAdagrad` (the accumulator)."""

    def __init__(
        self,
        learning_rate,
        initial_accumulator_value=0.1,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        use_locking=False,
        name="ProximalAdagrad",
    ):
        _check_initial(initial_accumulator_value, "initial_accumulator_value")
        super().__init__(use_locking, name)
        self._lr, self._initial = learning_rate, initial_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _create_slots(self, var_list):
        for v in var_list:
            self._slot(v, "accumulator", self._name, initial=self._initial)

    def _prepare(self):
        self._hyper = _regularizers(self)

    def _apply(self, op, grad, var, *indices):
        accum = self.get_slot(var, "accumulator")
        return op.apply(
            var._ref(), accum._ref(), *self._hyper, grad, *indices, use_locking=self._use_locking
        )

    def _apply_dense(self, grad, var):
        return self._apply(extra_ops.ApplyProximalAdagrad, grad, var)

    def _apply_sparse(self, grad, var):
        return self._apply(extra_ops.SparseApplyProximalAdagrad, grad.values, var, grad.indices)


class AdagradDAOptimizer(Optimizer):
    """Adagrad dual averaging for sparse linear models: the variable is recomputed from the
    gradient sums and global_step (+1), so rows absent from a batch catch up when seen. Slots
    `<var>/AdagradDA` (gradient sum) and `<var>/AdagradDA_1` (squared-gradient sum)."""

    def __init__(
        self,
        learning_rate,
        global_step,
        initial_gradient_squared_accumulator_value=0.1,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        use_locking=False,
        name="AdagradDA",
    ):
        _check_initial(
            initial_gradient_squared_accumulator_value,
            "initial_gradient_squared_accumulator_value",
        )
        super().__init__(use_locking, name)
        self._lr, self._global_step = learning_rate, global_step
        self._initial = initial_gradient_squared_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _create_slots(self, var_list):
        for v in var_list:
            self._slot(v, "gradient_accumulator", self._name)
            self._slot(v, "gradient_squared_accumulator", self._name, initial=self._initial)

    def _prepare(self):
        self._lr_tensor = convert_to_tensor(self._lr, name="learning_rate")
        with colocate_with(self._lr_tensor):
            self._step_on_worker = identity(self._global_step) + 1

    def _apply(self, op, grad, var, *indices):
        dtype = var.dtype.base_dtype
        step = identity(self._step_on_worker)  # int64, as TF's op requires
        return op.apply(
            var._ref(),
            self.get_slot(var, "gradient_accumulator")._ref(),
            self.get_slot(var, "gradient_squared_accumulator")._ref(),
            grad,
            *indices,
            cast(self._lr_tensor, dtype),
            cast(self._l1, dtype),
            cast(self._l2, dtype),
            step,
            use_locking=self._use_locking,
        )

    def _apply_dense(self, grad, var):
        return self._apply(extra_ops.ApplyAdagradDA, grad, var)

    def _apply_sparse(self, grad, var):
        return self._apply(extra_ops.SparseApplyAdagradDA, grad.values, var, grad.indices)

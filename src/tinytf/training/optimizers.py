"""GradientDescent, Momentum, Adam, Adagrad, RMSProp and Ftrl, each an Optimizer over its Apply
op."""

from tinytf.framework.op_def import control_dependencies, name_scope
from tinytf.ops import scatter_ops, sparse_training_ops, state_ops, training_ops
from tinytf.ops.control_flow_ops import group
from tinytf.ops.math_ops import cast, sqrt
from tinytf.training.optimizer import Optimizer, _tensor


class GradientDescentOptimizer(Optimizer):
    """var -= learning_rate * gradient.

    >>> tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    """

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _apply_dense(self, grad, var):
        lr = _tensor(self._learning_rate, "learning_rate", var.dtype.base_dtype)
        return training_ops.ApplyGradientDescent.apply(
            var._ref(), lr, grad, use_locking=self._use_locking
        )

    def _apply_sparse_duplicate_indices(self, grad, var):
        # TF: a ScatterSub of the scaled rows; duplicates add up in the scatter
        lr = _tensor(self._learning_rate, "learning_rate", var.dtype.base_dtype)
        return scatter_ops.scatter_sub(
            var, grad.indices, grad.values * lr, use_locking=self._use_locking
        )


class MomentumOptimizer(Optimizer):
    """accum = momentum * accum + gradient; var -= learning_rate * accum (or Nesterov)."""

    def __init__(
        self, learning_rate, momentum, use_locking=False, name="Momentum", use_nesterov=False
    ):
        super().__init__(use_locking, name)
        self._learning_rate, self._momentum, self._nesterov = learning_rate, momentum, use_nesterov

    def _create_slots(self, var_list):
        for v in var_list:
            self._slot(v, "momentum", self._name)

    def _apply_dense(self, grad, var):
        dtype = var.dtype.base_dtype
        return training_ops.ApplyMomentum.apply(
            var._ref(),
            self.get_slot(var, "momentum")._ref(),
            _tensor(self._learning_rate, "learning_rate", dtype),
            grad,
            _tensor(self._momentum, "momentum", dtype),
            use_locking=self._use_locking,
            use_nesterov=self._nesterov,
        )

    def _apply_sparse(self, grad, var):
        dtype = var.dtype.base_dtype
        return sparse_training_ops.SparseApplyMomentum.apply(
            var._ref(),
            self.get_slot(var, "momentum")._ref(),
            _tensor(self._learning_rate, "learning_rate", dtype),
            grad.values,
            grad.indices,
            _tensor(self._momentum, "momentum", dtype),
            use_locking=self._use_locking,
            use_nesterov=self._nesterov,
        )


class AdamOptimizer(Optimizer):
    """Adam (Kingma & Ba) with TF 1.x's bias correction folded into the learning rate.

    >>> tf.train.AdamOptimizer(1e-4).minimize(cross_entropy)
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta1=0.9,
        beta2=0.999,
        epsilon=1e-8,
        use_locking=False,
        name="Adam",
    ):
        super().__init__(use_locking, name)
        self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon

    def _create_slots(self, var_list):
        first = min(var_list, key=lambda v: v.name)
        self._non_slot("beta1_power", self._beta1, first)
        self._non_slot("beta2_power", self._beta2, first)
        for v in var_list:
            self._slot(v, "m", self._name)
            self._slot(v, "v", self._name)

    def _apply_dense(self, grad, var):
        dtype = var.dtype.base_dtype
        b1p, b2p = self._non_slots["beta1_power"], self._non_slots["beta2_power"]
        return training_ops.ApplyAdam.apply(
            var._ref(),
            self.get_slot(var, "m")._ref(),
            self.get_slot(var, "v")._ref(),
            cast(b1p.value(), dtype),
            cast(b2p.value(), dtype),
            _tensor(self._lr, "learning_rate", dtype),
            _tensor(self._beta1, "beta1", dtype),
            _tensor(self._beta2, "beta2", dtype),
            _tensor(self._epsilon, "epsilon", dtype),
            grad,
            use_locking=self._use_locking,
        )

    def _apply_sparse(self, grad, var):
        # TF 1.15's non-lazy sparse Adam: every row's moments decay, the rows looked up get
        # their gradient added (ScatterAdd), and the whole variable moves.
        dtype = var.dtype.base_dtype
        b1p, b2p = self._non_slots["beta1_power"], self._non_slots["beta2_power"]
        b1p, b2p = cast(b1p.value(), dtype), cast(b2p.value(), dtype)
        lr_t, eps = _tensor(self._lr, "learning_rate", dtype), _tensor(self._epsilon, "eps", dtype)
        b1, b2 = _tensor(self._beta1, "beta1", dtype), _tensor(self._beta2, "beta2", dtype)
        lr = lr_t * sqrt(1 - b2p) / (1 - b1p)
        m_t = self._decay_and_add(self.get_slot(var, "m"), b1, grad, grad.values * (1 - b1))
        v_t = self._decay_and_add(
            self.get_slot(var, "v"), b2, grad, (grad.values * grad.values) * (1 - b2)
        )
        update = state_ops.assign_sub(
            var, lr * m_t / (sqrt(v_t) + eps), use_locking=self._use_locking
        )
        return group(update, m_t, v_t)

    def _decay_and_add(self, slot, beta, grad, scaled):
        decayed = state_ops.assign(slot, slot * beta, use_locking=self._use_locking)
        with control_dependencies([decayed]):
            return scatter_ops.scatter_add(
                slot, grad.indices, scaled, use_locking=self._use_locking
            )

    def _finish(self, update_ops, scope):
        b1p, b2p = self._non_slots["beta1_power"], self._non_slots["beta2_power"]
        with control_dependencies(update_ops), name_scope(None):
            update_b1 = b1p.assign(b1p.value() * self._beta1, use_locking=self._use_locking)
            update_b2 = b2p.assign(b2p.value() * self._beta2, use_locking=self._use_locking)
        return super()._finish(update_ops + [update_b1, update_b2], scope)


class AdagradOptimizer(Optimizer):
    """accum += gradient ** 2; var -= learning_rate * gradient / sqrt(accum)."""

    def __init__(
        self, learning_rate, initial_accumulator_value=0.1, use_locking=False, name="Adagrad"
    ):
        if initial_accumulator_value <= 0.0:
            raise ValueError(
                f"initial_accumulator_value must be positive: {initial_accumulator_value}"
            )
        super().__init__(use_locking, name)
        self._lr, self._initial = learning_rate, initial_accumulator_value

    def _create_slots(self, var_list):
        for v in var_list:
            self._slot(v, "accumulator", self._name, initial=self._initial)

    def _apply_dense(self, grad, var):
        return training_ops.ApplyAdagrad.apply(
            var._ref(),
            self.get_slot(var, "accumulator")._ref(),
            _tensor(self._lr, "learning_rate", var.dtype.base_dtype),
            grad,
            use_locking=self._use_locking,
        )

    def _apply_sparse(self, grad, var):
        return sparse_training_ops.SparseApplyAdagrad.apply(
            var._ref(),
            self.get_slot(var, "accumulator")._ref(),
            _tensor(self._lr, "learning_rate", var.dtype.base_dtype),
            grad.values,
            grad.indices,
            use_locking=self._use_locking,
        )


class RMSPropOptimizer(Optimizer):
    """ms = decay * ms + (1 - decay) * g**2; mom = momentum * mom + lr * g / sqrt(ms + eps);
    var -= mom. The ms slot starts at 1, as in TF 1.x."""

    def __init__(
        self,
        learning_rate,
        decay=0.9,
        momentum=0.0,
        epsilon=1e-10,
        use_locking=False,
        centered=False,
        name="RMSProp",
    ):
        if centered:
            raise NotImplementedError("centered RMSProp is not implemented in tinytf yet")
        super().__init__(use_locking, name)
        self._lr, self._decay, self._momentum, self._epsilon = (
            learning_rate,
            decay,
            momentum,
            epsilon,
        )

    def _create_slots(self, var_list):
        for v in var_list:
            self._slot(v, "rms", self._name, initial=1.0)
            self._slot(v, "momentum", self._name)

    def _apply_dense(self, grad, var):
        dtype = var.dtype.base_dtype
        return training_ops.ApplyRMSProp.apply(
            var._ref(),
            self.get_slot(var, "rms")._ref(),
            self.get_slot(var, "momentum")._ref(),
            _tensor(self._lr, "learning_rate", dtype),
            _tensor(self._decay, "decay", dtype),
            _tensor(self._momentum, "momentum", dtype),
            _tensor(self._epsilon, "epsilon", dtype),
            grad,
            use_locking=self._use_locking,
        )

    def _apply_sparse(self, grad, var):
        dtype = var.dtype.base_dtype
        return sparse_training_ops.SparseApplyRMSProp.apply(
            var._ref(),
            self.get_slot(var, "rms")._ref(),
            self.get_slot(var, "momentum")._ref(),
            _tensor(self._lr, "learning_rate", dtype),
            _tensor(self._decay, "decay", dtype),
            _tensor(self._momentum, "momentum", dtype),
            _tensor(self._epsilon, "epsilon", dtype),
            grad.values,
            grad.indices,
            use_locking=self._use_locking,
        )


class FtrlOptimizer(Optimizer):
    """FTRL-proximal (McMahan et al.), the default optimizer of tf.estimator's linear models.
    Slots: the accumulator (`<var>/Ftrl`) and the linear term (`<var>/Ftrl_1`)."""

    def __init__(
        self,
        learning_rate,
        learning_rate_power=-0.5,
        initial_accumulator_value=0.1,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        use_locking=False,
        name="Ftrl",
        accum_name=None,
        linear_name=None,
        l2_shrinkage_regularization_strength=0.0,
    ):
        if initial_accumulator_value < 0.0:
            raise ValueError(
                f"initial_accumulator_value {initial_accumulator_value} needs to be "
                "positive or zero"
            )
        if learning_rate_power > 0.0:
            raise ValueError(
                f"learning_rate_power {learning_rate_power} needs to be negative or zero"
            )
        if l2_shrinkage_regularization_strength:
            raise NotImplementedError("tinytf's Ftrl has no l2_shrinkage_regularization_strength")
        super().__init__(use_locking, name)
        self._lr, self._lr_power = learning_rate, learning_rate_power
        self._initial = initial_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength
        self._accum_name, self._linear_name = accum_name, linear_name

    def _create_slots(self, var_list):
        for v in var_list:
            self._slot(v, "accum", self._accum_name or self._name, initial=self._initial)
            self._slot(v, "linear", self._linear_name or self._name)

    def _apply_dense(self, grad, var):
        dtype = var.dtype.base_dtype
        return training_ops.ApplyFtrl.apply(
            var._ref(),
            self.get_slot(var, "accum")._ref(),
            self.get_slot(var, "linear")._ref(),
            grad,
            _tensor(self._lr, "learning_rate", dtype),
            _tensor(self._l1, "l1_regularization_strength", dtype),
            _tensor(self._l2, "l2_regularization_strength", dtype),
            _tensor(self._lr_power, "learning_rate_power", dtype),
            use_locking=self._use_locking,
        )

    def _apply_sparse(self, grad, var):
        dtype = var.dtype.base_dtype
        return sparse_training_ops.SparseApplyFtrl.apply(
            var._ref(),
            self.get_slot(var, "accum")._ref(),
            self.get_slot(var, "linear")._ref(),
            grad.values,
            grad.indices,
            _tensor(self._lr, "learning_rate", dtype),
            _tensor(self._l1, "l1_regularization_strength", dtype),
            _tensor(self._l2, "l2_regularization_strength", dtype),
            _tensor(self._lr_power, "learning_rate_power", dtype),
            use_locking=self._use_locking,
        )

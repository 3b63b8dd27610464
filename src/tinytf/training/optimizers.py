"""GradientDescent, Momentum, Adam, Adagrad, Adadelta, RMSProp and Ftrl, each an Optimizer over
its Apply op (and its SparseApply op for IndexedSlices gradients)."""

from tinytf.framework.op_def import control_dependencies, convert_to_tensor, name_scope
from tinytf.ops import scatter_ops, sparse_training_ops, state_ops, training_ops
from tinytf.ops import training_ops_extra as extra_ops
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
    var -= mom. The ms slot starts at 1, as in TF 1.x. centered: the mean gradient mg is
    tracked too and ms - mg**2 replaces ms."""

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
        super().__init__(use_locking, name)
        self._lr, self._decay, self._momentum, self._epsilon = (
            learning_rate,
            decay,
            momentum,
            epsilon,
        )
        self._centered = centered

    def _create_slots(self, var_list):
        for v in var_list:
            self._slot(v, "rms", self._name, initial=1.0)
            if self._centered:  # created between rms and momentum: <var>/RMSProp_1
                self._slot(v, "mg", self._name)
            self._slot(v, "momentum", self._name)

    def _apply(self, grad, var, plain_op, centered_op, *sparse):
        dtype = var.dtype.base_dtype
        slots = [self.get_slot(var, n)._ref() for n in ("rms", "momentum")]
        if self._centered:
            slots.insert(0, self.get_slot(var, "mg")._ref())
        return (centered_op if self._centered else plain_op).apply(
            var._ref(),
            *slots,
            _tensor(self._lr, "learning_rate", dtype),
            _tensor(self._decay, "decay", dtype),
            _tensor(self._momentum, "momentum", dtype),
            _tensor(self._epsilon, "epsilon", dtype),
            grad,
            *sparse,
            use_locking=self._use_locking,
        )

    def _apply_dense(self, grad, var):
        return self._apply(grad, var, training_ops.ApplyRMSProp, extra_ops.ApplyCenteredRMSProp)

    def _apply_sparse(self, grad, var):
        return self._apply(
            grad.values,
            var,
            sparse_training_ops.SparseApplyRMSProp,
            extra_ops.SparseApplyCenteredRMSProp,
            grad.indices,
        )


class FtrlOptimizer(Optimizer):
    """FTRL-proximal (McMahan et al.), the default optimizer of tf.estimator's linear models.
    Slots: the accumulator (`<var>/Ftrl`) and the linear term (`<var>/Ftrl_1`). With
    l2_shrinkage_regularization_strength > 0 the ops are ApplyFtrlV2/SparseApplyFtrlV2; on
    IndexedSlices only the rows in the gradient change."""

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
        super().__init__(use_locking, name)
        for value, what, sign in (
            (initial_accumulator_value, "initial_accumulator_value", "positive"),
            (-learning_rate_power, "learning_rate_power", "negative"),
            (l1_regularization_strength, "l1_regularization_strength", "positive"),
            (l2_regularization_strength, "l2_regularization_strength", "positive"),
            (
                l2_shrinkage_regularization_strength,
                "l2_shrinkage_regularization_strength",
                "positive",
            ),
        ):
            if value < 0.0:
                shown = -value if sign == "negative" else value
                raise ValueError(f"{what} {shown:f} needs to be {sign} or zero")
        self._lr, self._lr_power = learning_rate, learning_rate_power
        self._initial = initial_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength
        self._shrinkage = l2_shrinkage_regularization_strength
        self._accum_name, self._linear_name = accum_name, linear_name

    def _create_slots(self, var_list):
        for v in var_list:
            self._slot(v, "accum", self._accum_name or self._name, initial=self._initial)
            self._slot(v, "linear", self._linear_name or self._name)

    def _apply(self, grad, var, indices=None):
        dtype = var.dtype.base_dtype
        lr = _tensor(self._lr, "learning_rate", dtype)
        l1 = _tensor(self._l1, "l1_regularization_strength", dtype)
        l2 = _tensor(self._l2, "l2_regularization_strength", dtype)
        power = _tensor(self._lr_power, "learning_rate_power", dtype)
        regularizers = [lr, l1, l2, power]
        if self._shrinkage > 0.0:
            shrink = _tensor(self._shrinkage, "l2_shrinkage_regularization_strength", dtype)
            regularizers.insert(3, shrink)
        sparse = indices is not None
        op = {
            (False, False): training_ops.ApplyFtrl,
            (True, False): sparse_training_ops.SparseApplyFtrl,
            (False, True): extra_ops.ApplyFtrlV2,
            (True, True): extra_ops.SparseApplyFtrlV2,
        }[sparse, self._shrinkage > 0.0]
        return op.apply(
            var._ref(),
            self.get_slot(var, "accum")._ref(),
            self.get_slot(var, "linear")._ref(),
            grad,
            *([indices] if sparse else []),
            *regularizers,
            use_locking=self._use_locking,
        )

    def _apply_dense(self, grad, var):
        return self._apply(grad, var)

    def _apply_sparse(self, grad, var):
        return self._apply(grad.values, var, grad.indices)


class AdadeltaOptimizer(Optimizer):
    """Adadelta (Zeiler): accum and accum_update, running averages of the squared gradients and
    updates, scale each step. Slots `<var>/Adadelta` and `<var>/Adadelta_1`.

    >>> tf.train.AdadeltaOptimizer(1.0, rho=0.95).minimize(loss)
    """

    def __init__(
        self, learning_rate=0.001, rho=0.95, epsilon=1e-8, use_locking=False, name="Adadelta"
    ):
        super().__init__(use_locking, name)
        self._lr, self._rho, self._epsilon = learning_rate, rho, epsilon

    def _create_slots(self, var_list):
        for v in var_list:
            self._slot(v, "accum", self._name)
            self._slot(v, "accum_update", self._name)

    def _prepare(self):
        self._hyper = [
            convert_to_tensor(_call(value), name=name)
            for value, name in ((self._lr, "lr"), (self._rho, "rho"), (self._epsilon, "epsilon"))
        ]

    def _apply(self, op, grad, var, *indices):
        dtype = var.dtype.base_dtype
        return op.apply(
            var._ref(),
            self.get_slot(var, "accum")._ref(),
            self.get_slot(var, "accum_update")._ref(),
            *[cast(h, dtype) for h in self._hyper],
            grad,
            *indices,
            use_locking=self._use_locking,
        )

    def _apply_dense(self, grad, var):
        return self._apply(extra_ops.ApplyAdadelta, grad, var)

    def _apply_sparse(self, grad, var):
        return self._apply(extra_ops.SparseApplyAdadelta, grad.values, var, grad.indices)


def _call(value):
    return value() if callable(value) else value

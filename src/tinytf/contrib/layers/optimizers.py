"""tf.contrib.layers.optimize_loss: a train op from a loss in one call (optimizer by name, class,
instance or function; learning-rate variable and decay; gradient noise, multipliers and
clipping; TF's summaries), evaluating to the loss."""

from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.op_def import convert_to_tensor
from tinytf.framework.ops import Tensor
from tinytf.ops import check_ops, clip_ops, init_ops, math_ops, random_ops, summary_ops
from tinytf.ops import variable_scope as vs
from tinytf.ops.indexed_slices import IndexedSlices
from tinytf.ops.variables import trainable_variables
from tinytf.training import optimizers as train
from tinytf.training import training_util
from tinytf.training.optimizer import Optimizer

OPTIMIZER_CLS_NAMES = {
    "Adagrad": train.AdagradOptimizer,
    "Adam": train.AdamOptimizer,
    "Ftrl": train.FtrlOptimizer,
    "Momentum": lambda learning_rate: train.MomentumOptimizer(learning_rate, momentum=0.9),
    "RMSProp": train.RMSPropOptimizer,
    "SGD": train.GradientDescentOptimizer,
}
OPTIMIZER_SUMMARIES = [
    "learning_rate",
    "loss",
    "gradients",
    "gradient_norm",
    "global_gradient_norm",
]


def _learning_rate(learning_rate):
    if isinstance(learning_rate, Tensor) and learning_rate.shape.ndims == 0:
        return learning_rate
    if isinstance(learning_rate, float):
        if learning_rate < 0.0:
            raise ValueError("Invalid learning_rate %s.", learning_rate)
        return vs.get_variable(
            "learning_rate", [], trainable=False,
            initializer=init_ops.constant_initializer(learning_rate),
        )
    raise ValueError(
        "Learning rate should be 0d Tensor or float. "
        f"Got {learning_rate} of type {type(learning_rate)}"
    )


def _make_optimizer(optimizer, lr, learning_rate):
    if isinstance(optimizer, str):
        if lr is None:
            raise ValueError(
                "Learning rate is None, but should be specified if optimizer is string "
                f"({optimizer})."
            )
        if optimizer not in OPTIMIZER_CLS_NAMES:
            raise ValueError(
                f"Optimizer name should be one of [{', '.join(OPTIMIZER_CLS_NAMES)}], you "
                f"provided {optimizer}."
            )
        return OPTIMIZER_CLS_NAMES[optimizer](learning_rate=lr)
    if isinstance(optimizer, type) and issubclass(optimizer, Optimizer):
        if lr is None:
            raise ValueError(
                "Learning rate is None, but should be specified if optimizer is class "
                f"({optimizer})."
            )
        return optimizer(learning_rate=lr)
    if isinstance(optimizer, Optimizer):
        return optimizer
    if callable(optimizer):
        opt = optimizer(lr) if learning_rate is not None else optimizer()
        if not isinstance(opt, Optimizer):
            raise ValueError(
                "Unrecognized optimizer: function should return subclass of Optimizer. "
                f"Got {opt}."
            )
        return opt
    raise ValueError(
        "Unrecognized optimizer: should be string, subclass of Optimizer, instance of "
        f"subclass of Optimizer or function with one argument. Got {optimizer}."
    )


def _values(gradient):
    return gradient.values if isinstance(gradient, IndexedSlices) else gradient


def _add_scaled_noise_to_gradients(grads_and_vars, gradient_noise_scale):
    noisy = []
    for gradient, variable in grads_and_vars:
        if gradient is not None:
            shape = (gradient.dense_shape if isinstance(gradient, IndexedSlices)
                     else gradient.shape)
            gradient = gradient + random_ops.truncated_normal(shape) * gradient_noise_scale
        noisy.append((gradient, variable))
    return noisy


def _multiply_gradients(grads_and_vars, gradient_multipliers):
    multiplied = []
    for grad, var in grads_and_vars:
        key = var if var in gradient_multipliers else var.name
        if grad is not None and key in gradient_multipliers:
            multiplier = gradient_multipliers[key]
            if isinstance(grad, IndexedSlices):
                grad = IndexedSlices(grad.values * multiplier, grad.indices, grad.dense_shape)
            else:
                grad = grad * math_ops.cast(multiplier, grad.dtype)
        multiplied.append((grad, var))
    return multiplied


def _clip(gradients, clip_gradients):
    if isinstance(clip_gradients, float):
        grads, variables = zip(*gradients)
        clipped, _ = clip_ops.clip_by_global_norm(grads, clip_gradients)
        return list(zip(clipped, variables))
    if callable(clip_gradients):
        return clip_gradients(gradients)
    if clip_gradients is not None:
        raise ValueError(f"Unknown type {type(clip_gradients)} for clip_gradients")
    return gradients


def _check_summaries(summaries):
    if summaries is None:
        return ["loss", "learning_rate", "global_gradient_norm"]
    for summ in summaries:
        if summ not in OPTIMIZER_SUMMARIES:
            raise ValueError(
                f"Summaries should be one of [{', '.join(OPTIMIZER_SUMMARIES)}], you provided "
                f"{summ}."
            )
    return summaries


def _gradient_summaries(gradients, summaries):
    for gradient, variable in gradients:
        values = _values(gradient)
        if values is not None:
            var_name = variable.name.replace(":", "_")
            if "gradients" in summaries:
                summary_ops.histogram(f"gradients/{var_name}", values)
            if "gradient_norm" in summaries:
                summary_ops.scalar(f"gradient_norm/{var_name}", clip_ops.global_norm([values]))


def _global_norm_summary(name, gradients, summaries):
    if "global_gradient_norm" in summaries or "gradient_norm" in summaries:
        summary_ops.scalar(name, clip_ops.global_norm(list(zip(*gradients))[0]))


def optimize_loss(loss, global_step, learning_rate, optimizer, gradient_noise_scale=None,
                  gradient_multipliers=None, clip_gradients=None, learning_rate_decay_fn=None,
                  update_ops=None, variables=None, name=None, summaries=None,
                  colocate_gradients_with_ops=False, increment_global_step=True):
    """A tensor that runs one training step (after UPDATE_OPS) and evaluates to the loss.

    >>> train_op = tf.contrib.layers.optimize_loss(loss, tf.train.get_or_create_global_step(),
    ...                                            learning_rate=0.1, optimizer="SGD")
    """
    loss = convert_to_tensor(loss)
    check_ops.assert_scalar(loss)
    if global_step is None:
        global_step = training_util.get_global_step()
    else:
        training_util.assert_global_step(global_step)
    with vs.variable_scope(name, "OptimizeLoss", [loss, global_step]):
        if update_ops is None:
            update_ops = get_default_graph().get_collection(GraphKeys.UPDATE_OPS)
        if update_ops:
            loss = check_ops.with_dependencies(list(update_ops), loss)
        lr = _learning_rate(learning_rate) if learning_rate is not None else None
        summaries = _check_summaries(summaries)
        if learning_rate is not None and learning_rate_decay_fn is not None:
            if global_step is None:
                raise ValueError("global_step is required for learning_rate_decay_fn.")
            lr = learning_rate_decay_fn(lr, global_step)
            if "learning_rate" in summaries:
                summary_ops.scalar("learning_rate", lr)
        opt = _make_optimizer(optimizer, lr, learning_rate)
        if variables is None:
            variables = trainable_variables()
        gradients = opt.compute_gradients(
            loss, variables, colocate_gradients_with_ops=colocate_gradients_with_ops
        )
        if gradient_noise_scale is not None:
            gradients = _add_scaled_noise_to_gradients(gradients, gradient_noise_scale)
        if gradient_multipliers is not None:
            gradients = _multiply_gradients(gradients, gradient_multipliers)
            if not gradients:
                raise ValueError(
                    "Empty list of (gradient, var) pairs encountered. This is most likely to "
                    "be caused by an improper value of gradient_multipliers."
                )
        _global_norm_summary("global_norm/gradient_norm", gradients, summaries)
        gradients = _clip(gradients, clip_gradients)
        if "loss" in summaries:
            summary_ops.scalar("loss", loss)
        _gradient_summaries(gradients, summaries)
        if clip_gradients is not None:
            _global_norm_summary("global_norm/clipped_gradient_norm", gradients, summaries)
        grad_updates = opt.apply_gradients(
            gradients, global_step=global_step if increment_global_step else None, name="train"
        )
        return check_ops.with_dependencies([grad_updates], loss)

"""The learning-rate schedules of tf.train besides exponential_decay, as TF 1.x defines them
(p = global_step / decay_steps, floored when staircase):

    piecewise_constant   values[i] for boundaries[i-1] < x <= boundaries[i]
    polynomial_decay     (lr - end) * (1 - p) ** power + end   (p capped at 1, or cycling)
    natural_exp_decay    lr * exp(-decay_rate * p)
    inverse_time_decay   lr / (1 + decay_rate * p)
    cosine_decay         lr * ((1 - alpha) * (1 + cos(pi * p)) / 2 + alpha)   (p capped at 1)
"""

import math

from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import math_ops


def _progress(learning_rate, global_step, decay_steps, staircase=False):
    if global_step is None:
        raise ValueError("global_step is required for this learning rate decay.")
    lr = convert_to_tensor(learning_rate, name="learning_rate")
    dtype = lr.dtype.base_dtype
    p = math_ops.cast(global_step, dtype) / math_ops.cast(decay_steps, dtype)
    return lr, dtype, (math_ops.floor(p) if staircase else p)


def piecewise_constant(x, boundaries, values, name=None):
    """values[0] while x <= boundaries[0], values[1] while x <= boundaries[1], ...,
    values[-1] after the last boundary."""
    if len(values) != len(boundaries) + 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")
    with name_scope(name, "PiecewiseConstant", [x]) as scope:
        x = convert_to_tensor(x)
        values = [convert_to_tensor(v) for v in values]
        result = values[-1]
        for b, v in zip(reversed(boundaries), reversed(values[:-1])):
            result = math_ops.where(x <= math_ops.cast(b, x.dtype.base_dtype), v, result)
        return math_ops.add(result, math_ops.cast(0, result.dtype), name=scope)


def polynomial_decay(
    learning_rate,
    global_step,
    decay_steps,
    end_learning_rate=0.0001,
    power=1.0,
    cycle=False,
    name=None,
):
    """From learning_rate to end_learning_rate over decay_steps along (1 - p) ** power."""
    with name_scope(name, "PolynomialDecay", [learning_rate, global_step]) as scope:
        lr, dtype, _ = _progress(learning_rate, global_step, decay_steps)
        step = math_ops.cast(global_step, dtype)
        steps = math_ops.cast(decay_steps, dtype)
        if cycle:  # restart every decay_steps, stretching to the next multiple
            cycles = math_ops.where(
                math_ops.equal(step, 0.0), math_ops.cast(1.0, dtype), math_ops.ceil(step / steps)
            )
            steps = steps * cycles
        else:
            step = math_ops.minimum(step, steps)
        end = math_ops.cast(end_learning_rate, dtype)
        fraction = math_ops.pow(1.0 - step / steps, math_ops.cast(power, dtype))
        return math_ops.add((lr - end) * fraction, end, name=scope)


def natural_exp_decay(
    learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None
):
    """learning_rate * exp(-decay_rate * p)."""
    with name_scope(name, "NaturalExpDecay", [learning_rate, global_step]) as scope:
        lr, dtype, p = _progress(learning_rate, global_step, decay_steps, staircase)
        rate = math_ops.exp(-math_ops.cast(decay_rate, dtype) * p)
        return math_ops.multiply(lr, rate, name=scope)


def inverse_time_decay(
    learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None
):
    """learning_rate / (1 + decay_rate * p)."""
    with name_scope(name, "InverseTimeDecay", [learning_rate, global_step]) as scope:
        lr, dtype, p = _progress(learning_rate, global_step, decay_steps, staircase)
        return math_ops.divide(lr, 1.0 + math_ops.cast(decay_rate, dtype) * p, name=scope)


def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """learning_rate along half a cosine to alpha * learning_rate at decay_steps, then flat."""
    with name_scope(name, "CosineDecay", [learning_rate, global_step]) as scope:
        lr, dtype, p = _progress(learning_rate, global_step, decay_steps)
        p = math_ops.minimum(p, 1.0)
        cosine = 0.5 * (1.0 + math_ops.cos(math.pi * p))
        return math_ops.multiply(lr, (1.0 - alpha) * cosine + alpha, name=scope)

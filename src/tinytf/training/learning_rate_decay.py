"""The learning-rate schedules of tf.train besides exponential_decay, as TF 1.x defines them
(p = global_step / decay_steps, floored when staircase):

    piecewise_constant   values[i] for boundaries[i-1] < x <= boundaries[i]
    polynomial_decay     (lr - end) * (1 - p) ** power + end   (p capped at 1, or cycling)
    natural_exp_decay    lr * exp(-decay_rate * p)
    inverse_time_decay   lr / (1 + decay_rate * p)
    cosine_decay         lr * ((1 - alpha) * (1 + cos(pi * p)) / 2 + alpha)   (p capped at 1)
    cosine_decay_restarts, linear_cosine_decay, noisy_linear_cosine_decay (see each)
"""

import math

from tinytf.framework import dtypes
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import math_ops
from tinytf.ops.constant_op import constant


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
        boundaries = [_boundary(b, x.dtype.base_dtype) for b in boundaries]
        values = [convert_to_tensor(v) for v in values]
        for v in values[1:]:
            if v.dtype.base_dtype != values[0].dtype.base_dtype:
                raise ValueError(
                    "Values must have elements all with the same dtype "
                    f"({_shown(values[0].dtype)} vs {_shown(v.dtype)})."
                )
        result = values[-1]
        for b, v in zip(reversed(boundaries), reversed(values[:-1])):
            result = math_ops.where(x <= b, v, result)
        return math_ops.add(result, math_ops.cast(0, result.dtype), name=scope)


def _boundary(b, dtype):
    """b as a tensor of x's dtype: only int32 is promoted (to int64), as in TF."""
    b = convert_to_tensor(b)
    if b.dtype.base_dtype == dtype:
        return b
    if b.dtype.base_dtype == dtypes.int32 and dtype == dtypes.int64:
        return math_ops.cast(b, dtype)
    raise ValueError(
        f"Boundaries ({_shown(b.dtype)}) must have the same dtype as x ({_shown(dtype)})."
    )


def _shown(dtype):
    return f"<dtype: '{dtype.base_dtype.name}'>"  # TF 1.15's repr of a DType


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
            if dtype != dtypes.float32:  # TF 1.15's tf.cond there mixes in a float32 1.0
                raise ValueError(
                    "Outputs of true_fn and false_fn must have the same type: "
                    f"float32, {dtype.name}"
                )
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
    # TF 1.15 computes it as an ExponentialDecay (of rate exp(-decay_rate)), named so
    with name_scope(name, "ExponentialDecay", [learning_rate, global_step]) as scope:
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
        return math_ops.multiply(lr, (1.0 - alpha) * _half_cosine(p) + alpha, name=scope)


piecewise_constant_decay = piecewise_constant


def _schedule_inputs(learning_rate, global_step, *values):
    """(lr, the step as lr's dtype, each value cast to it), as TF's schedules convert them."""
    if global_step is None:  # what TF's conversion of None says
        raise ValueError("None values not supported.")
    lr = convert_to_tensor(learning_rate, name="learning_rate")
    dtype = lr.dtype.base_dtype
    step = math_ops.cast(global_step, dtype)
    return (lr, step) + tuple(math_ops.cast(v, dtype) for v in values)


def _half_cosine(fraction):
    # TF's pi is a float32 constant: a float64 schedule fails in Mul, as in TF 1.15
    return 0.5 * (1.0 + math_ops.cos(constant(math.pi) * fraction))


def cosine_decay_restarts(
    learning_rate, global_step, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0, name=None
):
    """SGDR: cosine decay that restarts after first_decay_steps, each period t_mul times longer
    and m_mul times lower; alpha * learning_rate is the floor."""
    with name_scope(name, "SGDRDecay", [learning_rate, global_step]) as scope:
        lr, step, steps, alpha, t_mul, m_mul = _schedule_inputs(
            learning_rate, global_step, first_decay_steps, alpha, t_mul, m_mul
        )
        fraction = step / steps
        # geometric periods: restart i begins at (1 - t_mul**i) / (1 - t_mul) periods
        i_geometric = math_ops.floor(
            math_ops.log(1.0 - fraction * (1.0 - t_mul)) / math_ops.log(t_mul)
        )
        sum_r = (1.0 - t_mul**i_geometric) / (1.0 - t_mul)
        flat = math_ops.equal(t_mul, 1.0)
        i_restart = math_ops.where(flat, math_ops.floor(fraction), i_geometric)
        fraction = math_ops.where(
            flat, fraction - math_ops.floor(fraction), (fraction - sum_r) / t_mul**i_geometric
        )
        cosine = m_mul**i_restart * _half_cosine(fraction)
        return math_ops.multiply(lr, (1 - alpha) * cosine + alpha, name=scope)


def _linear_cosine(lr, step, steps, num_periods, alpha, beta, linear):
    fraction = 2.0 * num_periods * (step / steps)
    return (alpha + linear) * _half_cosine(fraction) + beta


def linear_cosine_decay(
    learning_rate, global_step, decay_steps, num_periods=0.5, alpha=0.0, beta=0.001, name=None
):
    """learning_rate * ((alpha + linear) * cosine + beta): linear falls from 1 to 0 over
    decay_steps, cosine makes num_periods periods."""
    with name_scope(name, "LinearCosineDecay", [learning_rate, global_step]) as scope:
        lr, step, steps, periods, alpha, beta = _schedule_inputs(
            learning_rate, global_step, decay_steps, num_periods, alpha, beta
        )
        step = math_ops.minimum(step, steps)
        decayed = _linear_cosine(lr, step, steps, periods, alpha, beta, (steps - step) / steps)
        return math_ops.multiply(lr, decayed, name=scope)


def noisy_linear_cosine_decay(
    learning_rate,
    global_step,
    decay_steps,
    initial_variance=1.0,
    variance_decay=0.55,
    num_periods=0.5,
    alpha=0.0,
    beta=0.001,
    name=None,
):
    """linear_cosine_decay with Gaussian noise of variance
    initial_variance / (1 + step) ** variance_decay added to the linear term."""
    from tinytf.ops.random_ops import random_normal

    with name_scope(name, "NoisyLinearCosineDecay", [learning_rate, global_step]) as scope:
        lr, step, steps, variance0, variance_decay, periods, alpha, beta = _schedule_inputs(
            learning_rate,
            global_step,
            decay_steps,
            initial_variance,
            variance_decay,
            num_periods,
            alpha,
            beta,
        )
        step = math_ops.minimum(step, steps)
        std = math_ops.sqrt(variance0 / math_ops.pow(1.0 + step, variance_decay))
        linear = (steps - step) / steps
        noisy = linear + random_normal(linear.shape, stddev=std)
        decayed = _linear_cosine(lr, step, steps, periods, alpha, beta, noisy)
        return math_ops.multiply(lr, decayed, name=scope)

"""tf.contrib.layers' weight regularizers: functions weights -> scalar loss, for get_variable's
and tf.layers' `*_regularizer` arguments."""

import numbers

from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import math_ops, nn_ops, reduction_ops


def _check_scale(scale):
    if isinstance(scale, numbers.Integral):
        raise ValueError(f"scale cannot be an integer: {scale}")
    if isinstance(scale, numbers.Real) and scale < 0.0:
        raise ValueError(f"Setting a scale less than 0 on a regularizer: {scale}")
    return scale


def _regularizer(scale, scope, default_name, penalty):
    if _check_scale(scale) == 0.0:
        return lambda _: None

    def regularize(weights):
        with name_scope(scope, default_name, [weights]) as name:
            s = convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return math_ops.multiply(s, penalty(weights), name=name)

    return regularize


def l2_regularizer(scale, scope=None):
    """scale * sum(w ** 2) / 2 (tf.nn.l2_loss); None when scale is 0."""
    return _regularizer(scale, scope, "l2_regularizer", nn_ops.l2_loss)


def l1_regularizer(scale, scope=None):
    """scale * sum(|w|); None when scale is 0."""
    return _regularizer(
        scale, scope, "l1_regularizer", lambda w: reduction_ops.reduce_sum(math_ops.abs(w))
    )


def l1_l2_regularizer(scale_l1=1.0, scale_l2=1.0, scope=None):
    """The sum of an l1 and an l2 regularizer."""
    l1, l2 = l1_regularizer(scale_l1), l2_regularizer(scale_l2)

    def l1_l2(weights):
        with name_scope(scope, "l1_l2_regularizer", [weights]) as name:
            terms = [t for t in (l1(weights), l2(weights)) if t is not None]
            return math_ops.add_n(terms, name=name) if terms else None

    return l1_l2


def sum_regularizer(regularizer_list, scope=None):
    """The sum of the given regularizers (the None ones left out); None if none is left."""
    regularizer_list = [reg for reg in regularizer_list if reg is not None]
    if not regularizer_list:
        return None

    def sum_reg(weights):
        with name_scope(scope, "sum_regularizer", [weights]) as name:
            tensors = [t for t in (reg(weights) for reg in regularizer_list) if t is not None]
            return math_ops.add_n(tensors, name=name) if tensors else None

    return sum_reg


def apply_regularization(regularizer, weights_list=None):
    """The sum of `regularizer` over `weights_list` (default: tf.GraphKeys.WEIGHTS), added to
    REGULARIZATION_LOSSES."""
    from tinytf.framework.graph import GraphKeys, get_default_graph
    from tinytf.ops.constant_op import constant

    graph = get_default_graph()
    if not weights_list:
        weights_list = graph.get_collection(GraphKeys.WEIGHTS)
    if not weights_list:
        raise ValueError("No weights to regularize.")
    with name_scope("get_regularization_penalty", values=weights_list) as scope:
        penalties = [regularizer(w) for w in weights_list]
        penalties = [p if p is not None else constant(0.0) for p in penalties]
        for p in penalties:
            if p.shape.ndims != 0:
                raise ValueError(
                    "regularizer must return a scalar Tensor instead of a Tensor with rank "
                    f"{p.shape.ndims}."
                )
        summed_penalty = math_ops.add_n(penalties, name=scope)
        graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, summed_penalty)
        return summed_penalty

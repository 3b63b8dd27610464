"""What every tf.metrics function shares (TF's metrics_impl.py helpers, confusion_matrix's
remove_squeezable_dimensions and weights_broadcast_ops): the local accumulator variables, the
collections, squeezing labels/predictions/weights to one rank and broadcasting weights."""

import numpy as np

from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.op_def import control_dependencies, convert_to_tensor, name_scope
from tinytf.ops import array_ops, math_ops, reduction_ops
from tinytf.ops.check_ops import Assert_
from tinytf.ops.cond import cond
from tinytf.ops.shape_util import constant_value
from tinytf.ops.variables import Variable

_NOT_BROADCASTABLE = "weights can not be broadcast to values."


def metric_variable(shape, dtype, validate_shape=True, name=None):
    """A zero-initialized local variable that accumulates a metric."""
    return Variable(
        lambda: array_ops.zeros(shape, dtype),
        trainable=False,
        collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES],
        validate_shape=validate_shape,
        name=name,
    )


def collect(value, update, metrics_collections, updates_collections):
    """Adds value and update op to the collections named; returns (value, update)."""
    graph = get_default_graph()
    if metrics_collections:
        graph.add_to_collections(metrics_collections, value)
    if updates_collections:
        graph.add_to_collections(updates_collections, update)
    return value, update


def _squeeze_last_if(tensor, condition):
    return cond(condition, lambda: array_ops.squeeze(tensor, [-1]), lambda: tensor)


def remove_squeezable_dimensions(labels, predictions, expected_rank_diff=0, name=None):
    """TF's confusion_matrix.remove_squeezable_dimensions: squeezes the last dimension of the
    one of higher rank when the ranks differ from expected_rank_diff by exactly one."""
    with name_scope(name, "remove_squeezable_dimensions", [labels, predictions]):
        predictions, labels = convert_to_tensor(predictions), convert_to_tensor(labels)
        p_rank, l_rank = predictions.shape.ndims, labels.shape.ndims
        if l_rank is not None and p_rank is not None:
            # TF squeezes on the ranks alone: a last dimension other than 1 fails in Squeeze
            if p_rank - l_rank == expected_rank_diff + 1:
                predictions = array_ops.squeeze(predictions, [-1])
            elif p_rank - l_rank == expected_rank_diff - 1:
                labels = array_ops.squeeze(labels, [-1])
            return labels, predictions
        rank_diff = array_ops.rank(predictions) - array_ops.rank(labels)
        if p_rank is None or predictions.shape.dims[-1].is_compatible_with(1):
            predictions = _squeeze_last_if(
                predictions, math_ops.equal(expected_rank_diff + 1, rank_diff)
            )
        if l_rank is None or labels.shape.dims[-1].is_compatible_with(1):
            labels = _squeeze_last_if(labels, math_ops.equal(expected_rank_diff - 1, rank_diff))
        return labels, predictions


def _match_weights_rank(weights, predictions):
    """Weights with one dimension more or less than predictions lose or gain the last one."""
    w_rank, p_rank = weights.shape.ndims, predictions.shape.ndims
    if p_rank is not None and w_rank is not None:
        if w_rank - p_rank == 1:
            return array_ops.squeeze(weights, [-1])
        if p_rank - w_rank == 1:
            return array_ops.expand_dims(weights, [-1])
        return weights
    w_rank_t = array_ops.rank(weights)
    diff = w_rank_t - array_ops.rank(predictions)

    def expand():
        return cond(
            math_ops.equal(diff, -1), lambda: array_ops.expand_dims(weights, [-1]), lambda: weights
        )

    if w_rank is not None and not weights.shape.dims[-1].is_compatible_with(1):
        squeeze = lambda: weights  # noqa: E731 - a squeeze that the static shape rules out
    else:
        squeeze = lambda: array_ops.squeeze(weights, [-1])  # noqa: E731
    adjust = lambda: cond(math_ops.equal(diff, 1), squeeze, expand)  # noqa: E731
    return cond(math_ops.equal(w_rank_t, 0), lambda: weights, adjust)


def remove_squeezable(predictions, labels, weights):
    """TF's metrics _remove_squeezable_dimensions: (predictions, labels, weights) brought to
    one rank (labels may be None; scalar weights stay as they are)."""
    predictions = convert_to_tensor(predictions)
    if labels is not None:
        labels, predictions = remove_squeezable_dimensions(labels, predictions)
        predictions.shape.assert_is_compatible_with(labels.shape)
    if weights is None:
        return predictions, labels, None
    weights = convert_to_tensor(weights)
    if weights.shape.ndims == 0:
        return predictions, labels, weights
    return predictions, labels, _match_weights_rank(weights, predictions)


def _static_check(weights, values, w_rank, v_rank):
    """TF's build-time verdict where ranks (and shapes) are known: True, or a ValueError."""
    if w_rank != v_rank:
        raise ValueError(
            f"{_NOT_BROADCASTABLE} values.rank={v_rank}. weights.rank={w_rank}."
            f" values.shape={values.shape}. weights.shape={weights.shape}."
        )
    w_shape, v_shape = (
        constant_value(array_ops.shape(weights)),
        constant_value(array_ops.shape(values)),
    )
    if w_shape is None or v_shape is None:
        return False
    for i, (w, v) in enumerate(zip(w_shape, v_shape)):
        if w not in (1, v):
            raise ValueError(
                f"{_NOT_BROADCASTABLE} Mismatch at dim {i}. values.shape={np.asarray(v_shape)}"
                f" weights.shape={np.asarray(w_shape)}."
            )
    return True


def assert_broadcastable(weights, values):
    """TF's weights_broadcast_ops.assert_broadcastable: weights are a scalar or have the rank
    of values with each dimension 1 or that of values; a ValueError where the static shapes
    decide it, else an Assert op failing the run."""
    with name_scope(None, "assert_broadcastable", (weights, values)) as scope:
        weights, values = convert_to_tensor(weights), convert_to_tensor(values)
        w_shape, v_shape = array_ops.shape(weights), array_ops.shape(values)
        w_rank, v_rank = array_ops.rank(weights), array_ops.rank(values)
        w_static, v_static = weights.shape.ndims, values.shape.ndims
        if w_static == 0 or (
            w_static is not None
            and v_static is not None
            and _static_check(weights, values, w_static, v_static)
        ):
            from tinytf.ops.control_flow_ops import no_op

            return no_op(name="static_check_success")
        is_scalar = math_ops.equal(0, w_rank, name="is_scalar")

        def valid_dims():
            ok = math_ops.logical_or(math_ops.equal(w_shape, 1), math_ops.equal(w_shape, v_shape))
            return reduction_ops.reduce_all(ok)

        def same_rank_and_dims():
            same = math_ops.equal(v_rank, w_rank)
            return cond(same, valid_dims, lambda: same)

        valid = cond(is_scalar, lambda: is_scalar, same_rank_and_dims, name="is_valid_shape")
        data = [_NOT_BROADCASTABLE, "weights.shape=", weights.name, w_shape,
                "values.shape=", values.name, v_shape, "is_scalar=", is_scalar]  # fmt: skip
        return Assert_(valid, data, name=scope)


def broadcast_weights(weights, values):
    """TF's weights_broadcast_ops.broadcast_weights: weights * ones_like(values), checked."""
    with name_scope(None, "broadcast_weights", (weights, values)) as scope:
        values = convert_to_tensor(values, name="values")
        weights = convert_to_tensor(weights, dtype=values.dtype.base_dtype, name="weights")
        w_shape, v_shape = weights.shape, values.shape
        if w_shape.is_fully_defined() and v_shape.is_fully_defined():
            if w_shape.is_compatible_with(v_shape):
                return weights
        with control_dependencies((assert_broadcastable(weights, values),)):
            return math_ops.multiply(weights, array_ops.ones_like(values), name=scope)

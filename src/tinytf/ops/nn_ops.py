"""Neural-network ops (tf.nn). The training issue adds the rest; softmax is needed now."""

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import OpDef, TensorSpec, convert_to_tensor, name_scope, register_op
from tinytf.ops import shape_util
from tinytf.ops.array_ops import transpose
from tinytf.ops.reduction_ops import reduce_sum


@register_op
class Softmax(OpDef):
    """exp(logits) / sum(exp(logits)) over the last dimension (computed stably)."""

    inputs = ("logits",)
    allowed = D.FLOATS

    def infer(logits):
        return TensorSpec(shape_util.with_rank_at_least(logits.shape, 1), logits.dtype)

    def kernel(xp, logits):
        e = xp.exp(logits - xp.max(logits, axis=-1, keepdims=True))
        return e / xp.sum(e, axis=-1, keepdims=True)

    def grad(op, dy):
        y = op.outputs[0]
        return (dy - reduce_sum(dy * y, -1, keepdims=True)) * y


def softmax(logits, axis=None, name=None, dim=None):
    """Softmax over `axis` (default: the last).

    >>> y = tf.nn.softmax(tf.matmul(x, W) + b)
    """
    axis = axis if axis is not None else (dim if dim is not None else -1)
    logits = convert_to_tensor(logits, name="logits")
    rank = logits.shape.ndims
    if axis in (-1, None) or (rank is not None and axis == rank - 1):
        return Softmax.apply(logits, name=name)
    if rank is None:
        raise ValueError("softmax over a non-last axis needs a tensor of known rank in tinytf.")
    axis %= rank
    perm = list(range(rank))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    with name_scope(name, "Softmax", [logits]) as scope:
        return transpose(Softmax.apply(transpose(logits, perm)), perm, name=scope)

"""tf.clip_by_value, clip_by_norm, global_norm and clip_by_global_norm (gradient clipping), as
compositions of ops, with TF 1.x's op names.

    grads, norm = tf.clip_by_global_norm(tf.gradients(loss, params), 5.0)
"""

from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import array_ops, math_ops, nn_ops, reduction_ops
from tinytf.ops.indexed_slices import IndexedSlices, is_indexed_slices


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """t with every element limited to [clip_value_min, clip_value_max]."""
    with name_scope(name, "clip_by_value", [t, clip_value_min, clip_value_max]) as scope:
        t = convert_to_tensor(t, name="t")
        t_min = math_ops.minimum(t, clip_value_max)
        return math_ops.maximum(t_min, clip_value_min, name=scope)


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """t * clip_norm / max(l2norm(t), clip_norm): its L2 norm (over `axes`) at most clip_norm."""
    with name_scope(name, "clip_by_norm", [t, clip_norm]) as scope:
        t = convert_to_tensor(t, name="t")
        l2sum = reduction_ops.reduce_sum(t * t, axes, keepdims=True)
        positive = l2sum > 0
        safe = math_ops.where(positive, l2sum, array_ops.ones_like(l2sum))  # no NaN gradient
        l2norm = math_ops.where(positive, math_ops.sqrt(safe), l2sum)
        clip = math_ops.cast(clip_norm, t.dtype)
        return array_ops.identity(t * clip / math_ops.maximum(l2norm, clip), name=scope)


def global_norm(t_list, name=None):
    """sqrt(sum of the squares of all elements of all tensors in t_list (None skipped))."""
    tensors = [convert_to_tensor(_values(t)) for t in t_list if t is not None]
    with name_scope(name, "global_norm", tensors) as scope:
        half_squares = [nn_ops.l2_loss(t) for t in tensors]
        total = reduction_ops.reduce_sum(array_ops.stack(half_squares))
        return math_ops.sqrt(total * 2.0, name=scope.rstrip("/").rsplit("/", 1)[-1])


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """(t_list scaled by clip_norm / max(global_norm, clip_norm), the global norm): every
    tensor scaled alike, None entries kept."""
    if not isinstance(t_list, (list, tuple)):
        raise TypeError("t_list should be a sequence")
    t_list = list(t_list)
    with name_scope(name, "clip_by_global_norm", [t for t in t_list if t is not None]) as scope:
        norm = global_norm(t_list, "global_norm") if use_norm is None else use_norm
        clip = convert_to_tensor(clip_norm, norm.dtype, name="clip_norm")
        scale = clip * math_ops.minimum(1.0 / norm, 1.0 / clip)
        clipped = [
            None
            if t is None
            else array_ops.identity(
                convert_to_tensor(_values(t))
                * math_ops.cast(scale, convert_to_tensor(_values(t)).dtype),
                name=f"{scope}_{i}",
            )  # TF's clip_by_global_norm/clip_by_global_norm/_0
            for i, t in enumerate(t_list)
        ]
        return [_like(c, t) for c, t in zip(clipped, t_list)], norm


def _values(t):
    """An IndexedSlices' rows (its norm is theirs), else t itself."""
    return t.values if is_indexed_slices(t) else t


def _like(clipped, t):
    return IndexedSlices(clipped, t.indices, t.dense_shape) if is_indexed_slices(t) else clipped

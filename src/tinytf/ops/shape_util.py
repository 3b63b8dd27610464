"""Helpers for shape rules: broadcasting, and the build-time value of small constant tensors
(TF's constant_value / constant_value_as_shape), which reshape, fill and friends need."""

import numpy as np

from tinytf.framework.errors import ShapeError
from tinytf.framework.tensor_shape import Dimension, TensorShape, unknown_shape

_FOLD_LIMIT = 1000  # elements: larger constants are not evaluated at build time


def broadcast_shape(a, b):
    """The static shape of broadcasting shapes a and b (NumPy/TF rules)."""
    if a.ndims is None or b.ndims is None:
        return unknown_shape()
    da, db = a.as_list(), b.as_list()
    n = max(len(da), len(db))
    da, db = [1] * (n - len(da)) + da, [1] * (n - len(db)) + db
    out = []
    for x, y in zip(da, db):
        if x == 1:
            out.append(y)
        elif y == 1:
            out.append(x)
        elif x is None or y is None:
            out.append(x if y is None else y)
        elif x != y:
            raise ShapeError(f"Dimensions must be equal, but are {x} and {y}")
        else:
            out.append(x)
    return TensorShape(out)


def merge_shapes(shapes):
    """All `shapes` merged into one (equal ranks and dims), with TF 1.x's messages."""
    result = unknown_shape()
    for s in shapes:
        result = merge_pair(result, s)
    return result


def merge_pair(a, b):
    if a.ndims is None:
        return b
    if b.ndims is None:
        return a
    if a.ndims != b.ndims:
        raise ShapeError(f"Shapes must be equal rank, but are {a.ndims} and {b.ndims}")
    dims = []
    for i, (x, y) in enumerate(zip(a.as_list(), b.as_list())):
        if x is not None and y is not None and x != y:
            raise ShapeError(
                f"Dimension {i} in both shapes must be equal, but are {x} and {y}. "
                f"Shapes are {a._debug()} and {b._debug()}."
            )
        dims.append(x if x is not None else y)
    return TensorShape(dims)


def with_rank(shape, rank):
    if shape.ndims is None:
        return unknown_shape(rank)
    if shape.ndims != rank:
        raise ShapeError(f"Shape must be rank {rank} but is rank {shape.ndims}")
    return shape


def with_rank_at_least(shape, rank):
    if shape.ndims is not None and shape.ndims < rank:
        raise ShapeError(f"Shape must be at least rank {rank} but is rank {shape.ndims}")
    return shape


def merge_dim(x, y):
    if x is not None and y is not None and x != y:
        raise ShapeError(f"Dimensions must be equal, but are {x} and {y}")
    return x if x is not None else y


def normalize_axis(axis, rank, what="dimension"):
    if rank is not None and not -rank <= axis < max(rank, 1):
        raise ShapeError(f"Invalid {what} {axis} for input with {rank} dimensions")
    return axis + rank if axis < 0 and rank is not None else axis


def constant_value(tensor):
    """The value of `tensor` if it can be known when the graph is built, else None."""
    op = tensor.op
    if op.type == "Const":
        return op.get_attr("value")
    if op.type in ("Shape", "Size", "Rank"):
        return _shape_like_value(op)
    opdef = op._opdef
    if opdef.stateful or not opdef.foldable or op.control_inputs or len(op.outputs) != 1:
        return None
    if op.type == "PlaceholderWithDefault":
        return None  # its default may be fed over
    values = [constant_value(t) for t in op.inputs]
    if any(v is None or np.size(v) > _FOLD_LIMIT for v in values):
        return None
    try:
        with np.errstate(all="ignore"):
            return np.asarray(opdef.kernel(np, *values, **op._attrs))
    except Exception:
        return None  # the runtime reports the failure, naming the op


def _shape_like_value(op):
    shape = op.inputs[0].shape
    if op.type == "Rank":
        return None if shape.ndims is None else np.int32(shape.ndims)
    if not shape.is_fully_defined():
        return None
    np_type = op.get_attr("out_type").as_numpy_dtype
    if op.type == "Shape":
        return np.array(shape.as_list(), dtype=np_type)
    return np.array(shape.num_elements(), dtype=np_type)


def constant_value_as_shape(tensor):
    """A TensorShape for a 1-D shape tensor; unknown entries (or -1) become None."""
    value = constant_value(tensor)
    if value is not None:
        value = np.asarray(value)
        if value.ndim == 0:
            return TensorShape([None if value < 0 else int(value)])
        return TensorShape([None if v < 0 else int(v) for v in value.tolist()])
    op = tensor.op
    if op.type == "Shape":
        return op.inputs[0].shape
    if op.type == "Pack":
        dims = []
        for t in op.inputs:
            v = constant_value(t)
            dims.append(None if v is None or int(v) < 0 else int(v))
        return TensorShape(dims)
    if op.type == "ConcatV2":
        result = TensorShape([])
        for t in op.inputs[:-1]:
            result = result.concatenate(constant_value_as_shape(t))
        return result
    if op.type == "StridedSlice":
        sliced = _sliced_shape(op)
        if sliced is not None:
            return sliced
    n = tensor.shape[0].value if tensor.shape.ndims == 1 else None
    return unknown_shape(n)


def _sliced_shape(op):
    """TF's partial shape of shape[begin:end:stride] (constant bounds, no other masks)."""
    bounds = [constant_value(t) for t in op.inputs[1:]]
    if any(b is None for b in bounds):
        return None
    begin, end, stride = (int(np.asarray(b).reshape(-1)[0]) for b in bounds)
    masks = {k: op.get_attr(k + "_mask") for k in ("begin", "end", "ellipsis", "new_axis")}
    if op.get_attr("shrink_axis_mask") or masks["ellipsis"] or masks["new_axis"]:
        return None
    if masks["begin"] not in (0, 1) or masks["end"] not in (0, 1):
        return None
    prev = constant_value_as_shape(op.inputs[0])
    if prev.ndims is None or stride == 0:
        return None
    begin = None if masks["begin"] else begin
    end = None if masks["end"] else end
    return TensorShape(prev.dims[begin:end:stride])


def dims_of(shape):
    """Dimension values as a list, or None for unknown rank."""
    return None if shape.ndims is None else shape.as_list()


def known(d):
    return d.value if isinstance(d, Dimension) else d

"""Scatters: TF's ref ops that update rows of a Variable in place (Scatter{Update,Add,Sub,Mul,
Div,Min,Max}, ScatterNd{Update,Add,Sub}) and the functional TensorScatter{Update,Add,Sub}.
Every index is checked before anything is written, so a bad index leaves the variable whole."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    name_scope,
    register_op,
)
from tinytf.ops import array_ops, math_ops, shape_util
from tinytf.ops.sequence_ops import gather_nd
from tinytf.ops.state_ops import _read, _ref


def _dims(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def _combine(kind, out, index, rows):
    """out[index] (op)= rows, duplicates applied one after another."""
    if kind == "update":
        out[index] = rows
    elif kind == "div" and out.dtype.kind in "iu":  # integer division truncates, as C++ does
        count = len(index[0]) if isinstance(index, tuple) else len(index)
        rows = np.broadcast_to(rows, (count,) + out[_at(index, 0)].shape)
        for j in range(count):
            at = _at(index, j)
            out[at] = np.trunc(out[at] / rows[j]).astype(out.dtype)
    else:
        _UFUNCS[kind].at(out, index, rows)


def _at(index, j):
    return tuple(int(a[j]) for a in index) if isinstance(index, tuple) else int(index[j])


_UFUNCS = {
    "add": np.add,
    "sub": np.subtract,
    "mul": np.multiply,
    "div": np.divide,
    "min": np.minimum,
    "max": np.maximum,
}


# -- row scatters on a variable ------------------------------------------------------------------
class _Scatter(OpDef):
    inputs = ("ref", "indices", "updates")
    type_inputs = ("ref", "updates")
    attrs = {"use_locking": False}
    ref_inputs = (0,)
    stateful = True
    allowed = D.NUMBERS
    kind = None

    @classmethod
    def infer(cls, ref, indices, updates, *, use_locking):
        _check_ref(cls, ref)
        _check_indices_dtype(indices)
        if updates.shape.ndims != 0 and ref.shape.ndims is not None:
            if indices.shape.ndims is not None:
                want = indices.shape.concatenate(ref.shape[1:])
                shape_util.merge_pair(updates.shape, want)
        return TensorSpec(ref.shape, ref.dtype)

    @classmethod
    def kernel(cls, xp, ref, indices, updates, *, ctx, op, use_locking):
        var = _read(ctx, ref)
        flat = np.reshape(indices, -1)
        n = var.shape[0]
        bad = np.flatnonzero((flat < 0) | (flat >= n))
        if bad.size:
            k = int(bad[0])
            raise InvalidArgumentError(None, None, f"indices[{k}] = {flat[k]} is not in [0, {n})")
        want = tuple(np.shape(indices)) + var.shape[1:]
        if np.ndim(updates) and np.shape(updates) != want:
            raise InvalidArgumentError(
                None,
                None,
                "Must have updates.shape = indices.shape + params.shape[1:] or updates.shape = "
                f"[], got updates.shape {_dims(np.shape(updates))}, indices.shape "
                f"{_dims(np.shape(indices))}, params.shape {_dims(var.shape)}",
            )
        rows = np.reshape(updates, (flat.size,) + var.shape[1:]) if np.ndim(updates) else updates
        _combine(cls.kind, var, flat, rows)
        return var


def _check_ref(cls, ref):
    if not ref.dtype._is_ref:
        raise TypeError(
            f"'{cls.type_name}' Op requires that input 'ref' be a mutable tensor "
            "(e.g.: a tf.Variable)"
        )


def _check_indices_dtype(indices):
    if indices.dtype.base_dtype not in (D.int32, D.int64):
        raise TypeError(
            f"Value passed to parameter 'indices' has DataType {indices.dtype.base_dtype.name} "
            "not in list of allowed values: int32, int64"
        )


def _scatter_op(name, kind, allowed, use_locking=False):
    body = {
        "kind": kind,
        "allowed": allowed,
        "attrs": {"use_locking": use_locking},
        "__doc__": f"ref[indices] {kind} updates, in place on the variable (TF op {name}).",
    }
    return register_op(type(name, (_Scatter,), body))


_REAL = frozenset({D.float16, D.float32, D.float64, D.int32, D.int64})
ScatterUpdate = _scatter_op("ScatterUpdate", "update", None, use_locking=True)
ScatterAdd = _scatter_op("ScatterAdd", "add", D.NUMBERS)
ScatterSub = _scatter_op("ScatterSub", "sub", D.NUMBERS)
ScatterMul = _scatter_op("ScatterMul", "mul", D.NUMBERS)
ScatterDiv = _scatter_op("ScatterDiv", "div", D.NUMBERS)
ScatterMin = _scatter_op("ScatterMin", "min", _REAL)
ScatterMax = _scatter_op("ScatterMax", "max", _REAL)


# -- n-d scatters --------------------------------------------------------------------------------
def _nd_index(indices, shape):
    """The NumPy index of the rows `indices` [..., k] address in a tensor of `shape`, checked."""
    k = np.shape(indices)[-1]
    flat = np.reshape(indices, (-1, k))
    bad = np.flatnonzero(np.any((flat < 0) | (flat >= np.asarray(shape[:k])), axis=1))
    if bad.size:
        j = int(bad[0])
        index = "[" + ", ".join(str(i) for i in flat[j]) + "]"
        raise InvalidArgumentError(
            None, None, f"indices[{j}] = {index} does not index into shape {_dims(shape)}"
        )
    return tuple(flat.T), flat.shape[0]


def _nd_rows(updates, count, shape, k):
    want = (count,) + tuple(shape[k:])
    if np.ndim(updates) == 0:
        return updates
    if int(np.prod(np.shape(updates))) != int(np.prod(want)):
        raise InvalidArgumentError(
            None, None, f"Must have updates.shape = indices.shape[:-1] + params.shape[{k}:]"
        )
    return np.reshape(updates, want)


def _nd_infer(target, indices, updates):
    _check_indices_dtype(indices)
    ish, tsh = indices.shape, target.shape
    if ish.ndims is None or tsh.ndims is None or updates.shape.ndims in (None, 0):
        return
    k = ish.as_list()[-1]
    if k is None:
        return
    if k > tsh.ndims:
        raise ValueError(
            f"Dimensions [{k},{k}) of input[shape={_dims(tsh.as_list())}] = [] must match "
            f"dimensions [0,{k}) of updates[shape={_dims(updates.shape.as_list())}]"
        )
    shape_util.merge_pair(updates.shape, ish[:-1].concatenate(tsh[k:]))


class _ScatterNd(OpDef):
    inputs = ("ref", "indices", "updates")
    type_inputs = ("ref", "updates")
    attrs = {"use_locking": False}
    ref_inputs = (0,)
    stateful = True
    kind = None

    @classmethod
    def infer(cls, ref, indices, updates, *, use_locking):
        _check_ref(cls, ref)
        _nd_infer(ref, indices, updates)
        return TensorSpec(ref.shape, ref.dtype)

    @classmethod
    def kernel(cls, xp, ref, indices, updates, *, ctx, op, use_locking):
        var = _read(ctx, ref)
        index, count = _nd_index(indices, var.shape)
        _combine(cls.kind, var, index, _nd_rows(updates, count, var.shape, np.shape(indices)[-1]))
        return var


def _scatter_nd_op(name, kind, allowed, use_locking=False):
    body = {
        "kind": kind,
        "allowed": allowed,
        "attrs": {"use_locking": use_locking},
        "__doc__": f"ref[indices] {kind} updates (n-d indices), in place (TF op {name}).",
    }
    return register_op(type(name, (_ScatterNd,), body))


ScatterNdUpdate = _scatter_nd_op("ScatterNdUpdate", "update", None, use_locking=True)
ScatterNdAdd = _scatter_nd_op("ScatterNdAdd", "add", D.NUMBERS)
ScatterNdSub = _scatter_nd_op("ScatterNdSub", "sub", D.NUMBERS)


class _TensorScatter(OpDef):
    inputs = ("tensor", "indices", "updates")
    type_inputs = ("tensor", "updates")
    kind = None

    def infer(tensor, indices, updates):
        _nd_infer(tensor, indices, updates)
        return TensorSpec(tensor.shape, tensor.dtype)

    @classmethod
    def kernel(cls, xp, tensor, indices, updates):
        out = xp.array(tensor, copy=True)
        index, count = _nd_index(indices, out.shape)
        _combine(cls.kind, out, index, _nd_rows(updates, count, out.shape, np.shape(indices)[-1]))
        return out


@register_op
class TensorScatterUpdate(_TensorScatter):
    """A copy of `tensor` with the rows at n-d `indices` replaced by `updates`."""

    kind = "update"

    def grad(op, dy):
        indices = op.inputs[1]
        updates_grad = gather_nd(dy, indices)
        tensor_grad = tensor_scatter_update(dy, indices, array_ops.zeros_like(updates_grad))
        return tensor_grad, None, updates_grad


@register_op
class TensorScatterAdd(_TensorScatter):
    """A copy of `tensor` with `updates` added at n-d `indices`."""

    allowed = D.NUMBERS
    kind = "add"

    def grad(op, dy):
        return dy, None, gather_nd(dy, op.inputs[1])


@register_op
class TensorScatterSub(_TensorScatter):
    """A copy of `tensor` with `updates` subtracted at n-d `indices`."""

    allowed = D.NUMBERS
    kind = "sub"

    def grad(op, dy):
        return dy, None, -gather_nd(dy, op.inputs[1])


# TF registers no gradient for the in-place scatters (state_grad.py: NotDifferentiable).
for _name in (
    "ScatterAdd",
    "ScatterSub",
    "ScatterMul",
    "ScatterDiv",
    "ScatterNdUpdate",
    "ScatterNdAdd",
    "ScatterNdSub",
):
    NotDifferentiable(_name)


# -- public wrappers -----------------------------------------------------------------------------
def _apply(opdef, ref, indices, updates, use_locking, name):
    return opdef.apply(
        _ref(ref), indices, updates, name=name or opdef.type_name, use_locking=bool(use_locking)
    )


def scatter_update(ref, indices, updates, use_locking=True, name=None):
    """ref[indices] = updates, in place; returns the variable's ref."""
    return _apply(ScatterUpdate, ref, indices, updates, use_locking, name)


def scatter_add(ref, indices, updates, use_locking=False, name=None):
    """ref[indices] += updates (duplicates add up), in place; returns the ref."""
    return _apply(ScatterAdd, ref, indices, updates, use_locking, name)


def scatter_sub(ref, indices, updates, use_locking=False, name=None):
    """ref[indices] -= updates (duplicates add up), in place; returns the ref."""
    return _apply(ScatterSub, ref, indices, updates, use_locking, name)


def scatter_mul(ref, indices, updates, use_locking=False, name=None):
    """ref[indices] *= updates, in place; returns the ref."""
    return _apply(ScatterMul, ref, indices, updates, use_locking, name)


def scatter_div(ref, indices, updates, use_locking=False, name=None):
    """ref[indices] /= updates, in place; returns the ref."""
    return _apply(ScatterDiv, ref, indices, updates, use_locking, name)


def scatter_min(ref, indices, updates, use_locking=False, name=None):
    """ref[indices] = min(ref[indices], updates), in place; returns the ref."""
    return _apply(ScatterMin, ref, indices, updates, use_locking, name)


def scatter_max(ref, indices, updates, use_locking=False, name=None):
    """ref[indices] = max(ref[indices], updates), in place; returns the ref."""
    return _apply(ScatterMax, ref, indices, updates, use_locking, name)


def scatter_nd_update(ref, indices, updates, use_locking=True, name=None):
    """ref[indices[..., :k]] = updates, in place; returns the ref."""
    return _apply(ScatterNdUpdate, ref, indices, updates, use_locking, name)


def scatter_nd_add(ref, indices, updates, use_locking=False, name=None):
    """ref[indices[..., :k]] += updates, in place; returns the ref."""
    return _apply(ScatterNdAdd, ref, indices, updates, use_locking, name)


def scatter_nd_sub(ref, indices, updates, use_locking=False, name=None):
    """ref[indices[..., :k]] -= updates, in place; returns the ref."""
    return _apply(ScatterNdSub, ref, indices, updates, use_locking, name)


def tensor_scatter_update(tensor, indices, updates, name=None):
    """A copy of `tensor` with the slices at n-d `indices` replaced by `updates`."""
    return TensorScatterUpdate.apply(tensor, indices, updates, name=name)


def tensor_scatter_add(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` added at n-d `indices`."""
    return TensorScatterAdd.apply(tensor, indices, updates, name=name)


def tensor_scatter_sub(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` subtracted at n-d `indices`."""
    return TensorScatterSub.apply(tensor, indices, updates, name=name)


def batch_scatter_update(ref, indices, updates, use_locking=True, name=None):
    """ref[i..., indices[i..., j]] = updates[i..., j] over the leading (batch) dims of indices."""
    with name_scope(name):
        indices = convert_to_tensor(indices, name="indices")
        ndims = indices.shape.ndims
        if ndims is None:
            raise ValueError("batch_gather does not allow indices with unknown shape.")
        shape = array_ops.shape(indices)
        nd = array_ops.expand_dims(indices, -1)
        parts = []
        for dim in range(ndims - 1):  # the coordinates of each leading dim, from a range
            grid_shape = [1] * (ndims + 1)
            grid_shape[dim] = shape[dim]
            grid = array_ops.reshape(math_ops.range(0, shape[dim], 1), array_ops.stack(grid_shape))
            if grid.dtype.base_dtype != nd.dtype.base_dtype:
                grid = math_ops.cast(grid, nd.dtype)
            parts.append(grid * array_ops.ones_like(nd))
        final = array_ops.concat(parts + [nd], -1)
        return scatter_nd_update(ref, final, updates, use_locking=use_locking)

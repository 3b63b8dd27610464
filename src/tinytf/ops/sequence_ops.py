"""Cumulative sums and products, reversal, gather_nd/scatter_nd, sequence_mask and meshgrid."""

import builtins

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import OpDef, TensorSpec, convert_to_tensor, name_scope, register_op
from tinytf.framework.tensor_shape import unknown_shape
from tinytf.ops import array_ops, math_ops, reduction_ops, shape_util


def _scan(xp, fn, identity, x, axis, exclusive, reverse):
    axis = int(axis) % x.ndim
    if reverse:
        x = xp.flip(x, axis=axis)
    out = fn(x, axis=axis)
    if exclusive:  # shifted by one, starting from the identity (0 for sums, 1 for products)
        pad = xp.full_like(xp.take(out, [0], axis=axis), identity)
        out = xp.concat(
            [pad, xp.take(out, builtins.range(out.shape[axis] - 1), axis=axis)], axis=axis
        )
    return xp.flip(out, axis=axis) if reverse else out


def _keeping_dtype(fn):
    """NumPy's cumsum/cumprod widen small integers to int64; TF keeps the input's dtype."""
    return lambda x, axis: fn(x, axis=axis, dtype=x.dtype)


class _Scan(OpDef):
    inputs = ("x", "axis")
    type_inputs = ("x",)
    attrs = {"exclusive": False, "reverse": False}
    allowed = D.NUMBERS

    def infer(x, axis, *, exclusive, reverse):
        shape_util.with_rank(axis.shape, 0)
        return TensorSpec(x.shape, x.dtype)


@register_op
class Cumsum(_Scan):
    """Running sums along `axis` (exclusive: without the current element; reverse: from the
    end)."""

    def kernel(xp, x, axis, *, exclusive, reverse):
        return _scan(xp, _keeping_dtype(np.cumsum), 0, x, axis, exclusive, reverse)

    def grad(op, dy):
        exclusive, reverse = op.get_attr("exclusive"), op.get_attr("reverse")
        return cumsum(dy, op.inputs[1], exclusive=exclusive, reverse=not reverse), None


@register_op
class Cumprod(_Scan):
    """Running products along `axis`."""

    def kernel(xp, x, axis, *, exclusive, reverse):
        return _scan(xp, _keeping_dtype(np.cumprod), 1, x, axis, exclusive, reverse)

    def grad(op, dy):  # TF's formula: exact where x has no zeros
        x, axis = op.inputs
        exclusive, reverse = op.get_attr("exclusive"), op.get_attr("reverse")
        prod = cumprod(x, axis, exclusive=exclusive, reverse=reverse)
        out = cumsum(prod * dy, axis, exclusive=exclusive, reverse=not reverse)
        return out / x, None


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative sum along `axis`: [a, b, c] -> [a, a + b, a + b + c]."""
    return Cumsum.apply(x, axis, name=name or "Cumsum", exclusive=exclusive, reverse=reverse)


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative product along `axis`: [a, b, c] -> [a, a * b, a * b * c]."""
    return Cumprod.apply(x, axis, name=name or "Cumprod", exclusive=exclusive, reverse=reverse)


@register_op
class ReverseV2(OpDef):
    """`tensor` with the order along each of `axis` reversed."""

    inputs = ("tensor", "axis")
    type_inputs = ("tensor",)
    aliases_input = True

    def infer(x, axis):
        return TensorSpec(x.shape, x.dtype)

    def kernel(xp, x, axis):
        return xp.flip(x, axis=tuple(int(a) % x.ndim for a in np.ravel(axis))) if x.ndim else x

    def grad(op, dy):
        return reverse(dy, op.inputs[1]), None


def reverse(tensor, axis, name=None):
    """`tensor` reversed along the dimensions in `axis`."""
    return ReverseV2.apply(tensor, axis, name=name or "ReverseV2")


@register_op
class GatherNd(OpDef):
    """params[indices[..., 0], indices[..., 1], ...]: slices picked by index tuples."""

    inputs = ("params", "indices")
    type_inputs = ("params",)

    def infer(params, indices):
        if params.shape.ndims is None or indices.shape.ndims is None:
            return TensorSpec(unknown_shape(), params.dtype)
        depth = indices.shape[-1].value
        if depth is None:
            return TensorSpec(unknown_shape(), params.dtype)
        if depth > params.shape.ndims:
            raise ValueError(
                f"index innermost dimension length must be <= params rank; saw: "
                f"{depth} vs. {params.shape.ndims}"
            )
        return TensorSpec(
            indices.shape.as_list()[:-1] + params.shape.as_list()[depth:], params.dtype
        )

    def kernel(xp, params, indices):
        indices = np.asarray(indices)
        depth = indices.shape[-1]
        bounds = np.array(params.shape[:depth])
        bad = (indices < 0) | (indices >= bounds)
        if bad.any():
            where = np.argwhere(bad.any(-1))[0]
            raise InvalidArgumentError(
                None,
                None,
                f"indices{where.tolist()} = {indices[tuple(where)].tolist()} does not "
                f"index into param shape {list(params.shape)}",
            )
        return params[tuple(np.moveaxis(indices, -1, 0))]

    def grad(op, dy):
        params, indices = op.inputs
        return scatter_nd(indices, dy, array_ops.shape(params, out_type=indices.dtype)), None


@register_op
class ScatterNd(OpDef):
    """A zero tensor of `shape` with `updates` added at `indices` (duplicates summed)."""

    inputs = ("indices", "updates", "shape")
    type_inputs = ("updates",)

    def infer(indices, updates, shape):
        return TensorSpec(shape_util.constant_value_as_shape(shape), updates.dtype)

    def kernel(xp, indices, updates, shape):
        out = np.zeros(tuple(int(s) for s in np.ravel(shape)), dtype=updates.dtype)
        np.add.at(out, tuple(np.moveaxis(np.asarray(indices), -1, 0)), updates)
        return out

    def grad(op, dy):
        indices = op.inputs[0]
        return None, gather_nd(dy, indices), None




def gather_nd(params, indices, name=None, batch_dims=0):
    """Slices of `params` picked by the index tuples in the last dimension of `indices`; the
    first `batch_dims` dimensions of both matched one to one."""
    from tinytf.ops import partition_ops  # it builds on this module

    return partition_ops.gather_nd(params, indices, name, batch_dims)


def scatter_nd(indices, updates, shape, name=None):
    """zeros(shape) with `updates` added at `indices`."""
    return ScatterNd.apply(indices, updates, shape, name=name or "ScatterNd")


def sequence_mask(lengths, maxlen=None, dtype=D.bool, name=None):
    """mask[i, j] = j < lengths[i], for j < maxlen (default: max(lengths))."""
    with name_scope(name, "SequenceMask", [lengths, maxlen]):
        lengths = convert_to_tensor(lengths)
        if maxlen is None:
            maxlen = reduction_ops.reduce_max(lengths)
        maxlen = math_ops.cast(maxlen, lengths.dtype.base_dtype)
        row = math_ops.range(maxlen)
        mask = math_ops.less(row, array_ops.expand_dims(lengths, -1))
        return mask if D.as_dtype(dtype) == D.bool else math_ops.cast(mask, dtype)


def meshgrid(*args, **kwargs):
    """Coordinate grids of the 1-D `args`; indexing 'xy' (default: first two axes swapped) or
    'ij'."""
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        raise TypeError(f"'{next(iter(kwargs))}' is an invalid keyword argument for this function")
    if indexing not in ("xy", "ij"):
        raise ValueError("indexing parameter must be either 'xy' or 'ij'")
    with name_scope(name, "meshgrid", args):
        args = [convert_to_tensor(a) for a in args]
        n = len(args)
        shapes = [array_ops.size(a) for a in args]
        if indexing == "xy" and n > 1:
            shapes[0], shapes[1] = shapes[1], shapes[0]
        ones = array_ops.ones(array_ops.stack(shapes), dtype=args[0].dtype)
        outputs = []
        for i, a in enumerate(args):
            axis = i if indexing == "ij" or n < 2 or i > 1 else 1 - i
            shape = [1] * n
            shape[axis] = -1
            outputs.append(array_ops.reshape(a, shape) * ones)
        return outputs


def _einsum_parts(equation, n):
    equation = equation.replace(" ", "")
    if "..." in equation:
        raise NotImplementedError("tinytf's einsum has no ellipsis ('...')")
    if "->" in equation:
        ins, out = equation.split("->")
    else:  # implicit output: the indices seen once, sorted
        ins = equation
        letters = ins.replace(",", "")
        out = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    ins = ins.split(",")
    if len(ins) != n:
        raise ValueError(f"einsum: {len(ins)} input subscripts for {n} inputs in {equation!r}")
    return ins, out


@register_op
class Einsum(OpDef):
    """Sums of products over the indices an equation names (numpy.einsum's notation)."""

    inputs = ("inputs*",)
    attrs = {"equation": None}
    allowed = D.NUMBERS

    def infer(*inputs, equation):
        ins, out = _einsum_parts(equation, len(inputs))
        sizes = {}
        for subs, t in zip(ins, inputs):
            if t.shape.ndims is None:
                continue
            if t.shape.ndims != len(subs):
                raise ValueError(f"einsum: input {subs!r} has rank {t.shape.ndims}")
            for c, d in zip(subs, t.shape.as_list()):
                sizes[c] = d if sizes.get(c) is None else sizes[c]
        return TensorSpec([sizes.get(c) for c in out], inputs[0].dtype)

    def kernel(xp, *inputs, equation):
        return np.einsum(equation, *inputs)

    def grad(op, dy):
        equation = op.get_attr("equation")
        inputs = list(op.inputs)
        ins, out = _einsum_parts(equation, len(inputs))
        grads = []
        for i, (subs, x) in enumerate(zip(ins, inputs)):
            others = [(s, t) for j, (s, t) in enumerate(zip(ins, inputs)) if j != i]
            present = set(out).union(*[set(s) for s, _ in others])
            kept = "".join(dict.fromkeys(c for c in subs if c in present))  # each index once
            terms = ",".join([out] + [s for s, _ in others])
            g = einsum(f"{terms}->{kept}", dy, *[t for _, t in others])
            if kept != subs:  # indices only x has were summed away: broadcast back
                if len(set(subs)) != len(subs):
                    raise NotImplementedError("The gradient of einsum with a repeated index")
                x_shape = array_ops.shape(x)
                g = array_ops.reshape(
                    g, [x_shape[k] if c in kept else 1 for k, c in enumerate(subs)]
                )
                g = g * array_ops.ones(x_shape, dtype=g.dtype)
            grads.append(g)
        return grads


def einsum(equation, *inputs, **kwargs):
    """Tensor contraction by an equation: einsum('ij,jk->ik', a, b) is a @ b."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"invalid keyword arguments for einsum: {sorted(kwargs)}")
    return Einsum.apply(list(inputs), name=name or "Einsum", equation=equation)


@register_op
class ReverseSequence(OpDef):
    """For each batch entry b, the first seq_lengths[b] elements along seq_dim reversed."""

    inputs = ("input", "seq_lengths")
    type_inputs = ("input",)
    attrs = {"seq_dim": None, "batch_dim": 0}
    aliases_input = False

    def infer(x, lengths, *, seq_dim, batch_dim):
        return TensorSpec(x.shape, x.dtype)

    def kernel(xp, x, lengths, *, seq_dim, batch_dim):
        out = np.array(x, copy=True)
        for b, n in enumerate(np.ravel(lengths)):
            if n > x.shape[seq_dim] or n < 0:
                raise InvalidArgumentError(
                    None, None, f"seq_lens(b) <= input.dims(seq_dim), but seq_lens({b}) = {n}"
                )
            src = np.take(x, [b], axis=batch_dim)
            part = np.flip(np.take(src, np.arange(int(n)), axis=seq_dim), axis=seq_dim)
            index = [slice(None)] * x.ndim
            index[batch_dim], index[seq_dim] = slice(b, b + 1), slice(0, int(n))
            out[tuple(index)] = part
        return out

    def grad(op, dy):
        attrs = {k: op.get_attr(k) for k in ("seq_dim", "batch_dim")}
        return ReverseSequence.apply(dy, op.inputs[1], **attrs), None


def reverse_sequence(
    input, seq_lengths, seq_axis=None, batch_axis=None, name=None, seq_dim=None, batch_dim=None
):
    """Reverses the first seq_lengths[b] elements along seq_axis of each batch entry b."""
    seq = seq_axis if seq_axis is not None else seq_dim
    batch = batch_axis if batch_axis is not None else (batch_dim or 0)
    return ReverseSequence.apply(
        input, seq_lengths, name=name or "ReverseSequence", seq_dim=seq, batch_dim=batch
    )

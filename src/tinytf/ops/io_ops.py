"""Checkpoint I/O ops: SaveV2 writes tensors to a V2 checkpoint, RestoreV2 reads them back.
The Saver builds them into the graph as TF does, so a meta graph carries its own save/restore."""

import os
import re

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError, UnimplementedError
from tinytf.framework.op_def import OpDef, TensorSpec, register_op
from tinytf.framework.tensor_shape import unknown_shape
from tinytf.platform import tensor_bundle


def _text(value):
    value = value.item() if hasattr(value, "item") else value
    return value.decode() if isinstance(value, bytes) else str(value)


def _names(names, slices):
    names = [_text(n) for n in names.reshape(-1)]
    if any(_text(s) for s in slices.reshape(-1)):
        raise UnimplementedError(None, None, "Partitioned (sliced) variables are not supported")
    return names


@register_op
class SaveV2(OpDef):
    """Writes `tensors` under `tensor_names` to the checkpoint `prefix`."""

    inputs = ("prefix", "tensor_names", "shape_and_slices", "tensors*")
    type_inputs = ()
    attrs = {"dtypes": None}
    stateful = True

    def infer(prefix, tensor_names, shape_and_slices, *tensors, dtypes):
        return []

    def kernel(xp, prefix, tensor_names, shape_and_slices, *tensors, ctx, op, dtypes):
        names = _names(tensor_names, shape_and_slices)
        if len(names) != len(tensors):
            raise InvalidArgumentError(
                None, None, f"Got {len(names)} tensor names but {len(tensors)} tensors"
            )
        host = ctx.backend.to_host
        tensor_bundle.write_bundle(_text(prefix), {n: host(t) for n, t in zip(names, tensors)})
        return ()


@register_op
class RestoreV2(OpDef):
    """Reads `tensor_names` from the checkpoint `prefix`, with the given `dtypes`."""

    inputs = ("prefix", "tensor_names", "shape_and_slices")
    type_inputs = ()
    attrs = {"dtypes": None}
    stateful = True
    list_output = True

    def infer(prefix, tensor_names, shape_and_slices, *, dtypes):
        return [TensorSpec(unknown_shape(), D.as_dtype(d)) for d in dtypes]

    def kernel(xp, prefix, tensor_names, shape_and_slices, *, ctx, op, dtypes):
        reader = tensor_bundle.BundleReader(_text(prefix))
        result = []
        for name, dtype in zip(_names(tensor_names, shape_and_slices), dtypes):
            stored = reader.dtype(name)
            if stored != D.as_dtype(dtype):
                raise InvalidArgumentError(
                    None,
                    None,
                    f"tensor_name = {name}; expected dtype {D.as_dtype(dtype)._tf_name} does "
                    f"not equal original dtype {stored._tf_name}",
                )
            result.append(xp.asarray(reader.read(name)))
        return result


# -- the path ops of TF's sharded Saver (in SavedModels and meta graphs that real TF writes) -----
@register_op
class StringJoin(OpDef):
    """The strings of `inputs` joined with `separator` (scalars only here)."""

    inputs = ("inputs*",)
    type_inputs = ()
    attrs = {"separator": ""}

    def infer(*inputs, separator):
        return TensorSpec([], D.string)

    def kernel(xp, *inputs, separator):
        sep = separator.encode() if isinstance(separator, str) else separator
        return np.asarray(sep.join(_text(s).encode() for s in inputs))


@register_op
class StaticRegexFullMatch(OpDef):
    """Whether the string matches `pattern` entirely."""

    inputs = ("input",)
    type_inputs = ()
    attrs = {"pattern": None}

    def infer(x, *, pattern):
        return TensorSpec(x.shape, D.bool)

    def kernel(xp, x, *, pattern):
        return np.asarray(re.fullmatch(_text(pattern), _text(x)) is not None)


@register_op
class ShardedFilename(OpDef):
    """`basename-00000-of-00001`: the file name of one shard."""

    inputs = ("basename", "shard", "num_shards")
    type_inputs = ()

    def infer(basename, shard, num_shards):
        return TensorSpec([], D.string)

    def kernel(xp, basename, shard, num_shards):
        return np.asarray(f"{_text(basename)}-{int(shard):05d}-of-{int(num_shards):05d}".encode())


@register_op
class MergeV2Checkpoints(OpDef):
    """Merges the shard checkpoints into `destination_prefix` (deleting the shards)."""

    inputs = ("checkpoint_prefixes", "destination_prefix")
    type_inputs = ()
    attrs = {"delete_old_dirs": True, "allow_missing_files": False}
    stateful = True

    def infer(prefixes, destination, *, delete_old_dirs, allow_missing_files):
        return []

    def kernel(xp, prefixes, destination, *, ctx, op, delete_old_dirs, allow_missing_files):
        tensors = {}
        sources = [_text(p) for p in np.ravel(prefixes)]
        for prefix in sources:
            reader = tensor_bundle.BundleReader(prefix)
            tensors.update({n: reader.read(n) for n in reader.names()})
        tensor_bundle.write_bundle(_text(destination), tensors)
        for prefix in sources:
            for path in (tensor_bundle.index_path(prefix), tensor_bundle.data_path(prefix)):
                if os.path.exists(path):
                    os.remove(path)
            directory = os.path.dirname(prefix)
            if delete_old_dirs and directory and not os.listdir(directory):
                os.rmdir(directory)
        return ()

"""I/O ops. Checkpoints: SaveV2 writes tensors to a V2 checkpoint, RestoreV2 reads them back
(the Saver builds them into the graph as TF does, so a meta graph carries its own save/restore).
Files: ReadFile, WriteFile and MatchingFiles, with TF's glob and error classes."""

import errno
import os
import re

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.errors import (
    AlreadyExistsError,
    FailedPreconditionError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    ShapeError,
    UnimplementedError,
    UnknownError,
)
from tinytf.framework.op_def import NotDifferentiable, OpDef, TensorSpec, name_scope, register_op
from tinytf.framework.tensor_shape import unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.string_ops import as_bytes, strings
from tinytf.platform import tensor_bundle
from tinytf.platform.fileio import atomic_write


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


# -- file ops: ReadFile, WriteFile, MatchingFiles (TF's Env semantics) ---------------------------
_ERRNO_ERRORS = {
    errno.ENOENT: NotFoundError,
    errno.EISDIR: FailedPreconditionError,
    errno.ENOTDIR: FailedPreconditionError,
    errno.EACCES: PermissionDeniedError,
    errno.EPERM: PermissionDeniedError,
    errno.EEXIST: AlreadyExistsError,
}


def _os_error(path, e):
    """An OSError as TF's Env reports it: "path; No such file or directory" (NotFoundError)."""
    cls = _ERRNO_ERRORS.get(e.errno, UnknownError)
    return cls(None, None, f"{path}; {os.strerror(e.errno) if e.errno else e}")


def _scalar_string(shape):
    shape_util.with_rank(shape, 0)


@register_op
class ReadFile(OpDef):
    """The contents of the file `filename`."""

    inputs = ("filename",)
    type_inputs = ()
    foldable = False  # the file may change between runs

    def infer(filename):
        _scalar_string(filename.shape)
        return TensorSpec([], D.string)

    def kernel(xp, filename):
        path = _text(filename)
        try:
            with open(path, "rb") as f:
                return np.asarray(f.read(), dtype=object)
        except OSError as e:
            raise _os_error(path, e) from None


@register_op
class WriteFile(OpDef):
    """Writes `contents` to `filename` (creating its directories), atomically."""

    inputs = ("filename", "contents")
    type_inputs = ()
    stateful = True

    def infer(filename, contents):
        _scalar_string(filename.shape)
        _scalar_string(contents.shape)
        return []

    def kernel(xp, filename, contents, *, ctx, op):
        path = _text(filename)
        try:
            directory = os.path.dirname(path)
            if directory:
                os.makedirs(directory, exist_ok=True)
            if os.path.isdir(path):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
            atomic_write(path, as_bytes(np.ravel(contents)[0]))
        except OSError as e:
            raise _os_error(path, e) from None
        return ()


def _glob_regex(pattern):
    """fnmatch(pattern, path, FNM_PATHNAME) as a regex: wildcards never match '/'."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        i += 1
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "\\" and i < len(pattern):
            out.append(re.escape(pattern[i]))
            i += 1
        elif c == "[" and (end := _bracket_end(pattern, i)) > 0:
            body = pattern[i:end]
            negate = body[:1] in ("!", "^")
            body = body[1:] if negate else body
            chars = "".join("\\" + ch if ch in "\\^[]" else ch for ch in body)
            out.append(f"[^/{chars}]" if negate else f"(?!/)[{chars}]")
            i = end + 1
        else:
            out.append(re.escape(c))
    return re.compile("".join(out), re.DOTALL)


def _bracket_end(pattern, start):
    i = start + (1 if pattern[start : start + 1] in ("!", "^") else 0)
    i += 1 if pattern[i : i + 1] == "]" else 0  # a leading ']' is a member
    end = pattern.find("]", i)
    return end


def _join(directory, child):
    return directory + child if directory.endswith("/") else f"{directory}/{child}"


def _dirname(path):
    cut = path.rfind("/")
    return "" if cut < 0 else ("/" if cut == 0 else path[:cut])


def matching_paths(pattern):
    """TF's Env::GetMatchingPaths: a breadth-first walk below the pattern's fixed prefix."""
    prefix = pattern[: min([pattern.find(c) for c in "*?[\\" if c in pattern] or [len(pattern)])]
    directory = _dirname(prefix)
    if not directory:
        directory, prefix, pattern = ".", _join(".", prefix) if prefix else ".", _join(".", pattern)
    regex, depth = _glob_regex(pattern), pattern.count("/")
    found, queue = [], [directory]
    while queue:
        current = queue.pop(0)
        try:
            children = sorted(os.listdir(current))
        except PermissionError:
            continue
        except OSError as e:
            raise _os_error(current, e) from None
        for child in children:
            path = _join(current, child)
            if not path.startswith(prefix):
                continue
            # a match has as many '/' as the pattern: deeper directories cannot hold one
            if path.count("/") < depth and os.path.isdir(path):
                queue.append(path)
            if regex.fullmatch(path):
                found.append(path)
    return found


@register_op
class MatchingFiles(OpDef):
    """The sorted paths that match `pattern` (a string or a vector of them)."""

    inputs = ("pattern",)
    type_inputs = ()
    foldable = False  # files come and go between runs

    def infer(pattern):
        if pattern.shape.ndims is not None and pattern.shape.ndims > 1:
            raise ShapeError(f"Shape must be at most rank 1 but is rank {pattern.shape.ndims}")
        return TensorSpec([None], D.string)

    def kernel(xp, pattern):
        paths = [p for pat in np.ravel(pattern) for p in matching_paths(os.fsdecode(pat))]
        out = np.empty(len(paths), dtype=object)
        out[:] = sorted(os.fsencode(p) for p in paths)
        return out


NotDifferentiable("ReadFile")
NotDifferentiable("MatchingFiles")


def read_file(filename, name=None):
    """The contents of the file `filename` (a scalar string tensor)."""
    return ReadFile.apply(strings(filename, "filename"), name=name)


def write_file(filename, contents, name=None):
    """An op that writes `contents` to the file `filename`, creating its directories."""
    return WriteFile.apply(strings(filename, "filename"), strings(contents, "contents"), name=name)


def matching_files(pattern, name=None):
    """The sorted file paths matching the glob `pattern` ('*', '?', '[...]'; never across '/')."""
    return MatchingFiles.apply(strings(pattern, "pattern"), name=name)


def match_filenames_once(pattern, name=None):
    """A local variable holding the files that match `pattern`, found when it is initialised."""
    from tinytf.framework.graph import GraphKeys
    from tinytf.ops.variables import Variable

    with name_scope(name, "matching_filenames", [pattern]) as scope:
        return Variable(
            name=scope,
            initial_value=matching_files(pattern),
            trainable=False,
            validate_shape=False,
            collections=[GraphKeys.LOCAL_VARIABLES],
        )

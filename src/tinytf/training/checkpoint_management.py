"""The `checkpoint` state file beside a model's checkpoints (TF's text-format CheckpointState):
which checkpoint is the latest and which are kept. Written atomically; read as TF reads it."""

import glob
import logging
import os

from tinytf.platform import tensor_bundle
from tinytf.platform.fileio import atomic_write

_log = logging.getLogger("tensorflow")


def _state_path(checkpoint_dir, latest_filename):
    return os.path.join(checkpoint_dir, latest_filename or "checkpoint")


def generate_checkpoint_state_proto(
    save_dir,
    model_checkpoint_path,
    all_model_checkpoint_paths=None,
    all_model_checkpoint_timestamps=None,
    last_preserved_timestamp=None,
):
    """A CheckpointState; relative paths are made relative to a relative `save_dir`, as TF."""
    from tinytf.platform.checkpoint_protos import CheckpointState

    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    if not os.path.isabs(save_dir):
        if not os.path.isabs(model_checkpoint_path):
            model_checkpoint_path = os.path.relpath(model_checkpoint_path, save_dir)
        paths = [p if os.path.isabs(p) else os.path.relpath(p, save_dir) for p in paths]
    state = CheckpointState(
        model_checkpoint_path=model_checkpoint_path, all_model_checkpoint_paths=paths
    )
    state.all_model_checkpoint_timestamps.extend(all_model_checkpoint_timestamps or [])
    if last_preserved_timestamp is not None:
        state.last_preserved_timestamp = last_preserved_timestamp
    return state


def update_checkpoint_state(
    save_dir,
    model_checkpoint_path,
    all_model_checkpoint_paths=None,
    latest_filename=None,
    all_model_checkpoint_timestamps=None,
    last_preserved_timestamp=None,
    save_relative_paths=False,
):
    """Rewrites `save_dir/checkpoint` (atomically) to name `model_checkpoint_path` the latest."""
    path = _state_path(save_dir, latest_filename)
    state = generate_checkpoint_state_proto(
        save_dir,
        model_checkpoint_path,
        all_model_checkpoint_paths,
        all_model_checkpoint_timestamps,
        last_preserved_timestamp,
    )
    if save_relative_paths:
        base = save_dir or "."
        state.model_checkpoint_path = _relative(state.model_checkpoint_path, base)
        kept = [_relative(p, base) for p in state.all_model_checkpoint_paths]
        del state.all_model_checkpoint_paths[:]
        state.all_model_checkpoint_paths.extend(kept)
    if os.path.abspath(path) == os.path.abspath(state.model_checkpoint_path):
        raise RuntimeError(
            f"Save path '{model_checkpoint_path}' conflicts with path used for checkpoint "
            "state.  Please use a different save path."
        )
    from google.protobuf import text_format

    os.makedirs(save_dir or ".", exist_ok=True)
    atomic_write(path, text_format.MessageToString(state).encode())


def _relative(p, base):
    return os.path.relpath(p, base) if os.path.isabs(p) else p


def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The CheckpointState in `checkpoint_dir` with paths joined to the directory, or None."""
    path = _state_path(checkpoint_dir, latest_filename)
    if not os.path.isfile(path):
        return None
    from google.protobuf import text_format

    from tinytf.platform.checkpoint_protos import CheckpointState

    try:
        with open(path, encoding="utf-8") as f:
            state = text_format.Parse(f.read(), CheckpointState())
    except (text_format.ParseError, UnicodeDecodeError) as e:
        _log.warning("%s: %s: %s", type(e).__name__, path, e)
        return None
    if not state.model_checkpoint_path:
        raise ValueError(f"Invalid checkpoint state loaded from {checkpoint_dir}")
    if not os.path.isabs(state.model_checkpoint_path):
        state.model_checkpoint_path = os.path.join(checkpoint_dir, state.model_checkpoint_path)
    for i, p in enumerate(state.all_model_checkpoint_paths):
        if not os.path.isabs(p):
            state.all_model_checkpoint_paths[i] = os.path.join(checkpoint_dir, p)
    return state


def checkpoint_exists(checkpoint_prefix):
    """Whether a V2 checkpoint (its .index file) exists for `checkpoint_prefix`."""
    return tensor_bundle.bundle_exists(checkpoint_prefix)


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the newest checkpoint in `checkpoint_dir`, or None if there is none."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state and state.model_checkpoint_path:
        if checkpoint_exists(state.model_checkpoint_path):
            return state.model_checkpoint_path
        _log.error("Couldn't match files for checkpoint %s", state.model_checkpoint_path)
    return None


def get_checkpoint_mtimes(checkpoint_prefixes):
    """The modification times of the checkpoints' index files."""
    return [
        os.path.getmtime(tensor_bundle.index_path(p))
        for p in checkpoint_prefixes
        if tensor_bundle.bundle_exists(p)
    ]


def remove_checkpoint(checkpoint_prefix, checkpoint_format_version=None, meta_graph_suffix="meta"):
    """Deletes the files of checkpoint `checkpoint_prefix` (index, data, meta graph)."""
    paths = glob.glob(glob.escape(checkpoint_prefix) + ".data-*-of-*")
    paths += [
        tensor_bundle.index_path(checkpoint_prefix),
        meta_graph_filename(checkpoint_prefix, meta_graph_suffix),
    ]
    for p in paths:
        try:
            os.remove(p)
        except FileNotFoundError:
            pass


def meta_graph_filename(checkpoint_filename, meta_graph_suffix="meta"):
    """`model.ckpt-10` -> `model.ckpt-10.meta` (TF drops a sharded suffix first)."""
    basename = checkpoint_filename.split("-?????-of-?????")[0]
    return f"{basename}.{meta_graph_suffix}"

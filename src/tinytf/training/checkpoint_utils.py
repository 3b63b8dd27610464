"""Reading checkpoints without a graph: tf.train.NewCheckpointReader, list_variables,
load_variable."""

import os

from tinytf.platform.tensor_bundle import BundleReader
from tinytf.training import checkpoint_management as cm


class CheckpointReader:
    """The tensors of one checkpoint, by name (TF's py_checkpoint_reader)."""

    def __init__(self, prefix):
        self._reader = BundleReader(os.fspath(prefix))

    def get_variable_to_shape_map(self):
        return {n: self._reader.shape(n) for n in self._reader.names()}

    def get_variable_to_dtype_map(self):
        return {n: self._reader.dtype(n) for n in self._reader.names()}

    def has_tensor(self, name):
        return self._reader.has_tensor(name)

    def get_tensor(self, name):
        return self._reader.read(name).copy()

    def debug_string(self):
        lines = [
            f"{n} ({self._reader.dtype(n)._tf_name}) {self._reader.shape(n)}"
            for n in self._reader.names()
        ]
        return ("\n".join(lines) + "\n").encode()


def NewCheckpointReader(filepattern):  # noqa: N802 - TF's name
    return CheckpointReader(filepattern)


def _prefix(ckpt_dir_or_file):
    if os.path.isdir(ckpt_dir_or_file):
        latest = cm.latest_checkpoint(ckpt_dir_or_file)
        if latest is None:
            raise ValueError(
                f"Couldn't find 'checkpoint' file or checkpoints in given directory "
                f"{ckpt_dir_or_file}"
            )
        return latest
    return ckpt_dir_or_file


def list_variables(ckpt_dir_or_file):
    """[(name, shape)] of the checkpoint (or of a directory's latest one), sorted by name."""
    shapes = CheckpointReader(_prefix(ckpt_dir_or_file)).get_variable_to_shape_map()
    return sorted(shapes.items())


def load_variable(ckpt_dir_or_file, name):
    """The value of `name` in the checkpoint (a trailing ':0' is ignored)."""
    if name.endswith(":0"):
        name = name[:-2]
    return CheckpointReader(_prefix(ckpt_dir_or_file)).get_tensor(name)

"""Reading checkpoints without a graph: tf.train.NewCheckpointReader, list_variables,
load_variable."""

import os
import time

from tinytf.platform import tf_logging as logging
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
            f"{n} (DT_{self._reader.dtype(n)._tf_name.upper()}) "  # TF's DataType names
            f"[{','.join(map(str, self._reader.shape(n)))}]"
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


def load_checkpoint(ckpt_dir_or_file):
    """A CheckpointReader for the checkpoint (or for a directory's latest one)."""
    return CheckpointReader(_prefix(os.fspath(ckpt_dir_or_file)))


def wait_for_new_checkpoint(checkpoint_dir, last_checkpoint=None, seconds_to_sleep=1, timeout=None):
    """The directory's latest checkpoint once it differs from last_checkpoint; None after
    `timeout` seconds."""
    logging.info("Waiting for new checkpoint at %s", checkpoint_dir)
    stop_time = time.time() + timeout if timeout is not None else None
    while True:
        path = cm.latest_checkpoint(checkpoint_dir)
        if path is not None and path != last_checkpoint:
            logging.info("Found new checkpoint at %s", path)
            return path
        if stop_time is not None and time.time() + seconds_to_sleep > stop_time:
            return None
        time.sleep(seconds_to_sleep)


def checkpoints_iterator(checkpoint_dir, min_interval_secs=0, timeout=None, timeout_fn=None):
    """Yields the directory's new checkpoints as they arrive; ends after `timeout` seconds
    without one (unless timeout_fn() returns False)."""
    path = None
    while True:
        new_path = wait_for_new_checkpoint(checkpoint_dir, path, timeout=timeout)
        if new_path is None:
            if not timeout_fn:
                logging.info("Timed-out waiting for a checkpoint.")
                return
            if timeout_fn():
                return
            continue
        start = time.time()
        path = new_path
        yield path
        wait = start + min_interval_secs - time.time()
        if wait > 0:
            time.sleep(wait)


def list_variables(ckpt_dir_or_file):
    """[(name, shape)] of the checkpoint (or of a directory's latest one), sorted by name."""
    shapes = CheckpointReader(_prefix(ckpt_dir_or_file)).get_variable_to_shape_map()
    return sorted(shapes.items())


def load_variable(ckpt_dir_or_file, name):
    """The value of `name` in the checkpoint (a trailing ':0' is ignored)."""
    if name.endswith(":0"):
        name = name[:-2]
    return CheckpointReader(_prefix(ckpt_dir_or_file)).get_tensor(name)


def init_from_checkpoint(ckpt_dir_or_file, assignment_map):
    """Makes variables' initializers load them from a checkpoint (transfer learning):
    {'ckpt_scope/': 'scope/'} maps a whole scope ('/' is the root), {'ckpt_name': 'name' or a
    Variable} one variable. Run tf.global_variables_initializer() afterwards as usual."""
    from tinytf.framework.graph import GraphKeys, get_default_graph
    from tinytf.framework.op_def import name_scope
    from tinytf.ops import io_ops, state_ops
    from tinytf.ops.constant_op import constant
    from tinytf.ops.variables import Variable

    prefix = _prefix(os.fspath(ckpt_dir_or_file))
    shapes = CheckpointReader(prefix).get_variable_to_shape_map()
    variables = {
        v.op.name: v for v in get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES)
    }
    pairs = []
    for ckpt_key, target in assignment_map.items():
        if isinstance(target, Variable):
            pairs.append((ckpt_key, target))
            continue
        if not target.endswith("/") and target in variables:
            pairs.append((ckpt_key, variables[target]))
            continue
        ckpt_scope = "" if ckpt_key == "/" else ckpt_key
        scope = "" if target == "/" else target
        for name, var in variables.items():
            if name.startswith(scope):
                pairs.append((ckpt_scope + name[len(scope) :], var))
    for ckpt_name, var in pairs:
        if ckpt_name not in shapes:
            raise ValueError(
                f"Tensor {ckpt_name} is not found in {ckpt_dir_or_file} checkpoint {shapes}"
            )
        if var.shape.as_list() != shapes[ckpt_name]:
            raise ValueError(
                f"Shape of variable {var.name} ({var.shape}) doesn't match with shape of "
                f"tensor {ckpt_name} ({shapes[ckpt_name]}) from checkpoint reader."
            )
        with name_scope(f"{var.op.name}/checkpoint_initializer"):
            value = io_ops.RestoreV2.apply(
                constant(prefix),
                constant([ckpt_name]),
                constant([""]),
                dtypes=[var.dtype.base_dtype],
            )[0]
            var._initializer_op = state_ops.assign(var, value).op
            var._initial_value = value

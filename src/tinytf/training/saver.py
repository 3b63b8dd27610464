"""tf.train.Saver: saves and restores variables through SaveV2/RestoreV2 ops it adds to the graph
(named `save/...` as in TF), keeps the `checkpoint` state file and prunes old checkpoints.

    saver = tf.train.Saver(max_to_keep=5)
    saver.save(sess, "ckpt/model", global_step=step)   # -> "ckpt/model-<step>"
    saver.restore(sess, tf.train.latest_checkpoint("ckpt"))
"""

import glob
import logging
import numbers
import os
import time

from tinytf.framework import errors
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.op_def import name_scope
from tinytf.ops import array_ops, control_flow_ops, io_ops, state_ops
from tinytf.ops.constant_op import constant
from tinytf.ops.variables import Variable
from tinytf.training import checkpoint_management as cm

_log = logging.getLogger("tensorflow")


class SaveSpec:
    """One tensor that a SaveableObject saves: its value, slice spec and checkpoint key."""

    def __init__(self, tensor, slice_spec, name, dtype=None, device=None):
        self.tensor, self.slice_spec, self.name = tensor, slice_spec, name
        self.dtype = dtype or tensor.dtype
        self.device = device


class SaveableObject:
    """Something a Saver saves as some tensors (`specs`) and restores with its own ops (TF's
    BaseSaverBuilder.SaveableObject; a MutableHashTable is one, in SAVEABLE_OBJECTS)."""

    def __init__(self, op, specs, name):
        self.op, self.specs, self.name = op, specs, name

    def restore(self, restored_tensors, restored_shapes):
        """The op that restores the object from the checkpoint's `restored_tensors`."""
        raise ValueError("Calling an abstract method.")


def _saveables_of(value):
    """The SaveableObjects of `value`: itself, or those a table gathers (e.g. MutableHashTable)."""
    if isinstance(value, SaveableObject):
        return [value]
    gather = getattr(value, "_gather_saveables_for_checkpoint", None)
    if gather is None or isinstance(value, Variable):
        return None
    return [factory() if callable(factory) else factory for factory in gather().values()]


def _var_names(var_list):
    """{checkpoint key: variable ref tensor or (SaveSpec, SaveableObject)}, from a list (keys =
    op names) or a dict."""
    if isinstance(var_list, dict):
        items = list(var_list.items())
    else:
        items = []
        for v in var_list:
            saveables = _saveables_of(v)
            if saveables is not None:
                items += [(spec.name, (spec, s)) for s in saveables for spec in s.specs]
                continue
            ref = v._ref() if isinstance(v, Variable) else v
            items.append((ref.op.name, v))
    result = {}
    for key, v in items:
        if not isinstance(v, tuple):
            v = v._ref() if isinstance(v, Variable) else v
            if not v.dtype._is_ref:
                raise TypeError(f"Variable to save is not a Variable: {v}")
        if key in result:
            raise ValueError(f"At least two variables have the same name: {key}")
        result[key] = v
    return result


def _saved_tensor(entry):
    return entry[0].tensor if isinstance(entry, tuple) else entry


def _restore_ops(keys, entries, restored):
    """The ops assigning the `restored` tensors (of `keys`) to variables and SaveableObjects."""
    ops, by_saveable = [], {}
    for key, entry, value in zip(keys, entries, restored):
        if isinstance(entry, tuple):
            by_saveable.setdefault(id(entry[1]), (entry[1], {}))[1][key] = value
        else:
            ops.append(state_ops.assign(entry, value, validate_shape=True))
    for saveable, values in by_saveable.values():
        tensors = [values[spec.name] for spec in saveable.specs]
        ops.append(saveable.restore(tensors, [None] * len(tensors)))
    return ops


def _build(names_to_refs, name, filename):
    """Adds the save and restore ops; returns (filename tensor, save tensor, restore op)."""
    keys = sorted(names_to_refs)
    entries = [names_to_refs[k] for k in keys]
    refs = [_saved_tensor(e) for e in entries]
    dtypes = [r.dtype.base_dtype for r in refs]
    with name_scope(name, "save"):
        default = array_ops.placeholder_with_default(filename, shape=(), name="filename")
        prefix = array_ops.placeholder_with_default(default, shape=(), name="Const")
        with name_scope("SaveV2") as savev2_scope:
            names_t = constant(keys, name="tensor_names")
            slices_t = constant([""] * len(keys), name="shape_and_slices")
        save = io_ops.SaveV2.apply(
            prefix, names_t, slices_t, refs, name=savev2_scope, dtypes=dtypes
        )
        with get_default_graph().control_dependencies([save]):
            save_tensor = array_ops.identity(prefix, name="control_dependency")
        with name_scope("RestoreV2") as restorev2_scope:
            names_t = constant(keys, name="tensor_names")
            slices_t = constant([""] * len(keys), name="shape_and_slices")
        restored = io_ops.RestoreV2.apply(
            prefix, names_t, slices_t, name=restorev2_scope, dtypes=dtypes
        )
        assigns = _restore_ops(keys, entries, restored)
        restore_op = control_flow_ops.group(*assigns, name="restore_all")
    return prefix, save_tensor, restore_op


class Saver:
    """Saves and restores variables as TF 1.x's V2 checkpoints."""

    def __init__(
        self,
        var_list=None,
        reshape=False,
        sharded=False,
        max_to_keep=5,
        keep_checkpoint_every_n_hours=10000.0,
        name=None,
        restore_sequentially=False,
        saver_def=None,
        builder=None,
        defer_build=False,
        allow_empty=False,
        write_version=None,
        pad_step_number=False,
        save_relative_paths=False,
        filename=None,
    ):
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._last_checkpoints = []  # (path, time saved)
        self._to_delete = []
        self._is_empty = False
        if saver_def is None:
            saver_def = self._build_def(
                var_list, name, filename, max_to_keep, keep_checkpoint_every_n_hours, allow_empty
            )
        self.saver_def = saver_def
        self._next_checkpoint_time = time.time() + saver_def.keep_checkpoint_every_n_hours * 3600

    def _build_def(self, var_list, name, filename, max_to_keep, keep_hours, allow_empty):
        if var_list is None:
            var_list = get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES)
            var_list += get_default_graph().get_collection(GraphKeys.SAVEABLE_OBJECTS)
        from tinytf.platform.checkpoint_protos import SAVER_V2, SaverDef

        names_to_refs = _var_names(var_list)
        saver_def = SaverDef(
            max_to_keep=max_to_keep or 0, keep_checkpoint_every_n_hours=keep_hours, version=SAVER_V2
        )
        if not names_to_refs:
            if not allow_empty:
                raise ValueError("No variables to save")
            self._is_empty = True
            return saver_def
        prefix, save_tensor, restore_op = _build(names_to_refs, name, filename or "model")
        saver_def.filename_tensor_name = prefix.name
        saver_def.save_tensor_name = save_tensor.name
        saver_def.restore_op_name = restore_op.name
        return saver_def

    def as_saver_def(self):
        return self.saver_def

    @property
    def last_checkpoints(self):
        """The kept checkpoint prefixes, oldest first."""
        return [p for p, _ in self._last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time):
        self._last_checkpoints = list(last_checkpoints_with_time)

    def recover_last_checkpoints(self, checkpoint_paths):
        """Adopts existing checkpoints (e.g. after a restart) so that pruning counts them."""
        mtimes = cm.get_checkpoint_mtimes(checkpoint_paths)
        existing = [p for p in checkpoint_paths if cm.checkpoint_exists(p)]
        self._last_checkpoints = list(zip(existing, mtimes))

    def save(
        self,
        sess,
        save_path,
        global_step=None,
        latest_filename=None,
        meta_graph_suffix="meta",
        write_meta_graph=True,
        write_state=True,
        strip_default_attrs=False,
        save_debug_info=False,
    ):
        """Saves the variables to `save_path[-global_step]`; returns that prefix."""
        latest_filename = latest_filename or "checkpoint"
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must not contain path components")
        save_path = os.fspath(save_path)
        if global_step is not None:
            if not isinstance(global_step, numbers.Integral):  # a tensor or variable
                global_step = int(sess.run(global_step))
            global_step = int(global_step)
            step = f"{global_step:08d}" if self._pad_step_number else str(global_step)
            checkpoint_file = f"{save_path}-{step}"
        else:
            checkpoint_file = save_path
            if os.path.basename(save_path) == latest_filename:
                raise ValueError(
                    "'latest_filename' collides with 'save_path': "
                    f"'{latest_filename}' and '{save_path}'"
                )
        if not hasattr(sess, "run"):
            raise TypeError(f"'sess' must be a Session; {sess}")
        save_dir = os.path.dirname(save_path)
        model_checkpoint_path = None
        if not self._is_empty:
            if os.path.exists(save_dir or ".") and not os.path.isdir(save_dir or "."):
                raise ValueError(f"Parent directory of {save_path} doesn't exist, can't save.")
            d = self.saver_def
            path = sess.run(d.save_tensor_name, {d.filename_tensor_name: checkpoint_file})
            model_checkpoint_path = path.decode() if isinstance(path, bytes) else str(path)
            if write_state:
                self._record(model_checkpoint_path)
                cm.update_checkpoint_state(
                    save_dir,
                    model_checkpoint_path,
                    self.last_checkpoints,
                    latest_filename,
                    save_relative_paths=self._save_relative_paths,
                )
                self._delete_old(meta_graph_suffix)
        if write_meta_graph:
            from tinytf.training.meta_graph import export_meta_graph

            try:
                export_meta_graph(
                    cm.meta_graph_filename(checkpoint_file, meta_graph_suffix),
                    saver_def=self.saver_def,
                    graph=sess.graph,
                )
            except ImportError as e:  # the checkpoint is saved; the .meta needs TensorBoard's
                _log.warning("%s: no .meta file written", e)  # protobufs (tinytf[tensorboard])
        return model_checkpoint_path

    def _record(self, path):
        if not self.saver_def.max_to_keep:
            return
        self._last_checkpoints = [(p, t) for p, t in self._last_checkpoints if p != path]
        self._last_checkpoints.append((path, time.time()))
        while len(self._last_checkpoints) > self.saver_def.max_to_keep:
            self._to_delete.append(self._last_checkpoints.pop(0))

    def _delete_old(self, meta_graph_suffix):
        while self._to_delete:
            path, saved_at = self._to_delete.pop(0)
            if saved_at > self._next_checkpoint_time:  # keep_checkpoint_every_n_hours
                self._next_checkpoint_time += self.saver_def.keep_checkpoint_every_n_hours * 3600
                continue
            cm.remove_checkpoint(path, meta_graph_suffix=meta_graph_suffix)

    def restore(self, sess, save_path):
        """Assigns the checkpoint's values to the variables in `sess`."""
        if self._is_empty:
            return
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        save_path = os.fspath(save_path)
        parent = os.path.dirname(save_path)
        if parent and not glob.has_magic(parent) and not os.path.isdir(parent):
            # TF's checkpoint_exists globs the path, which fails on a missing directory
            raise errors.NotFoundError(None, None, f"{parent}; No such file or directory")
        if not cm.checkpoint_exists(save_path):
            raise ValueError(f"The passed save_path is not a valid checkpoint: {save_path}")
        _log.info("Restoring parameters from %s", save_path)
        d = self.saver_def
        try:
            sess.run(d.restore_op_name, {d.filename_tensor_name: save_path})
        except errors.NotFoundError as e:
            raise type(e)(e.node_def, e.op, _RESTORE_MISSING + e.message) from None
        except errors.InvalidArgumentError as e:
            raise type(e)(e.node_def, e.op, _RESTORE_MISMATCH + e.message) from None

    def export_meta_graph(self, filename=None, collection_list=None, as_text=False, **kwargs):
        """The graph, its collections and this saver as a MetaGraphDef (written if filename)."""
        from tinytf.training.meta_graph import export_meta_graph

        return export_meta_graph(
            filename,
            saver_def=self.saver_def,
            collection_list=collection_list,
            as_text=as_text,
            **kwargs,
        )


_RESTORE_MISSING = (
    "Restoring from checkpoint failed. This is most likely due to a Variable name or other graph "
    "key that is missing from the checkpoint. Please ensure that you have not altered the graph "
    "expected based on the checkpoint. Original error:\n\n"
)
_RESTORE_MISMATCH = (
    "Restoring from checkpoint failed. This is most likely due to a mismatch between the current "
    "graph and the graph from the checkpoint. Please ensure that you have not altered the graph "
    "expected based on the checkpoint. Original error:\n\n"
)

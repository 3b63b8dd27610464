"""tf.train.Checkpoint and tf.train.CheckpointManager as TF 1.15 has them in graph mode:
object-based checkpoints, keyed by the path of attribute names from the Checkpoint to each
variable (`model/kernel/.ATTRIBUTES/VARIABLE_VALUE`), with TF's TrackableObjectGraph proto under
`_CHECKPOINTABLE_OBJECT_GRAPH`, so that TF 1.15 and tinytf read each other's checkpoints.

    ckpt = tf.train.Checkpoint(model=layer, optimizer=opt, step=global_step)
    path = ckpt.save("ckpt/model", session=sess)             # -> "ckpt/model-1"
    ckpt.restore(tf.train.latest_checkpoint("ckpt")).run_restore_ops(sess)

What is tracked (as TF's graph-mode objects track it): a Checkpoint's attributes that hold
variables, tf.layers Layers, optimizers or other Checkpoints; a Layer's own weights (by the name
given to add_weight; TF 1.15's tf.layers do not track sub-layers); an optimizer's non-slot
variables (Adam's beta1_power, ...) and, as slot references, its slots of tracked variables.
Restoring matches the checkpoint's object graph with the Python objects by those names; values
of objects that do not exist yet (an optimizer's slots before `minimize`) are restored once they
do, by the status's next `run_restore_ops`/`initialize_or_restore`/assertion.
"""

import collections
import glob
import os
import time

from tinytf.framework import dtypes
from tinytf.framework.graph import get_default_graph
from tinytf.layers.base import Layer
from tinytf.ops import array_ops, control_flow_ops, io_ops, state_ops
from tinytf.ops.constant_op import constant
from tinytf.ops.variables import Variable
from tinytf.training import checkpoint_management as cm
from tinytf.training.optimizer import Optimizer

OBJECT_GRAPH_PROTO_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"
VARIABLE_VALUE_KEY = "VARIABLE_VALUE"
_ESCAPE = "."


def _proto():
    from tinytf.platform import protos

    return protos.proto_module("trackable_object_graph_pb2").TrackableObjectGraph


def _escape(name):
    """TF's escaping of a local name: '.' -> '..', '/' -> '.S' (paths use '/')."""
    return name.replace(_ESCAPE, _ESCAPE * 2).replace("/", _ESCAPE + "S")


def _is_trackable(value):
    return isinstance(value, (Variable, Layer, Optimizer, Checkpoint))


def _layer_weight_name(layer, variable):
    """The name add_weight was given: the variable's name below the layer's variable scope."""
    scope = getattr(getattr(layer, "_scope", None), "name", None)
    name = variable.op.name
    if scope and name.startswith(scope + "/"):
        return name[len(scope) + 1 :]
    return name.rsplit("/", 1)[-1]


def _dependencies(obj):
    """[(local name, child)] of a trackable object, in TF's order."""
    if isinstance(obj, Checkpoint):
        return list(obj._checkpoint_deps.items())
    if isinstance(obj, Layer):
        weights = obj._trainable_weights + obj._non_trainable_weights
        weights = sorted(weights, key=lambda v: v.op._id)  # add_weight order
        return [(_layer_weight_name(obj, v), v) for v in weights]
    if isinstance(obj, Optimizer):
        return sorted(obj._non_slots.items())
    return []


def _slot_of(optimizer, variable, slot_name):
    try:
        return optimizer.get_slot(variable, slot_name)
    except (AttributeError, KeyError, TypeError):
        return None


class _ObjectGraphView:
    """The objects reachable from `root` (breadth first, as TF numbers them), their checkpoint
    paths, and the optimizers' slot variables (numbered after all other objects)."""

    def __init__(self, root):
        self.objects, self.paths, self.node_ids = [root], {id(root): ""}, {id(root): 0}
        self.children = collections.defaultdict(list)
        queue = collections.deque([root])
        while queue:
            current = queue.popleft()
            for name, child in _dependencies(current):
                if id(child) not in self.node_ids:
                    prefix = self.paths[id(current)]
                    self.paths[id(child)] = f"{prefix}/{_escape(name)}" if prefix else _escape(name)
                    self.node_ids[id(child)] = len(self.objects)
                    self.objects.append(child)
                    queue.append(child)
                self.children[id(current)].append((name, self.node_ids[id(child)]))
        self.slots = self._slot_variables()

    def _slot_variables(self):
        """{optimizer node id: [(original node id, slot name, slot node id)]}."""
        slots, originals = {}, list(enumerate(self.objects))
        for opt_id, optimizer in originals:
            if not isinstance(optimizer, Optimizer):
                continue
            for slot_name in optimizer.get_slot_names():
                for var_id, variable in originals:
                    slot = _slot_of(optimizer, variable, slot_name)
                    if slot is None:
                        continue
                    self.paths[id(slot)] = (
                        f"{self.paths[id(variable)]}/.OPTIMIZER_SLOT/{self.paths[id(optimizer)]}/"
                        f"{_escape(slot_name)}"
                    )
                    self.node_ids[id(slot)] = len(self.objects)
                    self.objects.append(slot)
                    slots.setdefault(opt_id, []).append((var_id, slot_name, len(self.objects) - 1))
        return slots

    def serialize(self):
        """(TrackableObjectGraph proto, {checkpoint key: variable})."""
        proto, named = _proto()(), {}
        for node_id, obj in enumerate(self.objects):
            node = proto.nodes.add()
            for name, child_id in self.children.get(id(obj), ()):
                node.children.add(node_id=child_id, local_name=name)
            for var_id, slot_name, slot_id in self.slots.get(node_id, ()):
                node.slot_variables.add(
                    original_variable_node_id=var_id,
                    slot_name=slot_name,
                    slot_variable_node_id=slot_id,
                )
            if isinstance(obj, Variable):
                key = f"{self.paths[id(obj)]}/.ATTRIBUTES/{VARIABLE_VALUE_KEY}"
                node.attributes.add(
                    name=VARIABLE_VALUE_KEY, full_name=obj.op.name, checkpoint_key=key
                )
                named[key] = obj
        return proto, named


def _node_names(proto):
    """TF's readable names of the proto's nodes: '(root).model.kernel', slots as
    "(root).optimizer's state 'm' for (root).model.kernel"."""
    names, queue = {0: "(root)"}, collections.deque([0])
    while queue:
        node_id = queue.popleft()
        for child in proto.nodes[node_id].children:
            if child.node_id not in names:
                names[child.node_id] = f"{names[node_id]}.{child.local_name}"
                queue.append(child.node_id)
    for node_id, node in enumerate(proto.nodes):
        for ref in node.slot_variables:
            names[ref.slot_variable_node_id] = (
                f"{names.get(node_id)}'s state '{ref.slot_name}' for "
                f"{names.get(ref.original_variable_node_id)}"
            )
    return names


def _session(session):
    if session is not None:
        return session
    from tinytf.client.session import get_default_session

    session = get_default_session()
    if session is None:
        raise ValueError(
            "No session given and no default session: pass `session=` or run inside "
            "`with sess.as_default():`"
        )
    return session


class _Restore:
    """One `restore(save_path)`: the checkpoint's object graph matched against the Python
    objects, and the restore ops made so far for the matched variables (TF's
    _CheckpointRestoreCoordinator)."""

    def __init__(self, root, proto, save_path):
        self.root, self.proto, self.save_path = root, proto, save_path
        self.by_node = {}  # node id -> Python object
        self.unused_attributes = {}
        self.restore_ops = []
        self.expect_partial = False
        self.prefix = constant("model", name="Const")  # fed with save_path, as TF's
        self.match()

    def match(self):
        """Binds the checkpoint's nodes to the Python objects that exist now; adds restore ops
        for the variables newly bound."""
        new, queue, seen = [], collections.deque([(0, self.root)]), set()
        while queue:
            node_id, obj = queue.popleft()
            if node_id in seen or self.by_node.get(node_id, obj) is not obj:
                continue  # walked already (object graphs may have cycles), or bound elsewhere
            seen.add(node_id)
            if node_id not in self.by_node:
                self.by_node[node_id] = obj
                new.append(node_id)
            deps = dict(_dependencies(obj))
            for child in self.proto.nodes[node_id].children:
                if child.local_name in deps:
                    queue.append((child.node_id, deps[child.local_name]))
        new += self._match_slots()
        self._add_restore_ops(new)

    def _match_slots(self):
        new = []
        for node_id, node in enumerate(self.proto.nodes):
            optimizer = self.by_node.get(node_id)
            if not isinstance(optimizer, Optimizer):
                continue
            for ref in node.slot_variables:
                variable = self.by_node.get(ref.original_variable_node_id)
                slot = None if variable is None else _slot_of(optimizer, variable, ref.slot_name)
                if slot is not None and ref.slot_variable_node_id not in self.by_node:
                    self.by_node[ref.slot_variable_node_id] = slot
                    new.append(ref.slot_variable_node_id)
        return new

    def _add_restore_ops(self, node_ids):
        keys, variables = [], []
        for node_id in node_ids:
            obj = self.by_node[node_id]
            for attribute in self.proto.nodes[node_id].attributes:
                if isinstance(obj, Variable) and attribute.name == VARIABLE_VALUE_KEY:
                    keys.append(attribute.checkpoint_key)
                    variables.append(obj)
                else:
                    self.unused_attributes.setdefault(node_id, []).append(attribute.name)
        if not keys:
            return
        with get_default_graph().as_default():
            restored = io_ops.RestoreV2.apply(
                self.prefix,
                constant(keys, name="tensor_names"),
                constant([""] * len(keys), name="shape_and_slices"),
                dtypes=[v.dtype.base_dtype for v in variables],
                name="RestoreV2",
            )
            assigns = [
                state_ops.assign(v._ref(), value, validate_shape=True)
                for v, value in zip(variables, restored)
            ]
            self.restore_ops.append(control_flow_ops.group(*assigns))

    def unresolved(self):
        names = _node_names(self.proto)
        for node_id, node in enumerate(self.proto.nodes):
            if node_id not in self.by_node:
                return f"Unresolved object in checkpoint {names[node_id]}: {node}"
        if self.unused_attributes:
            lines = [
                f"{names[n]} ({self.by_node[n]}): {attrs}"
                for n, attrs in self.unused_attributes.items()
            ]
            return (
                "Unused attributes in these objects (the attributes exist in the checkpoint but "
                "were not restored):\n" + "\n".join(lines)
            )
        return None


class CheckpointLoadStatus:
    """What `Checkpoint.restore` returns for an object-based checkpoint: runs its restore ops
    and checks how completely it matched the Python objects."""

    def __init__(self, restore):
        self._restore = restore

    def _objects(self):
        self._restore.match()
        return _ObjectGraphView(self._restore.root).objects

    def assert_consumed(self):
        """AssertionError unless every object of the checkpoint and of the program matched."""
        self.assert_existing_objects_matched()
        message = self._restore.unresolved()
        if message:
            raise AssertionError(message)
        return self

    def assert_existing_objects_matched(self):
        """AssertionError if an existing Python object has no value in the checkpoint."""
        objects = self._objects()
        matched = {id(o) for o in self._restore.by_node.values()}
        unused = [o for o in objects if id(o) not in matched]
        if unused:
            raise AssertionError(
                "Some Python objects were not bound to checkpointed values, likely due to changes "
                f"in the Python program: {unused}"
            )
        return self

    def assert_nontrivial_match(self):
        """AssertionError if nothing but the root object matched."""
        objects = self._objects()
        if len(self._restore.by_node) <= 1:
            unused = objects[1:]
            if unused:
                raise AssertionError(
                    "Nothing except the root object matched a checkpointed value. Typically this "
                    "means that the checkpoint does not match the Python program. The following "
                    f"objects have no matching checkpointed value: {unused}"
                )
            raise AssertionError(
                f"Nothing to load. No dependencies have been added to {self._restore.root} yet."
            )
        return self

    def run_restore_ops(self, session=None):
        """Runs the restore ops (in `session`, default: the default session)."""
        self._restore.match()
        _session(session).run(
            self._restore.restore_ops, {self._restore.prefix: self._restore.save_path}
        )

    def initialize_or_restore(self, session=None):
        """Restores the matched variables and initializes the other ones."""
        session = _session(session)
        objects = self._objects()
        matched = {id(o) for o in self._restore.by_node.values()}
        others = [o for o in objects if isinstance(o, Variable) and id(o) not in matched]
        self.run_restore_ops(session)
        session.run([o.initializer for o in others])

    def expect_partial(self):
        """Silences the warnings about an incomplete restore; returns self."""
        self._restore.expect_partial = True
        return self


_NO_CHECKPOINT = "No checkpoint specified (save_path=None); nothing is being restored."


class InitializationOnlyStatus:
    """What `Checkpoint.restore(None)` returns: initializes the objects' variables."""

    def __init__(self, root):
        self._root = root

    def assert_consumed(self):
        raise AssertionError(_NO_CHECKPOINT)

    def assert_existing_objects_matched(self):
        raise AssertionError(_NO_CHECKPOINT)

    def assert_nontrivial_match(self):
        raise AssertionError(_NO_CHECKPOINT)

    def run_restore_ops(self, session=None):
        raise AssertionError(
            "No checkpoint specified, so no restore ops are available (save_path=None to "
            "Saver.restore)."
        )

    def initialize_or_restore(self, session=None):
        """Runs the initializers of every variable the root object tracks."""
        objects = _ObjectGraphView(self._root).objects
        _session(session).run([o.initializer for o in objects if isinstance(o, Variable)])

    def expect_partial(self):
        return self


class NameBasedSaverStatus:
    """What `Checkpoint.restore` returns for a name-based (tf.train.Saver) checkpoint: restores
    the tracked variables by their graph names."""

    def __init__(self, root, save_path):
        self._root, self._save_path, self._restored = root, save_path, set()

    def assert_consumed(self):
        """AssertionError for an object not restored by `run_restore_ops` yet."""
        for obj in _ObjectGraphView(self._root).objects:
            if id(obj) not in self._restored:
                raise AssertionError(f"Object not restored: {obj}")
        return self

    assert_existing_objects_matched = assert_nontrivial_match = assert_consumed

    def run_restore_ops(self, session=None):
        """Restores every tracked variable from the checkpoint's entry of its graph name."""
        from tinytf.training.saver import Saver

        objects = _ObjectGraphView(self._root).objects
        variables = {o.op.name: o for o in objects if isinstance(o, Variable)}
        Saver(variables, allow_empty=True).restore(_session(session), self._save_path)
        self._restored.update(id(o) for o in objects)

    initialize_or_restore = run_restore_ops

    def expect_partial(self):
        return self


class Checkpoint:
    """Groups trackable objects (variables, layers, optimizers, Checkpoints) for saving and
    restoring them as one object-based checkpoint."""

    def __init__(self, **kwargs):
        object.__setattr__(self, "_checkpoint_deps", {})
        for key, value in sorted(kwargs.items(), key=lambda item: item[0]):
            if not _is_trackable(value):
                raise ValueError(
                    "`Checkpoint` was expecting a trackable object (an object derived from "
                    f"`TrackableBase`), got {value}. If you believe this object should be "
                    "trackable (i.e. it is part of the TensorFlow Python API and manages "
                    "state), please open an issue."
                )
            setattr(self, key, value)
        object.__setattr__(self, "_save_counter", None)
        object.__setattr__(self, "_save_assign_op", None)
        object.__setattr__(self, "_save_ops", {})

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        if _is_trackable(value):
            self._checkpoint_deps[name] = value
        else:
            self._checkpoint_deps.pop(name, None)

    def __delattr__(self, name):
        object.__delattr__(self, name)
        self._checkpoint_deps.pop(name, None)

    def _maybe_create_save_counter(self):
        if self._save_counter is None:
            with get_default_graph().device("/cpu:0"):
                counter = Variable(0, name="save_counter", dtype=dtypes.int64, trainable=False)
            object.__setattr__(self, "_save_counter", counter)
            self._checkpoint_deps["save_counter"] = counter  # a dependency, not "_save_counter"

    @property
    def save_counter(self):
        """The int64 variable that `save` increments to number checkpoints (created on use)."""
        self._maybe_create_save_counter()
        return self._save_counter

    def _save_op(self, named):
        """(save tensor, file prefix tensor, object graph tensor) saving `named`, cached."""
        graph = get_default_graph()
        cache_key = (graph, tuple((k, id(v)) for k, v in sorted(named.items())))
        if cache_key not in self._save_ops:
            keys = sorted(named) + [OBJECT_GRAPH_PROTO_KEY]
            with graph.as_default(), graph.device("/cpu:0"):
                prefix = constant("", name="Const")
                object_graph = constant("", name="Const")
                tensors = [named[k]._ref() for k in keys[:-1]] + [object_graph]
                save = io_ops.SaveV2.apply(
                    prefix,
                    constant(keys, name="tensor_names"),
                    constant([""] * len(keys), name="shape_and_slices"),
                    tensors,
                    dtypes=[t.dtype.base_dtype for t in tensors],
                    name="SaveV2",
                )
                with graph.control_dependencies([save]):
                    saved = array_ops.identity(prefix)
            self._save_ops[cache_key] = (saved, prefix, object_graph)
        return self._save_ops[cache_key]

    def write(self, file_prefix, session=None):
        """Writes the checkpoint `file_prefix` (no numbering, no `checkpoint` file); returns
        `file_prefix`."""
        session = _session(session)
        proto, named = _ObjectGraphView(self).serialize()
        saved, prefix, object_graph = self._save_op(named)
        path = os.fspath(file_prefix)
        out = session.run(saved, {prefix: path, object_graph: proto.SerializeToString()})
        return out.decode() if isinstance(out, bytes) else str(out)

    def save(self, file_prefix, session=None):
        """Increments `save_counter`, writes `file_prefix-<save_counter>` and names it in the
        directory's `checkpoint` file; returns that path."""
        session = _session(session)
        if self._save_counter is None:
            session.run(self.save_counter.initializer)
        if self._save_assign_op is None:
            object.__setattr__(self, "_save_assign_op", self.save_counter.assign_add(1))
        number = session.run(self._save_assign_op)
        file_prefix = os.fspath(file_prefix)
        path = self.write(f"{file_prefix}-{int(number)}", session=session)
        cm.update_checkpoint_state(
            os.path.dirname(file_prefix), path, [path], save_relative_paths=True
        )
        return path

    def restore(self, save_path):
        """Matches the checkpoint `save_path` with the tracked objects; returns a status whose
        `run_restore_ops(session)` assigns the values (None: a status that initializes)."""
        if save_path is None:
            self._maybe_create_save_counter()
            return InitializationOnlyStatus(self)
        from tinytf.training.checkpoint_utils import NewCheckpointReader

        save_path = os.fspath(save_path)
        reader = NewCheckpointReader(save_path)
        if not reader.has_tensor(OBJECT_GRAPH_PROTO_KEY):
            self._maybe_create_save_counter()
            return NameBasedSaverStatus(self, save_path)
        proto = _proto()()
        proto.ParseFromString(reader.get_tensor(OBJECT_GRAPH_PROTO_KEY)[()])
        restore = _Restore(self, proto, save_path)
        self._maybe_create_save_counter()  # matched (and restored) by the status's next call
        return CheckpointLoadStatus(restore)


class CheckpointManager:
    """Numbers, records and prunes the checkpoints a Checkpoint writes in `directory` (its
    state: the directory's `checkpoint` file, as tf.train.latest_checkpoint reads it)."""

    def __init__(
        self,
        checkpoint,
        directory,
        max_to_keep,
        keep_checkpoint_every_n_hours=None,
        checkpoint_name="ckpt",
    ):
        if max_to_keep is not None and max_to_keep <= 0:
            raise ValueError(
                "Expected a positive integer or `None` for `max_to_max_to_keep`, got "
                f"{max_to_keep}."
            )
        self._checkpoint, self._save_counter_assign = checkpoint, None
        self._max_to_keep = max_to_keep
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._directory = os.fspath(directory)
        self._checkpoint_prefix = os.path.join(self._directory, checkpoint_name)
        self._maybe_delete = collections.OrderedDict()
        self._recover(cm.get_checkpoint_state(self._directory), time.time())

    def _recover(self, state, now):
        """Adopts the state a previous manager left in the directory."""
        if state is None:
            self._latest_checkpoint, self._last_preserved_timestamp = None, now - 1.0
            return
        self._latest_checkpoint = state.model_checkpoint_path
        self._last_preserved_timestamp = min(state.last_preserved_timestamp, now)
        paths = list(state.all_model_checkpoint_paths)
        stamps = list(state.all_model_checkpoint_timestamps) or [
            self._last_preserved_timestamp
        ] * len(paths)
        for path, stamp in zip(paths, stamps):
            stamp = min(stamp, now)
            if stamp > self._last_preserved_timestamp:
                self._maybe_delete[path] = stamp

    directory = property(lambda self: self._directory)

    @property
    def latest_checkpoint(self):
        """The prefix of the newest checkpoint, or None."""
        return self._latest_checkpoint

    @property
    def checkpoints(self):
        """The managed checkpoint prefixes, oldest first (not those kept by the hours rule)."""
        return list(self._maybe_delete)

    def _sweep(self):
        if not self._max_to_keep:
            return
        hours = self._keep_checkpoint_every_n_hours
        while len(self._maybe_delete) > self._max_to_keep:
            path, stamp = self._maybe_delete.popitem(last=False)
            if hours and stamp - hours * 3600.0 >= self._last_preserved_timestamp:
                self._last_preserved_timestamp = stamp
                continue
            for name in [path + ".index"] + glob.glob(glob.escape(path) + ".data-?????-of-?????"):
                if os.path.exists(name):
                    os.remove(name)

    def _record_state(self):
        paths, stamps = zip(*self._maybe_delete.items())
        cm.update_checkpoint_state(
            self._directory,
            self._latest_checkpoint,
            list(paths),
            all_model_checkpoint_timestamps=list(stamps),
            last_preserved_timestamp=self._last_preserved_timestamp,
            save_relative_paths=True,
        )

    def save(self, checkpoint_number=None):
        """Increments the save counter, writes `<directory>/<checkpoint_name>-<number>` (the
        counter's value unless `checkpoint_number`), prunes; returns the path."""
        session = _session(None)
        counter = self._checkpoint._save_counter
        if counter is None:
            counter = self._checkpoint.save_counter
            session.run(counter.initializer)
        if self._save_counter_assign is None:
            self._save_counter_assign = counter.assign_add(1, read_value=False)
        session.run(self._save_counter_assign)
        if checkpoint_number is None:
            checkpoint_number = counter
        if not isinstance(checkpoint_number, int):
            checkpoint_number = int(session.run(checkpoint_number))
        path = self._checkpoint.write(f"{self._checkpoint_prefix}-{checkpoint_number}", session)
        self._maybe_delete.pop(path, None)
        self._maybe_delete[path] = time.time()
        self._latest_checkpoint = path
        self._record_state()
        self._sweep()
        self._record_state()
        return path

"""Graph: ops in creation order, unique names, name scopes, collections, control dependencies,
and the default-graph stack. Bookkeeping only: nothing here runs a kernel."""

import contextlib
import re
import threading

from tinytf.framework import device as _device
from tinytf.framework.errors import ShapeError
from tinytf.framework.ops import Operation, Tensor


class GraphKeys:
    """Standard collection names, as TF 1.x."""

    GLOBAL_VARIABLES = VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    METRIC_VARIABLES = "metric_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    ASSET_FILEPATHS = "asset_filepaths"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    REGULARIZATION_LOSSES = "regularization_losses"
    CONCATENATED_VARIABLES = "concatenated_variables"
    SAVERS = "savers"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    SAVEABLE_OBJECTS = "saveable_objects"
    RESOURCES = "resources"
    LOCAL_RESOURCES = "local_resources"
    TRAINABLE_RESOURCE_VARIABLES = "trainable_resource_variables"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    READY_FOR_LOCAL_INIT_OP = "ready_for_local_init_op"
    SUMMARY_OP = "summary_op"
    GLOBAL_STEP = "global_step"
    EVAL_STEP = "eval_step"
    TRAIN_OP = "train_op"
    COND_CONTEXT = "cond_context"
    WHILE_CONTEXT = "while_context"


class _ControlDeps:
    """One `control_dependencies` block: its control ops and the ops created inside it."""

    def __init__(self, control_ops):
        self.control_ops = control_ops
        self.created = set()


class Graph:
    """A TF computation graph: `tf.Operation` nodes joined by `tf.Tensor` edges."""

    def __init__(self):
        self._ops = []
        self._ops_by_name = {}
        self._names_in_use = {}
        self._name_stack = ""
        self._collections = {}
        self._control_stack = []
        self._finalized = False
        self._version = 0  # bumped only when a change can alter an already compiled plan
        self._last_id = 0
        self.seed = None
        self._gradient_override_map = {}
        self._cond_context = None  # the tf.cond branch or while loop being built (ops/cond.py,
        # ops/while_loop.py): it sees each op created inside (process, created_op)
        self._while_contexts = []  # every tf.while_loop built in this graph, outer ones first
        self._device_stack = []  # tf.device blocks: canonical strings, functions, or None
        self._colocation_stack = []  # tf.colocate_with blocks: the ops to colocate with
        self._container = ""

    # -- ids and versions ------------------------------------------------------------------
    def _next_id(self):
        self._last_id += 1
        return self._last_id

    def _bump_version(self):
        self._version += 1

    version = property(lambda self: self._last_id)
    finalized = property(lambda self: self._finalized)

    def finalize(self):
        """Makes the graph read-only: adding an op raises RuntimeError."""
        self._finalized = True

    def _unsafe_unfinalize(self):
        self._finalized = False

    # -- names -------------------------------------------------------------------------------
    def unique_name(self, name, mark_as_used=True):
        """`name` under the current scope, suffixed `_1`, `_2`, ... if taken (case-insensitive)."""
        if self._name_stack:
            name = f"{self._name_stack}/{name}"
        key = name.lower()
        i = self._names_in_use.get(key, 0)
        if mark_as_used:
            self._names_in_use[key] = i + 1
        if i > 0:
            base = key
            while key in self._names_in_use:
                key = f"{base}_{i}"
                i += 1
            if mark_as_used:
                self._names_in_use[key] = 1
            name = f"{name}_{i - 1}"
        return name

    def get_name_scope(self):
        return self._name_stack

    @contextlib.contextmanager
    def name_scope(self, name):
        """Enters scope `name` (made unique); a name ending in '/' re-enters it exactly."""
        old = self._name_stack
        if not name:
            new = ""
        elif name.endswith("/"):
            new = name[:-1]
        else:
            new = self.unique_name(name)
        self._name_stack = new
        try:
            yield f"{new}/" if new else ""
        finally:
            self._name_stack = old

    # -- op creation -----------------------------------------------------------------------
    def _create_op(self, opdef, inputs, attrs, name):
        """Adds an op; runs its shape rule, re-raising a ShapeError in TF 1.x's words."""
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        name = name[:-1] if name.endswith("/") else self.unique_name(name)
        cond = self._cond_context
        if cond is not None:  # in a tf.cond branch or while loop: outside values enter it
            inputs, needs_pivot = cond.process(opdef, inputs)
        if self._container and attrs.get("container") == "":
            attrs = {**attrs, "container": self._container}
        op = Operation(self, opdef, name, inputs, attrs, self._control_inputs_for(inputs))
        op._gradient_type = self._gradient_override_map.get(opdef.type_name)
        op._control_flow_context = cond
        if self._device_stack or self._colocation_stack:
            self._place(op)
        try:
            specs = opdef.infer(*inputs, **attrs)
        except ShapeError as e:
            shapes = ", ".join(t.shape._debug() for t in inputs)
            raise ValueError(
                f"{e} for '{name}' (op: '{opdef.type_name}') with input shapes: {shapes}."
            ) from None
        op._set_outputs(specs if isinstance(specs, list) else [specs])  # list: several outputs
        if cond is not None:
            cond.created_op(op, needs_pivot)
        self._ops.append(op)
        self._ops_by_name[name] = op
        for block in self._control_stack:
            block.created.add(op)
        return op

    def _control_inputs_for(self, inputs):
        input_ops = {t.op for t in inputs}
        result = []
        for block in self._control_stack:
            if any(op in block.created for op in input_ops):
                continue  # already ordered after the block's controls through its inputs
            result.extend(c for c in block.control_ops if c not in input_ops and c not in result)
        return result

    @contextlib.contextmanager
    def control_dependencies(self, control_inputs):
        """Ops created inside run only after `control_inputs`; None clears outer blocks and,
        as in TF 1.x, the tf.cond branch or while loop being built (variables escape loops)."""
        if control_inputs is None:
            saved = self._control_stack, self._cond_context
            self._control_stack, self._cond_context = [], None
            try:
                yield
            finally:
                self._control_stack, self._cond_context = saved
            return
        ops = []
        for c in control_inputs:
            c = self.as_graph_element(c)
            op = c.op if isinstance(c, Tensor) else c
            if op not in ops:
                ops.append(op)
        self._control_stack.append(_ControlDeps(ops))
        try:
            yield
        finally:
            self._control_stack.pop()

    # -- devices -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def device(self, device_name_or_function):
        """Ops created inside get this device: a name ('/cpu:0', '/job:ps/task:0'), a
        DeviceSpec, a function of the op returning one, or None (outer blocks ignored)."""
        entry = device_name_or_function
        if isinstance(entry, (str, _device.DeviceSpec)):
            entry = _device.canonical_name(entry)
        elif entry is not None and not callable(entry):
            raise TypeError(
                f"tf.device takes a device name, a DeviceSpec or a function, not "
                f"{type(entry).__name__}: {entry!r}"
            )
        self._device_stack.append(entry)
        try:
            yield
        finally:
            self._device_stack.pop()

    @contextlib.contextmanager
    def colocate_with(self, op, ignore_existing=False):
        """Ops created inside are placed with `op` (its device and colocation group);
        device blocks are ignored inside, as in TF 1.x."""
        if op is not None and not isinstance(op, Operation):
            op = self.as_graph_element(op.op if hasattr(op, "op") else op)
            op = op.op if isinstance(op, Tensor) else op
        saved = self._colocation_stack, self._device_stack
        if ignore_existing or op is None:
            self._colocation_stack = []
        if op is not None:
            self._colocation_stack = self._colocation_stack + [op]
            self._device_stack = []
        try:
            yield
        finally:
            self._colocation_stack, self._device_stack = saved

    @contextlib.contextmanager
    def container(self, container_name):
        """Stateful ops created inside (variables, queues) live in container `container_name`."""
        saved, self._container = self._container, container_name
        try:
            yield self._container
        finally:
            self._container = saved

    def _place(self, op):
        if self._colocation_stack:
            groups = set()
            for target in self._colocation_stack:
                groups.update(target.colocation_groups())
            op._colocation = sorted(groups)
            op._device = self._colocation_stack[-1].device
            return
        device = ""
        for entry in reversed(self._device_stack):
            if entry is None:
                break
            if callable(entry):
                op._device = device  # a device function sees what inner tf.device blocks set
                device = _device.canonical_device_of(entry(op))
            else:
                device = _device.merge_under(device, entry)
        op._device = device

    # -- lookup ----------------------------------------------------------------------------
    def get_operations(self):
        return list(self._ops)

    def get_operation_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Operation names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Tensor names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        """Resolves a Tensor, Operation, name string or object with `_as_graph_element`."""
        if hasattr(obj, "_as_graph_element"):
            obj = obj._as_graph_element()
        if isinstance(obj, str):
            return self._element_by_name(obj, allow_tensor, allow_operation)
        if isinstance(obj, (Tensor, Operation)):
            kind = "Tensor" if isinstance(obj, Tensor) else "Operation"
            if (kind == "Tensor" and not allow_tensor) or (
                kind == "Operation" and not allow_operation
            ):
                raise TypeError(
                    f"Can not convert a {kind} into a {_wanted(allow_tensor, allow_operation)}."
                )
            if obj.graph is not self:
                raise ValueError(f"{kind} {obj} is not an element of this graph.")
            return obj
        raise TypeError(
            f"Can not convert a {type(obj).__name__} into a "
            f"{_wanted(allow_tensor, allow_operation)}."
        )

    def _element_by_name(self, name, allow_tensor, allow_operation):
        if ":" in name and allow_tensor:
            op_name, _, index = name.rpartition(":")
            if not index.isdigit():
                raise ValueError(
                    f"The name {name!r} looks a like a Tensor name, but is not a valid one."
                )
            if op_name not in self._ops_by_name:
                raise KeyError(
                    f"The name {name!r} refers to a Tensor which does not exist. "
                    f"The operation, {op_name!r}, does not exist in the graph."
                )
            outputs = self._ops_by_name[op_name]._outputs
            if int(index) >= len(outputs):
                raise KeyError(
                    f"The name {name!r} refers to a Tensor which does not exist. The operation, "
                    f"{op_name!r}, exists but only has {len(outputs)} outputs."
                )
            return outputs[int(index)]
        if ":" in name:
            raise ValueError(f"Name {name!r} appears to refer to a Tensor, not a Operation.")
        if name not in self._ops_by_name:
            raise KeyError(f"The name {name!r} refers to an Operation not in the graph.")
        if not allow_operation:
            raise ValueError(
                f"The name {name!r} refers to an Operation, not a Tensor. Tensor names must be "
                'of the form "<op_name>:<output_index>".'
            )
        return self._ops_by_name[name]

    # -- collections -----------------------------------------------------------------------
    def add_to_collection(self, name, value):
        self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        for name in [names] if isinstance(names, str) else set(names):
            self.add_to_collection(name, value)

    def get_collection_ref(self, name):
        return self._collections.setdefault(name, [])

    def get_collection(self, name, scope=None):
        """A copy of collection `name`, filtered to items whose name matches `scope`."""
        items = self._collections.get(name, [])
        if scope is None:
            return list(items)
        pattern = re.compile(scope)
        return [i for i in items if hasattr(i, "name") and pattern.match(i.name)]

    def get_all_collection_keys(self):
        return [k for k, v in self._collections.items() if isinstance(v, list)]

    def clear_collection(self, name):
        self._collections.pop(name, None)

    # -- defaults --------------------------------------------------------------------------
    @contextlib.contextmanager
    def as_default(self):
        """Makes this graph the default graph inside the block."""
        _stack().append(self)
        try:
            yield self
        finally:
            _stack().pop()

    @contextlib.contextmanager
    def gradient_override_map(self, op_type_map):
        saved = dict(self._gradient_override_map)
        self._gradient_override_map.update(op_type_map)
        try:
            yield
        finally:
            self._gradient_override_map = saved

    def as_graph_def(self, from_version=None, add_shapes=False):
        """The graph as a `GraphDef` protobuf (needs the tensorboard package)."""
        from tinytf.framework import graph_io

        return graph_io.as_graph_def(self, from_version, add_shapes)

    @property
    def graph_def_versions(self):
        return self.as_graph_def().versions

    def is_feedable(self, tensor):
        return True

    def is_fetchable(self, tensor_or_op):
        return True


def _wanted(allow_tensor, allow_operation):
    return " or ".join(
        w for w, ok in (("Tensor", allow_tensor), ("Operation", allow_operation)) if ok
    )


class _DefaultGraphState(threading.local):
    def __init__(self):
        self.stack = []


_state = _DefaultGraphState()
_global_default = [Graph()]


def _stack():
    return _state.stack


def get_default_graph():
    """The graph in which new ops are created: the innermost `as_default()`, else the global."""
    stack = _state.stack
    return stack[-1] if stack else _global_default[0]


def reset_default_graph():
    """Replaces the global default graph with a new, empty one."""
    if _state.stack:
        raise AssertionError(
            "Do not use tf.reset_default_graph() to clear nested graphs. If you need a cleared "
            "graph, exit the nesting and create a new graph."
        )
    _global_default[0] = Graph()


def graph_of(values):
    """The graph of the first Tensor-like among `values`, else the default graph."""
    for v in values:
        g = getattr(v, "graph", None)
        if isinstance(g, Graph):
            return g
    return get_default_graph()


def get_collection(key, scope=None):
    """`tf.get_collection`: items of collection `key` in the default graph."""
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key):
    return get_default_graph().get_collection_ref(key)


def add_to_collection(name, value):
    """`tf.add_to_collection` on the default graph."""
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value):
    get_default_graph().add_to_collections(names, value)


def device(device_name_or_function):
    """`with tf.device('/cpu:0'):` - the device of the ops created inside (see Graph.device)."""
    return get_default_graph().device(device_name_or_function)


def colocate_with(op, ignore_existing=False):
    """`with tf.colocate_with(v):` - ops created inside are placed with `op`."""
    return get_default_graph().colocate_with(op, ignore_existing)


def container(container_name):
    """`with tf.container('name'):` - the container of the stateful ops created inside."""
    return get_default_graph().container(container_name)

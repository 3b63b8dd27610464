"""TF's resource variables, as far as TF 1.15's graph-mode code makes them for itself (the state
of tf.random.experimental.Generator): VarHandleOp, ReadVariableOp, AssignVariableOp,
VarIsInitializedOp and the ResourceVariable over them. `tf.Variable` stays a reference variable.

A variable's value lives in the Session that runs its VarHandleOp, in the run context under
(container, shared_name) as in TF's resource manager; the handle's runtime value is that slot.
"""

import threading

from tinytf.framework import dtypes as D
from tinytf.framework.errors import FailedPreconditionError, InvalidArgumentError, NotFoundError
from tinytf.framework.graph import GraphKeys
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    control_dependencies,
    convert_to_tensor,
    init_scope,
    name_scope,
    register_op,
    register_tensor_conversion_function,
)
from tinytf.framework.tensor_shape import TensorShape, scalar, unknown_shape

_CONTAINER = "localhost"  # TF's default resource container


class _Slot:
    """One resource variable's value in one Session (None until assigned)."""

    def __init__(self, container, name, dtype):
        self.container, self.name, self.dtype, self.value = container, name, dtype, None
        self.lock = threading.Lock()  # read-modify-write ops (RNG state updates) hold it

    def read(self, action=None):
        """The value; TF's NotFoundError/FailedPreconditionError when there is none yet."""
        if self.value is None:
            missing = (
                f"Container {self.container} does not exist. (Could not find resource: "
                f"{self.container}/{self.name})"
            )
            if action is None:
                raise NotFoundError(None, None, missing)
            raise FailedPreconditionError(
                None,
                None,
                f"Error while reading resource variable {self.name} from Container: "
                f"{self.container}. This could mean that the variable was uninitialized. "
                f"Not found: {missing}",
            )
        return self.value


@register_op
class VarHandleOp(OpDef):
    """The handle of a resource variable of `dtype` and `shape`."""

    attrs = {"container": "", "shared_name": "", "dtype": None, "shape": None}
    stateful = True
    foldable = False

    def infer(*, container, shared_name, dtype, shape):
        return TensorSpec(scalar(), D.resource)

    def kernel(xp, *, ctx, op, container, shared_name, dtype, shape):
        key = ("Var", container or _CONTAINER, shared_name or op.name)
        slot = ctx.tables.get(key)
        if slot is None:
            slot = ctx.tables.setdefault(key, _Slot(key[1], key[2], dtype))
        return slot


def _handle_shape(resource):
    """The static shape of the variable behind a handle (TF keeps it as handle data)."""
    op = resource.op
    if op.type == "VarHandleOp":
        return TensorShape(op.get_attr("shape"))
    return unknown_shape()


@register_op
class ReadVariableOp(OpDef):
    """The value of the variable behind `resource`."""

    inputs = ("resource",)
    attrs = {"dtype": None}
    stateful = True
    foldable = False

    def infer(resource, *, dtype):
        return TensorSpec(_handle_shape(resource), dtype)

    def kernel(xp, resource, *, ctx, op, dtype):
        return resource.read("read").copy()  # a snapshot: later updates replace, never alias

    def grad(op, dy):
        return dy


@register_op
class AssignVariableOp(OpDef):
    """Stores `value` in the variable behind `resource`."""

    inputs = ("resource", "value")
    type_inputs = ("value",)
    attrs = {"dtype": None}
    stateful = True
    foldable = False

    def infer(resource, value, *, dtype):
        return []

    def kernel(xp, resource, value, *, ctx, op, dtype):
        if resource.dtype != dtype:
            raise InvalidArgumentError(
                None,
                None,
                f"Trying to assign variable with wrong dtype. Expected {resource.dtype.name} "
                f"got {dtype.name}",
            )
        resource.value = xp.asarray(value).copy()
        return ()


@register_op
class VarIsInitializedOp(OpDef):
    """Whether the variable behind `resource` holds a value in this Session."""

    inputs = ("resource",)
    stateful = True
    foldable = False

    def infer(resource):
        return TensorSpec(scalar(), D.bool)

    def kernel(xp, resource, *, ctx, op):
        return xp.asarray(resource.value is not None)


for _op_type in ("VarHandleOp", "AssignVariableOp", "VarIsInitializedOp"):
    NotDifferentiable(_op_type)


def read_variable_op(resource, dtype, name=None):
    """The current value behind `resource` (a new ReadVariableOp)."""
    return ReadVariableOp.apply(resource, dtype=dtype, name=name)


class ResourceVariable:
    """A variable whose ops take its handle (TF's ResourceVariable, graph mode)."""

    def __init__(self, initial_value, trainable=True, collections=None, name=None, dtype=None):
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections = list(collections) + [GraphKeys.TRAINABLE_VARIABLES]
        with init_scope(), name_scope(name, "Variable", [initial_value]) as scope:
            with name_scope("Initializer"):
                init = convert_to_tensor(initial_value, dtype=dtype, name="initial_value")
            shape = init.shape
            if not shape.is_fully_defined():
                raise ValueError(f"initial_value must have a shape specified: {init}")
            self._dtype = init.dtype.base_dtype
            self._handle = VarHandleOp.apply(
                name=scope, dtype=self._dtype, shape=shape, shared_name=scope[:-1]
            )
            self._handle.op._colocation = [f"loc:@{scope[:-1]}".encode()]  # TF's _class attr
            with name_scope("IsInitialized"):
                self._is_initialized_op = VarIsInitializedOp.apply(self._handle)
            self._initializer_op = AssignVariableOp.apply(
                self._handle, init, dtype=self._dtype, name="Assign"
            )
            with name_scope("Read"):
                self._graph_element = read_variable_op(self._handle, self._dtype)
        self._initial_value, self._shape, self._trainable = init, shape, trainable
        self._handle.graph.add_to_collections(collections, self)

    name = property(lambda self: self._handle.name)
    handle = property(lambda self: self._handle)
    op = property(lambda self: self._handle.op)
    graph = property(lambda self: self._handle.graph)
    dtype = property(lambda self: self._dtype)
    shape = property(lambda self: self._shape)
    device = property(lambda self: "")
    initializer = property(lambda self: self._initializer_op)
    initial_value = property(lambda self: self._initial_value)
    trainable = property(lambda self: self._trainable)

    def get_shape(self):
        return self._shape

    def value(self):
        """A new tensor reading the current value."""
        return read_variable_op(self._handle, self._dtype)

    def read_value(self):
        """A new tensor reading the current value (TF's Read/ReadVariableOp, then Identity)."""
        from tinytf.ops.array_ops import identity

        with name_scope("Read"):
            value = read_variable_op(self._handle, self._dtype)
        return identity(value)

    def is_initialized(self, name=None):
        """A bool tensor: whether the variable holds a value in the session."""
        return VarIsInitializedOp.apply(self._handle, name=name)

    def _as_graph_element(self):
        return self._graph_element

    def eval(self, session=None):
        """The value in `session` (default: the default session)."""
        return self._graph_element.eval(session=session)

    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Stores `value`; returns a read of the new value (or the op if read_value is False)."""
        value = convert_to_tensor(value, dtype=self._dtype)
        self._shape.assert_is_compatible_with(value.shape)
        assign_op = AssignVariableOp.apply(self._handle, value, dtype=self._dtype, name=name)
        if not read_value:
            return assign_op
        with control_dependencies([assign_op]):
            return read_variable_op(self._handle, self._dtype)

    def __getitem__(self, key):
        from tinytf.ops import indexing_ops

        return indexing_ops.slice_helper(self.value(), key)

    def _gather_saveables_for_checkpoint(self):
        from tinytf.training.saver import SaveableObject, SaveSpec

        variable = self

        class _Saveable(SaveableObject):
            def restore(self, restored_tensors, restored_shapes):
                return variable.assign(restored_tensors[0], read_value=False)

        def factory():
            spec = SaveSpec(self._graph_element, "", self.op.name)
            return _Saveable(self._graph_element, [spec], self.op.name)

        return {"VARIABLE_VALUE": factory}

    def __repr__(self):
        return f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}>"


def _conversion(v, dtype=None, name=None, as_ref=False):
    return v.handle if as_ref else v.value()


register_tensor_conversion_function(ResourceVariable, _conversion, priority=50)

"""tf.Variable (TF 1.x's reference variable) and the variable collections and initializers."""

from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.op_def import (
    convert_to_tensor,
    init_scope,
    name_scope,
    register_tensor_conversion_function,
)
from tinytf.framework.tensor_shape import unknown_shape
from tinytf.ops import state_ops
from tinytf.ops.array_ops import Identity
from tinytf.ops.control_flow_ops import group, no_op


class Variable:
    """A tensor whose value persists across `Session.run` calls, held per Session.

    >>> W = tf.Variable(tf.zeros([784, 10]))
    >>> sess.run(tf.global_variables_initializer())
    """

    def __init__(
        self,
        initial_value=None,
        trainable=True,
        collections=None,
        validate_shape=True,
        caching_device=None,
        name=None,
        variable_def=None,
        dtype=None,
        expected_shape=None,
        import_scope=None,
        constraint=None,
        use_resource=None,
        synchronization=None,
        aggregation=None,
        shape=None,
    ):
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections = list(collections) + [GraphKeys.TRAINABLE_VARIABLES]
        from_fn = callable(initial_value)
        values = [] if from_fn else [initial_value]
        with init_scope(), name_scope(name, "Variable", values) as scope:
            if from_fn:
                with name_scope("Initializer"):
                    initial_value = initial_value()
            init = convert_to_tensor(initial_value, name="initial_value", dtype=dtype)
            if not from_fn and getattr(init.op, "_control_flow_context", None) is not None:
                raise ValueError(
                    f"Initializer for variable {scope} is from inside a control-flow construct, "
                    "such as a loop or conditional. When creating a variable inside a loop or "
                    "conditional, use a lambda as the initializer."
                )
            static = init.shape if validate_shape else unknown_shape()
            if shape is not None:
                static = static.merge_with(shape)
            if validate_shape and not static.is_fully_defined():
                raise ValueError(f"initial_value must have a shape specified: {init}")
            self._variable = state_ops.VariableV2.apply(
                name=scope, shape=static, dtype=init.dtype.base_dtype
            )
            self._initial_value = init
            with self._variable.graph.colocate_with(self._variable.op):  # TF's _class attrs
                self._initializer_op = state_ops.Assign.apply(
                    self._variable, init, name="Assign", validate_shape=validate_shape,
                    use_locking=True,
                ).op
                self._snapshot = Identity.apply(self._variable, name="read")
        self._trainable = trainable
        self._constraint = constraint
        self._variable.graph.add_to_collections(collections, self)

    # -- what a variable is ------------------------------------------------------------------
    name = property(lambda self: self._variable.name)
    op = property(lambda self: self._variable.op)
    dtype = property(lambda self: self._variable.dtype)
    shape = property(lambda self: self._variable.shape)
    graph = property(lambda self: self._variable.graph)
    device = property(lambda self: "")
    initializer = property(lambda self: self._initializer_op)
    initial_value = property(lambda self: self._initial_value)
    trainable = property(lambda self: self._trainable)
    constraint = property(lambda self: self._constraint)

    def get_shape(self):
        return self.shape

    def value(self):
        """The snapshot tensor (`<name>/read`) that ops read."""
        return self._snapshot

    def read_value(self):
        """A new tensor that reads the current value."""
        return Identity.apply(self._variable, name="read")

    def _ref(self):
        return self._variable

    def _as_graph_element(self):
        return self._variable

    def eval(self, session=None):
        """The value in `session` (default: the default session)."""
        return self._variable.eval(session=session)

    def initialized_value(self):
        return self._initial_value

    def assign(self, value, use_locking=False, name=None, read_value=True):
        """Stores `value`; returns the new value (or the op if read_value is False)."""
        out = state_ops.assign(self._variable, value, use_locking=use_locking, name=name)
        return out if read_value else out.op

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        """Adds `delta` to the value."""
        out = state_ops.assign_add(self._variable, delta, use_locking=use_locking, name=name)
        return out if read_value else out.op

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        """Subtracts `delta` from the value."""
        out = state_ops.assign_sub(self._variable, delta, use_locking=use_locking, name=name)
        return out if read_value else out.op

    def load(self, value, session=None):
        """Sets the value in `session` without adding ops (feeds the initializer)."""
        from tinytf.client.session import get_default_session

        session = session or get_default_session()
        if session is None:
            raise ValueError(
                "Either session argument should be provided or default session "
                "should be established"
            )
        session.run(self._initializer_op, {self._initializer_op.inputs[1]: value})

    def to_proto(self, export_scope=None):
        """A VariableDef (TensorBoard's protobuf class) naming this variable's ops."""
        from tensorboard.compat.proto.variable_pb2 import VariableDef

        ops = (self._variable, self._initializer_op, self._snapshot, self._initial_value)
        names = tuple(x.name for x in ops)
        if export_scope:
            if any(not n.startswith(export_scope + "/") for n in names):
                return None
            names = tuple(n[len(export_scope) + 1 :] for n in names)
        return VariableDef(
            variable_name=names[0],
            initializer_name=names[1],
            snapshot_name=names[2],
            initial_value_name=names[3],
            trainable=self._trainable,
            is_resource=False,
        )

    @staticmethod
    def from_proto(variable_def, import_scope=None):
        """The Variable over the existing ops that `variable_def` names (after an import)."""
        graph = get_default_graph()

        def element(name):
            return graph.as_graph_element(f"{import_scope}/{name}" if import_scope else name)

        variable = Variable.__new__(Variable)
        variable._variable = element(variable_def.variable_name)
        variable._initializer_op = element(variable_def.initializer_name)
        variable._snapshot = element(variable_def.snapshot_name)
        initial = variable_def.initial_value_name
        variable._initial_value = element(initial) if initial else variable._snapshot
        variable._trainable = variable_def.trainable
        variable._constraint = None
        return variable

    def __repr__(self):
        return f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}>"

    __hash__ = object.__hash__

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __iter__(self):
        raise TypeError("'Variable' object is not iterable.")


def _variable_conversion(v, dtype=None, name=None, as_ref=False):
    return v._ref() if as_ref else v.value()


register_tensor_conversion_function(Variable, _variable_conversion, priority=50)

RefVariable = Variable


def global_variables(scope=None):
    """Variables in the GLOBAL_VARIABLES collection (matching `scope`)."""
    return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


def trainable_variables(scope=None):
    """Variables created with trainable=True."""
    return get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.MODEL_VARIABLES, scope)


def variables_initializer(var_list, name="init"):
    """An op that runs the initializers of `var_list`."""
    if var_list:
        return group(*[v.initializer for v in var_list], name=name)
    return no_op(name=name)


def global_variables_initializer():
    """An op that initializes all global variables (named 'init').

    >>> tf.global_variables_initializer().run()
    """
    return variables_initializer(global_variables())


def local_variables_initializer():
    return variables_initializer(local_variables(), name="init")


initialize_all_variables = global_variables_initializer
all_variables = global_variables

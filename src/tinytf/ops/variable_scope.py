"""tf.variable_scope and tf.get_variable: named, shareable variables, with TF 1.x's reuse rules."""

import contextlib

from tinytf.framework import dtypes as D
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.op_def import name_scope
from tinytf.framework.tensor_shape import as_shape
from tinytf.ops import init_ops
from tinytf.ops.variables import Variable


class _AutoReuse:
    def __repr__(self):
        return "tf.AUTO_REUSE"


AUTO_REUSE = _AutoReuse()


class VariableScope:
    """A scope for variable names: `name`, `reuse`, default `initializer` and `dtype`."""

    def __init__(
        self, reuse, name="", initializer=None, dtype=D.float32, name_scope="", use_resource=None
    ):
        self._name, self._reuse = name, reuse
        self._use_resource = use_resource
        self._initializer, self._dtype = initializer, D.as_dtype(dtype)
        self._name_scope = name_scope

    name = property(lambda self: self._name)
    original_name_scope = property(lambda self: self._name_scope)
    reuse = property(lambda self: self._reuse)
    use_resource = property(lambda self: self._use_resource)
    initializer = property(lambda self: self._initializer)
    dtype = property(lambda self: self._dtype)

    def reuse_variables(self):
        self._reuse = True

    def set_use_resource(self, use_resource):
        self._use_resource = use_resource

    def set_initializer(self, initializer):
        self._initializer = initializer

    def get_variable(
        self,
        name,
        shape=None,
        dtype=None,
        initializer=None,
        trainable=True,
        collections=None,
        **kwargs,
    ):
        full = f"{self._name}/{name}" if self._name else name
        return _store().get(
            full,
            shape,
            dtype,
            self._initializer if initializer is None else initializer,
            self._reuse,
            trainable,
            collections,
            kwargs.get("regularizer"),
        )


class _VariableStore:
    """The variables a graph created with get_variable, by full name."""

    def __init__(self):
        self.variables = {}
        self.scope_counts = {}

    def get(self, name, shape, dtype, initializer, reuse, trainable, collections, regularizer):
        if dtype is None and not callable(initializer):
            dtype = getattr(initializer, "dtype", None)  # a tensor or array brings its own
        dtype = D.as_dtype(dtype or get_variable_scope().dtype)
        if name in self.variables:
            if reuse is False or reuse is None:
                raise ValueError(
                    f"Variable {name} already exists, disallowed. Did you mean to "
                    "set reuse=True or reuse=tf.AUTO_REUSE in VarScope?"
                )
            return self._checked(self.variables[name], name, shape, dtype)
        if reuse is True:
            raise ValueError(
                f"Variable {name} does not exist, or was not created with "
                "tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in "
                "VarScope?"
            )
        variable = self._create(name, shape, dtype, initializer, trainable, collections)
        if regularizer is not None:
            with name_scope(f"{name}/Regularizer/"):
                loss = regularizer(variable)
            if loss is not None:
                get_default_graph().add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
        return variable

    def _checked(self, variable, name, shape, dtype):
        if shape is not None and not as_shape(shape).is_compatible_with(variable.shape):
            raise ValueError(
                f"Trying to share variable {name}, but specified shape "
                f"{as_shape(shape)} and found shape {variable.shape}."
            )
        if dtype != variable.dtype.base_dtype:
            raise ValueError(
                f"Trying to share variable {name}, but specified dtype {dtype.name} "
                f"and found dtype {variable.dtype.base_dtype.name}."
            )
        return variable

    def _create(self, name, shape, dtype, initializer, trainable, collections):
        if initializer is None:
            initializer = (
                init_ops.glorot_uniform_initializer() if dtype.is_floating else init_ops.Zeros()
            )
        if isinstance(initializer, type):
            initializer = initializer(dtype=dtype)
        if callable(initializer):
            if shape is None:
                raise ValueError(
                    f"Shape of a new variable ({name}) must be fully defined, but "
                    "instead was <unknown>."
                )
            shape = as_shape(shape).as_list()
            init_value = lambda: initializer(shape, dtype=dtype)  # noqa: E731
        else:
            init_value = initializer  # a tensor or value: its own shape
        with name_scope(None):
            variable = Variable(
                init_value, trainable=trainable, collections=collections, name=name, dtype=dtype
            )
        self.variables[name] = variable
        return variable


def _store():
    graph = get_default_graph()
    if not hasattr(graph, "_variable_store"):
        graph._variable_store = _VariableStore()
        graph._variable_scope_stack = [VariableScope(False)]
    return graph._variable_store


def get_variable_scope():
    """The current VariableScope."""
    _store()
    return get_default_graph()._variable_scope_stack[-1]


def get_variable(
    name,
    shape=None,
    dtype=None,
    initializer=None,
    regularizer=None,
    trainable=None,
    collections=None,
    caching_device=None,
    partitioner=None,
    validate_shape=True,
    use_resource=None,
    custom_getter=None,
    constraint=None,
    synchronization=None,
    aggregation=None,
):
    """An existing variable (scope reuse) or a new one, named by the current variable scope.

    >>> with tf.variable_scope("layer1"):
    ...     w = tf.get_variable("w", [784, 10])   # layer1/w, glorot_uniform by default
    """
    return get_variable_scope().get_variable(
        name,
        shape,
        dtype,
        initializer,
        trainable=True if trainable is None else trainable,
        collections=collections,
        regularizer=regularizer,
    )


@contextlib.contextmanager
def variable_scope(
    name_or_scope,
    default_name=None,
    values=None,
    initializer=None,
    regularizer=None,
    caching_device=None,
    partitioner=None,
    custom_getter=None,
    reuse=None,
    dtype=None,
    use_resource=None,
    constraint=None,
    auxiliary_name_scope=True,
):
    """Prefixes get_variable names (and op names) with a scope; `reuse` shares variables."""
    if name_or_scope is None and default_name is None:
        raise TypeError("If default_name is None then name_or_scope is required")
    store = _store()
    stack = get_default_graph()._variable_scope_stack
    parent = stack[-1]
    if isinstance(name_or_scope, VariableScope):  # re-entered: its name and op name scope
        full = name_or_scope.name
        ns = name_or_scope.name.rpartition("/")[2]  # TF 1.15: a new op scope, made unique
        reuse = name_or_scope.reuse if reuse is None else reuse
    else:
        base = (
            name_or_scope
            if name_or_scope is not None
            else _unique_default(store, parent.name, default_name)
        )
        full = f"{parent.name}/{base}" if parent.name else base
        ns = name_or_scope if name_or_scope is not None else default_name  # as TF: op scopes
        # are made unique from the default name, not from the variable scope's name
    if reuse is None or (reuse is False and parent.reuse is True):
        reuse = parent.reuse
    if use_resource is None:  # TF: inherited, and only read by tf.custom_gradient here
        use_resource = parent.use_resource
    scope = VariableScope(
        reuse, full, initializer or parent.initializer, dtype or parent.dtype,
        use_resource=use_resource,
    )
    _open(store, full)
    stack.append(scope)
    try:
        if not auxiliary_name_scope:  # ops keep the current name scope
            current = get_default_graph().get_name_scope()
            scope._name_scope = f"{current}/" if current else ""
            yield scope
            return
        with name_scope(ns) as op_scope:
            scope._name_scope = op_scope
            yield scope
    finally:
        stack.pop()


def _unique_default(store, parent, default_name):
    """`default_name`, or `default_name_<i>` with the first i no scope has used (TF's rule)."""
    key = f"{parent}/{default_name}" if parent else default_name
    if not store.scope_counts.get(key):
        return default_name
    i = 1
    while store.scope_counts.get(f"{key}_{i}"):
        i += 1
    return f"{default_name}_{i}"


def _open(store, full):
    """Counts an entry into scope `full` and forgets its sub-scopes' counts, as TF does: so
    re-entering a scope (say, with reuse=True) names its default-named sub-scopes afresh."""
    store.scope_counts[full] = store.scope_counts.get(full, 0) + 1
    prefix = full + "/"
    for key in store.scope_counts:
        if key.startswith(prefix):
            store.scope_counts[key] = 0

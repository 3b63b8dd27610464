"""tf.layers.Layer: a callable that creates its variables with get_variable in a variable scope of
its own on the first call (named as TF 1.x names it: `dense`, `dense_1`, or the given name) and
builds its ops in that scope's name scope.

    layer = tf.layers.Dense(10)          # or tf.layers.dense(x, 10)
    y1 = layer(x1); y2 = layer(x2)       # the second call shares dense/kernel and dense/bias
"""

import contextlib
import inspect
import re
import weakref

from tinytf.framework import dtypes
from tinytf.framework.graph import GraphKeys, get_default_graph
from tinytf.framework.op_def import convert_to_tensor, name_scope
from tinytf.ops import init_ops
from tinytf.ops import variable_scope as vs

ZEROS = init_ops.zeros_initializer()  # the default initializers (stateless, so shared)
ONES = init_ops.ones_initializer()


def _snake_case(name):
    """TF's layer names from class names: BasicLSTMCell -> basic_lstm_cell, Conv2D -> conv2d."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()


_LAYER_NAME_UIDS = weakref.WeakKeyDictionary()  # graph -> {base name: layers named so far}


def _unique_layer_name(base):
    uids = _LAYER_NAME_UIDS.setdefault(get_default_graph(), {})
    uids[base] = uids.get(base, 0) + 1
    return f"{base}_{uids[base]}"


class Layer:
    """The base of tf.layers' layers: subclasses define build(input_shape) and call(inputs)."""

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        self._reuse = kwargs.pop("_reuse", None)
        allowed = {"_scope", "activity_regularizer", "input_shape", "batch_input_shape"}
        unknown = set(kwargs) - allowed
        if unknown:
            raise TypeError(f"Keyword argument not understood: {sorted(unknown)[0]}")
        self.trainable = trainable
        self.dtype = None if dtype is None else dtypes.as_dtype(dtype).name
        self.built = False
        self._scope = self._op_scope = None
        if isinstance(name, vs.VariableScope):  # build in this very scope (as TF's canned DNN)
            self._scope, self._op_scope = name, name.original_name_scope
            name = name.name.rsplit("/", 1)[-1]
        self._given_name = name
        self._base_name = name or _snake_case(type(self).__name__)
        self._name = name or _unique_layer_name(self._base_name)
        self._trainable_weights, self._non_trainable_weights = [], []
        self._updates, self._losses = [], []
        self.input_spec = None
        self._calling = False

    # -- what a layer holds ----------------------------------------------------------------
    @property
    def name(self):
        """The given name, else TF 1.x's `<snake_case class>_<n>` (n from 1 per graph; the
        variable scope is named apart: `dense`, `dense_1`, ...)."""
        return self._name

    @property
    def scope_name(self):
        if self._scope is None:
            raise ValueError(
                f"No name available for layer scope because the layer "
                f'"{self._base_name}" has not been used yet.'
            )
        return self._scope.name

    trainable_weights = property(
        lambda self: list(self._trainable_weights) if self.trainable else []
    )
    trainable_variables = trainable_weights
    non_trainable_weights = property(
        lambda self: (
            self._non_trainable_weights + ([] if self.trainable else self._trainable_weights)
        )
    )
    non_trainable_variables = non_trainable_weights
    weights = property(lambda self: self.trainable_weights + self.non_trainable_weights)
    variables = weights
    updates = property(lambda self: list(self._updates))
    losses = property(
        lambda self: list(self._losses),
        doc="Losses added by add_loss and the weights' regularizers.",
    )

    def add_weight(
        self,
        name,
        shape,
        dtype=None,
        initializer=None,
        regularizer=None,
        trainable=None,
        constraint=None,
        use_resource=None,
        synchronization=None,
        aggregation=None,
        partitioner=None,
        **kwargs,
    ):
        """A variable `<scope>/<name>` made with get_variable (shared when the scope reuses);
        a regularizer's loss joins `losses` and REGULARIZATION_LOSSES."""
        for kwarg in kwargs:
            if kwarg != "experimental_autocast":
                raise TypeError("Unknown keyword argument:", kwarg)
        trainable = (True if trainable is None else trainable) and self.trainable
        graph = get_default_graph()
        known_losses = len(graph.get_collection(GraphKeys.REGULARIZATION_LOSSES))
        with self._in_scope():
            variable = vs.get_variable(
                name,
                shape,
                dtype=dtype or self.dtype or dtypes.float32,
                initializer=initializer,
                regularizer=regularizer,
                trainable=trainable,
                constraint=constraint,
            )
        self._losses += graph.get_collection(GraphKeys.REGULARIZATION_LOSSES)[known_losses:]
        self._track(variable, trainable)
        return variable

    add_variable = add_weight  # TF 1.x's older name

    def _track(self, variable, trainable):
        if all(variable is not w for w in self._trainable_weights + self._non_trainable_weights):
            (self._trainable_weights if trainable else self._non_trainable_weights).append(variable)

    def add_loss(self, losses, inputs=None):
        """Records `losses` (a tensor or a list) as this layer's, and in REGULARIZATION_LOSSES
        (where TF 1.x's layers put them)."""
        losses = losses if isinstance(losses, (list, tuple)) else [losses]
        collection = get_default_graph().get_collection_ref(GraphKeys.REGULARIZATION_LOSSES)
        for loss in losses:
            loss = loss() if callable(loss) else convert_to_tensor(loss)
            if loss is None:
                continue
            self._losses.append(loss)
            if all(loss is not c for c in collection):
                collection.append(loss)

    def add_update(self, updates, inputs=None):
        """Records update ops (run them through UPDATE_OPS, e.g. batch norm's statistics)."""
        updates = updates if isinstance(updates, (list, tuple)) else [updates]
        for u in updates:
            self._updates.append(u)
            get_default_graph().add_to_collection(GraphKeys.UPDATE_OPS, u)

    # -- calling ---------------------------------------------------------------------------
    def build(self, input_shape):
        """Creates the variables (subclasses override it; the default makes none)."""
        self.built = True

    def call(self, inputs, **kwargs):
        """The layer's computation (subclasses override it; the default is the identity)."""
        return inputs

    def _enter_scope(self, scope=None):
        if self._scope is not None:  # later calls (or a given scope): that scope again
            reuse = True if self.built else self._reuse
            return vs.variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False)
        if scope is not None:  # the first call's `scope` argument names the layer's scope
            return vs.variable_scope(scope, reuse=self._reuse)
        if self._given_name is not None or self._reuse:
            return vs.variable_scope(self._base_name, reuse=self._reuse)
        return vs.variable_scope(None, default_name=self._base_name)

    @contextlib.contextmanager
    def _in_scope(self, scope=None):
        """The layer's variable and name scope (made on first use); build() and call() run
        inside it, so that their own sub-scopes (GRU's `gates/`) are kept."""
        if self._calling:
            yield vs.get_variable_scope()
            return
        with self._enter_scope(scope) as vscope:
            if self._scope is None:
                self._scope, self._op_scope = vscope, vscope.original_name_scope
            with name_scope(self._op_scope):
                self._calling = True
                try:
                    yield vscope
                finally:
                    self._calling = False

    def __call__(self, inputs, *args, **kwargs):
        """call(inputs, ...) in the layer's variable scope, built on the first call from the
        inputs' shapes; `scope` (first call only) chooses that scope."""
        with self._in_scope(kwargs.pop("scope", None)) as scope:
            if "scope" in inspect.signature(self.call).parameters:
                kwargs["scope"] = scope
            inputs = _as_tensors(inputs, self.dtype)
            if self.dtype is None:
                self.dtype = _first(inputs).dtype.base_dtype.name
            if not self.built:
                self.build(_shapes(inputs))
                self.built = True
            return self.call(inputs, *args, **kwargs)

    apply = __call__

    def compute_output_shape(self, input_shape):
        raise NotImplementedError(f"{type(self).__name__}.compute_output_shape")

    def get_weights(self):
        from tinytf.client.session import get_default_session

        return get_default_session().run(self.weights)


def _map(fn, inputs):
    """fn over each tensor of a (nested) list, tuple or namedtuple of inputs."""
    if hasattr(inputs, "_fields"):
        return type(inputs)(*(_map(fn, x) for x in inputs))
    if isinstance(inputs, (list, tuple)):
        return type(inputs)(_map(fn, x) for x in inputs)
    return fn(inputs)


def _as_tensors(inputs, dtype):
    return _map(lambda x: convert_to_tensor(x, dtype=dtype), inputs)


def _first(inputs):
    return _first(inputs[0]) if isinstance(inputs, (list, tuple)) else inputs


def _shapes(inputs):
    return _map(lambda x: x.shape, inputs)


class KernelBiasLayer(Layer):
    """A layer computing activation(op(inputs, kernel) + bias): Dense and Conv2D."""

    def __init__(
        self,
        activation,
        use_bias,
        kernel_initializer,
        bias_initializer,
        kernel_regularizer,
        bias_regularizer,
        kernel_constraint,
        bias_constraint,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.activation, self.use_bias = activation, use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint

    def _add_kernel_and_bias(self, kernel_shape, units=None):
        """Variables `kernel` and (with use_bias) `bias` [units: the kernel's last dim]."""
        self.kernel = self.add_weight(
            "kernel",
            kernel_shape,
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                "bias",
                [units or kernel_shape[-1]],
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )

    def _bias_and_activation(self, outputs):
        from tinytf.ops.nn_ops import bias_add

        if self.use_bias:
            outputs = bias_add(outputs, self.bias)
        return self.activation(outputs) if self.activation is not None else outputs


def is_training(training):
    """`training` as a Python bool when it is one (or a constant), else the bool tensor."""
    if isinstance(training, bool) or training is None:
        return bool(training)
    from tinytf.ops.shape_util import constant_value

    t = convert_to_tensor(training)
    value = constant_value(t)
    return bool(value) if value is not None else t


def as_tuple(value, n, name):
    """An int or a sequence of n ints as a tuple of n ints (TF's normalize_tuple)."""
    if isinstance(value, int):
        return (value,) * n
    value = tuple(value)
    if len(value) != n or not all(isinstance(v, int) for v in value):
        raise ValueError(
            f"The `{name}` argument must be a tuple of {n} integers. Received: {value}"
        )
    return value


def padding_of(padding):
    padding = padding.upper()
    if padding not in ("VALID", "SAME"):
        raise ValueError(
            f"The `padding` argument must be one of 'valid', 'same'. Received: {padding.lower()}"
        )
    return padding


def channels_last(data_format):
    if data_format not in ("channels_last", None):
        raise ValueError(
            f"tinytf's layers support data_format='channels_last' only, got {data_format!r}"
        )

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
from tinytf.layers.input_spec import assert_input_compatibility
from tinytf.ops import init_ops
from tinytf.ops import variable_scope as vs
from tinytf.util import nest

ZEROS = init_ops.zeros_initializer()  # the default initializers (stateless, so shared)
ONES = init_ops.ones_initializer()


def _snake_case(name):
    """TF's layer names from class names: BasicLSTMCell -> basic_lstm_cell, Conv2D -> conv2d."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()


_KERAS_STYLE = [False]  # a stack: keras_style_scope pushes True, set_keras_style sets the base


@contextlib.contextmanager
def keras_style_scope():
    """Layers (and RNN cells) made inside use Keras-style variables: each layer its own
    `tf.Variable`s under its unique name (`dense_1/kernel`), no variable scope, no reuse;
    `scope=` and `reuse=` are refused."""
    _KERAS_STYLE.append(True)
    try:
        yield
    finally:
        _KERAS_STYLE.pop()


def set_keras_style():
    """Keras-style variables for every layer made from now on (it cannot be unset)."""
    _KERAS_STYLE[0] = True


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
        self._updates, self._losses, self._weight_losses = [], [], []
        self._activity_regularizer = kwargs.get("activity_regularizer")
        self.input_spec = None
        self._calling = False
        self._keras_style = _KERAS_STYLE[-1]
        if self._keras_style:
            for what, value in (("scope", kwargs.get("_scope")), ("reuse", self._reuse)):
                if value is not None:
                    raise ValueError(
                        f"{what} argument not allowed when keras style layers are enabled, "
                        f"but saw: {value}"
                    )

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
                f'No name available for layer scope because the layer "{self._name}" has not '
                "been used yet. The scope name  is determined the first time the layer "
                "instance is called. You must therefore call the layer before querying "
                "`scope_name`."
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
        lambda self: self._losses + self._weight_losses,
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
        if self._keras_style:
            return self._add_keras_weight(
                name, shape, dtype, initializer, regularizer, trainable, constraint
            )
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
        # as TF: a weight's regularizer loss comes after the add_loss ones in `losses`
        self._weight_losses += graph.get_collection(GraphKeys.REGULARIZATION_LOSSES)[known_losses:]
        self._track(variable, trainable)
        return variable

    add_variable = add_weight  # TF 1.x's older name

    def _add_keras_weight(
        self, name, shape, dtype, initializer, regularizer, trainable, constraint
    ):
        """Keras style: a new tf.Variable in the current name scope (no variable store)."""
        from tinytf.ops.variables import Variable

        dtype = dtypes.as_dtype(dtype or self.dtype or dtypes.float32)
        if initializer is None:
            initializer = init_ops.glorot_uniform_initializer() if dtype.is_floating else ZEROS
        variable = Variable(
            lambda: initializer(shape, dtype=dtype),
            trainable=trainable,
            name=name,
            dtype=dtype,
            constraint=constraint,
        )
        if regularizer is not None:
            with name_scope(f"{variable.op.name}/Regularizer"):  # (TF 1.15 repeats the scope)
                loss = regularizer(variable)
            if loss is not None:
                self._weight_losses.append(loss)
                get_default_graph().add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
        self._track(variable, trainable)
        return variable

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
        """Records update ops or zero-argument callables giving them (run them through
        UPDATE_OPS, e.g. batch norm's statistics)."""
        updates = updates if isinstance(updates, (list, tuple)) else [updates]
        for u in updates:
            u = u() if callable(u) else u  # as TF: a zero-argument callable gives the op
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
        with self._call_scope(kwargs.pop("scope", None)) as scope:
            params = inspect.signature(self.call).parameters
            if "scope" in params and not self._keras_style:
                kwargs["scope"] = scope
            if "training" in kwargs and not _accepts(params, "training"):
                del kwargs["training"]  # as TF: dropped for a call() that does not take it
            inputs = _as_tensors(inputs, self.dtype)
            assert_input_compatibility(self.input_spec, inputs, self.name)
            if self.dtype is None:
                self.dtype = _first(inputs).dtype.base_dtype.name
            if not self.built:
                self.build(_shapes(inputs))
                self.built = True
            outputs = self.call(inputs, *args, **kwargs)
            self._regularize_activity(inputs, outputs)
            return outputs

    apply = __call__

    def _call_scope(self, scope):
        if not self._keras_style:
            return self._in_scope(scope)
        if scope is not None:
            raise ValueError(
                f"scope argument not allowed when keras style layers are enabled, but saw: {scope}"
            )
        return name_scope(self.name)  # as Keras: a fresh name scope per call, no variable scope

    def _regularize_activity(self, inputs, outputs):
        """activity_regularizer(output) / batch size joins the losses, per output (as TF)."""
        if not self._activity_regularizer:
            return
        from tinytf.ops import array_ops, math_ops

        with name_scope("ActivityRegularizer"):
            for output in nest.flatten(outputs):
                loss = self._activity_regularizer(output)
                batch = math_ops.cast(array_ops.shape(output)[0], loss.dtype)
                self.add_loss(loss / batch, inputs=inputs)

    @property
    def activity_regularizer(self):
        """Optional regularizer function for the output of this layer."""
        return self._activity_regularizer

    @activity_regularizer.setter
    def activity_regularizer(self, regularizer):
        self._activity_regularizer = regularizer

    @property
    def graph(self):
        """None: TF 1.15's layers no longer track their graph (a deprecated property)."""
        return None

    def compute_output_shape(self, input_shape):
        """The output's shape for `input_shape` (layers that can say override it)."""
        raise NotImplementedError

    def count_params(self):
        """The number of scalars in the layer's weights (ValueError before it is built)."""
        if not self.built:
            raise ValueError(
                f"You tried to call `count_params` on {self.name}, but the layer isn't built. "
                "You can build it manually via: `"
                f"{self.name}.build(batch_input_shape)`."
            )
        return int(sum(_num_elements(w) for w in self.weights))

    def get_weights(self):
        """The weights' values (numpy arrays) in the default session."""
        return _session().run(self.weights)

    def set_weights(self, weights):
        """Assigns numpy arrays to the weights (in `weights` order) in the default session."""
        import numpy as np

        params = self.weights
        if len(params) != len(weights):
            raise ValueError(
                f'You called `set_weights(weights)` on layer "{self.name}" with a  weight list '
                f"of length {len(weights)}, but the layer was expecting {len(params)} weights. "
                f"Provided weights: {str(weights)[:50]}..."
            )
        if not params:
            return
        values = [np.asarray(w) for w in weights]
        for p, w in zip(params, values):
            if not p.shape.is_compatible_with(w.shape):
                raise ValueError(
                    f"Layer weight shape {p.shape} not compatible with provided weight shape "
                    f"{w.shape}"
                )
        _session().run([p.assign(w) for p, w in zip(params, values)])


def _session():
    from tinytf.client.session import get_default_session

    session = get_default_session()
    if session is None:  # TF 1.15 opens a Keras session of its own here; tinytf has none
        raise ValueError("get_weights/set_weights need a default session (with tf.Session():)")
    return session


def _num_elements(variable):
    shape = variable.shape
    if not shape.is_fully_defined():
        raise ValueError(f"Variable {variable.name} has an unknown shape {shape}")
    return shape.num_elements()


def _accepts(params, name):
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


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
        from tinytf.layers import activations

        self.activation, self.use_bias = activations.get(activation), use_bias
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

    def _bias_and_activation(self, outputs, data_format="NHWC"):
        from tinytf.ops.nn_ops import bias_add

        if self.use_bias:
            outputs = bias_add(outputs, self.bias, data_format=data_format)
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
    message = f"The `{name}` argument must be a tuple of {n} integers. Received: {value}"
    try:
        value = tuple(value)
    except TypeError:
        raise ValueError(message) from None
    if len(value) != n:
        raise ValueError(message)
    for v in value:
        try:
            int(v)
        except (ValueError, TypeError):
            raise ValueError(f"{message} including element {v} of type {type(v)}") from None
    return tuple(int(v) for v in value)


def padding_of(padding, causal=False):
    """'valid' or 'same' (or 'causal' where allowed) from TF's case-insensitive names."""
    lower = padding.lower()
    if lower not in ("valid", "same", "causal"):
        raise ValueError(
            'The `padding` argument must be a list/tuple or one of "valid", "same" (or '
            f'"causal", only for `Conv1D). Received: {lower}'
        )
    if lower == "causal" and not causal:
        raise ValueError("Causal padding is only supported for `Conv1D`and ``SeparableConv1D`.")
    return lower


def data_format_of(data_format):
    """'channels_last' or 'channels_first' (None: channels_last, Keras's default)."""
    value = "channels_last" if data_format is None else data_format
    if value.lower() not in ("channels_first", "channels_last"):
        raise ValueError(
            'The `data_format` argument must be one of "channels_first", "channels_last". '
            f"Received: {value}"
        )
    return value.lower()

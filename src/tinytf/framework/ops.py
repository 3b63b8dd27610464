"""Operation (graph node) and Tensor (graph edge). Operators on Tensor are bound from tinytf.ops."""

import os
import sys

from tinytf.framework import tensor_shape

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _caller_location():
    """file:line of the first frame outside tinytf (TF's 'defined at' in runtime errors)."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
    if frame is None:
        return None
    return f"{os.path.basename(frame.f_code.co_filename)}:{frame.f_lineno}"


class Operation:
    """A node of the graph: `type`, `name`, `inputs`, `outputs`, `control_inputs`, attrs."""

    def __init__(self, graph, opdef, name, inputs, attrs, control_inputs):
        self._graph, self._opdef, self._name = graph, opdef, name
        self._inputs = tuple(inputs)
        self._attrs = attrs
        self._control_inputs = list(control_inputs)
        self._outputs = []
        self._id = graph._next_id()
        self._gradient_type = None
        self._defined_at = _caller_location()
        self._device = ""
        self._colocation = None  # explicit colocation groups (tf.colocate_with), TF's _class
        self._control_flow_context = None  # the tf.cond branch or while loop it was made in

    name = property(lambda self: self._name)
    type = property(lambda self: self._opdef.type_name)
    graph = property(lambda self: self._graph)
    inputs = property(lambda self: self._inputs)
    outputs = property(lambda self: list(self._outputs))
    control_inputs = property(lambda self: list(self._control_inputs))
    device = property(lambda self: self._device)

    def _set_device(self, device):
        from tinytf.framework.device import canonical_device_of

        self._device = canonical_device_of(device)

    def colocation_groups(self):
        """The ops this one must be placed with, as TF's b'loc:@name' entries."""
        return list(self._colocation or [f"loc:@{self._name}".encode()])

    @property
    def node_def(self):
        from tinytf.framework.graph_io import node_def  # optional dependency (tensorboard)

        return node_def(self)

    def values(self):
        return tuple(self._outputs)

    def get_attr(self, name):
        if name not in self._attrs:
            raise ValueError(f"Operation '{self._name}' has no attr named '{name}'.")
        return self._attrs[name]

    def _set_outputs(self, specs):
        self._outputs = [Tensor(self, i, s.dtype, s.shape) for i, s in enumerate(specs)]
        for t in self._inputs:
            t._consumers.append(self)

    def _update_input(self, index, tensor):
        """Replaces input `index` (a while loop's Merge gets its back edge this way)."""
        old = self._inputs[index]
        if tensor.dtype.base_dtype != old.dtype.base_dtype:
            from tinytf.framework.errors import InvalidArgumentError

            raise InvalidArgumentError(
                None,
                None,
                f"Input {index} of node {self._name} was passed {tensor.dtype.base_dtype._tf_name} "
                f"from {tensor.name} incompatible with expected {old.dtype.base_dtype._tf_name}.",
            )
        self._inputs = self._inputs[:index] + (tensor,) + self._inputs[index + 1 :]
        old._consumers.remove(self)
        tensor._consumers.append(self)
        self._graph._bump_version()

    def _remove_control_input(self, op):
        self._control_inputs.remove(op)
        self._graph._bump_version()

    def _add_control_input(self, op):
        if op not in self._control_inputs:
            self._control_inputs.append(op)
            self._graph._bump_version()

    def _add_control_inputs(self, ops):
        for op in ops:
            self._add_control_input(op)

    def run(self, feed_dict=None, session=None):
        """Runs this op in `session` (default: the default session)."""
        from tinytf.client.session import _eval_using_default_session

        _eval_using_default_session(self, feed_dict, self._graph, session)

    def __repr__(self):
        return f"<tf.Operation '{self._name}' type={self.type}>"

    def __str__(self):
        lines = [f'name: "{self._name}"', f'op: "{self.type}"']
        lines += [f'input: "{_input_name(t)}"' for t in self._inputs]
        lines += [f'input: "^{op.name}"' for op in self._control_inputs]
        return "\n".join(lines) + "\n"


def _input_name(t):
    return t.op.name if t.value_index == 0 else f"{t.op.name}:{t.value_index}"


class Tensor:
    """An edge of the graph: output `value_index` of `op`, with a static dtype and shape."""

    # NumPy defers to our reflected operators, so np.float32(2) * t is a Tensor.
    __array_ufunc__ = None

    def __init__(self, op, value_index, dtype, shape):
        self._op, self._value_index, self._dtype = op, value_index, dtype
        self._shape = tensor_shape.as_shape(shape)
        self._consumers = []

    op = property(lambda self: self._op)
    value_index = property(lambda self: self._value_index)
    dtype = property(lambda self: self._dtype)
    graph = property(lambda self: self._op._graph)
    name = property(lambda self: f"{self._op._name}:{self._value_index}")
    shape = property(lambda self: self._shape)
    device = property(lambda self: self._op._device)

    def get_shape(self):
        return self._shape

    def set_shape(self, shape):
        """Merges `shape` into the static shape; ValueError when they are incompatible."""
        self._shape = self._shape.merge_with(shape)

    def consumers(self):
        return list(self._consumers)

    def eval(self, feed_dict=None, session=None):
        """The value of this tensor in `session` (default: the default session)."""
        from tinytf.client.session import _eval_using_default_session

        return _eval_using_default_session(self, feed_dict, self.graph, session)

    def __repr__(self):
        return f"<tf.Tensor '{self.name}' shape={self._shape} dtype={self._dtype.name}>"

    def __str__(self):  # TF leaves the shape out when it is unknown
        shape = "" if self._shape.ndims is None else f"shape={self._shape}, "
        return f'Tensor("{self.name}", {shape}dtype={self._dtype.name})'

    __hash__ = object.__hash__

    def __eq__(self, other):  # TF 1.x: identity, so tensors can be dict keys
        return self is other

    def __ne__(self, other):
        return self is not other

    def __bool__(self):
        raise TypeError(
            "Using a `tf.Tensor` as a Python `bool` is not allowed. Use `if t is not None:` "
            "instead of `if t:` to test if a tensor is defined, and use TensorFlow ops such as "
            "tf.cond to execute subgraphs conditioned on the value of a tensor."
        )

    def __iter__(self):
        raise TypeError(
            "Tensor objects are only iterable when eager execution is enabled. "
            "To iterate over this tensor use tf.map_fn."
        )

    def __len__(self):
        raise TypeError(
            f"len is not well defined for symbolic Tensors. ({self.name}) "
            "Please call `x.shape` rather than `len(x)` for shape information."
        )

"""TF 1.15's TensorArray ops (TensorArrayV3 and its read/write/gather/scatter/concat/split/size/
close/grad ops) and their gradients, as tensor_array_grad.py registers them.

A handle's runtime value is an `_Array`, made afresh each time TensorArrayV3 runs (so two
Session.run calls never share one); it flows through Identity/Enter/Switch/Merge unchanged and
the other ops read and write it. The float32 flow only orders the ops. Runtime checks and their
messages follow TF's tensor_array.cc (LockedRead, LockedWriteOrAggregate) and its kernels.
"""

import itertools

import numpy as np

from tinytf.framework import dtypes
from tinytf.framework.errors import InvalidArgumentError, ShapeError, UnimplementedError
from tinytf.framework.op_def import (
    NotDifferentiable,
    OpDef,
    TensorSpec,
    convert_to_tensor,
    register_op,
)
from tinytf.framework.ops import Tensor
from tinytf.framework.tensor_shape import TensorShape, unknown_shape
from tinytf.ops import shape_util

_counter = itertools.count()  # TF's process-wide TensorArray::tensor_array_counter


# -- runtime storage ---------------------------------------------------------------------------
class _Entry:
    """One index: its value, its shape (kept after a clearing read) and what happened to it."""

    __slots__ = ("value", "shape", "written", "read", "cleared")

    def __init__(self):
        self.value, self.shape = None, None
        self.written = self.read = self.cleared = False


class _Array:
    """The runtime state behind one TensorArray handle in one run (TF's TensorArray resource)."""

    def __init__(self, name, dtype, size, element_shape, identical, dynamic, clear, is_grad=False):
        self.name, self.dtype = name, dtype
        self.entries = [_Entry() for _ in range(size)]
        self.element_shape = element_shape  # None (unknown rank) or a tuple with None dims
        self.identical, self.dynamic, self.clear = identical, dynamic, clear
        self.is_grad = is_grad  # gradient arrays add writes to a written index, read zeros
        self.closed = False
        self.grads = {}  # source -> gradient _Array

    def __repr__(self):
        return f"<TensorArray {self.name} size={len(self.entries)}>"

    def _error(self, message):
        return InvalidArgumentError(None, None, f"TensorArray {self.name}{message}")

    def check_open(self):
        if self.closed:
            raise self._error(" has already been closed.")

    def size(self):
        return len(self.entries)  # TF answers even after close

    def read(self, xp, index):
        """TF's LockedRead: the value at `index` (zeros where nothing was written)."""
        self.check_open()
        n = len(self.entries)
        if index < 0 or (not self.is_grad and index >= n):
            raise InvalidArgumentError(
                None, None, f"Tried to read from index {index} but array size is: {n}"
            )
        entry = self.entries[index] if index < n else None
        if entry is None or not entry.written:
            return self._zeros(xp, index, entry)
        if entry.cleared:
            raise self._error(
                f": Could not read index {index} twice because it was cleared after a previous "
                "read (perhaps try setting clear_after_read = false?)."
            )
        value = entry.value
        if value is None:  # a gradient entry that only knows its shape: zeros of it
            value = _zeros(xp, self.dtype, entry.shape)
        if self.clear:
            entry.value, entry.cleared = None, True
        entry.read = True
        return value

    def _zeros(self, xp, index, entry):
        if self.is_grad and entry is not None and entry.shape:
            shape = entry.shape  # rank > 0 only, as TF's `shape.dims() > 0`
        elif not _fully_defined(self.element_shape):
            raise self._error(
                f": Could not read from TensorArray index {index}.  Furthermore, the element "
                f"shape is not fully defined: {_debug(self.element_shape)}.  It is possible you "
                "are working with a resizeable TensorArray and stop_gradients is not allowing "
                "the gradients to be written.  If you set the full element_shape property on "
                "the forward TensorArray, the proper all-zeros tensor will be returned instead "
                "of incurring this error."
            )
        else:
            shape = self.element_shape
        return _zeros(xp, self.dtype, shape)

    def write(self, index, value):
        """TF's LockedWriteOrAggregate: stores `value` at `index` (adds, in a gradient array)."""
        self.check_open()
        n = len(self.entries)
        if index < 0 or (not self.dynamic and index >= n):
            raise self._error(
                f": Tried to write to index {index} but array is not resizeable and size is: {n}"
            )
        if index >= n:
            self.entries.extend(_Entry() for _ in range(index + 1 - n))
        shape = tuple(value.shape)
        if not _compatible(self.element_shape, shape):
            raise self._error(
                f": Could not write to TensorArray index {index} because the value shape is "
                f"{_debug(shape)} which is incompatible with the TensorArray's inferred element "
                f"shape: {_debug(self.element_shape)} (consider setting infer_shape=False)."
            )
        if self.identical and not _fully_defined(self.element_shape):
            self.element_shape = shape
        entry = self.entries[index]
        if entry.read:
            raise self._error(
                f": Could not write to TensorArray index {index} because it has already been read."
            )
        if entry.written and not self.is_grad:
            raise self._error(
                f": Could not write to TensorArray index {index} because it has already been "
                "written to."
            )
        if entry.written:
            if entry.shape != shape:
                raise self._error(
                    f": Could not aggregate to TensorArray index {index} because the existing "
                    f"shape is {_debug(entry.shape)} but the new input shape is {_debug(shape)}."
                )
            value = value if entry.value is None else entry.value + value
        entry.value, entry.shape, entry.written = value, shape, True

    def grad(self, source):
        """The gradient array for `source`, made on first use (TF's TensorArrayGradOp)."""
        self.check_open()
        self.dynamic = False  # once gradients are taken, writes may not grow the array
        g = self.grads.get(source)
        if g is None:
            name = f"{self.name}@{source}"
            g = _Array(name, self.dtype, 0, self.element_shape, self.identical, False, True, True)
            for entry in self.entries:  # TF's CopyShapesFrom: written shapes read as zeros
                copy = _Entry()
                if entry.written:
                    copy.shape, copy.written = entry.shape, True
                g.entries.append(copy)
            self.grads[source] = g
        return g

    def close(self):
        for entry in self.entries:  # TF keeps the size; closing twice is no error
            entry.value = None
        self.closed = True


def _fully_defined(shape):
    return shape is not None and all(d is not None for d in shape)


def _compatible(partial, shape):
    if partial is None:
        return True
    return len(partial) == len(shape) and all(p is None or p == d for p, d in zip(partial, shape))


def _debug(shape):
    """TF's PartialTensorShape::DebugString: [2,?], <unknown>."""
    if shape is None:
        return "<unknown>"
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def _partial(shape):
    """A TensorShape attr as the runtime keeps it: None or a tuple with None dims."""
    return None if shape.ndims is None else tuple(shape.as_list())


def _zeros(xp, dtype, shape):
    if dtype == dtypes.string:
        raise InvalidArgumentError(
            None, None, "tensor_array::TensorSetZero type not supported: string"
        )
    return xp.zeros(tuple(shape), dtype=dtype.as_numpy_dtype)


def _check_write_dtype(array, dtype):
    if dtype != array.dtype:
        raise InvalidArgumentError(
            None,
            None,
            f"TensorArray dtype is {array.dtype._tf_name} but Op is trying to write dtype "
            f"{dtype._tf_name}.",
        )


def _vector_or_raise(value, message):
    if np.ndim(value) != 1:
        raise InvalidArgumentError(None, None, f"{message}{_debug(np.shape(value))}")
    return [int(i) for i in value]


def typed_input(value, dtype, arg, op_type):
    """`value` as an input of fixed dtype `dtype`, refused with TF's TypeError otherwise."""
    if isinstance(value, Tensor):
        if value.dtype.base_dtype != dtype:
            raise TypeError(
                f"Input '{arg}' of '{op_type}' Op has type {value.dtype.base_dtype.name} that "
                f"does not match expected type of {dtype.name}."
            )
        return value
    try:
        return convert_to_tensor(value, dtype=dtype, name=arg)
    except (TypeError, ValueError) as e:
        raise TypeError(
            f"Expected {dtype.name} passed to parameter '{arg}' of op '{op_type}', got "
            f"{value!r} of type '{type(value).__name__}' instead. Error: {e}"
        ) from None


def _flow(xp):
    return xp.asarray(0.0, dtype=np.float32)


# -- shape rules -------------------------------------------------------------------------------
_HANDLE = TensorSpec(TensorShape([2]), dtypes.resource)
_FLOW = TensorSpec(TensorShape([]), dtypes.float32)


def _check_handle(handle):
    shape = shape_util.with_rank(handle.shape, 1)
    if shape.dims[0].value not in (None, 2):
        raise ShapeError(f"Dimension must be 2 but is {shape.dims[0].value}")


# ops that pass a handle through unchanged, and so its handle data (TF's shape-fn propagation)
_PASS_HANDLE = {
    "Identity",
    "Enter",
    "Switch",
    "Merge",
    "NextIteration",
    "Exit",
    "TensorArrayGradV3",
}


def _handle_shape(handle):
    """TF's handle data: the element shape TensorArrayV3 records on its handle when the shape
    is fully defined or identical_element_shapes is set; None where there is none."""
    op = handle.op
    while op.type in _PASS_HANDLE and op.inputs:
        op = op.inputs[0].op
    if op.type != "TensorArrayV3":
        return None
    element_shape = op.get_attr("element_shape")
    if element_shape.is_fully_defined() or op.get_attr("identical_element_shapes"):
        return element_shape
    return None


def _merge_handle_shape(handle, shape):
    known = _handle_shape(handle)
    if known is not None:
        shape_util.merge_pair(known, shape)


def _check_scalars(*tensors):
    for t in tensors:
        shape_util.with_rank(t.shape, 0)


# -- the ops -----------------------------------------------------------------------------------
@register_op
class TensorArrayV3(OpDef):
    """A new TensorArray of `size` elements: its handle and its flow."""

    inputs = ("size",)
    type_inputs = ()
    attrs = {
        "dtype": None,
        "element_shape": unknown_shape(),
        "dynamic_size": False,
        "clear_after_read": True,
        "identical_element_shapes": False,
        "tensor_array_name": "",
    }
    stateful = True

    def infer(size, **attrs):
        _check_scalars(size)
        return [_HANDLE, _FLOW]

    def kernel(xp, size, *, ctx, op, dtype, element_shape, dynamic_size, clear_after_read,
               identical_element_shapes, tensor_array_name):  # fmt: skip
        size = int(size)
        if size < 0:
            raise InvalidArgumentError(None, None, "Size should be >= 0.")
        name = f"{tensor_array_name or op.name}_{next(_counter)}"
        array = _Array(
            name,
            dtype,
            size,
            _partial(element_shape),
            identical_element_shapes,
            dynamic_size,
            clear_after_read,
        )
        return array, _flow(xp)


@register_op
class TensorArrayGradV3(OpDef):
    """The gradient TensorArray of `handle` for the tf.gradients call named `source`."""

    inputs = ("handle", "flow_in")
    type_inputs = ()
    attrs = {"source": None}
    stateful = True

    def infer(handle, flow_in, *, source):
        _check_handle(handle)
        return [_HANDLE, _FLOW]

    def kernel(xp, handle, flow_in, *, ctx, op, source):
        return handle.grad(source), flow_in


@register_op
class TensorArrayWriteV3(OpDef):
    """Writes `value` at `index`; the new flow."""

    inputs = ("handle", "index", "value", "flow_in")
    attrs = {"T": None}
    type_inputs = ("value",)
    stateful = True

    def infer(handle, index, value, flow_in, *, T):  # noqa: N803 - TF's attr name
        _check_handle(handle)
        _check_scalars(index, flow_in)
        _merge_handle_shape(handle, value.shape)
        return _FLOW

    def kernel(xp, handle, index, value, flow_in, *, ctx, op, T):  # noqa: N803
        _check_write_dtype(handle, T)
        handle.write(int(index), xp.asarray(value))
        return flow_in


@register_op
class TensorArrayReadV3(OpDef):
    """The element at `index`."""

    inputs = ("handle", "index", "flow_in")
    type_inputs = ()
    attrs = {"dtype": None}
    stateful = True

    def infer(handle, index, flow_in, *, dtype):
        _check_handle(handle)
        _check_scalars(index, flow_in)
        return TensorSpec(_handle_shape(handle) or unknown_shape(), dtype)

    def kernel(xp, handle, index, flow_in, *, ctx, op, dtype):
        return handle.read(xp, int(index))


@register_op
class TensorArrayGatherV3(OpDef):
    """The elements at `indices`, stacked along a new first dimension."""

    inputs = ("handle", "indices", "flow_in")
    type_inputs = ()
    attrs = {"dtype": None, "element_shape": unknown_shape()}
    stateful = True

    def infer(handle, indices, flow_in, *, dtype, element_shape):
        _check_handle(handle)
        indices_shape = shape_util.with_rank(indices.shape, 1)
        _check_scalars(flow_in)
        known = _handle_shape(handle)
        shape = element_shape if known is None else known
        return TensorSpec(indices_shape.concatenate(shape), dtype)

    def kernel(xp, handle, indices, flow_in, *, ctx, op, dtype, element_shape):
        indices = _vector_or_raise(indices, "Expected indices to be a vector, but received shape: ")
        attr_shape = _partial(element_shape)
        if not indices:
            if not _fully_defined(attr_shape):
                raise UnimplementedError(
                    None,
                    None,
                    f"TensorArray has size zero, but element shape {_debug(attr_shape)} is not "
                    "fully defined. Currently only static shapes are supported when packing "
                    "zero-size TensorArrays.",
                )
            return xp.zeros((0, *attr_shape), dtype=dtype.as_numpy_dtype)
        values = [handle.read(xp, i) for i in indices]
        first = tuple(values[0].shape)
        if not _compatible(attr_shape, first):
            raise InvalidArgumentError(
                None,
                None,
                f"TensorArray was passed element_shape {_debug(attr_shape)} which does not "
                f"match the Tensor at index 0: {_debug(first)}",
            )
        for i, v in enumerate(values[1:], 1):
            if tuple(v.shape) != first:
                raise InvalidArgumentError(
                    None,
                    None,
                    f"TensorArray has inconsistent shapes.  Index 0 has shape: {_debug(first)} "
                    f"but index {i} has shape: {_debug(v.shape)}",
                )
        return xp.stack(values)


@register_op
class TensorArrayScatterV3(OpDef):
    """Writes `value[i]` at `indices[i]`; the new flow."""

    inputs = ("handle", "indices", "value", "flow_in")
    attrs = {"T": None}
    type_inputs = ("value",)
    stateful = True

    def infer(handle, indices, value, flow_in, *, T):  # noqa: N803
        _check_handle(handle)
        indices_shape = shape_util.with_rank(indices.shape, 1)
        value_shape = shape_util.with_rank_at_least(value.shape, 1)
        _check_scalars(flow_in)
        if value_shape.ndims is not None:
            shape_util.merge_dim(value_shape.dims[0].value, indices_shape.dims[0].value)
        _merge_handle_shape(handle, value_shape[1:])
        return _FLOW

    def kernel(xp, handle, indices, value, flow_in, *, ctx, op, T):  # noqa: N803
        _check_write_dtype(handle, T)
        value = xp.asarray(value)
        if value.ndim < 1:
            raise InvalidArgumentError(
                None,
                None,
                "Input value for unpack must be at least a vector but received shape: "
                f"{_debug(value.shape)}",
            )
        indices = _vector_or_raise(indices, "Expected indices to be a vector, but received shape: ")
        if len(indices) != value.shape[0]:
            raise InvalidArgumentError(
                None,
                None,
                "Expected len(indices) == values.shape[0], but saw: "
                f"{len(indices)} vs. {value.shape[0]}",
            )
        size = handle.size()
        top = max(indices, default=-1)
        if handle.dynamic:
            size = max(size, top + 1)
        if top >= size:
            raise InvalidArgumentError(
                None, None, f"Max scatter index must be < array size ({top} vs. {size})"
            )
        for k, i in enumerate(indices):
            handle.write(i, value[k, ...])  # a 0-d array, also for strings
        return flow_in


@register_op
class TensorArrayConcatV3(OpDef):
    """The elements concatenated along their first dimension, and each one's length."""

    inputs = ("handle", "flow_in")
    type_inputs = ()
    attrs = {"dtype": None, "element_shape_except0": unknown_shape()}
    stateful = True

    def infer(handle, flow_in, *, dtype, element_shape_except0):
        _check_handle(handle)
        _check_scalars(flow_in)
        return [TensorSpec(unknown_shape(), dtype), TensorSpec(TensorShape([None]), dtypes.int64)]

    def kernel(xp, handle, flow_in, *, ctx, op, dtype, element_shape_except0):
        size = handle.size()
        if size == 0:
            rest = _partial(element_shape_except0)
            if not _fully_defined(rest):
                raise UnimplementedError(
                    None,
                    None,
                    f"TensorArray has size zero, but element_shape_except0 {_debug(rest)} is not "
                    "fully defined. Currently only static shapes are supported when "
                    "concatenating zero-size TensorArrays.",
                )
            empty = xp.zeros((0, *rest), dtype=dtype.as_numpy_dtype)
            return empty, xp.zeros((0,), dtype=np.int64)
        values = [handle.read(xp, i) for i in range(size)]
        rest = None
        for i, v in enumerate(values):
            if v.ndim < 1:
                raise InvalidArgumentError(
                    None,
                    None,
                    f"Concat saw a scalar shape at index {i} but requires at least vectors.  "
                    "Did you mean to call pack?",
                )
            if rest is None:
                rest = tuple(v.shape[1:])
            elif tuple(v.shape[1:]) != rest:
                raise InvalidArgumentError(
                    None,
                    None,
                    "TensorArray has inconsistent shapes.  Index 0 has (excepting dimension 0) "
                    f"shape: {_debug(rest)} but index {i} has (excepting dimension 0) shape: "
                    f"{_debug(v.shape[1:])}",
                )
        lengths = xp.asarray([v.shape[0] for v in values], dtype=np.int64)
        return xp.concatenate(values), lengths


@register_op
class TensorArraySplitV3(OpDef):
    """Splits `value` along its first dimension into pieces of `lengths`; the new flow."""

    inputs = ("handle", "value", "lengths", "flow_in")
    attrs = {"T": None}
    type_inputs = ("value",)
    stateful = True

    def infer(handle, value, lengths, flow_in, *, T):  # noqa: N803
        _check_handle(handle)
        shape_util.with_rank_at_least(value.shape, 1)
        shape_util.with_rank(lengths.shape, 1)
        _check_scalars(flow_in)
        return _FLOW

    def kernel(xp, handle, value, lengths, flow_in, *, ctx, op, T):  # noqa: N803
        _check_write_dtype(handle, T)
        value = xp.asarray(value)
        lengths = _vector_or_raise(lengths, "Expected lengths to be a vector, received shape: ")
        if value.ndim < 1:
            raise InvalidArgumentError(
                None,
                None,
                "Expected value to be at least a vector, but received shape: "
                f"{_debug(value.shape)}",
            )
        if sum(lengths) != value.shape[0]:
            raise InvalidArgumentError(
                None,
                None,
                "Expected sum of lengths to be equal to values.shape[0], but sum of lengths is "
                f"{sum(lengths)} and value's shape is: {_debug(value.shape)}",
            )
        size = handle.size()
        if handle.dynamic:
            size = max(size, len(lengths))
        if size != len(lengths):
            raise InvalidArgumentError(
                None,
                None,
                f"TensorArray's size is not equal to the size of lengths ({size} vs. "
                f"{len(lengths)}), and the TensorArray is not marked as dynamically resizeable",
            )
        start = 0
        for i, n in enumerate(lengths):
            handle.write(i, value[start : start + n])
            start += n
        return flow_in


@register_op
class TensorArraySizeV3(OpDef):
    """The current number of elements."""

    inputs = ("handle", "flow_in")
    type_inputs = ()
    stateful = True

    def infer(handle, flow_in):
        _check_handle(handle)
        return TensorSpec(TensorShape([]), dtypes.int32)

    def kernel(xp, handle, flow_in, *, ctx, op):
        return xp.asarray(handle.size(), dtype=np.int32)


@register_op
class TensorArrayCloseV3(OpDef):
    """Frees the elements; later use of the array is an InvalidArgumentError."""

    inputs = ("handle",)
    type_inputs = ()
    stateful = True

    def infer(handle):
        _check_handle(handle)
        return []

    def kernel(xp, handle, *, ctx, op):
        handle.close()
        return ()


for _name in ("TensorArrayV3", "TensorArrayGradV3", "TensorArraySizeV3", "TensorArrayCloseV3"):
    NotDifferentiable(_name)


# -- gradients (TF's tensor_array_grad.py) -------------------------------------------------------
def _grad_source(tensor):
    """TF's _GetGradSource: the name scope of the tf.gradients call that made `tensor`."""
    tokens = tensor.name.split("/")
    positions = [i for i, t in enumerate(tokens) if t.startswith("gradients")]
    if not positions:
        raise ValueError(
            "Expected op/tensor name to start with gradients (excluding scope), got: "
            f"{tensor.name}. This means that a tf.gradients op with this op in its dependency "
            "path has a custom name that does not start with 'gradients'. Please make sure all "
            "calls to tf.gradients that have non-empty 'name' arguments use names that start "
            "with 'gradients'."
        )
    return "/".join(tokens[: positions[-1] + 1])


def _grad_array(op, dtype_attr, flow, source_of):
    """The gradient TensorArray of op's forward array, ordered after `flow`."""
    from tinytf.ops.tensor_array import TensorArray

    forward = TensorArray(
        dtype=op.get_attr(dtype_attr),
        handle=op.inputs[0],
        flow=flow,
        colocate_with_first_write_call=False,
    )
    return forward.grad(source=_grad_source(source_of), flow=flow)


def _read_grad(op, grad):
    g = _grad_array(op, "dtype", op.inputs[2], grad)
    return [None, None, g.write(op.inputs[1], grad).flow]


def _shaped_like(grad, tensor):
    # TF's tf.gradients gives each input gradient the input's static shape
    grad.set_shape(tensor.shape)
    return grad


def _write_grad(op, flow):
    g = _grad_array(op, "T", flow, flow)
    return [None, None, _shaped_like(g.read(op.inputs[1]), op.inputs[2]), flow]


def _gather_grad(op, grad):
    g = _grad_array(op, "dtype", op.inputs[2], grad)
    return [None, None, g.scatter(op.inputs[1], grad).flow]


def _scatter_grad(op, flow):
    g = _grad_array(op, "T", flow, flow)
    return [None, None, _shaped_like(g.gather(op.inputs[1]), op.inputs[2]), flow]


def _concat_grad(op, grad, unused_lengths_grad):
    g = _grad_array(op, "dtype", op.inputs[1], grad)
    return [None, g.split(grad, lengths=op.outputs[1]).flow]


def _split_grad(op, flow):
    g = _grad_array(op, "T", flow, flow)
    return [None, _shaped_like(g.concat(), op.inputs[1]), None, flow]


TensorArrayReadV3.grad = staticmethod(_read_grad)
TensorArrayWriteV3.grad = staticmethod(_write_grad)
TensorArrayGatherV3.grad = staticmethod(_gather_grad)
TensorArrayScatterV3.grad = staticmethod(_scatter_grad)
TensorArrayConcatV3.grad = staticmethod(_concat_grad)
TensorArraySplitV3.grad = staticmethod(_split_grad)

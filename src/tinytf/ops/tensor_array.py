"""tf.TensorArray: TF 1.15's graph-mode TensorArray (tensor_array_ops._GraphTensorArray) over the
TensorArray ops. Each method that writes returns a new TensorArray that shares the handle and
carries the new flow; shapes are inferred as TF infers them (from element_shape and writes)."""

import contextlib

from tinytf.framework import dtypes, tensor_shape
from tinytf.framework.graph import colocate_with, device, get_default_graph
from tinytf.framework.op_def import control_dependencies, convert_to_tensor, name_scope
from tinytf.framework.ops import Tensor
from tinytf.ops import shape_util
from tinytf.ops import tensor_array_ops as ta_ops
from tinytf.ops.array_ops import identity, shape
from tinytf.ops.math_ops import cast
from tinytf.ops.math_ops import range as _range


def _check_construct_args(size, handle, flow, tensor_array_name, element_shape, dynamic_size,
                          clear_after_read):  # fmt: skip
    if handle is not None and tensor_array_name:
        raise ValueError("Cannot construct with both handle and tensor_array_name")
    if handle is not None and not isinstance(handle, Tensor):
        raise TypeError("Handle must be a Tensor")
    if handle is None and size is None:
        raise ValueError("Size must be provided if handle is not provided")
    for value, what in (
        (size, "size"),
        (element_shape, "element_shape"),
        (dynamic_size, "dynamic_size"),
        (clear_after_read, "clear_after_read"),
    ):
        if handle is not None and value is not None:
            raise ValueError(f"Cannot provide both a handle and {what} at the same time")
    if handle is not None and flow is None:
        raise ValueError("flow must not be None if handle is not None.")


class TensorArray:
    """A list of tensors written and read by index inside the graph (TF 1.x's tf.TensorArray)."""

    def __init__(
        self,
        dtype,
        size=None,
        dynamic_size=None,
        clear_after_read=None,
        tensor_array_name=None,
        handle=None,
        flow=None,
        infer_shape=True,
        element_shape=None,
        colocate_with_first_write_call=True,
        name=None,
    ):
        """A new array of `size` elements of `dtype`, or a view of an existing `handle`."""
        _check_construct_args(
            size, handle, flow, tensor_array_name, element_shape, dynamic_size, clear_after_read
        )
        self._dtype = dtypes.as_dtype(dtype).base_dtype
        self._dynamic_size = dynamic_size or False
        self._colocate_with_first_write_call = colocate_with_first_write_call
        self._colocate_with = [] if colocate_with_first_write_call else None
        # a one-item list, shared by the arrays that carry later flows of the same handle
        self._element_shape = [tensor_shape.as_shape(element_shape)]
        self._infer_shape = infer_shape
        tensors = [t for t in (handle, size, flow) if isinstance(t, Tensor)]
        with name_scope(name, "TensorArray", tensors) as scope:
            if handle is not None:
                self._handle, self._flow = handle, flow
                return
            create = contextlib.ExitStack()
            if colocate_with_first_write_call:  # placed later, with its first write
                create.enter_context(device(None))
                create.enter_context(colocate_with(None, ignore_existing=True))
            with create:
                self._handle, self._flow = ta_ops.TensorArrayV3.apply(
                    ta_ops.typed_input(size, dtypes.int32, "size", "TensorArrayV3"),
                    dtype=self._dtype,
                    element_shape=self._element_shape[0],
                    identical_element_shapes=infer_shape,
                    dynamic_size=self._dynamic_size,
                    clear_after_read=True if clear_after_read is None else clear_after_read,
                    tensor_array_name=tensor_array_name or "",
                    name=scope,
                )

    flow = property(lambda self: self._flow, doc="The flow Tensor that orders the ops.")
    dtype = property(lambda self: self._dtype, doc="The element dtype.")
    handle = property(lambda self: self._handle, doc="The resource handle Tensor.")
    element_shape = property(lambda self: self._element_shape[0], doc="The element TensorShape.")
    dynamic_size = property(lambda self: self._dynamic_size, doc="Whether writes can grow it.")

    def _check_element_shape(self, shape):
        if not shape.is_compatible_with(self.element_shape):
            raise ValueError(f"Inconsistent shapes: saw {shape} but expected {self.element_shape} ")
        if self._infer_shape:
            self._element_shape[0] = self.element_shape.merge_with(shape)

    @contextlib.contextmanager
    def _maybe_colocate_with(self, value):
        if not self._colocate_with_first_write_call:
            yield
            return
        if not self._colocate_with:
            self._colocate_with.append(value)
        with colocate_with(self._colocate_with[0]):
            yield

    def identity(self):
        """This array with an Identity of its flow (for control dependencies)."""
        return build_ta_with_new_flow(self, identity(self._flow))

    def grad(self, source, flow=None, name=None):
        """The gradient TensorArray of this one for the tf.gradients call named `source`."""
        flow = self.flow if flow is None else flow
        with name_scope(name, "TensorArrayGrad", [self._handle]), colocate_with(self._handle):
            g_handle, _ = ta_ops.TensorArrayGradV3.apply(
                self._handle, flow, source=source, name=name
            )
            with control_dependencies([g_handle]):
                flow = identity(flow, name="gradient_flow")
            g = TensorArray(
                dtype=self._dtype,
                handle=g_handle,
                flow=flow,
                infer_shape=self._infer_shape,
                colocate_with_first_write_call=False,
            )
            g._element_shape = self._element_shape
            return g

    def read(self, index, name=None):
        """The element at `index` (cleared afterwards when clear_after_read)."""
        with get_default_graph().name_scope(name or "TensorArrayReadV3") as scope:
            # a Python index becomes a Const in the op's scope, as TF names it
            index = ta_ops.typed_input(index, dtypes.int32, "index", "TensorArrayReadV3")
            value = ta_ops.TensorArrayReadV3.apply(
                self._handle, index, self._flow, dtype=self._dtype, name=scope
            )
        value.set_shape(self.element_shape)
        return value

    def write(self, index, value, name=None):
        """Writes `value` at `index`; returns the TensorArray with the new flow."""
        with name_scope(name, "TensorArrayWrite", [self._handle, index, value]):
            value = convert_to_tensor(value, preferred_dtype=self._dtype, name="value")
            self._check_element_shape(value.shape)
            with get_default_graph().name_scope(name or "TensorArrayWriteV3") as scope:
                index = ta_ops.typed_input(index, dtypes.int32, "index", "TensorArrayWriteV3")
                with self._maybe_colocate_with(value):
                    flow_out = ta_ops.TensorArrayWriteV3.apply(
                        self._handle,
                        index,
                        value,
                        self._flow,
                        T=value.dtype.base_dtype,
                        name=scope,
                    )
            return build_ta_with_new_flow(self, flow_out)

    def stack(self, name=None):
        """All elements stacked along a new first dimension."""
        with colocate_with(self._handle), name_scope(name, "TensorArrayStack", [self._handle]):
            return self.gather(_range(0, self.size()), name=name)

    def gather(self, indices, name=None):
        """The elements at `indices`, stacked along a new first dimension."""
        indices = ta_ops.typed_input(indices, dtypes.int32, "indices", "TensorArrayGatherV3")
        value = ta_ops.TensorArrayGatherV3.apply(
            self._handle,
            indices,
            self._flow,
            dtype=self._dtype,
            element_shape=self.element_shape,
            name=name,
        )
        if self.element_shape:
            value.set_shape([None] + self.element_shape.dims)
        return value

    def concat(self, name=None):
        """All elements concatenated along their first dimension."""
        value, _ = ta_ops.TensorArrayConcatV3.apply(
            self._handle,
            self._flow,
            dtype=self._dtype,
            element_shape_except0=self.element_shape[1:],
            name=name,
        )
        if self.element_shape:
            value.set_shape([None] + self.element_shape.dims[1:])
        return value

    def unstack(self, value, name=None):
        """Writes value[i] at index i; returns the TensorArray with the new flow."""
        with name_scope(name, "TensorArrayUnstack", [self._handle, value]):
            num_elements = shape(value)[0]
            return self.scatter(indices=_range(0, num_elements), value=value, name=name)

    def scatter(self, indices, value, name=None):
        """Writes value[i] at indices[i]; returns the TensorArray with the new flow."""
        with name_scope(name, "TensorArrayScatter", [self._handle, value, indices]):
            value = convert_to_tensor(value, preferred_dtype=self._dtype, name="value")
            self._check_element_shape(value.shape[1:])
            indices = ta_ops.typed_input(indices, dtypes.int32, "indices", "TensorArrayScatterV3")
            with self._maybe_colocate_with(value):
                flow_out = ta_ops.TensorArrayScatterV3.apply(
                    self._handle, indices, value, self._flow, T=value.dtype.base_dtype, name=name
                )
            return build_ta_with_new_flow(self, flow_out)

    def split(self, value, lengths, name=None):
        """Splits `value` along dimension 0 into pieces of `lengths`, one per index."""
        with name_scope(name, "TensorArraySplit", [self._handle, value, lengths]):
            value = convert_to_tensor(value, dtype=self._dtype, name="value")
            with self._maybe_colocate_with(value):
                lengths_64 = cast(lengths, dtypes.int64)
                known = shape_util.constant_value(lengths_64)
                if value.shape.dims is not None and known is not None and known.ndim and known.size:
                    if known.max() == known.min():  # equal pieces: the element shape is known
                        piece = tensor_shape.TensorShape([int(known.flat[0])])
                        self._check_element_shape(piece.concatenate(value.shape[1:]))
                flow_out = ta_ops.TensorArraySplitV3.apply(
                    self._handle, value, lengths_64, self._flow, T=self._dtype, name=name
                )
            return build_ta_with_new_flow(self, flow_out)

    def size(self, name=None):
        """The number of elements, as an int32 scalar Tensor."""
        return ta_ops.TensorArraySizeV3.apply(self._handle, self._flow, name=name)

    def close(self, name=None):
        """The op that closes the array (later use of it fails)."""
        return ta_ops.TensorArrayCloseV3.apply(self._handle, name=name)


def build_ta_with_new_flow(old_ta, flow):
    """A TensorArray like `old_ta` (same handle, shared element shape) with `flow` as its flow."""
    new_ta = TensorArray(
        dtype=old_ta.dtype,
        handle=old_ta.handle,
        flow=flow,
        infer_shape=old_ta._infer_shape,
        colocate_with_first_write_call=old_ta._colocate_with_first_write_call,
    )
    new_ta._dynamic_size = old_ta._dynamic_size
    new_ta._colocate_with = old_ta._colocate_with
    new_ta._element_shape = old_ta._element_shape
    return new_ta

"""TF 1.15's gradient accumulator ops (ResourceConditionalAccumulator and the
ResourceAccumulator* ops; SparseConditionalAccumulator and the SparseAccumulator* ops) and the
small Python wrappers SyncReplicasOptimizer builds them through (data_flow_ops.py). The
accumulator lives in the session (runtime/accumulators.py), made on first use."""

import collections

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import NotDifferentiable, OpDef, TensorSpec, register_op
from tinytf.framework.tensor_shape import TensorShape, as_shape, unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.math_ops import cast
from tinytf.ops.quantization_ops import check_enum_attr
from tinytf.runtime import accumulators, queues

_HANDLE = TensorSpec(TensorShape([]), D.resource)
_NO_OUTPUT = []


class _AccumulatorOp(OpDef):
    attrs = {
        "dtype": None,
        "shape": None,
        "container": "",
        "shared_name": "",
        "reduction_type": "MEAN",
    }
    stateful = True
    foldable = False
    make = accumulators.ConditionalAccumulator

    def infer(**attrs):
        return _HANDLE

    def kernel(xp, *, ctx, op, dtype, shape, container, shared_name, reduction_type):
        dims = None if shape.ndims is None else tuple(shape.as_list())
        make = op._opdef.make
        return queues.resource(ctx, op, lambda name, st: make(name, st, dims, reduction_type))


@register_op
class ResourceConditionalAccumulator(_AccumulatorOp):
    """An accumulator of dense gradients (its handle)."""


@register_op
class SparseConditionalAccumulator_(_AccumulatorOp):  # noqa: N801 - the class name is TF's
    """An accumulator of IndexedSlices gradients (its handle)."""

    type_name = "SparseConditionalAccumulator"
    make = accumulators.SparseConditionalAccumulator


class _StepOp(OpDef):
    stateful = True
    type_inputs = ()


@register_op
class ResourceAccumulatorApplyGradient(_StepOp):
    """Adds `gradient` unless local_step is older than the accumulator's global step."""

    inputs = ("handle", "local_step", "gradient")
    attrs = {"dtype": None}

    def infer(handle, local_step, gradient, *, dtype):
        shape_util.with_rank(local_step.shape, 0)
        return _NO_OUTPUT

    def kernel(xp, acc, local_step, gradient, *, ctx, op, dtype):
        acc.apply(int(local_step), np.asarray(gradient))
        return ()


@register_op
class ResourceAccumulatorTakeGradient(_StepOp):
    """Waits for num_required gradients; their mean (the accumulator's global step advances)."""

    inputs = ("handle", "num_required")
    attrs = {"dtype": None}

    def infer(handle, num_required, *, dtype):
        return TensorSpec(unknown_shape(), D.as_dtype(dtype))

    def kernel(xp, acc, num_required, *, ctx, op, dtype):
        return acc.take(int(num_required))


@register_op
class ResourceAccumulatorSetGlobalStep(_StepOp):
    """Sets the accumulator's global step (older gradients are dropped from then on)."""

    inputs = ("handle", "new_global_step")

    def infer(handle, new_global_step):
        return _NO_OUTPUT

    def kernel(xp, acc, new_global_step, *, ctx, op):
        acc.set_global_step(new_global_step)
        return ()


@register_op
class ResourceAccumulatorNumAccumulated(_StepOp):
    """How many gradients the accumulator holds."""

    inputs = ("handle",)

    def infer(handle):
        return TensorSpec(TensorShape([]), D.int32)

    def kernel(xp, acc, *, ctx, op):
        return np.int32(acc.num_accumulated())


@register_op
class AccumulatorSetGlobalStep(ResourceAccumulatorSetGlobalStep):
    """ResourceAccumulatorSetGlobalStep for the (ref-handled) sparse accumulator."""


@register_op
class AccumulatorNumAccumulated(ResourceAccumulatorNumAccumulated):
    """ResourceAccumulatorNumAccumulated for the (ref-handled) sparse accumulator."""


@register_op
class SparseAccumulatorApplyGradient(_StepOp):
    """Adds the rows of an IndexedSlices gradient unless local_step is stale."""

    inputs = ("handle", "local_step", "gradient_indices", "gradient_values", "gradient_shape")
    attrs = {"dtype": None, "has_known_shape": None}

    def infer(handle, local_step, indices, values, shape, *, dtype, has_known_shape):
        shape_util.with_rank(indices.shape, 1)
        return _NO_OUTPUT

    def kernel(xp, acc, local_step, indices, values, shape, *, ctx, op, dtype, has_known_shape):
        acc.apply_slices(int(local_step), np.asarray(indices), np.asarray(values))
        return ()


@register_op
class SparseAccumulatorTakeGradient(_StepOp):
    """Waits for num_required gradients: (indices, mean values per index, dense shape)."""

    inputs = ("handle", "num_required")
    attrs = {"dtype": None}
    list_output = True

    def infer(handle, num_required, *, dtype):
        return [  # TF 1.15 leaves all three shapes unknown
            TensorSpec(unknown_shape(), D.int64),
            TensorSpec(unknown_shape(), D.as_dtype(dtype)),
            TensorSpec(unknown_shape(), D.int64),
        ]

    def kernel(xp, acc, num_required, *, ctx, op, dtype):
        value_shape = [d or 0 for d in (acc.shape or ())[1:]]
        return list(
            acc.take_slices(int(num_required), value_shape, D.as_dtype(dtype).as_numpy_dtype)
        )


for _name in (
    "ResourceConditionalAccumulator",
    "SparseConditionalAccumulator",
    "ResourceAccumulatorApplyGradient",
    "ResourceAccumulatorTakeGradient",
    "ResourceAccumulatorSetGlobalStep",
    "ResourceAccumulatorNumAccumulated",
    "AccumulatorSetGlobalStep",
    "AccumulatorNumAccumulated",
    "SparseAccumulatorApplyGradient",
    "SparseAccumulatorTakeGradient",
):
    NotDifferentiable(_name)


# -- the Python side (data_flow_ops.ConditionalAccumulator and its sparse twin) ------------------
_SparseTake = collections.namedtuple("SparseAccumulatorTakeGradient", "indices values shape")


class ConditionalAccumulatorBase:
    """TF's base of the gradient accumulators: a handle, its dtype, shape and name."""

    def __init__(self, dtype, shape, accumulator_ref):
        self._dtype = dtype
        self._shape = unknown_shape() if shape is None else as_shape(shape)
        self._accumulator_ref = accumulator_ref
        self._name = accumulator_ref.op.name.split("/")[-1]

    @property
    def accumulator_ref(self):
        """The underlying accumulator's handle."""
        return self._accumulator_ref

    @property
    def name(self):
        """The name of the underlying accumulator."""
        return self._name

    @property
    def dtype(self):
        """The dtype of the gradients accumulated."""
        return self._dtype

    def num_accumulated(self, name=None):
        """How many gradients the accumulator holds."""
        name = name if name is not None else f"{self._name}_NumAccumulated"
        return ResourceAccumulatorNumAccumulated.apply(self._accumulator_ref, name=name)

    def set_global_step(self, new_global_step, name=None):
        """Sets the accumulator's time step; older gradients are dropped from then on."""
        return ResourceAccumulatorSetGlobalStep.apply(
            self._accumulator_ref, _step(new_global_step), name=name
        )


def _step(value):
    from tinytf.framework.op_def import convert_to_tensor

    return cast(convert_to_tensor(value), D.int64)


_NUMBER_TYPES = (
    "float32, float64, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, "
    "bfloat16, uint16, complex128, float16, uint32, uint64"
)


def _make(op, dtype, shape, shared_name, name, reduction_type):
    check_enum_attr(op.type_name, "reduction_type", reduction_type, ("MEAN", "SUM"))
    dtype = D.as_dtype(dtype)
    if dtype.base_dtype in (D.string, D.bool, D.resource, D.variant):
        raise TypeError(
            f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of "
            f"allowed values: {_NUMBER_TYPES}"
        )
    shape = unknown_shape() if shape is None else as_shape(shape)
    return op.apply(
        dtype=dtype,
        shape=shape,
        shared_name=shared_name or "",
        reduction_type=reduction_type,
        name=name,
    )


class ConditionalAccumulator(ConditionalAccumulatorBase):
    """TF's accumulator of dense gradients: take_grad waits for num_required fresh ones."""

    def __init__(
        self,
        dtype,
        shape=None,
        shared_name=None,
        name="conditional_accumulator",
        reduction_type="MEAN",
    ):
        ref = _make(ResourceConditionalAccumulator, dtype, shape, shared_name, name, reduction_type)
        super().__init__(D.as_dtype(dtype), shape, ref)

    def apply_grad(self, grad, local_step=0, name=None):
        """Adds `grad` unless local_step is older than the accumulator's time step."""
        from tinytf.framework.op_def import convert_to_tensor

        grad = convert_to_tensor(grad, self._dtype)
        grad.shape.assert_is_compatible_with(self._shape)
        return ResourceAccumulatorApplyGradient.apply(
            self._accumulator_ref, _step(local_step), grad, dtype=self._dtype, name=name
        )

    def take_grad(self, num_required, name=None):
        """Waits for num_required gradients and returns their mean (or sum); resets."""
        out = ResourceAccumulatorTakeGradient.apply(
            self._accumulator_ref, num_required, dtype=self._dtype, name=name
        )
        out.set_shape(self._shape)
        return out


class SparseConditionalAccumulator(ConditionalAccumulatorBase):
    """TF's accumulator of IndexedSlices gradients (rows averaged per index)."""

    def __init__(
        self,
        dtype,
        shape=None,
        shared_name=None,
        name="sparse_conditional_accumulator",
        reduction_type="MEAN",
    ):
        ref = _make(SparseConditionalAccumulator_, dtype, shape, shared_name, name, reduction_type)
        super().__init__(D.as_dtype(dtype), shape, ref)

    def apply_indexed_slices_grad(self, grad, local_step=0, name=None):
        """apply_grad of an IndexedSlices."""
        return self.apply_grad(grad.indices, grad.values, grad.dense_shape, local_step, name)

    def apply_grad(self, grad_indices, grad_values, grad_shape=None, local_step=0, name=None):
        """Adds the rows grad_values at grad_indices unless local_step is stale."""
        from tinytf.ops.constant_op import constant

        if grad_shape is None:
            shape = constant([], D.int64)
        else:
            shape = cast(grad_shape, D.int64)
        return SparseAccumulatorApplyGradient.apply(
            self._accumulator_ref,
            _step(local_step),
            cast(grad_indices, D.int64),
            grad_values,
            shape,
            dtype=self._dtype,
            has_known_shape=grad_shape is not None,
            name=name,
        )

    def take_grad(self, num_required, name=None):
        """(indices, values, shape) of the averaged rows, once num_required have arrived."""
        out = SparseAccumulatorTakeGradient.apply(
            self._accumulator_ref, num_required, dtype=self._dtype, name=name
        )
        return _SparseTake(*out)

    def take_indexed_slices_grad(self, num_required, name=None):
        """take_grad as an IndexedSlices."""
        from tinytf.ops.indexed_slices import IndexedSlices

        indices, values, shape = self.take_grad(num_required, name=name)
        return IndexedSlices(values, indices, shape)

    def num_accumulated(self, name=None):
        """How many gradients the accumulator holds."""
        name = name if name is not None else f"{self._name}_NumAccumulated"
        return AccumulatorNumAccumulated.apply(self._accumulator_ref, name=name)

    def set_global_step(self, new_global_step, name=None):
        """Sets the accumulator's time step; older gradients are dropped from then on."""
        return AccumulatorSetGlobalStep.apply(
            self._accumulator_ref, _step(new_global_step), name=name
        )


def conditional_accumulator(dtype, shape=None, shared_name=None, name="conditional_accumulator"):
    """TF's ConditionalAccumulator (dense gradients), as SyncReplicasOptimizer makes it."""
    return ConditionalAccumulator(dtype, shape, shared_name, name)


def sparse_conditional_accumulator(
    dtype, shape=None, shared_name=None, name="sparse_conditional_accumulator"
):
    """TF's SparseConditionalAccumulator (IndexedSlices gradients)."""
    return SparseConditionalAccumulator(dtype, shape, shared_name, name)

"""TF 1.15's gradient accumulator ops (ResourceConditionalAccumulator and the
ResourceAccumulator* ops; SparseConditionalAccumulator and the SparseAccumulator* ops) and the
small Python wrappers SyncReplicasOptimizer builds them through (data_flow_ops.py). The
accumulator lives in the session (runtime/accumulators.py), made on first use."""

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import NotDifferentiable, OpDef, TensorSpec, register_op
from tinytf.framework.tensor_shape import TensorShape, as_shape, unknown_shape
from tinytf.ops import shape_util
from tinytf.ops.math_ops import cast
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
class SparseConditionalAccumulator(_AccumulatorOp):
    """An accumulator of IndexedSlices gradients (its handle)."""

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
        return [
            TensorSpec(TensorShape([None]), D.int64),
            TensorSpec(unknown_shape(), D.as_dtype(dtype)),
            TensorSpec(TensorShape([None]), D.int64),
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
class _Accumulator:
    """What SyncReplicasOptimizer needs of TF's ConditionalAccumulator classes."""

    def __init__(self, dtype, shape, shared_name, name, sparse):
        self.dtype, self._shape = D.as_dtype(dtype), as_shape(shape)
        op = SparseConditionalAccumulator if sparse else ResourceConditionalAccumulator
        self._ref = op.apply(
            dtype=self.dtype, shape=self._shape, shared_name=shared_name or "", name=name
        )
        self._sparse = sparse

    @property
    def accumulator_ref(self):
        return self._ref

    def apply_grad(self, grad, local_step=0, name=None):
        local_step = cast(local_step, D.int64)
        return ResourceAccumulatorApplyGradient.apply(
            self._ref, local_step, grad, dtype=self.dtype, name=name
        )

    def take_grad(self, num_required, name=None):
        out = ResourceAccumulatorTakeGradient.apply(
            self._ref, num_required, dtype=self.dtype, name=name
        )
        out.set_shape(self._shape)
        return out

    def apply_indexed_slices_grad(self, grad, local_step=0, name=None):
        from tinytf.ops.constant_op import constant

        known = grad.dense_shape is not None
        shape = cast(grad.dense_shape, D.int64) if known else constant([], D.int64)
        return SparseAccumulatorApplyGradient.apply(
            self._ref,
            cast(local_step, D.int64),
            cast(grad.indices, D.int64),
            grad.values,
            shape,
            dtype=self.dtype,
            has_known_shape=known,
            name=name,
        )

    def take_indexed_slices_grad(self, num_required, name=None):
        from tinytf.ops.indexed_slices import IndexedSlices

        indices, values, shape = SparseAccumulatorTakeGradient.apply(
            self._ref, num_required, dtype=self.dtype, name=name
        )
        return IndexedSlices(values, indices, shape)

    def set_global_step(self, new_global_step, name=None):
        op = AccumulatorSetGlobalStep if self._sparse else ResourceAccumulatorSetGlobalStep
        return op.apply(self._ref, cast(new_global_step, D.int64), name=name)

    def num_accumulated(self, name=None):
        op = AccumulatorNumAccumulated if self._sparse else ResourceAccumulatorNumAccumulated
        return op.apply(self._ref, name=name)


def conditional_accumulator(dtype, shape=None, shared_name=None, name="conditional_accumulator"):
    """TF's ConditionalAccumulator (dense gradients), as SyncReplicasOptimizer makes it."""
    return _Accumulator(dtype, shape, shared_name, name, sparse=False)


def sparse_conditional_accumulator(
    dtype, shape=None, shared_name=None, name="sparse_conditional_accumulator"
):
    """TF's SparseConditionalAccumulator (IndexedSlices gradients)."""
    return _Accumulator(dtype, shape, shared_name, name, sparse=True)

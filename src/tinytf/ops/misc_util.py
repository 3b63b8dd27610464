"""Top-level helpers of TF 1.15 that build no ops of their own: tf.is_tensor,
tf.make_tensor_proto / tf.make_ndarray, tf.get_static_value, tf.numpy_function."""

import enum

import numpy as np

from tinytf.framework import dtypes as D
from tinytf.framework.graph_io import (
    _VALUE_FIELDS,
    array_from_proto,
    protos,
    shape_proto,
    tensor_proto,
)
from tinytf.ops.constant_op import to_numpy
from tinytf.ops.debug_ops import py_func
from tinytf.ops.shape_util import constant_value as _folded_value


def is_tensor(x):
    """Whether `x` is a graph tensor: a Tensor, Variable, SparseTensor or IndexedSlices."""
    from tinytf.framework.ops import Tensor
    from tinytf.ops.indexed_slices import IndexedSlices
    from tinytf.ops.sparse_ops import SparseTensor
    from tinytf.ops.variables import Variable

    return isinstance(x, (Tensor, Variable, SparseTensor, IndexedSlices))


def make_ndarray(tensor):
    """The NumPy array a TensorProto holds."""
    return array_from_proto(tensor)


def make_tensor_proto(values, dtype=None, shape=None, verify_shape=False, allow_broadcast=False):
    """A TensorProto of `values` encoded as TF 1.15 encodes it (tensor_content or *_val)."""
    dtype = D.as_dtype(dtype).base_dtype if dtype is not None else None
    array = to_numpy(values, dtype)
    if shape is None:
        shape, n = array.shape, array.size
    else:
        shape = [int(d) for d in (shape.as_list() if hasattr(shape, "as_list") else shape)]
        n = int(np.prod(shape, dtype=np.int64))
        _check_proto_shape(array, shape, n, verify_shape, allow_broadcast)
    dtype = dtype or D.as_dtype(array.dtype)
    if array.size == n and n > 1 and dtype in _CONTENT_TYPES:
        return tensor_proto(array.reshape(shape), dtype)
    proto = protos().TensorProto(dtype=dtype.as_datatype_enum, tensor_shape=shape_proto(shape))
    flat = array.reshape(-1)
    if dtype == D.string:
        proto.string_val.extend(flat.tolist())
    elif dtype in (D.float16, D.bfloat16):
        proto.half_val.extend(flat.view(np.uint16).tolist())
    elif dtype.is_complex:
        getattr(proto, _VALUE_FIELDS[dtype]).extend(flat.view(flat.real.dtype).tolist())
    else:
        getattr(proto, _VALUE_FIELDS[dtype]).extend(flat.tolist())
    return proto


# the dtypes TF 1.15 writes to tensor_content; the others go to the typed *_val fields
_CONTENT_TYPES = frozenset(
    [D.float32, D.float64, D.int32, D.uint8, D.int16, D.int8, D.int64, D.uint32, D.uint64]
)


def _check_proto_shape(array, shape, n, verify_shape, allow_broadcast):
    if allow_broadcast:
        if array.shape not in ((1,), ()) and array.size != n:
            raise TypeError(f"Expected Tensor's shape: {tuple(shape)}, got {array.shape}.")
        return
    if verify_shape and array.shape != tuple(shape):
        raise TypeError(f"Expected Tensor's shape: {tuple(shape)}, got {array.shape}.")
    if array.size > n:
        raise ValueError(
            f"Too many elements provided. Needed at most {n}, but received {array.size}"
        )


# TF's constant_value folds only these op types (tensor_util._ConstantValue)
_STATIC_OPS = ("Range", "Cast", "Concat", "ConcatV2", "Equal", "NotEqual")


def get_static_value(tensor, partial=False):
    """The value of `tensor` if it is known when the graph is built (TF's constant_value)."""
    from tinytf.framework.ops import Tensor

    if not is_tensor(tensor):
        return tensor
    if not isinstance(tensor, Tensor):
        return None
    return _static(tensor, partial)


def _static(tensor, partial):
    op = tensor.op
    if op.type in ("Const", "Shape", "Size", "Rank"):
        return _folded_value(tensor)
    if op.type == "Pack":
        if not op.inputs or op.get_attr("axis") != 0:
            return None
        values = [_static(t, partial) for t in op.inputs]
        if any(v is None for v in values) and not partial:
            return None
        return np.array(values)
    if op.type == "Fill":
        fill = _static(op.inputs[1], False)
        if not tensor.shape.is_fully_defined() or fill is None:
            return None
        return np.full(tensor.shape.as_list(), fill, dtype=fill.dtype)
    if op.type in _STATIC_OPS:
        values = [_static(t, False) for t in op.inputs]
        if any(v is None for v in values):
            return None
        return np.asarray(op._opdef.kernel(np, *values, **op._attrs))
    return None


def numpy_function(func, inp, Tout, name=None):
    """An op that calls `func` on NumPy arrays and returns its results as Tout (a PyFunc)."""
    return py_func(func, inp, Tout, stateful=True, name=name)


# -- enums ---------------------------------------------------------------------------------------
class AggregationMethod:
    """How tf.gradients sums the gradients that reach one tensor (tinytf always adds them)."""

    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2


class UnconnectedGradients(enum.Enum):
    """What tf.gradients returns for an x that the ys do not depend on: None or zeros."""

    NONE = "none"
    ZERO = "zero"


class VariableSynchronization(enum.Enum):
    """When a distributed variable is synchronised (accepted; tinytf has one replica)."""

    AUTO = 0
    NONE = 1
    ON_WRITE = 2
    ON_READ = 3


class VariableAggregation(enum.Enum):
    """How a distributed variable's updates are combined (accepted; tinytf has one replica)."""

    NONE = 0
    SUM = 1
    MEAN = 2
    ONLY_FIRST_REPLICA = 3
    ONLY_FIRST_TOWER = 3  # TF 1.x's old name, an alias of ONLY_FIRST_REPLICA


# -- variables -----------------------------------------------------------------------------------
def no_regularizer(_):
    """The regularizer that adds no loss: always None."""
    return None


def get_local_variable(
    name,
    shape=None,
    dtype=None,
    initializer=None,
    regularizer=None,
    trainable=False,
    collections=None,
    caching_device=None,
    partitioner=None,
    validate_shape=True,
    use_resource=None,
    custom_getter=None,
    constraint=None,
    synchronization=VariableSynchronization.AUTO,
    aggregation=VariableAggregation.NONE,
):
    """tf.get_variable, but not trainable and in the LOCAL_VARIABLES collection."""
    from tinytf.framework.graph import GraphKeys
    from tinytf.ops.variable_scope import get_variable

    collections = list(collections or []) + [GraphKeys.LOCAL_VARIABLES]
    return get_variable(
        name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
        trainable=False, collections=collections, caching_device=caching_device,
        partitioner=partitioner, validate_shape=validate_shape, use_resource=use_resource,
        custom_getter=custom_getter, constraint=constraint,
    )


def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    """A 1-D string tensor: the names of the variables not yet initialised in the session."""
    from tinytf.framework.op_def import name_scope
    from tinytf.ops import array_ops, constant_op, math_ops, state_ops, variables

    if var_list is None:
        var_list = variables.global_variables() + variables.local_variables()
    with name_scope(name):
        if not var_list:
            return constant_op.constant([], dtype=D.string)
        initialized = [state_ops.is_variable_initialized(v) for v in var_list]
        mask = math_ops.logical_not(array_ops.stack(initialized))
        names = constant_op.constant([v.op.name for v in var_list])
        return array_ops.boolean_mask(names, mask)


def clip_by_average_norm(t, clip_norm, name=None):
    """t scaled so that its L2 norm divided by its size is at most clip_norm."""
    from tinytf.framework.op_def import convert_to_tensor, name_scope
    from tinytf.ops import array_ops, constant_op, math_ops, reduction_ops

    with name_scope(name, "clip_by_average_norm", [t, clip_norm]) as name:
        t = convert_to_tensor(t, name="t")
        n_element = math_ops.cast(array_ops.size(t), D.float32)
        l2norm_inv = math_ops.rsqrt(
            reduction_ops.reduce_sum(t * t, math_ops.range(array_ops.rank(t)))
        )
        scale = math_ops.minimum(l2norm_inv * n_element, constant_op.constant(1.0) / clip_norm)
        return array_ops.identity(t * clip_norm * scale, name=name)



"""Variable storage ops: VariableV2 holds a value in the Session; Assign* write it."""

from tinytf.framework import dtypes as D
from tinytf.framework.errors import FailedPreconditionError, InvalidArgumentError
from tinytf.framework.op_def import OpDef, TensorSpec, register_op
from tinytf.ops import shape_util


def _read(ctx, ref):
    value = ctx.variables.get(ref)
    if value is None:
        raise FailedPreconditionError(
            None, None, f"Attempting to use uninitialized value {ref.name}"
        )
    return value


@register_op
class VariableV2(OpDef):
    """A mutable tensor whose value lives in the Session (a reference-typed output)."""

    attrs = {"shape": None, "dtype": None, "container": "", "shared_name": ""}
    stateful = True
    is_variable = True

    def infer(*, shape, dtype, container, shared_name):
        return TensorSpec(shape, dtype._as_ref)

    def kernel(xp, *, ctx, op, **_):
        return _read(ctx, op)


@register_op
class Assign(OpDef):
    """Stores `value` into the variable `ref` and outputs the new value."""

    inputs = ("ref", "value")
    attrs = {"validate_shape": True, "use_locking": True}
    ref_inputs = (0,)
    stateful = True

    def infer(ref, value, *, validate_shape, use_locking):
        if not validate_shape:
            return TensorSpec(value.shape, ref.dtype)
        return TensorSpec(shape_util.merge_pair(ref.shape, value.shape), ref.dtype)

    def kernel(xp, ref, value, *, ctx, op, validate_shape, use_locking):
        stored = xp.asarray(value, dtype=ref._outputs[0].dtype.as_numpy_dtype).copy()
        expected = _read_shape(ctx, ref, stored.shape)
        if validate_shape and stored.shape != expected:
            raise InvalidArgumentError(
                None,
                None,
                "Assign requires shapes of both tensors to match. "
                f"lhs shape= {_dims(expected)} rhs shape= {_dims(stored.shape)}",
            )
        ctx.variables[ref] = stored
        return stored


def _dims(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def _read_shape(ctx, ref, default):
    """The shape the variable must keep: its stored value's, else its static one."""
    if ref in ctx.variables:
        return ctx.variables[ref].shape
    static = ref._outputs[0].shape
    return tuple(static.as_list()) if static.is_fully_defined() else default


class AssignUpdate(OpDef):
    inputs = ("ref", "value")
    attrs = {"use_locking": False}
    ref_inputs = (0,)
    stateful = True
    allowed = D.NUMBERS

    @classmethod
    def infer(cls, ref, value, *, use_locking):
        shape_util.merge_pair(ref.shape, value.shape)
        return TensorSpec(ref.shape, ref.dtype)


@register_op
class AssignAdd(AssignUpdate):
    """ref += value, in place."""

    def kernel(xp, ref, value, *, ctx, op, use_locking):
        var = _read(ctx, ref)
        var += value
        return var


@register_op
class AssignSub(AssignUpdate):
    """ref -= value, in place."""

    def kernel(xp, ref, value, *, ctx, op, use_locking):
        var = _read(ctx, ref)
        var -= value
        return var


@register_op
class IsVariableInitialized(OpDef):
    """Whether the variable `ref` holds a value in this Session."""

    inputs = ("ref",)
    attrs = {"dtype": None}
    ref_inputs = (0,)
    stateful = True

    def infer(ref, *, dtype):
        return TensorSpec([], D.bool)

    def kernel(xp, ref, *, ctx, op, dtype):
        return xp.asarray(ref in ctx.variables)


def _ref(x):
    return x._ref() if hasattr(x, "_ref") else x


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """Stores `value` in variable `ref`; returns the new value."""
    return Assign.apply(
        _ref(ref),
        value,
        name=name or "Assign",
        validate_shape=True if validate_shape is None else validate_shape,
        use_locking=True if use_locking is None else use_locking,
    )


def assign_add(ref, value, use_locking=None, name=None):
    """ref += value; returns the new value."""
    return AssignAdd.apply(
        _ref(ref), value, name=name or "AssignAdd", use_locking=bool(use_locking)
    )


def assign_sub(ref, value, use_locking=None, name=None):
    """ref -= value; returns the new value."""
    return AssignSub.apply(
        _ref(ref), value, name=name or "AssignSub", use_locking=bool(use_locking)
    )


def is_variable_initialized(variable):
    """A bool tensor: whether `variable` has been initialized."""
    ref = _ref(variable)
    if not ref.dtype._is_ref and hasattr(ref, "is_initialized"):  # a resource variable
        return ref.is_initialized()
    return IsVariableInitialized.apply(ref, dtype=ref.dtype.base_dtype)

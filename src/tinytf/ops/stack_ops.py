"""TF's stacks (StackV2 and its push/pop/close): the gradient of a while loop pushes each forward
value its backward loop needs, once per iteration, and the backward loop pops them in reverse.

A StackV2 makes a new, empty stack each time it runs (its handle's runtime value is the stack
itself), so Session runs never share one.
"""

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import DEAD, OpDef, TensorSpec, register_op
from tinytf.framework.tensor_shape import unknown_shape


class _Stack(list):
    """A stack's values, and its limit (max_size < 0: none)."""

    def __init__(self, max_size, name):
        super().__init__()
        self.max_size, self.name = max_size, name


@register_op
class StackV2(OpDef):
    """A new stack of `elem_type` values; its handle."""

    inputs = ("max_size",)
    attrs = {"elem_type": None, "stack_name": ""}
    stateful = True
    foldable = False

    def infer(max_size, *, elem_type, stack_name):
        return TensorSpec([2], D.resource)

    def kernel(xp, max_size, *, ctx, op, elem_type, stack_name):
        return _Stack(int(max_size), stack_name or op.name)


@register_op
class StackPushV2(OpDef):
    """Pushes `elem` onto the stack; outputs `elem`. A value of a tf.cond branch not taken is
    pushed too (as dead), so that a loop's pushes and its gradient's pops stay in step."""

    inputs = ("handle", "elem")
    type_inputs = ("elem",)
    attrs = {"swap_memory": False}
    stateful = True
    takes_dead = True

    def infer(handle, elem, *, swap_memory):
        return TensorSpec(elem.shape, elem.dtype)

    def kernel(xp, handle, elem, *, ctx, op, swap_memory):
        if 0 <= handle.max_size <= len(handle):
            raise InvalidArgumentError(
                None, None, f"Stack[{handle.name}] overflowed its max_size ({handle.max_size})"
            )
        handle.append(elem)
        return () if elem is DEAD else elem  # the push ran, even of a dead value


@register_op
class StackPopV2(OpDef):
    """The value on top of the stack, removed from it."""

    inputs = ("handle",)
    attrs = {"elem_type": None}
    stateful = True

    def infer(handle, *, elem_type):
        return TensorSpec(unknown_shape(), elem_type)

    def kernel(xp, handle, *, ctx, op, elem_type):
        if not handle:
            raise InvalidArgumentError(
                None, None, f"Stack[{handle.name}] is empty when calling Pop()."
            )
        return handle.pop()


@register_op
class StackCloseV2(OpDef):
    """Deletes the stack's values."""

    inputs = ("handle",)
    stateful = True

    def infer(handle):
        return []

    def kernel(xp, handle, *, ctx, op):
        handle.clear()
        return ()

"""The ops that make a while loop's frame in a TF 1.x graph: Enter (into the frame), Exit (out of
it), NextIteration (a value for the next iteration), LoopCond (the predicate that decides whether
another iteration runs), and ControlTrigger. Merge and Switch are tf.cond's (ops/cond.py).

Loops are differentiated as a whole (ops/while_grad.py), so these ops have no gradient functions
of their own (but Enter's, for tf.gradients called inside a loop's body). Their kernels are
identities: a loop's frame runs as one compiled unit (runtime/frames.py), which routes Enter's,
Merge's and Switch's values itself; the kernels run when one of these ops appears outside any
frame (an Exit fed by hand, a lone LoopCond).
"""

from tinytf.framework import dtypes as D
from tinytf.framework.op_def import OpDef, TensorSpec, register_op
from tinytf.ops import shape_util


def _same(data, **_):
    return TensorSpec(data.shape, data.dtype)


def _identity(xp, data, **_):
    return data


class _Forward(OpDef):
    """An op that forwards `data` unchanged (in the graph, it marks a frame boundary)."""

    inputs = ("data",)
    foldable = False
    aliases_input = True
    infer = staticmethod(_same)
    kernel = staticmethod(_identity)


@register_op
class Enter(_Forward):
    """`data` made available in the child frame `frame_name` (each iteration, if is_constant)."""

    attrs = {"frame_name": None, "is_constant": False, "parallel_iterations": 10}

    def grad(op, dy):  # tf.gradients inside a loop's body: an entered value's gradient is its own
        return dy


@register_op
class RefEnter(Enter):
    """Enter for a reference (a variable the loop assigns): reads see its current value, and
    assignments through it reach the variable."""

    ref_inputs = (0,)
    stateful = True

    def kernel(xp, data, *, ctx, op, **_):
        from tinytf.ops.state_ops import _read

        return _read(ctx, data)


@register_op
class Exit(_Forward):
    """A loop variable's final value, back in the parent frame."""


@register_op
class RefExit(Exit):
    """Exit for a reference."""


@register_op
class NextIteration(_Forward):
    """`data` as the loop variable's value in the next iteration."""


@register_op
class RefNextIteration(NextIteration):
    """NextIteration for a reference."""


@register_op
class LoopCond(OpDef):
    """The loop's predicate: a scalar bool, fed to the Switch of every loop variable."""

    inputs = ("input",)
    foldable = False

    def infer(input):  # noqa: A002 - TF's input name
        if input.dtype.base_dtype != D.bool:
            raise TypeError(
                f"Input 'input' of 'LoopCond' Op has type {input.dtype.base_dtype.name} that "
                "does not match expected type of bool."
            )
        shape_util.with_rank(input.shape, 0)
        return TensorSpec(input.shape, D.bool)

    kernel = staticmethod(_identity)


@register_op
class ControlTrigger(OpDef):
    """Does nothing; ordering point for control edges inside a frame."""

    foldable = False

    def infer():
        return []

    def kernel(xp):
        return ()

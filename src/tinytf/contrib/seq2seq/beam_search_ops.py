"""GatherTree (TF 1.15's contrib op, beam_search_ops.cc): the full beams from each step's ids
and parent beam ids, read backwards from each batch entry's max_sequence_length; past the first
end_token a beam holds end_token."""

from tinytf.framework import dtypes as D
from tinytf.framework.errors import InvalidArgumentError
from tinytf.framework.op_def import OpDef, TensorSpec, register_op
from tinytf.ops import shape_util
from tinytf.ops.tensor_array_ops import typed_input


def _backtrack(beams, step_ids, parent_ids, length, b, k):
    beams[length - 1, b, k] = step_ids[length - 1, b, k]
    parent = parent_ids[length - 1, b, k]
    beam_width = step_ids.shape[2]
    for level in range(length - 2, -1, -1):
        if parent < 0 or parent >= beam_width:
            raise InvalidArgumentError(
                None, None,
                f"Saw invalid parent id {parent} at (batch, time, beam) == ({b}, {level}, {k})",
            )  # fmt: skip
        beams[level, b, k] = step_ids[level, b, parent]
        parent = parent_ids[level, b, parent]


@register_op
class GatherTree(OpDef):
    """beams [max_time, batch, beam]: each beam's ids traced back through its parents."""

    inputs = ("step_ids", "parent_ids", "max_sequence_lengths", "end_token")
    type_inputs = ("step_ids", "parent_ids", "end_token")
    allowed = (D.int32,)

    def infer(step_ids, parent_ids, max_sequence_lengths, end_token):
        steps = shape_util.with_rank(step_ids.shape, 3)
        steps = shape_util.merge_pair(steps, shape_util.with_rank(parent_ids.shape, 3))
        lengths = shape_util.with_rank(max_sequence_lengths.shape, 1)
        shape_util.with_rank(end_token.shape, 0)
        shape_util.merge_dim(steps[1].value, lengths[0].value)
        return TensorSpec(steps, step_ids.dtype)

    def kernel(xp, step_ids, parent_ids, max_sequence_lengths, end_token):
        if step_ids.shape != parent_ids.shape:
            raise InvalidArgumentError(
                None, None,
                "step_ids.shape must match parent_ids.shape.  but shapes are: "
                f"{list(step_ids.shape)} and {list(parent_ids.shape)}",
            )  # fmt: skip
        max_time, batch, beam_width = step_ids.shape
        if max_sequence_lengths.shape != (batch,):
            raise InvalidArgumentError(
                None, None,
                "batch size dimensions step_ids.shape[1] and max_sequence_lengths.shape[0] "
                f"must match.  but shapes are: {list(step_ids.shape)} and "
                f"{list(max_sequence_lengths.shape)}",
            )  # fmt: skip
        end = int(end_token)
        beams = xp.full(step_ids.shape, end, dtype=step_ids.dtype)
        for b in range(batch):
            length = min(max_time, int(max_sequence_lengths[b]))
            if length <= 0:
                continue
            for k in range(beam_width):
                _backtrack(beams, step_ids, parent_ids, length, b, k)
                # as TF: a beam fed with ids after an end_token ends at the first one
                ended = xp.cumsum(beams[:length, b, k] == end) > 0
                ended = xp.concatenate([xp.zeros(1, bool), ended[:-1]])
                beams[:length, b, k][ended] = end
        return beams


def gather_tree(step_ids, parent_ids, max_sequence_lengths, end_token, name=None):
    """beams [max_time, batch, beam] traced back from step_ids and parent_ids (int32)."""
    return GatherTree.apply(
        step_ids,
        parent_ids,
        typed_input(max_sequence_lengths, D.int32, "max_sequence_lengths", "GatherTree"),
        end_token,
        name=name,
    )

"""Per-op timings of a traced run (`RunOptions(trace_level=FULL_TRACE)`), as TF's StepStats:
one NodeExecStats per op run, with start, duration and output sizes, so that
`timeline.Timeline(run_metadata.step_stats)` draws it. Untraced runs never come here."""

import threading
import time

from tinytf.runtime.placement import CPU


class StepTrace:
    """Collects (op, start ns, end ns, outputs) while a plan runs; then fills a StepStats."""

    def __init__(self):
        self.records = []
        self.thread_id = threading.get_ident() & 0xFFFFFFFF  # TF's thread ids are 32-bit

    def record(self, op, start_ns, end_ns, outputs):
        self.records.append((op, start_ns, end_ns, outputs))

    def fill(self, step_stats):
        """Adds this run's node stats to a StepStats proto (one device: the CPU)."""
        device = step_stats.dev_stats.add(device=CPU)
        for op, start, end, outputs in self.records:
            _node_stats(device.node_stats.add(), op, start, end, outputs, self.thread_id)


def _node_stats(node, op, start, end, outputs, thread_id):
    duration = end - start
    node.node_name = op.name
    node.all_start_micros, node.all_start_nanos = start // 1000, start
    node.op_end_rel_micros = node.all_end_rel_micros = duration // 1000
    node.op_end_rel_nanos = node.all_end_rel_nanos = duration
    node.scheduled_micros, node.scheduled_nanos = start // 1000, start
    inputs = ", ".join(t.op.name if t.value_index == 0 else t.name for t in op.inputs)
    node.timeline_label = f"{op.name} = {op.type}({inputs})"
    node.thread_id = thread_id
    node.memory_stats.SetInParent()
    for slot, (tensor, value) in enumerate(zip(op.outputs, outputs)):
        shape, nbytes = getattr(value, "shape", None), getattr(value, "nbytes", None)
        if shape is None:
            continue  # a dead branch of a tf.cond, or a non-array value
        out = node.output.add(slot=slot)
        desc = out.tensor_description
        desc.dtype = tensor.dtype.base_dtype.as_datatype_enum
        for n in shape:
            desc.shape.dim.add(size=n)
        desc.allocation_description.requested_bytes = nbytes
        desc.allocation_description.allocator_name = "cpu"


def now_ns():
    return time.time_ns()

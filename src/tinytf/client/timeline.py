"""`tensorflow.python.client.timeline`: a StepStats (from a run with
`RunOptions(trace_level=FULL_TRACE)`) as a Chrome trace, for chrome://tracing or Perfetto.

    tl = timeline.Timeline(run_metadata.step_stats)
    open("timeline.json", "w").write(tl.generate_chrome_trace_format())

The events are TF 1.15's: one process per device ('<device> Compute' with an 'X' region per op,
'<device> Tensors' with the tensors' lifetimes), 'Allocators' with memory counters, and flow
arrows from producers to consumers that run on another lane.
"""

import collections
import json
import re

AllocationMaximum = collections.namedtuple(
    "AllocationMaximum", ("timestamp", "num_bytes", "tensors")
)
StepStatsAnalysis = collections.namedtuple(
    "StepStatsAnalysis", ("chrome_trace", "allocator_maximums")
)

_LABEL = re.compile(r"(.*) = (.*)\((.*)\)")


class _ChromeTrace:
    """The events of one trace: metadata first, then the timed events, as TF writes them."""

    def __init__(self):
        self.metadata, self.events = [], []

    def event(self, ph, category, name, pid, tid, ts, **fields):
        self.events.append(
            {"ph": ph, "cat": category, "name": name, "pid": pid, "tid": tid, "ts": ts, **fields}
        )

    def process(self, name, pid):
        event = {"name": "process_name", "ph": "M", "pid": pid, "args": {"name": name}}
        self.metadata.append(event)

    def format_to_string(self, pretty=False):
        trace = {"traceEvents": self.metadata + self.events}
        if pretty:
            return json.dumps(trace, indent=4, separators=(",", ": "))
        return json.dumps(trace, separators=(",", ":"))


class _Tensor:
    """One output tensor's lifetime: created by its op, last read by its last consumer."""

    def __init__(self, name, object_id, created, pid, allocator, num_bytes):
        self.name, self.object_id, self.create_time, self.pid = name, object_id, created, pid
        self.allocator, self.num_bytes = allocator, num_bytes
        self.unrefs = []

    @property
    def last_unref(self):
        return max(self.unrefs)


def _parse_label(label):
    """(node name, op type, input names) of a timeline label 'y = MatMul(x, w/read)'."""
    match = _LABEL.match(label)
    if match is None:
        return "unknown", "unknown", []
    name, op, inputs = match.groups()
    return name, op, inputs.split(", ") if inputs else []


class Timeline:
    """A Chrome trace of one step: `Timeline(step_stats, graph=None)`."""

    def __init__(self, step_stats, graph=None):
        from tinytf.platform.protos import proto_module

        self._step_stats = proto_module("step_stats_pb2").StepStats()
        self._step_stats.CopyFrom(step_stats)
        self._graph = graph
        self._trace = _ChromeTrace()
        self._next_pid = 0
        self._device_pids, self._tensor_pids = {}, {}
        self._tensors = {}
        self._flow_starts = {}
        self._next_flow_id = 0
        self._allocator_maximums = {}

    def _pid(self, name):
        pid, self._next_pid = self._next_pid, self._next_pid + 1
        self._trace.process(name, pid)
        return pid

    def _allocate_pids(self):
        self._allocators_pid = self._pid("Allocators")
        for dev in self._step_stats.dev_stats:
            self._device_pids[dev.device] = self._pid(f"{dev.device} Compute")
            self._tensor_pids[dev.device] = self._pid(f"{dev.device} Tensors")

    def _assign_lanes(self):
        """Ops that overlap in time go on different lanes (tids) of their device."""
        for dev in self._step_stats.dev_stats:
            lanes = [0]  # the end time of each lane's last op
            for ns in dev.node_stats:
                free = [i for i, end in enumerate(lanes) if ns.all_start_micros > end]
                lane = free[0] if free else len(lanes)
                if not free:
                    lanes.append(0)
                lanes[lane] = ns.all_start_micros + ns.all_end_rel_micros
                ns.thread_id = lane

    def _analyze_tensors(self, show_memory):
        for dev in self._step_stats.dev_stats:
            device_pid, tensors_pid = self._device_pids[dev.device], self._tensor_pids[dev.device]
            for ns in dev.node_stats:
                start, end = ns.all_start_micros, ns.all_start_micros + ns.all_end_rel_micros
                for index, output in enumerate(ns.output):
                    name = f"{ns.node_name}:{index}" if index else ns.node_name
                    allocation = output.tensor_description.allocation_description
                    tensor = _Tensor(
                        name, len(self._tensors), start, tensors_pid,
                        allocation.allocator_name, allocation.requested_bytes,
                    )
                    self._tensors[name] = tensor
                    tensor.unrefs.append(end)
                    self._flow_starts[name] = (end, device_pid, ns.thread_id)
                    if show_memory:
                        self._trace.event(
                            "N", "Tensor", name, tensors_pid, ns.thread_id, start,
                            id=tensor.object_id,
                        )
                        desc = str(output.tensor_description).replace('"', "")
                        self._trace.event(
                            "O", "Tensor", name, tensors_pid, ns.thread_id, end - 1,
                            id=tensor.object_id, args={"snapshot": {"tensor_description": desc}},
                        )

    def _emit_op(self, ns, pid, is_gputrace):
        inputs = []
        if is_gputrace:
            name, op = (ns.node_name.split(":") + ["unknown"])[:2]
        else:
            name = ns.node_name
            op = "RecvTensor" if name == "RecvTensor" else _parse_label(ns.timeline_label)[1]
            if name != "RecvTensor":
                inputs = _parse_label(ns.timeline_label)[2]
        args = {"name": name, "op": op}
        args.update((f"input{i}", n) for i, n in enumerate(inputs))
        self._trace.event(
            "X", "Op", op, pid, ns.thread_id, ns.all_start_micros,
            dur=ns.all_end_rel_micros, args=args,
        )

    def _show_compute(self, show_dataflow):
        for dev in self._step_stats.dev_stats:
            pid = self._device_pids[dev.device]
            is_gputrace = "/stream:" in dev.device or "/memcpy" in dev.device
            for ns in dev.node_stats:
                self._emit_op(ns, pid, is_gputrace)
                if is_gputrace or ns.node_name == "RecvTensor":
                    continue
                start, end = ns.all_start_micros, ns.all_start_micros + ns.all_end_rel_micros
                for name in _parse_label(ns.timeline_label)[2]:
                    if name not in self._tensors and name.rfind("/_") > 0:
                        name = name[: name.rfind("/_")]  # a Send/Recv copy of the tensor
                    tensor = self._tensors.get(name)
                    if tensor is None:
                        continue
                    tensor.unrefs.append(end - 1)
                    created, create_pid, create_tid = self._flow_starts[name]
                    if show_dataflow and (create_pid != pid or create_tid != ns.thread_id):
                        flow_id, self._next_flow_id = self._next_flow_id, self._next_flow_id + 1
                        self._trace.event(
                            "s", "DataFlow", name, create_pid, create_tid, created, id=flow_id
                        )
                        self._trace.event(
                            "t", "DataFlow", name, pid, ns.thread_id, start, id=flow_id
                        )

    def _show_memory_counters(self):
        allocations = collections.defaultdict(list)
        for name, tensor in self._tensors.items():
            self._trace.event(
                "D", "Tensor", name, tensor.pid, 0, tensor.last_unref, id=tensor.object_id
            )
            allocations[tensor.allocator].append((tensor.create_time, tensor.num_bytes, name))
            allocations[tensor.allocator].append((tensor.last_unref, -tensor.num_bytes, name))
        for allocator, records in allocations.items():
            total, live = 0, set()
            best = AllocationMaximum(timestamp=0, num_bytes=0, tensors=set())
            for time, num_bytes, name in sorted(records):
                total += num_bytes
                (live.discard if num_bytes < 0 else live.add)(name)
                if total > best.num_bytes:
                    best = AllocationMaximum(timestamp=time, num_bytes=total, tensors=set(live))
                self._trace.event(
                    "C", "Memory", allocator, self._allocators_pid, 0, time,
                    args={allocator: total},
                )
            self._allocator_maximums[allocator] = best

    def analyze_step_stats(self, show_dataflow=True, show_memory=True):
        """The trace and each allocator's peak (StepStatsAnalysis)."""
        self._allocate_pids()
        self._assign_lanes()
        self._analyze_tensors(show_memory)
        self._show_compute(show_dataflow)
        if show_memory:
            self._show_memory_counters()
        return StepStatsAnalysis(
            chrome_trace=self._trace, allocator_maximums=self._allocator_maximums
        )

    def generate_chrome_trace_format(self, show_dataflow=True, show_memory=False):
        """The trace as a JSON string in Chrome's trace format."""
        analysis = self.analyze_step_stats(show_dataflow=show_dataflow, show_memory=show_memory)
        return analysis.chrome_trace.format_to_string(pretty=True)

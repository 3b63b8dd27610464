"""Placement: every op runs on the CPU. An op pinned to a device this process does not have
(`/gpu:0`, `/job:worker`) is refused as TF 1.15's placer refuses it, unless soft placement
moves it to the CPU (TF softens only the device type and index, never job/replica/task)."""

import sys

from tinytf.client.device_lib import LOCAL_PREFIX, local_device_names
from tinytf.framework import errors
from tinytf.framework.device import DeviceSpec

_LOCAL_TASK = {"job": "localhost", "replica": 0, "task": 0}
_LOCAL_TYPES = ("CPU", "XLA_CPU")
CPU = f"{LOCAL_PREFIX}/device:CPU:0"


_LOG = {"device_placement": False}  # tf.debugging.set_log_device_placement


def set_log_device_placement(enabled):
    """Sessions made without a ConfigProto log where they place ops (as TF 1.15's context)."""
    _LOG["device_placement"] = bool(enabled)


def get_log_device_placement():
    """Whether set_log_device_placement(True) is in effect."""
    return _LOG["device_placement"]


def log_placement(config):
    """Whether a Session with `config` logs its placements: the config says, else the flag."""
    return bool(config.log_device_placement) if config is not None else _LOG["device_placement"]


class Placer:
    """Checks the ops added to a graph since the last check (TF places the whole graph when a
    Session first sees it, so an unrunnable op fails every run, not only runs that need it)."""

    def __init__(self, graph, allow_soft_placement=False, log_device_placement=False):
        self._graph = graph
        self._soft = allow_soft_placement
        self.log = log_device_placement
        self._checked = 0
        self._specs = {}  # device string -> None when local, else the reason it is not
        if log_device_placement:
            print(f"Device mapping:\n{LOCAL_PREFIX}/device:XLA_CPU:0 -> device: XLA_CPU device")

    def check_new_ops(self):
        ops = self._graph._ops
        for op in ops[self._checked :]:
            if op._device:
                self._check(op)
        self._checked = len(ops)

    def _check(self, op):
        problem = self._specs.get(op._device, False)
        if problem is False:
            problem = self._specs[op._device] = self._problem(op._device)
        if problem is not None:
            name = DeviceSpec.from_string(op._device).to_string()
            gpu_note = (
                " The requested device appears to be a GPU, but CUDA is not enabled."
                if "GPU" in problem
                else ""
            )
            raise errors.InvalidArgumentError(
                None,
                None,
                f"Cannot assign a device for operation {op.name}: {{{{node {op.name}}}}} was "
                f"explicitly assigned to {name} but available devices are "
                f"[ {', '.join(local_device_names())} ]. Make sure the device specification "
                f"refers to a valid device.{gpu_note}",
            ).with_op(op)

    def _problem(self, device):
        spec = DeviceSpec.from_string(device)
        for field, local in _LOCAL_TASK.items():
            value = getattr(spec, field)
            if value is not None and value != local:
                return field
        if self._soft:
            return None
        if spec.device_type is not None and spec.device_type not in _LOCAL_TYPES:
            return spec.device_type
        if spec.device_index not in (None, 0):
            return "index"
        return None

    @staticmethod
    def log_plan(ops):
        """TF's log_device_placement lines for the ops of a newly compiled plan."""
        lines = [f"{op.name}: ({op.type}): {CPU}" for op in ops]
        if lines:
            print("\n".join(lines), file=sys.stdout)

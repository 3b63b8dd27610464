"""The devices a local Session has, as TF 1.15 lists them (`device_lib.list_local_devices()`):
the CPU and TF's XLA_CPU device. tinytf runs every kernel on the CPU."""

import functools
import random


@functools.cache
def _device_attributes_class():
    """TF's DeviceAttributes message (device_attributes.proto, which no pip package ships),
    declared on first use so that `import tinytf` does not load protobuf's descriptors."""
    from tinytf.platform.checkpoint_protos import declare

    return declare(
        {
            "InterconnectLink": [
                ("device_id", 1, "int32", False),
                ("type", 2, "string", False),
                ("strength", 3, "int32", False),
            ],
            "LocalLinks": [("link", 1, "InterconnectLink", True)],
            "DeviceLocality": [
                ("bus_id", 1, "int32", False),
                ("numa_node", 2, "int32", False),
                ("links", 3, "LocalLinks", False),
            ],
            "DeviceAttributes": [
                ("name", 1, "string", False),
                ("device_type", 2, "string", False),
                ("memory_limit", 4, "int64", False),
                ("locality", 5, "DeviceLocality", False),
                ("incarnation", 6, "fixed64", False),
                ("physical_device_desc", 7, "string", False),
            ],
        },
        package="tensorflow",
        filename="tinytf/device_attributes.proto",
    )["DeviceAttributes"]


LOCAL_PREFIX = "/job:localhost/replica:0/task:0"
# (type, memory limit, physical description) as TF 1.15's CPU build reports them
_DEVICES = (("CPU", 268435456, ""), ("XLA_CPU", 17179869184, "device: XLA_CPU device"))
_INCARNATIONS = [random.getrandbits(64) for _ in _DEVICES]  # TF draws one per device per process


def _attributes(prefix):
    out = []
    for (kind, memory, desc), incarnation in zip(_DEVICES, _INCARNATIONS):
        d = _device_attributes_class()(
            name=f"{prefix}/device:{kind}:0", device_type=kind, memory_limit=memory,
            incarnation=incarnation, physical_device_desc=desc,
        )
        d.locality.SetInParent()
        out.append(d)
    return out


def list_local_devices(session_config=None):
    """The local devices as DeviceAttributes protos (name '/device:CPU:0', device_type, ...)."""
    return _attributes("")


def local_device_names():
    """The full names of the devices a Session places ops on."""
    return [f"{LOCAL_PREFIX}/device:{kind}:0" for kind, _, _ in _DEVICES]


class SessionDevice:
    """What `Session.list_devices()` returns for one device (TF's _DeviceAttributes)."""

    def __init__(self, attributes):
        self.name = attributes.name
        self.device_type = attributes.device_type
        self.memory_limit_bytes = attributes.memory_limit
        self.incarnation = attributes.incarnation

    def __repr__(self):
        return (
            f"_DeviceAttributes({self.name}, {self.device_type}, {self.memory_limit_bytes}, "
            f"{self.incarnation})"
        )


def session_devices():
    return [SessionDevice(a) for a in _attributes(LOCAL_PREFIX)]

"""Device names: `tf.DeviceSpec` and the merging rules of nested `tf.device` blocks (TF 1.x).

Bookkeeping only: where an op may run is checked by the runtime (runtime/placement.py).
"""

_FIELDS = ("job", "replica", "task", "device_type", "device_index")


class DeviceSpec:
    """A (partial) device name: /job:<job>/replica:<r>/task:<t>/device:<TYPE>:<index>.
    Unset fields are None; an index of None is written '*'."""

    def __init__(self, job=None, replica=None, task=None, device_type=None, device_index=None):
        self.job = job
        self.replica = replica
        self.task = task
        self.device_type = device_type
        self.device_index = device_index

    # TF 1.x's DeviceSpec is mutable; the setters normalise as TF does.
    replica = property(lambda self: self._replica, lambda self, v: self._set("_replica", v))
    task = property(lambda self: self._task, lambda self, v: self._set("_task", v))
    device_index = property(
        lambda self: self._device_index, lambda self, v: self._set("_device_index", v)
    )

    @property
    def job(self):
        return self._job

    @job.setter
    def job(self, job):
        self._job = None if job is None else str(job)

    @property
    def device_type(self):
        return self._device_type

    @device_type.setter
    def device_type(self, device_type):
        # "cpu"/"gpu" are the old spellings of CPU/GPU; other types keep their case
        if device_type is not None and device_type.upper() in ("CPU", "GPU"):
            device_type = device_type.upper()
        self._device_type = device_type

    def _set(self, attr, value):
        setattr(self, attr, None if value is None else int(value))

    def parse_from_string(self, spec):
        """Sets every field from `spec` ('/job:ps/device:GPU:0'; unnamed ones to None)."""
        fields = _parse(spec)
        for name in _FIELDS:
            setattr(self, name, fields.get(name))
        return self

    @classmethod
    def from_string(cls, spec):
        """A DeviceSpec parsed from a device name string."""
        return cls().parse_from_string(spec)

    def merge_from(self, dev):
        """Copies the fields that are set in `dev` into this spec."""
        for name in _FIELDS:
            value = getattr(dev, name)
            if value is not None:
                setattr(self, name, value)

    def make_merged_spec(self, dev):
        """A new spec: this one with the set fields of `dev` on top."""
        merged = self.replace()
        merged.merge_from(dev)
        return merged

    def replace(self, **kwargs):
        """A copy with some fields replaced."""
        fields = {name: getattr(self, name) for name in _FIELDS}
        fields.update(kwargs)
        return type(self)(**fields)

    def to_string(self):
        """The canonical name, e.g. '/job:ps/replica:0/task:1/device:GPU:0'."""
        out = "".join(
            f"/{name}:{getattr(self, name)}"
            for name in ("job", "replica", "task")
            if getattr(self, name) is not None
        )
        if self.device_type is not None:
            index = "*" if self.device_index is None else self.device_index
            out += f"/device:{self.device_type}:{index}"
        return out

    def _key(self):
        return tuple(getattr(self, name) for name in _FIELDS)

    def __eq__(self, other):
        return isinstance(other, DeviceSpec) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return f"<DeviceSpec '{self.to_string()}'>"


def _parse(spec):
    """{field: value} of a device string, with TF's ValueError for an unknown part."""
    fields = {}
    for part in (spec or "").split("/"):
        if not part:
            continue
        kv = part.split(":")
        key = kv[0]
        if len(kv) == 2 and key in ("job", "replica", "task"):
            fields[key] = kv[1] if key == "job" else int(kv[1])
        elif len(kv) <= 2 and key.upper() in ("CPU", "GPU"):  # '/cpu:0', 'GPU'
            fields["device_type"] = key.upper()
            fields["device_index"] = None if len(kv) == 1 or kv[1] == "*" else int(kv[1])
        elif len(kv) == 3 and key == "device":
            fields["device_type"] = kv[1]
            fields["device_index"] = None if kv[2] == "*" else int(kv[2])
        else:
            raise ValueError(f"Unknown attribute: '{key}' in '{spec}'")
    return fields


def canonical_name(device):
    """A device string or DeviceSpec as TF writes it ('/cpu:0' -> '/device:CPU:0')."""
    if device is None:
        return ""
    if isinstance(device, DeviceSpec):
        return device.to_string()
    return DeviceSpec.from_string(device).to_string()


def merge_under(inner, outer):
    """The device of an op whose innermost block says `inner`, inside an `outer` block: fields
    the inner one leaves unset come from the outer one (TF 1.x's nesting rule)."""
    if not outer:
        return inner
    return DeviceSpec.from_string(outer).make_merged_spec(DeviceSpec.from_string(inner)).to_string()


def canonical_device_of(result):
    """What a device function returned, as TF takes it: a string kept as written, or a
    DeviceSpec's name; anything else is TF's TypeError."""
    if isinstance(result, DeviceSpec):
        return result.to_string()
    if isinstance(result, bytes):
        return result.decode()
    if not isinstance(result, str):
        raise TypeError(f"Expected binary or unicode string, got {result!r}")
    return result

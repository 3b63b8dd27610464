"""tf.summary."""

from tinytf.ops.summary_ops import (  # noqa: F401
    all_v2_summary_ops,
    audio,
    get_summary_description,
    histogram,
    image,
    merge,
    merge_all,
    scalar,
    tensor_summary,
    text,
)
from tinytf.summary.writer import FileWriter, SessionLog  # noqa: F401
from tinytf.summary.writer_cache import FileWriterCache  # noqa: F401

# TF's proto classes, from TensorBoard's compiled protos on first use: name -> (module, message)
_PROTOS = {
    "Event": ("event_pb2", "Event"),
    "Summary": ("summary_pb2", "Summary"),
    "SummaryDescription": ("summary_pb2", "SummaryDescription"),
    "TaggedRunMetadata": ("event_pb2", "TaggedRunMetadata"),
}


def __getattr__(name):
    if name in _PROTOS:
        from tinytf.platform import protos

        module, message = _PROTOS[name]
        try:
            return getattr(protos.proto_module(module), message)
        except ImportError as e:
            raise AttributeError(
                f"tf.summary.{name} needs the `tensorboard` package: {protos.INSTALL}"
            ) from e
    raise AttributeError(f"module 'tinytf.summary' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_PROTOS))

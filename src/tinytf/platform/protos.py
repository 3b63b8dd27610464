"""TF's protobuf messages as TF 1.15 exposes them (`tf.ConfigProto`, `tf.GraphDef`, ...).

They are TensorBoard's compiled protos (the `tensorboard` extra), imported on first use so that
`import tinytf` does not load them. Without TensorBoard the names are absent (AttributeError with
the install line), never stand-ins.
"""

import importlib

# public name -> (module under tensorboard.compat.proto, message name)
MESSAGES = {
    "AttrValue": ("attr_value_pb2", "AttrValue"),
    "ConfigProto": ("config_pb2", "ConfigProto"),
    "Event": ("event_pb2", "Event"),
    "GPUOptions": ("config_pb2", "GPUOptions"),
    "GraphDef": ("graph_pb2", "GraphDef"),
    "GraphOptions": ("config_pb2", "GraphOptions"),
    "HistogramProto": ("summary_pb2", "HistogramProto"),
    "LogMessage": ("event_pb2", "LogMessage"),
    "MetaGraphDef": ("meta_graph_pb2", "MetaGraphDef"),
    "NameAttrList": ("attr_value_pb2", "NameAttrList"),
    "NodeDef": ("node_def_pb2", "NodeDef"),
    "OptimizerOptions": ("config_pb2", "OptimizerOptions"),
    "RunMetadata": ("config_pb2", "RunMetadata"),
    "RunOptions": ("config_pb2", "RunOptions"),
    "SessionLog": ("event_pb2", "SessionLog"),
    "Summary": ("summary_pb2", "Summary"),
    "SummaryMetadata": ("summary_pb2", "SummaryMetadata"),
    "TensorInfo": ("meta_graph_pb2", "TensorInfo"),
}

INSTALL = "pip install 'tinytf[tensorboard]' (or pip install tensorboard)"


def proto_module(name):
    """tensorboard.compat.proto.<name>, or ImportError saying how to install it."""
    try:
        return importlib.import_module(f"tensorboard.compat.proto.{name}")
    except ImportError as e:
        raise ImportError(f"TF protobuf messages need the `tensorboard` package: {INSTALL}") from e


def message(name):
    """The message class TF 1.15 exports as `tf.<name>`; AttributeError when unavailable."""
    module, attr = MESSAGES[name]
    try:
        return getattr(proto_module(module), attr)
    except ImportError as e:
        raise AttributeError(f"tf.{name} needs the `tensorboard` package: {INSTALL}") from e

"""TF's `tensorflow.core.protobuf.saved_object_graph_pb2` (TensorBoard's compiled proto)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tensorboard.compat.proto.saved_object_graph_pb2")

"""TF's `tensorflow.core.protobuf.meta_graph_pb2` (TensorBoard's compiled proto)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tensorboard.compat.proto.meta_graph_pb2")

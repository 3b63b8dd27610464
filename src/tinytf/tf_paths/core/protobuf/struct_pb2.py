"""TF's `tensorflow.core.protobuf.struct_pb2` (TensorBoard's compiled proto)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tensorboard.compat.proto.struct_pb2")

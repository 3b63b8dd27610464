"""TF's `tensorflow.core.protobuf.verifier_config_pb2` (TensorBoard's compiled proto)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tensorboard.compat.proto.verifier_config_pb2")

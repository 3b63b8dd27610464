"""TF's `tensorflow.core.framework.resource_handle_pb2` (TensorBoard's compiled proto)."""

from tinytf.tf_paths import alias

__getattr__, __dir__ = alias(__name__, "tensorboard.compat.proto.resource_handle_pb2")

"""tensorflow.core.protobuf: a package of TF's module paths."""

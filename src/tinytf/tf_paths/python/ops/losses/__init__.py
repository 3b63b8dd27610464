"""tensorflow.python.ops.losses: a package of TF's module paths."""

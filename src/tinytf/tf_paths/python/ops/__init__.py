"""tensorflow.python.ops: a package of TF's module paths."""

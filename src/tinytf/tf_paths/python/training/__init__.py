"""tensorflow.python.training: a package of TF's module paths."""

"""tensorflow.python: a package of TF's module paths."""

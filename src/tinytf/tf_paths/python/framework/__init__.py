"""tensorflow.python.framework: a package of TF's module paths."""

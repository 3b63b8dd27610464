"""tensorflow.python.lib: a package of TF's module paths."""

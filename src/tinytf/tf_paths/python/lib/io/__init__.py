"""tensorflow.python.lib.io: a package of TF's module paths."""

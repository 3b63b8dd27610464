"""tensorflow.python.util: a package of TF's module paths."""

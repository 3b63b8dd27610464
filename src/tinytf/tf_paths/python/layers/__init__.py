"""tensorflow.python.layers: a package of TF's module paths."""

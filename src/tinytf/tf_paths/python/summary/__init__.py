"""tensorflow.python.summary: a package of TF's module paths."""

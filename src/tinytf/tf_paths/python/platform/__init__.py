"""tensorflow.python.platform: a package of TF's module paths."""

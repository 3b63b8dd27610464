"""tensorflow.python.client: a package of TF's module paths."""

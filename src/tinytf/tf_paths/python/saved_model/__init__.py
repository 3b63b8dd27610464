"""tensorflow.python.saved_model: a package of TF's module paths."""

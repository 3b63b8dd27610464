"""tensorflow.python.summary.writer: a package of TF's module paths."""

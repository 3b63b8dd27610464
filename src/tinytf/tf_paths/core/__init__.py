"""tensorflow.core: a package of TF's module paths."""

"""tensorflow.core.framework: a package of TF's module paths."""

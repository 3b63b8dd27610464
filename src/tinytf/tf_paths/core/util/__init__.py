"""tensorflow.core.util: a package of TF's module paths."""

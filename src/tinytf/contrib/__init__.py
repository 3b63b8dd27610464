"""tf.contrib: the few pieces of TF 1.x's contrib that lecture-era code uses."""

from tinytf.contrib import layers  # noqa: F401


def __getattr__(name):  # tf.contrib.seq2seq is imported on first use (`import tinytf` stays fast)
    if name == "seq2seq":
        import importlib

        return importlib.import_module("tinytf.contrib.seq2seq")
    raise AttributeError(f"module 'tinytf.contrib' has no attribute {name!r}")

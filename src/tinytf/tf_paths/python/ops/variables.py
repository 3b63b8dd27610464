"""TF's `tensorflow.python.ops.variables` (the names tinytf has)."""

from tinytf.tf_paths import alias

# TF's Variable is TF 2's (a resource variable); RefVariable's parameters differ
__getattr__, __dir__ = alias(
    __name__,
    "tinytf.ops.variables",
    omit=(
        "RefVariable",
        "Variable",
    ),
)

"""TF's `tensorflow.python.ops.control_flow_ops` (the names tinytf has)."""

from tinytf.tf_paths import alias

# tinytf's are internal, not TF's
__getattr__, __dir__ = alias(
    __name__,
    "tinytf.ops.control_flow_ops",
    "tinytf.ops.cond",
    "tinytf.ops.while_loop",
    "tinytf.ops.case_ops",
    omit=(
        "CondContext",
        "WhileContext",
        "switch",
    ),
)

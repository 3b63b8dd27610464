"""tf.summary."""

from tinytf.ops.summary_ops import histogram, image, merge, merge_all, scalar, text  # noqa: F401
from tinytf.summary.writer import FileWriter, SessionLog  # noqa: F401

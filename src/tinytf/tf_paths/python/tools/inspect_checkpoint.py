"""TF's `tensorflow.python.tools.inspect_checkpoint`."""

from tinytf.tools.inspect_checkpoint import main, print_tensors_in_checkpoint_file  # noqa: F401

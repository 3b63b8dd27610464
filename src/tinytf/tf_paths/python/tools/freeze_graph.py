"""TF's `tensorflow.python.tools.freeze_graph`."""

from tinytf.tools.freeze_graph import freeze_graph, freeze_graph_with_def_protos, main  # noqa: F401

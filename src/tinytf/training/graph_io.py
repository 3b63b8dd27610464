"""tf.train.write_graph."""

import os

from tinytf.platform.fileio import atomic_write


def write_graph(graph_or_graph_def, logdir, name, as_text=True):
    """Writes the GraphDef to logdir/name (text or binary protobuf) atomically; returns the path."""
    graph_def = graph_or_graph_def
    if hasattr(graph_or_graph_def, "as_graph_def"):
        graph_def = graph_or_graph_def.as_graph_def()
    if as_text:
        from google.protobuf import text_format

        data = text_format.MessageToString(graph_def).encode()
    else:
        data = graph_def.SerializeToString()
    os.makedirs(logdir, exist_ok=True)
    path = os.path.join(logdir, name)
    atomic_write(path, data)
    return path

"""tf.summary.FileWriter over TensorBoard's own event-file writer (record format, CRCs)."""

import time
import warnings

from tinytf.framework.graph_io import protos


class FileWriter:
    """Writes Summary protobufs, graphs and session logs to an event file in `logdir`.

    >>> writer = tf.summary.FileWriter("logs", sess.graph)
    >>> writer.add_summary(sess.run(merged), step)
    """

    def __init__(
        self,
        logdir,
        graph=None,
        max_queue=10,
        flush_secs=120,
        graph_def=None,
        filename_suffix=None,
        session=None,
    ):
        p = protos()
        from tensorboard.summary.writer.event_file_writer import EventFileWriter

        self._logdir = str(logdir)
        self._open = lambda: EventFileWriter(
            self._logdir, max_queue, flush_secs, filename_suffix or ""
        )
        self._writer = self._open()
        self._protos = p
        self._closed = False
        self._run_tags = set()
        if graph is not None or graph_def is not None:
            self.add_graph(graph, graph_def=graph_def)
            self.add_meta_graph(_meta_graph(graph, graph_def))  # as TF's constructor does

    def get_logdir(self):
        return self._logdir

    def add_event(self, event):
        """Writes an Event protobuf as it is."""
        if self._closed:  # as TF 1.15: a warning, and nothing written
            warnings.warn(
                "Attempting to use a closed FileWriter. The operation will be a noop unless the "
                "FileWriter is explicitly reopened.",
                stacklevel=2,
            )
            return
        self._writer.add_event(event)

    def _event(self, global_step, **fields):
        event = self._protos.Event(wall_time=time.time(), **fields)
        if global_step is not None:
            event.step = int(global_step)
        self.add_event(event)

    def add_summary(self, summary, global_step=None):
        """Adds a Summary (the bytes a summary op returns, or the protobuf)."""
        if isinstance(summary, (bytes, bytearray)) or hasattr(summary, "item"):
            raw = summary.item() if hasattr(summary, "item") else summary
            summary = self._protos.Summary.FromString(bytes(raw))
        self._event(global_step, summary=summary)

    def add_graph(self, graph, global_step=None, graph_def=None):
        """Adds the graph (a tf.Graph, or a GraphDef) for TensorBoard's Graphs tab."""
        if graph_def is None:
            graph_def = graph if hasattr(graph, "SerializeToString") else graph.as_graph_def()
        self._event(global_step, graph_def=graph_def.SerializeToString())

    def add_meta_graph(self, meta_graph_def, global_step=None):
        """Adds a MetaGraphDef (the graph with its collections and saver)."""
        if type(meta_graph_def).__name__ != "MetaGraphDef":
            raise TypeError(
                f"meta_graph_def must be type MetaGraphDef, saw type: {type(meta_graph_def)}"
            )
        self._event(global_step, meta_graph_def=meta_graph_def.SerializeToString())

    def add_run_metadata(self, run_metadata, tag, global_step=None):
        """Adds the RunMetadata of one traced Session.run (TensorBoard's per-node stats)."""
        if tag in self._run_tags:
            raise ValueError("The provided tag was already used for this event type")
        self._run_tags.add(tag)
        tagged = self._protos.TaggedRunMetadata(
            tag=tag, run_metadata=run_metadata.SerializeToString()
        )
        self._event(global_step, tagged_run_metadata=tagged)

    def add_session_log(self, session_log, global_step=None):
        """Adds a SessionLog (START, STOP, CHECKPOINT)."""
        self._event(global_step, session_log=session_log)

    def flush(self):
        self._writer.flush()

    def close(self):
        if not self._closed:
            self._writer.close()
            self._closed = True

    def reopen(self):
        """After close(): writes on, into a new event file (an open writer stays as it is)."""
        if self._closed:
            self._writer = self._open()
            self._closed = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _meta_graph(graph, graph_def):
    """TF's create_meta_graph_def of the constructor's graph (a tf.Graph or a GraphDef)."""
    from tinytf.training.meta_graph import export_meta_graph

    if graph is not None and not hasattr(graph, "SerializeToString"):
        return export_meta_graph(graph=graph, graph_def=graph_def)
    return export_meta_graph(graph_def=graph_def if graph_def is not None else graph)


def SessionLog(status=None, msg="", checkpoint_path=""):  # noqa: N802 - TF's name
    """A tensorboard SessionLog protobuf (status: SessionLog.START, STOP, CHECKPOINT)."""
    p = protos()
    return p.SessionLog(
        status=status or p.SessionLog.START, msg=msg, checkpoint_path=checkpoint_path
    )

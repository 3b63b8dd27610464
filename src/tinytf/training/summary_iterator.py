"""tf.train.summary_iterator: the Event protos of an event file, in the order written."""

from tinytf.platform import protos
from tinytf.platform.tf_record import tf_record_iterator


def summary_iterator(path):
    """Yields the `Event` protocol buffers of the event file at `path`."""
    event = protos.message("Event")
    for record in tf_record_iterator(path):
        yield event.FromString(record)
